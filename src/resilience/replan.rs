//! Minimal-disruption replanning: repair a baseline plan after the scenario changes.
//!
//! A change is one baseline lead `(country, task)` that the new plan drops: a
//! task whose lead moves from A to B is one change, a co-led task that swaps
//! one co-lead is one change, and a baseline lead the new scenario forbids is a
//! change whatever the plan. The replan either drops at most K baseline leads
//! (`--max-changes`), or maximises the objective minus a penalty per dropped
//! lead (`--change-penalty`), or, by default, drops as few as any feasible plan
//! must and then maximises the objective. It is compared with the
//! unconstrained re-optimum and with keeping the baseline unchanged.

use serde::Serialize;

use super::{lead_changes, lead_pairs, objective_range, task_leads, LeadChange, TaskLeads};
use crate::error::Error;
use crate::fmt::round;
use crate::model::{Baseline, ChangeLimit, Restrictions};
use crate::optimize::Diagnosis;
use crate::optimize::{evaluate_fixed, solve, solve_restricted, Attempt, Evaluation, Outcome};
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::solve::SolveOptions;

pub use super::baseline::{parse as parse_baseline, read as read_baseline};

/// How the replan trades objective for stability.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stability {
    /// At most this many baseline leads dropped.
    MaxChanges(usize),
    /// Objective points given up per dropped baseline lead.
    Penalty(f64),
    /// As few dropped leads as any feasible plan allows, then the best objective.
    Fewest,
}

/// A plan and how far it is from the baseline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Replanned {
    /// Objective.
    pub objective: f64,
    /// `optimal` or `time_limit`.
    pub status: String,
    /// Baseline leads dropped.
    pub change_count: usize,
    /// Tasks whose leads differ from the baseline.
    pub changes: Vec<LeadChange>,
    /// The plan's leads.
    pub leads: Vec<TaskLeads>,
}

/// Everything `replan` reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReplanReport {
    /// Scenario name.
    pub scenario: String,
    /// `max_changes`, `change_penalty` or `fewest_changes`.
    pub mode: String,
    /// K, with `max_changes`.
    pub max_changes: Option<usize>,
    /// The penalty per change, with `change_penalty`.
    pub change_penalty: Option<f64>,
    /// `planned`, `too_few_changes` (no plan within K) or `infeasible` (the scenario has no plan).
    pub status: String,
    /// The replan (null when there is none).
    pub plan: Option<Replanned>,
    /// The best plan with no limit on changes.
    pub reoptimum: Option<Replanned>,
    /// Re-optimum objective minus the replan's: what stability costs.
    pub objective_given_up: Option<f64>,
    /// The baseline unchanged, if it is still feasible.
    pub baseline_kept: Option<Replanned>,
    /// The fewest changes any feasible plan needs (reported when K is too small).
    pub fewest_changes_needed: Option<usize>,
    /// Why the scenario has no plan (infeasible only).
    pub diagnosis: Option<Diagnosis>,
}

/// Replans `s` from the baseline leads `base` (`(country, task)` pairs).
pub fn replan(
    s: &Scenario,
    base: &[(usize, usize)],
    how: Stability,
    opts: &SolveOptions,
) -> Result<ReplanReport, Error> {
    let mut r = ReplanReport {
        scenario: s.name.clone(),
        mode: match how {
            Stability::MaxChanges(_) => "max_changes",
            Stability::Penalty(_) => "change_penalty",
            Stability::Fewest => "fewest_changes",
        }
        .into(),
        max_changes: if let Stability::MaxChanges(k) = how {
            Some(k)
        } else {
            None
        },
        change_penalty: if let Stability::Penalty(p) = how {
            Some(p)
        } else {
            None
        },
        status: "infeasible".into(),
        plan: None,
        reoptimum: None,
        objective_given_up: None,
        baseline_kept: None,
        fewest_changes_needed: None,
        diagnosis: None,
    };
    let reopt = match solve(s, opts)? {
        Outcome::Planned(p) => p,
        Outcome::Infeasible(d) => {
            r.diagnosis = Some(d);
            return Ok(r);
        }
        Outcome::NoPlanFound { .. } => {
            return Err(Error::Solver(
                "no plan found within the time limit; raise --time-limit".into(),
            ))
        }
    };
    let limit = match how {
        Stability::MaxChanges(k) => ChangeLimit::AtMost(k),
        Stability::Penalty(p) => ChangeLimit::Penalty(p),
        Stability::Fewest => ChangeLimit::Penalty(objective_range(s)),
    };
    let base_leads = baseline_leads(s, base);
    let summary = |p: &Plan| summarise(s, p, base, &base_leads);
    r.reoptimum = Some(summary(&reopt));
    r.baseline_kept = kept(s, base, opts)?.map(|p| summary(&p));
    match limited(s, base, limit, opts)? {
        Some(p) => {
            r.status = "planned".into();
            r.objective_given_up = Some(round(reopt.objective - p.objective));
            r.plan = Some(summary(&p));
        }
        None => {
            r.status = "too_few_changes".into();
            let fewest = fewest_changes(s, base, opts)?;
            r.fewest_changes_needed = fewest.map(|p| changes_from(base, &p));
        }
    }
    Ok(r)
}

