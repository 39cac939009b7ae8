//! Whole models, built from a [`Scenario`]: the planning model ([`build`]),
//! the elastic model that explains infeasibility, the robust models, goals
//! and repairs.
//!
//! The rows of each family of limits are the rule book's ([`crate::rules`]);
//! this module chooses the columns (lead, optional, money), the families'
//! relaxations, the caller's restrictions and the objective. The formulation,
//! with the meaning of each term, is written out in `docs/src/model.md`.

mod elastic;
pub mod file;
mod funding;
pub(crate) mod goal;
pub(crate) mod horizon;
mod repair;
pub(crate) mod robust;
mod robust_share;

pub(crate) use crate::milp::{money_unit, sig12, Col, Model, Row, Var};
pub(crate) use elastic::{build_elastic, chosen_relaxations, edit_count, ElasticGoal};
use funding::{define_fairness, define_fairness_in_units};
pub use goal::{Diverse, Term, TermGoal};
use repair::{define_change_limit, define_shortfall_penalty};

use good_lp::{constraint, variable, Expression};

use crate::rules::{self, Allowed, Family};
use crate::scenario::Scenario;

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

/// What a caller's restrictions say about `x[t][i]`: its fix, if any.
fn fix_of(r: &Restrictions, i: usize, t: usize) -> Option<bool> {
    r.fixes.iter().find(|f| f.0 == i && f.1 == t).map(|f| f.2)
}

/// Whether country `i` may lead task `t` at all: the rules first (bans,
/// pins), then a caller's fix. A fix never overrides a ban or a pin: one that
/// contradicts them is a [`Allowed::Conflict`], so the solve is infeasible.
pub(crate) fn allowed(s: &Scenario, r: &Restrictions, i: usize, t: usize) -> Allowed {
    rules::allowed(s, fix_of(r, i, t), i, t)
}

/// Builds the robust model over `futures` (same countries and tasks, in the
/// same order): the plan holds in every future, or in futures of the
/// spec's feasible share.
pub(crate) fn build_robust(futures: &[Scenario], spec: &robust::RobustSpec) -> Model {
    match spec.feasible_share {
        Some(p) => robust_share::build_share(futures, spec, p),
        None => robust::build_every(futures, spec),
    }
}

/// One scenario's money columns, rows and objective on the model's current
/// lead and optional columns (one future of a robust model, one node of a
/// tree): its objective, and whether its coefficients are whole numbers on
/// binaries only.
pub(crate) fn define_copy(m: &mut Model, s: &Scenario) -> (Expression, bool) {
    let money = rules::needs_money(s);
    m.money = None;
    if money {
        rules::define_money_variables(m, s);
    }
    rules::define_rows(m, s, &mut None);
    define_objective(m, s, money);
    let objective = std::mem::replace(&mut m.objective, Expression::from(0.0));
    (objective, m.integral_objective)
}

/// Builds the planning model: maximise the weighted objective of `docs/src/model.md`.
pub(crate) fn build(s: &Scenario, r: &Restrictions) -> Model {
    let mut m = Model::new(true);
    define_lead_variables(&mut m, s, r);
    define_optional_variables(&mut m, s);
    let money = rules::needs_money(s);
    if money {
        let unit = if r.unscaled_money { 1.0 } else { money_unit(s) };
        rules::define_money_variables_in(&mut m, s, unit);
    }
    let shortfall = match r.shortfall_penalty {
        Some(_) => rules::task_leads::define_shortfall(&mut m, s),
        None => Vec::new(),
    };
    let best_effort = r.shortfall_penalty.is_some();
    rules::define_rows_of(&mut m, s, &mut None, |f| {
        !(best_effort && f == Family::TaskLeads)
    });
    define_exclusions(&mut m, r);
    define_objective(&mut m, s, money);
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

/// `x[t][i]`'s coefficient in the weighted objective (fit, minus cost and
/// sensitivity excess), rounded to 12 significant digits so that money written
/// in another unit (costs times a power of ten, the cost weight divided by it)
/// gives the same model.
pub(crate) fn objective_coefficient(s: &Scenario, i: usize, t: usize) -> f64 {
    let w = s.policy.weights;
    let task = &s.tasks[t];
    let l = task.leads as f64;
    sig12(
        w.fit * task.importance * task.fit[i] / l
            - w.cost * task.cost[i] / l
            - w.sensitivity * task.importance * s.sensitivity_excess(i, t),
    )
}

/// The weighted objective: fit, minus cost, sensitivity excess and unfairness.
pub(crate) fn define_objective(m: &mut Model, s: &Scenario, money: bool) {
    let w = s.policy.weights;
    let mut obj = Expression::from(0.0);
    let mut integral = true;
    for t in 0..s.tasks.len() {
        for i in 0..s.countries.len() {
            let Some(x) = m.x[t][i] else { continue };
            let coef = objective_coefficient(s, i, t);
            integral &= coef.fract() == 0.0;
            if coef != 0.0 {
                obj += coef * x.v;
            }
        }
    }
    if money && w.fairness > 0.0 {
        integral = false;
        // per model unit, rounded: the same for every unit money is written in
        obj -= define_fairness_in_units(m, s) * sig12(w.fairness * m.money_unit);
    }
    m.integral_objective = integral;
    m.objective = obj;
}
