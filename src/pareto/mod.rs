//! Exact Pareto fronts between objective terms: the augmented epsilon-constraint method.
//!
//! The weighted objective hides what one term costs in another: a weighted-sum
//! scan finds only the supported points of a front and can collapse to one plan.
//! This module computes the non-dominated set between two or three terms
//! ([`Term`]: fit, cost, sensitivity, fairness) with AUGMECON2 (Mavrotas and
//! Florios 2013, following pyaugmecon's implementation,
//! <https://github.com/wouterbles/pyaugmecon>):
//!
//! 1. a payoff table by lexicographic optimisation (each term first, then the
//!    others in order), which gives each constrained term's range;
//! 2. for each grid value `e` of the constrained terms, maximise the first term
//!    plus `eps · Σ_k 10^-(k-2) s_k / r_k`, where `s_k = f_k − e_k ≥ 0` is the slack of
//!    constrained term `k` and `r_k` its range (the augmentation term);
//! 3. bypass: when the innermost slack exceeds the grid step, the grid points it
//!    covers would give the same plan and are skipped; an infeasible subproblem
//!    ends its loop (every larger `e` is infeasible too).
//!
//! Each plan found is then polished: with every term held at least at its
//! value, maximise `Σ_k f_k / r_k`. The polished plan is non-dominated, and the
//! solve that found it is its proof (a plan dominating it would score higher).
//! Without `--points`, the grid step shrinks to the terms' resolution (1 for a
//! term that takes whole values on every plan, else `1e-6` of its range) and the
//! bypass jumps just past each point found, so the front is complete: every
//! non-dominated point, up to that resolution. With three terms the outer level
//! then moves to just past the lowest third-term value its inner front reached.

mod render;
mod search;

pub use render::text;
pub use search::Budget;

use serde::Serialize;

use crate::error::Error;
use crate::model::Term;
use crate::plan::Plan;
use crate::resilience::{lead_changes, task_leads, LeadChange, TaskLeads};
use crate::scenario::Scenario;
use crate::solve::SolveOptions;
use search::Search;

/// One non-dominated plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParetoPoint {
    /// 1, 2, ... in the order of the table (first term best first).
    pub index: usize,
    /// Each objective term's value (cost, sensitivity and fairness as positive amounts).
    pub values: Vec<f64>,
    /// All four terms of the plan.
    pub terms: crate::plan::Terms,
    /// Tasks whose leads differ from the previous point's.
    pub changes_from_previous: Vec<LeadChange>,
    /// The plan's leads.
    pub leads: Vec<TaskLeads>,
}

/// Everything `pareto` reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParetoReport {
    /// Scenario name.
    pub scenario: String,
    /// The objective terms, the first one maximised (or minimised) in each subproblem.
    pub objectives: Vec<Term>,
    /// Grid points per constrained term, or null for the complete front.
    pub grid: Option<usize>,
    /// Per constrained term, the step below which two values count as one (complete front).
    pub resolution: Vec<f64>,
    /// The payoff table: row k is the lexicographic optimum with term k first.
    pub payoff: Vec<Vec<f64>>,
    /// `complete` (every non-dominated point), `grid` (the points the grid reaches),
    /// `infeasible` (no plan at all) or `time_limit` (some solve was not proven).
    pub status: String,
    /// Solver calls made.
    pub solves: usize,
    /// With `infeasible`: why no plan exists (the diagnosis `solve` prints).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<String>,
    /// The non-dominated plans.
    pub points: Vec<ParetoPoint>,
}

/// The non-dominated plans of `s` between `objectives` (two or three distinct terms).
pub fn pareto(
    s: &Scenario,
    objectives: &[Term],
    points: Option<usize>,
    opts: &SolveOptions,
) -> Result<ParetoReport, Error> {
    let budget = Budget {
        solves: search::MAX_SOLVES,
        until: None,
    };
    Ok(pareto_within(s, objectives, points, opts, budget)?.unwrap_or_else(|r| r))
}

