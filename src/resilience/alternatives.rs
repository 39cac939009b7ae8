//! Near-optimal alternatives: the best distinct plans within a tolerance.
//!
//! A planner choosing among near-equals wants to see the options. Plans are
//! found best first: after each plan, a no-good cut on its lead variables
//! ([`crate::Restrictions::exclude`]) forbids exactly that lead set, and the model
//! is solved again. Two plans are distinct when some task's leads differ; the
//! search stops at the requested count, at the first plan below the tolerance,
//! or when no other plan exists.

use serde::Serialize;

use super::{lead_changes, lead_pairs, task_leads, LeadChange, TaskLeads};
use crate::error::Error;
use crate::fmt::fmt_num;
use crate::fmt::round;
use crate::model::Restrictions;
use crate::optimize::{solve_restricted, Attempt};
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::solve::SolveOptions;

/// How far below the optimum an alternative may score.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tolerance {
    /// A fraction of the optimum's magnitude (`2%` is `Relative(0.02)`).
    Relative(f64),
    /// Objective points.
    Absolute(f64),
}

impl Tolerance {
    /// Parses `2%` (relative) or `0.5` (absolute); both must be finite and non-negative.
    pub fn parse(text: &str) -> Result<Tolerance, String> {
        let t = text.trim();
        let (num, rel) = match t.strip_suffix('%') {
            Some(n) => (n.trim(), true),
            None => (t, false),
        };
        match num.parse::<f64>() {
            Ok(x) if x.is_finite() && x >= 0.0 => Ok(if rel { Tolerance::Relative(x / 100.0) } else { Tolerance::Absolute(x) }),
            _ => Err(format!("`{text}` is not a tolerance: write a percentage of the optimum (`2%`) or objective points (`0.5`), not negative")),
        }
    }

    /// The lowest objective within the tolerance of `optimum`.
    pub fn floor(self, optimum: f64) -> f64 {
        match self {
            Tolerance::Relative(f) => optimum - f * optimum.abs(),
            Tolerance::Absolute(a) => optimum - a,
        }
    }

    /// `2%` or `0.5`.
    pub fn label(self) -> String {
        match self {
            Tolerance::Relative(f) => format!("{}%", fmt_num(f * 100.0)),
            Tolerance::Absolute(a) => fmt_num(a),
        }
    }
}

/// One plan in the list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alternative {
    /// 0 for the optimum, then 1, 2, ... best first.
    pub rank: usize,
    /// Objective.
    pub objective: f64,
    /// Optimum minus this objective (>= 0).
    pub gap: f64,
    /// The gap as a fraction of the optimum's magnitude (null when the optimum is 0).
    pub gap_relative: Option<f64>,
    /// `optimal` when the solve that found it was proven optimal, else `time_limit`.
    pub status: String,
    /// Tasks whose leads differ from the optimum.
    pub differences: Vec<LeadChange>,
    /// The plan's leads.
    pub leads: Vec<TaskLeads>,
}

/// Everything `alternatives` reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlternativesReport {
    /// Scenario name.
    pub scenario: String,
    /// The optimum's objective.
    pub optimum: f64,
    /// The tolerance as given (`2%`, `0.5`).
    pub tolerance: String,
    /// The lowest objective admitted.
    pub floor: f64,
    /// Alternatives asked for (besides the optimum).
    pub requested: usize,
    /// The optimum (rank 0), then the alternatives found, best first.
    pub plans: Vec<Alternative>,
    /// Why the search stopped: `count` (enough found), `tolerance` (the next plan scores
    /// below the floor), `exhausted` (no other plan exists) or `time_limit`.
    pub stopped: String,
}

/// Relative slack on the floor, so a plan exactly at it is admitted despite float noise.
const FLOOR_EPS: f64 = 1e-9;

/// The optimum and up to `count` next-best distinct plans within `tol` of it.
pub fn alternatives(
    s: &Scenario,
    optimum: &Plan,
    tol: Tolerance,
    count: usize,
    opts: &SolveOptions,
) -> Result<AlternativesReport, Error> {
    let floor = tol.floor(optimum.objective);
    let admit = floor - FLOOR_EPS * optimum.objective.abs().max(1.0);
    let best = task_leads(s, optimum);
    let mut plans = vec![entry(s, 0, optimum, optimum.objective, &best)];
    let mut r = Restrictions {
        exclude: vec![lead_pairs(optimum)],
        ..Default::default()
    };
    let stopped = loop {
        if plans.len() > count {
            break "count";
        }
        match solve_restricted(s, &r, opts)? {
            Attempt::Planned(p) if p.objective >= admit => {
                plans.push(entry(s, plans.len(), &p, optimum.objective, &best));
                r.exclude.push(lead_pairs(&p));
            }
            Attempt::Planned(_) => break "tolerance",
            Attempt::Infeasible => break "exhausted",
            Attempt::NoPlanFound { .. } => break "time_limit",
        }
    };
    Ok(AlternativesReport {
        scenario: s.name.clone(),
        optimum: round(optimum.objective),
        tolerance: tol.label(),
        floor: round(floor),
        requested: count,
        plans,
        stopped: stopped.into(),
    })
}

fn entry(s: &Scenario, rank: usize, p: &Plan, optimum: f64, best: &[TaskLeads]) -> Alternative {
    let leads = task_leads(s, p);
    let gap = (optimum - p.objective).max(0.0);
    Alternative {
        rank,
        objective: round(p.objective),
        gap: round(gap),
        gap_relative: (optimum != 0.0).then(|| round(gap / optimum.abs())),
        status: p.status.name().into(),
        differences: lead_changes(best, &leads),
        leads,
    }
}

#[cfg(test)]
mod tests {
    use super::Tolerance;

    #[test]
    fn tolerances_are_percentages_or_points() {
        assert_eq!(Tolerance::parse("2%"), Ok(Tolerance::Relative(0.02)));
        assert_eq!(Tolerance::parse("0.5"), Ok(Tolerance::Absolute(0.5)));
        assert!(
            Tolerance::parse("-1").is_err()
                && Tolerance::parse("x%").is_err()
                && Tolerance::parse("inf").is_err()
        );
        assert_eq!(Tolerance::Relative(0.1).floor(-50.0), -55.0);
        assert_eq!(Tolerance::Absolute(2.0).floor(10.0), 8.0);
    }
}