/// The baseline exactly as it stands (no lead dropped, none added: an optional
/// task the baseline leaves out stays out), if it is still a plan.
fn kept(s: &Scenario, base: &[(usize, usize)], opts: &SolveOptions) -> Result<Option<Plan>, Error> {
    let mut leads = vec![Vec::new(); s.tasks.len()];
    for &(i, t) in base {
        leads[t].push(i);
    }
    for l in &mut leads {
        l.sort_unstable();
        l.dedup();
    }
    Ok(match evaluate_fixed(s, &leads, opts)? {
        Evaluation::Feasible(p) => Some(p),
        Evaluation::Infeasible => None,
        Evaluation::Unknown => {
            return Err(Error::Solver(
                "no plan found within the time limit; raise --time-limit".into(),
            ))
        }
    })
}

fn limited(
    s: &Scenario,
    base: &[(usize, usize)],
    limit: ChangeLimit,
    opts: &SolveOptions,
) -> Result<Option<Plan>, Error> {
    let r = Restrictions {
        baseline: Some(Baseline {
            leads: base.to_vec(),
            limit,
        }),
        ..Default::default()
    };
    Ok(match solve_restricted(s, &r, opts)? {
        Attempt::Planned(p) => Some(p),
        Attempt::Infeasible => None,
        Attempt::NoPlanFound { .. } => {
            return Err(Error::Solver(
                "no plan found within the time limit; raise --time-limit".into(),
            ))
        }
    })
}

/// The plan that drops the fewest of the leads `base` (and among those,
/// the best), or `None` when the scenario has no plan; certified like every
/// solve ([`solve_restricted`]).
pub fn fewest_changes(
    s: &Scenario,
    base: &[(usize, usize)],
    opts: &SolveOptions,
) -> Result<Option<Plan>, Error> {
    limited(s, base, ChangeLimit::Penalty(objective_range(s)), opts)
}

/// Baseline leads a plan drops.
pub fn changes_from(base: &[(usize, usize)], p: &Plan) -> usize {
    let kept = lead_pairs(p);
    base.iter().filter(|pair| !kept.contains(pair)).count()
}

fn baseline_leads(s: &Scenario, base: &[(usize, usize)]) -> Vec<TaskLeads> {
    (0..s.tasks.len())
        .map(|t| {
            let mut ls: Vec<usize> = base.iter().filter(|p| p.1 == t).map(|p| p.0).collect();
            ls.sort_unstable();
            TaskLeads {
                task: s.tasks[t].id.clone(),
                leads: ls.iter().map(|&i| s.countries[i].id.clone()).collect(),
            }
        })
        .collect()
}

fn summarise(
    s: &Scenario,
    p: &Plan,
    base: &[(usize, usize)],
    base_leads: &[TaskLeads],
) -> Replanned {
    let leads = task_leads(s, p);
    Replanned {
        objective: round(p.objective),
        status: p.status.name().into(),
        change_count: changes_from(base, p),
        changes: lead_changes(base_leads, &leads),
        leads,
    }
}
