//! Contingency analysis: re-plan as if a partner withdrew or cut back.
//!
//! A withdrawal (N-1, or N-2 for pairs) removes the country from the scenario
//! entirely: it leads nothing, pays nothing, its fair share is redistributed,
//! its minimum-leads requirement and every pin that names it go with it. A cut
//! keeps the country but scales its capacity and budget by `1 − F`. Each
//! contingency is first solved as stated; if no plan satisfies every constraint,
//! the diagnosis of [`crate::diagnose`] says why, and a best-effort plan covers
//! as much of the agenda as possible (a required task with k of its L leads
//! counts k/L and runs at k/L scale; optional tasks stay optional), then
//! maximises the objective, so the planner sees which tasks would be left
//! without a lead. A best-effort plan's losses (agenda coverage, then objective)
//! are kept apart from a feasible plan's objective loss: they are different kinds
//! of outcome and are never ranked together. Contingencies are solved in
//! parallel and reported in a fixed order.

use rayon::prelude::*;
use serde::Serialize;

use super::{lead_changes, objective_range, task_leads, LeadChange, TaskLeads};
use crate::error::Error;
use crate::fmt::fmt_num;
use crate::fmt::round;
use crate::model::Restrictions;
use crate::optimize::{decide, solve_restricted, Attempt};
use crate::optimize::{diagnose, Diagnosis};
use crate::plan::Plan;
use crate::progress::Stage;
use crate::scenario::{Pin, Scenario};
use crate::solve::SolveOptions;

/// What to analyse besides single withdrawals.
#[derive(Clone, Copy, Debug, Default)]
pub struct ContingencyOptions {
    /// Also cut each country's capacity and budget by this fraction, in (0, 1].
    pub cut: Option<f64>,
    /// Also withdraw every pair of countries (N-2).
    pub pairs: bool,
}

/// One event to re-plan for.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// These countries withdraw entirely.
    Withdraw(Vec<usize>),
    /// This country's capacity and budget fall by the fraction.
    Cut(usize, f64),
}

/// A required task that gets fewer leads than it needs in a best-effort plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Shortfall {
    /// Task id.
    pub task: String,
    /// Leads it gets.
    pub leads: usize,
    /// Leads it needs.
    pub required: usize,
    /// `leads / required`: the task runs at this scale. Its fit and cost terms, and
    /// the money its leads pay, count this fraction of the full task; each lead it
    /// has still spends its full effort.
    pub scale: f64,
}

impl Shortfall {
    /// `t gets 1 of 2 leads: it runs at 1/2 scale (...)`, or `no lead: not done`.
    pub fn sentence(&self) -> String {
        if self.leads == 0 {
            return format!(
                "{} gets none of its {} lead(s): it is not done",
                self.task, self.required
            );
        }
        format!(
            "{} gets {} of its {} leads: it runs at {}/{} scale (fit, cost and the money paid \
             count {}/{} of the full task; each lead still spends its full effort)",
            self.task,
            self.leads,
            self.required,
            self.leads,
            self.required,
            self.leads,
            self.required
        )
    }
}

/// What a best-effort plan loses against the baseline: first agenda, then objective.
///
/// Not comparable with the objective lost by a plan that meets every constraint:
/// a best-effort plan leaves part of the agenda undone, which is why its loss of
/// objective can look small. The two are reported apart and never ranked together.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BestEffortLoss {
    /// Required tasks' worth of lead slots left unfilled (a task with k of its L
    /// leads counts (L − k)/L).
    pub coverage_lost: f64,
    /// Baseline objective minus the best-effort plan's.
    pub objective_lost: f64,
}

/// The re-plan for one contingency.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Contingency {
    /// `without KR`, `KR cut by 50%`.
    pub name: String,
    /// `withdraw` or `cut`.
    pub kind: String,
    /// Country ids affected.
    pub countries: Vec<String>,
    /// The cut fraction (cuts only).
    pub cut: Option<f64>,
    /// Whether a plan satisfies every constraint.
    pub feasible: bool,
    /// `optimal`, `time_limit`, `best_effort` (infeasible as stated) or `none`.
    pub plan: String,
    /// Objective of the plan shown (null when there is none).
    pub objective: Option<f64>,
    /// Baseline objective minus this plan's (negative: a gain); plans that meet
    /// every constraint only (a best-effort plan's loss is in `best_effort`).
    pub objective_lost: Option<f64>,
    /// A best-effort plan's losses: agenda coverage, then objective.
    pub best_effort: Option<BestEffortLoss>,
    /// Tasks whose leads change, from the baseline to this plan.
    pub reassigned: Vec<LeadChange>,
    /// Required tasks left without any lead (best-effort plans only; an optional
    /// task left out is a choice, not listed).
    pub unled: Vec<String>,
    /// Required tasks left with fewer leads than they need (best-effort plans only).
    pub short: Vec<Shortfall>,
    /// Why no plan satisfies every constraint (infeasible only).
    pub diagnosis: Option<Diagnosis>,
    /// The plan's leads, task by task (empty when there is no plan).
    pub leads: Vec<TaskLeads>,
}

