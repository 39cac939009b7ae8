//! The answer does not depend on the unit money is written in, and the
//! diagnosis's "smallest" is the smallest.
//!
//! A scenario with every cost and budget multiplied by a power of ten (and the
//! cost and fairness weights divided by it, so that the objective is the
//! same) must build the same model, bit for bit, for the plan and for the
//! diagnosis, and so get the same verdict, plan and sets of changes.
//!
//! A diagnosis headed "smallest changes" must be: no set of fewer single
//! edits (each number of a country or a task at its loosest, the policy's
//! domain limit lifted, a pin removed, a tolerance raised to 1, a task made
//! optional or given fewer leads) makes the scenario feasible, by brute force.
//!
//! The default run checks 40 random scenarios per test; `LEADPLAN_LONG_TESTS=1`
//! checks 300.

use std::path::Path;

use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::test_scenarios::random_scenario;
use super::{diagnose, solve_restricted, Attempt};
use crate::model::{self, ElasticGoal, Restrictions};
use crate::options::SolveOptions;
use crate::scenario::Scenario;
use crate::solve::sparse::Sparse;

fn cases() -> usize {
    if std::env::var_os("LEADPLAN_LONG_TESTS").is_some() {
        300
    } else {
        40
    }
}

/// The powers of ten money is rewritten in.
const FACTORS: [f64; 6] = [1e-6, 1e-3, 1e3, 1e6, 1e9, 0.1];

/// `s` with money written in units `f` times smaller (every amount times `f`).
fn rescaled(s: &Scenario, f: f64) -> Scenario {
    let mut out = s.clone();
    for c in &mut out.countries {
        c.budget = c.budget.map(|b| b * f);
    }
    for t in &mut out.tasks {
        for c in &mut t.cost {
            *c *= f;
        }
    }
    out.policy.weights.cost /= f;
    out.policy.weights.fairness /= f;
    out
}

fn shipped() -> Vec<Scenario> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("scenarios/")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            name.ends_with(".toml")
                && !name.ends_with(".sweep.toml")
                && !name.ends_with(".horizon.toml")
        })
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| Scenario::load(p).expect("a shipped scenario"))
        .collect()
}

fn random(n: usize) -> Vec<Scenario> {
    (0..n as u64)
        .map(|seed| random_scenario(&mut ChaCha8Rng::seed_from_u64(0x5ca1e + seed)))
        .collect()
}

fn same_form(a: Sparse, b: Sparse, what: &str) {
    assert_eq!(a.obj, b.obj, "{what}: objective");
    assert_eq!(a.obj_const, b.obj_const, "{what}: objective constant");
    assert_eq!(a.lo, b.lo, "{what}: lower bounds");
    assert_eq!(a.hi, b.hi, "{what}: upper bounds");
    assert_eq!(a.int, b.int, "{what}: integrality");
    assert_eq!(a.rows.len(), b.rows.len(), "{what}: rows");
    for (k, (ra, rb)) in a.rows.iter().zip(&b.rows).enumerate() {
        assert_eq!(ra.cols, rb.cols, "{what}: row {k} columns");
        assert_eq!(ra.coefs, rb.coefs, "{what}: row {k} coefficients");
        assert_eq!(ra.rhs, rb.rhs, "{what}: row {k} right-hand side");
        assert!(ra.sense == rb.sense, "{what}: row {k} sense");
    }
}

#[test]
fn models_are_the_same_in_any_money_unit() {
    let mut all = shipped();
    all.extend(random(cases()));
    for s in &all {
        let plan = || Sparse::from_model(model::build(s, &Restrictions::default()));
        let elastic = || Sparse::from_model(model::build_elastic(s, &[], ElasticGoal::Count).0);
        for f in FACTORS {
            let r = rescaled(s, f);
            let what = format!("{} x{f}", s.name);
            same_form(
                plan(),
                Sparse::from_model(model::build(&r, &Restrictions::default())),
                &what,
            );
            same_form(
                elastic(),
                Sparse::from_model(model::build_elastic(&r, &[], ElasticGoal::Count).0),
                &format!("{what} (elastic)"),
            );
        }
    }
}

fn leads_of(a: &Attempt) -> Option<Vec<Vec<usize>>> {
    match a {
        Attempt::Planned(p) => Some(p.leads.clone()),
        _ => None,
    }
}

