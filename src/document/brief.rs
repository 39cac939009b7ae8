//! The briefing: the report's first section, written for a minister.
//!
//! It answers four questions in plain words and the scenario's own units (who
//! leads what, what it costs, how sure we are, what would change it) and
//! explains each kind of number where it first appears. It uses no method
//! names: the analyst's detail follows in the appendix. Every figure comes from
//! the same solve report, contingency analysis and sweep as the appendix's
//! tables, through [`super::words`], so the two never disagree.

use super::words::{self, and_list, percent, score_share, Units};
use super::{text, Block, Inline, ReportInputs};
use crate::fmt::plural;
use crate::possessive::in_sentence;
use crate::resilience::contingency::{Contingency, ContingencyReport};
use crate::scenario::provenance::{self, Marker};
use crate::scenario::Scenario;
use crate::solve_report::{AssignmentRow, SolveReport};
use crate::sweep::data::SweepResults;

/// A lead whose best alternative lowers the plan's score by less than this
/// share of it is a close call.
pub const CLOSE_CALL: f64 = 0.01;

/// The section's title, which tests look for.
pub const TITLE: &str = "In brief";

/// A country id as it reads in a sentence: "the United States".
fn who(s: &Scenario, id: &str) -> String {
    in_sentence(&words::country(s, id))
}

/// A loss of score as a share of the plan's score when that is positive,
/// else in points.
fn score_loss(r: &SolveReport, loss: f64) -> String {
    match r.objective {
        Some(o) if o > 0.0 => score_share(loss / o),
        _ => format!(
            "{} points",
            crate::fmt::fmt_num((loss * 100.0).round() / 100.0)
        ),
    }
}

fn is_close(r: &SolveReport, loss: f64) -> bool {
    match r.objective {
        Some(o) if o > 0.0 => loss < CLOSE_CALL * o,
        _ => false,
    }
}

/// The answer in two sentences: who leads how many tasks.
fn answer(r: &SolveReport) -> Vec<Block> {
    let led = r.assignments.iter().filter(|a| !a.leads.is_empty()).count();
    let counts: Vec<String> = r
        .countries
        .iter()
        .map(|c| format!("{} {}", in_sentence(&c.name), c.leads))
        .collect();
    let co = r.assignments.iter().filter(|a| a.leads.len() > 1).count();
    let n = r.assignments.len();
    let which = if led == n {
        format!("every one of its {}", plural(n, "task", "tasks"))
    } else {
        format!("{led} of its {}", plural(n, "task", "tasks"))
    };
    let mut first = format!(
        "Under this scenario's assumptions, the division of labour gives {which} a lead: {} (a count of tasks led or co-led",
        and_list(&counts),
    );
    first.push_str(&if co > 0 {
        format!(
            "; {} shared by co-leads).",
            plural(co, "task is", "tasks are")
        )
    } else {
        ").".to_string()
    });
    let left_out = r.assignments.len() - led;
    if left_out > 0 {
        first.push_str(&format!(
            " {} left without a lead.",
            plural(left_out, "optional task is", "optional tasks are")
        ));
    }
    let status = match (r.status.as_str(), r.objective, r.bound) {
        ("optimal", _, _) => "No other division of labour meets every rule of the scenario with a higher score (the score is explained at the end of this section).".to_string(),
        (_, Some(o), Some(b)) if o.abs() > 0.0 => format!(
            "This is the best plan found in the time allowed; a better one may exist, by at most {} of its score (the score is explained at the end of this section).",
            score_share(((b - o) / o.abs()).max(0.0))
        ),
        _ => "This is the best plan found in the time allowed; a better one may exist.".to_string(),
    };
    vec![Block::Para(text(first)), Block::Para(text(status))]
}

fn payers(s: &Scenario, u: &Units, a: &AssignmentRow) -> String {
    let paid: Vec<String> = a
        .shares
        .iter()
        .filter(|(_, v)| *v > 0.0)
        .map(|(id, v)| format!("{} {}", words::country(s, id), u.money_number(v * a.cost)))
        .collect();
    if paid.is_empty() {
        "-".into()
    } else {
        paid.join(", ")
    }
}

fn alternative(s: &Scenario, r: &SolveReport, a: &AssignmentRow) -> String {
    if a.leads.is_empty() {
        return match (&a.runner_up, a.runner_up_loss) {
            (Some(c), Some(loss)) => format!(
                "optional, left out: led by {}, the score would be {} lower",
                words::country(s, c),
                score_loss(r, loss)
            ),
            _ => "optional; left out".into(),
        };
    }
    match (&a.runner_up, a.runner_up_loss) {
        (Some(c), Some(loss)) => {
            let close = if is_close(r, loss) {
                "close call: "
            } else {
                ""
            };
            format!(
                "{close}{}, score {} lower",
                words::country(s, c),
                score_loss(r, loss)
            )
        }
        _ if a.leads.len() == s.countries.len() => "every partner leads it".into(),
        _ if r.explained => "no other country may lead it under the rules".into(),
        _ => "not computed".into(),
    }
}

