//! The model as plain arrays: columns with bounds, integrality and objective,
//! and sparse rows `a·x <= b` or `a·x = b`, always maximised.
//!
//! Taken from the sparse form every solver receives ([`Sparse`]): the search
//! reads rows many times (feasibility checks of each candidate plan), without
//! their explicit zeros, with the objective's sign flipped when the model
//! minimises.

use std::collections::HashMap;

use leadplan_lp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem};

use super::super::sparse::{Sense, Sparse};

/// Row feasibility tolerance for a candidate plan, relative to the row's scale.
pub(super) const ROW_TOL: f64 = 1e-6;

/// One row: `Σ coefs[k] · x[cols[k]]` is at most (or, with `eq`, exactly) `rhs`.
#[derive(Clone)]
pub(super) struct Row {
    pub cols: Vec<usize>,
    pub coefs: Vec<f64>,
    pub eq: bool,
    pub rhs: f64,
}

/// A mixed-integer program in maximisation form.
#[derive(Clone)]
pub(super) struct Mip {
    /// Objective coefficients (negated when the model minimises).
    pub obj: Vec<f64>,
    /// Constant term of the objective (same sign convention).
    pub obj_const: f64,
    pub lo: Vec<f64>,
    pub hi: Vec<f64>,
    pub int: Vec<bool>,
    pub rows: Vec<Row>,
    /// The model maximises (else the signs above are flipped).
    pub maximise: bool,
}

impl Mip {
    /// The sparse form in maximisation form, explicit zeros dropped.
    pub fn from_sparse(form: Sparse) -> Mip {
        let sign = if form.maximise { 1.0 } else { -1.0 };
        let rows = form
            .rows
            .into_iter()
            .map(|r| {
                let (cols, coefs) = r
                    .cols
                    .iter()
                    .zip(&r.coefs)
                    .filter(|(_, a)| **a != 0.0)
                    .map(|(c, a)| (*c, *a))
                    .unzip();
                Row {
                    cols,
                    coefs,
                    eq: r.sense == Sense::Eq,
                    rhs: r.rhs,
                }
            })
            .collect();
        Mip {
            obj: form.obj.iter().map(|c| sign * c).collect(),
            obj_const: sign * form.obj_const,
            lo: form.lo,
            hi: form.hi,
            int: form.int,
            rows,
            maximise: form.maximise,
        }
    }

    /// A built model's columns and rows (tests build models directly).
    #[cfg(test)]
    pub fn from_model(m: crate::model::Model) -> Mip {
        Mip::from_sparse(Sparse::from_model(m))
    }

    /// Number of columns.
    pub fn n(&self) -> usize {
        self.obj.len()
    }

    /// Whether column `j` is a free 0-1 column (integer, bounds 0 and 1).
    pub fn is_binary(&self, j: usize) -> bool {
        self.int[j] && self.lo[j] == 0.0 && self.hi[j] == 1.0
    }

    /// The model as a problem for the vendored solver (integer columns kept).
    pub fn problem(&self) -> (Problem, Vec<leadplan_lp::Variable>) {
        let mut p = Problem::new(OptimizationDirection::Maximize);
        let vars: Vec<_> = (0..self.n()).map(|j| self.add_column(&mut p, j)).collect();
        self.add_rows(&mut p, &vars);
        (p, vars)
    }

    fn add_rows(&self, p: &mut Problem, vars: &[leadplan_lp::Variable]) {
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
    }

