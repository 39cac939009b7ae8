//! Free-format MPS: the sections every MILP solver reads.
//!
//! Names may be longer than the 8 characters of fixed-format MPS, so the file is
//! free MPS (fields separated by spaces, names without spaces). The objective
//! row is `obj`; `OBJSENSE MAX` says it is maximised. Integer columns sit
//! between `MARKER` lines, and every integer column has explicit bounds (some
//! readers give an integer column without bounds an upper bound of 1).

use std::fmt::Write;

use super::{num, Column, LinearModel, Sense};

/// The model as free MPS.
pub(super) fn write(lm: &LinearModel) -> String {
    let mut out = String::new();
    header(&mut out, lm);
    rows(&mut out, lm);
    columns(&mut out, lm);
    rhs(&mut out, lm);
    bounds(&mut out, lm);
    out.push_str("ENDATA\n");
    out
}

fn header(out: &mut String, lm: &LinearModel) {
    let name: String = lm
        .scenario
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let _ = writeln!(out, "* leadplan model of scenario: {name}");
    let _ = writeln!(
        out,
        "* {} columns, {} rows; money columns (pay_*) in units of {}",
        lm.columns.len(),
        lm.rows.len(),
        num(lm.money_unit)
    );
    out.push_str("NAME leadplan\nOBJSENSE\n");
    out.push_str(if lm.maximise {
        "    MAX\n"
    } else {
        "    MIN\n"
    });
}

fn rows(out: &mut String, lm: &LinearModel) {
    out.push_str("ROWS\n N  obj\n");
    for r in &lm.rows {
        let kind = match r.sense {
            Sense::Le => 'L',
            Sense::Eq => 'E',
        };
        let _ = writeln!(out, " {kind}  {}", r.name);
    }
}

/// Each column's entries: the objective first, then rows in row order.
fn by_column(lm: &LinearModel) -> Vec<Vec<(&str, f64)>> {
    let mut cols: Vec<Vec<(&str, f64)>> = vec![Vec::new(); lm.columns.len()];
    for &(k, c) in &lm.objective {
        cols[k].push(("obj", c));
    }
    for r in &lm.rows {
        for &(k, c) in &r.terms {
            cols[k].push((&r.name, c));
        }
    }
    cols
}

fn columns(out: &mut String, lm: &LinearModel) {
    out.push_str("COLUMNS\n");
    let entries = by_column(lm);
    let mut in_int = false;
    for (k, col) in lm.columns.iter().enumerate() {
        if col.integer != in_int {
            let tag = if col.integer { "INTORG" } else { "INTEND" };
            let _ = writeln!(out, "    MARKER  'MARKER'  '{tag}'");
            in_int = col.integer;
        }
        if entries[k].is_empty() {
            // A column in no row still has to be declared.
            let _ = writeln!(out, "    {}  obj  0", col.name);
        }
        for (row, c) in &entries[k] {
            let _ = writeln!(out, "    {}  {row}  {}", col.name, num(*c));
        }
    }
    if in_int {
        out.push_str("    MARKER  'MARKER'  'INTEND'\n");
    }
}

fn rhs(out: &mut String, lm: &LinearModel) {
    out.push_str("RHS\n");
    for r in lm.rows.iter().filter(|r| r.rhs != 0.0) {
        let _ = writeln!(out, "    RHS  {}  {}", r.name, num(r.rhs));
    }
}

fn bounds(out: &mut String, lm: &LinearModel) {
    out.push_str("BOUNDS\n");
    for col in &lm.columns {
        bound(out, col);
    }
}

/// Bounds differing from MPS's default `[0, inf)`; integer columns always get both.
fn bound(out: &mut String, col: &Column) {
    let n = &col.name;
    let (lo, hi) = (col.lower, col.upper);
    if lo == hi {
        let _ = writeln!(out, " FX BND  {n}  {}", num(lo));
        return;
    }
    if lo == f64::NEG_INFINITY && hi == f64::INFINITY {
        let _ = writeln!(out, " FR BND  {n}");
        return;
    }
    if lo == f64::NEG_INFINITY {
        let _ = writeln!(out, " MI BND  {n}");
    } else if lo != 0.0 || col.integer || hi < 0.0 {
        let _ = writeln!(out, " LO BND  {n}  {}", num(lo));
    }
    if hi != f64::INFINITY {
        let _ = writeln!(out, " UP BND  {n}  {}", num(hi));
    } else if col.integer {
        let _ = writeln!(out, " PL BND  {n}");
    }
}
