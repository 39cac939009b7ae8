//! What a fixed set of leads scores in a scenario: one function for everyone.
//!
//! Sweeps (the baseline plan's value in each run), `robust` (a plan in each
//! future) and the sweep data's plan scores all ask the same question: these
//! leads, in this scenario, are they a plan, and what do they score? They used to
//! fix every lead and re-solve with four different guards, and one let a banned
//! lead through. [`evaluate_fixed`] answers once: the sensitivity rule and pins
//! are checked first, then every limit; only a model with money terms (budgets,
//! fairness, `funding = "all"`) needs an LP, to re-optimise who pays what. Without
//! them the objective is computed from the leads directly.

use crate::error::Error;
use crate::model::{self, Allowed, Restrictions};
use crate::plan::{Plan, PlanStatus};
use crate::scenario::Scenario;
use crate::solve::SolveOptions;

use super::{lead_variable_count, solve_restricted, Attempt};

/// Slack on capacity sums, so a plan exactly at capacity passes despite float noise.
const CAPACITY_EPS: f64 = 1e-9;

/// What a fixed set of leads is worth in a scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum Evaluation {
    /// The leads meet every rule: the plan, money re-optimised where the model
    /// has money terms (its status says whether that LP was proven optimal).
    Feasible(Plan),
    /// The leads break a rule of the scenario: a sensitivity ban, a pin, a lead
    /// count, a limit, a budget or the funding rule.
    Infeasible,
    /// The solver ran out of time before settling the payments.
    Unknown,
}

/// Evaluates `leads` (per task, its lead countries) in `s`, respecting bans and pins.
pub fn evaluate_fixed(
    s: &Scenario,
    leads: &[Vec<usize>],
    opts: &SolveOptions,
) -> Result<Evaluation, Error> {
    if !obeys_rows(s, leads) {
        return Ok(Evaluation::Infeasible);
    }
    if !model::terms_of(s).money {
        let solver = opts.pick(lead_variable_count(s))?;
        let plan = Plan::from_parts(s, leads.to_vec(), None, PlanStatus::Optimal, solver, 0.0);
        return Ok(Evaluation::Feasible(plan));
    }
    if let Some(e) = by_payments_lp(s, leads, opts)? {
        return Ok(e);
    }
    let fixed = every_lead_fixed(s, leads);
    Ok(match solve_restricted(s, &fixed, opts)? {
        Attempt::Planned(p) => Evaluation::Feasible(p),
        Attempt::Infeasible => Evaluation::Infeasible,
        Attempt::NoPlanFound { .. } => Evaluation::Unknown,
    })
}

/// Restrictions that fix every lead variable to `leads` (lead or not).
pub(super) fn every_lead_fixed(s: &Scenario, leads: &[Vec<usize>]) -> Restrictions {
    let fixes = (0..s.tasks.len())
        .flat_map(|t| (0..s.countries.len()).map(move |i| (i, t, leads[t].contains(&i))))
        .collect();
    Restrictions {
        fixes,
        ..Default::default()
    }
}

/// The money re-optimised by the payments LP (no MILP); `None` when that LP
/// failed or its plan fails the money check (the MILP then decides).
fn by_payments_lp(
    s: &Scenario,
    leads: &[Vec<usize>],
    opts: &SolveOptions,
) -> Result<Option<Evaluation>, Error> {
    let solver = opts.pick(lead_variable_count(s))?;
    Ok(match super::payments::payments(s, leads) {
        Ok(None) => Some(Evaluation::Infeasible),
        Ok(Some(money)) => {
            let plan = Plan::from_parts(
                s,
                leads.to_vec(),
                Some(money),
                PlanStatus::Optimal,
                solver,
                0.0,
            );
            super::certify::breaks(s, &Restrictions::default(), &plan)
                .is_none()
                .then_some(Evaluation::Feasible(plan))
        }
        Err(_) => None,
    })
}

/// The leads fit the scenario's shape, its bans and pins, and every limit on
/// leads (counts, capacity, leads per country and per domain).
pub(super) fn obeys_rows(s: &Scenario, leads: &[Vec<usize>]) -> bool {
    fits_shape(s, leads) && respects_rules(s, leads) && meets_limits(s, leads)
}

/// One lead list per task, each naming existing countries.
fn fits_shape(s: &Scenario, leads: &[Vec<usize>]) -> bool {
    leads.len() == s.tasks.len()
        && leads
            .iter()
            .all(|ls| ls.iter().all(|&i| i < s.countries.len()))
}

/// No banned lead, every `lead = true` pin held, no `lead = false` pin broken.
fn respects_rules(s: &Scenario, leads: &[Vec<usize>]) -> bool {
    let none = Restrictions::default();
    (0..s.tasks.len()).all(|t| {
        (0..s.countries.len()).all(|i| match model::allowed(s, &none, i, t) {
            Allowed::Free => true,
            Allowed::Fixed(v) => leads[t].contains(&i) == v,
            Allowed::Conflict => false,
        })
    })
}

/// Lead counts per task, capacity, leads per country and per domain (`docs/src/model.md`).
fn meets_limits(s: &Scenario, leads: &[Vec<usize>]) -> bool {
    counts_ok(s, leads) && (0..s.countries.len()).all(|i| country_ok(s, leads, i))
}

/// Each task has its lead count of distinct leads (an optional task may have none).
pub(super) fn counts_ok(s: &Scenario, leads: &[Vec<usize>]) -> bool {
    s.tasks.iter().zip(leads).all(|(task, ls)| {
        let mut distinct = ls.clone();
        distinct.sort_unstable();
        distinct.dedup();
        distinct.len() == ls.len() && (ls.len() == task.leads || (task.optional && ls.is_empty()))
    })
}

/// Country i's capacity, lead-count and per-domain limits hold.
pub(super) fn country_ok(s: &Scenario, leads: &[Vec<usize>], i: usize) -> bool {
    let led: Vec<usize> = (0..s.tasks.len())
        .filter(|&t| leads[t].contains(&i))
        .collect();
    let effort: f64 = led.iter().map(|&t| s.tasks[t].effort[i]).sum();
    let within_domains = s.policy.max_per_domain.is_none_or(|hi| {
        s.domains()
            .iter()
            .all(|d| led.iter().filter(|&&t| &s.tasks[t].domain == d).count() <= hi)
    });
    effort <= s.countries[i].capacity + CAPACITY_EPS
        && led.len() >= s.min_leads_of(i)
        && s.max_leads_of(i).is_none_or(|hi| led.len() <= hi)
        && within_domains
}
