//! HiGHS (cargo feature `highs`), handed the sparse form through its own
//! bindings: columns, then rows, each in column order; options set on the
//! model directly; the status read as typed values (and the primal solution
//! status as a number, since the bindings panic on HiGHS's "none").

use highs::{HighsModelStatus, RowProblem, Sense as HighsSense};

use super::sparse::{Sense, Sparse};
use super::{Backend, Limits, Solved, SolverKind, Termination};
use crate::error::Error;

/// HiGHS's MILP solver.
pub(crate) struct Highs;

impl Backend for Highs {
    fn kind(&self) -> SolverKind {
        SolverKind::Highs
    }

    fn solve(&self, form: Sparse, limits: &Limits) -> Result<Solved, Error> {
        let mut p = RowProblem::default();
        let cols: Vec<_> = (0..form.n())
            .map(|j| {
                p.add_column_with_integrality(form.obj[j], form.lo[j]..form.hi[j], form.int[j])
            })
            .collect();
        for r in &form.rows {
            let factors = r.cols.iter().zip(&r.coefs).map(|(&c, &a)| (cols[c], a));
            match r.sense {
                Sense::Eq => p.add_row(r.rhs..=r.rhs, factors),
                Sense::Le => p.add_row(..=r.rhs, factors),
            }
        }
        let sense = if form.maximise {
            HighsSense::Maximise
        } else {
            HighsSense::Minimise
        };
        let mut model = p.optimise(sense);
        model.make_quiet();
        model.set_option("threads", 1);
        model.set_option("parallel", "off");
        model.set_option("mip_rel_gap", 0.0);
        // Integer objective steps: a gap below one step proves optimality.
        let abs_gap = if form.integral_objective { 0.999 } else { 1e-7 };
        model.set_option("mip_abs_gap", abs_gap);
        if let Some(t) = limits.time_limit {
            model.set_option("time_limit", t);
        }
        let solved = model
            .try_solve()
            .map_err(|e| Error::Solver(format!("highs: {e:?}")))?;
        let bound = solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite());
        const FEASIBLE: i64 = 2;
        let has_solution = solved.int_info_value(c"primal_solution_status").ok() == Some(FEASIBLE);
        let termination = match solved.status() {
            HighsModelStatus::Optimal => Termination::Optimal,
            HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
                return Ok(Solved::failed(Termination::Infeasible, self.kind(), None))
            }
            HighsModelStatus::ReachedTimeLimit
            | HighsModelStatus::ReachedIterationLimit
            | HighsModelStatus::ReachedSolutionLimit
            | HighsModelStatus::ReachedInterrupt
            | HighsModelStatus::ReachedMemoryLimit => {
                if has_solution {
                    Termination::TimeLimit
                } else {
                    return Ok(Solved::failed(Termination::NoIncumbent, self.kind(), bound));
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
            solver: self.kind(),
            seconds: 0.0,
        })
    }
}
