//! `runs.parquet`: one typed column per field of a run record.
//!
//! The columns are those of `runs.csv`, in its order and under its names: run,
//! status, objective, baseline_feasible, baseline_objective, regret, one
//! column per parameter, one `lead.<task>` column per task (lead country ids
//! joined with `+`, empty when the task has no lead, null without a plan),
//! message, and blame (the constraint family a failed run's diagnosis blames,
//! as in `runs.jsonl`; not in `runs.csv`). Numbers are typed (INT64, DOUBLE, BOOLEAN) and exact; a value the
//! other formats leave empty is null. The fixed fields are one table,
//! [`HEAD`] and [`TAIL`]: adding a field to the record is one line there.
//!
//! Reading back is strict: a row is decoded into a record, and the record
//! encoded again must give the very cells read. That is the Parquet form of
//! "each JSON line is exactly what the sweep writes for its record", which
//! `--resume` and `merge` require before they reuse a run.

pub(crate) mod read;
pub(crate) mod write;

use super::run::{BaselineValue, RunRecord, Status};
use super::spec::Sweep;

/// A column's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// INT64.
    Int,
    /// DOUBLE.
    Double,
    /// BOOLEAN.
    Bool,
    /// UTF-8 string.
    Text,
}

/// One cell.
#[derive(Clone, Debug)]
pub(crate) enum Cell {
    Null,
    Int(i64),
    Double(f64),
    Bool(bool),
    Text(String),
}

impl PartialEq for Cell {
    /// Doubles compare by their bits: the file must hold the exact value.
    fn eq(&self, other: &Cell) -> bool {
        match (self, other) {
            (Cell::Null, Cell::Null) => true,
            (Cell::Int(a), Cell::Int(b)) => a == b,
            (Cell::Double(a), Cell::Double(b)) => a.to_bits() == b.to_bits(),
            (Cell::Bool(a), Cell::Bool(b)) => a == b,
            (Cell::Text(a), Cell::Text(b)) => a == b,
            _ => false,
        }
    }
}

/// One column of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Column {
    pub name: String,
    pub kind: Kind,
    /// Whether it may hold nulls (run and status never do).
    pub nullable: bool,
}

/// A fixed field: its column, how a record gives its cell, and how the cell
/// goes back into a record (fields are set in column order).
struct Field {
    name: &'static str,
    kind: Kind,
    nullable: bool,
    get: fn(&RunRecord) -> Cell,
    set: fn(&mut RunRecord, &Cell) -> Result<(), String>,
}

fn double(x: Option<f64>) -> Cell {
    x.filter(|v| v.is_finite()).map_or(Cell::Null, Cell::Double)
}

fn as_double(c: &Cell) -> Option<f64> {
    match c {
        Cell::Double(x) => Some(*x),
        _ => None,
    }
}

fn ignore(_: &mut RunRecord, _: &Cell) -> Result<(), String> {
    Ok(()) // derived from other fields; the re-encoding check compares it
}

/// The fields before the parameter columns.
const HEAD: [Field; 6] = [
    Field {
        name: "run",
        kind: Kind::Int,
        nullable: false,
        get: |r| Cell::Int(r.run as i64),
        set: |r, c| match c {
            Cell::Int(i) if *i >= 0 => {
                r.run = *i as u64;
                Ok(())
            }
            _ => Err("no run id".into()),
        },
    },
    Field {
        name: "status",
        kind: Kind::Text,
        nullable: false,
        get: |r| Cell::Text(r.status.name().into()),
        set: |r, c| match c {
            Cell::Text(s) => Status::from_name(s)
                .map(|s| r.status = s)
                .ok_or_else(|| format!("unknown status `{s}`")),
            _ => Err("no status".into()),
        },
    },
    Field {
        name: "objective",
        kind: Kind::Double,
        nullable: true,
        get: |r| double(r.objective),
        set: |r, c| {
            r.objective = as_double(c);
            Ok(())
        },
    },
    Field {
        name: "baseline_feasible",
        kind: Kind::Bool,
        nullable: true,
        get: |r| match r.baseline {
            BaselineValue::Unknown => Cell::Null,
            BaselineValue::Infeasible => Cell::Bool(false),
            BaselineValue::Feasible(_) => Cell::Bool(true),
        },
        set: |r, c| {
            r.baseline = match c {
                Cell::Bool(true) => BaselineValue::Feasible(f64::NAN),
                Cell::Bool(false) => BaselineValue::Infeasible,
                _ => BaselineValue::Unknown,
            };
            Ok(())
        },
    },
    Field {
        name: "baseline_objective",
        kind: Kind::Double,
        nullable: true,
        get: |r| match r.baseline {
            BaselineValue::Feasible(b) => double(Some(b)),
            _ => Cell::Null,
        },
        set: |r, c| {
            if let BaselineValue::Feasible(_) = r.baseline {
                r.baseline = as_double(c).map_or(BaselineValue::Unknown, BaselineValue::Feasible);
            }
            Ok(())
        },
    },
    Field {
        name: "regret",
        kind: Kind::Double,
        nullable: true,
        get: |r| double(r.regret()),
        set: ignore,
    },
];

