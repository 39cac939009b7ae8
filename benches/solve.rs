//! Per-solve cost (model building + solving + writing the plan back) on the
//! shipped scenarios, and the runner-up explanation, with each compiled-in solver.
//!
//! Run with `cargo bench --bench solve` (add `--features highs` for HiGHS).

use criterion::{criterion_group, criterion_main, Criterion};
use leadplan::{explain, solve, Outcome, Scenario, SolveOptions, SolverChoice};

fn load(name: &str) -> Scenario {
    Scenario::load(format!("scenarios/{name}.toml").as_ref()).expect("shipped scenario")
}

fn solvers() -> Vec<(&'static str, SolverChoice)> {
    let mut v = vec![
        ("microlp", SolverChoice::Microlp),
        ("bnb", SolverChoice::Bnb),
    ];
    if leadplan::planning::solve::HIGHS_AVAILABLE {
        v.push(("highs", SolverChoice::Highs));
    }
    v
}

fn bench_solve(c: &mut Criterion) {
    let mut g = c.benchmark_group("solve");
    for name in ["trilateral-public-goods", "trilateral-security"] {
        let s = load(name);
        for (solver_name, solver) in solvers() {
            let opts = SolveOptions {
                solver,
                time_limit: None,
            };
            g.bench_function(format!("{name}/{solver_name}"), |b| {
                b.iter(|| solve(&s, &opts).expect("solves"))
            });
        }
    }
    g.finish();
}

fn bench_explain(c: &mut Criterion) {
    let s = load("trilateral-public-goods");
    let opts = SolveOptions::default();
    let Outcome::Planned(plan) = solve(&s, &opts).expect("solves") else {
        panic!("the shipped scenario is feasible")
    };
    c.bench_function("explain/trilateral-public-goods", |b| {
        b.iter(|| explain(&s, &plan, &opts).expect("explains"))
    });
}

/// The IPEF scenario and generated 14 x 60 and 20 x 100
/// scenarios (`scripts/gen-scenario 14 60 1`, `20 100 1`), bnb (what `auto`
/// runs on these in the default build) against HiGHS when it is compiled in
/// (microlp takes seconds per solve on these).
fn bench_large(c: &mut Criterion) {
    let cases = [
        ("ipef-partners", "scenarios/ipef-partners.toml"),
        ("gen-14x60-1", "benches/scenarios/gen-14x60-1.toml"),
        ("gen-20x100-1", "benches/scenarios/gen-20x100-1.toml"),
    ];
    let mut g = c.benchmark_group("solve-large");
    g.sample_size(10);
    for (name, path) in cases {
        let s = Scenario::load(path.as_ref()).expect("benchmark scenario");
        for (solver_name, solver) in large_solvers() {
            let opts = SolveOptions {
                solver,
                time_limit: None,
            };
            g.bench_function(format!("{name}/{solver_name}"), |b| {
                b.iter(|| solve(&s, &opts).expect("solves"))
            });
        }
    }
    g.finish();
}

/// `leadplan gap` on the first instance of a few
/// OR-Library files (gap1-12 in all: scripts/bench-bnb).
fn bench_gap(c: &mut Criterion) {
    let mut g = c.benchmark_group("gap");
    g.sample_size(10);
    for file in ["gap4", "gap8", "gap12"] {
        let path = format!("data/gap/{file}.txt");
        let inst = leadplan::studies::orlib::load(path.as_ref(), None).expect("OR-Library file");
        for (solver_name, solver) in large_solvers() {
            let opts = SolveOptions {
                solver,
                time_limit: None,
            };
            g.bench_function(format!("{file}-1/{solver_name}"), |b| {
                b.iter(|| {
                    leadplan::studies::orlib::solve_instance(&inst[0], &opts).expect("solves")
                })
            });
        }
    }
    g.finish();
}

fn large_solvers() -> Vec<(&'static str, SolverChoice)> {
    let mut v = vec![("auto", SolverChoice::Auto), ("bnb", SolverChoice::Bnb)];
    if leadplan::planning::solve::HIGHS_AVAILABLE {
        v.push(("highs", SolverChoice::Highs));
    }
    v
}

criterion_group!(benches, bench_solve, bench_explain, bench_large, bench_gap);
criterion_main!(benches);
