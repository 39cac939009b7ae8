//! The summary and the plan sections: who leads what, why, and what binds.

use super::{text, Block, Inline, ReportInputs};
use crate::chart::ChartKind;
use crate::fmt::{fmt_num, plural};
use crate::solve_report::SolveReport;

fn r4(x: f64) -> String {
    fmt_num((x * 1e4).round() / 1e4)
}

fn pct(x: f64) -> String {
    format!("{}%", fmt_num((x * 1000.0).round() / 10.0))
}

/// How many tasks each country leads, as "United States leads 6, ...".
fn lead_counts(r: &SolveReport) -> String {
    let parts: Vec<String> = r
        .countries
        .iter()
        .map(|c| format!("{} leads {}", c.name, c.leads))
        .collect();
    parts.join(", ")
}

/// Title, description and the headline facts.
pub fn summary(inp: &ReportInputs) -> Vec<Block> {
    let s = inp.scenario;
    let r = inp.report;
    let mut out = vec![Block::Heading(1, s.name.clone())];
    if !s.description.is_empty() {
        out.push(Block::Para(text(s.description.clone())));
    }
    let mut facts = vec![vec![
        Inline::Strong("Plan: ".into()),
        Inline::Text(format!("{}.", r.message)),
    ]];
    if let Some(o) = r.objective {
        facts.push(vec![
            Inline::Strong("Division of labour: ".into()),
            Inline::Text(format!(
                "{} in {}; {}; objective {}.",
                plural(s.tasks.len(), "task", "tasks"),
                plural(s.domains().len(), "domain", "domains"),
                lead_counts(r),
                r4(o)
            )),
        ]);
        let binding = if r.binding.is_empty() {
            "none: every limit has room to spare".to_string()
        } else {
            format!("{} (listed below)", r.binding.len())
        };
        facts.push(vec![
            Inline::Strong("Binding limits: ".into()),
            Inline::Text(binding),
        ]);
    }
    if let Some(sw) = inp.sweep {
        let optimal = sw.optimal_runs().count();
        let stability: Vec<f64> = sw.tasks.iter().filter_map(|t| t.stability).collect();
        let survival = sw
            .plan_survival
            .map_or("no run with a plan to compare".into(), |v| {
                crate::sweep::summary::survival_in_context(&stability, &pct(v), v)
            });
        facts.push(vec![
            Inline::Strong("Robustness: ".into()),
            Inline::Text(format!(
                "across the {} runs of a sweep ({} design; {optimal} with a plan), {survival}.",
                sw.runs, sw.design
            )),
        ]);
    }
    out.push(Block::List(facts));
    out
}

fn leads_table(r: &SolveReport) -> Block {
    let rows = r
        .assignments
        .iter()
        .map(|a| {
            let shares: Vec<String> = a
                .shares
                .iter()
                .map(|(k, v)| format!("{k} {}", pct(*v)))
                .collect();
            vec![
                a.name.clone(),
                a.domain.replace('_', " "),
                if a.leads.is_empty() {
                    "(left out)".into()
                } else {
                    a.leads.join(" + ")
                },
                shares.join(", "),
                fmt_num((a.fit * 1000.0).round() / 1000.0),
                a.runner_up.clone().unwrap_or_else(|| {
                    if r.explained {
                        "none feasible".into()
                    } else {
                        "-".into()
                    }
                }),
                a.runner_up_loss.map_or("-".into(), r4),
            ]
        })
        .collect();
    let headers = [
        "task",
        "domain",
        "lead(s)",
        "cost shares",
        "fit",
        "runner-up",
        "objective lost if the runner-up leads",
    ];
    Block::Table {
        headers: headers.map(String::from).to_vec(),
        rows,
        numeric: vec![4, 6],
    }
}