/// [`pareto`] within `budget`: `Err(report)` (with status `time_limit`) when
/// the budget ran out before the front was complete. Within it, the report is
/// the one [`pareto`] gives.
pub fn pareto_within(
    s: &Scenario,
    objectives: &[Term],
    points: Option<usize>,
    opts: &SolveOptions,
    budget: Budget,
) -> Result<Result<ParetoReport, ParetoReport>, Error> {
    check_objectives(objectives, points)?;
    let mut search = Search::new(s, objectives, points, opts, budget);
    let found = search.run()?;
    let diagnosis = match search.payoff.is_empty() && !search.timed_out {
        true => confirm_infeasible(s, opts)?,
        false => None,
    };
    let status = if search.timed_out || (search.payoff.is_empty() && diagnosis.is_none()) {
        "time_limit"
    } else if search.payoff.is_empty() {
        "infeasible"
    } else if points.is_some() {
        "grid"
    } else {
        "complete"
    };
    let report = ParetoReport {
        scenario: s.name.clone(),
        objectives: objectives.to_vec(),
        grid: points,
        resolution: search.resolution.clone(),
        payoff: search
            .payoff
            .iter()
            .map(|row| round_values(objectives, row))
            .collect(),
        status: status.into(),
        solves: search.solves,
        diagnosis,
        points: table(s, objectives, found),
    };
    Ok(if search.spent {
        Err(report)
    } else {
        Ok(report)
    })
}

/// The payoff table's first solve found no plan: `solve`'s own path (a second
/// solver where there is one, then the diagnosis) either confirms it, with the
/// diagnosis as the reason, or the verdict was the solver's, not the scenario's
/// (an error). `None`: that solve ran out of time too.
fn confirm_infeasible(s: &Scenario, opts: &SolveOptions) -> Result<Option<String>, Error> {
    use crate::optimize::Outcome;
    match crate::optimize::solve(s, opts)? {
        Outcome::Infeasible(d) => Ok(Some(d.summary())),
        Outcome::NoPlanFound { .. } => Ok(None),
        Outcome::Planned(_) => Err(Error::Solver(
            "the solver found no plan for the payoff table, yet `leadplan solve` finds one: \
             the front cannot be computed reliably for this scenario"
                .into(),
        )),
    }
}

fn check_objectives(objectives: &[Term], points: Option<usize>) -> Result<(), Error> {
    let distinct = objectives
        .iter()
        .enumerate()
        .all(|(k, t)| !objectives[..k].contains(t));
    if !(2..=3).contains(&objectives.len()) || !distinct {
        return Err(Error::Usage(
            "--objectives takes two or three distinct terms, e.g. `fit,cost` or `fit,cost,fairness`"
                .into(),
        ));
    }
    if points.is_some_and(|n| n < 2) {
        return Err(Error::Usage(
            "--points needs at least 2 grid points per constrained term (leave it out for the complete front)".into(),
        ));
    }
    Ok(())
}

/// Natural-orientation values (costs positive), rounded for printing.
fn round_values(objectives: &[Term], oriented: &[f64]) -> Vec<f64> {
    objectives
        .iter()
        .zip(oriented)
        .map(|(t, v)| crate::fmt::round(t.sign() * v))
        .collect()
}

/// Sorts the plans by the first term (best first), then the next ones, and labels
/// each with what changes from its neighbour.
fn table(s: &Scenario, objectives: &[Term], mut plans: Vec<Plan>) -> Vec<ParetoPoint> {
    let key = |p: &Plan| -> Vec<f64> { objectives.iter().map(|t| t.oriented(&p.terms)).collect() };
    plans.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        kb.iter()
            .zip(&ka)
            .map(|(x, y)| x.total_cmp(y))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut prev: Option<Vec<TaskLeads>> = None;
    plans
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let leads = task_leads(s, p);
            let changes = prev
                .as_ref()
                .map_or_else(Vec::new, |b| lead_changes(b, &leads));
            prev = Some(leads.clone());
            ParetoPoint {
                index: k + 1,
                values: round_values(objectives, &key(p)),
                terms: rounded_terms(&p.terms),
                changes_from_previous: changes,
                leads,
            }
        })
        .collect()
}

fn rounded_terms(t: &crate::plan::Terms) -> crate::plan::Terms {
    use crate::fmt::round;
    crate::plan::Terms {
        fit: round(t.fit),
        cost: round(t.cost),
        sensitivity: round(t.sensitivity),
        fairness: round(t.fairness),
    }
}
