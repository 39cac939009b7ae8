//! leadplan's own branch and bound (`--solver bnb`), on microlp's LP.
//!
//! microlp's built-in MIP search knows nothing about the model: it starts with
//! no incumbent, and with an objective in whole numbers (the OR-Library GAP
//! files, most plain scenarios) it still explores every node whose bound beats
//! the incumbent by a fraction. This search keeps microlp's dual simplex for
//! the LPs and changes the search around it (`search.rs`): dives to a plan
//! from each node, best-bound order between dives, pseudocost branching
//! (`branch.rs`), and pruning by whole steps when the objective allows it.
//! It is exact: with no time limit the plan it returns is proven optimal
//! (relative gap 0); with one, a stop says `TimeLimit` and gives the best bound.

mod branch;
mod mip;
mod search;

use std::time::{Duration, Instant};

use mip::Mip;

use super::{Solved, SolverKind};
use crate::error::Error;
use crate::model::Model;

/// Solves a built model with the embedded branch and bound.
pub(super) fn run(model: Model, time_limit: Option<f64>) -> Result<Solved, Error> {
    let mip = Mip::from_model(model);
    let deadline = time_limit.map(|t| Instant::now() + Duration::from_secs_f64(t.max(0.0)));
    let found = search::search(&mip, deadline)?;
    let sign = if mip.maximise { 1.0 } else { -1.0 };
    Ok(Solved {
        termination: found.termination,
        values: found.values,
        bound: found.bound.map(|b| sign * b),
        solver: SolverKind::Bnb,
        seconds: 0.0,
    })
}