fn leads_table(s: &Scenario, r: &SolveReport, u: &Units) -> Block {
    let rows = r
        .assignments
        .iter()
        .map(|a| {
            let leads: Vec<String> = a.leads.iter().map(|id| words::country(s, id)).collect();
            vec![
                a.name.clone(),
                if leads.is_empty() {
                    "nobody".into()
                } else {
                    and_list(&leads)
                },
                payers(s, u, a),
                alternative(s, r, a),
            ]
        })
        .collect();
    Block::Table {
        headers: vec![
            "task".into(),
            "led by".into(),
            format!("who pays ({})", u.money_unit()),
            "the best other lead, and what it would cost the plan".into(),
        ],
        rows,
        numeric: vec![],
    }
}

fn costs_table(r: &SolveReport, u: &Units) -> Block {
    let rows = r
        .countries
        .iter()
        .map(|c| {
            vec![
                c.name.clone(),
                c.leads.to_string(),
                match c.budget {
                    Some(b) => format!("{} of {}", u.money_number(c.cost_paid), u.money_number(b)),
                    None => format!("{} (no limit set)", u.money_number(c.cost_paid)),
                },
                format!(
                    "{} of {}",
                    u.effort_number(c.effort_used),
                    u.effort_number(c.capacity)
                ),
            ]
        })
        .collect();
    Block::Table {
        headers: vec![
            "country".into(),
            "tasks led".into(),
            format!("money paid, of its budget ({})", u.money_unit()),
            format!("effort given, of what it can give ({})", u.effort_unit()),
        ],
        rows,
        numeric: vec![1, 2, 3],
    }
}

/// Where the numbers come from, in one sentence.
fn provenance_sentence(inp: &ReportInputs) -> Option<String> {
    let text = std::fs::read_to_string(inp.scenario_file).ok()?;
    let marks = provenance::scan(&text)?;
    let count = |m: Marker| marks.iter().filter(|x| x.marker == m).count();
    let parts: Vec<String> = [
        (
            Marker::Source,
            "taken from a named publication",
            "taken from named publications",
        ),
        (
            Marker::Approximate,
            "an approximate real-world figure",
            "approximate real-world figures",
        ),
        (
            Marker::Judgement,
            "the scenario author's judgement",
            "the scenario author's judgement",
        ),
        (
            Marker::Illustrative,
            "an illustrative placeholder (only its size matters)",
            "illustrative placeholders (only their size matters)",
        ),
        (
            Marker::Unmarked,
            "without a note of where it comes from",
            "without a note of where they come from",
        ),
    ]
    .iter()
    .filter(|(m, _, _)| count(*m) > 0)
    .map(|(m, one, many)| {
        let n = count(*m);
        format!(
            "{n} {} {}",
            if n == 1 { "is" } else { "are" },
            if n == 1 { one } else { many }
        )
    })
    .collect();
    if parts.is_empty() {
        return None;
    }
    Some(format!(
        "The plan is no more certain than its inputs. Of the {} numbers in the scenario, {}.",
        marks.len(),
        and_list(&parts)
    ))
}

fn close_calls(s: &Scenario, r: &SolveReport) -> Option<String> {
    if !r.explained {
        return None;
    }
    let close: Vec<String> = r
        .assignments
        .iter()
        .filter(|a| a.runner_up_loss.is_some_and(|l| is_close(r, l)))
        .map(|a| {
            format!(
                "{} ({} would do almost as well)",
                a.name,
                who(s, a.runner_up.as_deref().unwrap_or(""))
            )
        })
        .collect();
    let threshold = score_share(CLOSE_CALL);
    let n = r.assignments.iter().filter(|a| !a.leads.is_empty()).count();
    Some(if close.is_empty() {
        format!("No lead is a close call: for every task, the best other lead lowers the plan's score by {threshold} or more.")
    } else if close.len() > 3 {
        format!(
            "{} of the {n} leads are close calls (marked in the table above): the best other lead lowers the plan's score by less than {threshold}, so a small change in the inputs could move them.",
            close.len()
        )
    } else {
        format!(
            "{} a close call, where the best other lead lowers the plan's score by less than {threshold}: {}. A small change in the inputs could move {}.",
            crate::fmt::upper_first(&plural(close.len(), "lead is", "leads are")),
            close.join("; "),
            if close.len() == 1 { "it" } else { "them" }
        )
    })
}

