//! Correlated inputs: Iman and Conover's rank reordering of a design.
//!
//! A sweep file may ask that some parameters move together
//! (`[[sweep.correlation]]`, read by [`super::correlation`]): a Spearman rank
//! correlation between them. The method is Iman, R. L. and Conover, W. J.
//! (1982), "A distribution-free approach to inducing rank correlation among
//! input variables", *Communications in Statistics - Simulation and
//! Computation* 11(3), 311-334. Over the `n` runs of the design:
//!
//! 1. Scores: for each correlated parameter, the van der Waerden scores
//!    `Φ⁻¹(i / (n + 1))`, `i = 1..n`, in a random order of its own
//!    (Fisher-Yates on ChaCha8 keyed by the master seed and the parameter's
//!    place in the correlation), the columns of a matrix `S`.
//! 2. Their sample correlation `E = Q Qᵀ` and the target `C = P Pᵀ` (Cholesky
//!    factors): `T = S (P Q⁻¹)ᵀ` has a sample correlation of exactly `C`
//!    (Iman and Conover's correction for the chance correlation of `S`).
//! 3. Each correlated parameter's column of the design is reordered so that
//!    its ranks are those of `T`'s column: run `r` takes the design's value
//!    whose rank in its column is the rank of `T[r]`.
//!
//! Step 3 only reorders a column, so every parameter keeps exactly the values
//! the independent design gave it: its marginal distribution is unchanged (a
//! Latin hypercube column still has one value in each stratum). Parameters
//! outside every correlation keep their column and order as they were.
//!
//! The target `C` is not the requested Spearman matrix itself: the scores are
//! normal, and for normal variables Pearson's correlation `r` and Spearman's
//! `ρ` are tied by `ρ = (6/π) asin(r/2)` (Pearson 1907; Kruskal 1958), so
//! `C = 2 sin(π ρ / 6)` gives the ranks, and hence the parameters, the
//! requested Spearman correlation (up to sampling noise of order `1/√n`). The
//! two differ by up to 0.018, which Iman and Conover's original use of `ρ` as
//! `C` would leave in every run.
//!
//! Determinism: the reordering is computed serially, once per sweep, from the
//! master seed and the run count alone. Run `r`'s point is then a pure
//! function of `(seed, r)` as in an independent design, so results do not
//! depend on thread count, shard or resumption.

use rand_chacha::rand_core::Rng;

use super::dist::normal_quantile;
use super::streams::{stream, Purpose};

/// A square matrix, by rows.
pub type Matrix = Vec<Vec<f64>>;

/// A checked correlation request over some of a sweep's parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Correlation {
    /// Indices into the sweep's parameters, ascending.
    pub params: Vec<usize>,
    /// Their names.
    pub names: Vec<String>,
    /// The Spearman matrix asked for, over `params` (0 where no table sets a pair).
    pub spearman: Matrix,
}

/// The Pearson correlation of normal scores whose Spearman correlation is `rho`:
/// `2 sin(π ρ / 6)`, entry by entry (the diagonal stays 1).
pub fn normal_score_target(rho: &Matrix) -> Matrix {
    rho.iter()
        .enumerate()
        .map(|(i, row)| {
            row.iter()
                .enumerate()
                .map(|(j, &r)| {
                    if i == j {
                        1.0
                    } else {
                        2.0 * (std::f64::consts::PI * r / 6.0).sin()
                    }
                })
                .collect()
        })
        .collect()
}

/// The lower Cholesky factor `L` of `a` (`a = L Lᵀ`), or `None` when `a` is
/// not positive definite (a pivot at or below 1e-10).
pub fn cholesky(a: &Matrix) -> Option<Matrix> {
    let m = a.len();
    let mut l = vec![vec![0.0; m]; m];
    for i in 0..m {
        for j in 0..=i {
            let dot: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = a[i][i] - dot;
                if d.is_nan() || d <= 1e-10 {
                    return None;
                }
                l[i][i] = d.sqrt();
            } else {
                l[i][j] = (a[i][j] - dot) / l[j][j];
            }
        }
    }
    Some(l)
}

