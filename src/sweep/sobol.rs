//! Sobol sensitivity indices from a Saltelli design, with bootstrap intervals.
//!
//! With `A` and `B` two independent sample matrices and `A_B^j` the matrix `A`
//! with column `j` taken from `B`, the first-order index uses Saltelli's (2010)
//! estimator `S_j = mean(f(B) (f(A_B^j) - f(A))) / V` and the total index
//! Jansen's (1999) `ST_j = mean((f(A) - f(A_B^j))^2) / (2 V)`, with `V` the
//! variance of `f(A)` and `f(B)` together, on outputs centred by their mean
//! (the S1 estimator is not shift-invariant). Confidence intervals are percentile
//! bootstrap intervals over the base samples, drawn from a ChaCha stream keyed
//! by the master seed. Sums run serially in sample order.

use serde::Serialize;

use super::streams::{stream, Purpose};

/// One parameter's indices and their 95% bootstrap intervals.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Index {
    /// First-order index.
    pub s1: f64,
    /// 95% interval of `s1`.
    pub s1_ci: [f64; 2],
    /// Total index.
    pub st: f64,
    /// 95% interval of `st`.
    pub st_ci: [f64; 2],
}

/// Model outputs of a Saltelli design: `fa[i]`, `fb[i]`, `fab[j][i]`.
pub struct Outputs<'a> {
    /// `f(A)` per base sample.
    pub fa: &'a [f64],
    /// `f(B)` per base sample.
    pub fb: &'a [f64],
    /// `f(A_B^j)` per parameter, per base sample.
    pub fab: &'a [Vec<f64>],
}

/// Point estimates `(S1, ST)` per parameter over the samples `idx`; `None` when
/// the output does not vary.
fn estimate(o: &Outputs, idx: &[usize]) -> Option<Vec<(f64, f64)>> {
    let n = idx.len() as f64;
    let mean = idx.iter().map(|&i| o.fa[i] + o.fb[i]).sum::<f64>() / (2.0 * n);
    let var = idx
        .iter()
        .map(|&i| (o.fa[i] - mean).powi(2) + (o.fb[i] - mean).powi(2))
        .sum::<f64>()
        / (2.0 * n);
    if var <= 1e-300 || !var.is_finite() {
        return None;
    }
    let out = o
        .fab
        .iter()
        .map(|fab| {
            let s1 = idx
                .iter()
                .map(|&i| o.fb[i] * (fab[i] - o.fa[i]))
                .sum::<f64>()
                / n
                / var;
            let st = idx.iter().map(|&i| (o.fa[i] - fab[i]).powi(2)).sum::<f64>() / (2.0 * n) / var;
            (s1, st)
        })
        .collect();
    Some(out)
}

