//! The one form every solver receives: columns with bounds, integrality and
//! objective, and sparse rows indexed by column, taken from the good_lp model
//! once ([`Sparse::from_model`]).
//!
//! good_lp is the language the model is written in; it keeps rows as hash maps
//! of opaque variables. Here each row is a list of (column, coefficient) in
//! column order (so that every run hands a solver the same problem), kept
//! exactly as written (explicit zero coefficients and rows without columns
//! stay, for the backends that read them), in good_lp's `<=` form: a `>=` row
//! comes negated.

use std::collections::HashMap;

use good_lp::{IntoAffineExpression, Variable};

use crate::model::Model;

/// How a row compares its left side with its right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sense {
    /// `a·x <= b`.
    Le,
    /// `a·x = b`.
    Eq,
}

/// One row `Σ coefs[k] · x[cols[k]]` against `rhs`, in `<=` form (or `=`).
#[derive(Clone, Debug)]
pub(crate) struct SparseRow {
    pub cols: Vec<usize>,
    pub coefs: Vec<f64>,
    pub sense: Sense,
    pub rhs: f64,
}

/// A mixed-integer program as plain arrays.
#[derive(Clone, Debug)]
pub(crate) struct Sparse {
    /// Objective coefficients, as the model states them (not sign-flipped).
    pub obj: Vec<f64>,
    /// Constant term of the objective.
    pub obj_const: f64,
    pub lo: Vec<f64>,
    pub hi: Vec<f64>,
    pub int: Vec<bool>,
    pub rows: Vec<SparseRow>,
    /// The model maximises (else minimises).
    pub maximise: bool,
    /// Objective coefficients are integers on integer columns only: a gap below
    /// 1 proves optimality (read by HiGHS's gap option).
    #[cfg_attr(not(feature = "highs"), allow(dead_code))]
    pub integral_objective: bool,
    /// A first plan for the search (`(column, value)` of integer columns).
    #[cfg_attr(feature = "highs", allow(dead_code))]
    pub start: Vec<(usize, f64)>,
}

impl Sparse {
    /// The columns and rows of a built model, in column order.
    pub fn from_model(m: Model) -> Sparse {
        let Model {
            vars,
            objective,
            constraints,
            maximise,
            integral_objective,
            start,
            ..
        } = m;
        let defs: Vec<_> = vars.iter_variables_with_def().collect();
        let index: HashMap<Variable, usize> =
            defs.iter().enumerate().map(|(k, (v, _))| (*v, k)).collect();
        let mut obj = vec![0.0; defs.len()];
        for (v, c) in (&objective).linear_coefficients() {
            obj[index[&v]] += c;
        }
        let rows = constraints
            .iter()
            .map(|c| {
                let mut terms: Vec<(usize, f64)> = c
                    .expression()
                    .linear_coefficients()
                    .map(|(v, a)| (index[&v], a))
                    .collect();
                terms.sort_by_key(|t| t.0);
                let sense = if c.is_equality() {
                    Sense::Eq
                } else {
                    Sense::Le
                };
                SparseRow {
                    cols: terms.iter().map(|t| t.0).collect(),
                    coefs: terms.iter().map(|t| t.1).collect(),
                    sense,
                    rhs: -c.expression().constant(),
                }
            })
            .collect();
        Sparse {
            obj,
            obj_const: objective.constant(),
            lo: defs.iter().map(|(_, d)| d.get_min()).collect(),
            hi: defs.iter().map(|(_, d)| d.get_max()).collect(),
            int: defs.iter().map(|(_, d)| d.is_integer()).collect(),
            rows,
            maximise,
            integral_objective,
            start,
        }
    }

    /// Number of columns.
    pub fn n(&self) -> usize {
        self.obj.len()
    }
}
