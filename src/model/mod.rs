//! The mixed-integer program, built from a [`Scenario`] in small `define_*` steps.
//!
//! This module and [`crate::solve`] are the only ones that know good_lp. The
//! formulation, with the meaning of each term, is written out in `docs/src/model.md`;
//! the functions here follow it in the same order: variables, then each
//! constraint family, then the objective.

mod elastic;
pub mod file;
mod funding;
pub(crate) mod goal;
mod label;
mod repair;
pub(crate) mod robust;
mod robust_share;

pub(crate) use elastic::{build_elastic, chosen_relaxations, Kind, Relaxation};
use funding::define_fairness;
pub(crate) use funding::{define_funding, define_money_variables, money_unit, Pay};
pub use goal::{Diverse, Term, TermGoal};
use repair::{define_change_limit, define_lead_shortfall, define_shortfall_penalty};

use good_lp::{constraint, variable, Constraint, Expression, ProblemVariables, Variable};

use crate::scenario::{Funding, Scenario};
pub(crate) use label::{Col, Row};

/// A variable and its column index (good_lp keeps indices private).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Var {
    pub v: Variable,
    pub col: usize,
}

/// Extra conditions on one solve: used by the explainer and by callers.
#[derive(Clone, Debug, Default)]
pub struct Restrictions {
    /// `(country, task, lead)`: force `x[country][task]` to 1 (lead) or 0. A fix
    /// never overrides the sensitivity rule or a pin: one that contradicts them
    /// makes the solve infeasible.
    pub fixes: Vec<(usize, usize, bool)>,
    /// Plans to exclude (each a list of `(country, task)` leads): no-good cuts.
    pub exclude: Vec<Vec<(usize, usize)>>,
    /// Best-effort mode: with `Some(p)`, a required task may get fewer leads than it needs,
    /// at a penalty of `p` per task left wholly without leads, in proportion for a
    /// task left short of some (`docs/src/model.md`, "Lead shortfall").
    pub shortfall_penalty: Option<f64>,
    /// Replanning: a baseline's leads and how far the plan may move from them
    /// (`docs/src/model.md`, "Change limit").
    pub baseline: Option<Baseline>,
    /// Model money as it is (unit 1) rather than in [`money_unit`]s: the retry when
    /// a scaled model's plan fails the check in money (small costs lost below the
    /// solver's tolerance).
    pub unscaled_money: bool,
    /// Replace the weighted objective by a combination of its terms, with bounds
    /// on terms (`leadplan pareto`, `alternatives --diverse`; see [`TermGoal`]).
    pub goal: Option<TermGoal>,
    /// Diversity: maximise the distance in leads from plans already found,
    /// keeping the objective above a floor (`alternatives --diverse`; see [`Diverse`]).
    pub diverse: Option<Diverse>,
}

/// A baseline plan's leads and the limit on moving away from them.
#[derive(Clone, Debug, PartialEq)]
pub struct Baseline {
    /// The baseline's leads as `(country, task)` pairs.
    pub leads: Vec<(usize, usize)>,
    /// How changes are limited.
    pub limit: ChangeLimit,
}

/// How a replan may change a baseline. A change is one baseline lead
/// `(country, task)` that the new plan drops.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ChangeLimit {
    /// At most this many baseline leads dropped.
    AtMost(usize),
    /// Each dropped baseline lead costs this much objective.
    Penalty(f64),
}

/// Which objective terms the model carries.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Terms {
    pub money: bool,
}

/// A built model, ready for a solver.
pub(crate) struct Model {
    pub vars: ProblemVariables,
    pub n_cols: usize,
    /// `x[t][i]`: country i leads task t; `None` where it cannot.
    pub x: Vec<Vec<Option<Var>>>,
    /// `y[t]`: optional task t is led (absent for required tasks, which always are).
    pub y: Vec<Option<Var>>,
    /// `money[t][i]`: what i pays for t; `None` where it cannot pay.
    pub money: Option<Vec<Vec<Option<Pay>>>>,
    /// Money per model unit of the money variables (see `funding::money_unit`).
    pub money_unit: f64,
    pub objective: Expression,
    pub maximise: bool,
    pub constraints: Vec<Constraint>,
    /// Objective coefficients are integers on binaries only: a gap below 1 proves optimality.
    pub integral_objective: bool,
    /// Relaxations (elastic models only).
    pub relax: Vec<Relaxation>,
    /// What each column stands for, in column order.
    pub cols: Vec<Col>,
    /// What each row stands for, in the order of `constraints`.
    pub rows: Vec<Row>,
}

