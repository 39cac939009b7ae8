//! Complemented mixed-integer rounding (c-MIR) cuts from single rows
//! (Marchand and Wolsey, "Aggregation and mixed integer rounding to solve
//! MIPs", Operations Research 49, 2001), for the root cut rounds of
//! [`super::cuts`].
//!
//! A row `sum a_j x_j + sum a_c c <= b` over 0-1 columns `x` and continuous
//! columns `c` is first relaxed to `sum a'_j y_j - s <= b'` with `y` the 0-1
//! columns, complemented (`1 - x`) where the LP point is above one half, and
//! `s >= 0` gathering the continuous terms: each continuous column is measured
//! from the bound nearest the point (a term that can only add to the left side
//! is dropped; a variable lower bound `c >= k b + c0` turns `a_c c` into `a_c (k b + c0)`
//! plus a dropped rest). For a divisor `delta`, with `beta = b'/delta` and `f`
//! its fractional part, every 0-1 point satisfies
//! `sum F(a'_j/delta) y_j - s/(delta (1 - f)) <= floor(beta)`,
//! `F(a) = floor(a) + max(0, frac(a) - f)/(1 - f)`. Divisors tried: the
//! weights of the columns the point takes fractionally, and halves, quarters
//! and eighths of the best of them; the most efficacious cut (violation over
//! its norm) is kept.
//!
//! The fairness rows (a country's spending less its deviation at most its fair
//! share) and the budget rows with co-lead payments are of this kind: their
//! covers alone say nothing about the continuous part.

use std::collections::BTreeMap;

use super::mip::{Mip, Row, ROW_TOL};

/// A cut is kept when the point breaks it by more than this...
const MIN_VIOLATION: f64 = 1e-4;
/// ...and by more than this relative to the cut's norm.
const MIN_EFFICACY: f64 = 1e-4;
/// Fractional parts of `beta` closer than this to 0 or 1 give cuts too steep
/// to be numerically safe.
const MIN_FRAC: f64 = 0.05;

