//! Sweep benchmarks: the cost of one run (make the scenario, check it, solve,
//! judge the baseline plan, format its records) and sweep throughput on one
//! thread and on all threads.
//!
//! Runs on the trilateral scenario and on every shipped scenario with eight or
//! more countries. Each sweep varies every capability score by plus/minus 20
//! percent (all runs feasible, so the numbers measure solving, not
//! infeasibility proofs). `sweep_infeasible` measures the other side: the
//! shipped Monte Carlo sweep (capacities too, 58% of runs infeasible) against
//! the all-feasible one, per run on one thread (the aim: at most 2x).
//!
//! `sweep_target4_per_run` compares the pattern search that `auto` uses on
//! small scenarios with the MILP (`--solver microlp`) on the same runs.
//!
//! `cargo bench --bench sweep`

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use leadplan::studies::sweep::record::{csv_row, json_row};
use leadplan::studies::sweep::run::{execute, RunContext};
use leadplan::studies::sweep::{run_sweep, Overrides, Progress, Sweep, SweepOptions};
use leadplan::{solve_restricted, Attempt, Restrictions, Scenario, SolveOptions};

struct Quiet;

impl Progress for Quiet {
    fn start(&self, _: u64, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

/// A Monte Carlo sweep over `scenario`'s capability scores, written to `dir`.
fn capability_sweep(dir: &Path, scenario: &Path) -> Sweep {
    let file = dir.join(format!(
        "{}.sweep.toml",
        scenario.file_stem().unwrap().to_string_lossy()
    ));
    let text = format!(
        "[sweep]\nscenario = {:?}\ndesign = \"montecarlo\"\nruns = 100000\nseed = 1\n\
         [[sweep.param]]\npath = \"country.*.capability.*\"\nrelative = 0.2\n",
        std::fs::canonicalize(scenario)
            .unwrap()
            .display()
            .to_string()
    );
    std::fs::write(&file, text).unwrap();
    Sweep::load(&file, Overrides::default()).unwrap()
}

/// The trilateral scenario and every shipped scenario with 8 or more countries.
fn scenarios() -> Vec<PathBuf> {
    let mut out = vec![PathBuf::from("scenarios/trilateral-public-goods.toml")];
    let mut more: Vec<PathBuf> = std::fs::read_dir("scenarios")
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "toml") && !p.to_string_lossy().contains(".sweep.")
        })
        .filter(|p| Scenario::load(p).is_ok_and(|s| s.countries.len() >= 8))
        .collect();
    more.sort();
    out.extend(more);
    out
}

fn per_run(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("sweep_per_run");
    for path in scenarios() {
        let sweep = capability_sweep(dir.path(), &path);
        let solve = SolveOptions::default();
        let baseline =
            match solve_restricted(&sweep.scenario, &Restrictions::default(), &solve).unwrap() {
                Attempt::Planned(p) => Some(p.leads),
                _ => None,
            };
        let ctx = RunContext::new(&sweep, solve, baseline);
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let mut r = 0u64;
        group.bench_function(BenchmarkId::new("build_solve_record", &name), |b| {
            b.iter(|| {
                r = (r + 1) % 100_000;
                let (record, _) = execute(&ctx, r);
                (csv_row(&sweep, &record), json_row(&sweep, &record))
            })
        });
    }
    group.finish();
}

fn throughput(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let sweep = capability_sweep(
        dir.path(),
        Path::new("scenarios/trilateral-public-goods.toml"),
    );
    let runs = 400;
    let sweep = Sweep {
        design: leadplan::studies::sweep::Design::new(
            sweep.design.kind,
            1,
            runs,
            sweep.design.counts.clone(),
        ),
        ..sweep
    };
    let all = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut group = c.benchmark_group("sweep_throughput_400_runs");
    group.sample_size(10);
    for threads in [1, all] {
        let opts = SweepOptions {
            solve: SolveOptions::default(),
            threads,
            resume: false,
            dump_scenarios: 0,
            chunk: 0,
            formats: Default::default(),
        };
        group.bench_function(BenchmarkId::new("threads", threads), |b| {
            b.iter(|| {
                let out = tempfile::tempdir().unwrap();
                run_sweep(&sweep, &out.path().join("o"), &opts, &Quiet).unwrap()
            })
        });
    }
    group.finish();
}

/// The same 400 runs of the shipped Monte Carlo sweep (58% infeasible) and of
/// the all-feasible capability sweep, one thread: their ratio is target 5's.
fn infeasible_runs(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let feasible = capability_sweep(
        dir.path(),
        Path::new("scenarios/trilateral-public-goods.toml"),
    );
    let mixed = Sweep::load(
        Path::new("scenarios/trilateral-montecarlo.sweep.toml"),
        Overrides::default(),
    )
    .unwrap();
    let mut group = c.benchmark_group("sweep_infeasible_400_runs");
    group.sample_size(10);
    for (name, sweep) in [
        ("all_feasible", feasible),
        ("montecarlo_58pc_infeasible", mixed),
    ] {
        let sweep = Sweep {
            design: leadplan::studies::sweep::Design::new(
                sweep.design.kind,
                sweep.design.seed,
                400,
                sweep.design.counts.clone(),
            ),
            ..sweep
        };
        let opts = SweepOptions {
            solve: SolveOptions::default(),
            threads: 1,
            resume: false,
            dump_scenarios: 0,
            chunk: 0,
            formats: Default::default(),
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                let out = tempfile::tempdir().unwrap();
                run_sweep(&sweep, &out.path().join("o"), &opts, &Quiet).unwrap()
            })
        });
    }
    group.finish();
}

/// One trilateral capability run (make, check, solve,
/// value the baseline, format) by the pattern search (`auto`, the default)
/// against the MILP (`--solver microlp`), one thread, the same runs.
fn pattern_search(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let sweep = capability_sweep(
        dir.path(),
        Path::new("scenarios/trilateral-public-goods.toml"),
    );
    let mut group = c.benchmark_group("sweep_target4_per_run");
    for (name, solver) in [
        ("patterns_auto", leadplan::SolverChoice::Auto),
        ("milp_microlp", leadplan::SolverChoice::Microlp),
    ] {
        let solve = SolveOptions {
            solver,
            time_limit: None,
        };
        let baseline =
            match solve_restricted(&sweep.scenario, &Restrictions::default(), &solve).unwrap() {
                Attempt::Planned(p) => Some(p.leads),
                _ => None,
            };
        let ctx = RunContext::new(&sweep, solve, baseline);
        let mut r = 0u64;
        group.bench_function(name, |b| {
            b.iter(|| {
                r = (r + 1) % 100_000;
                let (record, _) = execute(&ctx, r);
                (csv_row(&sweep, &record), json_row(&sweep, &record))
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    per_run,
    throughput,
    infeasible_runs,
    pattern_search
);
criterion_main!(benches);
