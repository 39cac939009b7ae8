//! `runs.parquet` read back for charts and reports: the runs of `runs.jsonl`,
//! from typed columns.
//!
//! The file is complete when it holds one row per run of the design, runs
//! numbered 0, 1, 2, ... in order, with the columns the manifest and scenario
//! name. A missing column, a missing run or an id the scenario does not know is
//! an error naming the file and row.

use std::path::Path;

use super::convert::resume_hint;
use super::{raw, Run};
use crate::error::Error;
use crate::scenario::Scenario;
use crate::sweep::columnar::read::ParquetRows;
use crate::sweep::columnar::Cell;

fn at(path: &Path, row: u64, msg: impl std::fmt::Display) -> Error {
    Error::Usage(format!("{} row {row}: {msg}", path.display()))
}

/// Where each field of [`Run`] is among the file's columns.
struct Layout {
    run: usize,
    status: usize,
    objective: usize,
    baseline_feasible: usize,
    regret: usize,
    /// Absent in files written before failed runs carried their blame.
    blame: Option<usize>,
    values: Vec<usize>,
    leads: Vec<usize>,
}

fn layout(rows: &ParquetRows, m: &raw::Manifest, s: &Scenario) -> Result<Layout, Error> {
    let find = |name: &str| {
        rows.index(name).ok_or_else(|| {
            Error::Usage(format!(
                "{} has no column `{name}`; the results belong to another scenario or leadplan version: run the sweep again",
                rows.path.display()
            ))
        })
    };
    Ok(Layout {
        run: find("run")?,
        status: find("status")?,
        objective: find("objective")?,
        baseline_feasible: find("baseline_feasible")?,
        regret: find("regret")?,
        blame: rows.index("blame"),
        values: m
            .parameters
            .iter()
            .map(|p| find(p))
            .collect::<Result<_, _>>()?,
        leads: s
            .tasks
            .iter()
            .map(|t| find(&format!("lead.{}", t.id)))
            .collect::<Result<_, _>>()?,
    })
}

fn number(c: &Cell) -> Option<f64> {
    match c {
        Cell::Double(x) => Some(*x),
        _ => None,
    }
}

fn run(cells: &[Cell], l: &Layout, s: &Scenario) -> Result<Run, String> {
    let Cell::Int(id) = cells[l.run] else {
        return Err("no run id".into());
    };
    let Cell::Text(status) = &cells[l.status] else {
        return Err("no status".into());
    };
    let mut leads = Vec::new();
    for &c in &l.leads {
        if let Cell::Text(ids) = &cells[c] {
            let row = ids
                .split('+')
                .filter(|id| !id.is_empty())
                .map(|id| {
                    s.country_index(id).ok_or_else(|| {
                        format!("country `{id}` is not in the scenario; the results belong to another scenario: run the sweep again")
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            leads.push(row);
        }
    }
    Ok(Run {
        run: u64::try_from(id).map_err(|_| "a negative run id")?,
        status: status.clone(),
        objective: number(&cells[l.objective]),
        baseline_feasible: match cells[l.baseline_feasible] {
            Cell::Bool(b) => Some(b),
            _ => None,
        },
        regret: number(&cells[l.regret]),
        values: l
            .values
            .iter()
            .map(|&c| number(&cells[c]).unwrap_or(f64::NAN))
            .collect(),
        leads,
        blame: match l.blame.map(|c| &cells[c]) {
            Some(Cell::Text(b)) => Some(b.clone()),
            _ => None,
        },
    })
}

/// Reads every run.
pub fn read(path: &Path, m: &raw::Manifest, s: &Scenario) -> Result<Vec<Run>, Error> {
    let dir = path.parent().unwrap_or(Path::new("."));
    if !path.exists() {
        return Err(Error::Usage(format!(
            "{} is missing; {}",
            path.display(),
            resume_hint(dir)
        )));
    }
    let rows = ParquetRows::open(path)?;
    let l = layout(&rows, m, s)?;
    let (path, total) = (rows.path.clone(), rows.rows);
    // Never sized from the manifest or the footer alone: checked row by row.
    let mut out = Vec::new();
    for (k, cells) in rows.enumerate() {
        let k = k as u64 + 1;
        let r = cells
            .and_then(|c| run(&c, &l, s))
            .map_err(|e| at(&path, k, e))?;
        if r.run != out.len() as u64 {
            let what = format!(
                "run {} where run {} was expected; run the sweep again",
                r.run,
                out.len()
            );
            return Err(at(&path, k, what));
        }
        out.push(r);
    }
    if (out.len() as u64) < m.runs {
        return Err(at(
            &path,
            total,
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
