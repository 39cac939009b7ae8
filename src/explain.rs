//! Why this plan, and why no plan: the explanations a planner defends a plan with.
//!
//! * Runner-ups: for each task, every other country is forced to lead it in an
//!   exact re-solve; the best of those is the runner-up and the objective the plan
//!   would lose is reported (not estimated).
//! * Binding constraints: the limits the plan runs up against.
//! * Infeasibility: the elastic model of [`crate::model`] finds the smallest set
//!   of relaxations that makes the scenario feasible, and by how much; further
//!   sets of the same size are found by excluding the ones already reported.

use rayon::prelude::*;
use serde::Serialize;

use crate::error::Error;
use crate::model::{self, Kind, Restrictions};
use crate::optimize::{lead_variable_count, solve_restricted, Attempt};
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::solve::{self, SolveOptions, Termination};

/// The runner-up for one task.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunnerUp {
    /// Task id.
    pub task: String,
    /// Best alternative lead's country id, if any alternative is feasible.
    pub country: Option<String>,
    /// Objective lost if the runner-up is forced to lead (>= 0).
    pub objective_loss: Option<f64>,
}

/// A constraint the plan runs up against.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Binding {
    /// Constraint family: capacity, budget, max_leads, min_leads, domain, pin, sensitivity.
    pub kind: String,
    /// Country id.
    pub country: String,
    /// A sentence.
    pub detail: String,
}

/// Explanation of an optimal plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    /// Per task, in task order.
    pub runner_ups: Vec<RunnerUp>,
    /// Tight constraints.
    pub binding: Vec<Binding>,
}

/// Builds the explanation of `plan` (runner-ups solved in parallel, reported in task order).
pub fn explain(s: &Scenario, plan: &Plan, opts: &SolveOptions) -> Result<Explanation, Error> {
    let pairs: Vec<(usize, usize)> = (0..s.tasks.len())
        .flat_map(|t| (0..s.countries.len()).map(move |i| (t, i)))
        .filter(|&(t, i)| !plan.leads_task(i, t) && forcing_allowed(s, i, t))
        .collect();
    let results: Vec<Result<Option<f64>, Error>> = pairs
        .par_iter()
        .map(|&(t, i)| {
            let r = Restrictions { fixes: vec![(i, t, true)], exclude: Vec::new() };
            Ok(match solve_restricted(s, &r, opts)? {
                Attempt::Planned(p) => Some(p.objective),
                _ => None,
            })
        })
        .collect();
    let mut best: Vec<Option<(usize, f64)>> = vec![None; s.tasks.len()];
    for (&(t, i), r) in pairs.iter().zip(results) {
        if let Some(obj) = r? {
            if best[t].is_none_or(|(_, b)| obj > b + 1e-12) {
                best[t] = Some((i, obj));
            }
        }
    }
    let runner_ups = best
        .iter()
        .enumerate()
        .map(|(t, b)| RunnerUp {
            task: s.tasks[t].id.clone(),
            country: b.map(|(i, _)| s.countries[i].id.clone()),
            objective_loss: b.map(|(_, o)| (plan.objective - o).max(0.0)),
        })
        .collect();
    Ok(Explanation { runner_ups, binding: binding(s, plan) })
}

fn forcing_allowed(s: &Scenario, i: usize, t: usize) -> bool {
    s.sensitivity_allows(i, t) && !s.policy.pins.iter().any(|p| p.country == i && p.task == t && !p.lead)
}

const TIGHT: f64 = 1e-6;

