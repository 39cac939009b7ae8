//! `leadplan check`: load and validate scenario and sweep files, report every
//! problem (exit 2) and every warning about a valid scenario (exit 0).

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::fmt::plural;
use crate::scenario::{warnings, Warning};
use crate::sweep::{Overrides, Sweep};
use crate::{Error, Scenario};

use super::textjson::TextJson;

/// Whether the file has a top-level `[sweep]` table (a sweep file, or a scenario
/// that carries its own sweep): then the sweep is checked too.
fn is_sweep(path: &Path) -> bool {
    let Ok(text) = crate::input::read_text(path, crate::input::InputKind::Scenario) else {
        return false;
    };
    toml::de::DeTable::parse(&text).is_ok_and(|doc| doc.get_ref().contains_key("sweep"))
}

/// One file's result, as `check --format json` prints it.
#[derive(Serialize)]
struct FileCheck {
    file: String,
    /// `ok`, `invalid` or `unreadable`.
    status: &'static str,
    /// What was checked (`ok`), or every problem, rendered (otherwise).
    message: String,
    warnings: Vec<Warning>,
}

fn check_one(path: &Path) -> Result<(String, Vec<Warning>), Error> {
    if is_sweep(path) {
        let sweep = Sweep::load(path, Overrides::default())?;
        let base =
            Scenario::load(&sweep.scenario_file).map_or_else(|_| Vec::new(), |s| warnings(&s));
        let correlated = sweep.design.correlated.as_ref().map_or(String::new(), |c| {
            format!(" ({} rank-correlated)", c.request.params.len())
        });
        Ok((
            format!(
                "ok (sweep of {}: {}{correlated}, {})",
                sweep.scenario_file.display(),
                plural(sweep.params.len(), "parameter", "parameters"),
                plural(sweep.design.runs(), "run", "runs")
            ),
            base,
        ))
    } else {
        let s = Scenario::load(path)?;
        let msg = format!(
            "ok ({}, {})",
            plural(s.countries.len(), "country", "countries"),
            plural(s.tasks.len(), "task", "tasks")
        );
        Ok((msg, warnings(&s)))
    }
}

fn file_check(path: &Path) -> Result<FileCheck, Error> {
    let file = path.display().to_string();
    Ok(match check_one(path) {
        Ok((message, warnings)) => FileCheck {
            file,
            status: "ok",
            message,
            warnings,
        },
        Err(e @ Error::Invalid { .. }) => FileCheck {
            file,
            status: "invalid",
            message: e.to_string(),
            warnings: Vec::new(),
        },
        Err(
            e @ (Error::Io { .. }
            | Error::Usage(_)
            | Error::NotAFile { .. }
            | Error::TooLarge { .. }
            | Error::NotText { .. }),
        ) => FileCheck {
            file,
            status: "unreadable",
            message: format!("error: {e}"),
            warnings: Vec::new(),
        },
        Err(e) => return Err(e),
    })
}

pub fn run(files: &[PathBuf], format: TextJson) -> anyhow::Result<u8> {
    let checks = files
        .iter()
        .map(|f| file_check(f))
        .collect::<Result<Vec<_>, _>>()?;
    let code = if checks.iter().any(|c| c.status != "ok") {
        2
    } else {
        0
    };
    match format {
        TextJson::Json => {
            let body = serde_json::json!({ "files": checks });
            let mut text = serde_json::to_string_pretty(&body)?;
            text.push('\n');
            super::emit_json(&text, None)?;
        }
        TextJson::Text => print_text(&checks)?,
    }
    Ok(code)
}

fn print_text(checks: &[FileCheck]) -> anyhow::Result<()> {
    for c in checks {
        let file = crate::fmt::escape_line(&c.file);
        match c.status {
            "ok" => {
                let mut text = format!("{file}: {}\n", c.message);
                for w in &c.warnings {
                    text.push_str(&format!("{file}: warning: {}\n", w.message));
                }
                super::emit(&text, None)?;
            }
            "invalid" => super::console::say_block(&c.message),
            _ => say!("{}", c.message),
        }
    }
    Ok(())
}