#[test]
fn verdicts_plans_and_diagnoses_are_the_same_in_any_money_unit() {
    let opts = SolveOptions::default();
    let mut all = shipped();
    all.extend(random(cases()));
    let mut infeasible = 0;
    for s in &all {
        let base = solve_restricted(s, &Restrictions::default(), &opts).expect("solves");
        let diag = leads_of(&base)
            .is_none()
            .then(|| diagnose(s, &opts).expect("diagnoses"));
        infeasible += usize::from(diag.is_some());
        for f in [1e-6, 1e9] {
            let r = rescaled(s, f);
            let again = solve_restricted(&r, &Restrictions::default(), &opts).expect("solves");
            assert_eq!(leads_of(&base), leads_of(&again), "{} x{f}", s.name);
            let Some(d) = &diag else { continue };
            let e = diagnose(&r, &opts).expect("diagnoses");
            assert_eq!(d.smallest_proven, e.smallest_proven, "{} x{f}", s.name);
            assert_eq!(d.amounts_least, e.amounts_least, "{} x{f}", s.name);
            let shape = |d: &super::Diagnosis| -> Vec<Vec<String>> {
                d.alternatives
                    .iter()
                    .map(|set| {
                        set.iter()
                            .map(|c| format!("{:?} {:?} {:?}", c.kind, c.country, c.task))
                            .collect()
                    })
                    .collect()
            };
            assert_eq!(shape(d), shape(&e), "{} x{f}", s.name);
            for (a, b) in d
                .alternatives
                .iter()
                .flatten()
                .zip(e.alternatives.iter().flatten())
            {
                let money = matches!(a.kind, super::ChangeKind::Budget);
                let k = if money { f } else { 1.0 };
                if let (Some(x), Some(y)) = (a.to, b.to) {
                    assert!(
                        (x * k - y).abs() <= 1e-9 * y.abs().max(1e-300),
                        "{} x{f}: {} against {}",
                        s.name,
                        a.sentence,
                        b.sentence
                    );
                }
            }
        }
    }
    assert!(infeasible > 0, "no infeasible scenario among the cases");
}

/// Every single edit the diagnosis knows, each at its loosest.
fn single_edits(s: &Scenario) -> Vec<Scenario> {
    let mut out = Vec::new();
    let n_tasks = s.tasks.len();
    for i in 0..s.countries.len() {
        let mut e = s.clone();
        e.countries[i].capacity = 1e9;
        out.push(e);
        if s.countries[i].budget.is_some() {
            let mut e = s.clone();
            e.countries[i].budget = None;
            out.push(e);
        }
        let mut e = s.clone();
        e.countries[i].min_leads = Some(0);
        out.push(e);
        let mut e = s.clone();
        e.countries[i].max_leads = Some(n_tasks);
        out.push(e);
        let mut e = s.clone();
        e.countries[i].tolerance = 1.0;
        out.push(e);
    }
    if s.policy.max_per_domain.is_some() {
        let mut e = s.clone();
        e.policy.max_per_domain = None;
        out.push(e);
    }
    for k in 0..s.policy.pins.len() {
        let mut e = s.clone();
        e.policy.pins.remove(k);
        out.push(e);
    }
    for t in 0..n_tasks {
        if !s.tasks[t].optional {
            let mut e = s.clone();
            e.tasks[t].optional = true;
            out.push(e);
        }
        for l in 1..s.tasks[t].leads {
            let mut e = s.clone();
            e.tasks[t].leads = l;
            out.push(e);
        }
    }
    out
}

/// Whether some set of `k` single edits makes `s` feasible.
fn some_edits_fix(s: &Scenario, k: usize, opts: &SolveOptions) -> bool {
    fn feasible(s: &Scenario, opts: &SolveOptions) -> bool {
        matches!(
            solve_restricted(s, &Restrictions::default(), opts),
            Ok(Attempt::Planned(_))
        )
    }
    if k == 0 {
        return feasible(s, opts);
    }
    // an edit applied to s, then k - 1 more on top of it
    let firsts = single_edits(s);
    firsts.iter().any(|e| some_edits_fix(e, k - 1, opts))
}

#[test]
fn a_diagnosis_headed_smallest_has_the_fewest_edits_by_brute_force() {
    let opts = SolveOptions::default();
    let mut checked = 0;
    let mut seed = 0u64;
    while checked < cases() / 4 && seed < 20_000 {
        seed += 1;
        let s = random_scenario(&mut ChaCha8Rng::seed_from_u64(0xd1a6 + seed));
        if !matches!(
            solve_restricted(&s, &Restrictions::default(), &opts),
            Ok(Attempt::Infeasible)
        ) {
            continue;
        }
        let d = diagnose(&s, &opts).expect("diagnoses");
        let sizes: Vec<usize> = d.alternatives.iter().map(Vec::len).collect();
        assert!(
            sizes.windows(2).all(|w| w[0] <= w[1]),
            "seed {seed}: {sizes:?}"
        );
        // small random scenarios are proven well within the time budget
        assert!(d.smallest_proven, "seed {seed}: {:?}", d.alternatives);
        assert!(d.amounts_least, "seed {seed}: {:?}", d.alternatives);
        let k = sizes[0];
        if k <= 2 {
            assert!(
                !some_edits_fix(&s, k - 1, &opts),
                "seed {seed}: fewer than {k} edits fix it, yet {:?} is called smallest",
                d.alternatives
            );
        }
        checked += 1;
    }
    assert!(
        checked >= cases() / 4,
        "only {checked} infeasible scenarios"
    );
}
