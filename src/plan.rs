//! A plan in domain terms: who leads what, who pays what, and what it scores.
//!
//! No solver type leaks out of here. The objective and its terms are recomputed
//! from the plan itself (not read back from the solver), so every solver reports
//! the same numbers for the same plan and tests can check them independently.

use serde::Serialize;

use crate::options::SolverKind;
use crate::scenario::Scenario;

/// Whether the plan is proven optimal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PlanStatus {
    /// Proven optimal.
    Optimal,
    /// The time limit stopped the search: the best plan found, not proven optimal.
    TimeLimit,
}

impl PlanStatus {
    /// Its name in outputs.
    pub fn name(self) -> &'static str {
        match self {
            PlanStatus::Optimal => "optimal",
            PlanStatus::TimeLimit => "time_limit",
        }
    }
}

/// The objective's terms, unweighted, and the weighted total.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Terms {
    /// Sum over tasks of importance times the mean fit of its leads.
    pub fit: f64,
    /// Sum over tasks of the mean cost of its leads.
    pub cost: f64,
    /// Sum over leads of importance times sensitivity above tolerance.
    pub sensitivity: f64,
    /// Sum over countries of |money paid - fair share of the total|.
    pub fairness: f64,
}

/// A lead plan for a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Proven optimal or not.
    pub status: PlanStatus,
    /// Weighted objective (higher is better).
    pub objective: f64,
    /// Best proven bound on the objective (equal to it when optimal).
    pub bound: f64,
    /// The solver that produced it.
    pub solver: SolverKind,
    /// Seconds spent in the solver.
    pub seconds: f64,
    /// Per task: indices of its lead countries, ascending.
    pub leads: Vec<Vec<usize>>,
    /// Per task, per country: money paid towards the task.
    pub money: Vec<Vec<f64>>,
    /// Unweighted objective terms.
    pub terms: Terms,
}

impl Plan {
    /// Builds a plan from lead sets and payments, computing terms and objective.
    /// `money = None` splits each task's cost equally among its leads.
    pub fn from_parts(
        s: &Scenario,
        leads: Vec<Vec<usize>>,
        money: Option<Vec<Vec<f64>>>,
        status: PlanStatus,
        solver: SolverKind,
        seconds: f64,
    ) -> Plan {
        let money = money.unwrap_or_else(|| equal_split(s, &leads));
        let terms = evaluate(s, &leads, &money);
        let objective = weighted(s, &terms);
        Plan {
            status,
            objective,
            bound: objective,
            solver,
            seconds,
            leads,
            money,
            terms,
        }
    }

    /// Whether country `i` leads task `t`.
    pub fn leads_task(&self, i: usize, t: usize) -> bool {
        self.leads[t].contains(&i)
    }

    /// Realised cost of task `t` (mean of its leads' costs).
    pub fn task_cost(&self, s: &Scenario, t: usize) -> f64 {
        task_cost(s, &self.leads, t)
    }

    /// Share of task `t`'s cost paid by country `i`, in [0, 1].
    pub fn share(&self, s: &Scenario, i: usize, t: usize) -> f64 {
        let c = self.task_cost(s, t);
        if c > 1e-12 {
            (self.money[t][i] / c).clamp(0.0, 1.0)
        } else if self.leads_task(i, t) {
            1.0 / self.leads[t].len() as f64
        } else {
            0.0
        }
    }

    /// Shares of task `t` by country id (in country order), for countries with a non-zero share.
    pub fn shares_by_id(&self, s: &Scenario, t: usize) -> Vec<(String, f64)> {
        (0..s.countries.len())
            .map(|i| (i, self.share(s, i, t)))
            .filter(|(_, v)| *v > 1e-9)
            .map(|(i, v)| (s.countries[i].id.clone(), v))
            .collect()
    }

    /// Effort country `i` spends on the tasks it leads.
    pub fn effort_used(&self, s: &Scenario, i: usize) -> f64 {
        (0..s.tasks.len())
            .filter(|t| self.leads_task(i, *t))
            .map(|t| s.tasks[t].effort[i])
            .sum()
    }

    /// Money country `i` pays in total.
    pub fn money_paid(&self, i: usize) -> f64 {
        self.money.iter().map(|row| row[i]).sum()
    }

    /// Number of tasks country `i` leads.
    pub fn lead_count(&self, i: usize) -> usize {
        self.leads.iter().filter(|l| l.contains(&i)).count()
    }
}

fn task_cost(s: &Scenario, leads: &[Vec<usize>], t: usize) -> f64 {
    let task = &s.tasks[t];
    leads[t].iter().map(|&i| task.cost[i]).sum::<f64>() / task.leads as f64
}

fn equal_split(s: &Scenario, leads: &[Vec<usize>]) -> Vec<Vec<f64>> {
    (0..s.tasks.len())
        .map(|t| {
            let c = task_cost(s, leads, t);
            let mut row = vec![0.0; s.countries.len()];
            for &i in &leads[t] {
                row[i] = c / leads[t].len() as f64;
            }
            row
        })
        .collect()
}

/// The unweighted objective terms of a plan.
pub fn evaluate(s: &Scenario, leads: &[Vec<usize>], money: &[Vec<f64>]) -> Terms {
    let mut terms = Terms {
        fit: 0.0,
        cost: 0.0,
        sensitivity: 0.0,
        fairness: 0.0,
    };
    let mut total = 0.0;
    for (t, task) in s.tasks.iter().enumerate() {
        let l = task.leads as f64;
        for &i in &leads[t] {
            terms.fit += task.importance * task.fit[i] / l;
            terms.sensitivity += task.importance * s.sensitivity_excess(i, t);
        }
        let c = task_cost(s, leads, t);
        terms.cost += c;
        total += c;
    }
    for (i, f) in s.fair_shares().iter().enumerate() {
        let paid: f64 = money.iter().map(|row| row[i]).sum();
        terms.fairness += (paid - f * total).abs();
    }
    terms
}

/// The weighted objective from its terms.
pub fn weighted(s: &Scenario, t: &Terms) -> f64 {
    let w = s.policy.weights;
    w.fit * t.fit - w.cost * t.cost - w.sensitivity * t.sensitivity - w.fairness * t.fairness
}
