//! One MILP over several futures with shared lead variables: the robust plan.
//!
//! A plan chosen before a change of government must hold in every future a
//! planner considers. The futures are scenarios with the same countries and
//! tasks; the lead variables are shared, and each future brings its own money
//! variables, its own copy of every constraint family, and its own objective
//! `O_k`. The model maximises the worst `O_k` (through `z ≤ O_k`), their
//! weighted mean, minus the largest regret (`r ≥ O*_k − O_k`, with `O*_k` the
//! future's own optimum), or the weighted share of futures where `O_k` reaches a
//! threshold (a binary `s_k` per future, `O_k ≥ θ_k − (θ_k − lo_k)(1 − s_k)`).
//! With a feasible share, each future also gets a binary `u_k` that relaxes its
//! rows ([`super::robust_share`]). `docs/src/model.md`, "Robust plans", writes it out.

use good_lp::{constraint, variable, Expression};

use super::{allowed, objective_coefficient, Model, Restrictions, Var};
use crate::rules::{self, Allowed};
use crate::scenario::Scenario;

/// What the robust model maximises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RobustGoal {
    /// The lowest objective over the futures.
    Worst,
    /// The weighted mean objective over the futures.
    Mean,
    /// Minus the largest regret (a future's own optimum minus the plan's objective there).
    Regret,
    /// The weighted share of futures where the plan reaches the future's threshold.
    Satisficing,
}

impl RobustGoal {
    /// `worst`, `mean`, `regret` or `satisficing`.
    pub fn name(self) -> &'static str {
        match self {
            RobustGoal::Worst => "worst",
            RobustGoal::Mean => "mean",
            RobustGoal::Regret => "regret",
            RobustGoal::Satisficing => "satisficing",
        }
    }
}

/// Everything the robust model needs besides the futures.
#[derive(Clone, Debug, PartialEq)]
pub struct RobustSpec {
    /// What to maximise.
    pub goal: RobustGoal,
    /// Each future's weight, summing to 1.
    pub weights: Vec<f64>,
    /// Each future's own optimum (regret), `None` where it has no plan.
    pub optima: Vec<Option<f64>>,
    /// Each future's threshold (satisficing).
    pub thresholds: Vec<f64>,
    /// With `Some(p)`, the plan need only be feasible in futures of weight at least `p`.
    pub feasible_share: Option<f64>,
}

/// Builds the robust model where the plan holds in every future (same
/// countries and tasks, in the same order).
pub(super) fn build_every(futures: &[Scenario], spec: &RobustSpec) -> Model {
    let mut m = Model::new(true);
    define_shared_leads(&mut m, futures);
    // A task may go unled only if it is optional in every future: one future that
    // requires it makes the shared plan lead it (its `y` is then absent, so every
    // future's lead-count row reads "exactly its leads").
    m.y = (0..futures[0].tasks.len())
        .map(|t| {
            futures
                .iter()
                .all(|s| s.tasks[t].optional)
                .then(|| m.add(variable().binary()))
        })
        .collect();
    let mut objectives = Vec::with_capacity(futures.len());
    let mut integral = true;
    for s in futures {
        let (objective, whole) = super::define_copy(&mut m, s);
        integral &= whole;
        objectives.push(objective);
    }
    m.money = None;
    let keep = vec![None; futures.len()];
    define_robust_objective(&mut m, futures, objectives, &keep, spec, integral);
    m
}

/// `x_it` where every future allows it; fixed to 1 where any future pins it
/// (and infeasible where one future pins it and another bars it).
fn define_shared_leads(m: &mut Model, futures: &[Scenario]) {
    let (n, tasks) = (futures[0].countries.len(), futures[0].tasks.len());
    let none = Restrictions::default();
    m.x = (0..tasks)
        .map(|t| {
            (0..n)
                .map(|i| {
                    let rules: Vec<Allowed> =
                        futures.iter().map(|s| allowed(s, &none, i, t)).collect();
                    let banned = rules.iter().any(|r| matches!(r, Allowed::Fixed(false)));
                    let pinned = rules.iter().any(|r| matches!(r, Allowed::Fixed(true)));
                    let conflict = rules.iter().any(|r| matches!(r, Allowed::Conflict));
                    if conflict || (banned && pinned) {
                        // Pinned in one future, barred in another: no plan serves both.
                        let x = m.add(variable().binary().min(1.0));
                        m.push(super::Row::Aux, constraint!(x.v <= 0.0));
                        Some(x)
                    } else if banned {
                        None
                    } else if pinned {
                        Some(m.add(variable().binary().min(1.0)))
                    } else {
                        Some(m.add(variable().binary()))
                    }
                })
                .collect()
        })
        .collect();
}

