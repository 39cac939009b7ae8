//! The search: the vendored microlp branch and bound (`crates/lp`), which
//! changes bounds in place on one LP and keeps only bound changes and a basis
//! per open node (dives, then best bound; pseudocost branching), with two
//! additions switched on here: pruning by whole objective steps when the
//! objective allows it ([`Mip::objective_step`]), and reduced-cost fixing at
//! every node once a plan is known. The plan it returns is checked against
//! every row of the model before it is kept.

use std::time::Instant;

use leadplan_lp::{SolutionStatus, SolveOptions, SolveOutcome};

use super::greedy;
use super::mip::Mip;
use crate::error::Error;
use crate::solve::Termination;

/// What the search found, in maximisation form.
pub(super) struct Found {
    pub termination: Termination,
    pub values: Vec<f64>,
    /// Best proven bound when the search stopped early.
    pub bound: Option<f64>,
}

/// Runs the search until proven or until `deadline`, from the first plan
/// `hint` (integer columns and values) or else the greedy one.
pub(super) fn search(
    mip: &Mip,
    deadline: Option<Instant>,
    hint: Option<Vec<(usize, f64)>>,
) -> Result<Found, Error> {
    if !mip.constant_rows_hold() {
        return Ok(found(Termination::Infeasible, None));
    }
    let (problem, vars) = mip.problem();
    let mut options = SolveOptions::default();
    options.time_limit = deadline.map(|d| d.saturating_duration_since(Instant::now()));
    options.objective_step = mip.objective_step();
    options.reduced_cost_fixing = true;
    options.warm_start = hint
        .or_else(|| greedy::hint(mip))
        .map(|h| h.into_iter().map(|(c, v)| (vars[c], v)).collect());
    let outcome = match problem.solve_with(options) {
        Ok(outcome) => outcome,
        Err(leadplan_lp::Error::Infeasible) => return Ok(found(Termination::Infeasible, None)),
        Err(e) => return Err(Error::Solver(format!("bnb: {e}"))),
    };
    let stats = outcome.stats();
    super::debug(|| {
        format!(
            "search: {} nodes, {} LP iterations, {:.2} s",
            stats.nodes_solved,
            stats.lp_iterations,
            stats.elapsed.as_secs_f64()
        )
    });
    let bound = stats.best_bound.map(|b| b + mip.obj_const);
    let sol = match outcome {
        SolveOutcome::Solution(sol) => sol,
        SolveOutcome::Interrupted(_) => return Ok(found(Termination::NoIncumbent, bound)),
    };
    let mut values: Vec<f64> = vars.iter().map(|v| sol.var_value_raw(*v)).collect();
    snap(mip, &mut values);
    super::debug(|| {
        format!(
            "search: plan value {} (without the constant)",
            mip.obj.iter().zip(&values).map(|(c, v)| c * v).sum::<f64>()
        )
    });
    if !mip.feasible(&values) {
        return Err(Error::Solver(
            "bnb: the search returned a plan that breaks a row of the model".into(),
        ));
    }
    Ok(match sol.status() {
        SolutionStatus::Optimal => Found {
            termination: Termination::Optimal,
            values,
            bound: None,
        },
        SolutionStatus::Feasible => Found {
            termination: Termination::TimeLimit,
            values,
            bound,
        },
    })
}

fn found(termination: Termination, bound: Option<f64>) -> Found {
    Found::none(termination, bound)
}

impl Found {
    /// No plan: how the search ended and its bound.
    pub fn none(termination: Termination, bound: Option<f64>) -> Found {
        Found {
            termination,
            values: Vec::new(),
            bound,
        }
    }
}

/// Rounds integer columns to the integers the search settled them at.
fn snap(mip: &Mip, x: &mut [f64]) {
    for j in (0..mip.n()).filter(|&j| mip.int[j]) {
        x[j] = x[j].round();
    }
}
