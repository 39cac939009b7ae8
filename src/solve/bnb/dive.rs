//! A first plan from the root LP, for a cutoff from the search's first node:
//! an LP dive. From the LP point after the cut rounds, the integer column
//! with the largest fractional part is fixed up (its value rounded up) and the
//! LP solved again from its basis; when that LP has no solution, the column
//! is fixed down instead; the dive ends at an integral point (a plan: the
//! search completes the money columns by LP and keeps it only if every row
//! holds) or when both fixings fail. On models with binding budgets the
//! greedy plan ([`super::greedy`]) often breaks a budget, and the search then
//! runs without a cutoff until a dive of its own lands; this one starts it
//! with one.

use std::time::Instant;

use leadplan_lp::{Solution, SolveOutcome, Variable};

use super::mip::Mip;

/// The integer columns' values at the end of a dive from `sol`, or `None`.
pub(super) fn dive(
    mip: &Mip,
    mut sol: Solution,
    vars: &[Variable],
    deadline: Option<Instant>,
) -> Option<Vec<(usize, f64)>> {
    let ints: Vec<usize> = (0..mip.n()).filter(|&j| mip.int[j]).collect();
    for _ in 0..=ints.len() {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return None;
        }
        let frac = |j: &usize| {
            let v = sol.var_value_raw(vars[*j]);
            v - v.floor()
        };
        let next = ints
            .iter()
            .filter(|j| (1e-6..=1.0 - 1e-6).contains(&frac(j)))
            .max_by(|a, b| frac(a).total_cmp(&frac(b)).then(b.cmp(a)));
        let Some(&j) = next else {
            return Some(
                ints.iter()
                    .map(|&j| (j, sol.var_value_raw(vars[j]).round()))
                    .collect(),
            );
        };
        let v = sol.var_value_raw(vars[j]);
        let down = sol.clone();
        sol = match sol.fix_var(vars[j], v.ceil()) {
            Ok(SolveOutcome::Solution(s)) => s,
            Ok(SolveOutcome::Interrupted(_)) => return None,
            Err(_) => match down.fix_var(vars[j], v.floor()) {
                Ok(SolveOutcome::Solution(s)) => s,
                _ => return None,
            },
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::cuts::add_root_cuts;
    use super::super::tight::tight_scenario;
    use super::*;
    use crate::model::{build, Restrictions};

    /// Where the dive lands, its leads with the money columns completed by LP
    /// are a plan (the LP is feasible) no better than the optimum; it lands on
    /// most feasible tight scenarios.
    #[test]
    fn a_landed_dive_is_a_plan_no_better_than_the_optimum() {
        let (mut feasible, mut landed) = (0, 0);
        for seed in 300..360 {
            let s = tight_scenario(seed);
            let mip = || Mip::from_model(build(&s, &Restrictions::default()));
            let Ok(SolveOutcome::Solution(opt)) = mip().problem().0.solve() else {
                continue;
            };
            feasible += 1;
            let mut m = mip();
            m.sparsify();
            let Some((lp, vars)) = add_root_cuts(&mut m, None).last.take() else {
                continue;
            };
            let Some(plan) = dive(&m, lp, &vars, None) else {
                continue;
            };
            landed += 1;
            let mut fixed = mip();
            for (j, v) in plan {
                assert_eq!(v, v.round(), "seed {seed}");
                fixed.lo[j] = v;
                fixed.hi[j] = v;
            }
            match fixed.relaxation().0.solve() {
                Ok(SolveOutcome::Solution(p)) => assert!(
                    p.objective() <= opt.objective() + 1e-6 * (1.0 + opt.objective().abs()),
                    "seed {seed}: {} beats the optimum {}",
                    p.objective(),
                    opt.objective()
                ),
                _ => panic!("seed {seed}: the dive's leads are no plan"),
            }
        }
        assert!(
            feasible >= 20 && 2 * landed >= feasible,
            "landed on {landed} of {feasible}"
        );
    }
}