/// Whether the Spearman matrix `rho` can be induced: its normal-score target is
/// positive definite.
pub fn feasible(rho: &Matrix) -> bool {
    cholesky(&normal_score_target(rho)).is_some()
}

/// The largest factor `s` (two decimals, rounded down) such that multiplying
/// every off-diagonal entry of `rho` by `s` makes it feasible: the nearest
/// fix that keeps the pattern of the correlations.
pub fn largest_feasible_shrink(rho: &Matrix) -> f64 {
    let scaled = |s: f64| -> Matrix {
        rho.iter()
            .enumerate()
            .map(|(i, row)| {
                row.iter()
                    .enumerate()
                    .map(|(j, &r)| if i == j { 1.0 } else { r * s })
                    .collect()
            })
            .collect()
    };
    (0..=100)
        .rev()
        .map(|k| k as f64 / 100.0)
        .find(|&s| feasible(&scaled(s)))
        .unwrap_or(0.0)
}

/// The inverse of a lower triangular matrix with a positive diagonal.
fn lower_inverse(l: &Matrix) -> Matrix {
    let m = l.len();
    let mut inv = vec![vec![0.0; m]; m];
    for j in 0..m {
        inv[j][j] = 1.0 / l[j][j];
        for i in j + 1..m {
            let s: f64 = (j..i).map(|k| l[i][k] * inv[k][j]).sum();
            inv[i][j] = -s / l[i][i];
        }
    }
    inv
}

/// The product of two lower triangular matrices.
fn lower_product(a: &Matrix, b: &Matrix) -> Matrix {
    let m = a.len();
    let mut out = vec![vec![0.0; m]; m];
    for i in 0..m {
        for j in 0..=i {
            out[i][j] = (j..=i).map(|k| a[i][k] * b[k][j]).sum();
        }
    }
    out
}

/// Pearson correlation matrix of the columns (computed serially, in run order).
fn correlation_of(cols: &[Vec<f64>]) -> Matrix {
    let m = cols.len();
    let centred: Vec<Vec<f64>> = cols
        .iter()
        .map(|c| {
            let mean = c.iter().sum::<f64>() / c.len().max(1) as f64;
            c.iter().map(|x| x - mean).collect()
        })
        .collect();
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let norms: Vec<f64> = centred.iter().map(|c| dot(c, c).sqrt()).collect();
    let mut e = vec![vec![1.0; m]; m];
    for i in 0..m {
        for j in 0..i {
            let r = dot(&centred[i], &centred[j]) / (norms[i] * norms[j]);
            e[i][j] = r;
            e[j][i] = r;
        }
    }
    e
}

/// Van der Waerden scores `Φ⁻¹(i / (n + 1))`, `i = 1..n`, shuffled by
/// Fisher-Yates on ChaCha8 stream `column` of `(seed, correlation)`.
fn shuffled_scores(n: usize, seed: u64, column: usize) -> Vec<f64> {
    let mut s: Vec<f64> = (1..=n)
        .map(|i| normal_quantile(i as f64 / (n as f64 + 1.0)))
        .collect();
    let mut rng = stream(seed, Purpose::Correlation, column as u64);
    for i in (1..n).rev() {
        // Multiply-shift: uniform on 0..=i up to a bias below n / 2^64.
        let j = ((u128::from(rng.next_u64()) * (i as u128 + 1)) >> 64) as usize;
        s.swap(i, j);
    }
    s
}

/// Indices `0..n` sorted by `x`, ties by index (a total order: the result does
/// not depend on the sort algorithm).
fn order_of(x: &[f64]) -> Vec<u32> {
    let mut o: Vec<u32> = (0..x.len() as u32).collect();
    o.sort_unstable_by(|&a, &b| x[a as usize].total_cmp(&x[b as usize]).then(a.cmp(&b)));
    o
}

