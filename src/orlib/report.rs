//! What `leadplan gap` prints: a text table (row by row, as instances finish)
//! or one JSON list.
//!
//! Text rows have fixed widths so they can be printed while the next instance
//! is still solving. A plan that is not proven optimal says so in words, and
//! the footer says what to do about it (raise the limit, or use the HiGHS build).

use std::fmt::Write as _;

use serde::Serialize;

use super::{GapResult, GapStatus};
use crate::solve::{SolverKind, HIGHS_AVAILABLE};

/// The JSON shape of one instance.
#[derive(Serialize)]
struct Row<'a> {
    instance: &'a str,
    agents: usize,
    jobs: usize,
    status: GapStatus,
    objective: Option<u64>,
    bound: Option<f64>,
    seconds: f64,
}

/// Rounds to 6 decimals (seconds and bounds carry no more meaning).
fn r6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A JSON list with one object per instance.
pub fn render_json(results: &[GapResult]) -> String {
    let rows: Vec<Row> = results
        .iter()
        .map(|r| Row {
            instance: &r.instance,
            agents: r.agents,
            jobs: r.jobs,
            status: r.status,
            objective: r.objective,
            bound: r.bound.map(r6),
            seconds: r6(r.seconds),
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&rows).expect("rows serialise");
    s.push('\n');
    s
}

/// The title and column header of the text table.
pub fn render_text_header(
    file: &str,
    instances: usize,
    sense: super::Sense,
    solver: SolverKind,
    limit: f64,
) -> String {
    format!(
        "{file}: {instances} instance(s), {} total {}, solver {}, time limit {} s per instance\n{:<10} {:>6} {:>5}  {:<23} {:>10} {:>12} {:>9}\n",
        if sense == super::Sense::Max { "maximise" } else { "minimise" },
        sense.value_word(),
        solver.name(),
        crate::fmt::fmt_num(limit),
        "instance",
        "agents",
        "jobs",
        "status",
        "objective",
        "bound",
        "seconds"
    )
}

fn status_words(s: GapStatus) -> &'static str {
    match s {
        GapStatus::Optimal => "optimal",
        GapStatus::TimeLimit => "time_limit (not proven)",
        GapStatus::Infeasible => "infeasible",
        GapStatus::NoPlan => "no_plan (none found)",
    }
}

fn fmt_bound(b: Option<f64>) -> String {
    match b {
        Some(b) if (b - b.round()).abs() < 1e-6 => format!("{}", b.round() as i64),
        Some(b) => format!("{b:.2}"),
        None => "-".into(),
    }
}

/// One row of the text table.
pub fn render_text_row(r: &GapResult) -> String {
    format!(
        "{:<10} {:>6} {:>5}  {:<23} {:>10} {:>12} {:>9.3}\n",
        r.instance,
        r.agents,
        r.jobs,
        status_words(r.status),
        r.objective.map_or_else(|| "-".into(), |o| o.to_string()),
        fmt_bound(r.bound),
        r.seconds
    )
}

/// Notes under the table: what is not proven and what to do, and the share of
/// time spent outside the solver (model building and read-back).
pub fn render_text_footer(results: &[GapResult], limit: f64) -> String {
    let mut out = String::new();
    let open = results
        .iter()
        .filter(|r| matches!(r.status, GapStatus::TimeLimit | GapStatus::NoPlan))
        .count();
    if open > 0 {
        let _ = writeln!(
            out,
            "note: {open} of {} instance(s) not proven optimal within {} s: `time_limit` rows show the best plan found and the best proven bound, `no_plan` rows found none.",
            results.len(),
            crate::fmt::fmt_num(limit)
        );
        let embedded = results
            .iter()
            .find(|r| matches!(r.solver, SolverKind::Microlp | SolverKind::Bnb))
            .map(|r| match r.solver {
                SolverKind::Bnb => "bnb, the embedded branch and bound,",
                _ => "microlp, the embedded solver,",
            });
        // Neither solver closes every instance (gapd stays open for both in a
        // minute), so the advice says "may", not "will".
        let advice = match (embedded, HIGHS_AVAILABLE) {
            (Some(who), true) => format!("{who} did not close these; raise --time-limit or try --solver highs, faster on some GAP models (docs/src/benchmarks.md)."),
            (Some(who), false) => format!("{who} did not close these; raise --time-limit, or try the HiGHS build, faster on some GAP models (docs/src/benchmarks.md): `cargo build --release --features highs` (needs cmake, a C++ compiler and libclang), then --solver highs."),
            (None, _) => "raise --time-limit to let HiGHS close the gap.".to_string(),
        };
        let _ = writeln!(out, "      {advice}");
    }
    let total: f64 = results.iter().map(|r| r.seconds).sum();
    let outside: f64 = results.iter().map(|r| r.seconds - r.solver_seconds).sum();
    if total > 0.0 {
        let _ = writeln!(
            out,
            "time outside the solver (model building, read-back): {:.4} s of {:.4} s ({:.2}%)",
            outside,
            total,
            100.0 * outside / total
        );
    }
    out
}
