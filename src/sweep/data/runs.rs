//! `runs.jsonl`: one JSON object per run, read back whole or refused.
//!
//! The file is complete when it holds one newline-terminated line per run of the
//! design, runs numbered 0, 1, 2, ... in order. A last line without its newline,
//! a line that is not JSON, a missing run or an id the scenario does not know is
//! an error naming the line.

use std::path::Path;

use serde_json::Value;

use super::convert::resume_hint;
use super::{raw, Run};
use crate::error::Error;
use crate::scenario::Scenario;
use std::io::BufRead;

fn at(path: &Path, line: usize, msg: impl std::fmt::Display) -> Error {
    Error::Usage(format!("{}:{line}: {msg}", path.display()))
}

/// Reads every run.
pub fn read(path: &Path, m: &raw::Manifest, s: &Scenario) -> Result<Vec<Run>, Error> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut input = crate::input::open_bounded(path, crate::input::InputKind::SweepResult)?;
    // Never sized from the manifest: it is not trusted (and is checked
    // against the file's lines below).
    let mut out = Vec::new();
    let mut text = String::new();
    let mut line = 0;
    loop {
        text.clear();
        let n = input.read_line(&mut text).map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => at(
                path,
                line + 1,
                "the line is not UTF-8 text; run the sweep again",
            ),
            _ => Error::Io {
                path: path.display().to_string(),
                source: e,
            },
        })?;
        if n == 0 {
            break;
        }
        line += 1;
        let Some(body) = text.strip_suffix('\n') else {
            return Err(at(
                path,
                line,
                format!("the last line is cut short; {}", resume_hint(dir)),
            ));
        };
        let body = match line {
            1 => body.strip_prefix('\u{feff}').unwrap_or(body),
            _ => body,
        };
        let run = parse(body, path, line, m, s)?;
        if run.run != out.len() as u64 {
            return Err(at(
                path,
                line,
                format!(
                    "run {} where run {} was expected; run the sweep again",
                    run.run,
                    out.len()
                ),
            ));
        }
        out.push(run);
    }
    if (out.len() as u64) < m.runs {
        return Err(at(
            path,
            line,
            format!(
                "the file holds {} of the design's {} runs; {}",
                out.len(),
                m.runs,
                resume_hint(dir)
            ),
        ));
    }
    Ok(out)
}

pub(super) fn parse(
    text: &str,
    path: &Path,
    line: usize,
    m: &raw::Manifest,
    s: &Scenario,
) -> Result<Run, Error> {
    let raw: raw::Run = serde_json::from_str(text).map_err(|e| {
        let hint = if e.is_eof() {
            resume_hint(path.parent().unwrap_or(Path::new(".")))
        } else {
            "run the sweep again".into()
        };
        at(path, line, format!("not a run record ({e}); {hint}"))
    })?;
    let values = m
        .parameters
        .iter()
        .map(|p| {
            raw.values
                .get(p)
                .and_then(Value::as_f64)
                .unwrap_or(f64::NAN)
        })
        .collect();
    let mut leads = Vec::new();
    if let Some(map) = &raw.leads {
        for t in &s.tasks {
            let ids = map.get(&t.id).and_then(Value::as_array).ok_or_else(|| {
                at(path, line, format!("no leads for task `{}`; the results belong to another scenario: run the sweep again", t.id))
            })?;
            let row: Result<Vec<usize>, Error> = ids
                .iter()
                .map(|v| {
                    let id = v.as_str().unwrap_or("");
                    s.country_index(id).ok_or_else(|| {
                        at(path, line, format!("country `{id}` is not in the scenario; the results belong to another scenario: run the sweep again"))
                    })
                })
                .collect();
            leads.push(row?);
        }
    }
    Ok(Run {
        run: raw.run,
        status: raw.status,
        objective: raw.objective,
        baseline_feasible: raw.baseline_feasible,
        regret: raw.regret,
        values,
        leads,
        blame: raw.blame,
    })
}
