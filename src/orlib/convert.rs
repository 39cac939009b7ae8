//! A GAP instance as an ordinary leadplan scenario.
//!
//! Agents become countries (capacity b_i, no budget), jobs become tasks (one
//! lead, per-country effort a_ij, no domain limits, sensitivity 0). A profit
//! instance puts c_ij into fit overrides and weighs fit only; a cost instance
//! puts c_ij into per-country costs and weighs cost only. The model leadplan
//! builds from such a scenario is then exactly the textbook GAP, with integer
//! objective coefficients on binaries, and leadplan's objective equals the
//! instance's total profit, or minus its total cost.

use std::collections::BTreeMap;

use super::{GapInstance, Sense};
use crate::scenario::{Country, Funding, Policy, Scenario, SensitivityRule, Task, Weights};

/// Country id of agent `i` (0-based): `A1`, `A2`, ...
pub(super) fn agent_id(i: usize) -> String {
    format!("A{}", i + 1)
}

/// Task id of job `j` (0-based): `J1`, `J2`, ...
pub(super) fn job_id(j: usize) -> String {
    format!("J{}", j + 1)
}

/// The instance as a scenario (see the module text for the mapping).
pub fn to_scenario(inst: &GapInstance) -> Scenario {
    let countries = (0..inst.agents()).map(|i| country(inst, i)).collect();
    let tasks = (0..inst.jobs()).map(|j| task(inst, j)).collect();
    let (fit, cost) = match inst.sense {
        Sense::Max => (1.0, 0.0),
        Sense::Min => (0.0, 1.0),
    };
    Scenario {
        name: format!(
            "{} (OR-Library GAP, {} instance {})",
            inst.name, inst.file, inst.index
        ),
        description: description(inst),
        sources: vec![format!(
            "OR-Library generalized assignment instances (J.E. Beasley): {}, instance {}",
            inst.file, inst.index
        )],
        dimensions: Vec::new(),
        money_unit: String::new(),
        effort_unit: String::new(),
        countries,
        tasks,
        policy: Policy {
            min_leads: 0,
            max_leads: None,
            max_per_domain: None,
            min_share: 0.0,
            funding: Funding::Leads,
            sensitivity_rule: SensitivityRule::Forbid,
            weights: Weights {
                fit,
                cost,
                sensitivity: 0.0,
                fairness: 0.0,
            },
            pins: Vec::new(),
        },
        font: None,
        weight: None,
    }
}

fn description(inst: &GapInstance) -> String {
    let (m, n) = (inst.agents(), inst.jobs());
    match inst.sense {
        Sense::Max => format!(
            "Generalized assignment, {m} agents (countries) x {n} jobs (tasks), maximise total profit: each task's fit for a country is the profit c[i][j], its effort the resource a[i][j]; the objective is the total profit."
        ),
        Sense::Min => format!(
            "Generalized assignment, {m} agents (countries) x {n} jobs (tasks), minimise total cost: each task's cost for a country is c[i][j], its effort the resource a[i][j]; the objective is minus the total cost."
        ),
    }
}

fn country(inst: &GapInstance, i: usize) -> Country {
    Country {
        id: agent_id(i),
        name: format!("agent {}", i + 1),
        capability: BTreeMap::new(),
        capacity: inst.capacity[i] as f64,
        budget: None,
        tolerance: 1.0,
        fair_share: None,
        min_leads: None,
        max_leads: None,
    }
}

fn task(inst: &GapInstance, j: usize) -> Task {
    let m = inst.agents();
    let column = |rows: &[Vec<u64>]| -> Vec<f64> { (0..m).map(|i| rows[i][j] as f64).collect() };
    let (fit, cost, overridden) = match inst.sense {
        Sense::Max => (column(&inst.value), vec![0.0; m], vec![true; m]),
        Sense::Min => (vec![0.0; m], column(&inst.value), vec![false; m]),
    };
    Task {
        id: job_id(j),
        name: format!("job {}", j + 1),
        domain: "general".into(),
        requirements: BTreeMap::new(),
        effort: column(&inst.resource),
        cost,
        sensitivity: 0.0,
        importance: 1.0,
        leads: 1,
        fit,
        fit_overridden: overridden,
        optional: false,
    }
}

/// The instance as scenario TOML that `leadplan solve` loads, with a header on
/// how its objective relates to the instance's.
pub fn scenario_toml(inst: &GapInstance) -> String {
    let relation = match inst.sense {
        Sense::Max => "leadplan's objective (fit) is the instance's total profit (maximised).",
        Sense::Min => {
            "leadplan's objective is minus the instance's total cost (cost is minimised)."
        }
    };
    let comment = format!(
        "OR-Library generalized assignment instance {} ({} instance {}), converted by `leadplan gap --to-scenario`.\nCountries A1..A{} are the agents, tasks J1..J{} the jobs; {relation}",
        inst.name,
        inst.file,
        inst.index,
        inst.agents(),
        inst.jobs()
    );
    crate::scenario::to_toml(&to_scenario(inst), &comment)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{build, Restrictions};

    fn tiny(sense: Sense) -> GapInstance {
        GapInstance {
            name: "t".into(),
            file: "t.txt".into(),
            index: 1,
            sense,
            value: vec![vec![3, 4, 5], vec![6, 7, 8]],
            resource: vec![vec![1, 2, 3], vec![4, 5, 6]],
            capacity: vec![4, 9],
        }
    }

    /// HiGHS proves optimality with an absolute gap of 0.999 only for integral
    /// objectives: the GAP models must be recognised as such.
    #[test]
    fn gap_models_have_an_integral_objective_and_no_money_variables() {
        for sense in [Sense::Max, Sense::Min] {
            let s = to_scenario(&tiny(sense));
            let m = build(&s, &Restrictions::default());
            assert!(m.integral_objective, "{sense:?}");
            assert!(m.money.is_none(), "{sense:?}");
            assert_eq!(m.n_cols, 6);
            // 3 assignment rows and 2 capacity rows (agent 2's total effort 15 exceeds 9).
            assert_eq!(m.constraints.len(), 5);
        }
    }

    #[test]
    fn the_toml_loads_back_to_the_same_scenario() {
        for sense in [Sense::Max, Sense::Min] {
            let inst = tiny(sense);
            let back = Scenario::from_toml_str(&scenario_toml(&inst), "t.toml").unwrap();
            assert_eq!(back, to_scenario(&inst));
        }
    }
}
