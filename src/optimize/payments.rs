//! Who pays what once the leads are fixed: a small LP, no MILP.
//!
//! With every lead fixed, what is left of the model (`docs/src/model.md`,
//! constraint 5 and the fairness term) is a transportation-like LP over the
//! payments of co-led tasks: each led task's realised cost covered, each lead
//! carrying its minimum share, budgets held, and the fairness deviation
//! minimised. [`payments`] builds it from plain arrays and hands it to microlp
//! as an LP: no binaries, no good_lp expressions, no branch and bound. Money is
//! modelled in [`money_unit`]s as in the full model, and read back the same way.

use leadplan_lp::{ComparisonOp, OptimizationDirection, Problem, Variable};

use crate::milp::{in_units, money_unit};
use crate::scenario::{Funding, Scenario};

/// Per task and country, what the country pays (money, not model units).
pub(crate) type Money = Vec<Vec<f64>>;

/// The solver failed on the payments LP (the caller falls back to the MILP).
#[derive(Debug)]
pub(crate) struct LpFailed;

/// What each country pays for `leads` (per task, its lead countries), the
/// fairness deviation least where the model has a fairness term: `Ok(None)`
/// when no split of the costs meets the minimum shares and budgets.
pub(crate) fn payments(s: &Scenario, leads: &[Vec<usize>]) -> Result<Option<Money>, LpFailed> {
    let lp = PaymentLp::new(s, leads);
    let Some(lp) = lp else {
        return Ok(None);
    };
    lp.solve(s)
}

struct PaymentLp {
    problem: Problem,
    unit: f64,
    /// Per task and country: the payment's variable, if it is one.
    vars: Vec<Vec<Option<Variable>>>,
    /// Per task and country: a sole lead's fixed payment (model units).
    fixed: Vec<Vec<f64>>,
    has_vars: bool,
}

impl PaymentLp {
    /// The LP, or `None` when fixed payments alone already break a budget.
    fn new(s: &Scenario, leads: &[Vec<usize>]) -> Option<Self> {
        let n = s.countries.len();
        let unit = money_unit(s);
        let mut lp = PaymentLp {
            problem: Problem::new(OptimizationDirection::Minimize),
            unit,
            vars: vec![vec![None; n]; s.tasks.len()],
            fixed: vec![vec![0.0; n]; s.tasks.len()],
            has_vars: false,
        };
        let mut total = 0.0;
        for t in 0..s.tasks.len() {
            total += lp.define_task(s, leads, t);
        }
        lp.define_budgets(s)?;
        if s.policy.weights.fairness > 0.0 && n > 1 {
            lp.define_fairness(s, total);
        }
        Some(lp)
    }

    /// Task t's payments; returns its realised cost (model units).
    fn define_task(&mut self, s: &Scenario, leads: &[Vec<usize>], t: usize) -> f64 {
        let task = &s.tasks[t];
        let l = task.leads as f64;
        let cost: f64 = leads[t]
            .iter()
            .map(|&i| in_units(task.cost[i] / l, self.unit))
            .sum();
        if leads[t].is_empty() {
            return cost; // an optional task left out: nothing to pay
        }
        let all = s.policy.funding == Funding::All;
        if !all && task.leads == 1 {
            let i = leads[t][0];
            self.fixed[t][i] = in_units(task.cost[i], self.unit);
            return cost;
        }
        let payers: Vec<usize> = if all {
            (0..s.countries.len()).collect()
        } else {
            leads[t].clone()
        };
        let mut row = Vec::with_capacity(payers.len());
        for i in payers {
            let least = if leads[t].contains(&i) {
                s.policy.min_share * cost
            } else {
                0.0
            };
            let v = self.problem.add_var(0.0, (least, f64::INFINITY));
            self.vars[t][i] = Some(v);
            row.push((v, 1.0));
        }
        self.problem
            .add_constraint(&row[..], ComparisonOp::Eq, cost);
        self.has_vars = true;
        cost
    }

    /// `Σ_t pay_ti ≤ B_i`; `None` when fixed payments alone exceed a budget.
    fn define_budgets(&mut self, s: &Scenario) -> Option<()> {
        for (i, c) in s.countries.iter().enumerate() {
            let Some(budget) = c.budget else { continue };
            let left = in_units(budget, self.unit) - self.fixed_of(i);
            let row = self.vars_of(i);
            if row.is_empty() {
                if left < -1e-9 * in_units(budget, self.unit).abs().max(1.0) {
                    return None;
                }
                continue;
            }
            self.problem
                .add_constraint(&row[..], ComparisonOp::Le, left);
        }
        Some(())
    }

    /// `d_i ≥ |spent_i − f_i · total|`, `Σ_i d_i` minimised.
    fn define_fairness(&mut self, s: &Scenario, total: f64) {
        for (i, f) in s.fair_shares().iter().enumerate() {
            let d = self.problem.add_var(1.0, (0.0, f64::INFINITY));
            let target = f * total - self.fixed_of(i);
            let mut above = vec![(d, 1.0)];
            let mut below = vec![(d, 1.0)];
            for (v, _) in self.vars_of(i) {
                above.push((v, -1.0));
                below.push((v, 1.0));
            }
            // d - spent >= -target and d + spent >= target
            self.problem
                .add_constraint(&above[..], ComparisonOp::Ge, -target);
            self.problem
                .add_constraint(&below[..], ComparisonOp::Ge, target);
            self.has_vars = true;
        }
    }

    fn fixed_of(&self, i: usize) -> f64 {
        self.fixed.iter().map(|row| row[i]).sum()
    }

    fn vars_of(&self, i: usize) -> Vec<(Variable, f64)> {
        self.vars
            .iter()
            .filter_map(|row| row[i])
            .map(|v| (v, 1.0))
            .collect()
    }

    fn solve(self, s: &Scenario) -> Result<Option<Money>, LpFailed> {
        let values: Option<Vec<Vec<f64>>> = if self.has_vars {
            match self.problem.solve() {
                Ok(leadplan_lp::SolveOutcome::Solution(sol)) => Some(
                    self.vars
                        .iter()
                        .map(|row| row.iter().map(|v| v.map_or(0.0, |v| sol[v])).collect())
                        .collect(),
                ),
                Err(leadplan_lp::Error::Infeasible) => return Ok(None),
                _ => return Err(LpFailed),
            }
        } else {
            None
        };
        let unit = self.unit;
        let money = (0..s.tasks.len())
            .map(|t| {
                (0..s.countries.len())
                    .map(|i| match (self.vars[t][i], &values) {
                        (Some(_), Some(v)) => v[t][i].max(0.0) * unit,
                        _ => self.fixed[t][i] * unit,
                    })
                    .collect()
            })
            .collect();
        Ok(Some(money))
    }
}
