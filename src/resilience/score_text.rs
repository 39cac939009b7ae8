//! Text renderings of `score` and `compare` (JSON is their serde form,
//! [`super::to_json`]). Numbers are rounded here and no timing is printed.

use super::score::{CompareReport, ScoreReport};
use super::LeadChange;
use crate::fmt::fmt_num;
use crate::solve_report::table::Table;

fn num(x: Option<f64>) -> String {
    x.map(|v| fmt_num((v * 1e4).round() / 1e4))
        .unwrap_or_else(|| "-".into())
}

fn bullets(out: &mut String, title: &str, lines: impl IntoIterator<Item = String>) {
    out.push_str(&format!("\n{title}\n"));
    for l in lines {
        out.push_str(&format!("  - {l}\n"));
    }
}

/// `score` as text: the verdict, the limits broken, the objective term by
/// term against the optimum, the tasks led differently, the nearest plan.
pub fn score(r: &ScoreReport) -> String {
    let mut out = format!(
        "{}: the plan is {}, objective {}",
        r.scenario,
        r.status,
        num(Some(r.objective))
    );
    match r.optimum {
        Some(o) => out.push_str(&format!(
            " (optimum {}, gap {})\n",
            num(Some(o)),
            num(r.gap)
        )),
        None => out.push('\n'),
    }
    if r.optimum_status.as_deref() == Some("time_limit") {
        out.push_str(
            "the optimum is the best plan found within the time limit, not proven optimal\n",
        );
    }
    out.push_str(payments(&r.payments));
    if let Some(d) = &r.diagnosis {
        out.push_str(&format!("the scenario has no plan: {}\n", d.summary()));
    }
    if !r.breaches.is_empty() {
        bullets(
            &mut out,
            "Limits it breaks",
            r.breaches.iter().map(|b| b.sentence.clone()),
        );
    }
    let mut t = Table::new(&["term", "weight", "plan", "optimum", "gap"], &[1, 2, 3, 4]);
    for g in &r.terms {
        t.row(vec![
            g.term.clone(),
            fmt_num(g.weight),
            num(Some(g.plan_contribution)),
            num(g.optimum_contribution),
            num(g.gap),
        ]);
    }
    t.row(vec![
        "objective".into(),
        String::new(),
        num(Some(r.objective)),
        num(r.optimum),
        num(r.gap),
    ]);
    out.push_str(&format!(
        "\nObjective (weighted contributions)\n{}",
        t.to_text()
    ));
    if r.optimum.is_some() {
        let lines = changes(
            &r.differs_from_optimum,
            "none: it leads as the optimum does",
        );
        bullets(
            &mut out,
            "Where the optimum leads differently (plan -> optimum)",
            lines,
        );
    }
    if let Some(fix) = &r.repair {
        let title = format!(
            "Nearest feasible plan (the fewest of its leads dropped: {})",
            fix.leads_dropped
        );
        bullets(&mut out, &title, [fix.sentence.clone()]);
    }
    out
}

fn payments(how: &str) -> &'static str {
    match how {
        "best" => {
            "payments: the plan gives no shares; the costs are split as well as the limits allow\n"
        }
        "equal" => {
            "payments: the plan gives no shares; the costs are split equally among the leads\n"
        }
        _ => "",
    }
}

fn changes(cs: &[LeadChange], none: &str) -> Vec<String> {
    if cs.is_empty() {
        vec![none.to_string()]
    } else {
        cs.iter().map(LeadChange::sentence).collect()
    }
}

/// `compare` as text: both plans side by side, then where they differ.
pub fn compare(r: &CompareReport) -> String {
    let (a, b) = (&r.a, &r.b);
    let mut out = format!("{}: plan A against plan B\n", r.scenario);
    for (k, f) in r.files.iter().enumerate() {
        out.push_str(&format!("{}: {f}\n", ["A", "B"][k.min(1)]));
    }
    let mut t = Table::new(&["", "A", "B", "optimum"], &[1, 2, 3]);
    t.row(vec![
        "status".into(),
        a.status.clone(),
        b.status.clone(),
        String::new(),
    ]);
    t.row(vec![
        "limits broken".into(),
        a.breaches.len().to_string(),
        b.breaches.len().to_string(),
        String::new(),
    ]);
    for (ga, gb) in a.terms.iter().zip(&b.terms) {
        t.row(vec![
            ga.term.clone(),
            num(Some(ga.plan_contribution)),
            num(Some(gb.plan_contribution)),
            num(ga.optimum_contribution),
        ]);
    }
    t.row(vec![
        "objective".into(),
        num(Some(a.objective)),
        num(Some(b.objective)),
        num(a.optimum),
    ]);
    t.row(vec![
        "gap to the optimum".into(),
        num(a.gap),
        num(b.gap),
        String::new(),
    ]);
    out.push_str(&format!("\n{}", t.to_text()));
    for (name, s) in [("A", a), ("B", b)] {
        if !s.breaches.is_empty() {
            let title = format!("Limits {name} breaks");
            bullets(
                &mut out,
                &title,
                s.breaches.iter().map(|x| x.sentence.clone()),
            );
        }
    }
    bullets(
        &mut out,
        "Tasks led differently (A -> B)",
        changes(&r.differ, "none: both lead every task alike"),
    );
    out
}
