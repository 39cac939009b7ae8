//! `runs.csv` read back column by column: the runs of `runs.jsonl`, from
//! only the columns a reader needs.
//!
//! The CSV holds the same numbers as the JSON lines in the same shortest exact
//! form, so a run read here equals the run read from `runs.jsonl` field for
//! field (a test holds them equal); it lacks only the blame of failed runs.
//! The file is split into records in one pass ([`super::csv_scan`]), then
//! records are parsed in parallel chunks and gathered in file order, so the
//! result and the first error reported never depend on the thread count.
//!
//! The same checks as for the JSON lines: the header must name every column
//! needed; every record must end with its line end, hold as many cells as the
//! header, and carry run ids 0, 1, 2, ... in order, as many as the design has;
//! numbers must be numbers and lead ids countries of the scenario. Each failure
//! names the file, the line and the column.

use std::io::Read;
use std::path::Path;

use rayon::prelude::*;

use super::convert::resume_hint;
use super::csv_scan::{scan, Cells, Record};
use super::{raw, Run};
use crate::csv_safe::restore;
use crate::error::Error;
use crate::scenario::Scenario;

/// Records parsed per parallel task.
const CHUNK: usize = 2048;

/// Bytes read per block (about 10,000 runs of 42 parameters).
const BLOCK: usize = 8 << 20;

fn at(path: &Path, line: usize, msg: impl std::fmt::Display) -> Error {
    Error::Usage(format!("{}:{line}: {msg}", path.display()))
}

/// What a column is for.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Role {
    Skip,
    Run,
    Status,
    Objective,
    Feasible,
    Regret,
    Value(usize),
    Lead(usize),
}

/// The header: the role of each column, and their names.
struct Layout {
    roles: Vec<Role>,
    names: Vec<String>,
    params: usize,
    tasks: usize,
}

fn layout(
    header: &[u8],
    path: &Path,
    m: &raw::Manifest,
    s: &Scenario,
    leads: bool,
) -> Result<Layout, Error> {
    let names: Vec<String> = Cells::new(header)
        .map(|c| restore(&String::from_utf8_lossy(&c)).to_string())
        .collect();
    let mut roles = vec![Role::Skip; names.len()];
    let mut place = |name: &str, role: Role| {
        // names are written with control and bidirectional characters escaped
        let name = &*crate::fmt::escape_block(name);
        match names.iter().position(|n| n == name) {
        Some(i) => {
            roles[i] = role;
            Ok(())
        }
        None => Err(at(path, 1, format!(
            "no column `{name}`; the results belong to another scenario or leadplan version: run the sweep again"
        ))),
    }
    };
    place("run", Role::Run)?;
    place("status", Role::Status)?;
    place("objective", Role::Objective)?;
    place("baseline_feasible", Role::Feasible)?;
    place("regret", Role::Regret)?;
    for (j, p) in m.parameters.iter().enumerate() {
        place(p, Role::Value(j))?;
    }
    if leads {
        for (t, task) in s.tasks.iter().enumerate() {
            place(&format!("lead.{}", task.id), Role::Lead(t))?;
        }
    }
    Ok(Layout {
        roles,
        names,
        params: m.parameters.len(),
        tasks: if leads { s.tasks.len() } else { 0 },
    })
}

fn text<'a>(cell: &'a [u8], col: &str) -> Result<&'a str, String> {
    std::str::from_utf8(cell)
        .map(restore)
        .map_err(|_| format!("column `{col}`: the cell is not UTF-8 text; run the sweep again"))
}

fn number(cell: &[u8], col: &str) -> Result<Option<f64>, String> {
    if cell.is_empty() {
        return Ok(None);
    }
    std::str::from_utf8(cell)
        .ok()
        .and_then(|t| t.parse::<f64>().ok())
        .map(Some)
        .ok_or_else(|| {
            let shown = String::from_utf8_lossy(cell);
            format!("column `{col}`: `{shown}` is not a number; run the sweep again")
        })
}

/// The country whose id is `id` as written in a cell: as it is, or with its
/// control and bidirectional characters escaped ([`crate::csv_safe::neutralise`]).
fn country_of_cell(s: &Scenario, id: &str) -> Option<usize> {
    s.country_index(id).or_else(|| {
        s.countries
            .iter()
            .position(|c| crate::fmt::escape_block(&c.id) == id)
    })
}

fn lead_ids(cell: &str, s: &Scenario) -> Result<Vec<usize>, String> {
    cell.split('+')
        .filter(|id| !id.is_empty())
        .map(|id| {
            country_of_cell(s, id).ok_or_else(|| {
                format!("country `{id}` is not in the scenario; the results belong to another scenario: run the sweep again")
            })
        })
        .collect()
}

