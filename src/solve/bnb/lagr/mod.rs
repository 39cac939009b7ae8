//! A branch and bound for models of generalised-assignment shape, on the
//! Lagrangian bound instead of the LP relaxation.
//!
//! OR-Library's gap7 to gap12 defeat an LP-based search without cuts: the LP
//! bound of these tight multi-knapsack models stays a few units above the
//! optimum through thousands of nodes. Relaxing the assignment rows instead
//! leaves one 0-1 knapsack per knapsack row, solved exactly by dynamic
//! programming, and that bound is at least as strong as the LP's and usually
//! stronger (it has the integrality property the LP lacks). `bnb` uses this
//! search when [`Gap::of`] recognises the shape and falls back to the LP
//! search otherwise. It is exact: a node is pruned only when its bound,
//! valid for every `u`, cannot beat the incumbent by a whole objective step
//! (less a float allowance far below one step), and the plan is checked
//! against every row of the model before it is reported.

mod bound;
mod heur;
mod knap;
mod search;
mod shape;

use std::time::Instant;

use super::mip::Mip;
use super::search::Found;
use crate::error::Error;
use crate::solve::Termination;
pub(crate) use shape::Gap;

/// Solves `mip` when it is of GAP shape; `None` when it is not.
pub(super) fn solve(mip: &Mip, deadline: Option<Instant>) -> Option<Result<Found, Error>> {
    let gap = Gap::of(mip)?;
    if !mip.constant_rows_hold() {
        return Some(Ok(Found::none(Termination::Infeasible, None)));
    }
    let out = search::Search::new(&gap, mip.objective_step()).run(deadline);
    let bound = out.open_bound.map(|b| b + mip.obj_const);
    let Some((value, x)) = out.best else {
        let t = if bound.is_some() {
            Termination::NoIncumbent
        } else {
            Termination::Infeasible
        };
        return Some(Ok(Found::none(t, bound)));
    };
    let values: Vec<f64> = x.iter().map(|&b| if b { 1.0 } else { 0.0 }).collect();
    if !mip.feasible(&values) {
        return Some(Err(Error::Solver(
            "bnb: the Lagrangian search returned a plan that breaks a row of the model".into(),
        )));
    }
    let termination = match bound {
        None => Termination::Optimal,
        Some(_) => Termination::TimeLimit,
    };
    let bound = bound.map(|b| b.max(value + mip.obj_const));
    Some(Ok(Found {
        termination,
        values,
        bound,
    }))
}
