//! Which futures conflict when no plan is feasible in every one.
//!
//! A future without a plan of its own is named as such (its own solve already
//! told). Otherwise each pair of futures is re-solved with the robust model
//! alone (at most n(n-1)/2 solves, stopping at the first pair that shares no
//! plan); when every pair shares one, the whole set is the smallest conflict
//! known. For a pair, each future's own best plan is checked in the other
//! and the limits it breaks there are named as examples of the conflict:
//! they show why those plans do not serve both, not that no change to them
//! could (the diagnosis of infeasible scenarios works on one scenario, not on
//! the shared model).

use serde::Serialize;

use super::robust_metrics::Future;
use crate::error::Error;
use crate::model;
use crate::model::robust::{RobustGoal, RobustSpec};
use crate::optimize::lead_variable_count;
use crate::scenario::Scenario;
use crate::solve::{self, SolveOptions, Termination};

/// The futures that admit no common plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conflict {
    /// `own_plan`: these futures have no plan of their own; `together`: each
    /// has a plan of its own, but together they share none (the smallest such
    /// set found: a pair, else every future).
    pub kind: String,
    /// The futures, by label, in the order given.
    pub futures: Vec<String>,
    /// For a pair: each future's own best plan, checked in the other.
    pub examples: Vec<CrossCheck>,
}

/// One future's own best plan, checked in another future.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CrossCheck {
    /// The future whose best plan it is.
    pub plan_of: String,
    /// The future it is checked in.
    pub checked_in: String,
    /// The limits it breaks there, in planner's words (at most three).
    pub breaks: Vec<String>,
}

/// Breaches listed per cross-check.
const BREACHES_SHOWN: usize = 3;

/// Each of the pair's own best plan, checked in the other.
fn cross_checks(pair: [&Future; 2], opts: &SolveOptions) -> Result<Vec<CrossCheck>, Error> {
    let mut out = Vec::new();
    for (a, b) in [(pair[0], pair[1]), (pair[1], pair[0])] {
        let crate::Outcome::Planned(plan) = crate::solve(&a.scenario, opts)? else {
            continue;
        };
        let breaks: Vec<String> = super::score::breaches_of(&b.scenario, &plan.leads, opts)?
            .into_iter()
            .take(BREACHES_SHOWN)
            .map(|x| x.sentence)
            .collect();
        out.push(CrossCheck {
            plan_of: a.label.clone(),
            checked_in: b.label.clone(),
            breaks,
        });
    }
    Ok(out)
}

/// The conflict behind an infeasible robust model over every future;
/// `own_infeasible[k]`: future k is proven to have no plan of its own.
/// `None` when no pair is proven to conflict and a pair re-solve ran out of time.
pub(super) fn find(
    futures: &[Future],
    own_infeasible: &[bool],
    opts: &SolveOptions,
) -> Result<Option<Conflict>, Error> {
    let alone: Vec<String> = futures
        .iter()
        .zip(own_infeasible)
        .filter(|(_, &bad)| bad)
        .map(|(f, _)| f.label.clone())
        .collect();
    if !alone.is_empty() {
        return Ok(Some(Conflict {
            kind: "own_plan".into(),
            futures: alone,
            examples: Vec::new(),
        }));
    }
    let n = futures.len();
    let mut unsure = false;
    for i in 0..n {
        for j in i + 1..n {
            match shares_a_plan(&[&futures[i], &futures[j]], opts)? {
                Some(false) => {
                    return Ok(Some(Conflict {
                        kind: "together".into(),
                        futures: vec![futures[i].label.clone(), futures[j].label.clone()],
                        examples: cross_checks([&futures[i], &futures[j]], opts)?,
                    }))
                }
                Some(true) => {}
                None => unsure = true,
            }
        }
    }
    Ok((!unsure && n > 2).then(|| Conflict {
        kind: "together".into(),
        futures: futures.iter().map(|f| f.label.clone()).collect(),
        examples: Vec::new(),
    }))
}

/// Whether some plan is feasible in each of `some` (`None`: out of time).
fn shares_a_plan(some: &[&Future], opts: &SolveOptions) -> Result<Option<bool>, Error> {
    let scenarios: Vec<Scenario> = some.iter().map(|f| f.scenario.clone()).collect();
    let k = scenarios.len();
    let spec = RobustSpec {
        goal: RobustGoal::Worst,
        weights: vec![1.0 / k as f64; k],
        optima: vec![None; k],
        thresholds: Vec::new(),
        feasible_share: None,
    };
    let kind = opts.pick(lead_variable_count(&scenarios[0]))?;
    let m = model::build_robust(&scenarios, &spec);
    Ok(match solve::run(m, kind, opts.time_limit)?.termination {
        Termination::Infeasible => Some(false),
        Termination::NoIncumbent => None,
        Termination::Optimal | Termination::TimeLimit => Some(true),
    })
}
