//! Text renderings of the resilience reports (JSON is their serde form, [`super::to_json`]).
//!
//! Numbers are rounded here, in the formatter, and no timing is printed, so the
//! same inputs give the same bytes.

use super::alternatives::AlternativesReport;
use super::contingency::{BestEffortLoss, Contingency, ContingencyReport, Shortfall};
use super::replan::{ReplanReport, Replanned};
use super::robust::{RobustReport, Summary};
use super::LeadChange;
use crate::fmt::fmt_num;
use crate::solve_report::table::Table;

fn num(x: Option<f64>) -> String {
    x.map(|v| fmt_num((v * 1e4).round() / 1e4))
        .unwrap_or_else(|| "-".into())
}

/// A share as a percentage to one decimal (`80%`), `-` when absent.
pub fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{}%", fmt_num((v * 1000.0).round() / 10.0)))
        .unwrap_or_else(|| "-".into())
}

fn list(changes: &[LeadChange]) -> String {
    if changes.is_empty() {
        return "none".into();
    }
    changes
        .iter()
        .map(LeadChange::sentence)
        .collect::<Vec<_>>()
        .join("; ")
}

/// `contingency` as text: a summary table, details per contingency, dependence.
///
/// Plans that meet every constraint and best-effort plans get separate columns:
/// a best-effort plan leaves part of the agenda undone, so its objective loss is
/// not comparable with a feasible plan's.
pub fn contingency(r: &ContingencyReport) -> String {
    let mut out = format!(
        "{}: contingencies against the baseline plan (objective {})\n\n",
        r.scenario,
        num(Some(r.baseline_objective))
    );
    let mut t = Table::new(
        &[
            "contingency",
            "plan",
            "objective",
            "lost",
            "lost %",
            "best effort: tasks uncovered",
            "best effort: lost",
            "reassigned",
        ],
        &[2, 3, 4, 5, 6, 7],
    );
    for c in &r.contingencies {
        let share = c
            .objective_lost
            .filter(|_| r.baseline_objective > 0.0)
            .map(|l| l / r.baseline_objective);
        t.row(vec![
            c.name.clone(),
            c.plan.clone(),
            num(c.objective),
            num(c.objective_lost),
            pct(share),
            num(c.best_effort.as_ref().map(|b| b.coverage_lost)),
            num(c.best_effort.as_ref().map(|b| b.objective_lost)),
            c.reassigned.len().to_string(),
        ]);
    }
    out.push_str(&t.to_text());
    out.push_str(BEST_EFFORT_NOTE);
    out.push_str("\nDetails\n");
    for c in &r.contingencies {
        out.push_str(&details(c));
    }
    out.push_str(&dependence(r));
    out
}

const BEST_EFFORT_NOTE: &str =
    "\"lost\" is the objective lost by a plan that meets every constraint. Where none \
does, the best-effort plan's columns say how many required tasks' worth of agenda it leaves \
uncovered (a task with k of its L leads counts (L - k)/L), then the objective it loses; \
the two kinds are not comparable and are not ranked together.\n";

fn dependence(r: &ContingencyReport) -> String {
    let cut = r.cut.map(|f| format!("cut by {}%", fmt_num(f * 100.0)));
    let mut headers = vec![
        "country".to_string(),
        "leads in baseline".into(),
        "lost if it withdraws".into(),
        "share of baseline".into(),
        "best effort: tasks uncovered".into(),
        "best effort: lost".into(),
    ];
    if let Some(c) = &cut {
        headers.push(format!("lost if {c}"));
        headers.push(format!("{c}, best effort: uncovered"));
        headers.push(format!("{c}, best effort: lost"));
    }
    let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let right: Vec<usize> = (1..headers.len()).collect();
    let mut d = Table::new(&refs, &right);
    let be = |b: &Option<BestEffortLoss>| {
        [
            num(b.as_ref().map(|b| b.coverage_lost)),
            num(b.as_ref().map(|b| b.objective_lost)),
        ]
    };
    for k in &r.dependence {
        let mut row = vec![
            format!("{} ({})", k.name, k.country),
            k.baseline_leads.to_string(),
            num(k.objective_lost),
            pct(k.share),
        ];
        row.extend(be(&k.best_effort));
        if cut.is_some() {
            row.push(num(k.cut_objective_lost));
            row.extend(be(&k.cut_best_effort));
        }
        d.row(row);
    }
    format!(
        "\nDependence (without each country: a plan within every constraint, else the best effort; in country order, not ranked)\n{}",
        d.to_text()
    )
}