/// Reads a plan's leads and payments from a solution's column values, so that
/// column indices never leave this module and the solve module.
pub(crate) struct PlanReader {
    x: Vec<Vec<Option<usize>>>,
    money: Option<Vec<Vec<Option<Pay>>>>,
    unit: f64,
}

impl PlanReader {
    /// Per task, the countries that lead it (in country order).
    pub fn leads(&self, values: &[f64]) -> Vec<Vec<usize>> {
        self.x
            .iter()
            .map(|row| {
                (0..row.len())
                    .filter(|&i| row[i].is_some_and(|c| values[c] > 0.5))
                    .collect()
            })
            .collect()
    }

    /// Per task and country, what the country pays (in money, not model units);
    /// `None` when the model has no money variables.
    pub fn money(&self, values: &[f64]) -> Option<Vec<Vec<f64>>> {
        self.money.as_ref().map(|mc| {
            mc.iter()
                .map(|row| {
                    row.iter()
                        .map(|p| p.map_or(0.0, |p| p.value(values, self.unit)))
                        .collect()
                })
                .collect()
        })
    }
}

impl Model {
    /// What reads this model's plan back from a solution.
    pub fn reader(&self) -> PlanReader {
        PlanReader {
            x: self
                .x
                .iter()
                .map(|row| row.iter().map(|v| v.map(|v| v.col)).collect())
                .collect(),
            money: self.money.clone(),
            unit: self.money_unit,
        }
    }

    fn new(maximise: bool) -> Self {
        Model {
            vars: ProblemVariables::new(),
            n_cols: 0,
            x: Vec::new(),
            y: Vec::new(),
            money: None,
            money_unit: 1.0,
            objective: Expression::from(0.0),
            maximise,
            constraints: Vec::new(),
            integral_objective: false,
            relax: Vec::new(),
            cols: Vec::new(),
            rows: Vec::new(),
        }
    }

    pub(crate) fn add(&mut self, def: good_lp::VariableDefinition) -> Var {
        self.add_as(def, Col::Aux)
    }

    /// Adds a column labelled with what it stands for.
    pub(crate) fn add_as(&mut self, def: good_lp::VariableDefinition, col: Col) -> Var {
        let v = self.vars.add(def);
        self.cols.push(col);
        self.n_cols += 1;
        Var {
            v,
            col: self.n_cols - 1,
        }
    }

    /// Adds a row labelled with what it stands for.
    pub(crate) fn push(&mut self, row: Row, c: Constraint) {
        self.constraints.push(c);
        self.rows.push(row);
    }

    /// Sum of the lead variables of country `i` over tasks `ts`.
    pub(crate) fn leads_of(&self, i: usize, ts: impl Iterator<Item = usize>) -> Expression {
        ts.filter_map(|t| self.x[t][i])
            .map(|x| Expression::from(x.v))
            .sum()
    }
}

/// Whether the scenario needs explicit money variables (cost shares).
pub(crate) fn terms_of(s: &Scenario) -> Terms {
    let money = s.countries.iter().any(|c| c.budget.is_some())
        || (s.policy.weights.fairness > 0.0 && s.countries.len() > 1)
        || s.policy.funding == Funding::All;
    Terms { money }
}

/// What the rules say about `x[t][i]` before optimisation.
pub(crate) enum Allowed {
    /// Free binary.
    Free,
    /// Fixed to this value (pin, ban, or an explainer's fix).
    Fixed(bool),
    /// A `lead = true` pin on a pair the sensitivity rule bans: no plan exists.
    Conflict,
}

/// Whether country `i` may lead task `t` at all: the sensitivity rule and pins
/// first, then a caller's fix. A fix never overrides a ban or a pin: one that
/// contradicts them is a [`Allowed::Conflict`], so the solve is infeasible.
pub(crate) fn allowed(s: &Scenario, r: &Restrictions, i: usize, t: usize) -> Allowed {
    let rule = scenario_rule(s, i, t);
    let Some(&(_, _, lead)) = r.fixes.iter().find(|f| f.0 == i && f.1 == t) else {
        return rule;
    };
    match rule {
        Allowed::Free => Allowed::Fixed(lead),
        Allowed::Fixed(v) if v == lead => rule,
        Allowed::Fixed(_) | Allowed::Conflict => Allowed::Conflict,
    }
}

/// What the scenario alone (sensitivity rule, pins) says about `x[t][i]`.
fn scenario_rule(s: &Scenario, i: usize, t: usize) -> Allowed {
    let banned = !s.sensitivity_allows(i, t);
    match s.policy.pins.iter().find(|p| p.country == i && p.task == t) {
        Some(p) if p.lead && banned => Allowed::Conflict,
        Some(p) => Allowed::Fixed(p.lead),
        None if banned => Allowed::Fixed(false),
        None => Allowed::Free,
    }
}

