//! Model terms for repairing a plan: lead shortfall and change limits.
//!
//! Contingency analysis needs a plan even when a withdrawal leaves a required task short
//! of leads (best effort, `rules::task_leads::define_shortfall`: fill as many lead slots as possible, then maximise the
//! objective); replanning needs a plan that stays close to a baseline (at most K
//! baseline leads dropped, or a penalty per dropped lead). Both are small
//! additions to the model of `mod.rs`, switched on through [`super::Restrictions`].

use good_lp::{constraint, Expression};

use super::{Baseline, ChangeLimit, Model, Row, Var};
use crate::scenario::Scenario;

/// Subtracts `penalty · u_t / L_t` from the objective: `penalty` per required task
/// left wholly without leads, in proportion for a task left short of some.
pub(crate) fn define_shortfall_penalty(
    m: &mut Model,
    s: &Scenario,
    short: &[(usize, Var)],
    penalty: f64,
) {
    let missing: Expression = short
        .iter()
        .map(|&(t, u)| (1.0 / s.tasks[t].leads as f64) * u.v)
        .sum();
    m.objective -= penalty * missing;
    m.integral_objective &= short
        .iter()
        .all(|&(t, _)| (penalty / s.tasks[t].leads as f64).fract() == 0.0);
}

/// Limits the baseline leads a plan drops: `dropped = |B| − Σ_{(i,t) ∈ B} x_it`
/// (a baseline lead whose variable no longer exists is dropped whatever the plan).
pub(crate) fn define_change_limit(m: &mut Model, b: &Baseline) {
    let kept: Expression = b
        .leads
        .iter()
        .filter_map(|&(i, t)| m.x.get(t).and_then(|row| row.get(i).copied().flatten()))
        .map(|x| Expression::from(x.v))
        .sum();
    let total = b.leads.len() as f64;
    match b.limit {
        ChangeLimit::AtMost(k) => m.push(Row::ChangeLimit, constraint!(kept >= total - k as f64)),
        ChangeLimit::Penalty(p) => {
            m.objective += p * kept - p * total;
            m.integral_objective &= p.fract() == 0.0;
        }
    }
}
