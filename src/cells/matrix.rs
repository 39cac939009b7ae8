//! An id x dimension matrix (`capabilities`, `requirements`): the first column
//! names the row (`country` or `task`), every other header is a dimension.
//! Shared by `leadplan import` and by scenarios that reference a capability
//! matrix directly (`capabilities = "scores.csv"`).

use std::collections::BTreeMap;

use super::grid::Sheet;
use super::table::{self, Cx, Table};
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
    let dims = dimensions(&t, id_col);
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
        let values = row_values(cx, &t, (r, &id), &dims, id_col, blank_ok);
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

/// The dimension columns (every column but the id column), with their header cells.
fn dimensions(t: &Table, id_col: &str) -> Vec<(Located<String>, u32)> {
    t.columns
        .iter()
        .filter(|(k, _)| k != id_col)
        .map(|(_, c)| {
            let shown = t.header(*c);
            let value = shown.trim().to_string();
            let at = t.at((t.header_row, *c));
            (Located { value, at, shown }, *c)
        })
        .collect()
}

/// The numbers of row `r` (whose id is `id`), one per filled dimension cell.
fn row_values(
    cx: &mut Cx,
    t: &Table,
    (r, id): (u32, &str),
    dims: &[(Located<String>, u32)],
    id_col: &str,
    blank_ok: bool,
) -> Vec<(String, Located<f64>)> {
    let mut values = Vec::new();
    for (dim, c) in dims {
        let what = format!("`{}` of {id_col} `{id}`", dim.value);
        match number(cx, t, (r, *c), &what) {
            Got::Val(v) => {
                let (at, shown) = (t.at((r, *c)), crate::fmt::fmt_num(v));
                values.push((
                    dim.value.clone(),
                    Located {
                        value: v,
                        at,
                        shown,
                    },
                ));
            }
            Got::Empty if !blank_ok => {
                let what = format!(
                    "score of {id_col} `{id}` on `{}` (type 0 for none)",
                    dim.value
                );
                t.missing(cx, (r, *c), &what);
            }
            _ => {}
        }
    }
    values
}
