//! `solve --write-model`: the written MPS and LP files hold
//! exactly the model leadplan solves. An independent reader ([`reader`]) reads
//! each file back; the rows are checked one by one against the model, and the
//! file is solved by microlp directly (and, with `--features highs`, by HiGHS's
//! own file reader and solver) to the optimum `leadplan solve` reports.

mod highs;
mod random;
mod reader;
mod solve;

use std::path::Path;

use assert_cmd::Command;
use leadplan::outputs::model_file::{linear_model, LinearModel, ModelFormat, Sense};
use leadplan::Scenario;

/// Every shipped scenario (sweep files are not scenarios).
pub fn shipped() -> Vec<String> {
    let mut out = Vec::new();
    for dir in [
        "scenarios",
        "scenarios/futures",
        "scenarios/futures/security",
    ] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let name = p.to_string_lossy().to_string();
            if name.ends_with(".toml")
                && !name.ends_with(".sweep.toml")
                && !name.ends_with(".horizon.toml")
            {
                out.push(name);
            }
        }
    }
    out.sort();
    out
}

/// Random small scenarios covering every row and column family.
pub fn random(n: u64) -> Vec<Scenario> {
    let dir = tempfile::tempdir().unwrap();
    (0..n)
        .map(|seed| {
            let p = dir.path().join(format!("r{seed}.toml"));
            std::fs::write(&p, random::scenario(seed)).unwrap();
            Scenario::load(&p).unwrap()
        })
        .collect()
}

/// Checks a read file against the model, column by column and row by row.
fn assert_same(lm: &LinearModel, read: &reader::Read, what: &str, ordered_columns: bool) {
    assert_eq!(read.maximise, lm.maximise, "{what}: sense");
    let name = |k: usize| lm.columns[k].name.clone();
    let objective: Vec<(String, f64)> = lm.objective.iter().map(|&(k, c)| (name(k), c)).collect();
    let read_obj: Vec<(String, f64)> = read.objective.clone().into_iter().collect();
    let mut objective_sorted = objective.clone();
    objective_sorted.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(read_obj, objective_sorted, "{what}: objective");
    for (k, col) in lm.columns.iter().enumerate() {
        let found = read.columns.iter().position(|c| c.0 == col.name);
        let used = lm.objective.iter().any(|t| t.0 == k)
            || lm.rows.iter().any(|r| r.terms.iter().any(|t| t.0 == k));
        let Some(at) = found else {
            // LP has no way to declare a default-bounded column no term uses.
            assert!(
                !ordered_columns && !used && !col.integer,
                "{what}: {} missing",
                col.name
            );
            assert_eq!((col.lower, col.upper), (0.0, f64::INFINITY));
            continue;
        };
        if ordered_columns {
            assert_eq!(at, k, "{what}: column order");
        }
        let c = &read.columns[at];
        assert_eq!(
            (c.1, c.2, c.3),
            (col.lower, col.upper, col.integer),
            "{what}: {}",
            col.name
        );
    }
    assert_eq!(read.rows.len(), lm.rows.len(), "{what}: row count");
    for (row, got) in lm.rows.iter().zip(&read.rows) {
        let sense = match row.sense {
            Sense::Le => 'L',
            Sense::Eq => 'E',
        };
        let mut terms: Vec<(String, f64)> = row.terms.iter().map(|&(k, c)| (name(k), c)).collect();
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        let got_terms: Vec<(String, f64)> = got.2.clone().into_iter().collect();
        assert_eq!(got.0, row.name, "{what}: row name");
        assert_eq!(
            (got.1, &got_terms, got.3),
            (sense, &terms, row.rhs),
            "{what}: row {}",
            row.name
        );
    }
}

fn check_both_formats(s: &Scenario, what: &str) {
    let lm = linear_model(s);
    let mps = reader::mps(&lm.write(ModelFormat::Mps));
    assert_same(&lm, &mps, &format!("{what} (mps)"), true);
    let lp = reader::lp(&lm.write(ModelFormat::Lp));
    assert_same(&lm, &lp, &format!("{what} (lp)"), false);
}

#[test]
fn written_files_match_the_model_row_by_row_for_every_shipped_scenario() {
    for file in shipped() {
        let s = Scenario::load(Path::new(&file)).unwrap();
        check_both_formats(&s, &file);
    }
}

#[test]
fn written_files_match_the_model_row_by_row_for_random_scenarios() {
    for (seed, s) in random(40).iter().enumerate() {
        check_both_formats(s, &format!("random seed {seed}"));
    }
}

#[test]
fn names_are_safe_and_unique_with_awkward_ids() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("awkward.toml");
    let toml = r#"
[scenario]
name = "awkward\nids"
[[country]]
id = "A-B"
name = "one"
capacity = 2
capability = { d = 0.5 }
[[country]]
id = "A_B"
name = "two"
capacity = 2
capability = { d = 0.7 }
[[task]]
id = "e1 task/ü"
requirements = { d = 1 }
effort = 1
"#;
    std::fs::write(&p, toml).unwrap();
    let s = Scenario::load(&p).unwrap();
    let lm = linear_model(&s);
    let names: Vec<&str> = lm.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["x_A_B_e1_task__", "x_A_B_e1_task___2"]);
    for n in lm.rows.iter().map(|r| r.name.as_str()).chain(names) {
        assert!(
            n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "{n}"
        );
        assert!(!n.starts_with(|c: char| c.is_ascii_digit() || c == 'e' || c == 'E'));
    }
    check_both_formats(&s, "awkward ids");
}

#[test]
fn the_cli_writes_the_model_by_extension_and_rejects_others() {
    let dir = tempfile::tempdir().unwrap();
    let file = "scenarios/trilateral-public-goods.toml";
    let s = Scenario::load(Path::new(file)).unwrap();
    for (name, format) in [("m.mps", ModelFormat::Mps), ("m.LP", ModelFormat::Lp)] {
        let out = dir.path().join(name);
        Command::cargo_bin("leadplan")
            .unwrap()
            .args(["solve", file, "--no-explain", "--write-model"])
            .arg(&out)
            .assert()
            .success();
        let written = std::fs::read_to_string(&out).unwrap();
        assert_eq!(written, linear_model(&s).write(format));
    }
    let bad = dir.path().join("m.txt");
    let out = Command::cargo_bin("leadplan")
        .unwrap()
        .args(["solve", file, "--write-model"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("model.mps") && err.contains("model.lp"),
        "{err}"
    );
    assert!(!bad.exists());
}
