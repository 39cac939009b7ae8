//! Reading a capability matrix that a scenario file references
//! (`capabilities = "scores.csv"` or `"book.xlsx#capabilities"`).

use std::path::Path;

use super::grid;
use super::matrix;
use super::table::Cx;
use crate::diag::Diagnostic;
use crate::error::Error;

/// The matrix read, or its cell problems.
pub(crate) enum Scores {
    /// (country id, (dimension, score) pairs) per row.
    Read(Vec<(String, Vec<(String, f64)>)>),
    /// Every problem, each at its cell.
    Invalid(Vec<Diagnostic>),
}

/// Reads the matrix at `path` (a sheet of a workbook, or a CSV file), checking
/// its rows against the scenario's country ids and its columns against the
/// declared dimensions, and every score against [0, 1].
pub(crate) fn read_capabilities(
    path: &Path,
    sheet: Option<&str>,
    ids: &[String],
    declared: Option<&[String]>,
) -> Result<Scores, Error> {
    let is_csv = path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("csv"));
    let book;
    let one;
    let s = if is_csv && sheet.is_none() {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        one = grid::read_csv(path, name)?;
        &one
    } else {
        book = super::workbook::read(path)?;
        let want = sheet.unwrap_or(super::CAPABILITIES);
        match book.sheet(want) {
            Some(s) => s,
            None => {
                let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
                return Err(Error::Usage(format!(
                    "{} has no sheet `{want}` (its sheets: {})",
                    path.display(),
                    names.join(", ")
                )));
            }
        }
    };
    let mut cx = Cx::new(&path.display().to_string());
    let Some(m) = matrix::read(&mut cx, s, "country", false) else {
        return Ok(Scores::Invalid(cx.diags));
    };
    if let Some(dims) = declared {
        for d in m.dims.iter().filter(|d| !dims.contains(&d.value)) {
            cx.error(
                &d.at,
                &d.shown,
                format!(
                    "dimension `{}` is not in the scenario's `dimensions`",
                    d.value
                ),
                "add it to `dimensions` in the scenario file, or fix the column name".into(),
            );
        }
    }
    let mut rows = Vec::new();
    for r in &m.rows {
        if !ids.contains(&r.id.value) {
            cx.error(
                &r.id.at,
                &r.id.shown,
                format!("country `{}` is not in the scenario", r.id.value),
                format!("scenario countries: {}", ids.join(", ")),
            );
        }
        for (d, v) in &r.values {
            if !(0.0..=1.0).contains(&v.value) {
                cx.error(
                    &v.at,
                    &v.shown,
                    format!(
                        "capability score `{d}` of `{}` must be in [0, 1], found {}",
                        r.id.value, v.shown
                    ),
                    "scores run from 0 (none) to 1 (the best)".into(),
                );
            }
        }
        rows.push((
            r.id.value.clone(),
            r.values.iter().map(|(d, v)| (d.clone(), v.value)).collect(),
        ));
    }
    Ok(if cx.diags.is_empty() {
        Scores::Read(rows)
    } else {
        Scores::Invalid(cx.diags)
    })
}
