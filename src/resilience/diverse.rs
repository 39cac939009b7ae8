//! Maximally different near-optimal plans (modelling to generate alternatives).
//!
//! The k best plans tend to differ in one task: they say little about what is
//! really open. Here each new plan maximises its distance in leads from every
//! plan found so far, subject to the weighted objective staying within the
//! tolerance of the optimum ([`crate::model::Diverse`]). The distance between
//! two plans is the number of `(country, task)` leads one has and the other has
//! not; the new plan maximises the smallest distance to the plans found
//! (max-min), ties broken by the sum of the distances. The summary says which
//! tasks are contested (led differently across the plans) and which are settled.

use serde::Serialize;

use super::alternatives::Tolerance;
use super::{lead_changes, lead_pairs, task_leads, LeadChange, TaskLeads};
use crate::error::Error;
use crate::fmt::round;
use crate::model::{Diverse, Restrictions};
use crate::optimize::{solve_restricted, Attempt};
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::solve::SolveOptions;

/// One plan of the diverse set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DiversePlan {
    /// 0 for the optimum, then 1, 2, ... in the order found.
    pub rank: usize,
    /// Objective.
    pub objective: f64,
    /// Optimum minus this objective (>= 0).
    pub gap: f64,
    /// Distance (leads differing) to each earlier plan, rank 0 first.
    pub distances: Vec<usize>,
    /// The smallest of `distances` (null for the optimum).
    pub min_distance: Option<usize>,
    /// `optimal` when the solve that found it was proven optimal, else `time_limit`.
    pub status: String,
    /// Tasks whose leads differ from the optimum.
    pub differences: Vec<LeadChange>,
    /// The plan's leads.
    pub leads: Vec<TaskLeads>,
}

/// One way a contested task is led, and in how many of the plans.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeadOption {
    /// Lead country ids (empty: the optional task is left out).
    pub leads: Vec<String>,
    /// Plans (of the set) that lead the task this way.
    pub plans: usize,
}

/// A task led differently across the plans.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Contested {
    /// Task id.
    pub task: String,
    /// The ways it is led, most frequent first.
    pub options: Vec<LeadOption>,
}

/// Everything `alternatives --diverse` reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DiverseReport {
    /// Scenario name.
    pub scenario: String,
    /// How the distance is maximised.
    pub method: String,
    /// The optimum's objective.
    pub optimum: f64,
    /// The tolerance as given.
    pub tolerance: String,
    /// The lowest objective admitted.
    pub floor: f64,
    /// Plans asked for besides the optimum.
    pub requested: usize,
    /// The optimum (rank 0), then the diverse plans in the order found.
    pub plans: Vec<DiversePlan>,
    /// Tasks led differently across the plans.
    pub contested: Vec<Contested>,
    /// Tasks led the same way in every plan.
    pub settled: Vec<TaskLeads>,
    /// `count` (enough found), `exhausted` (no plan within the tolerance differs
    /// from those found) or `time_limit`.
    pub stopped: String,
}

/// Relative slack on the floor (as in [`super::alternatives`]).
const FLOOR_EPS: f64 = 1e-9;

/// The optimum and up to `count` maximally different plans within `tol` of it.
pub fn diverse(
    s: &Scenario,
    optimum: &Plan,
    tol: Tolerance,
    count: usize,
    opts: &SolveOptions,
) -> Result<DiverseReport, Error> {
    let floor = tol.floor(optimum.objective);
    let admit = floor - FLOOR_EPS * optimum.objective.abs().max(1.0);
    let best = task_leads(s, optimum);
    let mut found = vec![lead_pairs(optimum)];
    let mut plans = vec![entry(s, 0, optimum, optimum.objective, &best, &[])];
    let stopped = loop {
        if plans.len() > count {
            break "count";
        }
        let r = Restrictions {
            diverse: Some(Diverse {
                found: found.clone(),
                floor: admit,
            }),
            ..Default::default()
        };
        match solve_restricted(s, &r, opts)? {
            Attempt::Planned(p) => {
                let pairs = lead_pairs(&p);
                let d: Vec<usize> = found.iter().map(|f| distance(f, &pairs)).collect();
                if d.iter().min() == Some(&0) {
                    break "exhausted";
                }
                plans.push(entry(s, plans.len(), &p, optimum.objective, &best, &d));
                found.push(pairs);
                if p.status != crate::plan::PlanStatus::Optimal {
                    break "time_limit";
                }
            }
            Attempt::Infeasible => break "exhausted",
            Attempt::NoPlanFound { .. } => break "time_limit",
        }
    };
    let (contested, settled) = contested(&plans);
    Ok(DiverseReport {
        scenario: s.name.clone(),
        method: "max-min distance in leads (ties: largest sum of distances)".into(),
        optimum: round(optimum.objective),
        tolerance: tol.label(),
        floor: round(floor),
        requested: count,
        plans,
        contested,
        settled,
        stopped: stopped.into(),
    })
}

