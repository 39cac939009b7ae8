//! The assumptions section: every number the plan rests on, and where it comes from.

use std::path::Path;

use super::{text, Block, Inline};
use crate::fmt::fmt_num;
use crate::scenario::provenance::{matrix_file, scan, Marker};
use crate::scenario::{Funding, Scenario, SensitivityRule};

fn opt(x: Option<f64>, none: &str) -> String {
    x.map_or(none.to_string(), fmt_num)
}

/// One number, or "min to max" when the countries differ.
fn spread(v: &[f64]) -> String {
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if v.is_empty() {
        "-".into()
    } else if (hi - lo).abs() < 1e-12 {
        fmt_num(lo)
    } else {
        format!("{} to {}", fmt_num(lo), fmt_num(hi))
    }
}

fn countries(s: &Scenario) -> Block {
    let rows = s
        .countries
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                c.id.clone(),
                c.name.clone(),
                fmt_num(c.capacity),
                opt(c.budget, "unlimited"),
                fmt_num(c.tolerance),
                opt(c.fair_share, "-"),
                format!(
                    "{} to {}",
                    s.min_leads_of(i),
                    s.max_leads_of(i).map_or("any".into(), |m| m.to_string())
                ),
            ]
        })
        .collect();
    let headers = [
        "id",
        "country",
        "capacity",
        "budget",
        "sensitivity tolerance",
        "fair share",
        "tasks led",
    ];
    Block::Table {
        headers: headers.map(String::from).to_vec(),
        rows,
        numeric: vec![2, 3, 4, 5],
    }
}

fn capabilities(s: &Scenario) -> Block {
    let mut headers = vec!["capability".to_string()];
    headers.extend(s.countries.iter().map(|c| c.id.clone()));
    let rows = s
        .dimensions
        .iter()
        .map(|d| {
            let mut row = vec![d.replace('_', " ")];
            row.extend(
                s.countries
                    .iter()
                    .map(|c| opt(c.capability.get(d).copied(), "0")),
            );
            row
        })
        .collect();
    Block::Table {
        headers,
        rows,
        numeric: (1..=s.countries.len()).collect(),
    }
}

fn tasks(s: &Scenario) -> Block {
    let rows = s
        .tasks
        .iter()
        .map(|t| {
            let req: Vec<String> = t
                .requirements
                .iter()
                .map(|(d, w)| format!("{} {}", d.replace('_', " "), fmt_num(*w)))
                .collect();
            vec![
                t.name.clone(),
                t.domain.replace('_', " "),
                req.join(", "),
                spread(&t.effort),
                spread(&t.cost),
                fmt_num(t.sensitivity),
                fmt_num(t.importance),
                format!("{}{}", t.leads, if t.optional { " (optional)" } else { "" }),
            ]
        })
        .collect();
    let headers = [
        "task",
        "domain",
        "requirements",
        "effort",
        "cost",
        "sensitivity",
        "importance",
        "leads",
    ];
    Block::Table {
        headers: headers.map(String::from).to_vec(),
        rows,
        numeric: vec![3, 4, 5, 6],
    }
}

fn policy(s: &Scenario) -> Block {
    let p = &s.policy;
    let w = p.weights;
    let mut items = vec![
        format!(
            "Each country leads at least {} task(s){}.",
            p.min_leads,
            p.max_leads
                .map_or(String::new(), |m| format!(" and at most {m}"))
        ),
        format!(
            "Tasks one country may lead within one domain: {}.",
            p.max_per_domain
                .map_or("no limit".into(), |m| m.to_string())
        ),
        format!(
            "A co-lead pays at least {} of the task's cost.",
            fmt_num(p.min_share)
        ),
        match p.funding {
            Funding::Leads => "Funding: the leads of a task carry its cost.".to_string(),
            Funding::All => "Funding: any country may contribute to any task's cost.".to_string(),
        },
        match p.sensitivity_rule {
            SensitivityRule::Forbid => {
                "A country may not lead a task more sensitive than it tolerates.".to_string()
            }
            SensitivityRule::Penalize => {
                "A country may lead a task more sensitive than it tolerates, at a penalty."
                    .to_string()
            }
        },
        format!(
            "Objective weights: fit {}, cost {}, sensitivity {}, fairness {}.",
            fmt_num(w.fit),
            fmt_num(w.cost),
            fmt_num(w.sensitivity),
            fmt_num(w.fairness)
        ),
    ];
    for pin in &p.pins {
        let verb = if pin.lead {
            "must lead"
        } else {
            "may not lead"
        };
        items.push(format!(
            "Pinned: {} {verb} {}.",
            s.countries[pin.country].name, s.tasks[pin.task].name
        ));
    }
    Block::List(items.into_iter().map(text).collect())
}

/// What the file's comments say of its numbers, as the section's opening
/// sentence ends: only what the file (`text`, if it could be read again) holds.
fn reasoning(text: Option<&str>) -> String {
    let Some(numbers) = text.and_then(scan) else {
        return ".".into();
    };
    let said = numbers
        .iter()
        .filter(|n| n.marker != Marker::Unmarked || !n.note.is_empty())
        .count();
    let matrix = text.and_then(matrix_file).map_or(String::new(), |m| {
        format!(" (the capability scores from the matrix {m} it names)")
    });
    let comments = if said == 0 {
        "; it comments on none of its numbers, so nothing in it says where they come from or why."
            .to_string()
    } else if said == numbers.len() {
        "; the comment on each number's line there says where it comes from or why, and \"About these inputs\" above sums them up.".to_string()
    } else {
        format!(
            "; the comment on a number's line there says where it comes from or why ({said} of its {} numbers have one), and \"About these inputs\" above sums them up.",
            numbers.len()
        )
    };
    matrix + &comments
}

/// The assumptions: profiles, tasks, policy and sources; `file_text` is the
/// scenario file's, for what its comments say.
pub fn blocks(s: &Scenario, file: &Path, file_text: Option<&str>) -> Vec<Block> {
    let mut out = vec![
        Block::Heading(2, "Assumptions".into()),
        Block::Para(vec![
            Inline::Text("Every number below is read from the scenario file ".into()),
            Inline::Strong(file.display().to_string()),
            Inline::Text(reasoning(file_text)),
        ]),
        Block::Heading(3, "Countries".into()),
        countries(s),
        Block::Heading(3, "Capability profiles (0 to 1)".into()),
        capabilities(s),
        Block::Heading(3, "Tasks".into()),
        tasks(s),
        Block::Heading(3, "Policy".into()),
        policy(s),
        Block::Heading(3, "Sources".into()),
    ];
    out.push(if s.sources.is_empty() {
        Block::Para(text("The scenario file cites no sources."))
    } else {
        Block::List(s.sources.iter().map(|x| text(x.clone())).collect())
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_opening_sentence_promises_only_the_comments_the_file_has() {
        let all =
            "[[country]]\ncapacity = 3 # illustrative\nbudget = 4 # from the 2023 budget law\n";
        assert!(reasoning(Some(all)).contains("the comment on each number's line there"));
        let some = "[[country]]\ncapacity = 3 # illustrative\nbudget = 4\n";
        assert!(reasoning(Some(some)).contains("(1 of its 2 numbers have one)"));
        let none = "[scenario]\ncapabilities = \"scores.csv\"\n[[country]]\ncapacity = 3\n";
        let said = reasoning(Some(none));
        assert!(
            said.contains("it comments on none of its numbers"),
            "{said}"
        );
        assert!(said.starts_with(" (the capability scores from the matrix scores.csv it names)"));
        assert_eq!(reasoning(None), ".");
    }
}
