//! A branch and bound for models of generalised-assignment shape, on the
//! Lagrangian bound instead of the LP relaxation.
//!
//! OR-Library's gap7 to gap12 defeat an LP-based search without cuts: the LP
//! bound of these tight multi-knapsack models stays a few units above the
//! optimum through thousands of nodes. Relaxing the assignment rows instead
//! leaves one 0-1 knapsack per knapsack row, solved exactly by dynamic
//! programming, and that bound is at least as strong as the LP's and usually
//! stronger (it has the integrality property the LP lacks). `bnb` uses this
//! search when [`Gap::of`] recognises the shape and falls back to the LP
//! search otherwise. It is exact: a node is pruned only when its bound,
//! valid for every `u`, cannot beat the incumbent by a whole objective step
//! (less a float allowance far below one step), and the plan is checked
//! against every row of the model before it is reported.

mod bound;
mod heur;
mod knap;
mod search;
mod shape;

use std::time::Instant;

use super::mip::Mip;
use super::search::Found;
use crate::error::Error;
use crate::solve::Termination;
pub(crate) use shape::Gap;

/// Solves `mip` when it is of GAP shape; `None` when it is not.
pub(super) fn solve(mip: &Mip, deadline: Option<Instant>) -> Option<Result<Found, Error>> {
    let gap = Gap::of(mip)?;
    // A pin on a banned lead: a column whose bounds leave no value.
    let empty_column = (0..gap.n()).any(|j| gap.lo[j] && !gap.hi[j]);
    if empty_column || !mip.constant_rows_hold() {
        return Some(Ok(Found::none(Termination::Infeasible, None)));
    }
    let out = search::Search::new(&gap, mip.objective_step(), deadline).run();
    let bound = out.open_bound.map(|b| b + mip.obj_const);
    let Some((value, x)) = out.best else {
        let t = if bound.is_some() {
            Termination::NoIncumbent
        } else {
            Termination::Infeasible
        };
        return Some(Ok(Found::none(t, bound)));
    };
    let values: Vec<f64> = x.iter().map(|&b| if b { 1.0 } else { 0.0 }).collect();
    if !mip.feasible(&values) {
        return Some(Err(Error::Solver(
            "bnb: the Lagrangian search returned a plan that breaks a row of the model".into(),
        )));
    }
    let termination = match bound {
        None => Termination::Optimal,
        Some(_) => Termination::TimeLimit,
    };
    let bound = bound.map(|b| b.max(value + mip.obj_const));
    Some(Ok(Found {
        termination,
        values,
        bound,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{build, Restrictions};
    use crate::scenario::Scenario;

    fn mip_of(toml: &str) -> Mip {
        let s = Scenario::from_toml_str(toml, "t.toml").unwrap();
        Mip::from_model(build(&s, &Restrictions::default()))
    }

    const TWO_BY_THREE: &str = r#"
[policy]
weights = { fit = 1, cost = 0, sensitivity = 0, fairness = 0 }
[[country]]
id = "A"
capacity = 3
[[country]]
id = "B"
capacity = 2.5
[[task]]
id = "t0"
domain = "d"
effort = { A = 1, B = 1.5 }
fit = { A = 0.9, B = 0.4 }
[[task]]
id = "t1"
domain = "d"
leads = 2
effort = 1
fit = { A = 0.8, B = 0.7 }
[[task]]
id = "t2"
domain = "d"
effort = 2
fit = { A = 0.6, B = 0.5 }
"#;

    /// A fit-only scenario (co-leads, efforts in halves) is of GAP shape:
    /// three assignment rows, two capacity rows in half units, one group for
    /// columns in no capacity row.
    #[test]
    fn a_fit_only_scenario_is_of_gap_shape() {
        let gap = Gap::of(&mip_of(TWO_BY_THREE)).expect("GAP shape");
        assert_eq!(gap.tasks.len(), 3);
        assert_eq!(gap.tasks[1].1, 2);
        let caps: Vec<i64> = gap.agents.iter().map(|a| a.1).collect();
        assert_eq!(caps, vec![30, 25, 0]);
    }

    /// A budget row over money columns, or a domain limit over several
    /// countries, is not of that shape: the LP search runs instead.
    #[test]
    fn budgets_and_domain_limits_are_not_of_gap_shape() {
        let domain = TWO_BY_THREE.replace("[policy]\n", "[policy]\nmax_leads_per_domain = 2\n");
        assert!(Gap::of(&mip_of(&domain)).is_none());
        let money = TWO_BY_THREE
            .replace("fairness = 0", "fairness = 1")
            .replace("cost = 0", "cost = 1")
            .replace("capacity = 3\n", "capacity = 3\nbudget = 10\n")
            .replace("effort = 2\n", "effort = 2\ncost = 4\n");
        assert!(Gap::of(&mip_of(&money)).is_none());
    }

    /// The search proves the optimum that enumerating every 0-1 vector finds.
    #[test]
    fn the_search_matches_brute_force_on_a_small_scenario() {
        let mip = mip_of(TWO_BY_THREE);
        let found = solve(&mip, None).unwrap().unwrap();
        assert_eq!(found.termination, Termination::Optimal);
        assert!((mip.value(&found.values) - brute(&mip)).abs() < 1e-9);
    }

    /// A stop before the first node still gives a finite bound no lower
    /// than the optimum, and any plan it has meets every row.
    #[test]
    fn a_stop_at_once_gives_a_valid_finite_bound() {
        let mip = mip_of(TWO_BY_THREE);
        let found = solve(&mip, Some(Instant::now())).unwrap().unwrap();
        let best = brute(&mip);
        match found.termination {
            Termination::Optimal => assert!((mip.value(&found.values) - best).abs() < 1e-9),
            _ => {
                let b = found.bound.expect("a bound");
                assert!(b.is_finite() && b >= best - 1e-9, "{b} < {best}");
            }
        }
        assert!(found.values.is_empty() || mip.feasible(&found.values));
    }

    /// Regression (Lagrangian search): a pin on a lead the
    /// sensitivity rule bans leaves a column with bounds [1, 0] (found by
    /// tests/it/bnb.rs); the search must say infeasible, not return a plan that
    /// breaks the pin.
    #[test]
    fn a_pin_on_a_banned_lead_is_infeasible() {
        let mut mip = mip_of(TWO_BY_THREE);
        (mip.lo[0], mip.hi[0]) = (1.0, 0.0);
        assert!(Gap::of(&mip).is_some());
        let found = solve(&mip, None).unwrap().unwrap();
        assert_eq!(found.termination, Termination::Infeasible);
    }

    /// Regression (Lagrangian search; found by tests/it/bnb.rs): a
    /// pin (lower bound 1) on a column whose only knapsack row leaves it no
    /// room (a ban written as `x <= 0`, efforts of 0 dropping it from the
    /// capacity row) is infeasible before the first plan is built.
    #[test]
    fn a_pin_that_breaks_a_knapsack_row_is_infeasible() {
        let mut mip = mip_of(TWO_BY_THREE);
        mip.lo[0] = 1.0;
        let cap_row = mip
            .rows
            .iter_mut()
            .find(|r| !r.eq && r.cols.contains(&0))
            .unwrap();
        cap_row.rhs = 0.0;
        assert!(Gap::of(&mip).is_some());
        let found = solve(&mip, None).unwrap().unwrap();
        assert_eq!(found.termination, Termination::Infeasible);
    }

    /// Every 0-1 vector, for models of a few columns.
    fn brute(mip: &Mip) -> f64 {
        let n = mip.n();
        (0u32..1 << n)
            .map(|m| (0..n).map(|j| f64::from(m >> j & 1)).collect::<Vec<_>>())
            .filter(|x| mip.feasible(x))
            .map(|x| mip.value(&x))
            .fold(f64::NEG_INFINITY, f64::max)
    }
}