/// Leads in one plan and not the other.
pub fn distance(a: &[(usize, usize)], b: &[(usize, usize)]) -> usize {
    a.iter().filter(|x| !b.contains(x)).count() + b.iter().filter(|x| !a.contains(x)).count()
}

fn entry(
    s: &Scenario,
    rank: usize,
    p: &Plan,
    optimum: f64,
    best: &[TaskLeads],
    d: &[usize],
) -> DiversePlan {
    let leads = task_leads(s, p);
    DiversePlan {
        rank,
        objective: round(p.objective),
        gap: round((optimum - p.objective).max(0.0)),
        distances: d.to_vec(),
        min_distance: d.iter().min().copied(),
        status: p.status.name().into(),
        differences: lead_changes(best, &leads),
        leads,
    }
}

/// Per task, the distinct lead sets across the plans: contested tasks (more
/// than one, most frequent first) and settled ones.
fn contested(plans: &[DiversePlan]) -> (Vec<Contested>, Vec<TaskLeads>) {
    let mut contested = Vec::new();
    let mut settled = Vec::new();
    for (t, first) in plans[0].leads.iter().enumerate() {
        let mut options: Vec<LeadOption> = Vec::new();
        for p in plans {
            let l = &p.leads[t].leads;
            match options.iter_mut().find(|o| &o.leads == l) {
                Some(o) => o.plans += 1,
                None => options.push(LeadOption {
                    leads: l.clone(),
                    plans: 1,
                }),
            }
        }
        if options.len() == 1 {
            settled.push(first.clone());
        } else {
            options.sort_by_key(|o| std::cmp::Reverse(o.plans));
            contested.push(Contested {
                task: first.task.clone(),
                options,
            });
        }
    }
    (contested, settled)
}

/// The report as readable text.
pub fn text(r: &DiverseReport) -> String {
    use crate::fmt::fmt_num;
    use crate::solve_report::table::Table;
    let mut out = format!(
        "{}: {} maximally different plan(s) within {} of the optimum {} (floor {}; {})\n\n",
        r.scenario,
        r.plans.len() - 1,
        r.tolerance,
        fmt_num(r.optimum),
        fmt_num(r.floor),
        r.method
    );
    let mut t = Table::new(
        &[
            "rank",
            "objective",
            "gap",
            "min distance",
            "differences from the optimum",
        ],
        &[0, 1, 2, 3],
    );
    for p in &r.plans {
        let diff: Vec<String> = p.differences.iter().map(LeadChange::sentence).collect();
        t.row(vec![
            p.rank.to_string(),
            fmt_num(p.objective),
            fmt_num(p.gap),
            p.min_distance.map_or("-".into(), |d| d.to_string()),
            if diff.is_empty() {
                "(optimum)".into()
            } else {
                diff.join("; ")
            },
        ]);
    }
    out.push_str(&t.to_text());
    out.push_str(&format!(
        "\nContested tasks ({} of {}):\n",
        r.contested.len(),
        r.contested.len() + r.settled.len()
    ));
    for c in &r.contested {
        let opts: Vec<String> = c
            .options
            .iter()
            .map(|o| {
                let who = if o.leads.is_empty() {
                    "none".to_string()
                } else {
                    o.leads.join(", ")
                };
                format!("{who} in {}", o.plans)
            })
            .collect();
        out.push_str(&format!("  {}: {}\n", c.task, opts.join("; ")));
    }
    let settled: Vec<String> = r
        .settled
        .iter()
        .map(|t| format!("{} ({})", t.task, t.leads.join(", ")))
        .collect();
    out.push_str(&format!(
        "Settled in every plan: {}\n",
        if settled.is_empty() {
            "none".into()
        } else {
            settled.join(", ")
        }
    ));
    out.push_str(&format!("Stopped: {}\n", r.stopped));
    out
}
