//! Sweep results that do not belong to the scenario, or are cut short, are refused with a clear
//! error (exit 2) and no output file, never drawn.

use std::path::Path;

use super::{copy_sweep, fails, montecarlo, TRILATERAL};

fn refused(sweep: &Path, scenario: &str, expect: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("chart.png");
    for cmd in [
        vec![
            "chart",
            "lead-frequency",
            scenario,
            "--sweep",
            sweep.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        vec![
            "report",
            scenario,
            "--sweep",
            sweep.to_str().unwrap(),
            "--out",
            out.with_extension("html").to_str().unwrap(),
        ],
    ] {
        let err = fails(&cmd, 2);
        for e in expect {
            assert!(err.contains(e), "expected `{e}` in: {err}");
        }
        assert!(!err.contains("panicked"), "{err}");
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing is written"
    );
}

#[test]
fn a_sweep_of_another_version_of_the_scenario_is_refused_by_its_hash() {
    let dir = tempfile::tempdir().unwrap();
    let edited = dir.path().join("edited.toml");
    let text = std::fs::read_to_string(TRILATERAL)
        .unwrap()
        .replace("capacity = 34 ", "capacity = 35 ");
    std::fs::write(&edited, text).unwrap();
    refused(
        &montecarlo(),
        edited.to_str().unwrap(),
        &[
            "holds a sweep of another scenario",
            "sha256:",
            "run the sweep again",
        ],
    );
}

#[test]
fn a_summary_with_other_tasks_is_refused_naming_the_task() {
    let dir = tempfile::tempdir().unwrap();
    copy_sweep(&montecarlo(), dir.path());
    let p = dir.path().join("summary.json");
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replace("\"rapid-inoculation\"", "\"mass-vaccination\"");
    std::fs::write(&p, text).unwrap();
    refused(
        dir.path(),
        TRILATERAL,
        &["summary.json", "`mass-vaccination`", "`rapid-inoculation`"],
    );
}

#[test]
fn a_summary_naming_an_unknown_country_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    copy_sweep(&montecarlo(), dir.path());
    let p = dir.path().join("summary.json");
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replace("\"JP\"", "\"XX\"");
    std::fs::write(&p, text).unwrap();
    refused(dir.path(), TRILATERAL, &["country `XX`"]);
}

#[test]
fn a_truncated_summary_is_refused_with_the_resume_hint() {
    let dir = tempfile::tempdir().unwrap();
    copy_sweep(&montecarlo(), dir.path());
    let p = dir.path().join("summary.json");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, &text[..text.len() / 2]).unwrap();
    refused(
        dir.path(),
        TRILATERAL,
        &["summary.json", "cut short", "--resume"],
    );
}

#[test]
fn truncated_run_records_are_refused_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    copy_sweep(&montecarlo(), dir.path());
    let p = dir.path().join("runs.jsonl");
    let text = std::fs::read_to_string(&p).unwrap();
    let lines = text.lines().count();
    std::fs::write(&p, &text[..text.len() - 40]).unwrap();
    refused(
        dir.path(),
        TRILATERAL,
        &[&format!("runs.jsonl:{lines}:"), "cut short"],
    );
    // Whole lines missing: fewer runs than the design.
    let kept: String = text.lines().take(10).map(|l| format!("{l}\n")).collect();
    std::fs::write(&p, kept).unwrap();
    refused(dir.path(), TRILATERAL, &["holds 10 of the design's"]);
}

#[test]
fn an_unfinished_sweep_and_a_folder_without_one_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    copy_sweep(&montecarlo(), dir.path());
    let p = dir.path().join("manifest.json");
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replace("\"finished\": true", "\"finished\": false");
    std::fs::write(&p, text).unwrap();
    refused(dir.path(), TRILATERAL, &["not finished", "--resume"]);
    let empty = tempfile::tempdir().unwrap();
    refused(
        empty.path(),
        TRILATERAL,
        &[
            "manifest.json: no such file",
            "--out folder of `leadplan sweep`",
        ],
    );
}

/// Regression: a manifest claiming a huge `runs`
/// made charts and reports pre-allocate that many runs ("capacity overflow"
/// panic, or an abort).
#[test]
fn a_manifest_with_more_runs_than_a_sweep_can_have_is_refused() {
    for runs in ["18446744073709551615", "10000001"] {
        let dir = tempfile::tempdir().unwrap();
        copy_sweep(&montecarlo(), dir.path());
        let p = dir.path().join("manifest.json");
        let mut m: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let n: u64 = runs.parse().unwrap();
        m["runs"] = n.into();
        m["completed_runs"] = n.into();
        std::fs::write(&p, serde_json::to_string_pretty(&m).unwrap()).unwrap();
        let p = dir.path().join("summary.json");
        let mut s: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        s["runs"] = n.into();
        std::fs::write(&p, serde_json::to_string_pretty(&s).unwrap()).unwrap();
        refused(
            dir.path(),
            TRILATERAL,
            &["more than a sweep can have (10000000)"],
        );
    }
}

#[test]
fn a_sweep_chart_without_a_sweep_says_which_option_is_missing() {
    let err = fails(&["chart", "stability", TRILATERAL, "--out", "x.png"], 2);
    assert!(err.contains("pass --sweep DIR"), "{err}");
}
