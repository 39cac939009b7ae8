//! Readable terminal tables: tasks, countries, objective terms, binding limits.

use super::table::Table;
use super::SolveReport;
use crate::fmt::fmt_num;

fn pct(x: f64) -> String {
    format!("{}%", fmt_num((x * 1000.0).round() / 10.0))
}

fn opt(x: Option<f64>) -> String {
    x.map(fmt_num).unwrap_or_else(|| "-".into())
}

/// `0.6 -> 0.83 (scores x1.38)`: the runner-up's fit now, a fit at which it
/// leads, and a factor on its scores at which it leads (each confirmed by a re-solve).
fn needed(w: &crate::explain::threshold::Threshold) -> String {
    let r4 = |x: f64| fmt_num((x * 1e4).round() / 1e4);
    let (Some(f), Some(n)) = (w.fit, w.fit_needed) else {
        return if w.fit.is_some() {
            "no fit suffices".into()
        } else {
            "-".into()
        };
    };
    let how = match w.factor {
        Some(k) if w.also_changes.is_empty() => format!("scores x{}", fmt_num(k)),
        Some(k) => format!(
            "scores x{}, also raising its fit for {} other task(s)",
            fmt_num(k),
            w.also_changes.len()
        ),
        None if n > 1.0 => "fit override only: above 1, no score reaches it".into(),
        None => "fit override only: no factor on its scores does it".into(),
    };
    format!("{} -> {} ({how})", r4(f), r4(n))
}

/// The report's tables, titled, in reading order (shared with Markdown).
pub fn tables(r: &SolveReport) -> Vec<(String, Table)> {
    let mut out = Vec::new();
    if r.assignments.is_empty() {
        return out;
    }
    let mut headers = vec![
        "task",
        "domain",
        "lead(s)",
        "shares",
        "fit",
        "runner-up",
        "loss if runner-up leads",
    ];
    let wwit = r.assignments.iter().any(|a| a.what_would_it_take.is_some());
    if wwit {
        headers.push("runner-up fit needed to lead");
    }
    let mut t = Table::new(&headers, &[4, 6]);
    for a in &r.assignments {
        let shares: Vec<String> = a
            .shares
            .iter()
            .map(|(k, v)| format!("{k} {}", pct(*v)))
            .collect();
        let mut row = vec![
            a.task.clone(),
            a.domain.clone(),
            if a.leads.is_empty() {
                "(left out)".into()
            } else {
                a.leads.join(", ")
            },
            shares.join(", "),
            fmt_num((a.fit * 1000.0).round() / 1000.0),
            a.runner_up
                .clone()
                .unwrap_or_else(|| if r.explained { "none feasible" } else { "-" }.into()),
            opt(a.runner_up_loss.map(|x| (x * 1e4).round() / 1e4)),
        ];
        if wwit {
            row.push(
                a.what_would_it_take
                    .as_ref()
                    .map_or_else(|| "-".into(), needed),
            );
        }
        t.row(row);
    }
    out.push(("Leads".to_string(), t));
    let mut c = Table::new(
        &["country", "leads", "effort / capacity", "cost / budget"],
        &[1, 2, 3],
    );
    for k in &r.countries {
        let budget = k.budget.map(fmt_num).unwrap_or_else(|| "unlimited".into());
        c.row(vec![
            format!("{} ({})", k.name, k.id),
            k.leads.to_string(),
            format!("{} / {}", fmt_num(k.effort_used), fmt_num(k.capacity)),
            format!("{} / {}", fmt_num(k.cost_paid), budget),
        ]);
    }
    out.push(("Countries".to_string(), c));
    let mut o = Table::new(&["term", "value", "weight", "contribution"], &[1, 2, 3]);
    for term in &r.objective_terms {
        o.row(vec![
            term.term.clone(),
            fmt_num(term.value),
            fmt_num(term.weight),
            fmt_num(term.contribution),
        ]);
    }
    o.row(vec![
        "objective".into(),
        String::new(),
        String::new(),
        opt(r.objective),
    ]);
    out.push(("Objective".to_string(), o));
    out
}

/// Lines under "Binding constraints" and "What would make a plan possible".
pub fn notes(r: &SolveReport) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    if !r.assignments.is_empty() {
        let lines = if r.binding.is_empty() {
            vec!["none: every limit has room to spare".to_string()]
        } else {
            r.binding.iter().map(|b| b.detail.clone()).collect()
        };
        out.push(("Binding constraints".to_string(), lines));
    }
    if let Some(d) = r.diagnosis.as_ref().filter(|d| !d.alternatives.is_empty()) {
        let lines = d
            .alternatives
            .iter()
            .enumerate()
            .map(|(k, set)| {
                let s: Vec<String> = set.iter().map(|c| c.sentence.clone()).collect();
                format!("{}{}", if k == 0 { "" } else { "or: " }, s.join("; and "))
            })
            .collect();
        out.push((
            format!("What would make a plan possible ({})", d.heading()),
            lines,
        ));
    }
    out
}

/// The headline: scenario, status, objective, solver and time.
pub fn headline(r: &SolveReport) -> String {
    let mut h = format!("{}: {}", r.scenario, r.status);
    if let Some(o) = r.objective {
        h.push_str(&format!(", objective {}", fmt_num(o)));
    }
    if let Some(s) = &r.solver {
        h.push_str(&format!(" ({s}, {:.1} ms)", r.seconds * 1000.0));
    }
    h
}

/// Plain text for a terminal.
pub fn render(r: &SolveReport) -> String {
    let mut out = format!("{}\n{}\n", headline(r), r.message);
    for (title, t) in tables(r) {
        out.push_str(&format!("\n{title}\n{}", t.to_text()));
    }
    for (title, lines) in notes(r) {
        out.push_str(&format!("\n{title}\n"));
        for l in lines {
            out.push_str(&format!("  - {l}\n"));
        }
    }
    if let Some((title, sentence, table)) = super::pins::section(r) {
        out.push_str(&format!("\n{title}\n{sentence}\n\n{}", table.to_text()));
    }
    out
}
