//! CPLEX LP: the readable model format (CPLEX, Gurobi, SCIP, HiGHS, GLPK read it).
//!
//! Long rows are wrapped (a few terms per line; LP readers join lines), and
//! every bound that differs from the LP default `[0, inf)` is written; integer
//! columns are listed under `General` with their bounds under `Bounds`.

use std::fmt::Write;

use super::{num, Column, LinearModel, Sense};

/// Terms per line.
const PER_LINE: usize = 4;

/// The model as CPLEX LP.
pub(super) fn write(lm: &LinearModel) -> String {
    let mut out = String::new();
    let name: String = lm
        .scenario
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let _ = writeln!(out, "\\ leadplan model of scenario: {name}");
    let _ = writeln!(
        out,
        "\\ {} columns, {} rows; money columns (pay_*) in units of {}",
        lm.columns.len(),
        lm.rows.len(),
        num(lm.money_unit)
    );
    out.push_str(if lm.maximise {
        "Maximize\n"
    } else {
        "Minimize\n"
    });
    out.push_str(" obj:");
    expression(&mut out, lm, &lm.objective);
    out.push_str("\nSubject To\n");
    for r in &lm.rows {
        let _ = write!(out, " {}:", r.name);
        expression(&mut out, lm, &r.terms);
        let op = match r.sense {
            Sense::Le => "<=",
            Sense::Eq => "=",
        };
        let _ = writeln!(out, " {op} {}", num(r.rhs));
    }
    out.push_str("Bounds\n");
    for col in &lm.columns {
        bound(&mut out, col);
    }
    let ints: Vec<&str> = lm
        .columns
        .iter()
        .filter(|c| c.integer)
        .map(|c| c.name.as_str())
        .collect();
    if !ints.is_empty() {
        out.push_str("General\n");
        for chunk in ints.chunks(PER_LINE) {
            let _ = writeln!(out, " {}", chunk.join(" "));
        }
    }
    out.push_str("End\n");
    out
}

/// ` 2 x_a + 0.5 x_b - x_c`, wrapped; an empty expression is `0 <first column>`.
fn expression(out: &mut String, lm: &LinearModel, terms: &[(usize, f64)]) {
    if terms.is_empty() {
        let _ = write!(out, " 0 {}", lm.columns[0].name);
        return;
    }
    for (n, &(k, c)) in terms.iter().enumerate() {
        if n > 0 && n % PER_LINE == 0 {
            out.push_str("\n   ");
        }
        let sign = match (c < 0.0, n) {
            (true, _) => " -",
            (false, 0) => "",
            (false, _) => " +",
        };
        let _ = write!(out, "{sign} {} {}", num(c.abs()), lm.columns[k].name);
    }
}

fn bound(out: &mut String, col: &Column) {
    let n = &col.name;
    let (lo, hi) = (col.lower, col.upper);
    let b = |v: f64| {
        if v == f64::INFINITY {
            "inf".to_string()
        } else if v == f64::NEG_INFINITY {
            "-inf".to_string()
        } else {
            num(v)
        }
    };
    if lo == hi {
        let _ = writeln!(out, " {n} = {}", num(lo));
    } else if lo == f64::NEG_INFINITY && hi == f64::INFINITY {
        let _ = writeln!(out, " {n} free");
    } else if lo != 0.0 || hi != f64::INFINITY || col.integer {
        let _ = writeln!(out, " {} <= {n} <= {}", b(lo), b(hi));
    }
}
