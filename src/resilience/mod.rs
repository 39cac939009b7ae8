//! Plans that survive a change of government.
//!
//! A plan built on one partner's commitment is only as good as that commitment.
//! This module answers the questions a planner asks before relying on a plan:
//! what is lost if a partner withdraws or cuts back ([`contingency`]), which
//! other plans are nearly as good ([`alternatives`]), how to repair a plan with
//! the fewest changes after the scenario moves ([`replan`]), whether a
//! proposed plan is one and what it costs against the optimum ([`score`]), how far a runner-up
//! is from taking a lead ([`crate::explain::threshold`]) and which single plan holds up across
//! several futures ([`robust`]). Every function returns values; the text and
//! JSON renderings are in [`render`].

pub mod alternatives;
mod baseline;
pub mod contingency;
pub mod diverse;
pub mod plan_csv;
pub mod render;
pub mod replan;
pub mod robust;
pub mod robust_conflict;
pub mod robust_metrics;
pub mod score;
pub mod score_text;
/// Moved to [`crate::explain::threshold`]; kept here so existing paths resolve.
pub use crate::explain::threshold;

use serde::Serialize;

use crate::plan::Plan;
use crate::scenario::Scenario;

/// The leads of one task, by country id.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TaskLeads {
    /// Task id.
    pub task: String,
    /// Lead country ids, in country order.
    pub leads: Vec<String>,
}

/// A task whose leads differ between two plans.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeadChange {
    /// Task id.
    pub task: String,
    /// Leads before (country ids).
    pub from: Vec<String>,
    /// Leads after (country ids).
    pub to: Vec<String>,
}

impl LeadChange {
    /// `task: A, B -> C` (`none` for an empty side).
    pub fn sentence(&self) -> String {
        let side = |v: &[String]| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join(", ")
            }
        };
        format!("{}: {} -> {}", self.task, side(&self.from), side(&self.to))
    }
}

/// The leads of every task of `plan`, by id.
pub fn task_leads(s: &Scenario, plan: &Plan) -> Vec<TaskLeads> {
    leads_by_id(s, &plan.leads)
}

/// Lead sets (country indices per task) by id.
pub fn leads_by_id(s: &Scenario, leads: &[Vec<usize>]) -> Vec<TaskLeads> {
    s.tasks
        .iter()
        .zip(leads)
        .map(|(task, leads)| TaskLeads {
            task: task.id.clone(),
            leads: leads.iter().map(|&i| s.countries[i].id.clone()).collect(),
        })
        .collect()
}

/// The tasks whose leads differ between `before` and `after` (matched by task id,
/// in `before`'s order).
pub fn lead_changes(before: &[TaskLeads], after: &[TaskLeads]) -> Vec<LeadChange> {
    before
        .iter()
        .filter_map(|b| {
            let to = after
                .iter()
                .find(|a| a.task == b.task)
                .map_or_else(Vec::new, |a| a.leads.clone());
            (to != b.leads).then(|| LeadChange {
                task: b.task.clone(),
                from: b.leads.clone(),
                to,
            })
        })
        .collect()
}

/// A plan's leads as `(country, task)` pairs, in task order.
pub fn lead_pairs(plan: &Plan) -> Vec<(usize, usize)> {
    plan.leads
        .iter()
        .enumerate()
        .flat_map(|(t, ls)| ls.iter().map(move |&i| (i, t)))
        .collect()
}

/// An integer strictly above the difference between the objectives of any two
/// plans of `s`: the sum of the absolute objective coefficients of every lead
/// variable, plus twice the fairness weight times the dearest cost of every task
/// (the fairness term lies between 0 and twice the total cost), plus one.
/// A penalty this large makes a model rank one more unit of a count (missing
/// leads, dropped leads) above any objective gain.
pub fn objective_range(s: &Scenario) -> f64 {
    let w = s.policy.weights;
    let mut r = 0.0;
    for (t, task) in s.tasks.iter().enumerate() {
        let l = task.leads as f64;
        for i in 0..s.countries.len() {
            r += (w.fit * task.importance * task.fit[i] / l).abs()
                + (w.cost * task.cost[i] / l).abs()
                + (w.sensitivity * task.importance * s.sensitivity_excess(i, t)).abs();
        }
        let dearest = task.cost.iter().copied().fold(0.0, f64::max);
        r += 2.0 * w.fairness.abs() * dearest;
    }
    (r + 1.0).ceil()
}

/// Pretty JSON with a trailing newline.
pub fn to_json<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("reports serialise");
    s.push('\n');
    s
}
