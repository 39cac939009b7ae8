//! An id x dimension matrix (`capabilities`, `requirements`): the first column
//! names the row (`country` or `task`), every other header is a dimension.
//! Shared by `leadplan import` and by scenarios that reference a capability
//! matrix directly (`capabilities = "scores.csv"`).

use std::collections::BTreeMap;

use super::grid::{Cell, Sheet};
use super::table::{self, Cx};
use super::values::{number, text, Got};

/// One value with where it came from.
#[derive(Debug, Clone)]
pub(crate) struct Located<T> {
    pub(crate) value: T,
    /// `sheet!C7`.
    pub(crate) at: String,
    /// The cell as shown.
    pub(crate) shown: String,
}

/// One row of the matrix.
#[derive(Debug, Clone)]
pub(crate) struct MatrixRow {
    pub(crate) id: Located<String>,
    /// (dimension, value) in column order; blank cells are left out.
    pub(crate) values: Vec<(String, Located<f64>)>,
}

/// A whole matrix.
#[derive(Debug, Clone)]
pub(crate) struct Matrix {
    /// Dimensions, in column order, with their header cell.
    pub(crate) dims: Vec<Located<String>>,
    pub(crate) rows: Vec<MatrixRow>,
}

/// Reads `sheet` as a matrix whose first column is `id_col`. `blank_ok`: a blank
/// cell means "not given" (requirements); otherwise it is an error (scores).
pub(crate) fn read(cx: &mut Cx, sheet: &Sheet, id_col: &str, blank_ok: bool) -> Option<Matrix> {
    let t = table::read(cx, sheet, &[id_col], &|_| true)?;
    let Some(idc) = t.col(id_col) else {
        let first = t
            .columns
            .first()
            .map(|(k, _)| k.clone())
            .unwrap_or_default();
        cx.error(
            &sheet.name,
            &first,
            format!("sheet `{}` has no `{id_col}` column", sheet.name),
            format!("make the first header `{id_col}`, with one {id_col} id per row below it"),
        );
        return None;
    };
    let header_row = sheet.cells.keys().next().map_or(0, |k| k.0);
    let dims: Vec<(Located<String>, u32)> = t
        .columns
        .iter()
        .filter(|(k, _)| k != id_col)
        .map(|(_, c)| {
            let shown = sheet
                .cells
                .get(&(header_row, *c))
                .map(Cell::shown)
                .unwrap_or_default();
            let value = shown.trim().to_string();
            (
                Located {
                    value,
                    at: t.at((header_row, *c)),
                    shown,
                },
                *c,
            )
        })
        .collect();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut rows = Vec::new();
    for &r in &t.rows {
        let id = match text(cx, &t, (r, idc), id_col) {
            Got::Val(id) => id,
            Got::Empty => {
                t.missing(cx, (r, idc), &format!("{id_col} id"));
                continue;
            }
            Got::Bad => continue,
        };
        let at = t.at((r, idc));
        if let Some(first) = seen.get(&id) {
            cx.error(
                &at,
                &id,
                format!("{id_col} `{id}` has a second row here (first at {first})"),
                "merge the two rows into one, or fix the id".into(),
            );
            continue;
        }
        seen.insert(id.clone(), at.clone());
        let mut values = Vec::new();
        for (dim, c) in &dims {
            match number(
                cx,
                &t,
                (r, *c),
                &format!("`{}` of {id_col} `{id}`", dim.value),
            ) {
                Got::Val(v) => values.push((
                    dim.value.clone(),
                    Located {
                        value: v,
                        at: t.at((r, *c)),
                        shown: crate::fmt::fmt_num(v),
                    },
                )),
                Got::Empty if !blank_ok => t.missing(
                    cx,
                    (r, *c),
                    &format!(
                        "score of {id_col} `{id}` on `{}` (type 0 for none)",
                        dim.value
                    ),
                ),
                _ => {}
            }
        }
        rows.push(MatrixRow {
            id: Located {
                value: id.clone(),
                at,
                shown: id,
            },
            values,
        });
    }
    Some(Matrix {
        dims: dims.into_iter().map(|(d, _)| d).collect(),
        rows,
    })
}
