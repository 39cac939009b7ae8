//! Budgets: what a country pays, over every task, stays within its budget.
//!
//! Row `Σ_t p_it ≤ B_i` in money units (`docs/src/model.md`, constraint 5), left
//! out where even the dearest plan fits. Only models with money columns carry
//! it ([`super::needs_money`]: a budget always makes one).

use good_lp::{constraint, Expression};

use super::tally::over;
use super::words::subject;
use super::words::{country_change, needed_money, TIGHT};
use super::{
    money_tol, slack_expr, Allowed, Binding, Breach, Breaches, Change, Family, Limit, PlanView,
    Rule, Scope, Slack, Tally,
};
use crate::fmt::{fmt_money, fmt_num};
use crate::milp::{in_units, Model, Row};
use crate::plan::Plan;
use crate::possessive::possessive;
use crate::scenario::Scenario;

pub(super) struct Budget;

impl Rule for Budget {
    fn family(&self) -> Family {
        Family::Budget
    }

    fn liftable(&self) -> bool {
        true
    }

    fn lift(&self, s: &Scenario) -> Option<Scenario> {
        if s.countries.iter().all(|c| c.budget.is_none()) {
            return None;
        }
        let mut out = s.clone();
        out.countries.iter_mut().for_each(|c| c.budget = None);
        Some(out)
    }

    fn pair(&self, _: &Scenario, _: usize, _: usize) -> Allowed {
        Allowed::Free
    }

    fn define(&self, m: &mut Model, s: &Scenario, slack: &mut Slack) {
        let Some(money) = m.money.clone() else { return };
        let unit = m.money_unit;
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
            // compared in model units, so that the row is there in any unit money is written in
            let (worst, budget) = (in_units(worst, unit), in_units(budget, unit));
            if worst <= budget {
                continue;
            }
            let sl = slack_expr(m, slack, Limit::Budget(i), worst - budget);
            m.push(Row::Budget(i), constraint!(spent <= budget + sl));
        }
    }

    /// What country i pays at least, with `pay` more, stays within its budget.
    fn admits(&self, _: &Scenario, tally: &Tally, i: usize, _: usize, pay: f64) -> bool {
        tally.budget[i].is_none_or(|b| !over(tally.pays[i] + pay, b))
    }

    fn breaches(&self, s: &Scenario, _: &Tally, plan: &PlanView, out: &mut Breaches) {
        let Some(money) = plan.money else { return };
        let floor = crate::milp::money_floor(s);
        let unit = crate::milp::money_unit(s);
        for (i, c) in s.countries.iter().enumerate() {
            let Some(budget) = c.budget else { continue };
            let spent: f64 = money.iter().map(|row| row[i]).sum();
            if spent > budget + money_tol(budget, floor) {
                let sentence = format!(
                    "{} pays {} of its budget {} (over by {})",
                    c.name,
                    fmt_money(spent, unit),
                    fmt_money(budget, unit),
                    fmt_money(spent - budget, unit)
                );
                let b = Breach::new(Family::Budget, sentence).country(&c.id);
                if !out.push(b.amounts(spent, budget)) {
                    return;
                }
            }
        }
    }

    fn binding(&self, s: &Scenario, plan: &Plan, scope: Scope, out: &mut Vec<Binding>) {
        let Scope::Country(i) = scope else { return };
        let c = &s.countries[i];
        let Some(b) = c.budget else { return };
        let paid = plan.money_paid(i);
        if paid >= b - TIGHT && paid > 0.0 {
            let detail = format!(
                "{} spends all its budget ({} of {})",
                subject(&c.name),
                fmt_num(paid),
                fmt_num(b)
            );
            out.push(Binding::of(Family::Budget, &c.id, detail));
        }
    }

    fn target(&self, s: &Scenario, limit: Limit, slack: f64) -> f64 {
        let Limit::Budget(i) = limit else {
            unreachable!("dispatched by family")
        };
        needed_money(s, s.countries[i].budget.unwrap_or(0.0) + slack)
    }

    fn describe(&self, s: &Scenario, limit: Limit, to: f64) -> Change {
        let Limit::Budget(i) = limit else {
            unreachable!("dispatched by family")
        };
        let c = &s.countries[i];
        let from = c.budget.unwrap_or(0.0);
        let unit = crate::milp::money_unit(s);
        let sentence = format!(
            "{} budget must rise from {} to {}",
            possessive(&c.name),
            fmt_money(from, unit),
            fmt_money(to, unit)
        );
        country_change(Family::Budget, &c.id, from, to, sentence)
    }

    fn apply(&self, s: &mut Scenario, c: &Change, i: Option<usize>, _: Option<usize>) {
        if let Some(i) = i {
            s.countries[i].budget = Some(c.to.unwrap_or(0.0));
        }
    }
}
