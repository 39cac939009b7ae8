//! The check every plan read back from a solver passes before it is called a
//! plan: leads within every limit, and, in money (not model units), each led
//! task fully paid under the funding rule, minimum shares carried and budgets
//! held. A solver's tolerances are relative to the model's coefficients; money
//! scaled by one unit can hide a small cost below them (a 100 next to a 1e12),
//! and this check is what catches it.

use crate::model::{self, Restrictions};
use crate::plan::Plan;
use crate::scenario::{Funding, Scenario};

use super::evaluate::{country_ok, counts_ok};

/// Relative tolerance of the money checks.
const MONEY_REL: f64 = 1e-6;

fn tol(x: f64) -> f64 {
    MONEY_REL * x.abs().max(1.0)
}

/// Why `plan` is not a plan of `s` under `r`, or `None` when it is.
pub(crate) fn breaks(s: &Scenario, r: &Restrictions, plan: &Plan) -> Option<String> {
    let n = s.countries.len();
    if r.shortfall_penalty.is_none() && !counts_ok(s, &plan.leads) {
        return Some("a task has the wrong number of leads".into());
    }
    if let Some(i) = (0..n).find(|&i| !country_ok(s, &plan.leads, i)) {
        return Some(format!("{} breaks a limit on its leads", s.countries[i].id));
    }
    if !model::terms_of(s).money {
        return None;
    }
    let sigma = s.policy.min_share;
    for (t, task) in s.tasks.iter().enumerate() {
        let cost = plan.task_cost(s, t);
        let paid: f64 = plan.money[t].iter().sum();
        if (paid - cost).abs() > tol(cost) {
            return Some(format!("{} costs {cost} but {paid} is paid", task.id));
        }
        for (i, &pay) in plan.money[t].iter().enumerate() {
            let leads = plan.leads[t].contains(&i);
            if !leads && s.policy.funding == Funding::Leads && pay > tol(cost) {
                return Some(format!(
                    "{} pays towards {} without leading it",
                    s.countries[i].id, task.id
                ));
            }
            if leads && sigma > 0.0 && pay < sigma * cost - tol(cost) {
                return Some(format!(
                    "{} pays less than its minimum share of {}",
                    s.countries[i].id, task.id
                ));
            }
        }
    }
    for (i, c) in s.countries.iter().enumerate() {
        let Some(budget) = c.budget else { continue };
        let spent: f64 = plan.money.iter().map(|row| row[i]).sum();
        if spent > budget + tol(budget) {
            return Some(format!("{} spends {spent} of a budget of {budget}", c.id));
        }
    }
    None
}
