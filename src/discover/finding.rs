//! When a PRIM box is a finding: thresholds on its cases, coverage, density
//! and quasi-p-values, stated with every answer.
//!
//! PRIM always returns some box; on a sweep where nothing breaks the plan it
//! returns the least bad one, and a box of eight runs at 5% density reads as a
//! result when printed in bold. Following the EMA Workbench's diagnostics for
//! a box (Bryant and Lempert 2010; the workbench's `inspect` reports coverage,
//! density and each restriction's quasi-p-value), a box is a finding only when:
//!
//! - it holds at least [`MIN_CASES`] cases of interest (fewer cannot be told
//!   from chance: the density of 25 runs has a 95% interval about ±0.2 wide);
//! - its coverage is at least [`MIN_COVERAGE`] (it explains most of the cases,
//!   not a corner of them);
//! - its density is at least [`HIGH_DENSITY`] (the workbench's long-standing
//!   default threshold), or at least [`MIN_DENSITY`] and twice the share of
//!   cases among all runs analysed (the cases are concentrated there);
//! - every restricted limit has a quasi-p-value of at most [`MAX_QUASI_P`]
//!   (the one-sided binomial test of [`super::cover`]: a limit that chance
//!   alone could have drawn is not evidence).

use super::FoundBox;

/// Fewest cases of interest in a finding.
pub const MIN_CASES: usize = 25;
/// Smallest coverage of a finding.
pub const MIN_COVERAGE: f64 = 0.5;
/// A density this high is a finding's whatever the base rate.
pub const HIGH_DENSITY: f64 = 0.8;
/// Below [`HIGH_DENSITY`], a finding needs this density and twice the base rate.
pub const MIN_DENSITY: f64 = 0.5;
/// Largest quasi-p-value of a restriction in a finding.
pub const MAX_QUASI_P: f64 = 0.05;

/// The thresholds in words.
pub fn rule() -> String {
    format!(
        "a box is a finding when it holds at least {MIN_CASES} cases, covers at least {}% of them, has a density of at least {}% (or at least {}% and twice the share of cases among all runs), and every limit has a quasi-p-value of at most {}",
        MIN_COVERAGE * 100.0,
        HIGH_DENSITY * 100.0,
        MIN_DENSITY * 100.0,
        MAX_QUASI_P
    )
}

/// Why `b` is not a finding (empty when it is); `base` is the share of
/// cases among all runs analysed.
pub fn shortfalls(b: &FoundBox, base: f64) -> Vec<String> {
    let s = &b.stats;
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    let mut out = Vec::new();
    if s.cases < MIN_CASES {
        out.push(format!("{} cases, fewer than {MIN_CASES}", s.cases));
    }
    if s.coverage < MIN_COVERAGE {
        out.push(format!(
            "coverage {}, below {}",
            pct(s.coverage),
            pct(MIN_COVERAGE)
        ));
    }
    let dense = s.density >= HIGH_DENSITY || (s.density >= MIN_DENSITY && s.density >= 2.0 * base);
    if !dense {
        out.push(format!(
            "density {} (base rate {}), below {} or {} and twice the base rate",
            pct(s.density),
            pct(base),
            pct(HIGH_DENSITY),
            pct(MIN_DENSITY)
        ));
    }
    let worst = b
        .restrictions
        .iter()
        .flat_map(|r| [r.p_lower, r.p_upper])
        .flatten()
        .fold(0.0_f64, f64::max);
    if worst > MAX_QUASI_P {
        out.push(format!(
            "a limit's quasi-p-value is {worst:.3}, above {MAX_QUASI_P}"
        ));
    }
    if b.restrictions.is_empty() {
        out.push("it restricts no parameter".into());
    }
    out
}
