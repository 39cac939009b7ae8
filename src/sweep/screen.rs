//! Rank-correlation screening: which parameters move an output, for any design.
//!
//! Spearman's rho is Pearson's correlation of ranks (ties get their average
//! rank), so it catches any monotone influence, whatever the scale or
//! distribution of the parameter. To keep memory bounded, a sweep screens every
//! `stride`-th run (`stride` chosen up front from the run count so that at most
//! [`cap`] runs are kept); the sample is fixed by the design, never by
//! timing.

/// Most runs kept for screening.
pub const SCREEN_CAP: u64 = 100_000;

/// Most parameter values kept for screening (32 MB of floats).
pub const SCREEN_VALUES: u64 = 4_000_000;

/// Runs kept for screening `k` parameters: [`SCREEN_CAP`], fewer (down to
/// 10,000) when that many runs would hold more than [`SCREEN_VALUES`] values.
pub fn cap(k: usize) -> u64 {
    (SCREEN_VALUES / k.max(1) as u64).clamp(10_000, SCREEN_CAP)
}

/// The stride that keeps at most [`cap`]`(k)` of `runs` runs.
pub fn stride(runs: u64, k: usize) -> u64 {
    runs.div_ceil(cap(k)).max(1)
}

/// Average ranks (1-based) of `x`.
pub fn ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]).then(a.cmp(&b)));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && x[order[j + 1]] == x[order[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &o in &order[i..=j] {
            r[o] = avg;
        }
        i = j + 1;
    }
    r
}

/// Pearson correlation; `None` when either side is constant or fewer than 3 points.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len();
    if n < 3 || y.len() != n {
        return None;
    }
    let mx = x.iter().sum::<f64>() / n as f64;
    let my = y.iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    Some((sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

/// Spearman's rank correlation.
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    pearson(&ranks(x), &ranks(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_get_average_ranks() {
        assert_eq!(ranks(&[10.0, 20.0, 10.0, 5.0]), vec![2.5, 4.0, 2.5, 1.0]);
    }

    #[test]
    fn monotone_relations_have_rho_one() {
        let x: Vec<f64> = (0..20).map(|i| i as f64).collect();
        let y: Vec<f64> = x.iter().map(|v| v.powi(3) - 5.0).collect();
        assert!((spearman(&x, &y).unwrap() - 1.0).abs() < 1e-12);
        let z: Vec<f64> = x.iter().map(|v| -v.exp()).collect();
        assert!((spearman(&x, &z).unwrap() + 1.0).abs() < 1e-12);
        assert_eq!(spearman(&x, &[1.0; 20]), None);
    }

    #[test]
    fn matches_the_textbook_formula_without_ties() {
        // rho = 1 - 6 sum d^2 / (n (n^2 - 1))
        let x = [3.0, 1.0, 4.0, 1.5, 5.0, 9.0, 2.0, 6.0];
        let y = [2.0, 7.0, 1.0, 8.0, 2.8, 1.8, 2.9, 0.5];
        let (rx, ry) = (ranks(&x), ranks(&y));
        let d2: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - b).powi(2)).sum();
        let n = x.len() as f64;
        let expected = 1.0 - 6.0 * d2 / (n * (n * n - 1.0));
        assert!((spearman(&x, &y).unwrap() - expected).abs() < 1e-12);
    }

    #[test]
    fn stride_keeps_at_most_the_cap() {
        assert_eq!(stride(10, 3), 1);
        assert_eq!(stride(SCREEN_CAP, 3), 1);
        assert_eq!(stride(SCREEN_CAP + 1, 3), 2);
        assert!(1_000_000u64.div_ceil(stride(1_000_000, 3)) <= SCREEN_CAP);
        assert_eq!(cap(128), 31_250);
        assert!(1_000_000u64.div_ceil(stride(1_000_000, 128)) * 128 <= SCREEN_VALUES);
    }
}