fn details(c: &Contingency) -> String {
    let mut out = format!("- {}: ", c.name);
    match (&c.diagnosis, c.plan.as_str()) {
        (Some(d), _) => out.push_str(&format!("infeasible as stated; {}\n", d.summary())),
        (None, "none") => out.push_str("no plan found within the time limit\n"),
        (None, _) => out.push_str(&format!("feasible ({})\n", c.plan)),
    }
    if c.plan == "best_effort" {
        let short: Vec<String> = c.short.iter().map(Shortfall::sentence).collect();
        let short = if short.is_empty() {
            "every required task keeps all its leads".to_string()
        } else {
            short.join("; ")
        };
        out.push_str(&format!("    best effort: {short}\n"));
    }
    if c.plan != "none" {
        out.push_str(&format!("    reassigned: {}\n", list(&c.reassigned)));
        let unled = if c.unled.is_empty() {
            "none".to_string()
        } else {
            c.unled.join(", ")
        };
        out.push_str(&format!(
            "    required tasks left without any lead: {unled}\n"
        ));
    }
    out
}

/// `alternatives` as text: a ranking table, then what differs from the optimum.
pub fn alternatives(r: &AlternativesReport) -> String {
    let found = r.plans.len() - 1;
    let mut out = format!(
        "{}: optimum {}; {} alternative(s) within {} (objective at least {}); search stopped: {}\n\n",
        r.scenario, num(Some(r.optimum)), found, r.tolerance, num(Some(r.floor)), stop_reason(&r.stopped)
    );
    let mut t = Table::new(
        &["rank", "objective", "gap", "gap %", "tasks changed"],
        &[0, 1, 2, 3, 4],
    );
    for p in &r.plans {
        t.row(vec![
            p.rank.to_string(),
            num(Some(p.objective)),
            num(Some(p.gap)),
            pct(p.gap_relative),
            p.differences.len().to_string(),
        ]);
    }
    out.push_str(&t.to_text());
    out.push_str("\nWhat differs from the optimum\n");
    for p in r.plans.iter().skip(1) {
        out.push_str(&format!("  #{}: {}\n", p.rank, list(&p.differences)));
    }
    if found == 0 {
        out.push_str("  no alternative within the tolerance\n");
    }
    out
}

fn stop_reason(s: &str) -> &'static str {
    match s {
        "count" => "the requested count was reached",
        "tolerance" => "the next plan scores below the tolerance",
        "exhausted" => "no other plan exists",
        _ => "the time limit ran out",
    }
}

/// `replan` as text: the replan, the re-optimum, keeping the baseline, and the changes.
pub fn replan(r: &ReplanReport) -> String {
    let mode = match (r.max_changes, r.change_penalty) {
        (Some(k), _) => format!("at most {k} change(s)"),
        (_, Some(p)) => format!("a penalty of {} per change", fmt_num(p)),
        _ => "the fewest changes possible".to_string(),
    };
    let mut out = format!(
        "{}: replan with {mode} (a change is a baseline lead dropped)\n",
        r.scenario
    );
    if let Some(d) = &r.diagnosis {
        out.push_str(&format!("infeasible: {}\n", d.summary()));
        return out;
    }
    match (&r.plan, r.fewest_changes_needed) {
        (Some(p), _) => out.push_str(&format!(
            "planned: objective {}, {} change(s), {} given up for stability\n",
            num(Some(p.objective)),
            p.change_count,
            num(r.objective_given_up)
        )),
        (None, Some(n)) => out.push_str(&format!(
            "no plan makes so few changes: the fewest any plan needs is {n}\n"
        )),
        (None, None) => out.push_str("no plan makes so few changes\n"),
    }
    let mut t = Table::new(&["plan", "objective", "changes"], &[1, 2]);
    let mut row = |name: &str, p: Option<&Replanned>| {
        t.row(vec![
            name.into(),
            num(p.map(|p| p.objective)),
            p.map_or("infeasible".into(), |p| p.change_count.to_string()),
        ]);
    };
    row("replan", r.plan.as_ref());
    row("re-optimum (no limit)", r.reoptimum.as_ref());
    row("baseline kept", r.baseline_kept.as_ref());
    out.push_str(&format!("\n{}", t.to_text()));
    if let Some(p) = &r.plan {
        out.push_str("\nChanges\n");
        for c in &p.changes {
            out.push_str(&format!("  - {}\n", c.sentence()));
        }
        if p.changes.is_empty() {
            out.push_str("  - none: the baseline still stands\n");
        }
    }
    out
}

