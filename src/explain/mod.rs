//! Why this plan, and why no plan: the explanations a planner defends a plan with.
//!
//! * Runner-ups: for each task, every other country is forced to lead it in an
//!   exact re-solve; the best of those is the runner-up and the objective the plan
//!   would lose is reported (not estimated).
//! * Binding constraints: the limits the plan runs up against.
//! * Infeasibility: the elastic model of [`crate::model`] finds the smallest set
//!   of relaxations that makes the scenario feasible, and by how much; further
//!   sets of the same size are found by excluding the ones already reported.
//! * Pins ([`pins`]): what each `[[policy.pin]]` costs, by re-solving without it.

use rayon::prelude::*;
use serde::Serialize;

pub mod pins;
pub mod threshold;

pub use crate::fmt::fmt_num;
pub use crate::optimize::{diagnose, Change, Diagnosis, MAX_ALTERNATIVES};

use crate::error::Error;
use crate::model::Restrictions;
use crate::optimize::{solve_restricted, Attempt};
use crate::options::SolveOptions;
use crate::plan::Plan;
use crate::progress::Stage;
use crate::rules::{self, Scope};
use crate::scenario::Scenario;

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

pub use crate::rules::Binding;

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
        .filter(|&(t, i)| !plan.leads_task(i, t) && s.may_lead(i, t))
        .collect();
    let stage = Stage::begin("runner-ups", Some(pairs.len() as u64));
    let results: Vec<Result<Attempt, Error>> = pairs
        .par_iter()
        .map(|&(t, i)| {
            let r = Restrictions {
                fixes: vec![(i, t, true)],
                ..Default::default()
            };
            let attempt = solve_restricted(s, &r, opts);
            stage.step();
            attempt
        })
        .collect();
    drop(stage);
    let mut best: Vec<Option<(usize, f64)>> = vec![None; s.tasks.len()];
    // Per task: whether some forced lead ran out of time (no verdict).
    let mut unsettled = vec![false; s.tasks.len()];
    for (&(t, i), r) in pairs.iter().zip(results) {
        match r? {
            Attempt::Planned(p) => {
                let obj = p.objective;
                if best[t].is_none_or(|(_, b)| obj > b + 1e-12) {
                    best[t] = Some((i, obj));
                }
            }
            Attempt::Infeasible => {}
            Attempt::NoPlanFound { .. } => unsettled[t] = true,
        }
    }
    let left_out: Vec<LeftOut> = (0..s.tasks.len())
        .map(|t| match best[t] {
            Some((_, o)) if plan.objective - o > 1e-9 => LeftOut::Lowers,
            Some(_) => LeftOut::NoGain,
            None if unsettled[t] => LeftOut::Unknown,
            None => LeftOut::Impossible,
        })
        .collect();
    let runner_ups = best
        .iter()
        .enumerate()
        .map(|(t, b)| RunnerUp {
            task: s.tasks[t].id.clone(),
            country: b.map(|(i, _)| s.countries[i].id.clone()),
            objective_loss: b.map(|(_, o)| (plan.objective - o).max(0.0)),
        })
        .collect();
    Ok(Explanation {
        runner_ups,
        binding: binding_with(s, plan, Some(&left_out)),
    })
}

/// Why an optional task is left out, as the runner-up re-solves show.
#[derive(Clone, Copy, Debug, PartialEq)]
enum LeftOut {
    /// Some country can lead it, at a lower objective.
    Lowers,
    /// Some country can lead it at the same objective.
    NoGain,
    /// Every forced lead is infeasible (or none may be forced).
    Impossible,
    /// A forced lead's re-solve ran out of time.
    Unknown,
}

/// The constraints that are tight at the plan. Without the runner-up re-solves an
/// optional task left out gets no single reason.
pub fn binding(s: &Scenario, plan: &Plan) -> Vec<Binding> {
    binding_with(s, plan, None)
}

fn binding_with(s: &Scenario, plan: &Plan, left_out: Option<&[LeftOut]>) -> Vec<Binding> {
    let mut out = Vec::new();
    for i in 0..s.countries.len() {
        rules::binding(s, plan, Scope::Country(i), &mut out);
    }
    rules::binding(s, plan, Scope::Policy, &mut out);
    for (t, task) in s.tasks.iter().enumerate() {
        if plan.leads[t].is_empty() {
            let reason = if !(0..s.countries.len()).any(|i| s.sensitivity_allows(i, t)) {
                "its sensitivity exceeds every partner's tolerance"
            } else {
                match left_out.map(|l| l[t]) {
                    Some(LeftOut::Lowers) => "leading it would lower the objective",
                    Some(LeftOut::NoGain) => "leading it would not raise the objective",
                    Some(LeftOut::Impossible) => "no country can lead it within the limits",
                    Some(LeftOut::Unknown) | None => "leading it is not possible or not worth it",
                }
            };
            out.push(Binding {
                kind: "left_out".into(),
                country: String::new(),
                detail: format!("{} is left out (optional): {reason}", task.name),
            });
            continue;
        }
        rules::binding(s, plan, Scope::Task(t), &mut out);
    }
    out
}
