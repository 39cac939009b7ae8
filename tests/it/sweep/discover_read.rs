//! Where `discover` reads a sweep's runs from: `runs.csv` column by column
//! when the sweep wrote it, else `runs.jsonl`; the same runs, the same boxes
//! to the byte, for any thread count; and a Morris sweep's measures read back
//! for the drivers chart in the order summary.json lists them.

use std::path::Path;

use assert_cmd::Command;
use leadplan::studies::sweep::data::{Fields, SweepResults};
use leadplan::Scenario;
use serde_json::Value;

use super::discover::{box_sweep, discover};
use super::{sweep, Dir};

/// A copy of the sweep in `from` whose only run file is `runs.jsonl` (the
/// manifest says so), so readers must take the JSON lines.
fn jsonl_only(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for f in ["summary.json", "runs.jsonl"] {
        std::fs::copy(from.join(f), to.join(f)).unwrap();
    }
    let mut m: Value =
        serde_json::from_str(&std::fs::read_to_string(from.join("manifest.json")).unwrap())
            .unwrap();
    m["runs_formats"] = serde_json::json!(["jsonl"]);
    std::fs::write(to.join("manifest.json"), m.to_string()).unwrap();
}

fn output(a: &assert_cmd::assert::Assert) -> (Option<i32>, String, String) {
    let o = a.get_output();
    let text = |b: &[u8]| String::from_utf8_lossy(b).replace('\\', "/");
    (o.status.code(), text(&o.stdout), text(&o.stderr))
}

#[test]
fn discover_from_runs_csv_gives_the_boxes_of_runs_jsonl_byte_for_byte() {
    let d = Dir::new();
    let out = box_sweep(&d);
    let only = d.path("jsonl");
    jsonl_only(&out, &only);
    let targets = [
        "infeasible",
        "survival",
        "lead:t=A",
        "leads-changed:t",
        "objective<4",
        "regret>0",
    ];
    for t in targets {
        let args = ["--target", t, "--format", "json", "--max-boxes", "3"];
        let csv = output(&discover(&d, &out, &args));
        let jsonl = output(&discover(&d, &only, &args));
        assert_eq!(csv, jsonl, "{t}");
        if t == "infeasible" || t == "survival" {
            assert_eq!(csv.0, Some(0), "{t}: {}", csv.2);
        }
    }
}

#[test]
fn discover_reads_runs_csv_when_written_and_the_json_lines_for_blame() {
    let d = Dir::new();
    let out = box_sweep(&d);
    std::fs::rename(out.join("runs.jsonl"), d.path("aside.jsonl")).unwrap();
    discover(&d, &out, &["--target", "infeasible"]).code(0);
    // Blame is not in runs.csv: that target must read the JSON lines.
    let a = discover(&d, &out, &["--target", "blame:capacity"]).code(2);
    let err = output(&a).2;
    assert!(err.contains("runs.jsonl"), "{err}");
    // The CSV's checks hold end to end: a cut-short last line names the file and line.
    let csv = std::fs::read_to_string(out.join("runs.csv")).unwrap();
    let lines = csv.lines().count();
    std::fs::write(out.join("runs.csv"), csv.trim_end()).unwrap();
    let a = discover(&d, &out, &["--target", "infeasible"]).code(2);
    let err = output(&a).2;
    let want = format!("runs.csv:{lines}: the last line is cut short");
    assert!(err.contains(&want), "{err}");
}

#[test]
fn discover_from_runs_csv_is_byte_identical_for_any_thread_count() {
    let d = Dir::new();
    let out = box_sweep(&d);
    let run = |threads: &str| {
        let a = Command::cargo_bin("leadplan")
            .unwrap()
            .env("RAYON_NUM_THREADS", threads)
            .args(["discover", out.to_str().unwrap(), "--scenario"])
            .arg(d.path("box.toml"))
            .args(["--target", "infeasible", "--format", "json"])
            .assert()
            .code(0);
        output(&a).1
    };
    assert_eq!(run("1"), run("3"));
}

#[test]
fn runs_read_from_runs_csv_equal_the_json_lines_field_for_field() {
    let d = Dir::new();
    let out = box_sweep(&d);
    let only = d.path("jsonl");
    jsonl_only(&out, &only);
    let file = d.path("box.toml");
    let s = Scenario::load(&file).unwrap();
    let fields = Fields {
        leads: true,
        blame: false,
    };
    let csv = SweepResults::open_with(&out, &file, &s, fields).unwrap();
    let jsonl = SweepResults::open(&only, &file, &s).unwrap();
    assert_eq!(csv.run_rows.len(), 400);
    assert!(jsonl.run_rows.iter().any(|r| r.blame.is_some()));
    let unblamed: Vec<_> = jsonl
        .run_rows
        .iter()
        .cloned()
        .map(|mut r| {
            r.blame = None;
            r
        })
        .collect();
    assert_eq!(csv.run_rows, unblamed);
    assert!(csv.run_rows.iter().any(|r| !r.leads.is_empty()));
}

/// Two parameters with different effects on a small scenario.
const MORRIS: &str = r#"
[[sweep.param]]
path = "country.A.capacity"
uniform = { min = 2, max = 6 }
[[sweep.param]]
path = "country.B.capability.x"
uniform = { min = 0.1, max = 0.9 }
[[sweep.param]]
path = "policy.weights.fit"
uniform = { min = 5, max = 15 }
"#;

#[test]
fn a_morris_sweep_charts_mu_star_and_sigma_in_the_summarys_order() {
    let d = Dir::new();
    let f = d.sweep("m.toml", "design = \"morris\"\nruns = 8\nseed = 3", MORRIS);
    let out = d.path("m");
    sweep(&f, &out, &[]).get_output();
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let file = d.path("small.toml");
    let s = Scenario::load(&file).unwrap();
    let sw = SweepResults::open(&out, &file, &s).unwrap();
    let m = sw.morris.as_ref().expect("a Morris sweep's measures");
    let want: Vec<(String, f64)> = summary["morris"]["objective"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["parameter"].as_str().unwrap().to_string(),
                e["mu_star"].as_f64().unwrap(),
            )
        })
        .collect();
    let got: Vec<(String, f64)> = m
        .objective
        .iter()
        .map(|e| (e.parameter.clone(), e.mu_star))
        .collect();
    assert_eq!(got, want);
    assert_eq!(m.trajectories, 8);
    for ext in ["png", "svg"] {
        let img = d.path(&format!("drivers.{ext}"));
        Command::cargo_bin("leadplan")
            .unwrap()
            .args(["chart", "drivers"])
            .arg(&file)
            .arg("--sweep")
            .arg(&out)
            .arg("--out")
            .arg(&img)
            .assert()
            .code(0);
        assert!(std::fs::metadata(&img).unwrap().len() > 1000);
    }
    let svg = std::fs::read_to_string(d.path("drivers.svg")).unwrap();
    assert!(
        svg.contains("mu*: mean absolute elementary effect"),
        "legend"
    );
    assert!(svg.contains("sigma: spread of the effects"), "legend");
    assert!(
        svg.contains("Morris screening over 8 trajectories"),
        "subtitle"
    );
    assert!(!svg.contains("Spearman"));
    // Bars are drawn largest mu* first: the top label is the largest mu*.
    let top = want
        .iter()
        .fold(&want[0], |a, b| if b.1 > a.1 { b } else { a });
    let first = want
        .iter()
        .filter_map(|(p, _)| svg.find(p.as_str()).map(|at| (at, p)))
        .min()
        .unwrap();
    assert_eq!(first.1, &top.0, "{want:?}");
}
