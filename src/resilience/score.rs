//! Scoring a proposed plan: is it a plan of the scenario, what does it cost
//! against the optimum, and which limits does it break?
//!
//! A planner brings a split (leads per task and, optionally, each task's cost
//! shares). It is judged by the rule book ([`crate::rules::breaches`]: every
//! limit it breaks, in words and amounts, the same checks every solver's plan
//! passes), valued term by term as `solve` values a plan ([`Plan::from_parts`]),
//! and compared with the optimum. When it breaks a limit, the nearest plan is
//! the one `replan` finds from it ([`super::replan::fewest_changes`]: the
//! fewest of its leads dropped, then the best objective), certified like
//! every plan leadplan prints. Without shares, the leads are scored with the
//! best split of the costs ([`evaluate_fixed`]).

use serde::Serialize;

use super::replan::{changes_from, fewest_changes};
use super::{lead_changes, leads_by_id, task_leads, LeadChange, TaskLeads};
use crate::error::Error;
use crate::fmt::round;
use crate::optimize::{evaluate_fixed, lead_variable_count, solve, Diagnosis, Evaluation, Outcome};
use crate::plan::{Plan, PlanStatus, Terms};
use crate::rules::{self, Breach, Family, PlanView};
use crate::scenario::Scenario;
use crate::solve::SolveOptions;

pub use super::baseline::Proposal;

/// One objective term of the plan against the optimum's.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TermGap {
    /// `fit`, `cost`, `sensitivity` or `fairness`.
    pub term: String,
    /// Its weight.
    pub weight: f64,
    /// The plan's value, unweighted.
    pub plan: f64,
    /// The optimum's value, unweighted (null without an optimum).
    pub optimum: Option<f64>,
    /// The plan's signed contribution to the objective.
    pub plan_contribution: f64,
    /// The optimum's signed contribution (null without an optimum).
    pub optimum_contribution: Option<f64>,
    /// Optimum's contribution minus the plan's: what the term costs the plan.
    pub gap: Option<f64>,
}

/// The nearest plan to a plan that breaks a limit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Repair {
    /// Tasks whose leads change (from the proposed plan to the repaired one).
    pub changes: Vec<LeadChange>,
    /// Proposed leads dropped (the fewest any plan drops).
    pub leads_dropped: usize,
    /// The repaired plan's objective.
    pub objective: f64,
    /// The repaired plan's leads.
    pub leads: Vec<TaskLeads>,
    /// What it takes, in a sentence.
    pub sentence: String,
}

/// Everything `score` reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScoreReport {
    /// Scenario name.
    pub scenario: String,
    /// `feasible` or `infeasible`.
    pub status: String,
    /// Where the payments come from: `given` (the plan's shares), `best` (no
    /// shares given: the best split of the costs), `equal` (no shares given
    /// and no split keeps every limit, or the leads break one: equal shares).
    pub payments: String,
    /// Every limit the plan breaks, in the rule book's order.
    pub breaches: Vec<Breach>,
    /// The plan's objective (valued as given, feasible or not).
    pub objective: f64,
    /// The optimum's objective (null when the scenario has no plan).
    pub optimum: Option<f64>,
    /// `optimal` or `time_limit` (null when the scenario has no plan).
    pub optimum_status: Option<String>,
    /// Optimum minus the plan's objective.
    pub gap: Option<f64>,
    /// The objective term by term.
    pub terms: Vec<TermGap>,
    /// The plan's leads.
    pub leads: Vec<TaskLeads>,
    /// Tasks the optimum leads differently (from the plan to the optimum).
    pub differs_from_optimum: Vec<LeadChange>,
    /// The nearest feasible plan (infeasible plans of a feasible scenario).
    pub repair: Option<Repair>,
    /// Why the scenario itself has no plan.
    pub diagnosis: Option<Diagnosis>,
}

impl ScoreReport {
    /// Whether the plan meets every limit.
    pub fn feasible(&self) -> bool {
        self.breaches.is_empty()
    }
}

