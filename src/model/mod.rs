//! The mixed-integer program, built from a [`Scenario`] in small `define_*` steps.
//!
//! This module and [`crate::solve`] are the only ones that know good_lp. The
//! formulation, with the meaning of each term, is written out in `docs/MODEL.md`;
//! the functions here follow it in the same order: variables, then each
//! constraint family, then the objective.

mod elastic;

pub(crate) use elastic::{build_elastic, Kind, Relaxation};

use good_lp::{constraint, variable, Constraint, Expression, ProblemVariables, Variable};

use crate::scenario::{Funding, Scenario};

/// A variable and its column index (good_lp keeps indices private).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Var {
    pub v: Variable,
    pub col: usize,
}

/// Extra conditions on one solve: used by the explainer and by callers.
#[derive(Clone, Debug, Default)]
pub struct Restrictions {
    /// `(country, task, lead)`: force `x[country][task]` to 1 (lead) or 0.
    pub fixes: Vec<(usize, usize, bool)>,
    /// Plans to exclude (each a list of `(country, task)` leads): no-good cuts.
    pub exclude: Vec<Vec<(usize, usize)>>,
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
    /// `money[t][i]`: money i pays for t; `None` where it cannot pay.
    pub money: Option<Vec<Vec<Option<Var>>>>,
    pub objective: Expression,
    pub maximise: bool,
    pub constraints: Vec<Constraint>,
    /// Objective coefficients are integers on binaries only: a gap below 1 proves optimality.
    pub integral_objective: bool,
    /// Relaxations (elastic models only).
    pub relax: Vec<Relaxation>,
}

impl Model {
    fn new(maximise: bool) -> Self {
        Model {
            vars: ProblemVariables::new(),
            n_cols: 0,
            x: Vec::new(),
            money: None,
            objective: Expression::from(0.0),
            maximise,
            constraints: Vec::new(),
            integral_objective: false,
            relax: Vec::new(),
        }
    }

    pub(crate) fn add(&mut self, def: good_lp::VariableDefinition) -> Var {
        let v = self.vars.add(def);
        self.n_cols += 1;
        Var { v, col: self.n_cols - 1 }
    }

    /// Sum of the lead variables of country `i` over tasks `ts`.
    pub(crate) fn leads_of(&self, i: usize, ts: impl Iterator<Item = usize>) -> Expression {
        ts.filter_map(|t| self.x[t][i]).map(|x| Expression::from(x.v)).sum()
    }
}

/// Whether the scenario needs explicit money variables (cost shares).
pub(crate) fn terms_of(s: &Scenario) -> Terms {
    let money = s.countries.iter().any(|c| c.budget.is_some())
        || (s.policy.weights.fairness > 0.0 && s.countries.len() > 1)
        || s.policy.funding == Funding::All;
    Terms { money }
}

/// Whether country `i` may lead task `t` at all (sensitivity rule, pins, fixes).
fn allowed(s: &Scenario, r: &Restrictions, i: usize, t: usize) -> Option<bool> {
    if let Some(&(_, _, lead)) = r.fixes.iter().find(|f| f.0 == i && f.1 == t) {
        return Some(lead);
    }
    if let Some(p) = s.policy.pins.iter().find(|p| p.country == i && p.task == t) {
        return Some(p.lead);
    }
    if !s.sensitivity_allows(i, t) {
        return Some(false);
    }
    None
}

/// Builds the planning model: maximise the weighted objective of `docs/MODEL.md`.
pub(crate) fn build(s: &Scenario, r: &Restrictions) -> Model {
    let mut m = Model::new(true);
    define_lead_variables(&mut m, s, r);
    let terms = terms_of(s);
    if terms.money {
        define_money_variables(&mut m, s);
    }
    define_leads_per_task(&mut m, s, None);
    define_capacity(&mut m, s, None);
    define_leads_per_country(&mut m, s, None);
    define_leads_per_domain(&mut m, s, None);
    if terms.money {
        define_funding(&mut m, s, None);
    }
    define_exclusions(&mut m, r);
    define_objective(&mut m, s, terms);
    m
}