fn sweep_sentences(s: &Scenario, sw: &SweepResults) -> Vec<String> {
    let optimal = sw.optimal_runs().count() as u64;
    let mut out = vec![format!(
        "The plan was tested in {} {} in which {} of the scenario's inputs were varied within set ranges.",
        crate::sweep::summary::count(sw.runs),
        if sw.runs == 1 { "trial" } else { "trials" },
        sw.parameters.len()
    )];
    if sw.runs > optimal {
        out.push(format!(
            "In {} of the trials no division of labour met every rule (or none was found in time).",
            percent((sw.runs - optimal) as f64 / sw.runs.max(1) as f64)
        ));
    }
    let mut settled: Vec<(f64, &str)> = sw
        .tasks
        .iter()
        .zip(&s.tasks)
        .filter_map(|(t, task)| t.stability.map(|v| (v, task.name.as_str())))
        .collect();
    settled.sort_by(|a, b| a.0.total_cmp(&b.0));
    if let Some(&(least, _)) = settled.first() {
        let weakest: Vec<String> = settled
            .iter()
            .take(3)
            .filter(|(v, _)| *v < 0.95)
            .map(|(v, n)| format!("{n} ({})", percent(*v)))
            .collect();
        out.push(if weakest.is_empty() {
            format!(
                "Every task kept this plan's lead(s) in at least {} of the trials that had a plan.",
                percent(least)
            )
        } else {
            format!(
                "Every task kept this plan's lead(s) in at least {} of the trials that had a plan; the least settled: {}.",
                percent(least),
                weakest.join(", ")
            )
        });
    }
    let movers: Vec<String> = sw
        .correlations
        .iter()
        .filter(|c| c.survival_significant)
        .map(|c| words::parameter(s, &c.parameter))
        .take(5)
        .collect();
    out.push(if movers.is_empty() {
        "No single input stands out as moving the plan more than chance would.".to_string()
    } else {
        format!(
            "The inputs that move the plan more than chance would: {}.",
            and_list(&movers)
        )
    });
    out
}

fn contingency_sentence(s: &Scenario, r: &SolveReport, c: &Contingency) -> Option<String> {
    if c.kind != "withdraw" {
        return None;
    }
    let gone: Vec<String> = c.countries.iter().map(|id| who(s, id)).collect();
    let head = format!("If {} stepped back", and_list(&gone));
    if c.feasible {
        let moved: Vec<String> = c
            .reassigned
            .iter()
            .map(|ch| {
                let to: Vec<String> = ch.to.iter().map(|id| who(s, id)).collect();
                format!(
                    "{} to {}",
                    words::task(s, &ch.task),
                    if to.is_empty() {
                        "nobody (optional)".into()
                    } else {
                        and_list(&to)
                    }
                )
            })
            .collect();
        let change = match c.objective_lost {
            Some(l) if l > 0.0 => format!("the plan's score would fall by {}", score_loss(r, l)),
            Some(l) if l < 0.0 => format!("the plan's score would rise by {}", score_loss(r, -l)),
            _ => "the plan's score would not change".into(),
        };
        Some(format!(
            "{head}, {} would change hands ({}) and {change}.",
            plural(moved.len(), "task", "tasks"),
            moved.join("; ")
        ))
    } else if c.plan == "best_effort" {
        let lost: Vec<String> = c
            .short
            .iter()
            .map(|sh| {
                let name = words::task(s, &sh.task);
                if sh.leads == 0 {
                    format!("{name} (no lead)")
                } else {
                    format!("{name} ({} of its {} leads)", sh.leads, sh.required)
                }
            })
            .collect();
        Some(format!(
            "{head}, no division of labour would meet every rule; the best plan possible falls short on {}.",
            if lost.is_empty() { "no task".to_string() } else { lost.join("; ") }
        ))
    } else {
        Some(format!(
            "{head}, no division of labour meeting every rule was found in the time allowed."
        ))
    }
}