fn countries_table(r: &SolveReport) -> Block {
    let rows = r
        .countries
        .iter()
        .map(|c| {
            vec![
                format!("{} ({})", c.name, c.id),
                c.leads.to_string(),
                format!("{} of {}", fmt_num(c.effort_used), fmt_num(c.capacity)),
                format!(
                    "{} of {}",
                    fmt_num(c.cost_paid),
                    c.budget.map_or("unlimited".into(), fmt_num)
                ),
            ]
        })
        .collect();
    Block::Table {
        headers: [
            "country",
            "leads",
            "effort used of capacity",
            "cost paid of budget",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        numeric: vec![1, 2, 3],
    }
}

fn objective_table(r: &SolveReport) -> Block {
    let mut rows: Vec<Vec<String>> = r
        .objective_terms
        .iter()
        .map(|t| {
            vec![
                t.term.clone(),
                fmt_num(t.value),
                fmt_num(t.weight),
                fmt_num(t.contribution),
            ]
        })
        .collect();
    rows.push(vec![
        "objective".into(),
        String::new(),
        String::new(),
        r.objective.map_or("-".into(), fmt_num),
    ]);
    Block::Table {
        headers: ["term", "value", "weight", "contribution"]
            .map(String::from)
            .to_vec(),
        rows,
        numeric: vec![1, 2, 3],
    }
}

fn diagnosis(r: &SolveReport) -> Vec<Block> {
    let Some(d) = &r.diagnosis else {
        return Vec::new();
    };
    if d.alternatives.is_empty() {
        return vec![
            Block::Heading(2, "What would make a plan possible".into()),
            Block::Para(text(d.summary())),
        ];
    }
    let items = d
        .alternatives
        .iter()
        .enumerate()
        .map(|(k, set)| {
            let s: Vec<String> = set.iter().map(|c| c.sentence.clone()).collect();
            text(format!(
                "{}{}",
                if k == 0 { "" } else { "or: " },
                s.join("; and ")
            ))
        })
        .collect();
    let mut lead = String::from(if d.smallest_proven {
        "Any one of these sets of changes makes a plan possible; each was applied and re-solved, and no set of fewer changes does."
    } else {
        "Any one of these sets of changes makes a plan possible; each was applied and re-solved. They are not proven the smallest: the search for fewer changes stopped at its time limit, or a set had to be completed."
    });
    if !d.amounts_least {
        lead.push_str(" The amounts are enough but not proven the least: the search for smaller ones stopped at its time limit.");
    }
    vec![
        Block::Heading(2, "What would make a plan possible".into()),
        Block::Para(text(lead)),
        Block::List(items),
    ]
}

/// The plan, its explanation and its charts (or, without a plan, the diagnosis).
pub fn plan(inp: &ReportInputs) -> Vec<Block> {
    let r = inp.report;
    if inp.plan.is_none() {
        return diagnosis(r);
    }
    let mut out = vec![
        Block::Heading(2, "The plan".into()),
        Block::Chart(ChartKind::PlanMatrix, "Who leads what: leads ringed, cost shares shaded, each country's fit for each task.".into()),
        Block::Heading(3, "Leads, runner-ups and the cost of forcing them".into()),
        Block::Para(text(
            "For each task the runner-up is the country whose forced lead costs the plan least; the last column is the objective the whole plan would lose (re-solved exactly, not estimated).",
        )),
        leads_table(r),
    ];
    if !r.explained {
        out.push(Block::Note("Runner-ups were not computed (they re-solve the plan once per task and country); run `leadplan report` without --no-explain, or `leadplan solve --explain`.".into()));
    }
    out.push(Block::Heading(3, "Binding limits".into()));
    out.push(if r.binding.is_empty() {
        Block::Para(text("None: every limit has room to spare."))
    } else {
        Block::List(r.binding.iter().map(|b| text(b.detail.clone())).collect())
    });
    out.extend([
        Block::Heading(3, "Country load".into()),
        Block::Chart(
            ChartKind::CountryLoad,
            "Effort used of capacity and money paid of budget, per country.".into(),
        ),
        countries_table(r),
        Block::Heading(3, "Objective".into()),
        Block::Chart(
            ChartKind::Objective,
            "What each term of the objective adds or takes away.".into(),
        ),
        objective_table(r),
    ]);
    out
}