/// How much the plan depends on one country. Plans that meet every constraint
/// and best-effort plans are reported in separate fields, never ranked together.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dependence {
    /// Country id.
    pub country: String,
    /// Country name.
    pub name: String,
    /// Tasks it leads in the baseline.
    pub baseline_leads: usize,
    /// Objective lost if it withdraws and a plan still meets every constraint (null otherwise).
    pub objective_lost: Option<f64>,
    /// That loss as a share of the baseline objective (null when the baseline objective is not positive).
    pub share: Option<f64>,
    /// If it withdraws and no plan meets every constraint: the best-effort plan's losses.
    pub best_effort: Option<BestEffortLoss>,
    /// Objective lost if its capacity and budget are cut (with `--cut`) and a plan meets every constraint.
    pub cut_objective_lost: Option<f64>,
    /// If the cut leaves no plan that meets every constraint: the best-effort plan's losses.
    pub cut_best_effort: Option<BestEffortLoss>,
}

/// Everything `contingency` reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ContingencyReport {
    /// Scenario name.
    pub scenario: String,
    /// Baseline objective.
    pub baseline_objective: f64,
    /// Baseline leads.
    pub baseline: Vec<TaskLeads>,
    /// The cut fraction analysed, if any.
    pub cut: Option<f64>,
    /// One entry per contingency: withdrawals in country order, then cuts, then pairs.
    pub contingencies: Vec<Contingency>,
    /// One entry per country, in country order.
    pub dependence: Vec<Dependence>,
}

/// The contingencies to analyse, in report order. Withdrawals that would leave
/// no country are skipped.
pub fn events(s: &Scenario, o: &ContingencyOptions) -> Vec<Event> {
    let n = s.countries.len();
    let mut out: Vec<Event> = if n > 1 {
        (0..n).map(|i| Event::Withdraw(vec![i])).collect()
    } else {
        Vec::new()
    };
    if let Some(f) = o.cut {
        out.extend((0..n).map(|i| Event::Cut(i, f)));
    }
    if o.pairs && n > 2 {
        out.extend((0..n).flat_map(|i| (i + 1..n).map(move |j| Event::Withdraw(vec![i, j]))));
    }
    out
}

/// The scenario after `event`.
pub fn apply(s: &Scenario, event: &Event) -> Scenario {
    match event {
        Event::Withdraw(gone) => without(s, gone),
        Event::Cut(i, f) => cut(s, *i, *f),
    }
}

/// `s` with the countries `gone` removed, with their per-country data and pins.
pub fn without(s: &Scenario, gone: &[usize]) -> Scenario {
    let keep: Vec<usize> = (0..s.countries.len())
        .filter(|i| !gone.contains(i))
        .collect();
    let pick = |v: &[f64]| keep.iter().map(|&i| v[i]).collect::<Vec<f64>>();
    let mut out = s.clone();
    out.countries = keep.iter().map(|&i| s.countries[i].clone()).collect();
    for (task, orig) in out.tasks.iter_mut().zip(&s.tasks) {
        task.effort = pick(&orig.effort);
        task.cost = pick(&orig.cost);
        task.fit = pick(&orig.fit);
        task.fit_overridden = keep.iter().map(|&i| orig.fit_overridden[i]).collect();
    }
    out.policy.pins = s
        .policy
        .pins
        .iter()
        .filter_map(|p| {
            keep.iter()
                .position(|&i| i == p.country)
                .map(|c| Pin { country: c, ..*p })
        })
        .collect();
    out
}

/// `s` with country `i`'s capacity and budget scaled by `1 − f`.
pub fn cut(s: &Scenario, i: usize, f: f64) -> Scenario {
    let mut out = s.clone();
    let c = &mut out.countries[i];
    c.capacity *= 1.0 - f;
    c.budget = c.budget.map(|b| b * (1.0 - f));
    out
}

fn describe(s: &Scenario, event: &Event) -> (String, String, Vec<String>, Option<f64>) {
    let ids = |v: &[usize]| {
        v.iter()
            .map(|&i| s.countries[i].id.clone())
            .collect::<Vec<_>>()
    };
    match event {
        Event::Withdraw(gone) => (
            "without ".to_string() + &ids(gone).join(" and "),
            "withdraw".into(),
            ids(gone),
            None,
        ),
        Event::Cut(i, f) => {
            let name = format!("{} cut by {}%", s.countries[*i].id, fmt_num(f * 100.0));
            (name, "cut".into(), ids(&[*i]), Some(*f))
        }
    }
}

/// Re-plans for every contingency of `o` (in parallel) against `baseline`.
pub fn analyse(
    s: &Scenario,
    baseline: &Plan,
    o: &ContingencyOptions,
    opts: &SolveOptions,
) -> Result<ContingencyReport, Error> {
    let base_leads = task_leads(s, baseline);
    let evs = events(s, o);
    let stage = Stage::begin("contingencies", Some(evs.len() as u64));
    let results: Vec<Result<Contingency, Error>> = evs
        .par_iter()
        .map(|e| {
            let c = one(s, e, baseline.objective, &base_leads, opts);
            stage.step();
            c
        })
        .collect();
    drop(stage);
    let contingencies = results.into_iter().collect::<Result<Vec<_>, _>>()?;
    let dependence = dependence(s, baseline, &evs, &contingencies);
    Ok(ContingencyReport {
        scenario: s.name.clone(),
        baseline_objective: round(baseline.objective),
        baseline: base_leads,
        cut: o.cut,
        contingencies,
        dependence,
    })
}