/// Two plans scored against one optimum, and where they differ.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CompareReport {
    /// Scenario name.
    pub scenario: String,
    /// The first plan.
    pub a: ScoreReport,
    /// The second plan.
    pub b: ScoreReport,
    /// Tasks whose leads differ (from A to B).
    pub differ: Vec<LeadChange>,
    /// The files the plans were read from, A's then B's (set by the caller).
    pub files: Vec<String>,
}

/// Scores `p` in `s` (solving `s` once for the optimum).
pub fn score(s: &Scenario, p: &Proposal, opts: &SolveOptions) -> Result<ScoreReport, Error> {
    let best = optimum(s, opts)?;
    score_against(s, p, &best, opts)
}

/// Scores `a` and `b` in `s` against one optimum.
pub fn compare(
    s: &Scenario,
    a: &Proposal,
    b: &Proposal,
    opts: &SolveOptions,
) -> Result<CompareReport, Error> {
    let best = optimum(s, opts)?;
    let (a, b) = (
        score_against(s, a, &best, opts)?,
        score_against(s, b, &best, opts)?,
    );
    let differ = lead_changes(&a.leads, &b.leads);
    Ok(CompareReport {
        scenario: s.name.clone(),
        a,
        b,
        differ,
        files: Vec::new(),
    })
}

/// The optimum, or why there is none.
fn optimum(s: &Scenario, opts: &SolveOptions) -> Result<Result<Plan, Diagnosis>, Error> {
    match solve(s, opts)? {
        Outcome::Planned(p) => Ok(Ok(p)),
        Outcome::Infeasible(d) => Ok(Err(d)),
        _ => Err(no_plan_in_time()),
    }
}

fn no_plan_in_time() -> Error {
    Error::Solver("no plan found within the time limit; raise --time-limit".into())
}

fn score_against(
    s: &Scenario,
    p: &Proposal,
    best: &Result<Plan, Diagnosis>,
    opts: &SolveOptions,
) -> Result<ScoreReport, Error> {
    let (plan, breaches, payments) = judge(s, p, opts)?;
    let leads = leads_by_id(s, &p.leads);
    let opt = best.as_ref().ok();
    let mut r = ScoreReport {
        scenario: s.name.clone(),
        status: if breaches.is_empty() {
            "feasible"
        } else {
            "infeasible"
        }
        .into(),
        payments: payments.into(),
        breaches,
        objective: round(plan.objective),
        optimum: opt.map(|o| round(o.objective)),
        optimum_status: opt.map(|o| o.status.name().to_string()),
        gap: opt.map(|o| round(o.objective - plan.objective)),
        terms: term_gaps(s, &plan.terms, opt.map(|o| &o.terms)),
        differs_from_optimum: opt
            .map_or_else(Vec::new, |o| lead_changes(&leads, &task_leads(s, o))),
        leads,
        repair: None,
        diagnosis: best.as_ref().err().cloned(),
    };
    if !r.feasible() && opt.is_some() {
        r.repair = repair(s, p, &r.leads, opts)?;
    }
    Ok(r)
}

/// The limits `leads` break in `s`, with the best split of the costs (the
/// breaches [`score`] names for a plan file without shares).
pub(super) fn breaches_of(
    s: &Scenario,
    leads: &[Vec<usize>],
    opts: &SolveOptions,
) -> Result<Vec<Breach>, Error> {
    let p = Proposal {
        leads: leads.to_vec(),
        shares: None,
    };
    Ok(judge(s, &p, opts)?.1)
}

