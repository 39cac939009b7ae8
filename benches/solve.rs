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
    if leadplan::solve::HIGHS_AVAILABLE {
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

fn bench_large(c: &mut Criterion) {
    if !leadplan::solve::HIGHS_AVAILABLE {
        return; // microlp takes seconds per solve on the 10 x 32 scenario
    }
    let s = load("ipef-partners");
    let opts = SolveOptions {
        solver: SolverChoice::Highs,
        time_limit: None,
    };
    let mut g = c.benchmark_group("solve-large");
    g.sample_size(10);
    g.bench_function("ipef-partners/highs", |b| {
        b.iter(|| solve(&s, &opts).expect("solves"))
    });
    g.finish();
}

criterion_group!(benches, bench_solve, bench_explain, bench_large);
criterion_main!(benches);
