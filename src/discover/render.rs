//! Boxes in words and tables.
//!
//! A box's limits are printed to four significant digits, widened outward
//! (lower limits rounded down, upper ones up), and the sentence's shares are
//! counted again on the box as printed, so the sentence a planner reads is true
//! of the limits it states.

use super::cover::{Choice, Found};
use super::limits::{Kind, Limit, Table};
use super::{Discovery, FoundBox, Point, Restriction};
use crate::fmt::fmt_num;

/// The rule that chose the boxes, in words.
pub fn rule(c: &Choice) -> String {
    let first = c
        .first
        .map(|i| format!("the first box is point {i} (--box); "))
        .unwrap_or_default();
    format!(
        "{first}on each trajectory, the point with the highest coverage among those with density >= {} (else the densest); at most {} {}; peel_alpha {}, paste_alpha {}, mass_min {}",
        fmt_num(c.min_density),
        c.max_boxes,
        if c.max_boxes == 1 { "box" } else { "boxes" },
        fmt_num(c.tuning.peel_alpha),
        fmt_num(c.tuning.paste_alpha),
        fmt_num(c.tuning.mass_min)
    )
}

/// `x` to four significant digits, rounded down (`up = false`) or up.
pub fn round_sig(x: f64, up: bool) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(3 - x.abs().log10().floor() as i32);
    let r = if up {
        (x * scale).ceil() / scale
    } else {
        (x * scale).floor() / scale
    };
    // The division can land a hair inside; step out by one ulp if it did.
    match (up, r < x, r > x) {
        (true, true, _) => x,
        (false, _, true) => x,
        _ => r,
    }
}

fn point(i: usize, s: &super::prim::Step) -> Point {
    Point {
        point: i,
        coverage: s.coverage,
        density: s.density,
        mass: s.mass,
        runs: s.n,
        cases: s.k,
        restricted: s.restricted,
    }
}

/// The limits as printed (widened to four significant digits).
pub fn printed(t: &Table, lims: &[Limit]) -> Vec<Limit> {
    lims.iter()
        .zip(&t.init)
        .map(|(l, init)| match (l, init) {
            (Limit::Range(lo, hi), Limit::Range(min, max)) => Limit::Range(
                if lo == min {
                    *min
                } else {
                    round_sig(*lo, false)
                },
                if hi == max {
                    *max
                } else {
                    round_sig(*hi, true)
                },
            ),
            _ => l.clone(),
        })
        .collect()
}

/// Box `i` of the covering, its restrictions and its sentence; `rows` are the
/// runs the earlier boxes (as printed) left.
pub fn found_box(
    t: &Table,
    f: &Found,
    rows: &[usize],
    i: usize,
    words: &(String, String, String),
) -> FoundBox {
    let s = f.chosen();
    let shown = printed(t, &s.limits);
    let restrictions: Vec<Restriction> = (0..t.cols.len())
        .filter(|&j| s.limits[j] != t.init[j])
        .map(|j| restriction(t, j, &shown[j], f.p_values[j]))
        // A limit that widening to four digits carried back to the sampled
        // range restricts nothing as printed: leave it out of the sentence.
        .filter(|r| r.lower.is_some() || r.upper.is_some() || r.categories.is_some())
        .collect();
    let (n, k) = t.count(rows, &shown);
    let conds: Vec<String> = restrictions.iter().map(condition).collect();
    let pct = |x: f64| format!("{:.0}%", 100.0 * x);
    let within = if i == 0 {
        "of the runs in the box"
    } else {
        "of the runs in the box outside the earlier boxes"
    };
    let sentence = format!(
        "{} when {}: {} of {} ({k} of {}), {} {within} ({k} of {n}) {}",
        words.0,
        conds.join(" and "),
        pct(k as f64 / t.cases.max(1) as f64),
        words.1,
        t.cases,
        pct(k as f64 / n.max(1) as f64),
        words.2
    );
    FoundBox {
        chosen: f.chosen,
        stats: point(f.chosen, s),
        restrictions,
        sentence,
        trajectory: f
            .trajectory
            .iter()
            .enumerate()
            .map(|(i, s)| point(i, s))
            .collect(),
        pruned: f.pruned,
        finding: false,
        not_a_finding: Vec::new(),
    }
}