/// Why no robust plan exists, as one sentence (`no single plan is feasible in ...`):
/// the futures that conflict where they are known, and how to give some up.
pub fn robust_infeasible(r: &RobustReport) -> String {
    let quoted = |v: &[String]| {
        let q: Vec<String> = v.iter().map(|f| format!("'{f}'")).collect();
        match q.as_slice() {
            [a] => a.clone(),
            [a, b] => format!("{a} and {b}"),
            _ => format!("{} and {}", q[..q.len() - 1].join(", "), q[q.len() - 1]),
        }
    };
    let mut notes = Vec::new();
    if matches!(&r.conflict, Some(c) if c.kind == "own_plan") {
        notes.push(
            if r.conflict.as_ref().is_some_and(|c| c.futures.len() == 1) {
                "`leadplan solve` on it names the limit"
            } else {
                "`leadplan solve` on each names the limit"
            },
        );
    }
    if r.feasible_share.is_none() && matches!(r.goal.as_str(), "worst" | "regret" | "satisficing") {
        notes.push("--feasible-share P lets the plan give up futures of weight up to 1 - P");
    }
    let hint = if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join("; "))
    };
    let why = match &r.conflict {
        Some(c) if c.kind == "own_plan" && c.futures.len() == 1 => format!(
            "every future: {} has no plan of its own",
            quoted(&c.futures)
        ),
        Some(c) if c.kind == "own_plan" => format!(
            "every future: {} have no plan of their own",
            quoted(&c.futures)
        ),
        Some(c) if c.futures.len() == 2 => format!(
            "both {}: each has a plan of its own, but none serves the two at once",
            quoted(&c.futures)
        ),
        Some(c) => format!(
            "all of {} at once: each has a plan of its own and every two share one, but no plan serves all {}",
            quoted(&c.futures),
            c.futures.len()
        ),
        None => match r.feasible_share {
            Some(p) => format!("futures of weight {}", pct(Some(p))),
            None => "every future".into(),
        },
    };
    let examples: Vec<String> = r
        .conflict
        .iter()
        .flat_map(|c| &c.examples)
        .filter(|x| !x.breaks.is_empty())
        .map(|x| {
            format!(
                "the best plan of '{}' breaks in '{}': {}",
                x.plan_of,
                x.checked_in,
                x.breaks.join("; ")
            )
        })
        .collect();
    let examples = if examples.is_empty() {
        String::new()
    } else {
        format!(". For example, {}", examples.join("; and "))
    };
    format!("no single plan is feasible in {why}{hint}{examples}")
}

