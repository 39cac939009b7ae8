//! Charts and reports: each chart drawn for the shipped scenarios and checked as an image
//! (size, ink in the plot area, rendered title, names in the SVG), sweeps that do not
//! belong to the scenario refused, fonts, and the HTML report opened in headless Chromium.

mod bad_input;
mod briefing;
pub(crate) mod browser;
mod fonts;
mod front_chart;
mod gen;
mod horizon;
mod image;
mod inputs;
mod layout;
mod plan_charts;
mod report;
mod resilience_charts;
mod sweep_charts;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;

/// The repository root (tests run there).
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The main shipped scenario.
pub const TRILATERAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/scenarios/trilateral-public-goods.toml"
);

pub fn leadplan() -> Command {
    Command::cargo_bin("leadplan").unwrap()
}

/// The shipped scenarios (not sweep or horizon files, not futures).
pub fn shipped() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "toml")
                && !p.to_string_lossy().ends_with(".sweep.toml")
                && !p.to_string_lossy().ends_with(".horizon.toml")
        })
        .collect();
    out.sort();
    out
}

/// Runs `leadplan ARGS`, asserting success; returns stderr.
pub fn ok(args: &[&str]) -> String {
    let out = leadplan().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "leadplan {args:?} failed: {stderr}");
    stderr
}

/// Runs `leadplan ARGS`, asserting exit code `code`; returns stderr.
pub fn fails(args: &[&str], code: i32) -> String {
    let out = leadplan().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "leadplan {args:?}: {stderr}");
    stderr
}

/// A folder that lives as long as the test binary (sweeps are shared between tests).
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

/// The results of `leadplan sweep SPEC --runs RUNS` (run once per test binary).
pub fn sweep(spec: &str, runs: Option<u32>) -> PathBuf {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let name = Path::new(spec)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .replace('.', "-");
    let out = scratch().join(format!("sweep-{name}-{}", runs.unwrap_or(0)));
    if !out.join("manifest.json").exists() {
        let mut args = vec![
            "sweep".to_string(),
            spec.to_string(),
            "--out".into(),
            out.display().to_string(),
        ];
        if let Some(r) = runs {
            args.extend(["--runs".into(), r.to_string()]);
        }
        // TEMPORARY until the sweep branch is merged: LEADPLAN_SWEEP_BIN names a binary with `sweep`.
        let run = match std::env::var_os("LEADPLAN_SWEEP_BIN") {
            Some(bin) => std::process::Command::new(bin)
                .args(&args)
                .output()
                .unwrap(),
            None => leadplan().args(&args).output().unwrap(),
        };
        // Exit 1 only says some runs were infeasible; the results are complete.
        assert!(
            run.status.code().is_some_and(|c| c <= 1),
            "sweep {spec}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    out
}

/// Shipped sweeps: Monte Carlo over capabilities, Saltelli over six assumptions, a grid over weights.
pub fn montecarlo() -> PathBuf {
    sweep(
        &format!("{ROOT}/scenarios/trilateral-montecarlo.sweep.toml"),
        Some(200),
    )
}

/// The Monte Carlo sweep with each country's capacity and health scores correlated.
pub fn correlated() -> PathBuf {
    sweep(
        &format!("{ROOT}/scenarios/trilateral-montecarlo-correlated.sweep.toml"),
        Some(200),
    )
}

pub fn saltelli() -> PathBuf {
    sweep(
        &format!("{ROOT}/scenarios/trilateral-saltelli.sweep.toml"),
        Some(32),
    )
}

pub fn weights() -> PathBuf {
    sweep(
        &format!("{ROOT}/scenarios/trilateral-weights.sweep.toml"),
        None,
    )
}

/// Copies a sweep's result folder so a test may damage it.
pub fn copy_sweep(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for f in ["manifest.json", "summary.json", "runs.jsonl"] {
        std::fs::copy(from.join(f), to.join(f)).unwrap();
    }
}
