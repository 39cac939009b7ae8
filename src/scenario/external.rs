//! A capability matrix kept outside the scenario file, so the spreadsheet stays
//! the source of truth: `[scenario] capabilities = "scores.csv"` (a CSV file)
//! or `"book.xlsx#capabilities"` (a sheet of a workbook), relative to the
//! scenario file. The matrix is read like the `capabilities` sheet of
//! `leadplan import` (first column `country`, one column per dimension), every
//! bad cell reported by file and cell, and its scores fill each country's
//! `capability` table before validation, as if written inline.

use std::path::Path;

use toml::Spanned;

use super::raw::RawScenario;
use super::reader::Ctx;
use crate::cells::external::{read_capabilities, Scores};

/// Fills the countries' capabilities from the referenced matrix, if any.
pub(crate) fn apply(ctx: &mut Ctx, raw: &mut RawScenario, file: &str) {
    let Some(spec) = raw.meta.capabilities.clone() else {
        return;
    };
    let span = spec.span();
    let (name, sheet) = match spec.get_ref().split_once('#') {
        Some((f, s)) => (f, Some(s)),
        None => (spec.get_ref().as_str(), None),
    };
    let path = Path::new(file).parent().unwrap_or(Path::new("")).join(name);
    let declared: Option<Vec<String>> = raw
        .meta
        .dimensions
        .as_ref()
        .map(|d| d.iter().map(|x| x.get_ref().clone()).collect());
    let ids: Vec<String> = raw
        .countries
        .iter()
        .filter_map(|c| c.id.as_ref().map(|i| i.get_ref().clone()))
        .collect();
    let scores = match read_capabilities(&path, sheet, &ids, declared.as_deref()) {
        Ok(Scores::Read(rows)) => rows,
        Ok(Scores::Invalid(diags)) => {
            ctx.diags.extend(diags);
            return;
        }
        Err(e) => {
            let hint =
                "give a CSV file or `book.xlsx#sheet`, relative to this scenario file".to_string();
            ctx.error(span, "scenario.capabilities", e.to_string(), hint);
            return;
        }
    };
    for c in &mut raw.countries {
        let Some(id) = c.id.as_ref().map(|i| i.get_ref().clone()) else {
            continue;
        };
        if !c.capability.is_empty() {
            let msg = format!(
                "country `{id}` has a capability table, and `scenario.capabilities` names a matrix too"
            );
            let hint = "keep one: delete the table, or the row in the matrix and the reference"
                .to_string();
            ctx.error(c.span.clone(), &format!("{}.capability", c.path), msg, hint);
            continue;
        }
        match scores.iter().find(|(row, _)| *row == id) {
            Some((_, values)) => {
                c.capability = values
                    .iter()
                    .map(|(d, v)| {
                        (
                            Spanned::new(span.clone(), d.clone()),
                            Spanned::new(span.clone(), *v),
                        )
                    })
                    .collect();
            }
            None => ctx.error(
                c.span.clone(),
                &c.path,
                format!("country `{id}` has no row in {}", path.display()),
                format!("add a row for `{id}` to the capability matrix"),
            ),
        }
    }
}
