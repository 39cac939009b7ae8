//! The embedded solver: the vendored microlp (`crates/lp`), handed the sparse
//! form as good_lp's microlp adapter would hand it a model (the same columns,
//! bounds and rows, in the same order), with typed outcomes.

use std::time::Duration;

use leadplan_lp::{
    ComparisonOp, Error as LpError, LinearExpr, OptimizationDirection, Problem, SolveOptions,
    SolveOutcome, TerminationReason,
};

use super::sparse::{Sense, Sparse};
use super::{Backend, Limits, Solved, SolverKind, Termination};
use crate::error::Error;

/// microlp's LP and branch and bound.
pub(crate) struct Microlp;

impl Backend for Microlp {
    fn kind(&self) -> SolverKind {
        SolverKind::Microlp
    }

    fn solve(&self, form: Sparse, limits: &Limits) -> Result<Solved, Error> {
        let direction = if form.maximise {
            OptimizationDirection::Maximize
        } else {
            OptimizationDirection::Minimize
        };
        let mut p = Problem::new(direction);
        let mut vars = Vec::with_capacity(form.n());
        for j in 0..form.n() {
            let (c, lo, hi) = (form.obj[j], form.lo[j], form.hi[j]);
            if !form.int[j] {
                vars.push(p.add_var(c, (lo, hi)));
                continue;
            }
            let (Some(lo), Some(hi)) = (whole(lo, true), whole(hi, false)) else {
                return Err(Error::Solver(
                    "microlp: integer bounds beyond the i32 range".into(),
                ));
            };
            if lo > hi {
                return Ok(Solved::failed(Termination::Infeasible, self.kind(), None));
            }
            vars.push(p.add_integer_var(c, (lo, hi)));
        }
        for r in &form.rows {
            let mut e = LinearExpr::empty();
            for (&c, &a) in r.cols.iter().zip(&r.coefs) {
                e.add(vars[c], a);
            }
            let op = match r.sense {
                Sense::Eq => ComparisonOp::Eq,
                Sense::Le => ComparisonOp::Le,
            };
            p.add_constraint(e, op, r.rhs);
        }
        let mut opts = SolveOptions::default();
        opts.mip_gap = 0.0;
        opts.time_limit = limits.time_limit.map(Duration::from_secs_f64);
        match p.solve_with(opts) {
            Ok(SolveOutcome::Solution(sol)) => {
                let termination = if sol.termination_reason() == TerminationReason::ProvenOptimal {
                    Termination::Optimal
                } else {
                    Termination::TimeLimit
                };
                Ok(Solved {
                    termination,
                    values: vars.iter().map(|v| sol.var_value(*v)).collect(),
                    bound: sol.stats().best_bound,
                    solver: self.kind(),
                    seconds: 0.0,
                })
            }
            // a limit stopped the search before any plan
            Ok(SolveOutcome::Interrupted(_)) => {
                Ok(Solved::failed(Termination::NoIncumbent, self.kind(), None))
            }
            Err(LpError::Infeasible) => {
                Ok(Solved::failed(Termination::Infeasible, self.kind(), None))
            }
            Err(e) => Err(Error::Solver(format!("microlp: {e}"))),
        }
    }
}

/// An integer column's bound as microlp takes it: infinite bounds at the i32
/// extremes, finite ones rounded inwards; `None` beyond the i32 range.
fn whole(x: f64, lower: bool) -> Option<i32> {
    if lower && x == f64::NEG_INFINITY {
        return Some(i32::MIN);
    }
    if !lower && x == f64::INFINITY {
        return Some(i32::MAX);
    }
    let x = if lower { x.ceil() } else { x.floor() };
    (f64::from(i32::MIN)..=f64::from(i32::MAX))
        .contains(&x)
        .then_some(x as i32)
}
