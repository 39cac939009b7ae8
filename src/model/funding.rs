//! Fairness: how far each country's spending is from its fair share of the
//! total cost (an objective term; the payment rows are the rule book's,
//! [`crate::rules`]).

use good_lp::{constraint, variable, Expression};

use super::{Col, Model, Row};
use crate::rules::task_cost;
use crate::scenario::Scenario;

/// Deviation of each country's spending from its fair share of the total:
/// `d_i >= |spent_i - f_i * total|`; returns `sum_i d_i` in money (not model units).
pub(super) fn define_fairness(m: &mut Model, s: &Scenario) -> Expression {
    define_fairness_in_units(m, s) * m.money_unit
}

/// [`define_fairness`], its sum in model money units.
pub(super) fn define_fairness_in_units(m: &mut Model, s: &Scenario) -> Expression {
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
    sum
}
