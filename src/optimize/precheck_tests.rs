//! The certificate against the full solve: never "infeasible" where a plan
//! exists, and it does prove most infeasible cases (else it would be useless).

use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::proves_infeasible;
use crate::model::Restrictions;
use crate::optimize::{solve_restricted, Attempt};
use crate::scenario::{Funding, Pin, Scenario};
use crate::solve::SolveOptions;

fn unit(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

fn below(rng: &mut ChaCha8Rng, n: usize) -> usize {
    (rng.next_u64() % n as u64) as usize
}

/// A random small scenario with every family the certificate reads: capacities,
/// budgets, co-leads, optional tasks, min and max leads, domain limits, both
/// funding rules, minimum shares, pins and bans.
fn random_scenario(rng: &mut ChaCha8Rng) -> Scenario {
    let n = 2 + below(rng, 3);
    let m = 3 + below(rng, 5);
    let mut text = String::from("[scenario]\nname = \"random\"\ndimensions = [\"a\"]\n[policy]\n");
    let lo = below(rng, 2);
    text += &format!("min_leads_per_country = {lo}\n");
    if below(rng, 2) == 0 {
        text += &format!("max_leads_per_country = {}\n", lo.max(1) + below(rng, 3));
    }
    if below(rng, 2) == 0 {
        text += &format!("max_leads_per_domain = {}\n", 1 + below(rng, 2));
    }
    text += &format!("min_lead_share = {}\n", [0.0, 0.2, 0.4][below(rng, 3)]);
    text += &format!(
        "funding = \"{}\"\n",
        if below(rng, 3) == 0 { "all" } else { "leads" }
    );
    text += "weights = { fit = 10, cost = 0.01, sensitivity = 1, fairness = 0.01 }\n";
    for i in 0..n {
        text += &format!(
            "[[country]]\nid = \"C{i}\"\ncapacity = {}\nsensitivity_tolerance = {}\n",
            2 + below(rng, 8),
            [0.3, 0.6, 1.0][below(rng, 3)]
        );
        if below(rng, 3) == 0 {
            text += &format!("budget = {}\n", 5 * below(rng, 12));
        }
        text += &format!("[country.capability]\na = {}\n", unit(rng));
    }
    for t in 0..m {
        let leads = if n > 1 && below(rng, 4) == 0 { 2 } else { 1 };
        text += &format!(
            "[[task]]\nid = \"T{t}\"\ndomain = \"d{}\"\nrequirements = {{ a = 1 }}\neffort = {}\ncost = {}\nsensitivity = {}\nleads = {leads}\noptional = {}\n",
            below(rng, 2),
            1 + below(rng, 3),
            below(rng, 20),
            [0.1, 0.2, 0.9][below(rng, 3)],
            below(rng, 5) == 0
        );
    }
    let mut s = Scenario::from_toml_str(&text, "random.toml").expect("a valid scenario");
    if below(rng, 4) == 0 {
        let lead = below(rng, 3) > 0;
        s.policy.pins.push(Pin {
            country: below(rng, n),
            task: below(rng, m),
            lead,
        });
    }
    s
}

fn full_solve_infeasible(s: &Scenario) -> bool {
    match solve_restricted(s, &Restrictions::default(), &SolveOptions::default()) {
        Ok(Attempt::Infeasible) => true,
        Ok(Attempt::Planned(_)) => false,
        other => panic!("the full solve did not settle: {other:?}"),
    }
}

/// Checks `cases` random scenarios; returns (infeasible by the full solve, proven).
fn agree_on_random_scenarios(seed: u64, cases: usize) -> (usize, usize) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut infeasible, mut proven) = (0, 0);
    for case in 0..cases {
        let s = random_scenario(&mut rng);
        let cert = proves_infeasible(&s);
        let truth = full_solve_infeasible(&s);
        assert!(
            !cert || truth,
            "case {case}: certified infeasible, but the full solve finds a plan"
        );
        infeasible += usize::from(truth);
        proven += usize::from(cert);
    }
    (infeasible, proven)
}

#[test]
fn certificate_agrees_with_the_full_solve_on_random_scenarios() {
    let (infeasible, proven) = agree_on_random_scenarios(15, 1_000);
    eprintln!(
        "1,000 random scenarios: {infeasible} infeasible, {proven} proven by the certificate"
    );
    assert!(
        infeasible > 200,
        "too few infeasible cases ({infeasible}) to judge"
    );
    assert!(
        proven * 10 >= infeasible * 7,
        "the certificate proved only {proven} of {infeasible} infeasible cases"
    );
}

/// The same on 30,000 scenarios: `cargo test --release --lib precheck -- --ignored --nocapture`.
#[test]
#[ignore = "a minute in release; the 1,000-case test runs in CI"]
fn certificate_agrees_with_the_full_solve_on_many_random_scenarios() {
    let (infeasible, proven) = agree_on_random_scenarios(16, 30_000);
    eprintln!(
        "30,000 random scenarios: {infeasible} infeasible, {proven} proven by the certificate"
    );
    assert!(proven * 10 >= infeasible * 7);
}

/// The trilateral scenario with capacities cut by up to 20 percent and
/// budgets and the funding rule varied: the shipped Monte Carlo sweep's shape.
#[test]
fn certificate_agrees_with_the_full_solve_on_trilateral_variants() {
    let base = Scenario::load(std::path::Path::new(
        "scenarios/trilateral-public-goods.toml",
    ))
    .expect("the shipped scenario loads");
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let mut proven = 0;
    for case in 0..60 {
        let mut s = base.clone();
        for c in &mut s.countries {
            c.capacity *= 0.8 + 0.4 * unit(&mut rng);
            c.budget = c.budget.map(|b| b * (0.5 + unit(&mut rng)));
        }
        if below(&mut rng, 4) == 0 {
            s.policy.funding = Funding::All;
        }
        if proves_infeasible(&s) {
            proven += 1;
            assert!(full_solve_infeasible(&s), "case {case}: a plan exists");
        }
    }
    assert!(proven > 5, "only {proven} of 60 variants proven infeasible");
}

#[test]
fn a_feasible_scenario_is_never_certified() {
    let s = Scenario::load(std::path::Path::new(
        "scenarios/trilateral-public-goods.toml",
    ))
    .expect("the shipped scenario loads");
    assert!(!proves_infeasible(&s));
}
