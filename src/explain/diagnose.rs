//! Why no plan: the smallest sets of relaxations that would make an infeasible
//! scenario feasible, found with the elastic model of [`crate::model`], in the
//! planner's terms ("Japan's capacity must rise from 6 to 8").

use serde::Serialize;

use super::fmt_num;
use crate::error::Error;
use crate::model::{self, Kind};
use crate::optimize::lead_variable_count;
use crate::possessive::possessive;
use crate::scenario::Scenario;
use crate::solve::{self, SolveOptions, Termination};

/// One change that would make an infeasible scenario feasible.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// Constraint family.
    pub kind: String,
    /// Country id, where the change is about a country.
    pub country: Option<String>,
    /// Task id, where the change is about a task.
    pub task: Option<String>,
    /// Current value, where the constraint has one.
    pub from: Option<f64>,
    /// Needed value, where the constraint has one.
    pub to: Option<f64>,
    /// A sentence a planner understands.
    pub sentence: String,
}

/// Why a scenario has no plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnosis {
    /// Alternative smallest sets of changes; any one set makes the scenario feasible.
    pub alternatives: Vec<Vec<Change>>,
}

impl Diagnosis {
    /// The diagnosis as one paragraph.
    pub fn summary(&self) -> String {
        if self.alternatives.is_empty() {
            return "no relaxation of the capacity, budget, lead-count, domain, pin or sensitivity limits makes this scenario feasible".into();
        }
        let sets: Vec<String> = self
            .alternatives
            .iter()
            .map(|set| {
                set.iter()
                    .map(|c| c.sentence.clone())
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect();
        format!(
            "no plan satisfies every constraint. To make one possible: {}.",
            sets.join("; or ")
        )
    }
}

/// Most alternative relaxation sets reported.
pub const MAX_ALTERNATIVES: usize = 3;

/// Finds the smallest sets of relaxations that make `s` feasible.
pub fn diagnose(s: &Scenario, opts: &SolveOptions) -> Result<Diagnosis, Error> {
    let kind = opts.pick(lead_variable_count(s))?;
    let mut found: Vec<Vec<Kind>> = Vec::new();
    let mut alternatives = Vec::new();
    while alternatives.len() < MAX_ALTERNATIVES {
        let m = model::build_elastic(s, &found);
        let relax = m.relax.clone();
        let solved = solve::run(m, kind, opts.time_limit)?;
        if !matches!(
            solved.termination,
            Termination::Optimal | Termination::TimeLimit
        ) {
            break;
        }
        let chosen: Vec<_> = relax
            .iter()
            .filter(|r| solved.values[r.z.col] > 0.5)
            .collect();
        if chosen.is_empty() || found.first().is_some_and(|f| chosen.len() > f.len()) {
            break;
        }
        found.push(chosen.iter().map(|r| r.kind).collect());
        alternatives.push(
            chosen
                .iter()
                .map(|r| describe(s, r.kind, r.slack.map_or(0.0, |v| solved.values[v.col])))
                .collect(),
        );
    }
    Ok(Diagnosis { alternatives })
}

/// Rounds a slack amount for display: integers stay integers.
fn amount(x: f64) -> f64 {
    // LP slacks carry solver noise (10.0000004): show at most four decimals.
    let r = x.round();
    if (x - r).abs() < 1e-5 {
        r
    } else {
        (x * 1e4).round() / 1e4
    }
}

fn describe(s: &Scenario, kind: Kind, slack: f64) -> Change {
    let d = amount(slack);
    let c = |i: usize| s.countries[i].name.clone();
    let cid = |i: usize| Some(s.countries[i].id.clone());
    let tid = |t: usize| Some(s.tasks[t].id.clone());
    let change =
        |kind: &str, country, task, from: Option<f64>, to: Option<f64>, sentence: String| Change {
            kind: kind.into(),
            country,
            task,
            from,
            to,
            sentence,
        };
    match kind {
        Kind::Capacity(i) => {
            let from = s.countries[i].capacity;
            change(
                "capacity",
                cid(i),
                None,
                Some(from),
                Some(from + d),
                format!(
                    "{} capacity must rise from {} to {}",
                    possessive(&c(i)),
                    fmt_num(from),
                    fmt_num(from + d)
                ),
            )
        }
        Kind::Budget(i) => {
            let from = s.countries[i].budget.unwrap_or(0.0);
            change(
                "budget",
                cid(i),
                None,
                Some(from),
                Some(from + d),
                format!(
                    "{} budget must rise from {} to {}",
                    possessive(&c(i)),
                    fmt_num(from),
                    fmt_num(from + d)
                ),
            )
        }
        Kind::MinLeads(i) => {
            let from = s.min_leads_of(i) as f64;
            change(
                "min_leads",
                cid(i),
                None,
                Some(from),
                Some(from - d),
                format!(
                    "{} minimum number of leads must fall from {} to {}",
                    possessive(&c(i)),
                    fmt_num(from),
                    fmt_num(from - d)
                ),
            )
        }
        Kind::MaxLeads(i) => {
            let from = s.max_leads_of(i).unwrap_or(0) as f64;
            change(
                "max_leads",
                cid(i),
                None,
                Some(from),
                Some(from + d),
                format!(
                    "{} maximum number of leads must rise from {} to {}",
                    possessive(&c(i)),
                    fmt_num(from),
                    fmt_num(from + d)
                ),
            )
        }
        Kind::Domain(i, dom) => {
            let from = s.policy.max_per_domain.unwrap_or(0) as f64;
            let name = s.domains()[dom].clone();
            change(
                "domain",
                cid(i),
                None,
                Some(from),
                Some(from + d),
                format!(
                    "{} must be allowed to lead {} tasks in {name} (the limit is {})",
                    c(i),
                    fmt_num(from + d),
                    fmt_num(from)
                ),
            )
        }
        Kind::Pin(k) => {
            let p = s.policy.pins[k];
            let sentence = if p.lead {
                format!(
                    "unpin {} from leading {}",
                    c(p.country),
                    s.tasks[p.task].name
                )
            } else {
                format!(
                    "lift the ban on {} leading {}",
                    c(p.country),
                    s.tasks[p.task].name
                )
            };
            change("pin", cid(p.country), tid(p.task), None, None, sentence)
        }
        Kind::Sensitivity(i, t) => {
            let task = &s.tasks[t];
            change("sensitivity", cid(i), tid(t), Some(s.countries[i].tolerance), Some(task.sensitivity), format!(
                "{} must accept leading {} (sensitivity {} above its tolerance {}; raise the tolerance or set sensitivity_rule = \"penalize\")",
                c(i), task.name, fmt_num(task.sensitivity), fmt_num(s.countries[i].tolerance)
            ))
        }
        Kind::TaskLeads(t) => {
            let from = s.tasks[t].leads as f64;
            change(
                "task_leads",
                None,
                tid(t),
                Some(from),
                Some(from - d),
                format!(
                    "let {} have {} lead(s) instead of {}",
                    s.tasks[t].name,
                    fmt_num(from - d),
                    fmt_num(from)
                ),
            )
        }
    }
}
