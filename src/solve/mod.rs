//! The solver seam: one narrow trait ([`Backend`]) that every solver
//! implements, fed one form ([`Sparse`], taken from the good_lp model once)
//! and answering in typed terms ([`Solved`], [`Termination`]).
//!
//! good_lp is the language models are written in ([`crate::model`]); no
//! backend goes through good_lp's own solver adapters. microlp is the vendored
//! copy in `crates/lp` (no second copy compiled), bnb is leadplan's branch and
//! bound on that LP, HiGHS (cargo feature `highs`) is handed the same rows
//! through its own bindings with its options set directly. Every backend
//! returns the column values, the termination reason and the best proven
//! bound, so everything downstream is solver-agnostic.

mod bnb;
#[cfg(feature = "highs")]
mod highs;
mod microlp;
pub(crate) mod sparse;

use std::time::Instant;

use crate::error::Error;
use crate::model::Model;
use sparse::Sparse;

pub use crate::options::{
    SolveOptions, SolverChoice, SolverKind, AUTO_HIGHS_ABOVE, HIGHS_AVAILABLE,
    MICROLP_UNLIMITED_MAX,
};

/// How a solver call ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Termination {
    /// Proven optimal.
    Optimal,
    /// Stopped by the time limit with a feasible plan.
    TimeLimit,
    /// Stopped by the time limit before any feasible plan was found.
    NoIncumbent,
    /// Proven infeasible.
    Infeasible,
}

/// The solver's answer, in column space.
pub(crate) struct Solved {
    pub termination: Termination,
    pub values: Vec<f64>,
    pub bound: Option<f64>,
    pub solver: SolverKind,
    pub seconds: f64,
}

/// What a backend is told besides the problem.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Limits {
    /// Seconds the solve may take.
    pub time_limit: Option<f64>,
}

/// A solver, as leadplan uses it: the sparse form in, a typed answer out.
pub(crate) trait Backend {
    /// Which solver this is.
    fn kind(&self) -> SolverKind;
    /// Solves `form` within `limits`.
    fn solve(&self, form: Sparse, limits: &Limits) -> Result<Solved, Error>;
}

/// The backend of a solver kind (`None`: HiGHS without the `highs` feature).
fn backend(kind: SolverKind) -> Option<&'static dyn Backend> {
    match kind {
        SolverKind::Microlp => Some(&microlp::Microlp),
        SolverKind::Bnb => Some(&bnb::Bnb),
        #[cfg(feature = "highs")]
        SolverKind::Highs => Some(&highs::Highs),
        #[cfg(not(feature = "highs"))]
        SolverKind::Highs => None,
    }
}

/// Solves a built model.
pub(crate) fn run(
    model: Model,
    kind: SolverKind,
    time_limit: Option<f64>,
) -> Result<Solved, Error> {
    let start = Instant::now();
    // HiGHS drops constant rows of a model without columns (and with them an
    // infeasibility such as `0 = 1`), and bnb has nothing to branch on;
    // microlp checks them.
    let kind = match kind {
        SolverKind::Highs | SolverKind::Bnb if model.n_cols == 0 => SolverKind::Microlp,
        k => k,
    };
    let Some(solver) = backend(kind) else {
        return Err(Error::SolverUnavailable(
            "HiGHS is not compiled in; rebuild with --features highs".into(),
        ));
    };
    let limits = Limits { time_limit };
    let mut solved = solver.solve(Sparse::from_model(model), &limits)?;
    solved.seconds = start.elapsed().as_secs_f64();
    Ok(solved)
}

impl Solved {
    /// An answer without a plan.
    pub(crate) fn failed(termination: Termination, kind: SolverKind, bound: Option<f64>) -> Solved {
        Solved {
            termination,
            values: Vec::new(),
            bound,
            solver: kind,
            seconds: 0.0,
        }
    }
}