/// The fields after the lead columns.
const TAIL: [Field; 2] = [
    Field {
        name: "message",
        kind: Kind::Text,
        nullable: true,
        get: |r| match r.message.is_empty() {
            true => Cell::Null,
            false => Cell::Text(r.message.clone()),
        },
        set: |r, c| {
            r.message = match c {
                Cell::Text(s) => s.clone(),
                _ => String::new(),
            };
            Ok(())
        },
    },
    // The constraint family a failed run's diagnosis blames (JSON Lines: `blame`).
    Field {
        name: "blame",
        kind: Kind::Text,
        nullable: true,
        get: |r| r.blame.clone().map_or(Cell::Null, Cell::Text),
        set: |r, c| {
            r.blame = match c {
                Cell::Text(s) => Some(s.clone()),
                _ => None,
            };
            Ok(())
        },
    },
];

fn fixed(f: &Field) -> Column {
    Column {
        name: f.name.into(),
        kind: f.kind,
        nullable: f.nullable,
    }
}

/// The columns `sweep` writes, in order.
pub(crate) fn columns(sweep: &Sweep) -> Vec<Column> {
    let mut cols: Vec<Column> = HEAD.iter().map(fixed).collect();
    cols.extend(sweep.params.iter().map(|p| Column {
        name: p.name.clone(),
        kind: Kind::Double,
        nullable: true,
    }));
    cols.extend(sweep.scenario.tasks.iter().map(|t| Column {
        name: format!("lead.{}", t.id),
        kind: Kind::Text,
        nullable: true,
    }));
    cols.extend(TAIL.iter().map(fixed));
    cols
}

/// The cells of one record, in column order.
pub(crate) fn cells(sweep: &Sweep, r: &RunRecord) -> Vec<Cell> {
    let mut out: Vec<Cell> = HEAD.iter().map(|f| (f.get)(r)).collect();
    out.extend(r.values.iter().map(|v| double(Some(*v))));
    let countries = &sweep.scenario.countries;
    out.extend((0..sweep.scenario.tasks.len()).map(|t| {
        r.leads.get(t).map_or(Cell::Null, |l| {
            let ids: Vec<&str> = l.iter().map(|&c| countries[c].id.as_str()).collect();
            Cell::Text(ids.join("+"))
        })
    }));
    out.extend(TAIL.iter().map(|f| (f.get)(r)));
    out
}

/// Country indices of a `lead.<task>` cell (`JP+KR`; empty: no lead).
fn leads_of(sweep: &Sweep, text: &str) -> Result<Vec<usize>, String> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    text.split('+')
        .map(|id| {
            sweep
                .scenario
                .country_index(id)
                .ok_or_else(|| format!("country `{id}` is not in the scenario"))
        })
        .collect()
}

/// The record a row holds (without timing), checked to be exactly what the
/// sweep writes for it: re-encoded, it gives the same cells.
pub(crate) fn record(sweep: &Sweep, row: &[Cell]) -> Result<RunRecord, String> {
    let (np, nt) = (sweep.params.len(), sweep.scenario.tasks.len());
    if row.len() != HEAD.len() + np + nt + TAIL.len() {
        return Err("other columns than this sweep writes".into());
    }
    let mut r = RunRecord {
        run: 0,
        values: Vec::with_capacity(np),
        status: Status::Panic,
        message: String::new(),
        objective: None,
        leads: Vec::new(),
        baseline: BaselineValue::Unknown,
        seconds: 0.0,
        blame: None,
    };
    let (head, rest) = row.split_at(HEAD.len());
    let (values, rest) = rest.split_at(np);
    let (leads, tail) = rest.split_at(nt);
    for (f, c) in HEAD.iter().zip(head) {
        (f.set)(&mut r, c).map_err(|e| format!("{}: {e}", f.name))?;
    }
    r.values = values
        .iter()
        .map(|c| as_double(c).unwrap_or(f64::NAN))
        .collect();
    for c in leads {
        if let Cell::Text(s) = c {
            r.leads.push(leads_of(sweep, s)?);
        }
    }
    for (f, c) in TAIL.iter().zip(tail) {
        (f.set)(&mut r, c).map_err(|e| format!("{}: {e}", f.name))?;
    }
    if cells(sweep, &r) != row {
        return Err("is not the record the sweep wrote for this run".into());
    }
    Ok(r)
}
