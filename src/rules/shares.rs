//! Who pays: money columns, each led task paid in full, only by its leads
//! under `funding = "leads"`, each lead carrying its minimum share
//! (`docs/src/model.md`, constraint 5; budgets are [`super::budget`]).
//!
//! Money is modelled in units of [`crate::milp::money_unit`]; values are
//! scaled back when a solution is read. These rules define what a plan is,
//! not a limit on it: blame never lifts them and a diagnosis never relaxes
//! them.

use good_lp::{constraint, variable, Expression};

use super::{
    money_tol, Allowed, Breach, Breaches, Change, Family, Limit, PlanView, Rule, Slack, Tally,
};
use crate::fmt::{fmt_money, fmt_num};
use crate::milp::{in_units, money_unit, Col, Model, Pay, Row};
use crate::scenario::{Funding, Scenario};

pub(super) struct Shares;

impl Rule for Shares {
    fn family(&self) -> Family {
        Family::Shares
    }

    fn liftable(&self) -> bool {
        false
    }

    fn lift(&self, _: &Scenario) -> Option<Scenario> {
        None
    }

    fn pair(&self, _: &Scenario, _: usize, _: usize) -> Allowed {
        Allowed::Free
    }

    /// Paid in full (`Σ_i p_it = realised cost`), only by leads, each lead at
    /// least `σ` of the cost; nothing where the sole lead pays by construction.
    fn define(&self, m: &mut Model, s: &Scenario, _: &mut Slack) {
        let Some(money) = m.money.clone() else { return };
        let sigma = s.policy.min_share;
        let unit = m.money_unit;
        for (t, task) in s.tasks.iter().enumerate() {
            if money[t]
                .iter()
                .flatten()
                .all(|p| matches!(p, Pay::Lead(..)))
            {
                continue; // the sole lead pays: covered by construction
            }
            let c_max = in_units(task.cost.iter().copied().fold(0.0, f64::max), unit);
            let paid: Expression = money[t].iter().flatten().map(|p| p.expr()).sum();
            let cost = task_cost(m, s, t);
            m.push(Row::Covered(t), constraint!(paid == cost.clone()));
            for (i, (x, pay)) in m.x[t].clone().into_iter().zip(&money[t]).enumerate() {
                let (Some(x), Some(Pay::Var(pay))) = (x, pay) else {
                    continue;
                };
                if s.policy.funding == Funding::Leads {
                    m.push(Row::PayIfLead(t, i), constraint!(pay.v <= c_max * x.v));
                }
                if sigma > 0.0 {
                    // pay >= sigma * cost - sigma * c_max * (1 - x)
                    m.push(
                        Row::MinShare(t, i),
                        constraint!(
                            pay.v - sigma * cost.clone() - sigma * c_max * x.v >= -sigma * c_max
                        ),
                    );
                }
            }
        }
    }

    /// What a lead pays at least is counted against its budget ([`super::budget`]).
    fn admits(&self, _: &Scenario, _: &Tally, _: usize, _: usize, _: f64) -> bool {
        true
    }

    fn breaches(&self, s: &Scenario, _: &Tally, plan: &PlanView, out: &mut Breaches) {
        let Some(money) = plan.money else { return };
        let sigma = s.policy.min_share;
        let floor = crate::milp::money_floor(s);
        let unit = money_unit(s);
        let m = |x: f64| fmt_money(x, unit);
        for (t, task) in s.tasks.iter().enumerate() {
            let ls = &plan.leads[t];
            let cost = ls.iter().map(|&i| task.cost[i]).sum::<f64>() / task.leads as f64;
            let paid: f64 = money[t].iter().sum();
            let tol = money_tol(cost, floor);
            if (paid - cost).abs() > tol {
                let sentence = format!(
                    "task {} costs {} but {} is paid",
                    task.name,
                    m(cost),
                    m(paid)
                );
                let b = Breach::new(Family::Shares, sentence).task(&task.id);
                if !out.push(b.amounts(paid, cost)) {
                    return;
                }
            }
            for (i, &pay) in money[t].iter().enumerate() {
                let c = &s.countries[i];
                let leads = ls.contains(&i);
                let sentence = if !leads && s.policy.funding == Funding::Leads && pay > tol {
                    format!(
                        "{} pays {} towards {} without leading it",
                        c.name,
                        m(pay),
                        task.name
                    )
                } else if leads && sigma > 0.0 && pay < sigma * cost - tol {
                    format!(
                        "{} pays {} of the cost {} of {}, less than its minimum share {}",
                        c.name,
                        m(pay),
                        m(cost),
                        task.name,
                        fmt_num(sigma)
                    )
                } else {
                    continue;
                };
                let b = Breach::new(Family::Shares, sentence)
                    .country(&c.id)
                    .task(&task.id);
                if !out.push(b.amounts(pay, if leads { sigma * cost } else { 0.0 })) {
                    return;
                }
            }
        }
    }

    fn target(&self, _: &Scenario, _: Limit, _: f64) -> f64 {
        unreachable!("no limit of the payment rules is relaxed")
    }

    fn describe(&self, _: &Scenario, _: Limit, _: f64) -> Change {
        unreachable!("no limit of the payment rules is relaxed")
    }

    fn apply(&self, _: &mut Scenario, _: &Change, _: Option<usize>, _: Option<usize>) {}
}

/// Whether the model needs money columns: budgets, fairness between several
/// countries, or `funding = "all"`.
pub(crate) fn needs_money(s: &Scenario) -> bool {
    s.countries.iter().any(|c| c.budget.is_some())
        || (s.policy.weights.fairness > 0.0 && s.countries.len() > 1)
        || s.policy.funding == Funding::All
}

/// `money[t][i] >= 0`: what country i pays towards task t. A task with one lead
/// under `funding = "leads"` needs no variable: its lead pays `c_it * x_it`.
pub(crate) fn define_money_variables(m: &mut Model, s: &Scenario) {
    define_money_variables_in(m, s, money_unit(s));
}

/// [`define_money_variables`] with the money unit given (1 models money as it is).
pub(crate) fn define_money_variables_in(m: &mut Model, s: &Scenario, unit: f64) {
    let all = s.policy.funding == Funding::All;
    m.money_unit = unit;
    let money = (0..s.tasks.len())
        .map(|t| {
            let sole = !all && s.tasks[t].leads == 1;
            (0..s.countries.len())
                .map(|i| match m.x[t][i] {
                    Some(x) if sole => Some(Pay::Lead(in_units(s.tasks[t].cost[i], unit), x)),
                    None if !all => None,
                    _ => Some(Pay::Var(m.add_as(variable().min(0.0), Col::Pay(t, i)))),
                })
                .collect()
        })
        .collect();
    m.money = Some(money);
}

/// The realised cost of task t: the mean of its leads' costs (an expression, in
/// model money units).
pub(crate) fn task_cost(m: &Model, s: &Scenario, t: usize) -> Expression {
    let task = &s.tasks[t];
    let l = task.leads as f64;
    (0..s.countries.len())
        .filter_map(|i| m.x[t][i].map(|x| in_units(task.cost[i] / l, m.money_unit) * x.v))
        .sum()
}
