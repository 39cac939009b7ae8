//! Who pays: money variables, the funding rows (cost covered, minimum shares,
//! budgets) and the fairness deviations, as in docs/src/model.md, constraint 5.
//!
//! Money is modelled in units of [`money_unit`]: a scenario whose costs reach
//! 1e12 would otherwise put 1e12 next to 1 in one row, beyond what a simplex
//! solver's tolerances can carry (microlp then calls a feasible model
//! infeasible). Values are scaled back when a solution is read.

use good_lp::{constraint, variable, Expression};

use super::{elastic, slack_expr, Col, Model, Row, Slack, Var};
use crate::scenario::{Funding, Scenario};

/// What country i pays towards task t.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Pay {
    /// A free money variable (co-led tasks, or `funding = "all"`).
    Var(Var),
    /// The sole lead pays the whole cost: `coef * x`. No variable needed.
    Lead(f64, Var),
}

impl Pay {
    /// As a linear expression.
    pub fn expr(self) -> Expression {
        match self {
            Pay::Var(v) => Expression::from(v.v),
            Pay::Lead(c, x) => c * x.v,
        }
    }

    /// Its value in money (not model units) given the column values and the unit.
    pub fn value(self, values: &[f64], unit: f64) -> f64 {
        match self {
            Pay::Var(v) => values[v.col].max(0.0) * unit,
            Pay::Lead(c, x) => c * unit * values[x.col].round(),
        }
    }
}

/// Costs at or below this are modelled as they are (unit 1).
const UNSCALED_UP_TO: f64 = 1e4;

/// The money unit of the model: 1 for ordinary scenarios, otherwise the power of
/// ten just below the largest cost, so that money rows carry coefficients near 1.
pub(crate) fn money_unit(s: &Scenario) -> f64 {
    let top = s
        .tasks
        .iter()
        .flat_map(|t| t.cost.iter().copied())
        .fold(0.0, f64::max);
    if top <= UNSCALED_UP_TO {
        1.0
    } else {
        10f64.powi(top.log10().floor() as i32)
    }
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
                    Some(x) if sole => Some(Pay::Lead(s.tasks[t].cost[i] / unit, x)),
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
    let per = task.leads as f64 * m.money_unit;
    (0..s.countries.len())
        .filter_map(|i| m.x[t][i].map(|x| (task.cost[i] / per) * x.v))
        .sum()
}

/// Money covers each task's cost; leads carry their minimum share; budgets hold.
pub(crate) fn define_funding(m: &mut Model, s: &Scenario, mut slack: Slack) {
    let money = m.money.clone().expect("money variables defined");
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
        let c_max = task.cost.iter().copied().fold(0.0, f64::max) / unit;
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
    for (i, c) in s.countries.iter().enumerate() {
        let Some(budget) = c.budget else { continue };
        let spent: Expression = money
            .iter()
            .filter_map(|row| row[i])
            .map(|p| p.expr())
            .sum();
        let worst: f64 = s
            .tasks
            .iter()
            .map(|t| t.cost.iter().copied().fold(0.0, f64::max))
            .sum();
        if worst <= budget {
            continue;
        }
        let (worst, budget) = (worst / unit, budget / unit);
        let sl = slack_expr(m, &mut slack, elastic::Kind::Budget(i), worst - budget);
        m.push(Row::Budget(i), constraint!(spent <= budget + sl));
    }
}

/// Deviation of each country's spending from its fair share of the total:
/// `d_i >= |spent_i - f_i * total|`; returns `sum_i d_i` in money (not model units).
pub(super) fn define_fairness(m: &mut Model, s: &Scenario) -> Expression {
    let money = m.money.clone().expect("money variables defined");
    let shares = s.fair_shares();
    let total: Expression = (0..s.tasks.len()).map(|t| task_cost(m, s, t)).sum();
    let mut sum = Expression::from(0.0);
    for (i, f) in shares.iter().enumerate() {
        let d = m.add_as(variable().min(0.0), Col::FairDev(i));
        let spent: Expression = money
            .iter()
            .filter_map(|row| row[i])
            .map(|p| p.expr())
            .sum();
        m.push(
            Row::FairAbove(i),
            constraint!(d.v >= spent.clone() - *f * total.clone()),
        );
        m.push(
            Row::FairBelow(i),
            constraint!(d.v >= *f * total.clone() - spent),
        );
        sum += d.v;
    }
    sum * m.money_unit
}