    /// Subtracts equality rows from the rows that repeat them (HiGHS's
    /// "sparsify"): where an inequality holds every column of an equality and
    /// most of them in one proportion `lambda`, the inequality less `lambda`
    /// times the equality says the same of every point that satisfies the
    /// equality, with fewer columns. The model writes a co-lead's minimum
    /// share with a term for every possible lead of the task; less the task's
    /// lead-count row, it is the variable bound `m_it >= sigma C_t x_it` that
    /// the cut separators read, and the LP has a sixth of the nonzeros.
    /// Returns how many rows changed.
    pub fn sparsify(&mut self) -> usize {
        let eqs: Vec<usize> = (0..self.rows.len())
            .filter(|&k| self.rows[k].eq && self.rows[k].cols.len() >= 2)
            .collect();
        let mut by_col: HashMap<usize, Vec<usize>> = HashMap::new();
        for &e in &eqs {
            for &c in &self.rows[e].cols {
                by_col.entry(c).or_default().push(e);
            }
        }
        let mut changed = 0;
        for k in 0..self.rows.len() {
            if self.rows[k].eq || self.rows[k].cols.len() < 3 {
                continue;
            }
            let mut candidates: Vec<usize> = self.rows[k]
                .cols
                .iter()
                .filter_map(|c| by_col.get(c))
                .flatten()
                .copied()
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            for e in candidates {
                if let Some(lambda) = self.repeats(k, e) {
                    let (row, eq) = (&self.rows[k], &self.rows[e]);
                    let mut terms: Vec<(usize, f64)> = row
                        .cols
                        .iter()
                        .copied()
                        .zip(row.coefs.iter().copied())
                        .collect();
                    for (c, a) in eq.cols.iter().zip(&eq.coefs) {
                        let t = terms
                            .iter_mut()
                            .find(|t| t.0 == *c)
                            .expect("checked in repeats");
                        t.1 -= lambda * a;
                    }
                    let scale = row.coefs.iter().fold(0.0f64, |m, a| m.max(a.abs()));
                    terms.retain(|t| t.1.abs() > 1e-12 * scale);
                    let rhs = row.rhs - lambda * eq.rhs;
                    let row = &mut self.rows[k];
                    row.cols = terms.iter().map(|t| t.0).collect();
                    row.coefs = terms.iter().map(|t| t.1).collect();
                    row.rhs = rhs;
                    changed += 1;
                }
            }
        }
        changed
    }

    /// The proportion `lambda` in which row `k` repeats equality `e`: every
    /// column of `e` is in `k`, and more than half of them have
    /// `a_k = lambda a_e` (to 1e-12 relative).
    fn repeats(&self, k: usize, e: usize) -> Option<f64> {
        let (row, eq) = (&self.rows[k], &self.rows[e]);
        let mut ratios = Vec::with_capacity(eq.cols.len());
        for (c, a) in eq.cols.iter().zip(&eq.coefs) {
            let pos = row.cols.binary_search(c).ok()?;
            ratios.push(row.coefs[pos] / a);
        }
        ratios.sort_by(f64::total_cmp);
        let same = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(b.abs());
        let (mut best, mut best_n, mut i) = (0.0, 0, 0);
        while i < ratios.len() {
            let mut j = i;
            while j < ratios.len() && same(ratios[i], ratios[j]) {
                j += 1;
            }
            if j - i > best_n {
                (best, best_n) = (ratios[i], j - i);
            }
            i = j;
        }
        (best != 0.0 && 2 * best_n > ratios.len()).then_some(best)
    }

    /// The LP relaxation: every column continuous within its bounds.
    pub fn relaxation(&self) -> (Problem, Vec<leadplan_lp::Variable>) {
        let mut p = Problem::new(OptimizationDirection::Maximize);
        let vars: Vec<_> = (0..self.n())
            .map(|j| p.add_var(self.obj[j], (self.lo[j], self.hi[j])))
            .collect();
        self.add_rows(&mut p, &vars);
        (p, vars)
    }

    /// Adds column `j`: integer columns with bounds in i32 (as good_lp does
    /// for microlp), others continuous.
    fn add_column(&self, p: &mut Problem, j: usize) -> leadplan_lp::Variable {
        let (lo, hi) = (self.lo[j], self.hi[j]);
        let fits = |v: f64| v.is_finite() && v.abs() <= i32::MAX as f64;
        if self.int[j] && fits(lo) && fits(hi) {
            p.add_integer_var(self.obj[j], (lo.ceil() as i32, hi.floor() as i32))
        } else if self.int[j] {
            // Unbounded integer columns are not built by leadplan's models;
            // kept correct by branching on them as integers anyway.
            p.add_integer_var(self.obj[j], (clamp_i32(lo.ceil()), clamp_i32(hi.floor())))
        } else {
            p.add_var(self.obj[j], (lo, hi))
        }
    }

