//! From a scenario to an outcome: build, solve, write the solution back.
//!
//! The three steps stay separate (the PyPSA habit): [`crate::model`] builds,
//! [`crate::solve`] solves, and this module turns column values into a
//! [`Plan`] in domain terms, or into a diagnosis when no plan exists
//! ([`diagnose`], whose every suggested change is checked by a re-solve).

#[cfg(test)]
mod agree_tests;
mod blame;
mod certify;
mod change;
mod decide;
#[cfg(test)]
mod decide_tests;
mod diagnose;
mod feasible;
mod lead_sets;
mod patterns;
mod patterns_shape;
#[cfg(test)]
mod patterns_shape_tests;
#[cfg(test)]
mod patterns_tests;
mod patterns_trie;
mod patterns_walk;
mod payments;
mod precheck;
mod precheck_proof;
#[cfg(test)]
mod test_scenarios;
#[cfg(test)]
mod units_tests;

pub use blame::blame;
pub(crate) use blame::blame_after;
pub use change::{apply, Change, ChangeKind};
pub(crate) use decide::decide_in;
pub use decide::{decide, Stage, Verdict};
pub use diagnose::{diagnose, Diagnosis, MAX_ALTERNATIVES};
pub(crate) use precheck::proves_infeasible;
pub(crate) use precheck_proof::Proof;

use crate::error::Error;
use crate::model::{self, Restrictions};
use crate::options::SolveOptions;
use crate::plan::{Plan, PlanStatus};
use crate::scenario::Scenario;
use crate::solve::{self, Termination};

/// What a solve produced.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Outcome {
    /// A plan (optimal, or the best found within the time limit).
    Planned(Plan),
    /// No plan exists; the diagnosis says what would make one possible.
    Infeasible(Diagnosis),
    /// The time limit ran out before any plan was found.
    NoPlanFound {
        /// Best proven bound, if the solver had one.
        bound: Option<f64>,
        /// Seconds spent.
        seconds: f64,
    },
}

/// A restricted solve's result, without diagnosis.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Attempt {
    /// A plan.
    Planned(Plan),
    /// Infeasible under the restrictions.
    Infeasible,
    /// Out of time without a plan.
    NoPlanFound {
        /// Best proven bound, if any.
        bound: Option<f64>,
        /// Seconds spent.
        seconds: f64,
    },
}

/// Solves a scenario ([`decide`]); explains infeasibility.
pub fn solve(s: &Scenario, opts: &SolveOptions) -> Result<Outcome, Error> {
    Ok(match decide(s, opts)?.attempt {
        Attempt::Planned(p) => Outcome::Planned(p),
        Attempt::NoPlanFound { bound, seconds } => Outcome::NoPlanFound { bound, seconds },
        Attempt::Infeasible => Outcome::Infeasible(diagnose(s, opts)?),
    })
}

/// As [`solve`], without the diagnosis: for callers that need only whether a
/// plan exists and its objective (robust's per-future optima), since the
/// diagnosis re-solves many changed scenarios.
pub fn solve_verdict(s: &Scenario, opts: &SolveOptions) -> Result<Attempt, Error> {
    Ok(decide(s, opts)?.attempt)
}

/// Number of lead variables a scenario's model has (for solver choice).
pub fn lead_variable_count(s: &Scenario) -> usize {
    s.countries.len() * s.tasks.len()
}

/// Solves a scenario under extra restrictions (fixed leads, excluded plans).
///
/// Every plan read back is checked in money and against every limit
/// ([`certify::breaks`]); one that fails is solved again with money unscaled,
/// and if that fails too the solve is an [`Error::Solver`]: never a plan that
/// breaks a rule.
pub fn solve_restricted(
    s: &Scenario,
    r: &Restrictions,
    opts: &SolveOptions,
) -> Result<Attempt, Error> {
    let first = solve_once(s, r, opts)?;
    let Attempt::Planned(plan) = &first else {
        return Ok(first);
    };
    let Some(mut why) = certify::breaks(s, r, plan) else {
        return Ok(first);
    };
    if !r.unscaled_money && model::money_unit(s) != 1.0 {
        let unscaled = Restrictions {
            unscaled_money: true,
            ..r.clone()
        };
        match solve_once(s, &unscaled, opts) {
            Ok(Attempt::Planned(p)) => match certify::breaks(s, r, &p) {
                None => return Ok(Attempt::Planned(p)),
                Some(w) => why = w,
            },
            Ok(again) => return Ok(again),
            // unscaled, the solver may fail outright: the scaled plan's flaw is the story
            Err(_) => {}
        }
    }
    Err(Error::Solver(format!(
        "the solver's plan fails the check in money ({why}): costs or budgets span too many \
         orders of magnitude for its tolerances; express them in larger units (e.g. millions) \
         so that they lie closer together"
    )))
}

fn solve_once(s: &Scenario, r: &Restrictions, opts: &SolveOptions) -> Result<Attempt, Error> {
    let vars = lead_variable_count(s);
    let kind = opts.pick(vars)?;
    let m = model::build(s, r);
    let reader = m.reader();
    let solved = solve::run(m, kind, opts.time_limit)?;
    let status = match solved.termination {
        Termination::Infeasible => return Ok(Attempt::Infeasible),
        Termination::NoIncumbent => {
            return Ok(Attempt::NoPlanFound {
                bound: solved.bound,
                seconds: solved.seconds,
            })
        }
        Termination::Optimal => PlanStatus::Optimal,
        Termination::TimeLimit => PlanStatus::TimeLimit,
    };
    let leads = reader.leads(&solved.values);
    let money = reader.money(&solved.values);
    let mut plan = Plan::from_parts(s, leads, money, status, solved.solver, solved.seconds);
    if status == PlanStatus::TimeLimit {
        plan.bound = solved.bound.unwrap_or(f64::INFINITY).max(plan.objective);
    }
    Ok(Attempt::Planned(plan))
}

mod evaluate;
mod sweep_path;
pub use evaluate::{evaluate_fixed, Evaluation};
pub(crate) use patterns_shape::SharedShape;
pub(crate) use sweep_path::{shared_shape, value_in_run};