/// Solves one contingency: as stated, else diagnosis plus a best-effort plan.
fn one(
    s: &Scenario,
    event: &Event,
    base_obj: f64,
    base_leads: &[TaskLeads],
    opts: &SolveOptions,
) -> Result<Contingency, Error> {
    let (name, kind, countries, cut) = describe(s, event);
    let s2 = apply(s, event);
    let mut c = Contingency {
        name,
        kind,
        countries,
        cut,
        feasible: false,
        plan: "none".into(),
        objective: None,
        objective_lost: None,
        best_effort: None,
        reassigned: Vec::new(),
        unled: Vec::new(),
        short: Vec::new(),
        diagnosis: None,
        leads: Vec::new(),
    };
    let plan = match decide(&s2, opts)?.attempt {
        Attempt::Planned(p) => {
            c.feasible = true;
            c.plan = p.status.name().into();
            Some(p)
        }
        Attempt::NoPlanFound { .. } => None,
        Attempt::Infeasible => {
            c.diagnosis = Some(diagnose(&s2, opts)?);
            best_effort(&s2, opts)?.inspect(|_| c.plan = "best_effort".into())
        }
    };
    if let Some(p) = plan {
        fill(&mut c, &s2, &p, base_obj, base_leads);
    }
    Ok(c)
}

/// The plan that covers as much of the agenda as possible, then maximises the
/// objective. Coverage counts a task with k of its L leads as k/L, so two
/// coverages differ by a multiple of 1/lcm(L); the penalty per task uncovered is
/// the objective range times that lcm, so more coverage always outweighs any
/// objective gain, even across tasks with different lead counts.
pub fn best_effort(s: &Scenario, opts: &SolveOptions) -> Result<Option<Plan>, Error> {
    let step = coverage_denominator(s) as f64;
    let r = Restrictions {
        shortfall_penalty: Some(objective_range(s) * step),
        ..Default::default()
    };
    Ok(match solve_restricted(s, &r, opts)? {
        Attempt::Planned(p) => Some(p),
        _ => None,
    })
}

/// The least common multiple of the required tasks' lead counts: every
/// difference in coverage is a multiple of its inverse.
fn coverage_denominator(s: &Scenario) -> u64 {
    fn gcd(a: u64, b: u64) -> u64 {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    s.tasks
        .iter()
        .filter(|t| !t.optional)
        .map(|t| t.leads.max(1) as u64)
        .fold(1, |acc, l| acc / gcd(acc, l) * l)
}

fn fill(c: &mut Contingency, s: &Scenario, p: &Plan, base_obj: f64, base_leads: &[TaskLeads]) {
    c.objective = Some(round(p.objective));
    c.leads = task_leads(s, p);
    c.reassigned = lead_changes(base_leads, &c.leads);
    for (t, task) in s.tasks.iter().enumerate() {
        let n = p.leads[t].len();
        if task.optional || n >= task.leads {
            continue; // an optional task left out is a choice, not a shortfall
        }
        if n == 0 {
            c.unled.push(task.id.clone());
        }
        c.short.push(Shortfall {
            task: task.id.clone(),
            leads: n,
            required: task.leads,
            scale: round(n as f64 / task.leads as f64),
        });
    }
    let lost = round(base_obj - p.objective);
    if c.feasible {
        c.objective_lost = Some(lost);
    } else {
        let coverage_lost: f64 = c
            .short
            .iter()
            .map(|f| (f.required - f.leads) as f64 / f.required as f64)
            .sum();
        c.best_effort = Some(BestEffortLoss {
            coverage_lost: round(coverage_lost),
            objective_lost: lost,
        });
    }
}

fn dependence(s: &Scenario, baseline: &Plan, evs: &[Event], cs: &[Contingency]) -> Vec<Dependence> {
    let find =
        |want: &dyn Fn(&Event) -> bool| evs.iter().zip(cs).find(|(e, _)| want(e)).map(|(_, c)| c);
    (0..s.countries.len())
        .map(|i| {
            let gone = find(&|e| *e == Event::Withdraw(vec![i]));
            let cut = find(&|e| matches!(e, Event::Cut(j, _) if *j == i));
            let objective_lost = gone.and_then(|c| c.objective_lost);
            Dependence {
                country: s.countries[i].id.clone(),
                name: s.countries[i].name.clone(),
                baseline_leads: baseline.lead_count(i),
                objective_lost,
                share: objective_lost
                    .filter(|_| baseline.objective > 0.0)
                    .map(|l| round(l / baseline.objective)),
                best_effort: gone.and_then(|c| c.best_effort.clone()),
                cut_objective_lost: cut.and_then(|c| c.objective_lost),
                cut_best_effort: cut.and_then(|c| c.best_effort.clone()),
            }
        })
        .collect()
}
