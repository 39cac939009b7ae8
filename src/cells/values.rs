//! Typed values out of cells: a number, a piece of text or a yes/no, each bad
//! cell reported at its reference with what was found and how to fix it.

use super::grid::Cell;
use super::table::{Cx, Table};

/// What a cell held.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Got<T> {
    /// Nothing (blank, or a formula without a saved value, already reported).
    Empty,
    /// Something unusable (already reported).
    Bad,
    /// A usable value.
    Val(T),
}

impl<T> Got<T> {
    /// The value, if usable.
    pub(crate) fn ok(self) -> Option<T> {
        match self {
            Got::Val(v) => Some(v),
            _ => None,
        }
    }
}

fn report(
    cx: &mut Cx,
    t: &Table,
    pos: (u32, u32),
    cell: &Cell,
    what: &str,
    want: &str,
    hint: &str,
) {
    let found = match cell {
        Cell::Text(_) => "text",
        Cell::Number(_) => "a number",
        Cell::Bool(_) => "TRUE/FALSE",
        Cell::Date(_) => "a date",
        Cell::Error(_) => "an error value",
    };
    cx.error(
        &t.at(pos),
        &cell.shown(),
        format!("{what} must be {want}, found {found} `{}`", cell.shown()),
        hint.to_string(),
    );
}

/// A number; numeric text (`0.8`, as in CSV files) counts as a number.
pub(crate) fn number(cx: &mut Cx, t: &Table, pos: (u32, u32), what: &str) -> Got<f64> {
    let Some(cell) = t.cell(cx, pos).cloned() else {
        return Got::Empty;
    };
    match &cell {
        Cell::Number(x) => return Got::Val(*x),
        Cell::Text(s) => {
            if let Ok(x) = s.trim().parse::<f64>() {
                if x.is_finite() {
                    return Got::Val(x);
                }
            }
        }
        _ => {}
    }
    let hint = match &cell {
        Cell::Text(s) if s.contains(',') && s.replace(',', ".").trim().parse::<f64>().is_ok() => {
            "write the decimal with a point (0.8, not 0,8), or format the cell as a number"
        }
        Cell::Error(_) => "fix the formula or input that gives this error, or type the number",
        Cell::Date(_) => "format the cell as a number (the spreadsheet took the value for a date)",
        _ => "type a number here (for example 0.8); notes belong in a `notes` column",
    };
    report(cx, t, pos, &cell, what, "a number", hint);
    Got::Bad
}

/// Text; a number is taken as its text (an id such as `7`).
pub(crate) fn text(cx: &mut Cx, t: &Table, pos: (u32, u32), what: &str) -> Got<String> {
    let Some(cell) = t.cell(cx, pos).cloned() else {
        return Got::Empty;
    };
    match &cell {
        Cell::Text(s) => Got::Val(s.trim().to_string()),
        Cell::Number(_) => Got::Val(cell.shown()),
        _ => {
            report(cx, t, pos, &cell, what, "text", "type the text here");
            Got::Bad
        }
    }
}

/// TRUE/FALSE, or yes/no, true/false, 1/0 as text or number.
pub(crate) fn boolean(cx: &mut Cx, t: &Table, pos: (u32, u32), what: &str) -> Got<bool> {
    let Some(cell) = t.cell(cx, pos).cloned() else {
        return Got::Empty;
    };
    let v = match &cell {
        Cell::Bool(b) => Some(*b),
        Cell::Number(x) if *x == 1.0 => Some(true),
        Cell::Number(x) if *x == 0.0 => Some(false),
        Cell::Text(s) => match s.trim().to_lowercase().as_str() {
            "true" | "yes" | "y" | "1" => Some(true),
            "false" | "no" | "n" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    };
    match v {
        Some(b) => Got::Val(b),
        None => {
            report(
                cx,
                t,
                pos,
                &cell,
                what,
                "TRUE or FALSE",
                "type TRUE or FALSE (yes/no also work)",
            );
            Got::Bad
        }
    }
}
