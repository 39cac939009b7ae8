//! The sweep's pattern search against the plain MILP solve (microlp through
//! good_lp, an independent route through the same model) on random small
//! scenarios with every constraint family: co-leads paying shares under both
//! funding rules, minimum shares, budgets, fairness, domain and lead-count
//! limits, optional tasks, pins and sensitivity bans. Status and optimum must
//! agree; the baseline valuation must agree with fixing every lead in the MILP.

use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::patterns_shape::SharedShape;
use super::sweep_path::{shared_shape, solve_by_enumeration, value_in_run};
use super::{solve_restricted, Attempt, Evaluation};
use crate::model::Restrictions;
use crate::options::{SolveOptions, SolverChoice};
use crate::scenario::Scenario;

const IDS: [&str; 4] = ["AA", "BB", "CC", "DD"];

/// The scenario's own lead patterns, listed under its own capacities.
pub(super) fn own_shape(s: &Scenario) -> SharedShape {
    SharedShape::within(s, &[])
}

fn pick(rng: &mut ChaCha8Rng, n: u64) -> u64 {
    rng.next_u64() % n
}

/// A random scenario with every family switched on or off by the seed.
pub(super) fn random_scenario(seed: u64) -> Scenario {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n = 2 + pick(&mut rng, 3) as usize;
    let k = 2 + pick(&mut rng, 6) as usize;
    let mut s = format!(
        "[policy]\nfunding = \"{}\"\nmin_lead_share = {}\nsensitivity_rule = \"{}\"\nmin_leads_per_country = {}\nweights = {{ fit = {}, cost = {}, sensitivity = {}, fairness = {} }}\n",
        if pick(&mut rng, 2) == 0 { "leads" } else { "all" },
        pick(&mut rng, 4) as f64 / 10.0,
        if pick(&mut rng, 2) == 0 { "forbid" } else { "penalize" },
        pick(&mut rng, 2),
        (1 + pick(&mut rng, 20)) as f64 / 4.0,
        pick(&mut rng, 3) as f64 / 20.0,
        pick(&mut rng, 5),
        pick(&mut rng, 3) as f64 / 10.0,
    );
    if pick(&mut rng, 2) == 0 {
        s += &format!("max_leads_per_country = {}\n", 1 + pick(&mut rng, 4));
    }
    if pick(&mut rng, 2) == 0 {
        s += &format!("max_leads_per_domain = {}\n", 1 + pick(&mut rng, 2));
    }
    for _ in 0..pick(&mut rng, 3) {
        let (i, t) = (pick(&mut rng, n as u64), pick(&mut rng, k as u64));
        if !s.contains(&format!(
            "country = \"{}\"\ntask = \"t{t}\"",
            IDS[i as usize]
        )) {
            s += &format!(
                "[[policy.pin]]\ncountry = \"{}\"\ntask = \"t{t}\"\nlead = {}\n",
                IDS[i as usize],
                pick(&mut rng, 2) == 0
            );
        }
    }
    for id in IDS.iter().take(n) {
        s += &format!(
            "[[country]]\nid = \"{id}\"\ncapacity = {}\nsensitivity_tolerance = {}\nfair_share = {}\n",
            2 + pick(&mut rng, 12),
            pick(&mut rng, 10) as f64 / 10.0,
            1 + pick(&mut rng, 4)
        );
        if pick(&mut rng, 5) < 3 {
            s += &format!("budget = {}\n", pick(&mut rng, 60));
        }
    }
    let mut map = |hi: u64, scale: f64| {
        (0..n)
            .map(|i| format!("{} = {}", IDS[i], pick(&mut rng, hi) as f64 / scale))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for t in 0..k {
        let (effort, cost, fit) = (map(5, 1.0), map(30, 1.0), map(10, 10.0));
        let mut r = ChaCha8Rng::seed_from_u64(seed * 31 + t as u64);
        s += &format!(
            "[[task]]\nid = \"t{t}\"\ndomain = \"d{}\"\nleads = {}\noptional = {}\nsensitivity = {}\neffort = {{ {effort} }}\ncost = {{ {cost} }}\nfit = {{ {fit} }}\n",
            pick(&mut r, 2),
            1 + pick(&mut r, 2),
            pick(&mut r, 5) == 0,
            pick(&mut r, 10) as f64 / 10.0,
        );
    }
    Scenario::from_toml_str(&s, "case.toml").expect("a valid random scenario")
}

/// The MILP's options (an explicit solver never takes the pattern search).
fn opts() -> SolveOptions {
    SolveOptions {
        solver: SolverChoice::Microlp,
        time_limit: None,
    }
}

/// The sweep's options: `auto`, which takes the pattern search.
pub(super) fn auto() -> SolveOptions {
    SolveOptions {
        solver: SolverChoice::Auto,
        time_limit: None,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
}

/// The MILP's value of fixed leads (every lead variable fixed), independent of
/// the payments LP and the pattern cache.
fn milp_value(s: &Scenario, leads: &[Vec<usize>]) -> Option<f64> {
    let r = super::evaluate::every_lead_fixed(s, leads);
    match solve_restricted(s, &r, &opts()).expect("the MILP runs") {
        Attempt::Planned(p) => Some(p.objective),
        _ => None,
    }
}

#[test]
fn pattern_search_agrees_with_the_milp_on_random_scenarios() {
    let (mut planned, mut infeasible) = (0, 0);
    for seed in 0..300 {
        let s = random_scenario(seed);
        let fast = solve_by_enumeration(&s, &auto(), Some(&own_shape(&s))).expect("runs");
        let fast = fast.expect("small scenarios never give up");
        let milp = solve_restricted(&s, &Restrictions::default(), &opts()).expect("runs");
        match (&fast, &milp) {
            (Attempt::Planned(p), Attempt::Planned(q)) => {
                planned += 1;
                assert!(
                    close(p.objective, q.objective),
                    "seed {seed}: {} vs {}",
                    p.objective,
                    q.objective
                );
                let again = milp_value(&s, &p.leads).expect("the pattern plan is a plan");
                assert!(
                    close(again, p.objective),
                    "seed {seed}: fixed {again} vs {}",
                    p.objective
                );
            }
            (Attempt::Infeasible, Attempt::Infeasible) => infeasible += 1,
            _ => panic!("seed {seed}: patterns {fast:?} vs MILP {milp:?}"),
        }
    }
    assert!(
        planned > 50 && infeasible > 20,
        "{planned} planned, {infeasible} infeasible"
    );
}

#[test]
fn baseline_valuation_agrees_with_fixing_the_leads_in_the_milp() {
    let (mut checked, mut broken) = (0, 0);
    for seed in 300..700 {
        let s = random_scenario(seed);
        // the optimum of a looser variant as the "baseline": often not a plan here
        let mut other = s.clone();
        for c in &mut other.countries {
            c.capacity += 3.0;
            c.budget = c.budget.map(|b| b * 2.0 + 10.0);
        }
        let Ok(Attempt::Planned(base)) =
            solve_restricted(&other, &Restrictions::default(), &opts())
        else {
            continue;
        };
        let _ = solve_by_enumeration(&s, &auto(), Some(&own_shape(&s))); // fills the worker's cache
        let fast = value_in_run(&s, &base.leads, &auto(), Some(&own_shape(&s))).expect("runs");
        match (fast, milp_value(&s, &base.leads)) {
            (Evaluation::Feasible(p), Some(v)) => assert!(close(p.objective, v), "seed {seed}"),
            (Evaluation::Infeasible, None) => broken += 1,
            (f, m) => panic!("seed {seed}: {f:?} vs MILP {m:?}"),
        }
        checked += 1;
    }
    assert!(
        checked > 50 && broken > 5,
        "{checked} cases, {broken} broken"
    );
}

/// Outputs must not depend on what a worker's cache held before: the same
/// scenarios valued in two orders give the same bytes.
#[test]
fn pattern_results_do_not_depend_on_the_cache() {
    let scenarios: Vec<Scenario> = (0..40).map(random_scenario).collect();
    let run = |order: &mut dyn Iterator<Item = usize>| {
        let mut out = vec![None; scenarios.len()];
        for i in order {
            let a = solve_by_enumeration(&scenarios[i], &auto(), Some(&own_shape(&scenarios[i])))
                .unwrap()
                .unwrap();
            out[i] = Some(match a {
                Attempt::Planned(p) => format!("{:?} {}", p.leads, p.objective.to_bits()),
                other => format!("{other:?}"),
            });
        }
        out
    };
    let forward = run(&mut (0..40));
    let reversed = run(&mut (0..40).rev());
    let interleaved = run(&mut (0..40).map(|i| (i * 7) % 40));
    assert_eq!(forward, reversed);
    assert_eq!(forward, interleaved);
}

/// A run whose numbers besides capacities differ from the listing's, or
/// whose capacity is above it, is left to the MILP; a run with capacities
/// within the listing's takes the pattern search.
#[test]
fn runs_outside_the_shared_listing_are_left_to_the_milp() {
    let s = random_scenario(1);
    let shared = own_shape(&s);
    let mut wider = s.clone();
    wider.countries[0].capacity += 1.0;
    let mut other = s.clone();
    other.tasks[0].effort[0] += 1.0;
    for run in [&wider, &other] {
        let shape = shared_shape(run, &shared);
        assert!(shape.is_none());
        assert!(solve_by_enumeration(run, &auto(), shape).unwrap().is_none());
    }
    let mut narrower = s.clone();
    narrower.countries[0].capacity -= 0.5;
    for run in [&s, &narrower] {
        let shape = shared_shape(run, &shared);
        assert!(shape.is_some());
        assert!(solve_by_enumeration(run, &auto(), shape).unwrap().is_some());
    }
}
