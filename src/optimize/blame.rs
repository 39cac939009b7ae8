//! Which constraint families an infeasible scenario's failure is down to,
//! certified cheaply enough for every failed run of a sweep.
//!
//! The full diagnosis ([`super::diagnose`]) solves an elastic model and
//! re-solves its proposals: seconds per scenario, too slow for thousands of
//! failed runs. Here each family of limits (every capacity, every budget, the
//! lead counts, ...) is lifted in turn, all of its constraints at once, and the
//! scenario re-solved as usual: a family is blamed when lifting it alone yields
//! a plan, which is a certificate ("with no capacity limits there is a plan").
//! When no single family does, the run records `several`. Families the
//! scenario does not use are not tried, and a family whose lifted scenario the
//! combinatorial certificate ([`super::precheck`]) still proves infeasible is
//! ruled out without an LP. With `--solver auto` (a sweep's default) the
//! question "does the lifted scenario have a plan" is settled exactly by the
//! certificate's search with the payments LP at its leaves
//! ([`super::feasible`]), no MILP; the MILP answers only where that search
//! gives up, and with an explicit `--solver` as before.

use super::feasible::{has_plan, Exists};
use super::precheck_proof::Cut;
use super::{lead_variable_count, solve_restricted, Attempt, Proof};
use crate::error::Error;
use crate::model::Restrictions;
use crate::options::{SolveOptions, SolverChoice};
use crate::rules::{rule, Family};
use crate::scenario::Scenario;

/// Recorded when no single family, lifted alone, yields a plan.
pub const SEVERAL: &str = "several";

/// The families ([`Family::blamed`], by name) whose lifting alone gives `s`
/// a plan, joined with `+`; [`SEVERAL`] when none does.
pub fn blame(s: &Scenario, opts: &SolveOptions) -> Result<String, Error> {
    blame_after(s, opts, None)
}

/// As [`blame`], given the certificate's proof that `s` has no plan, when it
/// has one: a family the proof does not lean on is ruled out with no search
/// ([`Proof::may_undo`]).
pub(crate) fn blame_after(
    s: &Scenario,
    opts: &SolveOptions,
    proof: Option<&Proof>,
) -> Result<String, Error> {
    let mut found = Vec::new();
    for family in Family::blamed() {
        if proof.is_some_and(|p| !p.may_undo(family)) {
            continue;
        }
        let Some(lifted) = rule(family).lift(s) else {
            continue;
        };
        let reopened = proof.and_then(|p| p.reopened(family));
        if lifted_has_plan(&lifted, opts, reopened.as_deref())? {
            found.push(family.name());
        }
    }
    Ok(if found.is_empty() {
        SEVERAL.to_string()
    } else {
        found.join("+")
    })
}

/// Whether a lifted scenario has a plan: by the exact search under `auto`,
/// else (or where it gives up) by the MILP after the combinatorial certificate.
/// `reopened`: the points below which alone the lifted search can find a plan
/// (from the proof that `s` has none).
fn lifted_has_plan(
    lifted: &Scenario,
    opts: &SolveOptions,
    reopened: Option<&[&Cut]>,
) -> Result<bool, Error> {
    if opts.solver == SolverChoice::Auto {
        match has_plan(lifted, opts.pick(lead_variable_count(lifted))?, reopened) {
            Exists::Yes => return Ok(true),
            Exists::No => return Ok(false),
            Exists::Unknown => {}
        }
    }
    // The combinatorial certificate rules most families out without an LP.
    if super::proves_infeasible(lifted) {
        return Ok(false);
    }
    Ok(matches!(
        solve_restricted(lifted, &Restrictions::default(), opts)?,
        Attempt::Planned(_)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optimize::patterns_tests::{auto, random_scenario};

    /// The MILP's options: blame by a MILP per lifted family, as before.
    fn milp() -> SolveOptions {
        SolveOptions {
            solver: SolverChoice::Microlp,
            time_limit: None,
        }
    }

    /// Blame through the exact feasibility search (`auto`) names the same
    /// families as blame through the MILP, on random infeasible scenarios with
    /// every family (capacities or budgets cut to make many of them
    /// infeasible); and so does blame after the certificate's proof, as a
    /// sweep run blames (families the proof rules out, reopened points).
    #[test]
    fn blame_by_the_feasibility_search_equals_blame_by_the_milp() {
        let (mut compared, mut proved, mut named) = (0, 0, std::collections::BTreeSet::new());
        for seed in 0..160 {
            let mut s = random_scenario(seed);
            for c in &mut s.countries {
                if seed % 2 == 0 {
                    c.capacity = (c.capacity * 0.5).floor();
                } else {
                    c.budget = c.budget.map(|b| (b * 0.3).floor()); // money decides
                }
            }
            let none = Restrictions::default();
            if !matches!(
                solve_restricted(&s, &none, &milp()),
                Ok(Attempt::Infeasible)
            ) {
                continue;
            }
            let by_milp = blame(&s, &milp()).expect("the MILP runs");
            assert_eq!(blame(&s, &auto()).unwrap(), by_milp, "seed {seed}");
            // As a sweep run blames: after the certificate's proof, whose
            // reopened points alone are searched for a lifted family.
            let proof = super::super::precheck::infeasibility_proof(&s);
            proved += usize::from(proof.is_some());
            let after = blame_after(&s, &auto(), proof.as_ref()).unwrap();
            assert_eq!(after, by_milp, "seed {seed}, after the proof");
            named.insert(by_milp);
            compared += 1;
        }
        assert!(compared > 40, "{compared} infeasible scenarios");
        assert!(proved > 30, "{proved} proven by the certificate");
        assert!(named.len() > 3, "only {named:?}");
    }
}
