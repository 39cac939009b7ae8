//! Plans across election calendars: which country leads each task in each
//! period, when governments may change at each election.
//!
//! A horizon file (`*.horizon.toml`, read by [`read`]) names a scenario and
//! changes it: periods with their own changes, per country a few government
//! states (each a set of changes and tasks it steps back from), an election
//! calendar with the chances of moving between states at each election, the
//! cost of handing a lead over, a minimum tenure, and a price for
//! institutionalising a task. [`tree`] turns that into a scenario tree (one
//! node per period and history of states), [`plan`] solves it under perfect,
//! myopic or stochastic foresight and certifies every node's plan, and
//! [`render`] writes the result.

pub mod plan;
pub mod read;
pub mod render;
pub mod tree;

use std::path::PathBuf;

use crate::scenario::Scenario;
use crate::sweep::param::Target;

pub use plan::{run, run_with_first, FirstPeriod, Foresight, Goal, HorizonOptions, HorizonReport};

/// A validated horizon file.
#[derive(Clone, Debug)]
pub struct Horizon {
    /// The horizon file.
    pub file: PathBuf,
    /// The scenario file it names.
    pub scenario_file: PathBuf,
    /// The scenario.
    pub base: Scenario,
    /// Periods, in time order.
    pub periods: Vec<Period>,
    /// Countries with government states, in file order.
    pub calendars: Vec<Calendar>,
    /// Per task of the scenario: its horizon terms.
    pub tasks: Vec<TaskTerms>,
    /// Periods a lead is held once taken (1: no minimum).
    pub min_tenure: usize,
    /// Most handovers in one period of one branch.
    pub max_handovers: Option<usize>,
    /// Most nodes the tree may have.
    pub max_nodes: usize,
    /// SHA-256 of the horizon file's bytes and the scenario's.
    pub hash: String,
}

/// One period.
#[derive(Clone, Debug)]
pub struct Period {
    /// Its name (`2026-27`).
    pub name: String,
    /// First year.
    pub from: i32,
    /// Last year.
    pub to: i32,
    /// Its weight in the objective (years, discounted, unless given).
    pub weight: f64,
    /// Changes to the scenario in this period.
    pub changes: Vec<Change>,
}

/// How a change sets a number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    /// To this value.
    Set(f64),
    /// Times this factor.
    Multiply(f64),
    /// Plus this amount.
    Add(f64),
}

/// A change to scenario numbers: every target of a path pattern.
#[derive(Clone, Debug)]
pub struct Change {
    /// The path as written (`country.KR.capacity`).
    pub path: String,
    /// The numbers it changes.
    pub targets: Vec<Target>,
    /// How.
    pub op: Op,
}

/// One government state of a country.
#[derive(Clone, Debug)]
pub struct State {
    /// Its name (`continuity`, `turnover`).
    pub name: String,
    /// What it says, for reports.
    pub note: String,
    /// Its changes to the scenario.
    pub changes: Vec<Change>,
    /// Tasks (indices) the country does not lead in this state.
    pub steps_back: Vec<usize>,
}

/// A country's government states and election calendar.
#[derive(Clone, Debug)]
pub struct Calendar {
    /// The country's index in the scenario.
    pub country: usize,
    /// Its states.
    pub states: Vec<State>,
    /// The state in the first period.
    pub initial: usize,
    /// Election years, ascending.
    pub elections: Vec<i32>,
    /// Election dates as written.
    pub election_labels: Vec<String>,
    /// Chance per year of an early election between scheduled ones.
    pub hazard: f64,
    /// At each election, `transition[a][b]`: the chance of moving from state a to b.
    pub transition: Vec<Vec<f64>>,
}

/// A task's horizon terms.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskTerms {
    /// Objective cost of one lead handed over.
    pub handover_cost: f64,
    /// Price of institutionalising it (none: not offered).
    pub institutionalise: Option<f64>,
    /// First year it is active, if bounded.
    pub active_from: Option<i32>,
    /// Last year it is active, if bounded.
    pub active_until: Option<i32>,
}

impl TaskTerms {
    /// Whether the task is active in `period`.
    pub fn active_in(&self, period: &Period) -> bool {
        self.active_from.is_none_or(|y| y <= period.to)
            && self.active_until.is_none_or(|y| y >= period.from)
    }
}

impl Calendar {
    /// The chance of moving between states from the start of period `p` to the
    /// start of period `q` (the elections held in the years between, and at
    /// most one early election).
    pub fn step(&self, from_year: i32, to_year: i32) -> Vec<Vec<f64>> {
        let k = self
            .elections
            .iter()
            .filter(|&&y| y >= from_year && y < to_year)
            .count();
        let years = (to_year - from_year).max(0);
        let early = 1.0 - (1.0 - self.hazard).powi(years);
        let n = self.states.len();
        let identity: Vec<Vec<f64>> = (0..n)
            .map(|a| (0..n).map(|b| if a == b { 1.0 } else { 0.0 }).collect())
            .collect();
        let mut scheduled = identity;
        for _ in 0..k {
            scheduled = multiply(&scheduled, &self.transition);
        }
        if early <= 0.0 {
            return scheduled;
        }
        let one_more = multiply(&scheduled, &self.transition);
        (0..n)
            .map(|a| {
                (0..n)
                    .map(|b| (1.0 - early) * scheduled[a][b] + early * one_more[a][b])
                    .collect()
            })
            .collect()
    }
}

fn multiply(a: &[Vec<f64>], b: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n = a.len();
    (0..n)
        .map(|i| {
            (0..n)
                .map(|j| (0..n).map(|k| a[i][k] * b[k][j]).sum())
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calendar(elections: Vec<i32>, hazard: f64) -> Calendar {
        Calendar {
            country: 0,
            states: vec![
                State {
                    name: "a".into(),
                    note: String::new(),
                    changes: vec![],
                    steps_back: vec![],
                },
                State {
                    name: "b".into(),
                    note: String::new(),
                    changes: vec![],
                    steps_back: vec![],
                },
            ],
            initial: 0,
            election_labels: elections.iter().map(|y| y.to_string()).collect(),
            elections,
            hazard,
            transition: vec![vec![0.6, 0.4], vec![0.3, 0.7]],
        }
    }

    #[test]
    fn a_step_without_elections_keeps_the_state() {
        let c = calendar(vec![2028], 0.0);
        assert_eq!(c.step(2026, 2028), vec![vec![1.0, 0.0], vec![0.0, 1.0]]);
        // the 2028 election counts from 2028 to 2030
        assert_eq!(c.step(2028, 2030), c.transition);
    }

    #[test]
    fn two_elections_compose_and_rows_sum_to_one() {
        let c = calendar(vec![2027, 2029], 0.1);
        let t = c.step(2026, 2030);
        // scheduled twice: [0.6*0.6+0.4*0.3, ...] = [0.48, 0.52]
        let two = 0.6 * 0.6 + 0.4 * 0.3;
        let three = two * 0.6 + (1.0 - two) * 0.3;
        let early = 1.0 - 0.9f64.powi(4);
        assert!((t[0][0] - ((1.0 - early) * two + early * three)).abs() < 1e-12);
        for row in &t {
            assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
    }
}