/// Builds the planning model: maximise the weighted objective of `docs/src/model.md`.
pub(crate) fn build(s: &Scenario, r: &Restrictions) -> Model {
    let mut m = Model::new(true);
    define_lead_variables(&mut m, s, r);
    define_optional_variables(&mut m, s);
    let terms = terms_of(s);
    if terms.money {
        let unit = if r.unscaled_money { 1.0 } else { money_unit(s) };
        funding::define_money_variables_in(&mut m, s, unit);
    }
    let shortfall = match r.shortfall_penalty {
        Some(_) => define_lead_shortfall(&mut m, s),
        None => {
            define_leads_per_task(&mut m, s, None);
            Vec::new()
        }
    };
    define_capacity(&mut m, s, None);
    define_leads_per_country(&mut m, s, None);
    define_leads_per_domain(&mut m, s, None);
    if terms.money {
        define_funding(&mut m, s, None);
    }
    define_exclusions(&mut m, r);
    define_objective(&mut m, s, terms);
    if let Some(g) = &r.goal {
        goal::define_goal(&mut m, s, g);
    }
    if let Some(d) = &r.diverse {
        goal::define_diversity(&mut m, d);
    }
    if let Some(p) = r.shortfall_penalty {
        define_shortfall_penalty(&mut m, s, &shortfall, p);
    }
    if let Some(b) = &r.baseline {
        define_change_limit(&mut m, b);
    }
    m
}

/// `y[t]` binary for optional tasks: whether the task is led at all.
pub(crate) fn define_optional_variables(m: &mut Model, s: &Scenario) {
    m.y = s
        .tasks
        .iter()
        .enumerate()
        .map(|(k, t)| {
            t.optional
                .then(|| m.add_as(variable().binary(), Col::Taken(k)))
        })
        .collect();
}

/// `x[t][i]` binary; fixed to 1 where pinned, absent where it must be 0.
pub(crate) fn define_lead_variables(m: &mut Model, s: &Scenario, r: &Restrictions) {
    m.x = (0..s.tasks.len())
        .map(|t| {
            (0..s.countries.len())
                .map(|i| match allowed(s, r, i, t) {
                    Allowed::Fixed(false) => None,
                    Allowed::Fixed(true) => {
                        Some(m.add_as(variable().binary().min(1.0), Col::Lead(t, i)))
                    }
                    Allowed::Free => Some(m.add_as(variable().binary(), Col::Lead(t, i))),
                    Allowed::Conflict => {
                        let x = m.add_as(variable().binary().min(1.0), Col::Lead(t, i));
                        m.push(Row::PinAgainstBan(i, t), constraint!(x.v <= 0.0));
                        Some(x)
                    }
                })
                .collect()
        })
        .collect();
}

/// Relaxation hook: `slack(kind)` returns an expression added to the constraint's
/// loose side (elastic models) or nothing (hard models).
pub(crate) type Slack<'a> = Option<&'a mut dyn FnMut(&mut Model, elastic::Kind, f64) -> Expression>;

fn slack_expr(m: &mut Model, slack: &mut Slack, kind: elastic::Kind, big_m: f64) -> Expression {
    match slack {
        Some(f) => f(m, kind, big_m),
        None => Expression::from(0.0),
    }
}

/// Every task gets exactly `leads` leads; an optional task gets `leads` or none.
pub(crate) fn define_leads_per_task(m: &mut Model, s: &Scenario, mut slack: Slack) {
    for (t, task) in s.tasks.iter().enumerate() {
        let sum: Expression = m.x[t].iter().flatten().map(|x| Expression::from(x.v)).sum();
        let l = task.leads as f64;
        if let Some(y) = m.y.get(t).copied().flatten() {
            m.push(Row::TaskLeads(t), constraint!(sum == l * y.v));
            continue;
        }
        let sl = slack_expr(m, &mut slack, elastic::Kind::TaskLeads(t), l);
        m.push(Row::TaskLeads(t), constraint!(sum + sl == l));
    }
}

