//! An exact search for scenario models on the Lagrangian bound (issue 15,
//! target 1): what `--solver bnb` (and `auto` on larger scenarios in the
//! default build) runs before any MILP.
//!
//! The LP relaxation of a planning model is weak where capacities are tight:
//! on the IPEF scenario it stays about one unit above the optimum, and an
//! LP-based search without cuts (microlp) needs seconds to close that. Moving
//! the lead-count rows, the budgets and the fairness term into the objective
//! ([`bound`]) leaves one small problem per country over its own rows
//! (capacity, least and most tasks, tasks per domain), solved exactly by a
//! table ([`country`]); that bound keeps the integrality the LP loses and
//! closes most of the gap at the root. A depth-first branch and bound on it
//! ([`search`]) values every candidate plan exactly (the payments LP, the
//! objective of [`Plan::from_parts`], the same check as every solver's plan)
//! and prunes a node only when its bound, valid for any multipliers, cannot
//! beat the best plan by more than `1e-9 * (1 + sum |a|)` (or by a whole step
//! on integral objectives). Anything it does not model (exclusions, goals,
//! baselines, efforts that are not whole after scaling by a power of ten) and
//! any search that runs past its node limit goes back to the MILP.

mod bound;
mod country;
mod problem;
mod repair;
mod search;
#[cfg(test)]
mod tests;

use std::cell::Cell;
use std::time::{Duration, Instant};

use super::evaluate::obeys_rows;
use super::payments::payments;
use super::{certify, precheck, Attempt};
use crate::model::Restrictions;
use crate::options::SolverKind;
use crate::plan::{Plan, PlanStatus};
use crate::scenario::{Pin, Scenario};
use problem::Problem;
use search::{End, Search};

/// Nodes before the search gives up for the MILP.
const MAX_NODES: usize = 100_000;
/// Table entries visited before the search gives up for the MILP: a count,
/// not a clock, so the choice is the same on every machine (the IPEF
/// scenario needs about 26 million, with every budget 10% lower about 306
/// million, where microlp then takes about a minute; a billion is two to
/// five seconds).
const MAX_WORK: u64 = 1_000_000_000;

/// The optimum of `s` under `r` by the Lagrangian search, or `None` when the
/// search does not apply or gives up (the caller solves the MILP).
pub(crate) fn solve(s: &Scenario, r: &Restrictions, time_limit: Option<f64>) -> Option<Attempt> {
    let start = Instant::now();
    let p = Problem::of(s, r)?;
    let deadline = time_limit.map(|t| start + Duration::from_secs_f64(t.max(0.0)));
    let doubtful = Cell::new(false);
    let value = |leads: &[Vec<usize>]| -> Option<Plan> {
        let plan = value_plan(s, r, leads, p.money);
        if plan.is_err() {
            doubtful.set(true);
        }
        plan.ok().flatten()
    };
    let step = objective_step(&p);
    let mut search = Search::new(&p, &value, deadline, (MAX_NODES, MAX_WORK), step);
    let end = search.run();
    if std::env::var_os("LEADPLAN_LAGR_DEBUG").is_some() {
        eprintln!(
            "lagrange: {} work, {} nodes, root {:?}, best {:?}, {:.3} s",
            search.work(),
            search.nodes,
            search.root,
            search.best.as_ref().map(|b| b.objective),
            start.elapsed().as_secs_f64()
        );
    }
    let seconds = start.elapsed().as_secs_f64();
    let best = search.best.take().map(|mut plan| {
        plan.seconds = seconds;
        plan
    });
    match end {
        // A search that found no plan may be one with none: the sweeps'
        // exact infeasibility search settles many of those at once.
        End::GaveUp if best.is_none() && precheck::proves_infeasible(&with_fixes(s, r)) => {
            Some(Attempt::Infeasible)
        }
        End::GaveUp => None,
        _ if doubtful.get() => None,
        End::Done => Some(best.map_or(Attempt::Infeasible, Attempt::Planned)),
        End::Stopped(open) => Some(match best {
            Some(mut plan) => {
                plan.status = PlanStatus::TimeLimit;
                plan.bound = open.max(plan.objective);
                Attempt::Planned(plan)
            }
            None => Attempt::NoPlanFound {
                bound: open.is_finite().then_some(open),
                seconds,
            },
        }),
    }
}

/// `s` with the restrictions' fixes as pins (the search runs only when
/// they agree with the scenario's own pins and bans).
fn with_fixes(s: &Scenario, r: &Restrictions) -> Scenario {
    let mut pinned = s.clone();
    for &(country, task, lead) in &r.fixes {
        pinned
            .policy
            .pins
            .retain(|p| (p.country, p.task) != (country, task));
        pinned.policy.pins.push(Pin {
            country,
            task,
            lead,
        });
    }
    pinned
}

/// The plan `leads` make (payments re-optimised where the model has money
/// terms), `Ok(None)` when they are no plan, `Err` when the payments LP failed
/// (the search then cannot claim optimality).
fn value_plan(
    s: &Scenario,
    r: &Restrictions,
    leads: &[Vec<usize>],
    money: bool,
) -> Result<Option<Plan>, ()> {
    if !obeys_rows(s, leads) {
        return Ok(None);
    }
    let paid = if money {
        match payments(s, leads) {
            Ok(Some(m)) => Some(m),
            Ok(None) => return Ok(None),
            Err(_) => return Err(()),
        }
    } else {
        None
    };
    let plan = Plan::from_parts(
        s,
        leads.to_vec(),
        paid,
        PlanStatus::Optimal,
        SolverKind::Bnb,
        0.0,
    );
    match certify::breaks(s, r, &plan) {
        None => Ok(Some(plan)),
        Some(_) => Err(()),
    }
}

/// The objective's step when every lead's coefficient is whole and there are
/// no money terms (a plan must then beat the best by 1), else 0.
fn objective_step(p: &Problem) -> f64 {
    let whole = p.a.iter().all(|a| a.fract() == 0.0);
    if whole && !p.money {
        1.0
    } else {
        0.0
    }
}