/// The constraints that are tight at the plan.
pub fn binding(s: &Scenario, plan: &Plan) -> Vec<Binding> {
    let mut out = Vec::new();
    let mut push = |kind: &str, i: usize, detail: String| {
        out.push(Binding { kind: kind.into(), country: s.countries[i].id.clone(), detail });
    };
    for (i, c) in s.countries.iter().enumerate() {
        let used = plan.effort_used(s, i);
        if used >= c.capacity - TIGHT && used > 0.0 {
            push("capacity", i, format!("{} uses all its capacity ({} of {})", c.name, fmt_num(used), fmt_num(c.capacity)));
        }
        if let Some(b) = c.budget {
            let paid = plan.money_paid(i);
            if paid >= b - TIGHT && paid > 0.0 {
                push("budget", i, format!("{} spends all its budget ({} of {})", c.name, fmt_num(paid), fmt_num(b)));
            }
        }
        let n = plan.lead_count(i);
        if s.max_leads_of(i) == Some(n) {
            push("max_leads", i, format!("{} leads the maximum of {n} tasks", c.name));
        }
        let lo = s.min_leads_of(i);
        if lo > 0 && n == lo {
            push("min_leads", i, format!("{} leads only the required minimum of {lo} tasks", c.name));
        }
        if let Some(hi) = s.policy.max_per_domain {
            for d in s.domains() {
                let k = (0..s.tasks.len()).filter(|&t| s.tasks[t].domain == d && plan.leads_task(i, t)).count();
                if k == hi {
                    push("domain", i, format!("{} leads the maximum of {hi} tasks in {d}", c.name));
                }
            }
        }
    }
    for p in &s.policy.pins {
        let verb = if p.lead { "is pinned to lead" } else { "is barred from leading" };
        push("pin", p.country, format!("{} {verb} {}", s.countries[p.country].name, s.tasks[p.task].name));
    }
    for (t, task) in s.tasks.iter().enumerate() {
        let best = (0..s.countries.len()).max_by(|&a, &b| task.fit[a].total_cmp(&task.fit[b]));
        if let Some(i) = best.filter(|&i| !s.sensitivity_allows(i, t)) {
            push("sensitivity", i, format!(
                "{} has the best fit for {} but its sensitivity {} exceeds {}'s tolerance {}",
                s.countries[i].name, task.name, fmt_num(task.sensitivity), s.countries[i].name, fmt_num(s.countries[i].tolerance)
            ));
        }
    }
    out
}

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
            .map(|set| set.iter().map(|c| c.sentence.clone()).collect::<Vec<_>>().join(" and "))
            .collect();
        format!("no plan satisfies every constraint. To make one possible: {}.", sets.join("; or ")
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
        if !matches!(solved.termination, Termination::Optimal | Termination::TimeLimit) {
            break;
        }
        let chosen: Vec<_> = relax.iter().filter(|r| solved.values[r.z.col] > 0.5).collect();
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
    let r = x.round();
    if (x - r).abs() < 1e-6 {
        r
    } else {
        (x * 1e6).ceil() / 1e6
    }
}

/// Formats a number without noise (`6`, `0.25`).
pub fn fmt_num(x: f64) -> String {
    let r = (x * 1e6).round() / 1e6;
    if r.fract() == 0.0 && r.abs() < 1e15 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

fn describe(s: &Scenario, kind: Kind, slack: f64) -> Change {
    let d = amount(slack);
    let c = |i: usize| s.countries[i].name.clone();
    let cid = |i: usize| Some(s.countries[i].id.clone());
    let tid = |t: usize| Some(s.tasks[t].id.clone());
    let change = |kind: &str, country, task, from: Option<f64>, to: Option<f64>, sentence: String| Change {
        kind: kind.into(), country, task, from, to, sentence,
    };
    match kind {
        Kind::Capacity(i) => {
            let from = s.countries[i].capacity;
            change("capacity", cid(i), None, Some(from), Some(from + d), format!("{}'s capacity must rise from {} to {}", c(i), fmt_num(from), fmt_num(from + d)))
        }
        Kind::Budget(i) => {
            let from = s.countries[i].budget.unwrap_or(0.0);
            change("budget", cid(i), None, Some(from), Some(from + d), format!("{}'s budget must rise from {} to {}", c(i), fmt_num(from), fmt_num(from + d)))
        }
        Kind::MinLeads(i) => {
            let from = s.min_leads_of(i) as f64;
            change("min_leads", cid(i), None, Some(from), Some(from - d), format!("{}'s minimum number of leads must fall from {} to {}", c(i), fmt_num(from), fmt_num(from - d)))
        }
        Kind::MaxLeads(i) => {
            let from = s.max_leads_of(i).unwrap_or(0) as f64;
            change("max_leads", cid(i), None, Some(from), Some(from + d), format!("{}'s maximum number of leads must rise from {} to {}", c(i), fmt_num(from), fmt_num(from + d)))
        }
        Kind::Domain(i, dom) => {
            let from = s.policy.max_per_domain.unwrap_or(0) as f64;
            let name = s.domains()[dom].clone();
            change("domain", cid(i), None, Some(from), Some(from + d), format!("{} must be allowed to lead {} tasks in {name} (the limit is {})", c(i), fmt_num(from + d), fmt_num(from)))
        }
        Kind::Pin(k) => {
            let p = s.policy.pins[k];
            let sentence = if p.lead {
                format!("unpin {} from leading {}", c(p.country), s.tasks[p.task].name)
            } else {
                format!("lift the ban on {} leading {}", c(p.country), s.tasks[p.task].name)
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
            change("task_leads", None, tid(t), Some(from), Some(from - d), format!("let {} have {} lead(s) instead of {}", s.tasks[t].name, fmt_num(from - d), fmt_num(from)))
        }
    }
}