fn changes(s: &Scenario, r: &SolveReport, cont: Option<&ContingencyReport>) -> Vec<Vec<Inline>> {
    let mut out: Vec<Vec<Inline>> = Vec::new();
    if r.binding.is_empty() {
        out.push(text(
            "Every limit of the scenario (capacity, budgets, leads per country) has room to spare.",
        ));
    }
    for b in &r.binding {
        let why = match b.kind.as_str() {
            "capacity" | "budget" | "max_leads" | "domain" => {
                "lowering this limit would force a change of plan"
            }
            "min_leads" => "raising this minimum would force a change of plan",
            "pin" => "a choice the scenario fixes, not one the plan's score makes",
            "sensitivity" => "the rule on sensitive tasks decides this lead, not the score",
            _ => "",
        };
        // The method's word for the score, in the briefing's.
        let detail = words::spaced(&b.detail).replace("the objective", "the plan's score");
        out.push(text(if why.is_empty() {
            format!("{detail}.")
        } else {
            format!("{detail}: {why}.")
        }));
    }
    match cont {
        Some(c) => out.extend(
            c.contingencies
                .iter()
                .filter_map(|x| contingency_sentence(s, r, x))
                .map(text),
        ),
        None => out.push(text(
            "What happens if a partner steps back was not analysed for this report.",
        )),
    }
    out
}

fn glossary(s: &Scenario, u: &Units) -> Vec<Vec<Inline>> {
    let w = &s.policy.weights;
    let mut parts =
        vec!["how well each lead fits its task, weighted by the task's importance".to_string()];
    if w.cost > 0.0 {
        parts.push("less the total cost".into());
    }
    if w.sensitivity > 0.0 {
        parts.push("less a penalty for sensitive tasks led by countries that tolerate less".into());
    }
    if w.fairness > 0.0 {
        parts.push("less a penalty for costs paid away from each country's fair share".into());
    }
    let score = if w.fit > 0.0 {
        parts.join(", ")
    } else {
        parts[1..].join(", ").replacen("less ", "", 1)
    };
    vec![
        vec![
            Inline::Strong("The plan's score ".into()),
            Inline::Text(format!(
                "adds up {score}, in the proportions the scenario sets. Higher is better; it only compares plans of this scenario, and a percentage of it says how much one choice matters."
            )),
        ],
        vec![
            Inline::Strong("Fit ".into()),
            Inline::Text("runs from 0 to 1: how well a country's strengths, as scored in the scenario, match what a task needs. Higher is better.".into()),
        ],
        vec![
            Inline::Strong("Amounts: ".into()),
            Inline::Text(u.rounding_note()),
        ],
    ]
}

/// The briefing's blocks: title, the answer, and the four questions.
pub fn blocks(inp: &ReportInputs) -> Vec<Block> {
    let s = inp.scenario;
    let r = inp.report;
    let u = Units::of(s);
    let mut out = vec![Block::Heading(1, s.name.clone())];
    if !s.description.is_empty() {
        out.push(Block::Para(text(s.description.clone())));
    }
    out.push(Block::Heading(2, TITLE.into()));
    if inp.plan.is_none() {
        out.push(Block::Para(text(
            "No division of labour meets every rule of this scenario as it stands.",
        )));
        if let Some(d) = &r.diagnosis {
            let sets: Vec<Vec<Inline>> = d
                .alternatives
                .iter()
                .map(|set| {
                    let s: Vec<String> = set.iter().map(|c| c.sentence.clone()).collect();
                    text(crate::fmt::upper_first(&s.join("; and ")))
                })
                .collect();
            if sets.is_empty() {
                out.push(Block::Para(text(d.summary())));
            } else {
                out.push(Block::Para(text(
                    "Any one of these changes would make a plan possible (each was applied and checked):",
                )));
                out.push(Block::List(sets));
            }
        }
        return out;
    }
    out.extend(answer(r));
    out.push(Block::Heading(3, "Who leads what".into()));
    out.push(leads_table(s, r, &u));
    out.push(Block::Note(format!(
        "The last column names the country that would cost the plan least if it led the task instead, and how much of the plan's score that would cost (each checked by planning again with that country leading). A close call costs less than {}.",
        score_share(CLOSE_CALL)
    )));
    out.push(Block::Heading(3, "What it costs".into()));
    out.push(costs_table(r, &u));
    out.push(Block::Heading(3, "How sure we are".into()));
    let mut sure: Vec<String> = provenance_sentence(inp).into_iter().collect();
    sure.extend(close_calls(s, r));
    match inp.sweep {
        Some(sw) => sure.extend(sweep_sentences(s, sw)),
        None => sure.push("How far the plan depends on uncertain inputs was not tested for this report (add a sweep to test it).".into()),
    }
    out.push(Block::List(sure.into_iter().map(text).collect()));
    out.push(Block::Heading(3, "What would change it".into()));
    out.push(Block::List(changes(s, r, inp.contingency)));
    out.extend(super::horizon::brief(inp));
    out.push(Block::Heading(3, "What the numbers mean".into()));
    out.push(Block::List(glossary(s, &u)));
    out
}