/// Effort of the tasks a country leads stays within its capacity.
pub(crate) fn define_capacity(m: &mut Model, s: &Scenario, mut slack: Slack) {
    for (i, c) in s.countries.iter().enumerate() {
        let used: Expression = (0..s.tasks.len())
            .filter_map(|t| m.x[t][i].map(|x| s.tasks[t].effort[i] * x.v))
            .sum();
        let total: f64 = s.tasks.iter().map(|t| t.effort[i]).sum();
        if total <= c.capacity {
            continue; // never binding
        }
        // Whole efforts on binaries use a whole amount: rounding the capacity down
        // keeps every integer plan and tightens the LP relaxation (hard models only).
        let whole = slack.is_none() && s.tasks.iter().all(|t| t.effort[i].fract() == 0.0);
        let cap = if whole {
            c.capacity.floor()
        } else {
            c.capacity
        };
        let sl = slack_expr(
            m,
            &mut slack,
            elastic::Kind::Capacity(i),
            total - c.capacity,
        );
        m.push(Row::Capacity(i), constraint!(used <= cap + sl));
    }
}

/// Minimum and maximum numbers of tasks led per country.
pub(crate) fn define_leads_per_country(m: &mut Model, s: &Scenario, mut slack: Slack) {
    let n = s.tasks.len();
    for i in 0..s.countries.len() {
        let lo = s.min_leads_of(i);
        if lo > 0 {
            let sum = m.leads_of(i, 0..n);
            let sl = slack_expr(m, &mut slack, elastic::Kind::MinLeads(i), lo as f64);
            m.push(Row::MinLeads(i), constraint!(sum + sl >= lo as f64));
        }
        if let Some(hi) = s.max_leads_of(i).filter(|hi| *hi < n) {
            let sum = m.leads_of(i, 0..n);
            let sl = slack_expr(m, &mut slack, elastic::Kind::MaxLeads(i), (n - hi) as f64);
            m.push(Row::MaxLeads(i), constraint!(sum <= hi as f64 + sl));
        }
    }
}

/// At most `max_leads_per_domain` tasks of one domain per country.
pub(crate) fn define_leads_per_domain(m: &mut Model, s: &Scenario, mut slack: Slack) {
    let Some(hi) = s.policy.max_per_domain else {
        return;
    };
    for (d, domain) in s.domains().iter().enumerate() {
        let ts: Vec<usize> = (0..s.tasks.len())
            .filter(|t| &s.tasks[*t].domain == domain)
            .collect();
        if ts.len() <= hi {
            continue;
        }
        for i in 0..s.countries.len() {
            let sum = m.leads_of(i, ts.iter().copied());
            let sl = slack_expr(
                m,
                &mut slack,
                elastic::Kind::Domain(i, d),
                (ts.len() - hi) as f64,
            );
            m.push(Row::Domain(i, d), constraint!(sum <= hi as f64 + sl));
        }
    }
}

/// No-good cuts: each excluded plan may not be chosen again, and only that plan.
///
/// The full 0/1 cut `Σ_{(i,t) ∈ P} (1 − x_it) + Σ_{(i,t) ∉ P} x_it ≥ 1` over every
/// lead variable: a plan that adds leads to `P` (an optional task taken up) or
/// drops some (an optional task left out) stays allowed. `y_t` needs no term of its
/// own: it is `Σ_i x_it / L_t`, so two plans with the same leads have the same `y`.
pub(crate) fn define_exclusions(m: &mut Model, r: &Restrictions) {
    for (k, plan) in r.exclude.iter().enumerate() {
        let mut flips = Expression::from(0.0);
        let mut inside = 0.0;
        for (t, row) in m.x.iter().enumerate() {
            for (i, x) in row.iter().enumerate() {
                let Some(x) = x else { continue };
                if plan.contains(&(i, t)) {
                    inside += 1.0;
                    flips -= x.v;
                } else {
                    flips += x.v;
                }
            }
        }
        m.push(Row::Exclusion(k), constraint!(flips + inside >= 1.0));
    }
}

/// The weighted objective: fit, minus cost, sensitivity excess and unfairness.
pub(crate) fn define_objective(m: &mut Model, s: &Scenario, terms: Terms) {
    let w = s.policy.weights;
    let mut obj = Expression::from(0.0);
    let mut integral = true;
    for (t, task) in s.tasks.iter().enumerate() {
        let l = task.leads as f64;
        for i in 0..s.countries.len() {
            let Some(x) = m.x[t][i] else { continue };
            let coef = w.fit * task.importance * task.fit[i] / l
                - w.cost * task.cost[i] / l
                - w.sensitivity * task.importance * s.sensitivity_excess(i, t);
            integral &= coef.fract() == 0.0;
            if coef != 0.0 {
                obj += coef * x.v;
            }
        }
    }
    if terms.money && w.fairness > 0.0 {
        integral = false;
        obj -= define_fairness(m, s) * w.fairness;
    }
    m.integral_objective = integral;
    m.objective = obj;
}
