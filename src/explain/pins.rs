//! What the pins cost: the objective a scenario's `[[policy.pin]]` tables give up.
//!
//! A pin is a choice made before the optimiser runs ("Japan leads legal
//! drafting"). Its price is what the plan would gain without it: the scenario is
//! solved again with that one pin lifted, every other pin kept, and the price is
//! that optimum less the optimum with every pin. Lifting a pin only removes a
//! bound on one lead variable, so the re-solve can only match or beat the pinned
//! optimum: every price is at least 0 (up to the solver's tolerance, which is
//! rounded away). The whole set is priced the same way, by one solve with every
//! pin lifted; pins interact (two pins may each cost nothing alone and something
//! together), so the prices of single pins need not add up to it.
//!
//! Each number is the difference of two optima the solver proved, so it is exact;
//! a re-solve stopped by the time limit makes its price unproven, and the report
//! says so instead of printing it.

use rayon::prelude::*;
use serde::Serialize;

use crate::error::Error;
use crate::fmt::round;
use crate::optimize::{solve_verdict, Attempt};
use crate::options::SolveOptions;
use crate::plan::Plan;
use crate::scenario::Scenario;

/// Prices within this share of the objective (plus this much) are reported as 0:
/// the solvers' tolerance, not a price.
const ZERO: f64 = 1e-7;

/// One pin and its price.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PinPrice {
    /// Country id.
    pub country: String,
    /// Task id.
    pub task: String,
    /// `true`: the pin makes the country lead the task; `false`: it bars it.
    pub lead: bool,
    /// The optimum with this pin lifted and every other pin kept (null when
    /// the re-solve proved no optimum within the time limit).
    pub objective_without: Option<f64>,
    /// `objective_without` less the pinned optimum (null when unproven).
    pub cost: Option<f64>,
}

/// The price of a scenario's pins against its optimum without them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PinPrices {
    /// The optimum with every pin (the plan solved).
    pub objective: f64,
    /// The optimum with every pin lifted (null when unproven).
    pub objective_without_pins: Option<f64>,
    /// What following every pin costs: `objective_without_pins - objective`.
    pub cost: Option<f64>,
    /// Each pin, in the scenario's order.
    pub pins: Vec<PinPrice>,
}

impl PinPrices {
    /// The pins that cost something, dearest first (ties in the scenario's order).
    pub fn dearest(&self) -> Vec<&PinPrice> {
        let mut out: Vec<&PinPrice> = self
            .pins
            .iter()
            .filter(|p| p.cost.is_some_and(|c| c > 0.0))
            .collect();
        out.sort_by(|a, b| b.cost.unwrap_or(0.0).total_cmp(&a.cost.unwrap_or(0.0)));
        out
    }
}

/// Prices the pins of `s`, whose optimal plan (every pin held) is `plan`: one
/// re-solve with every pin lifted and one per pin with that pin lifted, in
/// parallel, reported in the scenario's order.
pub fn price_pins(s: &Scenario, plan: &Plan, opts: &SolveOptions) -> Result<PinPrices, Error> {
    let n = s.policy.pins.len();
    // Job n lifts every pin; job k < n lifts pin k alone.
    let optima: Vec<Option<f64>> = (0..=n)
        .into_par_iter()
        .map(|k| {
            let mut lifted = s.clone();
            if k == n {
                lifted.policy.pins.clear();
            } else {
                lifted.policy.pins.remove(k);
            }
            optimum(&lifted, opts)
        })
        .collect::<Result<_, _>>()?;
    let price = |o: Option<f64>| o.map(|o| settle(o - plan.objective, plan.objective));
    let pins = s
        .policy
        .pins
        .iter()
        .zip(&optima)
        .map(|(p, &o)| PinPrice {
            country: s.countries[p.country].id.clone(),
            task: s.tasks[p.task].id.clone(),
            lead: p.lead,
            objective_without: o.map(round),
            cost: price(o),
        })
        .collect();
    Ok(PinPrices {
        objective: round(plan.objective),
        objective_without_pins: optima[n].map(round),
        cost: price(optima[n]),
        pins,
    })
}

/// The proven optimum of `s`, or `None` when the time limit stopped the search.
/// A scenario with fewer pins than a feasible one is feasible, so infeasibility
/// here is a solver fault.
fn optimum(s: &Scenario, opts: &SolveOptions) -> Result<Option<f64>, Error> {
    match solve_verdict(s, opts)? {
        Attempt::Planned(p) if p.status == crate::PlanStatus::Optimal => Ok(Some(p.objective)),
        Attempt::Planned(_) | Attempt::NoPlanFound { .. } => Ok(None),
        Attempt::Infeasible => Err(Error::Solver(
            "lifting a pin made the scenario infeasible, which no plan allows: the solver erred"
                .into(),
        )),
    }
}

/// A price rounded for reporting, with the solvers' noise around 0 (relative to
/// the objective `scale`) taken out.
fn settle(x: f64, scale: f64) -> f64 {
    if x.abs() < ZERO * (1.0 + scale.abs()) {
        0.0
    } else {
        round(x)
    }
}
