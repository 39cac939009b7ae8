//! Solver choice, limits and typed termination.
//!
//! With [`crate::model`], the only module that knows good_lp. Each backend is a
//! small function behind its cargo feature; both return the column values, the
//! termination reason and the best proven bound, so everything downstream is
//! solver-agnostic.

mod bnb;

use std::time::Instant;

use good_lp::{ResolutionError, Solution, SolutionStatus, SolverModel, WithTimeLimit};

use crate::error::Error;
use crate::model::Model;

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

/// Solves a built model.
pub(crate) fn run(
    model: Model,
    kind: SolverKind,
    time_limit: Option<f64>,
) -> Result<Solved, Error> {
    let start = Instant::now();
    let mut solved = match kind {
        // HiGHS drops constant rows of a model without columns (and with them an
        // infeasibility such as `0 = 1`); microlp checks them.
        SolverKind::Highs | SolverKind::Bnb if model.n_cols == 0 => run_microlp(model, time_limit)?,
        SolverKind::Microlp => run_microlp(model, time_limit)?,
        SolverKind::Highs => run_highs(model, time_limit)?,
        SolverKind::Bnb => bnb::run(model, time_limit)?,
    };
    solved.seconds = start.elapsed().as_secs_f64();
    Ok(solved)
}

fn failed(termination: Termination, kind: SolverKind, bound: Option<f64>) -> Solved {
    Solved {
        termination,
        values: Vec::new(),
        bound,
        solver: kind,
        seconds: 0.0,
    }
}

fn run_microlp(model: Model, time_limit: Option<f64>) -> Result<Solved, Error> {
    let Model {
        vars,
        objective,
        constraints,
        maximise,
        n_cols,
        ..
    } = model;
    let cols: Vec<good_lp::Variable> = vars.iter_variables_with_def().map(|(v, _)| v).collect();
    let unsolved = if maximise {
        vars.maximise(objective)
    } else {
        vars.minimise(objective)
    };
    let mut p = unsolved.using(good_lp::microlp);
    if let Some(t) = time_limit {
        p = p.with_time_limit(t);
    }
    let p = p.with_all(constraints);
    match p.solve() {
        Ok(sol) => {
            let values: Vec<f64> = cols.iter().map(|v| sol.value(*v)).collect();
            debug_assert_eq!(values.len(), n_cols);
            let termination = match sol.status() {
                SolutionStatus::Optimal => Termination::Optimal,
                _ => Termination::TimeLimit,
            };
            let bound = sol.into_inner().stats().best_bound;
            Ok(Solved {
                termination,
                values,
                bound,
                solver: SolverKind::Microlp,
                seconds: 0.0,
            })
        }
        Err(ResolutionError::Infeasible) => {
            Ok(failed(Termination::Infeasible, SolverKind::Microlp, None))
        }
        Err(ResolutionError::Other(msg)) if msg.contains("Time limit") => {
            Ok(failed(Termination::NoIncumbent, SolverKind::Microlp, None))
        }
        Err(e) => Err(Error::Solver(format!("microlp: {e}"))),
    }
}

#[cfg(feature = "highs")]
fn run_highs(model: Model, time_limit: Option<f64>) -> Result<Solved, Error> {
    use highs::HighsModelStatus;
    let Model {
        vars,
        objective,
        constraints,
        maximise,
        integral_objective,
        ..
    } = model;
    let unsolved = if maximise {
        vars.maximise(objective)
    } else {
        vars.minimise(objective)
    };
    let p = unsolved.using(good_lp::highs).with_all(constraints);
    let mut inner = p
        .try_into_inner()
        .map_err(|e| Error::Solver(format!("highs: {e}")))?;
    inner.make_quiet();
    inner.set_option("threads", 1);
    inner.set_option("parallel", "off");
    inner.set_option("mip_rel_gap", 0.0);
    // Integer objective steps: a gap below one step proves optimality.
    inner.set_option("mip_abs_gap", if integral_objective { 0.999 } else { 1e-7 });
    if let Some(t) = time_limit {
        inner.set_option("time_limit", t);
    }
    let solved = inner
        .try_solve()
        .map_err(|e| Error::Solver(format!("highs: {e:?}")))?;
    let bound = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite());
    // Read the status as a number: the bindings panic on HiGHS's "none" (-1).
    const FEASIBLE: i64 = 2;
    let has_solution = solved.int_info_value(c"primal_solution_status").ok() == Some(FEASIBLE);
    let termination = match solved.status() {
        HighsModelStatus::Optimal => Termination::Optimal,
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
            return Ok(failed(Termination::Infeasible, SolverKind::Highs, None))
        }
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ReachedMemoryLimit => {
            if has_solution {
                Termination::TimeLimit
            } else {
                return Ok(failed(Termination::NoIncumbent, SolverKind::Highs, bound));
            }
        }
        other => return Err(Error::Solver(format!("highs ended with status {other:?}"))),
    };
    if !has_solution {
        return Err(Error::Solver("highs reported no feasible solution".into()));
    }
    let values = solved.get_solution().columns().to_vec();
    let bound = if termination == Termination::Optimal {
        None
    } else {
        bound
    };
    Ok(Solved {
        termination,
        values,
        bound,
        solver: SolverKind::Highs,
        seconds: 0.0,
    })
}

#[cfg(not(feature = "highs"))]
fn run_highs(_model: Model, _time_limit: Option<f64>) -> Result<Solved, Error> {
    Err(Error::Usage(
        "HiGHS is not compiled in; rebuild with --features highs".into(),
    ))
}
