//! Driving the binary: scenario files in a temporary folder, one process per
//! command, and the JSON read back into the oracle's terms.

use super::brute::Pattern;
use super::scenario::Scn;
use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

pub struct Run {
    pub code: i32,
    pub json: Value,
    pub stderr: String,
}

pub fn write(dir: &Path, name: &str, scn: &Scn) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, scn.to_toml()).unwrap();
    path
}

/// The solver every command runs with: HiGHS when it is compiled in (so
/// `cargo test --features highs` runs the oracle through it), microlp otherwise.
const SOLVER: &str = if cfg!(feature = "highs") {
    "highs"
} else {
    "microlp"
};

/// Runs `leadplan ARGS --format json --solver SOLVER` and parses standard output.
pub fn leadplan(args: &[&str]) -> Run {
    let out = Command::cargo_bin("leadplan")
        .unwrap()
        .args(args)
        .args(["--format", "json", "--solver", SOLVER])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    Run {
        code: out.status.code().unwrap_or(-1),
        json: serde_json::from_str(&stdout).unwrap_or(Value::Null),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Country index of an id in `scn`.
fn index(scn: &Scn, id: &str) -> usize {
    scn.countries
        .iter()
        .position(|c| c.id == id)
        .unwrap_or_else(|| panic!("unknown country {id}"))
}

/// A pattern from a list of `{task, leads}` objects (tasks in file order).
pub fn pattern(scn: &Scn, leads: &Value) -> Pattern {
    let list = leads.as_array().expect("a list of task leads");
    assert_eq!(list.len(), scn.tasks.len(), "one entry per task");
    list.iter()
        .zip(&scn.tasks)
        .map(|(entry, task)| {
            assert_eq!(entry["task"], task.id.as_str());
            let mut set: Vec<usize> = entry["leads"]
                .as_array()
                .unwrap()
                .iter()
                .map(|id| index(scn, id.as_str().unwrap()))
                .collect();
            set.sort_unstable();
            set
        })
        .collect()
}

pub fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// The baseline file `replan` reads: `assignments[].task` and `.leads`.
pub fn baseline_json(scn: &Scn, pat: &Pattern) -> String {
    let list: Vec<Value> = pat
        .iter()
        .zip(&scn.tasks)
        .map(|(set, task)| {
            let ids: Vec<&str> = set.iter().map(|i| scn.countries[*i].id.as_str()).collect();
            serde_json::json!({"task": task.id, "leads": ids})
        })
        .collect();
    serde_json::json!({ "assignments": list }).to_string()
}

/// Collects disagreements; the test fails listing the first few with their
/// scenarios.
#[derive(Default)]
pub struct Findings(Vec<String>);

impl Findings {
    pub fn add(&mut self, seed: u64, scn: &Scn, what: String) {
        if self.0.len() < 3 {
            self.0.push(format!(
                "seed {seed}: {what}\n--- scenario ---\n{}",
                scn.to_toml()
            ));
        } else {
            self.0.push(format!("seed {seed}: {what}"));
        }
    }

    pub fn assert_none(self, command: &str, checked: usize) {
        assert!(
            self.0.is_empty(),
            "{command}: {} disagreement(s) with brute force over {checked} scenarios:\n{}",
            self.0.len(),
            self.0.join("\n")
        );
    }
}