fn restriction(t: &Table, j: usize, shown: &Limit, p: (Option<f64>, Option<f64>)) -> Restriction {
    let col = &t.cols[j];
    let (mut lower, mut upper, mut categories) = (None, None, None);
    match (shown, &t.init[j]) {
        (Limit::Range(lo, hi), Limit::Range(min, max)) => {
            lower = (lo > min).then_some(*lo);
            upper = (hi < max).then_some(*hi);
        }
        (Limit::Levels(set), _) => {
            let kept = (0..col.levels.len())
                .filter(|l| set & (1u64 << l) != 0)
                .map(|l| col.levels[l])
                .collect();
            categories = Some(kept);
        }
        _ => {}
    }
    Restriction {
        parameter: col.name.clone(),
        kind: col.kind,
        lower,
        upper,
        categories,
        p_lower: p.0,
        p_upper: p.1,
    }
}

/// `country.US.capacity <= 13.2`, `0.4 <= x <= 0.7`, `x in {1, 3}`.
pub fn condition(r: &Restriction) -> String {
    let p = &r.parameter;
    match (&r.categories, r.lower, r.upper) {
        (Some(c), _, _) => {
            let c: Vec<String> = c.iter().map(|v| fmt_num(*v)).collect();
            format!("{p} in {{{}}}", c.join(", "))
        }
        (None, Some(lo), Some(hi)) => format!("{} <= {p} <= {}", fmt_num(lo), fmt_num(hi)),
        (None, Some(lo), None) => format!("{p} >= {}", fmt_num(lo)),
        (None, None, Some(hi)) => format!("{p} <= {}", fmt_num(hi)),
        (None, None, None) => format!("{p} unrestricted"),
    }
}

fn p_text(p: Option<f64>) -> String {
    match p {
        Some(p) if p < 0.001 => "<0.001".into(),
        Some(p) => format!("{p:.3}"),
        None => "-".into(),
    }
}

/// The discovery as text: per box the sentence, the restrictions and the trajectory.
pub fn text(d: &Discovery) -> String {
    let mut out = format!(
        "PRIM on {} runs ({} cases of `{}`, {} runs left out)\nrule: {}\n",
        d.runs, d.cases, d.target, d.excluded, d.rule
    );
    out.push_str(&format!("findings: {}\n", d.finding_rule));
    if let Some(c) = &d.correlated_inputs {
        out.push_str(&format!("inputs: {c}\n"));
    }
    if d.boxes.is_empty() {
        out.push_str("\nno box: no peel raised the density above that of all runs\n");
    }
    if d.findings == 0 {
        out.push_str(&format!("\nNo finding: {}.\n", d.no_finding));
    }
    for (i, b) in d.boxes.iter().enumerate() {
        if b.finding {
            out.push_str(&format!(
                "\nbox {} (trajectory point {}): {}\n",
                i + 1,
                b.chosen,
                b.sentence
            ));
        } else {
            out.push_str(&format!(
                "\ncandidate box {} (trajectory point {}), not a finding ({}): {}\n",
                i + 1,
                b.chosen,
                b.not_a_finding.join("; "),
                b.sentence
            ));
        }
        if b.pruned {
            out.push_str(&format!(
                "  (the box PRIM chose, with its limits of quasi-p-value above {} dropped and counted again: the last trajectory point)\n",
                super::finding::MAX_QUASI_P
            ));
        }
        out.push_str("  parameter                                   kind         lower        upper   p(lower) p(upper)\n");
        for r in &b.restrictions {
            let kind = match r.kind {
                Kind::Real => "real",
                Kind::Integer => "integer",
                Kind::Categorical => "categorical",
            };
            let num = |x: Option<f64>| x.map_or("-".to_string(), fmt_num);
            out.push_str(&format!(
                "  {:<42} {:<11} {:>12} {:>12} {:>8} {:>8}\n",
                r.parameter,
                kind,
                r.categories
                    .as_ref()
                    .map_or(num(r.lower), |c| format!("{} kept", c.len())),
                num(r.upper),
                p_text(r.p_lower),
                p_text(r.p_upper)
            ));
        }
        out.push_str("  trajectory: point coverage density mass restricted\n");
        for p in &b.trajectory {
            let mark = if p.point == b.chosen { "*" } else { " " };
            out.push_str(&format!(
                "  {mark}{:>4} {:>8.3} {:>7.3} {:>5.3} {:>3}\n",
                p.point, p.coverage, p.density, p.mass, p.restricted
            ));
        }
    }
    out
}