/// `robust` as text: the two plans' summaries, the futures, and the changed leads.
pub fn robust(r: &RobustReport) -> String {
    let n = r.futures.len();
    let aim = match r.goal.as_str() {
        "worst" => "maximising the worst-case objective",
        "mean" => "maximising the mean objective",
        "regret" => "minimising the largest regret",
        _ => "maximising the share of futures that reach the threshold",
    };
    let mut out = format!("{}: robust plan over {n} future(s), {aim}\n", r.scenario);
    match r.status.as_str() {
        "infeasible" => out.push_str(&format!("infeasible: {}\n", robust_infeasible(r))),
        "time_limit" if r.robust.is_none() => {
            out.push_str("the time limit ran out before a robust plan was found\n")
        }
        "time_limit" => out.push_str("not proven optimal: the time limit stopped the search\n"),
        _ => {}
    }
    let mut t = Table::new(
        &["plan", "feasible in", "worst", "mean", "max regret"],
        &[1, 2, 3, 4],
    );
    let mut row = |name: &str, s: Option<&Summary>| {
        t.row(vec![
            name.into(),
            s.map_or("-".into(), |s| format!("{} of {n}", s.feasible_in)),
            num(s.and_then(|s| s.worst)),
            num(s.and_then(|s| s.mean)),
            num(s.and_then(|s| s.max_regret)),
        ]);
    };
    row("robust", r.robust.as_ref());
    row("baseline (base optimum)", Some(&r.baseline));
    out.push_str(&format!("\n{}", t.to_text()));
    let mut f = Table::new(
        &[
            "future",
            "own optimum",
            "robust",
            "regret",
            "baseline",
            "regret",
        ],
        &[1, 2, 3, 4, 5],
    );
    for row in &r.futures {
        let cell = |x: Option<f64>, exists: bool| {
            if exists && row.optimum.is_some() && x.is_none() {
                "infeasible".to_string()
            } else {
                num(x)
            }
        };
        let robust = cell(row.robust, r.robust.is_some());
        f.row(vec![
            row.future.clone(),
            num(row.optimum),
            robust,
            num(row.robust_regret),
            cell(row.baseline, true),
            num(row.baseline_regret),
        ]);
    }
    out.push_str(&format!("\nFutures\n{}", f.to_text()));
    if r.robust.is_some() {
        out.push_str(&format!(
            "\nLeads that differ from the baseline plan\n  {}\n",
            list(&r.changes_from_baseline)
        ));
    }
    if !r.given_up.is_empty() {
        out.push_str(&format!(
            "\nGiven up (outside the futures the plan commits to): {}\n",
            r.given_up.join(", ")
        ));
    }
    out.push_str(&metrics(r));
    out
}

/// `3 of 4`, or `no plan` for a goal that found none.
pub(crate) fn feasible_in(m: &super::robust_metrics::MetricRow, n: usize) -> String {
    match m.status.as_str() {
        "infeasible" => "no plan".into(),
        _ => format!("{} of {n}", m.feasible_in),
    }
}

/// The plan each goal chooses, under every metric.
fn metrics(r: &RobustReport) -> String {
    let mut t = Table::new(
        &[
            "goal",
            "worst",
            "mean",
            "max regret",
            "satisfied",
            "feasible in",
            "given up",
            "leads differing",
        ],
        &[1, 2, 3, 4, 5, 7],
    );
    for m in &r.metrics {
        let goal = if m.goal == r.goal {
            format!("{} (chosen)", m.goal)
        } else {
            m.goal.clone()
        };
        t.row(vec![
            goal,
            num(m.worst),
            num(m.mean),
            num(m.max_regret),
            pct(m.satisfied_share),
            feasible_in(m, r.futures.len()),
            if m.status == "infeasible" {
                "-".into() // no plan: nothing kept, nothing given up
            } else if m.given_up.is_empty() {
                "none".into()
            } else {
                m.given_up.join(", ")
            },
            m.leads_differing_from_chosen
                .map_or("-".into(), |d| d.to_string()),
        ]);
    }
    let weights: Vec<String> = r.weights.iter().map(|w| fmt_num(*w)).collect();
    let mut out = format!(
        "\nEach goal's plan under every metric (over the futures it commits to; weights {})\n{}",
        weights.join(", "),
        t.to_text()
    );
    if let Some(th) = &r.thresholds {
        let th: Vec<String> = th.iter().map(|x| num(Some(*x))).collect();
        out.push_str(&format!("thresholds per future: {}\n", th.join(", ")));
    }
    out
}