/// `x[t][i]` binary; fixed to 1 where pinned, absent where it must be 0.
pub(crate) fn define_lead_variables(m: &mut Model, s: &Scenario, r: &Restrictions) {
    m.x = (0..s.tasks.len())
        .map(|t| {
            (0..s.countries.len())
                .map(|i| match allowed(s, r, i, t) {
                    Some(false) => None,
                    Some(true) => Some(m.add(variable().binary().min(1.0))),
                    None => Some(m.add(variable().binary())),
                })
                .collect()
        })
        .collect();
}

/// Whether task t's payments are fixed by its leads: under `funding = "leads"` a
/// task with one lead is paid in full by that lead, `money[t][i] = cost[t][i] * x[t][i]`,
/// so it needs no money variables (the solver's money LP shrinks; the optimum is the same).
pub(crate) fn sole_lead_pays(s: &Scenario, t: usize) -> bool {
    s.policy.funding == Funding::Leads && s.tasks[t].leads == 1
}

/// What country i pays towards task t: its money variable, or `cost * x` where
/// [`sole_lead_pays`], or nothing.
pub(crate) fn paid_by(m: &Model, s: &Scenario, money: &[Vec<Option<Var>>], t: usize, i: usize) -> Option<Expression> {
    match (money[t][i], m.x[t][i]) {
        (Some(v), _) => Some(Expression::from(v.v)),
        (None, Some(x)) if sole_lead_pays(s, t) => Some(s.tasks[t].cost[i] * x.v),
        _ => None,
    }
}

/// `money[t][i] >= 0`: what country i pays towards task t (none where [`sole_lead_pays`]).
pub(crate) fn define_money_variables(m: &mut Model, s: &Scenario) {
    let all = s.policy.funding == Funding::All;
    let money = (0..s.tasks.len())
        .map(|t| {
            (0..s.countries.len())
                .map(|i| (all || (m.x[t][i].is_some() && !sole_lead_pays(s, t))).then(|| m.add(variable().min(0.0))))
                .collect()
        })
        .collect();
    m.money = Some(money);
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

/// Every task gets exactly `leads` leads.
pub(crate) fn define_leads_per_task(m: &mut Model, s: &Scenario, mut slack: Slack) {
    for (t, task) in s.tasks.iter().enumerate() {
        let sum: Expression = m.x[t].iter().flatten().map(|x| Expression::from(x.v)).sum();
        let sl = slack_expr(m, &mut slack, elastic::Kind::TaskLeads(t), task.leads as f64);
        m.constraints.push(constraint!(sum + sl == task.leads as f64));
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
        let cap = if whole { c.capacity.floor() } else { c.capacity };
        let sl = slack_expr(m, &mut slack, elastic::Kind::Capacity(i), total - c.capacity);
        m.constraints.push(constraint!(used <= cap + sl));
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
            m.constraints.push(constraint!(sum + sl >= lo as f64));
        }
        if let Some(hi) = s.max_leads_of(i).filter(|hi| *hi < n) {
            let sum = m.leads_of(i, 0..n);
            let sl = slack_expr(m, &mut slack, elastic::Kind::MaxLeads(i), (n - hi) as f64);
            m.constraints.push(constraint!(sum <= hi as f64 + sl));
        }
    }
}

/// At most `max_leads_per_domain` tasks of one domain per country.
pub(crate) fn define_leads_per_domain(m: &mut Model, s: &Scenario, mut slack: Slack) {
    let Some(hi) = s.policy.max_per_domain else { return };
    for (d, domain) in s.domains().iter().enumerate() {
        let ts: Vec<usize> = (0..s.tasks.len()).filter(|t| &s.tasks[*t].domain == domain).collect();
        if ts.len() <= hi {
            continue;
        }
        for i in 0..s.countries.len() {
            let sum = m.leads_of(i, ts.iter().copied());
            let sl = slack_expr(m, &mut slack, elastic::Kind::Domain(i, d), (ts.len() - hi) as f64);
            m.constraints.push(constraint!(sum <= hi as f64 + sl));
        }
    }
}

