//! The LP search with sparsified rows and root cuts against microlp on the
//! scenarios where the cuts fire (tight budgets and capacities, co-leads with
//! minimum shares, fairness), alone and under the restrictions the explainer,
//! alternatives and best-effort mode add: random fixes, excluded plans, a
//! shortfall penalty. Status and optimum must agree, fixes must hold, and the
//! plan valued again with its leads fixed must give its objective.

use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::tight::tight_scenario;
use crate::model::Restrictions;
use crate::optimize::{evaluate_fixed, solve_restricted, Attempt, Evaluation};
use crate::options::{SolveOptions, SolverChoice};
use crate::scenario::Scenario;

fn with(solver: SolverChoice) -> SolveOptions {
    SolveOptions {
        solver,
        time_limit: None,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
}

/// Random restrictions: a few fixes (some contradicting the forbid rule), an
/// excluded plan, a shortfall penalty, each on or off by the seed.
fn random_restrictions(s: &Scenario, seed: u64) -> Restrictions {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let mut pick = |n: usize| (rng.next_u64() % n as u64) as usize;
    let (n, k) = (s.countries.len(), s.tasks.len());
    // one fix per column, as the explainer sets them
    let mut fixes: Vec<(usize, usize, bool)> = Vec::new();
    for _ in 0..pick(4) {
        let (i, t) = (pick(n), pick(k));
        if !fixes.iter().any(|f| (f.0, f.1) == (i, t)) {
            fixes.push((i, t, pick(2) == 0));
        }
    }
    let exclude = if pick(3) == 0 {
        vec![(0..k).map(|t| (pick(n), t)).collect()]
    } else {
        Vec::new()
    };
    Restrictions {
        fixes,
        exclude,
        shortfall_penalty: (pick(4) == 0).then_some(50.0),
        ..Default::default()
    }
}

/// Whether both solvers found a plan (`true`) or both found none (`false`);
/// panics when they disagree. The reference is microlp.
fn agree(s: &Scenario, r: &Restrictions, seed: u64) -> bool {
    agree_with(s, r, seed, SolverChoice::Microlp)
}

/// As [`agree`], against `reference`.
fn agree_with(s: &Scenario, r: &Restrictions, seed: u64, reference: SolverChoice) -> bool {
    let bnb = solve_restricted(s, r, &with(SolverChoice::Bnb)).expect("bnb runs");
    let milp = solve_restricted(s, r, &with(reference)).expect("the reference runs");
    match (&bnb, &milp) {
        (Attempt::Planned(p), Attempt::Planned(q)) => {
            assert!(
                close(p.objective, q.objective),
                "seed {seed}: bnb {} vs {reference:?} {}",
                p.objective,
                q.objective
            );
            for &(i, t, lead) in &r.fixes {
                assert_eq!(p.leads[t].contains(&i), lead, "seed {seed}: fix broken");
            }
            if r.exclude.is_empty() && r.shortfall_penalty.is_none() {
                match evaluate_fixed(s, &p.leads, &with(SolverChoice::Microlp)).expect("runs") {
                    Evaluation::Feasible(again) => assert!(
                        close(again.objective, p.objective),
                        "seed {seed}: valued again {} vs {}",
                        again.objective,
                        p.objective
                    ),
                    other => panic!("seed {seed}: the plan is no plan: {other:?}"),
                }
            }
            true
        }
        (Attempt::Infeasible, Attempt::Infeasible) => false,
        _ => panic!("seed {seed}: bnb {bnb:?} vs {reference:?} {milp:?}"),
    }
}

#[test]
fn bnb_agrees_with_microlp_on_tight_scenarios() {
    let (mut planned, mut infeasible) = (0, 0);
    for seed in 0..300 {
        if agree(&tight_scenario(seed), &Restrictions::default(), seed) {
            planned += 1;
        } else {
            infeasible += 1;
        }
    }
    assert!(planned >= 150, "{planned} planned, {infeasible} infeasible");
}

#[test]
fn bnb_agrees_with_microlp_under_fixes_exclusions_and_shortfall() {
    let (mut planned, mut infeasible) = (0, 0);
    for seed in 1000..1300 {
        let s = tight_scenario(seed);
        if agree(&s, &random_restrictions(&s, seed), seed) {
            planned += 1;
        } else {
            infeasible += 1;
        }
    }
    assert!(
        planned >= 100 && infeasible >= 20,
        "{planned} planned, {infeasible} infeasible"
    );
}

/// The same scenarios against HiGHS, an independent solver with its own
/// presolve and cuts (the `--features highs` pass).
#[cfg(feature = "highs")]
#[test]
fn bnb_agrees_with_highs_on_tight_scenarios_and_restrictions() {
    let mut planned = 0;
    for seed in 2000..2150 {
        let s = tight_scenario(seed);
        let r = if seed % 2 == 0 {
            Restrictions::default()
        } else {
            random_restrictions(&s, seed)
        };
        if agree_with(&s, &r, seed, SolverChoice::Highs) {
            planned += 1;
        }
    }
    assert!(planned >= 60, "{planned} planned");
}