/// The c-MIR cut from row `r` that the point `x` breaks most, if any.
pub(super) fn separate(mip: &Mip, r: &Row, x: &[f64], vlb: &BTreeMap<usize, Vlb>) -> Option<Row> {
    let mut rhs = r.rhs;
    let mut scale = r.rhs.abs().max(1.0);
    // 0-1 columns and their weights; continuous terms in s: (col, coef in s, bound)
    let mut w: BTreeMap<usize, f64> = BTreeMap::new();
    let mut s: Vec<(usize, f64, f64)> = Vec::new();
    for (&j, &a) in r.cols.iter().zip(&r.coefs) {
        scale = scale.max(a.abs());
        if mip.is_binary(j) {
            *w.entry(j).or_default() += a;
            continue;
        }
        if mip.lo[j] == mip.hi[j] {
            rhs -= a * mip.lo[j];
            continue;
        }
        let (lo, hi, v) = (mip.lo[j], mip.hi[j], x[j]);
        let near_lo = lo.is_finite() && (!hi.is_finite() || v - lo <= hi - v);
        if a > 0.0 {
            if let Some(v) = vlb.get(&j).filter(|_| lo <= 0.0) {
                // a c = a (k b + c0) + a (c - k b - c0), the rest >= 0 dropped
                *w.entry(v.b).or_default() += a * v.k;
                rhs -= a * v.c0;
                scale = scale.max((a * v.c0).abs());
                continue;
            }
            if near_lo {
                rhs -= a * lo; // a (c - lo) >= 0 dropped
            } else if hi.is_finite() {
                rhs -= a * hi; // a c = a hi - a (hi - c)
                s.push((j, a, hi));
            } else {
                return None;
            }
        } else if !near_lo && hi.is_finite() {
            rhs -= a * hi; // a (c - hi) >= 0 dropped
        } else if lo.is_finite() {
            rhs -= a * lo; // a c = a lo - |a| (c - lo)
            s.push((j, a, lo));
        } else {
            return None;
        }
        scale = scale.max((a * lo).abs().min((a * hi).abs()));
    }
    // complement where the point is above one half: a x = a - a (1 - x)
    let mut items: Vec<(usize, f64, bool)> = Vec::new();
    for (j, a) in w {
        if a == 0.0 {
            continue;
        }
        if x[j] > 0.5 {
            rhs -= a;
            items.push((j, -a, true));
        } else {
            items.push((j, a, false));
        }
    }
    if items.is_empty() {
        return None;
    }
    rhs += 10.0 * ROW_TOL * scale;
    let y = |&(j, _, flip): &(usize, f64, bool)| if flip { 1.0 - x[j] } else { x[j] };
    let s_val: f64 = s
        .iter()
        .map(|&(j, a, bound)| {
            if a > 0.0 {
                a * (bound - x[j])
            } else {
                -a * (x[j] - bound)
            }
        })
        .sum::<f64>()
        .max(0.0);
    // (efficacy, delta)
    let score = |delta: f64| -> Option<f64> {
        let beta = rhs / delta;
        let f = beta - beta.floor();
        if !(MIN_FRAC..=1.0 - MIN_FRAC).contains(&f) {
            return None;
        }
        let mut lhs = -s_val / (delta * (1.0 - f));
        let mut norm = 0.0;
        for it in &items {
            let g = rounded(it.1 / delta, f);
            lhs += g * y(it);
            norm += g * g;
        }
        let viol = lhs - beta.floor();
        (viol > MIN_VIOLATION && norm > 0.0).then(|| viol / norm.sqrt())
    };
    let mut best: Option<(f64, f64)> = None;
    let consider = |delta: f64, best: &mut Option<(f64, f64)>| {
        if delta > 0.0 && delta.is_finite() {
            if let Some(e) = score(delta) {
                if best.is_none_or(|(b, _)| e > b) {
                    *best = Some((e, delta));
                }
            }
        }
    };
    for it in items.iter().filter(|it| {
        let v = x[it.0];
        v > 1e-6 && v < 1.0 - 1e-6
    }) {
        consider(it.1.abs(), &mut best);
    }
    let (_, d0) = best?;
    for k in [2.0, 4.0, 8.0] {
        consider(d0 / k, &mut best);
    }
    let (eff, delta) = best?;
    if eff < MIN_EFFICACY {
        return None;
    }
    let beta = rhs / delta;
    let f = beta - beta.floor();
    let mut cut_rhs = beta.floor();
    let mut coef: BTreeMap<usize, f64> = BTreeMap::new();
    for &(j, a, flip) in &items {
        let g = rounded(a / delta, f);
        if flip {
            // g (1 - x)
            cut_rhs -= g;
            *coef.entry(j).or_default() -= g;
        } else {
            *coef.entry(j).or_default() += g;
        }
    }
    for &(j, a, bound) in &s {
        // - s/(delta (1 - f)); s holds a (bound - c) for a > 0, |a| (c - bound) for a < 0:
        // both are a (bound - c)
        let k = a / (delta * (1.0 - f));
        *coef.entry(j).or_default() += k;
        cut_rhs += k * bound;
    }
    let (cols, coefs): (Vec<usize>, Vec<f64>) = coef.into_iter().filter(|t| t.1 != 0.0).unzip();
    (!cols.is_empty()).then_some(Row {
        cols,
        coefs,
        eq: false,
        rhs: cut_rhs,
    })
}

/// The MIR function `F(a) = floor(a) + max(0, frac(a) - f) / (1 - f)`.
fn rounded(a: f64, f: f64) -> f64 {
    let fl = a.floor();
    fl + ((a - fl) - f).max(0.0) / (1.0 - f)
}

/// A variable lower bound `c >= k b + c0` of a continuous column `c` on a 0-1
/// column `b` (`k > 0`).
#[derive(Clone, Copy)]
pub(super) struct Vlb {
    pub b: usize,
    pub k: f64,
    pub c0: f64,
}
