//! The sweep's solve path: the exact pattern search where it applies, the MILP elsewhere.
//!
//! A sweep solves thousands of variants of one small scenario. For those,
//! [`solve_by_enumeration`] finds the proven optimum by listing the lead
//! patterns once per worker and valuing only the few whose bound can win
//! (`patterns`); [`value_in_run`] values the baseline plan's leads with the
//! same payments and the same cache. Both check their plan like every plan
//! read back from a solver ([`certify::breaks`]), and both step aside (`None`,
//! or [`evaluate_fixed`]) when the pattern search gives up, so the MILP
//! decides large scenarios as before.

use super::patterns::{solve_by_patterns, value_by_patterns, Found};
use super::patterns_shape::SharedShape;
use super::{certify, evaluate_fixed, lead_variable_count, Attempt, Evaluation};
use crate::error::Error;
use crate::model::Restrictions;
use crate::options::{SolveOptions, SolverChoice};
use crate::scenario::Scenario;

/// `base` when it covers `s` ([`SharedShape::covers`]: every number but the
/// capacities equals the base scenario's, and each capacity is within the
/// sweep's widest), else `None`. The pattern search runs only then: the
/// listing pays only when the runs share it (a run with its own lead counts or
/// efforts would list its patterns anew, which costs more than the MILP). The
/// choice depends on the run and the sweep alone, never on what a worker ran
/// before, so outputs stay the same for any thread count.
pub(crate) fn shared_shape<'a>(s: &Scenario, base: &'a SharedShape) -> Option<&'a SharedShape> {
    base.covers(s).then_some(base)
}

/// Whether the options leave the choice of method to leadplan (`auto`; an
/// explicit `--solver` such as microlp, highs or bnb is honoured with the
/// MILP); the run must also share the base scenario's pattern shape
/// ([`shared_shape`]).
fn pattern_search_allowed(s: &Scenario, opts: &SolveOptions) -> bool {
    opts.solver == SolverChoice::Auto && !s.tasks.is_empty()
}

/// The proven optimum of `s` by its lead patterns, or `None` when the search
/// does not apply (too many patterns, an explicit solver, a plan that fails the
/// money check): the caller then solves the MILP.
pub(crate) fn solve_by_enumeration(
    s: &Scenario,
    opts: &SolveOptions,
    shared: Option<&SharedShape>,
) -> Result<Option<Attempt>, Error> {
    let Some(shape) = shared.filter(|_| pattern_search_allowed(s, opts)) else {
        return Ok(None);
    };
    let kind = opts.pick(lead_variable_count(s))?;
    Ok(match solve_by_patterns(s, shape, kind) {
        Found::Planned(plan) => certify::breaks(s, &Restrictions::default(), &plan)
            .is_none()
            .then_some(Attempt::Planned(plan)),
        Found::Infeasible => Some(Attempt::Infeasible),
        Found::GaveUp => None,
    })
}

/// What `leads` are worth in `s`: as [`evaluate_fixed`], through the pattern
/// cache where the scenario's patterns are known.
pub(crate) fn value_in_run(
    s: &Scenario,
    leads: &[Vec<usize>],
    opts: &SolveOptions,
    shared: Option<&SharedShape>,
) -> Result<Evaluation, Error> {
    if let Some(shape) = shared.filter(|_| pattern_search_allowed(s, opts)) {
        let kind = opts.pick(lead_variable_count(s))?;
        match value_by_patterns(s, shape, leads, kind) {
            Some(None) => return Ok(Evaluation::Infeasible),
            Some(Some(plan)) if certify::breaks(s, &Restrictions::default(), &plan).is_none() => {
                return Ok(Evaluation::Feasible(plan))
            }
            _ => {}
        }
    }
    evaluate_fixed(s, leads, opts)
}
