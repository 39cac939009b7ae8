//! The contingency section: the plan re-made as if each partner stepped back.
//!
//! The same [`ContingencyReport`] as `leadplan contingency` gives, as one table:
//! for each withdrawal, whether a plan still meets every rule, the tasks that
//! change hands and the objective lost; a best-effort plan's losses are in
//! their own column, never mixed with a feasible plan's.

use super::{text, Block, ReportInputs};
use crate::fmt::fmt_num;
use crate::resilience::contingency::Contingency;

fn r4(x: f64) -> String {
    fmt_num((x * 1e4).round() / 1e4)
}

fn row(c: &Contingency) -> Vec<String> {
    let moved: Vec<String> = c.reassigned.iter().map(|ch| ch.sentence()).collect();
    let verdict = if c.feasible {
        if c.plan == "optimal" {
            "yes".to_string()
        } else {
            "yes (best found in the time limit)".to_string()
        }
    } else if c.plan == "best_effort" {
        "no: best effort".to_string()
    } else {
        "no plan found".to_string()
    };
    // `short` holds every required task with fewer leads than it needs, none included.
    let left: Vec<String> = c
        .short
        .iter()
        .map(|s| format!("{} ({} of {})", s.task, s.leads, s.required))
        .collect();
    vec![
        c.name.clone(),
        verdict,
        if moved.is_empty() {
            "-".into()
        } else {
            moved.join("; ")
        },
        c.objective_lost.map_or("-".into(), r4),
        if left.is_empty() {
            "-".into()
        } else {
            left.join("; ")
        },
    ]
}

/// The section, when the report analysed contingencies.
pub fn blocks(inp: &ReportInputs) -> Vec<Block> {
    let Some(rep) = inp.contingency else {
        return Vec::new();
    };
    if rep.contingencies.is_empty() {
        return Vec::new();
    }
    vec![
        Block::Heading(2, "If a partner steps back".into()),
        Block::Para(text(
            "Each country in turn withdraws (it leads nothing and pays nothing; its pins and minimum leads go with it) and the plan is made again. Where no plan meets every rule, the best-effort plan covers as much of the agenda as possible; its tasks without leads are listed, and its objective is not compared with a feasible plan's. The same analysis as `leadplan contingency`.",
        )),
        Block::Table {
            headers: [
                "contingency",
                "a plan meets every rule",
                "tasks that change hands",
                "objective lost",
                "required tasks without their leads",
            ]
            .map(String::from)
            .to_vec(),
            rows: rep.contingencies.iter().map(row).collect(),
            numeric: vec![3],
        },
    ]
}