/// The plan as valued, the limits it breaks, and where its payments come from.
fn judge(
    s: &Scenario,
    p: &Proposal,
    opts: &SolveOptions,
) -> Result<(Plan, Vec<Breach>, &'static str), Error> {
    let kind = opts.pick(lead_variable_count(s))?;
    let build = |money| Plan::from_parts(s, p.leads.clone(), money, PlanStatus::Optimal, kind, 0.0);
    if let Some(shares) = &p.shares {
        let plan = build(Some(money_of(s, &p.leads, shares)));
        let view = PlanView {
            leads: &plan.leads,
            money: Some(&plan.money),
            best_effort: false,
        };
        let breaches = rules::breaches(s, &view);
        return Ok((plan, breaches, "given"));
    }
    let view = PlanView {
        leads: &p.leads,
        money: None,
        best_effort: false,
    };
    let breaches = rules::breaches(s, &view);
    if !breaches.is_empty() {
        return Ok((build(None), breaches, "equal"));
    }
    match evaluate_fixed(s, &p.leads, opts)? {
        Evaluation::Feasible(plan) => Ok((plan, Vec::new(), "best")),
        Evaluation::Infeasible => {
            let why = "no split of the costs among the leads keeps every country within its budget";
            Ok((
                build(None),
                vec![Breach::new(Family::Budget, why.into())],
                "equal",
            ))
        }
        Evaluation::Unknown => Err(no_plan_in_time()),
    }
}

/// Money paid per task and country: each share of the task's realised cost.
fn money_of(s: &Scenario, leads: &[Vec<usize>], shares: &[Vec<f64>]) -> Vec<Vec<f64>> {
    (s.tasks.iter().enumerate())
        .map(|(t, task)| {
            let cost = leads[t].iter().map(|&i| task.cost[i]).sum::<f64>() / task.leads as f64;
            shares[t].iter().map(|f| f * cost).collect()
        })
        .collect()
}

/// Each term as `solve` prints it (value, weight, signed contribution), the
/// plan's beside the optimum's.
fn term_gaps(s: &Scenario, plan: &Terms, best: Option<&Terms>) -> Vec<TermGap> {
    let w = s.policy.weights;
    let pick = |t: &Terms| [t.fit, t.cost, t.sensitivity, t.fairness];
    let rows = [
        ("fit", w.fit, 1.0),
        ("cost", w.cost, -1.0),
        ("sensitivity", w.sensitivity, -1.0),
        ("fairness", w.fairness, -1.0),
    ];
    (rows.into_iter().enumerate())
        .map(|(k, (term, weight, sign))| {
            let mine = pick(plan)[k];
            let theirs = best.map(|b| pick(b)[k]);
            let contribution = |x: f64| round(sign * weight * x);
            TermGap {
                term: term.into(),
                weight,
                plan: round(mine),
                optimum: theirs.map(round),
                plan_contribution: contribution(mine),
                optimum_contribution: theirs.map(contribution),
                gap: theirs.map(|x| round(sign * weight * (x - mine))),
            }
        })
        .collect()
}

/// The plan `replan` makes from `p` with the fewest changes.
fn repair(
    s: &Scenario,
    p: &Proposal,
    leads: &[TaskLeads],
    opts: &SolveOptions,
) -> Result<Option<Repair>, Error> {
    let base = p.pairs();
    let Some(fixed) = fewest_changes(s, &base, opts)? else {
        return Ok(None);
    };
    let changes = lead_changes(leads, &task_leads(s, &fixed));
    let objective = round(fixed.objective);
    let shown = crate::fmt::fmt_num((objective * 1e4).round() / 1e4);
    let sentence = if changes.is_empty() {
        format!(
            "keeping every lead and splitting the costs as leadplan does makes it feasible (objective {shown})"
        )
    } else {
        let list: Vec<String> = changes.iter().map(LeadChange::sentence).collect();
        format!(
            "changing the leads of {} makes it feasible (objective {shown}): {}",
            match changes.len() {
                1 => "1 task".to_string(),
                n => format!("{n} tasks"),
            },
            list.join("; ")
        )
    };
    Ok(Some(Repair {
        leads_dropped: changes_from(&base, &fixed),
        changes,
        objective,
        leads: task_leads(s, &fixed),
        sentence,
    }))
}
