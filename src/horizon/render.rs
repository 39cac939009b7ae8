//! Writing a horizon plan: text, Markdown and CSV (JSON is the report itself).

use std::fmt::Write as _;

use super::plan::{HorizonReport, Spread};
use crate::fmt::{escape_line, fmt_num};

/// `US` / `US+JP` / `nobody`.
fn leads_word(leads: &[String]) -> String {
    if leads.is_empty() {
        "nobody".into()
    } else {
        leads.join("+")
    }
}

/// A value to two decimals, without trailing zeros (`1069.88`, `2`).
fn short(x: f64) -> String {
    let text = format!("{:.2}", x);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

fn pct(p: f64) -> String {
    let x = p * 100.0;
    if (x - x.round()).abs() < 0.05 {
        format!("{}%", x.round() as i64)
    } else {
        format!("{x:.1}%")
    }
}

/// A gap as a percentage, with two significant digits below a tenth of one.
fn gap_pct(g: f64) -> String {
    let x = g * 100.0;
    if x <= 0.0 || x >= 0.1 {
        return pct(g.max(0.0));
    }
    let digits = (-x.log10()).ceil() as usize + 1;
    format!("{x:.digits$}%")
}

/// A period's cell: the lead set, or each set with its chance.
fn cell(spread: &[Spread]) -> String {
    match spread {
        [] => "-".into(),
        [one] => leads_word(&one.leads),
        many => many
            .iter()
            .map(|s| format!("{} {}", leads_word(&s.leads), pct(s.probability)))
            .collect::<Vec<_>>()
            .join(" / "),
    }
}

fn headline(r: &HorizonReport) -> String {
    let branches = r
        .nodes
        .iter()
        .filter(|n| !r.nodes.iter().any(|m| m.parent == Some(n.id)))
        .count();
    // without a plan there are no nodes to count branches by
    let count = match branches {
        0 => String::new(),
        1 => ", 1 branch".into(),
        b => format!(", {b} branches"),
    };
    let mut out = format!(
        "Horizon plan for {}: {} periods ({} to {}){count}; {} foresight",
        escape_line(&r.scenario),
        r.periods.len(),
        r.periods.first().map_or(String::new(), |p| p.name.clone()),
        r.periods.last().map_or(String::new(), |p| p.name.clone()),
        r.foresight
    );
    if r.foresight == "stochastic" {
        let _ = write!(out, ", goal {}", r.goal);
    }
    if let Some(p) = &r.path {
        let _ = write!(out, ", along the path \"{}\"", escape_line(p));
    }
    out
}

/// The text report.
pub fn text(r: &HorizonReport) -> String {
    let mut out = headline(r);
    out.push('\n');
    for w in &r.windows {
        let _ = writeln!(
            out,
            "  window {}: {} ({})",
            w.periods.join(", "),
            w.status,
            escape_line(&w.note)
        );
    }
    if r.status == "infeasible" {
        out.push_str("\nNo plan: ");
        if r.infeasible.is_empty() {
            out.push_str("every period has a plan of its own, but none keeps the rules across periods (minimum tenure, handover cap, institutions); relax `min_tenure` or `max_handovers` in the horizon file.\n");
        } else {
            let _ = writeln!(
                out,
                "these periods have no plan of their own: {}. Write each period's scenario with `--write-scenarios DIR` and run `leadplan solve` on it for the smallest changes.",
                r.infeasible.iter().map(|s| escape_line(s)).collect::<Vec<_>>().join("; ")
            );
        }
        for n in &r.value_notes {
            let _ = writeln!(out, "{}", escape_line(n));
        }
        return out;
    }
    if r.status == "time_limit" {
        match (r.bound, r.value) {
            (b, None) => {
                let _ = writeln!(
                    out,
                    "\nNo plan found within the time limit{}. Give a longer --time-limit{}.",
                    b.map_or(String::new(), |b| format!(
                        "; no plan scores above {} on the goal",
                        short(b)
                    )),
                    if crate::options::HIGHS_AVAILABLE {
                        ", or try --solver highs"
                    } else {
                        ", or use a build with --features highs and --solver highs"
                    }
                );
                return out;
            }
            (Some(b), Some(v)) => {
                let gap = if b.abs() > 0.0 { (b - v) / b.abs() } else { 0.0 };
                let _ = writeln!(
                    out,
                    "Stopped at the time limit: the plan below is the best found; no plan scores above {} on the goal (gap {}).",
                    short(b),
                    gap_pct(gap)
                );
            }
            _ => out.push_str(
                "Stopped at the time limit: the plan below is the best found, not proven the best.\n",
            ),
        }
    }
    if let Some(v) = r.expected_value {
        let _ = writeln!(
            out,
            "\nExpected value {} (period objectives times their weights, less {} for {} expected handover{} and {} for institutions).",
            short(v),
            short(r.handover_cost.unwrap_or(0.0)),
            short(r.expected_handovers.unwrap_or(0.0)),
            if r.expected_handovers == Some(1.0) { "" } else { "s" },
            short(r.institution_cost.unwrap_or(0.0)),
        );
    }
    if r.goal != "expected" {
        if let Some(v) = r.value {
            let _ = writeln!(out, "Goal {}: {}.", r.goal, short(v));
        }
    }
    // timeline
    out.push_str("\nWho leads (chances where branches differ):\n");
    let mut widths: Vec<usize> = vec!["task".len()];
    widths.extend(r.periods.iter().map(|p| p.name.chars().count()));
    let rows: Vec<Vec<String>> = r
        .timeline
        .iter()
        .map(|t| {
            let mut row = vec![escape_line(&t.task).into_owned()];
            row.extend(t.periods.iter().map(|s| cell(s)));
            row
        })
        .collect();
    for row in &rows {
        for (k, c) in row.iter().enumerate() {
            widths[k] = widths[k].max(c.chars().count());
        }
    }
    let mut header = vec!["task".to_string()];
    header.extend(r.periods.iter().map(|p| escape_line(&p.name).into_owned()));
    for row in std::iter::once(&header).chain(rows.iter()) {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(k, c)| format!("{c:<w$}", w = widths[k]))
            .collect();
        let _ = writeln!(out, "  {}", line.join("  ").trim_end());
    }
    // survival
    let fragile: Vec<_> = r
        .survival
        .iter()
        .filter(|s| s.probability.last().is_some_and(|&p| p < 1.0 - 1e-9))
        .collect();
    if fragile.is_empty() {
        out.push_str("\nEvery first-period lead lasts to the end in every branch.\n");
    } else {
        out.push_str("\nFirst-period leads that may not last (chance still held, by period):\n");
        for s in fragile {
            let chances: Vec<String> = s
                .probability
                .iter()
                .zip(&r.periods)
                .map(|(p, per)| format!("{} {}", escape_line(&per.name), pct(*p)))
                .collect();
            let _ = writeln!(
                out,
                "  {} leads {}: {}",
                escape_line(&s.country),
                escape_line(&s.task),
                chances.join(", ")
            );
        }
    }
    // institutions
    if !r.institutions.is_empty() {
        out.push_str("\nInstitutionalising (a task's first-period leads kept whatever later governments change):\n");
        for i in &r.institutions {
            let worth = match (i.value, &i.note) {
                (Some(v), _) => format!("worth {} net of its price", short(v)),
                (None, Some(n)) => escape_line(n).into_owned(),
                (None, None) => "worth not computed (--no-values)".into(),
            };
            let _ = writeln!(
                out,
                "  {}: price {}, {}{}",
                escape_line(&i.task),
                fmt_num(i.price),
                worth,
                if i.chosen { " (the plan takes it)" } else { "" }
            );
        }
    }
    // values
    if r.evpi.is_some() || r.vss.is_some() {
        out.push('\n');
        if let (Some(vss), Some(eev)) = (r.vss, r.eev) {
            let _ = writeln!(out, "Value of the stochastic solution (VSS): {} (the mean-value plan's first period, followed as well as possible, is worth {}).", short(vss), short(eev));
        }
        if let (Some(evpi), Some(ws)) = (r.evpi, r.wait_and_see) {
            let _ = writeln!(out, "Expected value of perfect information (EVPI): {} (knowing the elections' results in advance would be worth {}).", short(evpi), short(ws));
        }
    }
    for n in &r.value_notes {
        let _ = writeln!(out, "{}", escape_line(n));
    }
    if !r.binding.is_empty() {
        out.push_str("\nLimits the plan runs up against (chance, by period):\n");
        for b in &r.binding {
            let chances: Vec<String> = b
                .probability
                .iter()
                .zip(&r.periods)
                .filter(|(p, _)| **p > 0.0)
                .map(|(p, per)| format!("{} {}", escape_line(&per.name), pct(*p)))
                .collect();
            let _ = writeln!(out, "  {} ({})", escape_line(&b.detail), chances.join(", "));
        }
    }
    if r.certified {
        out.push_str("\nEvery period's plan in every branch was checked against that period's scenario and the rules across periods.\n");
    }
    out
}

