//! The Lagrangian search against independent truth: the MILP through good_lp
//! and microlp on random scenarios with every constraint family (and with
//! random fixes, as the explainer's re-solves set them), brute force on each
//! country's table, and a time-limited stop's bound against the optimum.

use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::bound::{evaluate, Mult};
use super::country::{best, Table};
use super::problem::{Problem, FREE};
use crate::model::Restrictions;
use crate::optimize::patterns_tests::random_scenario;
use crate::optimize::{evaluate_fixed, solve_restricted, Attempt, Evaluation};
use crate::options::{SolveOptions, SolverChoice};
use crate::scenario::Scenario;

fn microlp() -> SolveOptions {
    SolveOptions {
        solver: SolverChoice::Microlp,
        time_limit: None,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
}

/// Random fixes on a few columns (some contradicting pins or bans).
fn random_fixes(s: &Scenario, seed: u64) -> Restrictions {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let fixes = (0..rng.next_u64() % 3)
        .map(|_| {
            let i = (rng.next_u64() % s.countries.len() as u64) as usize;
            let t = (rng.next_u64() % s.tasks.len() as u64) as usize;
            (i, t, rng.next_u64() % 2 == 0)
        })
        .collect();
    Restrictions {
        fixes,
        ..Default::default()
    }
}

/// Status and optimum as the MILP's; the plan valued again with its leads
/// fixed (an independent route) gives its objective.
fn agree(s: &Scenario, r: &Restrictions, seed: u64) -> Option<bool> {
    let fast = super::solve(s, r, None)?;
    let milp = solve_restricted(s, r, &microlp()).expect("the MILP runs");
    match (&fast, &milp) {
        (Attempt::Planned(p), Attempt::Planned(q)) => {
            assert!(
                close(p.objective, q.objective),
                "seed {seed}: lagrange {} vs MILP {}",
                p.objective,
                q.objective
            );
            for &(i, t, lead) in &r.fixes {
                assert_eq!(p.leads[t].contains(&i), lead, "seed {seed}: fix broken");
            }
            match evaluate_fixed(s, &p.leads, &microlp()).expect("runs") {
                Evaluation::Feasible(again) => assert!(close(again.objective, p.objective)),
                other => panic!("seed {seed}: the plan is no plan: {other:?}"),
            }
            Some(true)
        }
        (Attempt::Infeasible, Attempt::Infeasible) => Some(false),
        _ => panic!("seed {seed}: lagrange {fast:?} vs MILP {milp:?}"),
    }
}

#[test]
fn the_search_agrees_with_the_milp_on_random_scenarios() {
    let (mut planned, mut infeasible, mut declined) = (0, 0, 0);
    for seed in 0..600 {
        let s = random_scenario(seed);
        match agree(&s, &Restrictions::default(), seed) {
            Some(true) => planned += 1,
            Some(false) => infeasible += 1,
            None => declined += 1,
        }
    }
    assert!(
        planned > 150 && infeasible > 30 && declined < 60,
        "{planned} planned, {infeasible} infeasible, {declined} declined"
    );
}

#[test]
fn the_search_agrees_with_the_milp_under_fixes() {
    let mut planned = 0;
    for seed in 1000..1500 {
        let s = random_scenario(seed);
        let r = random_fixes(&s, seed);
        if agree(&s, &r, seed) == Some(true) {
            planned += 1;
        }
    }
    assert!(planned > 100, "{planned} planned");
}

/// A stop at once gives either no plan or a plan within a bound no lower
/// than the optimum.
#[test]
fn a_stop_at_once_gives_a_valid_bound() {
    for seed in 0..60 {
        let s = random_scenario(seed);
        let Ok(Attempt::Planned(opt)) = solve_restricted(&s, &Restrictions::default(), &microlp())
        else {
            continue;
        };
        match super::solve(&s, &Restrictions::default(), Some(0.0)) {
            Some(Attempt::Planned(p)) => {
                assert!(p.bound >= opt.objective - 1e-6, "seed {seed}");
                assert!(p.objective <= opt.objective + 1e-6, "seed {seed}");
            }
            Some(Attempt::NoPlanFound { bound, .. }) => {
                assert!(
                    bound.is_none_or(|b| b >= opt.objective - 1e-6),
                    "seed {seed}"
                );
            }
            Some(Attempt::Infeasible) => panic!("seed {seed}: a plan exists"),
            None => {}
        }
    }
}

/// The bound at any multipliers (random lead-count, fairness, budget and
/// co-led cost-row multipliers) is no lower than the optimum: every row
/// moved into the objective is relaxed validly, co-leads' payment ranges
/// included (random scenarios have per-country costs and co-led tasks).
#[test]
fn the_bound_holds_at_any_multipliers() {
    let mut checked = 0;
    for seed in 0..300 {
        let s = random_scenario(seed);
        let r = Restrictions::default();
        let Some(p) = Problem::of(&s, &r) else {
            continue;
        };
        let Ok(Attempt::Planned(opt)) = solve_restricted(&s, &r, &microlp()) else {
            continue;
        };
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xb0d);
        let mut uniform =
            |lo: f64, hi: f64| lo + (hi - lo) * (rng.next_u64() % 10_001) as f64 / 10_000.0;
        let mut tabs: Vec<Table> = (0..p.n).map(|_| Table::default()).collect();
        for _ in 0..20 {
            let mut m = Mult::zero(&p);
            m.u.iter_mut().for_each(|u| *u = uniform(-5.0, 5.0));
            m.v.iter_mut().for_each(|v| *v = uniform(-5.0, 5.0));
            m.lam.iter_mut().for_each(|l| *l = uniform(-1.0, 1.0));
            m.mu.iter_mut().for_each(|u| *u = uniform(0.0, 5.0));
            let e = evaluate(&p, &p.state, &m, &mut tabs).expect("the optimum's node has a choice");
            assert!(
                e.bound >= opt.objective - 1e-6 * (1.0 + opt.objective.abs()),
                "seed {seed}: bound {} below the optimum {} at {m:?}",
                e.bound,
                opt.objective
            );
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} evaluations");
}

/// Each country's table against every subset of its free tasks.
#[test]
fn country_tables_match_brute_force() {
    let mut checked = 0;
    for seed in 0..300 {
        let s = random_scenario(seed);
        let Some(p) = Problem::of(&s, &Restrictions::default()) else {
            continue;
        };
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let profit: Vec<f64> = (0..p.n * p.m)
            .map(|_| (rng.next_u64() % 21) as f64 / 2.0 - 5.0)
            .collect();
        for i in 0..p.n {
            let f = |t: usize| profit[p.col(t, i)];
            let mut out = Vec::new();
            let got = best(&p, i, &p.state, &f, &mut Table::default(), &mut out);
            let want = brute(&p, i, &f);
            match (got, want) {
                (Some(g), Some(w)) => {
                    assert!((g - w).abs() < 1e-9, "seed {seed} country {i}: {g} vs {w}");
                    let v: f64 = out.iter().map(|&t| f(t)).sum();
                    assert!((v - g).abs() < 1e-9, "seed {seed}: chosen tasks give {v}");
                }
                (None, None) => {}
                other => panic!("seed {seed} country {i}: {other:?}"),
            }
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked}");
}

/// Best value of country i over every subset meeting its rows.
fn brute(p: &Problem, i: usize, f: &dyn Fn(usize) -> f64) -> Option<f64> {
    let c = &p.countries[i];
    let free: Vec<usize> = (0..p.m).filter(|&t| p.state[p.col(t, i)] == FREE).collect();
    let fixed: Vec<usize> = (0..p.m).filter(|&t| p.state[p.col(t, i)] == 1).collect();
    let mut best: Option<f64> = None;
    for mask in 0u32..1 << free.len() {
        let set: Vec<usize> = fixed
            .iter()
            .copied()
            .chain(
                (0..free.len())
                    .filter(|&k| mask >> k & 1 == 1)
                    .map(|k| free[k]),
            )
            .collect();
        let load: usize = set.iter().map(|&t| c.weight[t]).sum();
        let in_domain = |d: usize| set.iter().filter(|&&t| p.domain[t] == d).count();
        let ok = c.cap.is_none_or(|cap| load <= cap)
            && set.len() >= c.lo
            && set.len() <= c.hi
            && p.per_domain
                .is_none_or(|h| (0..p.n_domains).all(|d| in_domain(d) <= h));
        if ok {
            let v: f64 = set.iter().map(|&t| f(t)).sum();
            best = Some(best.map_or(v, |b: f64| b.max(v)));
        }
    }
    best
}