/// The goal's rows and objective; `keep[k]` is future k's `u_k` (feasible share), if any.
pub(super) fn define_robust_objective(
    m: &mut Model,
    futures: &[Scenario],
    objectives: Vec<Expression>,
    keep: &[Option<Var>],
    spec: &RobustSpec,
    integral: bool,
) {
    let bounds: Vec<(f64, f64)> = futures.iter().map(objective_bounds).collect();
    let top = bounds.iter().map(|b| b.1).fold(f64::NEG_INFINITY, f64::max);
    // `off(k, big)`: the amount a row of future k is relaxed by when it is given up.
    let off = |k: usize, big: f64| -> Expression {
        keep[k].map_or(Expression::from(0.0), |u| big * (1.0 - u.v))
    };
    m.integral_objective = false;
    match spec.goal {
        RobustGoal::Worst => {
            let z: Var = m.add(variable());
            for (k, o) in objectives.into_iter().enumerate() {
                let relax = off(k, top - bounds[k].0);
                m.push(super::Row::Aux, constraint!(z.v <= o + relax));
            }
            m.objective = Expression::from(z.v);
            m.integral_objective = integral && keep.iter().all(Option::is_none);
        }
        RobustGoal::Mean => {
            let weighted: Expression = objectives
                .into_iter()
                .zip(&spec.weights)
                .map(|(o, w)| o * *w)
                .sum();
            m.objective = weighted;
        }
        RobustGoal::Regret => {
            let r: Var = m.add(variable().min(0.0));
            for (k, o) in objectives.into_iter().enumerate() {
                let Some(best) = spec.optima[k] else { continue };
                let relax = off(k, best - bounds[k].0);
                m.push(super::Row::Aux, constraint!(r.v >= best - o - relax));
            }
            m.objective = Expression::from(r.v) * -1.0;
        }
        RobustGoal::Satisficing => {
            let mut share = Expression::from(0.0);
            for (k, o) in objectives.into_iter().enumerate() {
                let (lo, hi) = bounds[k];
                let theta = spec.thresholds[k];
                let reachable = theta <= hi;
                let s = m.add(variable().binary().max(if reachable { 1.0 } else { 0.0 }));
                if theta > lo && reachable {
                    m.push(
                        super::Row::Aux,
                        constraint!(o >= theta - (theta - lo) * (1.0 - s.v)),
                    );
                }
                if let Some(u) = keep[k] {
                    m.push(super::Row::Aux, constraint!(s.v <= u.v));
                }
                share += spec.weights[k] * s.v;
            }
            m.objective = share;
        }
    }
}

/// Bounds `(lo, hi)` on a future's objective over every plan, from its data:
/// each lead's coefficient at its worst and best, and the fairness deviation at
/// most twice the total cost (`Σ_i |spent_i − g_i T| ≤ Σ_i spent_i + T = 2T`).
pub(super) fn objective_bounds(s: &Scenario) -> (f64, f64) {
    let w = s.policy.weights;
    let (mut lo, mut hi) = (0.0, 0.0);
    let mut total = 0.0;
    for (t, task) in s.tasks.iter().enumerate() {
        for i in 0..s.countries.len() {
            let c = objective_coefficient(s, i, t);
            lo += c.min(0.0);
            hi += c.max(0.0);
        }
        total += task.cost.iter().copied().fold(0.0, f64::max);
    }
    if rules::needs_money(s) && w.fairness > 0.0 {
        lo -= w.fairness * 2.0 * total;
    }
    // a little room, so that float noise never makes a bound bind
    let pad = 1e-6 * (hi - lo).abs().max(1.0);
    (lo - pad, hi + pad)
}
