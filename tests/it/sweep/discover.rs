//! `leadplan discover` and Morris designs, end to end: a scenario whose
//! infeasibility is a known box, and Morris output byte-identical across threads.

use assert_cmd::Command;
use serde_json::Value;

use super::{sweep, Dir};

/// No plan exactly when both capacities are below the task's effort (5).
const KNOWN_BOX: &str = r#"
[scenario]
name = "known box"
[[country]]
id = "A"
name = "Alpha"
capacity = 8
capability = { x = 0.9, y = 0.5 }
[[country]]
id = "B"
name = "Beta"
capacity = 8
capability = { x = 0.5, y = 0.9 }
[[task]]
id = "t"
name = "The task"
requirements = { x = 1.0 }
effort = 5
"#;

const BOX_SWEEP: &str = r#"
[sweep]
scenario = "box.toml"
design = "lhs"
runs = 400
seed = 7
[[sweep.param]]
path = "country.*.capacity"
uniform = { min = 0, max = 10 }
[[sweep.param]]
path = "country.A.capability.y"
uniform = { min = 0, max = 1 }
"#;

pub(super) fn box_sweep(d: &Dir) -> std::path::PathBuf {
    std::fs::write(d.path("box.toml"), KNOWN_BOX).unwrap();
    std::fs::write(d.path("box.sweep.toml"), BOX_SWEEP).unwrap();
    let out = d.path("out");
    sweep(&d.path("box.sweep.toml"), &out, &[]).code(1);
    out
}

pub(super) fn discover(
    d: &Dir,
    out: &std::path::Path,
    extra: &[&str],
) -> assert_cmd::assert::Assert {
    Command::cargo_bin("leadplan")
        .unwrap()
        .arg("discover")
        .arg(out)
        .arg("--scenario")
        .arg(d.path("box.toml"))
        .args(extra)
        .assert()
}

#[test]
fn discover_recovers_the_known_infeasible_box() {
    let d = Dir::new();
    let out = box_sweep(&d);
    let a = discover(
        &d,
        &out,
        &[
            "--target",
            "infeasible",
            "--min-density",
            "1",
            "--format",
            "json",
        ],
    );
    let v: Value = serde_json::from_slice(&a.code(0).get_output().stdout).unwrap();
    let b = &v["boxes"][0];
    assert_eq!(b["stats"]["density"], 1.0);
    assert!(b["stats"]["coverage"].as_f64().unwrap() >= 0.9);
    let r = b["restrictions"].as_array().unwrap();
    let names: Vec<&str> = r.iter().map(|x| x["parameter"].as_str().unwrap()).collect();
    assert_eq!(names, ["country.A.capacity", "country.B.capacity"]);
    for x in r {
        // The truth is capacity < 5; one peel of the 0..10 range is 0.5.
        let upper = x["upper"].as_f64().unwrap();
        assert!((4.5..=5.0).contains(&upper), "{x}");
        assert!(x["lower"].is_null());
        assert!(x["p_upper"].as_f64().unwrap() < 1e-6);
    }
    let s = b["sentence"].as_str().unwrap();
    assert!(s.starts_with("no plan when country.A.capacity <= "), "{s}");
    // Every failed run is blamed on capacity: lifting the capacities restores a plan.
    let runs = std::fs::read_to_string(out.join("runs.jsonl")).unwrap();
    for line in runs.lines().filter(|l| l.contains("\"infeasible\"")) {
        assert!(line.contains("\"blame\":\"capacity\""), "{line}");
    }
}

#[test]
fn discover_text_names_the_box_and_bad_targets_are_usage_errors() {
    let d = Dir::new();
    let out = box_sweep(&d);
    let text = discover(&d, &out, &["--target", "blame:capacity"]).code(0);
    let text = String::from_utf8_lossy(&text.get_output().stdout).to_string();
    assert!(text.contains("box 1 (trajectory point"), "{text}");
    assert!(text.contains("country.B.capacity"), "{text}");
    let bad = discover(&d, &out, &["--target", "lead:t=ZZ"]).code(2);
    let err = String::from_utf8_lossy(&bad.get_output().stderr).to_string();
    assert!(err.contains("no country `ZZ`"), "{err}");
    let bad = discover(&d, &out, &["--target", "feasible"]).code(2);
    let err = String::from_utf8_lossy(&bad.get_output().stderr).to_string();
    assert!(err.contains("lead:TASK=COUNTRY"), "{err}");
}

#[test]
fn morris_summary_is_byte_identical_for_any_thread_count() {
    let d = Dir::new();
    let f = d.sweep(
        "m.toml",
        "design = \"morris\"\nruns = 6\nlevels = 4\nseed = 5",
        super::MC,
    );
    // Exit 1 when some runs fail; the summaries must match either way.
    sweep(&f, &d.path("t1"), &["--threads", "1"]).get_output();
    sweep(&f, &d.path("t2"), &["--threads", "2"]).get_output();
    assert_eq!(d.read("t1/summary.json"), d.read("t2/summary.json"));
    let v: Value = serde_json::from_str(&d.read("t1/summary.json")).unwrap();
    let m = &v["morris"];
    assert_eq!(m["trajectories"], 6);
    let k = v["parameters"].as_array().unwrap().len();
    assert_eq!(v["runs"].as_u64().unwrap(), 6 * (k as u64 + 1));
    assert_eq!(m["objective"].as_array().unwrap().len(), k);
}

#[test]
fn morris_levels_must_be_even_and_only_for_morris() {
    let d = Dir::new();
    let f = d.sweep(
        "m.toml",
        "design = \"morris\"\nruns = 6\nlevels = 3",
        super::MC,
    );
    let a = sweep(&f, &d.path("o"), &[]).code(2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(err.contains("even number of levels"), "{err}");
    let f = d.sweep(
        "l.toml",
        "design = \"lhs\"\nruns = 6\nlevels = 4",
        super::MC,
    );
    let a = sweep(&f, &d.path("o2"), &[]).code(2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(err.contains("only a Morris design takes `levels`"), "{err}");
}