/// One record as a run.
fn parse(rec: &[u8], l: &Layout, s: &Scenario) -> Result<Run, String> {
    let mut run = Run {
        run: 0,
        status: String::new(),
        objective: None,
        baseline_feasible: None,
        regret: None,
        values: vec![f64::NAN; l.params],
        leads: Vec::new(),
        blame: None,
    };
    let mut leads = vec![Vec::new(); l.tasks];
    let mut width = 0;
    for (i, cell) in Cells::new(rec).enumerate() {
        width += 1;
        let role = l.roles.get(i).copied().unwrap_or(Role::Skip);
        let col = || l.names.get(i).map_or("", String::as_str);
        match role {
            Role::Skip => {}
            Role::Run => {
                run.run = text(&cell, col())?.parse().map_err(|_| {
                    format!(
                        "column `run`: `{}` is not a run id; run the sweep again",
                        String::from_utf8_lossy(&cell)
                    )
                })?
            }
            Role::Status => run.status = text(&cell, col())?.to_string(),
            Role::Objective => run.objective = number(&cell, col())?,
            Role::Regret => run.regret = number(&cell, col())?,
            Role::Feasible => {
                run.baseline_feasible = match &cell[..] {
                    b"true" => Some(true),
                    b"false" => Some(false),
                    b"" => None,
                    _ => {
                        return Err(format!(
                            "column `{}`: write true, false or nothing; run the sweep again",
                            col()
                        ))
                    }
                }
            }
            Role::Value(j) => run.values[j] = number(&cell, col())?.unwrap_or(f64::NAN),
            Role::Lead(t) => leads[t] = lead_ids(text(&cell, col())?, s)?,
        }
    }
    if width != l.roles.len() {
        return Err(format!(
            "{width} cells where the header has {}; the file is damaged: run the sweep again",
            l.roles.len()
        ));
    }
    // Runs with a plan list their leads (a task may have none); others none.
    if matches!(run.status.as_str(), "optimal" | "time_limit") {
        run.leads = leads;
    } else if leads.iter().any(|x| !x.is_empty()) {
        return Err(format!(
            "run {} has no plan but lists leads; the file is damaged: run the sweep again",
            run.run
        ));
    }
    Ok(run)
}

/// Records parsed in parallel chunks, in file order; the first failing
/// record (in file order) is the error.
fn parse_all(
    bytes: &[u8],
    recs: &[Record],
    l: &Layout,
    s: &Scenario,
    path: &Path,
) -> Result<Vec<Run>, Error> {
    let chunks: Vec<Result<Vec<Run>, Error>> = recs
        .par_chunks(CHUNK)
        .map(|chunk| {
            chunk
                .iter()
                .map(|r| parse(&bytes[r.start..r.end], l, s).map_err(|e| at(path, r.line, e)))
                .collect()
        })
        .collect();
    let mut out = Vec::with_capacity(recs.len());
    for c in chunks {
        out.extend(c?);
    }
    Ok(out)
}

/// Reads from `input` until `buf` holds `more` bytes more, or to the end; whether it ended.
fn fill(input: &mut impl Read, buf: &mut Vec<u8>, more: usize, path: &Path) -> Result<bool, Error> {
    let want = buf.len() + more;
    while buf.len() < want {
        let n = input
            .by_ref()
            .take((want - buf.len()) as u64)
            .read_to_end(buf)
            .map_err(|e| Error::Io {
                path: path.display().to_string(),
                source: e,
            })?;
        if n == 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The runs of one block's records, checked to continue the run ids of `out`.
fn take_block(
    block: &[u8],
    recs: &[Record],
    l: &Layout,
    s: &Scenario,
    path: &Path,
    out: &mut Vec<Run>,
) -> Result<(), Error> {
    let runs = parse_all(block, recs, l, s, path)?;
    for (run, rec) in runs.into_iter().zip(recs) {
        let k = out.len() as u64;
        if run.run != k {
            let msg = format!(
                "run {} where run {k} was expected; run the sweep again",
                run.run
            );
            return Err(at(path, rec.line, msg));
        }
        out.push(run);
    }
    Ok(())
}

/// Reads every run; lead columns only when `leads` (else each run's leads are empty).
///
/// The file is read in blocks of [`BLOCK`] bytes (never held whole); each
/// block's complete records are parsed in parallel, the unfinished last one
/// carried into the next block.
pub fn read(path: &Path, m: &raw::Manifest, s: &Scenario, leads: bool) -> Result<Vec<Run>, Error> {
    let dir = path.parent().unwrap_or(Path::new("."));
    if !path.exists() {
        return Err(Error::Usage(format!(
            "{} is missing; {}",
            path.display(),
            resume_hint(dir)
        )));
    }
    let mut input = crate::input::open_bounded(path, crate::input::InputKind::SweepResult)?;
    read_from(&mut input, path, m, s, leads, BLOCK)
}

/// [`read`] from `input`, `block` bytes at a time.
fn read_from(
    input: &mut impl Read,
    path: &Path,
    m: &raw::Manifest,
    s: &Scenario,
    leads: bool,
    block: usize,
) -> Result<Vec<Run>, Error> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut buf: Vec<u8> = Vec::with_capacity(block);
    let (mut line, mut layout_, mut out) = (1, None, Vec::new());
    let mut first = true;
    loop {
        let eof = fill(input, &mut buf, block, path)?;
        // A byte-order mark is dropped once its three bytes are in.
        if first && buf.len() < 3 && !eof {
            continue;
        }
        let skip = if first && buf.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        first = false;
        let block = &buf[skip..];
        let sc = scan(block, line);
        if eof && sc.rest < block.len() {
            let what = if sc.in_quotes {
                "ends inside a quoted cell"
            } else {
                "is cut short"
            };
            return Err(at(
                path,
                sc.rest_line,
                format!("the last line {what}; {}", resume_hint(dir)),
            ));
        }
        let mut recs = &sc.records[..];
        if layout_.is_none() {
            if let Some((h, rest)) = recs.split_first() {
                layout_ = Some(layout(&block[h.start..h.end], path, m, s, leads)?);
                recs = rest;
            }
        }
        if let Some(l) = &layout_ {
            take_block(block, recs, l, s, path, &mut out)?;
        }
        line = sc.rest_line;
        buf.drain(..skip + sc.rest);
        if eof {
            break;
        }
    }
    if layout_.is_none() {
        return Err(at(
            path,
            1,
            format!("the file is empty; {}", resume_hint(dir)),
        ));
    }
    // Never sized from the manifest: checked against the records.
    if (out.len() as u64) < m.runs {
        let msg = format!(
            "the file holds {} of the design's {} runs; {}",
            out.len(),
            m.runs,
            resume_hint(dir)
        );
        return Err(at(path, line.saturating_sub(1).max(1), msg));
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
