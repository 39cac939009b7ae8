//! Sweep files: a scenario with its own `[sweep]`, and bad files with diagnostics.

use assert_cmd::Command;

use super::{sweep, Dir, SMALL};

#[test]
fn a_scenario_may_carry_its_own_sweep_table() {
    let d = Dir::new();
    let text = format!("{SMALL}\n[sweep]\ndesign = \"grid\"\n[[sweep.param]]\npath = \"task.t4.cost\"\nvalues = [1, 2]\n");
    std::fs::write(d.path("own.toml"), text).unwrap();
    let mut check = Command::cargo_bin("leadplan").unwrap();
    check
        .arg("check")
        .arg(d.path("own.toml"))
        .assert()
        .success();
    sweep(&d.path("own.toml"), &d.path("out"), &["--format", "json"])
        .success()
        .stdout(predicates::str::contains("\"design\": \"grid\""));
    let manifest: serde_json::Value = serde_json::from_str(&d.read("out/manifest.json")).unwrap();
    assert_eq!(manifest["scenario_file"], manifest["sweep_file"]);
    assert!(d
        .read("out/summary.md")
        .starts_with("# Sweep of \"small\": grid design, 2 runs, 1 parameter"));
}

#[test]
fn bad_sweep_files_get_every_problem_with_position_key_and_hint() {
    let d = Dir::new();
    let body = r#"desing = "grid"
[[sweep.param]]
path = "country.AA.capacity"
relative = 0.1
[[sweep.param]]
path = "task.*.costs"
values = [1]
[[sweep.param]]
path = "policy.weights.cost"
uniform = { min = 2, max = 1 }
[[sweep.param]]
path = "country.A.budget"
relative = 0.2
"#;
    let f = d.sweep("bad.toml", "design = \"montecarlo\"\nruns = 5", body);
    let out = sweep(&f, &d.path("out"), &[]).code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    for needle in [
        "unknown key `desing`",
        "did you mean `design`",
        "bad.toml:5:1",
        "unknown country `AA`",
        "= key: sweep.param[0].path",
        "unknown task field `costs`",
        "did you mean `cost`",
        "`min` (2) must be below `max` (1)",
        "`country.A.budget` is not set in the scenario",
        "5 problems found",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    assert!(
        !d.path("out").exists(),
        "nothing is written for a bad sweep file"
    );
}

#[test]
fn design_mismatches_and_missing_files_are_diagnosed() {
    let d = Dir::new();
    let body = "[[sweep.param]]\npath = \"policy.weights.cost\"\nnormal = { mean = 1, sd = 0.1 }\n";
    let f = d.sweep("g.toml", "design = \"grid\"\nruns = 3", body);
    sweep(&f, &d.path("o1"), &[])
        .code(2)
        .stderr(predicates::str::contains("a grid takes no `runs`"))
        .stderr(predicates::str::contains(
            "a grid needs listed values, found `normal`",
        ));
    let p = d.path("missing.toml");
    std::fs::write(&p, "[sweep]\nscenario = \"nope.toml\"\nruns = 3\n[[sweep.param]]\npath = \"x\"\nrelative = 0.1\n").unwrap();
    sweep(&p, &d.path("o2"), &[])
        .code(2)
        .stderr(predicates::str::contains("missing.toml:2:12"))
        .stderr(predicates::str::contains("no scenario file at"));
    let q = d.path("mixed.toml");
    std::fs::write(&q, format!("[sweep]\nscenario = \"small.toml\"\nruns = 3\n[[sweep.param]]\npath = \"policy.weights.cost\"\nrelative = 0.1\n{SMALL}")).unwrap();
    sweep(&q, &d.path("o3"), &[])
        .code(2)
        .stderr(predicates::str::contains(
            "a sweep file with `scenario = ...` holds only `[sweep]`",
        ));
}

#[test]
fn every_shipped_sweep_file_loads_and_runs() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<std::path::PathBuf> = ["scenarios", "benches/peers"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".sweep.toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "{files:?}");
    let d = Dir::new();
    for (k, f) in files.iter().enumerate() {
        let loaded = leadplan::studies::sweep::Sweep::load(f, Default::default()).unwrap();
        let runs = if loaded.design.kind == leadplan::studies::sweep::DesignKind::Saltelli {
            "2"
        } else {
            "4"
        };
        let out = d.path(&format!("out{k}"));
        sweep(f, &out, &["--runs", runs]).code(predicates::ord::le(1));
        let summary: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap())
                .unwrap();
        assert!(
            summary["baseline"]["objective"].as_f64().is_some(),
            "{}",
            f.display()
        );
    }
}
