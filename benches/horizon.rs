//! The stochastic plan of a horizon (`leadplan horizon FILE --no-values`):
//! tree, extensive-form solve and certification of every node's plan, on the
//! tiny fixture and the shipped 2026-2032 horizon, with the default solver
//! choice and, when compiled in, HiGHS. `scripts/bench-horizon-peers` times
//! the same runs against the extensive form written with PuLP and solved by
//! HiGHS.
//!
//! Run with `cargo bench --bench horizon` (add `--features highs` for HiGHS).

use criterion::{criterion_group, criterion_main, Criterion};
use leadplan::studies::horizon::{self, Foresight, Goal, Horizon, HorizonOptions};
use leadplan::{SolveOptions, SolverChoice};

fn bench_horizon(c: &mut Criterion) {
    let mut solvers = vec![("auto", SolverChoice::Auto)];
    if leadplan::planning::solve::HIGHS_AVAILABLE {
        solvers.push(("highs", SolverChoice::Highs));
    }
    let mut g = c.benchmark_group("horizon");
    g.sample_size(10);
    for (name, path) in [
        ("tiny", "tests/fixtures/horizon/tiny.horizon.toml"),
        (
            "trilateral-2026-2032",
            "scenarios/trilateral-2026-2032.horizon.toml",
        ),
    ] {
        let h = Horizon::load(path.as_ref()).expect("shipped horizon");
        for &(solver_name, solver) in &solvers {
            let o = HorizonOptions {
                foresight: Foresight::Stochastic,
                goal: Goal::Expected,
                path: None,
                solve: SolveOptions {
                    solver,
                    time_limit: None,
                },
                values: false,
            };
            g.bench_function(format!("{name}/{solver_name}"), |b| {
                b.iter(|| {
                    let report = horizon::run(&h, &o).expect("plans");
                    assert!(report.certified);
                    report
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench_horizon);
criterion_main!(benches);
