//! The model as plain arrays: columns with bounds, integrality and objective,
//! and sparse rows `a·x <= b` or `a·x = b`, always maximised.
//!
//! The search reads rows many times (feasibility checks of each candidate
//! plan); good_lp keeps them as hash maps of opaque variables, so they are
//! copied once into vectors indexed by column, in column order (sorted, so
//! that every run builds the same LP and the search is deterministic).

use std::collections::HashMap;

use good_lp::{IntoAffineExpression, Variable};
use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem};

use crate::model::Model;

/// Integrality tolerance: a value this close to an integer counts as integral.
pub(super) const INT_TOL: f64 = 1e-6;
/// Row feasibility tolerance for a candidate plan, relative to the row's scale.
const ROW_TOL: f64 = 1e-6;

/// One row: `Σ coefs[k] · x[cols[k]]` is at most (or, with `eq`, exactly) `rhs`.
pub(super) struct Row {
    pub cols: Vec<usize>,
    pub coefs: Vec<f64>,
    pub eq: bool,
    pub rhs: f64,
}

/// A mixed-integer program in maximisation form.
pub(super) struct Mip {
    /// Objective coefficients (negated when the model minimises).
    pub obj: Vec<f64>,
    /// Constant term of the objective (same sign convention).
    pub obj_const: f64,
    pub lo: Vec<f64>,
    pub hi: Vec<f64>,
    pub int: Vec<bool>,
    pub rows: Vec<Row>,
    /// Every objective coefficient is an integer on an integer column, so the
    /// objectives of two plans differ by whole numbers.
    pub integral_objective: bool,
    /// The model maximises (else the signs above are flipped).
    pub maximise: bool,
}

impl Mip {
    /// Copies a built model's columns and rows.
    pub fn from_model(m: Model) -> Mip {
        let Model {
            vars,
            objective,
            constraints,
            maximise,
            ..
        } = m;
        let defs: Vec<_> = vars.iter_variables_with_def().collect();
        let index: HashMap<Variable, usize> =
            defs.iter().enumerate().map(|(k, (v, _))| (*v, k)).collect();
        let sign = if maximise { 1.0 } else { -1.0 };
        let mut obj = vec![0.0; defs.len()];
        for (v, c) in (&objective).linear_coefficients() {
            obj[index[&v]] += sign * c;
        }
        let int: Vec<bool> = defs.iter().map(|(_, d)| d.is_integer()).collect();
        let integral_objective = obj
            .iter()
            .zip(&int)
            .all(|(c, i)| *c == 0.0 || (*i && c.fract() == 0.0));
        let rows = constraints
            .iter()
            .map(|c| {
                let mut terms: Vec<(usize, f64)> = c
                    .expression()
                    .linear_coefficients()
                    .map(|(v, a)| (index[&v], a))
                    .filter(|(_, a)| *a != 0.0)
                    .collect();
                terms.sort_by_key(|t| t.0);
                Row {
                    cols: terms.iter().map(|t| t.0).collect(),
                    coefs: terms.iter().map(|t| t.1).collect(),
                    eq: c.is_equality(),
                    rhs: -c.expression().constant(),
                }
            })
            .collect();
        Mip {
            obj,
            obj_const: sign * objective.constant(),
            lo: defs.iter().map(|(_, d)| d.get_min()).collect(),
            hi: defs.iter().map(|(_, d)| d.get_max()).collect(),
            int,
            rows,
            integral_objective,
            maximise,
        }
    }

    /// Number of columns.
    pub fn n(&self) -> usize {
        self.obj.len()
    }

    /// The LP relaxation as a microlp problem (every column continuous).
    pub fn relaxation(&self) -> (Problem, Vec<microlp::Variable>) {
        let mut p = Problem::new(OptimizationDirection::Maximize);
        let vars: Vec<_> = (0..self.n())
            .map(|j| p.add_var(self.obj[j], (self.lo[j], self.hi[j])))
            .collect();
        for r in self.rows.iter().filter(|r| !r.cols.is_empty()) {
            let mut e = LinearExpr::empty();
            for (c, a) in r.cols.iter().zip(&r.coefs) {
                e.add(vars[*c], *a);
            }
            let op = if r.eq {
                ComparisonOp::Eq
            } else {
                ComparisonOp::Le
            };
            p.add_constraint(e, op, r.rhs);
        }
        (p, vars)
    }

    /// Objective value of `x` (maximisation form, constant included).
    pub fn value(&self, x: &[f64]) -> f64 {
        self.obj_const + self.obj.iter().zip(x).map(|(c, v)| c * v).sum::<f64>()
    }

    /// Whether `x` is integral where it must be and satisfies bounds and rows.
    pub fn feasible(&self, x: &[f64]) -> bool {
        let cols_ok = (0..self.n()).all(|j| {
            let v = x[j];
            v >= self.lo[j] - ROW_TOL
                && v <= self.hi[j] + ROW_TOL
                && (!self.int[j] || v.fract() == 0.0)
        });
        cols_ok && self.rows.iter().all(|r| row_holds(r, x))
    }
}

fn row_holds(r: &Row, x: &[f64]) -> bool {
    let mut lhs = 0.0;
    let mut scale = r.rhs.abs().max(1.0);
    for (c, a) in r.cols.iter().zip(&r.coefs) {
        lhs += a * x[*c];
        scale = scale.max((a * x[*c]).abs());
    }
    let tol = ROW_TOL * scale;
    if r.eq {
        (lhs - r.rhs).abs() <= tol
    } else {
        lhs <= r.rhs + tol
    }
}
