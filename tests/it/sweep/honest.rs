//! Statistics that are honest about noise: drivers only when their rank
//! correlation passes the stated test, PRIM boxes only when they pass the
//! stated thresholds, and whole-plan survival next to what independent tasks
//! would give.

use assert_cmd::Command;
use serde_json::Value;

use super::discover::{box_sweep, discover};
use super::{sweep, Dir, MC};

/// A plan that cannot change: capacities far above the effort, and the
/// swept capability dimension is one no task requires.
const STEADY: &str = r#"
[scenario]
name = "steady"
[[country]]
id = "A"
capacity = 40
capability = { x = 0.9, y = 0.5 }
[[country]]
id = "B"
capacity = 40
capability = { x = 0.3, y = 0.5 }
[[task]]
id = "t1"
requirements = { x = 1.0 }
effort = 5
[[task]]
id = "t2"
requirements = { x = 1.0 }
effort = 5
"#;

const STEADY_SWEEP: &str = r#"
[sweep]
scenario = "steady.toml"
design = "montecarlo"
runs = 300
seed = 11
[[sweep.param]]
path = "country.*.capacity"
uniform = { min = 30, max = 60 }
[[sweep.param]]
path = "country.*.capability.y"
uniform = { min = 0, max = 1 }
"#;

fn leadplan(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("leadplan").unwrap().args(args).assert()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).to_string()
}

fn markdown_report(d: &Dir, scenario: &str, out: &std::path::Path) -> String {
    let md = d.path("report.md");
    leadplan(&[
        "report",
        d.path(scenario).to_str().unwrap(),
        "--sweep",
        out.to_str().unwrap(),
        "--out",
        md.to_str().unwrap(),
    ])
    .code(0);
    std::fs::read_to_string(md).unwrap()
}

#[test]
fn a_sweep_where_nothing_matters_says_nothing_stands_out() {
    let d = Dir::new();
    std::fs::write(d.path("steady.toml"), STEADY).unwrap();
    std::fs::write(d.path("steady.sweep.toml"), STEADY_SWEEP).unwrap();
    let out = d.path("out");
    let text = stdout(&sweep(&d.path("steady.sweep.toml"), &out, &[]).code(0));
    assert!(
        text.contains("Nothing stands out: no assumption's effect on the plan is distinguishable from noise at 300 runs (test: Spearman's rho"),
        "{text}"
    );
    let md = d.read("out/summary.md");
    assert!(md.contains("Nothing stands out"), "{md}");
    let json: Value = serde_json::from_str(&d.read("out/summary.json")).unwrap();
    for row in json["screening"]["parameters"].as_array().unwrap() {
        assert_eq!(row["significant_survival"], false, "{row}");
        assert_eq!(row["significant_objective"], false, "{row}");
    }
    assert!(json["screening"]["test"]
        .as_str()
        .unwrap()
        .contains("Bonferroni correction over 4 parameters"));
    let report = markdown_report(&d, "steady.toml", &out);
    assert!(report.contains("Nothing stands out"), "{report}");
    assert!(!report.contains("break the plan"), "{report}");
    // Nothing fails, so there is nothing to discover about failures ...
    let a = leadplan(&[
        "discover",
        out.to_str().unwrap(),
        "--scenario",
        d.path("steady.toml").to_str().unwrap(),
        "--target",
        "infeasible",
    ]);
    let err = String::from_utf8_lossy(&a.code(2).get_output().stderr).to_string();
    assert!(err.contains("nothing to discover"), "{err}");
    // ... and the plan survives everywhere: no box of assumptions explains it.
    let a = leadplan(&[
        "discover",
        out.to_str().unwrap(),
        "--scenario",
        d.path("steady.toml").to_str().unwrap(),
        "--target",
        "survival",
    ]);
    let text = stdout(&a.code(0));
    assert!(text.contains("No finding: no range of the swept assumptions reliably explains when the baseline plan survives whole."), "{text}");
}

#[test]
fn a_planted_driver_and_failure_box_are_found_and_shown_as_findings() {
    let d = Dir::new();
    // No plan exactly when both capacities are below 5; below 5, A (the
    // baseline lead) hands the task to B: its capacity drives the plan,
    // its unused capability `y` does not.
    let out = box_sweep(&d);
    let json: Value = serde_json::from_str(&d.read("out/summary.json")).unwrap();
    let rows = json["screening"]["parameters"].as_array().unwrap();
    let row = |name: &str| rows.iter().find(|r| r["parameter"] == name).unwrap();
    assert_eq!(row("country.A.capacity")["significant_survival"], true);
    assert_eq!(row("country.A.capability.y")["significant_survival"], false);
    let md = d.read("out/summary.md");
    assert!(!md.contains("Nothing stands out"), "{md}");
    assert!(
        md.contains("Not distinguishable from noise: country.A.capability.y"),
        "{md}"
    );
    let v: Value = serde_json::from_slice(
        &discover(&d, &out, &["--target", "infeasible", "--format", "json"])
            .code(0)
            .get_output()
            .stdout,
    )
    .unwrap();
    assert_eq!(v["findings"], 1, "{v}");
    assert_eq!(v["boxes"][0]["finding"], true, "{v}");
    let text = stdout(&discover(&d, &out, &["--target", "infeasible"]).code(0));
    assert!(text.contains("\nbox 1 (trajectory point"), "{text}");
    assert!(text.contains("findings: a box is a finding when"), "{text}");
    let report = markdown_report(&d, "box.toml", &out);
    assert!(
        report.contains("Which assumptions break the plan"),
        "{report}"
    );
    assert!(
        report.contains("**no plan when country.A.capacity \\<= "),
        "{report}"
    );
}

#[test]
fn a_loose_box_is_a_candidate_not_a_finding() {
    let d = Dir::new();
    let out = box_sweep(&d);
    // A low density bar makes PRIM stop at a wide box: 32% of its runs fail
    // against 24% of all runs, which is not a finding.
    let args = ["--target", "infeasible", "--min-density", "0.3"];
    let text = stdout(&discover(&d, &out, &args).code(0));
    assert!(
        text.contains("\nNo finding: no assumption reliably breaks the plan.\n"),
        "{text}"
    );
    assert!(
        text.contains("\ncandidate box 1 (trajectory point"),
        "{text}"
    );
    assert!(
        text.contains("not a finding (density 32% (base rate 24%)"),
        "{text}"
    );
    let json = [&args[..], &["--format", "json"]].concat();
    let v: Value =
        serde_json::from_slice(&discover(&d, &out, &json).code(0).get_output().stdout).unwrap();
    assert_eq!(v["findings"], 0, "{v}");
    assert_eq!(v["boxes"][0]["finding"], false, "{v}");
}

#[test]
fn survival_is_shown_per_task_and_against_independent_tasks() {
    let d = Dir::new();
    let f = d.sweep(
        "s.sweep.toml",
        "design = \"montecarlo\"\nruns = 60\nseed = 3",
        MC,
    );
    let text = stdout(&sweep(&f, &d.path("out"), &["--threads", "1"]));
    let line = text
        .lines()
        .find(|l| l.contains("survives intact in"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        line.contains(": each of the 4 tasks keeps its leads in "),
        "{line}"
    );
    assert!(line.contains("independent tasks would give ("), "{line}");
    assert!(
        line.contains("the product of the per-task rates)"),
        "{line}"
    );
}