/// Percentile `p` in [0, 1] of sorted data, linear between order statistics.
pub fn percentile_sorted(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Indices with `resamples` bootstrap resamples (seeded by `seed`); `None` when
/// the output does not vary or there are fewer than two samples.
pub fn indices(o: &Outputs, resamples: usize, seed: u64) -> Option<Vec<Index>> {
    let n = o.fa.len();
    if n < 2 {
        return None;
    }
    // Centre the outputs first: the S1 estimator is not shift-invariant in finite
    // samples, and a large mean inflates its variance (SALib does the same).
    let mean = (o.fa.iter().sum::<f64>() + o.fb.iter().sum::<f64>()) / (2 * n) as f64;
    let centre = |v: &[f64]| -> Vec<f64> { v.iter().map(|x| x - mean).collect() };
    let (fa, fb) = (centre(o.fa), centre(o.fb));
    let fab: Vec<Vec<f64>> = o.fab.iter().map(|v| centre(v)).collect();
    let o = &Outputs {
        fa: &fa,
        fb: &fb,
        fab: &fab,
    };
    let all: Vec<usize> = (0..n).collect();
    let point = estimate(o, &all)?;
    let k = point.len();
    let mut boot: Vec<(Vec<f64>, Vec<f64>)> =
        vec![(Vec::with_capacity(resamples), Vec::with_capacity(resamples)); k];
    let mut idx = vec![0usize; n];
    for b in 0..resamples {
        let mut rng = stream(seed, Purpose::Bootstrap, b as u64);
        for slot in idx.iter_mut() {
            *slot = (super::streams::unit(&mut rng) * n as f64) as usize;
        }
        if let Some(est) = estimate(o, &idx) {
            for (j, (s1, st)) in est.into_iter().enumerate() {
                boot[j].0.push(s1);
                boot[j].1.push(st);
            }
        }
    }
    let ci = |v: &mut Vec<f64>, x: f64| {
        if v.is_empty() {
            return [x, x];
        }
        v.sort_by(f64::total_cmp);
        [percentile_sorted(v, 0.025), percentile_sorted(v, 0.975)]
    };
    Some(
        point
            .into_iter()
            .zip(boot.iter_mut())
            .map(|((s1, st), (b1, bt))| Index {
                s1,
                s1_ci: ci(b1, s1),
                st,
                st_ci: ci(bt, st),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(percentile_sorted(&v, 0.5), 3.0);
        assert_eq!(percentile_sorted(&v, 0.0), 1.0);
        assert_eq!(percentile_sorted(&v, 1.0), 5.0);
        assert!((percentile_sorted(&v, 0.05) - 1.2).abs() < 1e-12);
    }

    /// Ishigami: f = sin x1 + 7 sin^2 x2 + 0.1 x3^4 sin x1 on [-pi, pi]^3, whose
    /// indices are known in closed form (Ishigami & Homma 1990; Saltelli et al. 2008).
    #[test]
    fn ishigami_indices_match_the_closed_form() {
        use crate::sweep::design::{Design, DesignKind};
        use std::f64::consts::PI;
        let n = 1 << 13;
        let d = Design::new(DesignKind::Saltelli, 42, n, vec![0; 3]);
        let f = |u: &[f64]| {
            let x: Vec<f64> = u.iter().map(|v| -PI + 2.0 * PI * v).collect();
            x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
        };
        let y: Vec<f64> = (0..d.runs()).map(|r| f(&d.point(r))).collect();
        let g = 5;
        let fa: Vec<f64> = (0..n as usize).map(|i| y[i * g]).collect();
        let fb: Vec<f64> = (0..n as usize).map(|i| y[i * g + 1]).collect();
        let fab: Vec<Vec<f64>> = (0..3)
            .map(|j| (0..n as usize).map(|i| y[i * g + 2 + j]).collect())
            .collect();
        let ix = indices(
            &Outputs {
                fa: &fa,
                fb: &fb,
                fab: &fab,
            },
            200,
            1,
        )
        .unwrap();
        // Closed form: V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2 with a = 7, b = 0.1.
        let (a, b) = (7.0, 0.1);
        let v = a * a / 8.0 + b * PI.powi(4) / 5.0 + b * b * PI.powi(8) / 18.0 + 0.5;
        let v1 = 0.5 * (1.0 + b * PI.powi(4) / 5.0).powi(2);
        let v2 = a * a / 8.0;
        let v13 = b * b * PI.powi(8) * (1.0 / 18.0 - 1.0 / 50.0);
        let s1 = [v1 / v, v2 / v, 0.0];
        let st = [(v1 + v13) / v, v2 / v, v13 / v];
        assert!((s1[0] - 0.3139).abs() < 1e-3 && (st[2] - 0.2437).abs() < 1e-3);
        for j in 0..3 {
            assert!(
                (ix[j].s1 - s1[j]).abs() < 0.02,
                "S1[{j}] = {} vs {}",
                ix[j].s1,
                s1[j]
            );
            assert!(
                (ix[j].st - st[j]).abs() < 0.02,
                "ST[{j}] = {} vs {}",
                ix[j].st,
                st[j]
            );
            assert!(ix[j].s1_ci[0] <= ix[j].s1 && ix[j].s1 <= ix[j].s1_ci[1]);
            assert!(ix[j].st_ci[0] <= ix[j].st && ix[j].st <= ix[j].st_ci[1]);
            assert!(ix[j].st_ci[1] - ix[j].st_ci[0] < 0.1);
        }
    }

    #[test]
    fn a_constant_output_has_no_indices() {
        let fa = vec![1.0; 4];
        let fab = vec![vec![1.0; 4]];
        assert!(indices(
            &Outputs {
                fa: &fa,
                fb: &fa,
                fab: &fab
            },
            10,
            0
        )
        .is_none());
    }
}