    /// The largest step that every plan's objective moves by: each objective
    /// coefficient sits on an integer column and is a whole multiple of it
    /// (the greatest common divisor of the coefficients written as decimals:
    /// fit scores in steps of 0.05 give 0.05, GAP costs in whole numbers 1).
    /// `0.0` when there is none (money columns, coefficients beyond six
    /// decimals).
    pub fn objective_step(&self) -> f64 {
        let priced: Vec<(f64, bool)> = (0..self.n())
            .filter(|&j| self.obj[j] != 0.0)
            .map(|j| (self.obj[j], self.int[j]))
            .collect();
        if priced.iter().any(|(_, int)| !int) {
            return 0.0;
        }
        (0..=6)
            .find_map(|k| decimal_gcd(priced.iter().map(|p| p.0), k))
            .unwrap_or(0.0)
    }

    #[cfg(test)]
    /// Objective value of `x` (maximisation form, constant included).
    pub fn value(&self, x: &[f64]) -> f64 {
        self.obj_const + self.obj.iter().zip(x).map(|(c, v)| c * v).sum::<f64>()
    }

    /// Whether every row without columns (`0 <= b`, `0 = b`) holds: the
    /// problem handed to the solver leaves them out.
    pub fn constant_rows_hold(&self) -> bool {
        self.rows
            .iter()
            .filter(|r| r.cols.is_empty())
            .all(|r| row_holds(r, &[]))
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

/// The greatest common divisor of `coefs` when each has at most `k`
/// decimals (as `g / 10^k`); `None` when one has more.
fn decimal_gcd(coefs: impl Iterator<Item = f64>, k: i32) -> Option<f64> {
    let scale = 10f64.powi(k);
    let mut g: u64 = 0;
    for c in coefs {
        let v = (c * scale).abs();
        let r = v.round();
        if v > 1e15 || (v - r).abs() > 1e-9 * r.max(1.0) {
            return None;
        }
        g = gcd(g, r as u64);
    }
    (g > 0).then(|| g as f64 / scale)
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

fn clamp_i32(v: f64) -> i32 {
    v.clamp(i32::MIN as f64, i32::MAX as f64) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mip(obj: Vec<f64>, int: Vec<bool>) -> Mip {
        let n = obj.len();
        Mip {
            obj,
            obj_const: 0.0,
            lo: vec![0.0; n],
            hi: vec![1.0; n],
            int,
            rows: Vec::new(),
            maximise: true,
        }
    }

    /// Whole-number costs step by their greatest common divisor, fit scores
    /// written in hundredths by theirs; zero coefficients do not count.
    #[test]
    fn objective_step_is_the_decimal_gcd_of_the_coefficients() {
        assert_eq!(
            mip(vec![12.0, 18.0, 0.0], vec![true; 3]).objective_step(),
            6.0
        );
        let fit = mip(vec![0.85, 0.6, 9.5], vec![true; 3]);
        assert!((fit.objective_step() - 0.05).abs() < 1e-12);
        // 0.1 * 3 is 0.30000000000000004 in floats: still a multiple of 0.1.
        assert!((mip(vec![0.1 * 3.0, 0.2], vec![true; 2]).objective_step() - 0.1).abs() < 1e-12);
    }

    /// No step when a priced column is continuous (money, fairness) or a
    /// coefficient has no short decimal form: every plan could then differ
    /// from another by less than any step.
    #[test]
    fn objective_step_is_zero_without_a_common_step() {
        assert_eq!(mip(vec![1.0, 2.0], vec![true, false]).objective_step(), 0.0);
        assert_eq!(
            mip(vec![1.0 / 3.0, 1.0], vec![true; 2]).objective_step(),
            0.0
        );
    }
}