/// Iman-Conover over the design's columns `base` (one per correlated
/// parameter, `n` runs each) towards the Pearson target `c` of the scores
/// ([`normal_score_target`]): for each column, the run whose design value run
/// `r` takes. `None` when `c` is not positive definite.
pub fn reorder(base: &[Vec<f64>], c: &Matrix, seed: u64) -> Option<Vec<Vec<u32>>> {
    let m = base.len();
    let n = base.first().map_or(0, Vec::len);
    let scores: Vec<Vec<f64>> = (0..m).map(|l| shuffled_scores(n, seed, l)).collect();
    let p = cholesky(c)?;
    let b = match cholesky(&correlation_of(&scores)) {
        Some(q) => lower_product(&p, &lower_inverse(&q)),
        // Fewer runs than parameters: the scores' own correlation is singular
        // and is left uncorrected (Iman and Conover's uncorrected method).
        None => p,
    };
    let mut out = Vec::with_capacity(m);
    for (j, column) in base.iter().enumerate() {
        let t: Vec<f64> = (0..n)
            .map(|r| (0..=j).map(|l| b[j][l] * scores[l][r]).sum())
            .collect();
        let by_t = order_of(&t);
        let by_value = order_of(column);
        let mut src = vec![0u32; n];
        for (rank, &run) in by_t.iter().enumerate() {
            src[run as usize] = by_value[rank];
        }
        out.push(src);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_reproduces_the_matrix_and_refuses_indefinite_ones() {
        let a = vec![
            vec![1.0, 0.5, 0.2],
            vec![0.5, 1.0, 0.3],
            vec![0.2, 0.3, 1.0],
        ];
        let l = cholesky(&a).unwrap();
        for i in 0..3 {
            for j in 0..3 {
                let v: f64 = (0..3).map(|k| l[i][k] * l[j][k]).sum();
                assert!((v - a[i][j]).abs() < 1e-12);
            }
        }
        let bad = vec![
            vec![1.0, 0.9, -0.9],
            vec![0.9, 1.0, 0.9],
            vec![-0.9, 0.9, 1.0],
        ];
        assert!(cholesky(&bad).is_none());
        assert!(cholesky(&vec![vec![1.0, 1.0], vec![1.0, 1.0]]).is_none());
    }

    #[test]
    fn the_score_target_follows_the_normal_relation() {
        let c = normal_score_target(&vec![vec![1.0, 0.5], vec![0.5, 1.0]]);
        // (6/π) asin(r/2) = 0.5 at r = 2 sin(π/12) = 0.517638...
        assert!((c[0][1] - 0.517_638_090_205_041_5).abs() < 1e-12);
        assert_eq!(c[0][0], 1.0);
        let back = 6.0 / std::f64::consts::PI * (c[0][1] / 2.0).asin();
        assert!((back - 0.5).abs() < 1e-12);
    }

    #[test]
    fn the_shrink_is_the_largest_that_works() {
        let g = |r: f64| vec![vec![1.0, r, r], vec![r, 1.0, r], vec![r, r, 1.0]];
        // Three equicorrelated parameters need a score correlation above -1/2.
        let s = largest_feasible_shrink(&g(-0.9));
        assert!(feasible(&g(-0.9 * s)) && !feasible(&g(-0.9 * (s + 0.01))));
        assert_eq!(largest_feasible_shrink(&g(0.5)), 1.0);
    }

    #[test]
    fn lower_inverse_inverts() {
        let l = vec![vec![2.0, 0.0], vec![1.0, 3.0]];
        let p = lower_product(&l, &lower_inverse(&l));
        assert!((p[0][0] - 1.0).abs() < 1e-15 && (p[1][1] - 1.0).abs() < 1e-15);
        assert!(p[1][0].abs() < 1e-15);
    }

    #[test]
    fn reordering_permutes_each_column() {
        let n = 500;
        let base: Vec<Vec<f64>> = (0..2)
            .map(|j| (0..n).map(|r| ((r * 7 + j * 3) % n) as f64).collect())
            .collect();
        let c = normal_score_target(&vec![vec![1.0, 0.8], vec![0.8, 1.0]]);
        let src = reorder(&base, &c, 9).unwrap();
        for s in &src {
            let mut sorted = s.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..n as u32).collect::<Vec<_>>());
        }
        assert_eq!(src, reorder(&base, &c, 9).unwrap());
        assert_ne!(src, reorder(&base, &c, 10).unwrap());
    }
}
