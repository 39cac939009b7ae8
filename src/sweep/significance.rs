//! When a rank correlation is a finding and not sampling noise.
//!
//! A sweep of a few thousand runs always gives every parameter some nonzero
//! Spearman's rho with the outputs, even a parameter the plan cannot feel.
//! A parameter is called a driver only when its rho passes a stated test:
//! the large-sample test of a rank correlation, t = rho sqrt((n - 2) / (1 - rho^2))
//! against Student's t with n - 2 degrees of freedom, two-sided, at 5%, with a
//! Bonferroni correction over the parameters screened (each output, objective
//! and whole-plan survival, is its own family of tests). The equivalent
//! threshold on |rho| is printed with the result, so a reader can check any row.
//!
//! One rule, used by the summary the sweep writes, by the report and by the
//! drivers chart.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// Family-wise level of the test.
pub const ALPHA: f64 = 0.05;

/// Two-sided p-value of Spearman's `rho` over `n` runs (`None` below 3 runs).
pub fn rho_p_value(rho: f64, n: u64) -> Option<f64> {
    if n < 3 || !rho.is_finite() {
        return None;
    }
    let df = (n - 2) as f64;
    if rho.abs() >= 1.0 {
        return Some(0.0);
    }
    let t = rho.abs() * (df / (1.0 - rho * rho)).sqrt();
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    Some((2.0 * dist.sf(t)).clamp(0.0, 1.0))
}

/// Whether a p-value passes the test corrected over `tests` parameters.
pub fn significant(p: Option<f64>, tests: usize) -> bool {
    p.is_some_and(|p| p <= ALPHA / tests.max(1) as f64)
}

/// The smallest |rho| that passes over `n` runs and `tests` parameters.
pub fn critical_rho(n: u64, tests: usize) -> Option<f64> {
    if n < 3 {
        return None;
    }
    let df = (n - 2) as f64;
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    let t = dist.inverse_cdf(1.0 - ALPHA / (2.0 * tests.max(1) as f64));
    Some(t / (df + t * t).sqrt())
}

/// The test in words: `Spearman's rho, two-sided t-test at 5% with a
/// Bonferroni correction over 6 parameters (|rho| >= 0.0614 at 2,000 runs)`.
pub fn rule(n: u64, tests: usize) -> String {
    let at = critical_rho(n, tests).map_or(String::new(), |c| {
        format!(
            " (|rho| >= {c:.4} at {})",
            crate::fmt::plural(n, "run", "runs")
        )
    });
    format!(
        "Spearman's rho, two-sided t-test (t = rho*sqrt((n-2)/(1-rho^2))) at 5% with a Bonferroni correction over {}{at}",
        crate::fmt::plural(tests, "parameter", "parameters")
    )
}

/// The sentence for a sweep in which no parameter passes.
pub fn nothing_stands_out(n: u64, tests: usize) -> String {
    format!(
        "Nothing stands out: no assumption's effect on the plan is distinguishable from noise at {} (test: {}).",
        crate::fmt::plural(n, "run", "runs"),
        rule(n, tests)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_values_match_the_t_distribution() {
        // rho 0.5 over 12 runs: t = 0.5 sqrt(10 / 0.75) = 1.8257, two-sided p = 0.0979
        let p = rho_p_value(0.5, 12).unwrap();
        assert!((p - 0.0979).abs() < 5e-4, "{p}");
        assert_eq!(rho_p_value(1.0, 50), Some(0.0));
        assert_eq!(rho_p_value(0.3, 2), None);
        assert!((rho_p_value(0.0, 100).unwrap() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn the_critical_rho_is_where_the_test_flips() {
        let c = critical_rho(2000, 10).unwrap();
        // Bonferroni over 10: z = 2.807, so about 2.807 / sqrt(1999) = 0.0628.
        assert!((c - 0.0628).abs() < 5e-4, "{c}");
        assert!(significant(rho_p_value(c + 1e-4, 2000), 10));
        assert!(!significant(rho_p_value(c - 1e-4, 2000), 10));
        // The tester's drivers, all |rho| <= 0.056 at 2,000 runs over 10 parameters: noise.
        assert!(!significant(rho_p_value(0.056, 2000), 10));
    }

    #[test]
    fn independent_noise_passes_rarely() {
        // 20 parameters of pure noise over 500 runs, 50 seeds: at a family-wise
        // level of 5%, about 2.5 sweeps may show a false driver; allow 6.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut false_alarms = 0;
        for _ in 0..50 {
            let y: Vec<f64> = (0..500).map(|_| next()).collect();
            let any = (0..20).any(|_| {
                let x: Vec<f64> = (0..500).map(|_| next()).collect();
                let rho = super::super::screen::spearman(&x, &y).unwrap();
                significant(rho_p_value(rho, 500), 20)
            });
            false_alarms += any as usize;
        }
        assert!(false_alarms <= 6, "{false_alarms}");
    }
}
