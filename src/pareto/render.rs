//! `pareto` as text: the payoff table, then the front, one plan a row, each
//! labelled by the lead changes from the row above.

use super::ParetoReport;
use crate::fmt::fmt_num;
use crate::resilience::LeadChange;
use crate::solve_report::table::Table;

fn num(v: f64) -> String {
    fmt_num((v * 1e4).round() / 1e4)
}

/// The report as readable text.
pub fn text(r: &ParetoReport) -> String {
    let names: Vec<&str> = r.objectives.iter().map(|t| t.name()).collect();
    let how = match r.grid {
        Some(n) => format!("grid of {n} points per constrained term"),
        None => "complete: every non-dominated plan".into(),
    };
    let mut out = format!(
        "{}: Pareto front of {} (AUGMECON2, {how}; {} solver calls)\n",
        r.scenario,
        names.join(" against "),
        r.solves
    );
    if r.status == "infeasible" {
        out.push_str("\nno plan exists: nothing to trade off\n");
        if let Some(d) = &r.diagnosis {
            out.push_str(&format!("{d}\n"));
        }
        return out;
    }
    if r.status == "time_limit" {
        out.push_str("warning: some solves ran out of time: the front below may miss or include dominated points\n");
    }
    out.push_str("\nPayoff table (row: the lexicographic optimum with that term first)\n");
    let mut head = vec!["first"];
    head.extend(&names);
    let right: Vec<usize> = (1..=names.len()).collect();
    let mut t = Table::new(&head, &right);
    for (k, row) in r.payoff.iter().enumerate() {
        let mut cells = vec![names[k].to_string()];
        cells.extend(row.iter().map(|v| num(*v)));
        t.row(cells);
    }
    out.push_str(&t.to_text());
    out.push_str(&format!(
        "\n{} non-dominated plan(s), {} best first:\n",
        r.points.len(),
        names[0]
    ));
    let mut head = vec!["#"];
    head.extend(&names);
    head.push("changes from the row above");
    let right: Vec<usize> = (0..=names.len()).collect();
    let mut t = Table::new(&head, &right);
    for p in &r.points {
        let mut cells = vec![p.index.to_string()];
        cells.extend(p.values.iter().map(|v| num(*v)));
        cells.push(changes(&p.changes_from_previous, p.index == 1));
        t.row(cells);
    }
    out.push_str(&t.to_text());
    out
}

fn changes(c: &[LeadChange], first: bool) -> String {
    if first {
        return "(start)".into();
    }
    c.iter()
        .map(LeadChange::sentence)
        .collect::<Vec<_>>()
        .join("; ")
}