/// The realised cost of task t: the mean of its leads' costs (an expression).
pub(crate) fn task_cost(m: &Model, s: &Scenario, t: usize) -> Expression {
    let task = &s.tasks[t];
    (0..s.countries.len())
        .filter_map(|i| m.x[t][i].map(|x| (task.cost[i] / task.leads as f64) * x.v))
        .sum()
}

/// Money covers each task's cost; leads carry their minimum share; budgets hold.
pub(crate) fn define_funding(m: &mut Model, s: &Scenario, mut slack: Slack) {
    let money = m.money.clone().expect("money variables defined");
    let sigma = s.policy.min_share;
    for (t, task) in s.tasks.iter().enumerate() {
        if sole_lead_pays(s, t) {
            continue; // paid in full by its lead: every funding row holds identically
        }
        let c_max = task.cost.iter().copied().fold(0.0, f64::max);
        let paid: Expression = money[t].iter().flatten().map(|v| Expression::from(v.v)).sum();
        let cost = task_cost(m, s, t);
        m.constraints.push(constraint!(paid == cost.clone()));
        for i in 0..s.countries.len() {
            let (Some(x), Some(pay)) = (m.x[t][i], money[t][i]) else { continue };
            if s.policy.funding == Funding::Leads {
                m.constraints.push(constraint!(pay.v <= c_max * x.v));
            }
            if sigma > 0.0 {
                // pay >= sigma * cost - sigma * c_max * (1 - x)
                m.constraints.push(constraint!(pay.v - sigma * cost.clone() - sigma * c_max * x.v >= -sigma * c_max));
            }
        }
    }
    for (i, c) in s.countries.iter().enumerate() {
        let Some(budget) = c.budget else { continue };
        let spent: Expression = (0..s.tasks.len()).filter_map(|t| paid_by(m, s, &money, t, i)).sum();
        let worst: f64 = s.tasks.iter().map(|t| t.cost.iter().copied().fold(0.0, f64::max)).sum();
        if worst <= budget {
            continue;
        }
        let sl = slack_expr(m, &mut slack, elastic::Kind::Budget(i), worst - budget);
        m.constraints.push(constraint!(spent <= budget + sl));
    }
}

/// No-good cuts: each excluded plan may not be chosen again.
pub(crate) fn define_exclusions(m: &mut Model, r: &Restrictions) {
    for plan in &r.exclude {
        // sum of chosen leads' x minus the others' x <= |plan| - 1 only excludes the
        // exact lead set when every task keeps its lead count; that holds here.
        let chosen: Expression = plan
            .iter()
            .filter_map(|&(i, t)| m.x.get(t).and_then(|row| row[i]))
            .map(|x| Expression::from(x.v))
            .sum();
        m.constraints.push(constraint!(chosen <= plan.len() as f64 - 1.0));
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

/// Deviation of each country's spending from its fair share of the total:
/// `d_i >= |spent_i - f_i * total|`; returns `sum_i d_i`.
fn define_fairness(m: &mut Model, s: &Scenario) -> Expression {
    let money = m.money.clone().expect("money variables defined");
    let shares = s.fair_shares();
    let total: Expression = (0..s.tasks.len()).map(|t| task_cost(m, s, t)).sum();
    let mut sum = Expression::from(0.0);
    for (i, f) in shares.iter().enumerate() {
        let d = m.add(variable().min(0.0));
        let spent: Expression = (0..s.tasks.len()).filter_map(|t| paid_by(m, s, &money, t, i)).sum();
        m.constraints.push(constraint!(d.v >= spent.clone() - *f * total.clone()));
        m.constraints.push(constraint!(d.v >= *f * total.clone() - spent));
        sum += d.v;
    }
    sum
}
