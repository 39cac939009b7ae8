//! `leadplan sweep` end to end: designs, determinism across threads, failing
//! runs, resume, diagnostics, and every run checked against brute force.
//!
//! One test binary; this file holds the shared fixtures and helpers.

mod brute;
mod correlated;
mod designs;
mod discover;
mod discover_read;
mod engine;
mod files;
mod honest;
mod readings;
mod runs_parquet;
mod shards;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// Small enough to brute-force; no money variables (no budget, no fairness).
pub(crate) const SMALL: &str = r#"
[scenario]
name = "small"
[policy]
min_leads_per_country = 1
max_leads_per_domain = 1
weights = { fit = 10, cost = 0.1, sensitivity = 1 }

[[country]]
id = "A"
capacity = 4
sensitivity_tolerance = 0.6
capability = { x = 0.9, y = 0.3, z = 0.5 }

[[country]]
id = "B"
capacity = 3
capability = { x = 0.4, y = 0.8, z = 0.6 }

[[country]]
id = "C"
capacity = 3
capability = { x = 0.5, y = 0.5, z = 0.9 }

[[task]]
id = "t1"
domain = "d1"
effort = 2
cost = { A = 5, B = 3, C = 4 }
requirements = { x = 1 }

[[task]]
id = "t2"
domain = "d1"
effort = 1
cost = 2
sensitivity = 0.7
requirements = { y = 1, z = 0.5 }

[[task]]
id = "t3"
domain = "d2"
effort = 2
cost = 3
leads = 2
requirements = { z = 1 }

[[task]]
id = "t4"
domain = "d2"
effort = 1
cost = 1
requirements = { x = 0.5, y = 0.5 }
"#;

pub(crate) struct Dir {
    tmp: TempDir,
}

impl Dir {
    pub(crate) fn new() -> Dir {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("small.toml"), SMALL).unwrap();
        Dir { tmp }
    }
    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }
    /// Writes a sweep file over `small.toml` with `body` after the `[sweep]` keys.
    pub(crate) fn sweep(&self, name: &str, head: &str, body: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(
            &p,
            format!("[sweep]\nscenario = \"small.toml\"\n{head}\n{body}"),
        )
        .unwrap();
        p
    }
    pub(crate) fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }
}

pub(crate) fn sweep(file: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    let mut cmd = Command::cargo_bin("leadplan").unwrap();
    cmd.arg("sweep").arg(file).arg("--out").arg(out).args(extra);
    cmd.assert()
}

/// Rows of runs.csv as maps from column to cell.
pub(crate) fn rows(csv_text: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

pub(crate) fn num(row: &std::collections::BTreeMap<String, String>, col: &str) -> f64 {
    row[col]
        .parse()
        .unwrap_or_else(|_| panic!("{col} = {:?}", row[col]))
}

pub(crate) const MC: &str = r#"
[[sweep.param]]
path = "country.*.capability.*"
relative = 0.3
[[sweep.param]]
path = "country.*.capacity"
relative = 0.3
[[sweep.param]]
path = "task.*.cost"
uniform = { min = 0, max = 8 }
[[sweep.param]]
path = "country.A.sensitivity_tolerance"
triangular = { min = 0.4, mode = 0.6, max = 0.9 }
"#;
