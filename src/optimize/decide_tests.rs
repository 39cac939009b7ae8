//! Sweeps and `solve` decide every scenario alike: the pattern search a
//! sweep's runs share finds the verdict and the optimum the MILP finds, on
//! random scenarios with every family and on the runs of every shipped sweep.
//! (Plans of equal objective may differ: each path breaks ties its own way.)

use std::path::Path;

use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::test_scenarios::random_scenario;
use super::{decide, decide_in, Attempt, SharedShape, Stage};
use crate::options::SolveOptions;
use crate::plan::PlanStatus;
use crate::scenario::Scenario;
use crate::sweep::run::{execute, RunContext, Status};
use crate::sweep::{Overrides, Sweep};

fn long() -> bool {
    std::env::var_os("LEADPLAN_LONG_TESTS").is_some()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

/// The verdict as the two paths must agree on it: `Some(objective)` for a
/// proven optimum, `None` for no plan.
fn settled(a: &Attempt) -> Option<f64> {
    match a {
        Attempt::Planned(p) if p.status == PlanStatus::Optimal => Some(p.objective),
        Attempt::Infeasible => None,
        other => panic!("not settled: {other:?}"),
    }
}

#[test]
fn a_sweeps_path_and_solves_path_agree_on_random_scenarios() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let opts = SolveOptions::default();
    let (mut by_patterns, mut by_proof) = (0, 0);
    let cases = if long() { 10_000 } else { 1_000 };
    for case in 0..cases {
        let s = random_scenario(&mut rng);
        let shape = SharedShape::within(&s, &[]);
        let sweep = decide_in(&s, &opts, Some(&shape)).expect("decides");
        let solve = decide(&s, &opts).expect("decides");
        by_patterns += usize::from(sweep.stage == Stage::Patterns);
        by_proof += usize::from(solve.stage == Stage::Proof);
        match (settled(&sweep.attempt), settled(&solve.attempt)) {
            (Some(a), Some(b)) => assert!(
                close(a, b),
                "case {case}: optimum {a} by the sweep's path, {b} by solve's"
            ),
            (None, None) => {}
            (a, b) => panic!("case {case}: the sweep's path says {a:?}, solve's {b:?}"),
        }
    }
    assert!(
        by_patterns > cases / 4,
        "the pattern stage decided only {by_patterns} of {cases}"
    );
    assert!(
        by_proof > cases / 20,
        "the proof stage decided only {by_proof} of {cases}"
    );
}

#[test]
fn every_shipped_sweep_decides_its_runs_as_solve_does() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("scenarios/ is readable")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".sweep.toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "found only {files:?}");
    let per_sweep = if long() { 512 } else { 32 };
    let over = Overrides {
        runs: Some(per_sweep),
        seed: None,
    };
    for file in files {
        let sweep = Sweep::load(&file, over).expect("a shipped sweep loads");
        let opts = SolveOptions::default();
        let ctx = RunContext::new(&sweep, opts.clone(), None);
        for r in 0..sweep.design.runs().min(per_sweep) {
            let (rec, s) = execute(&ctx, r);
            let s: Scenario = s.expect("the run did not panic");
            let by_solve = settled(&decide(&s, &opts).expect("decides").attempt);
            let name = file.display();
            match (rec.status, by_solve) {
                (Status::Optimal, Some(b)) => {
                    let a = rec.objective.expect("an optimal run has its objective");
                    assert!(
                        close(a, b),
                        "{name} run {r}: the sweep found {a}, solve {b}"
                    );
                }
                (Status::Infeasible, None) => {}
                (st, b) => panic!("{name} run {r}: the sweep says {}, solve {b:?}", st.name()),
            }
        }
    }
}