/// The Markdown report.
pub fn markdown(r: &HorizonReport) -> String {
    let e = crate::md::escape;
    let mut out = format!("# {}\n\n", e(&headline(r)));
    if r.value.is_none() {
        let _ = writeln!(
            out,
            "No plan ({}).\n",
            e(if r.status == "time_limit" {
                "none found within the time limit"
            } else {
                &r.status
            })
        );
        for s in &r.infeasible {
            let _ = writeln!(out, "- no plan of its own: {}", e(s));
        }
        return out;
    }
    if let Some(v) = r.expected_value {
        let _ = writeln!(
            out,
            "Expected value: **{}**; expected handovers {}; institutions cost {}.\n",
            short(v),
            short(r.expected_handovers.unwrap_or(0.0)),
            short(r.institution_cost.unwrap_or(0.0))
        );
    }
    out.push_str("| task |");
    for p in &r.periods {
        let _ = write!(out, " {} |", e(&p.name));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(r.periods.len()));
    out.push('\n');
    for t in &r.timeline {
        let _ = write!(out, "| {} |", e(&t.task));
        for s in &t.periods {
            let _ = write!(out, " {} |", e(&cell(s)));
        }
        out.push('\n');
    }
    if let Some(v) = r.vss {
        let _ = writeln!(
            out,
            "\nValue of the stochastic solution (VSS): {}.",
            short(v)
        );
    }
    if let Some(v) = r.evpi {
        let _ = writeln!(
            out,
            "Expected value of perfect information (EVPI): {}.",
            short(v)
        );
    }
    if !r.institutions.is_empty() {
        out.push_str("\n| task | price | worth, net | taken |\n|---|---|---|---|\n");
        for i in &r.institutions {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                e(&i.task),
                fmt_num(i.price),
                i.value.map_or("-".into(), short),
                if i.chosen { "yes" } else { "no" }
            );
        }
    }
    out
}

/// One CSV row per node and active task.
pub fn csv(r: &HorizonReport) -> Result<String, crate::error::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| crate::error::Error::Usage(format!("CSV: {e}"));
    w.write_record([
        "node",
        "parent",
        "period",
        "probability",
        "history",
        "task",
        "leads",
        "handed_over",
    ])
    .map_err(io)?;
    for n in &r.nodes {
        for l in &n.leads {
            let handed = n.handovers.iter().any(|h| h.task == l.task);
            let cells = [
                n.id.to_string(),
                n.parent.map_or(String::new(), |p| p.to_string()),
                n.period.clone(),
                crate::fmt::fmt_num(n.probability),
                n.history.clone(),
                l.task.clone(),
                l.leads.join("+"),
                handed.to_string(),
            ];
            let cells: Vec<String> = cells
                .iter()
                .map(|c| crate::csv_safe::neutralise(c).into_owned())
                .collect();
            w.write_record(&cells).map_err(io)?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| crate::error::Error::Usage(format!("CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
