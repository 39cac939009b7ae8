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
use crate::model::Restrictions;
use crate::plan::{Plan, PlanStatus};
use crate::scenario::Scenario;
use crate::solve::SolveOptions;

use super::{lead_variable_count, solve_restricted, Attempt};

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
    if !crate::rules::needs_money(s) {
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
/// leads (counts, capacity, leads per country and per domain): the rule book
/// on leads alone.
pub(super) fn obeys_rows(s: &Scenario, leads: &[Vec<usize>]) -> bool {
    crate::rules::leads_hold(s, leads)
}
