//! The row sheets of a workbook: `countries`, `capabilities`, `tasks`,
//! `requirements`, each read into the scenario text with its cells remembered.

use std::collections::BTreeMap;

use super::layout::*;
use super::lines::{line, table, Entry};
use super::sources::{Name, Sources};
use crate::cells::grid::{Book, Cell};
use crate::cells::matrix::{self, Matrix};
use crate::cells::table::{self, Cx, Table};
use crate::cells::values::{boolean, number, text, Got};
use crate::scenario::{toml_num, toml_str as q};

/// The scenario text being built, and the cell behind every key path.
#[derive(Default)]
pub(crate) struct Builder {
    pub(crate) meta: String,
    pub(crate) policy: String,
    pub(crate) weights: String,
    pub(crate) pins: String,
    pub(crate) countries: Vec<String>,
    pub(crate) country_ids: Vec<String>,
    pub(crate) tasks: Vec<String>,
    pub(crate) task_ids: Vec<String>,
    pub(crate) dimensions: Vec<String>,
    /// Key path -> (cell, content).
    pub(crate) cells: BTreeMap<String, (String, String)>,
    /// The `sources` sheet: the comment for each number's line.
    pub(crate) sources: Sources,
}

/// The row being read: its sheet, key path, row index and id.
struct Row<'a> {
    sheet: &'static str,
    path: &'a str,
    r: u32,
    id: &'a str,
}

impl Row<'_> {
    fn name(&self, column: impl Into<String>) -> Name {
        Name {
            sheet: self.sheet,
            row: self.id.to_string(),
            column: column.into(),
        }
    }
}

/// Reads the id column of `t` (duplicates reported); (row, id) per record.
fn ids(cx: &mut Cx, t: &Table, what: &str) -> Vec<(u32, String)> {
    let Some(c) = t.col("id") else {
        cx.error(
            &t.sheet.name,
            "",
            format!("sheet `{}` has no `id` column", t.sheet.name),
            format!("add an `id` column with one short unique {what} id per row"),
        );
        return Vec::new();
    };
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut out = Vec::new();
    for &r in &t.rows {
        match text(cx, t, (r, c), "id") {
            Got::Val(id) => {
                if let Some(first) = seen.get(&id) {
                    cx.error(
                        &t.at((r, c)),
                        &id,
                        format!("duplicate {what} id `{id}` (first at {first})"),
                        format!("give every {what} its own id"),
                    );
                    continue;
                }
                seen.insert(id.clone(), t.at((r, c)));
                out.push((r, id));
            }
            Got::Empty => t.missing(
                cx,
                (r, c),
                &format!("{what} id (this row has values but no id)"),
            ),
            Got::Bad => {}
        }
    }
    out
}

/// One column's value as a TOML line, with its cell remembered.
fn field(cx: &mut Cx, t: &Table, b: &mut Builder, row: &Row, key: &str) -> String {
    let Some(c) = t.col(key) else {
        return String::new();
    };
    let (r, path) = (row.r, row.path);
    let shown = t
        .sheet
        .cells
        .get(&(r, c))
        .map(Cell::shown)
        .unwrap_or_default();
    b.at(format!("{path}.{key}"), t.at((r, c)), shown);
    let value = match key {
        "name" | "domain" => text(cx, t, (r, c), key).ok().map(|s| q(&s)),
        "optional" => boolean(cx, t, (r, c), key).ok().map(|x| x.to_string()),
        _ => {
            let got = number(cx, t, (r, c), key);
            let filled = got != Got::Empty;
            let comment = b.sources.comment(row.name(key), t.at((r, c)), filled);
            return got.ok().map_or(String::new(), |v| {
                line(key, &toml_num(v), comment.as_deref())
            });
        }
    };
    value.map_or(String::new(), |v| format!("{key} = {v}\n"))
}

pub(crate) fn countries(cx: &mut Cx, book: &Book, b: &mut Builder) {
    let Some(t) = book
        .sheet(COUNTRIES)
        .and_then(|s| table::read(cx, s, COUNTRY_COLUMNS, &|_| false))
    else {
        return;
    };
    for (r, id) in ids(cx, &t, "country") {
        let path = format!("country[{}]", b.countries.len());
        b.at(
            path.clone(),
            t.at((r, t.col("id").unwrap_or(0))),
            id.clone(),
        );
        let mut s = format!("id = {}\n", q(&id));
        let row = Row {
            sheet: COUNTRIES,
            path: &path,
            r,
            id: &id,
        };
        for key in &COUNTRY_COLUMNS[1..] {
            s.push_str(&field(cx, &t, b, &row, key));
        }
        b.countries.push(s);
        b.country_ids.push(id);
    }
}

/// Matches matrix rows to ids; reports rows for unknown ids and ids without a row.
fn by_id<'m>(
    cx: &mut Cx,
    m: &'m Matrix,
    ids: &[String],
    what: &str,
    sheet: &str,
    rows_sheet: &str,
) -> Vec<Option<&'m matrix::MatrixRow>> {
    for row in &m.rows {
        if !ids.contains(&row.id.value) {
            let hint = crate::diag::closest(&row.id.value, ids.iter().map(String::as_str)).map_or(
                format!(
                    "add {what} `{}` to sheet `{rows_sheet}`, or delete this row",
                    row.id.value
                ),
                |c| format!("did you mean `{c}`?"),
            );
            cx.error(
                &row.id.at,
                &row.id.shown,
                format!("{what} `{}` is not in sheet `{rows_sheet}`", row.id.value),
                hint,
            );
        }
    }
    ids.iter()
        .map(|id| {
            let found = m.rows.iter().find(|r| &r.id.value == id);
            if found.is_none() {
                cx.error(
                    sheet,
                    "",
                    format!("{what} `{id}` has no row in sheet `{sheet}`"),
                    format!("add a row for `{id}` to sheet `{sheet}`"),
                );
            }
            found
        })
        .collect()
}

/// A matrix row's numbers as table entries, each with its comment.
fn entries(b: &mut Builder, sheet: &'static str, id: &str, row: &matrix::MatrixRow) -> Vec<Entry> {
    row.values
        .iter()
        .map(|(d, v)| {
            let name = Name {
                sheet,
                row: id.to_string(),
                column: d.clone(),
            };
            let comment = b.sources.comment(name, v.at.clone(), true);
            (d.clone(), v.value, comment)
        })
        .collect()
}

pub(crate) fn capabilities(cx: &mut Cx, book: &Book, b: &mut Builder) {
    let Some(m) = book
        .sheet(CAPABILITIES)
        .and_then(|s| matrix::read(cx, s, "country", false))
    else {
        return;
    };
    b.dimensions = m.dims.iter().map(|d| d.value.clone()).collect();
    for (i, d) in m.dims.iter().enumerate() {
        b.at(
            format!("scenario.dimensions[{i}]"),
            d.at.clone(),
            d.shown.clone(),
        );
    }
    let ids = b.country_ids.clone();
    for (i, row) in by_id(cx, &m, &ids, "country", CAPABILITIES, COUNTRIES)
        .into_iter()
        .enumerate()
    {
        let Some(row) = row else { continue };
        for (d, v) in &row.values {
            b.at(
                format!("country[{i}].capability.{d}"),
                v.at.clone(),
                v.shown.clone(),
            );
        }
        let entries = entries(b, CAPABILITIES, &ids[i], row);
        b.countries[i].push_str(&table("capability", &entries));
    }
}

pub(crate) fn tasks(cx: &mut Cx, book: &Book, b: &mut Builder) {
    let accept = |k: &str| {
        PER_COUNTRY
            .iter()
            .any(|p| k.strip_prefix(p).is_some_and(|rest| rest.starts_with('.')))
    };
    let Some(t) = book
        .sheet(TASKS)
        .and_then(|s| table::read(cx, s, TASK_COLUMNS, &accept))
    else {
        return;
    };
    let per = per_country_columns(cx, &t, &b.country_ids);
    for (r, id) in ids(cx, &t, "task") {
        let path = format!("task[{}]", b.tasks.len());
        b.at(
            path.clone(),
            t.at((r, t.col("id").unwrap_or(0))),
            id.clone(),
        );
        let mut s = format!("id = {}\n", q(&id));
        let row = Row {
            sheet: TASKS,
            path: &path,
            r,
            id: &id,
        };
        for key in &TASK_COLUMNS[1..] {
            if !(matches!(*key, "effort" | "cost") && per.iter().any(|(p, _, _)| p == key)) {
                s.push_str(&field(cx, &t, b, &row, key));
            }
        }
        for prefix in PER_COUNTRY {
            s.push_str(&per_country_line(cx, &t, b, &row, prefix, &per));
        }
        b.tasks.push(s);
        b.task_ids.push(id);
    }
}

/// `effort.US`-style columns: (prefix, country id, column).
fn per_country_columns(cx: &mut Cx, t: &Table, ids: &[String]) -> Vec<(String, String, u32)> {
    let mut out = Vec::new();
    for (key, c) in &t.columns {
        let Some((prefix, _)) = key.split_once('.') else {
            continue;
        };
        let header = t.header(*c);
        let id = header
            .split_once('.')
            .map_or("", |(_, id)| id.trim())
            .to_string();
        if !ids.contains(&id) {
            cx.error(
                &t.at((t.header_row, *c)),
                &header,
                format!("column `{header}` names no country of sheet `{COUNTRIES}`"),
                format!(
                    "name a country id after the dot, e.g. `{prefix}.{}`",
                    ids.first().map_or("US", String::as_str)
                ),
            );
            continue;
        }
        out.push((prefix.to_string(), id, *c));
    }
    out
}

/// The `effort`, `cost` or `fit` line of a task with `effort.US`-style
/// columns: one number when only the `effort` column is filled, else a table
/// whose blank cells take the `effort` column's number.
fn per_country_line(
    cx: &mut Cx,
    t: &Table,
    b: &mut Builder,
    row: &Row,
    prefix: &str,
    per: &[(String, String, u32)],
) -> String {
    let cols: Vec<&(String, String, u32)> = per.iter().filter(|(p, _, _)| p == prefix).collect();
    if cols.is_empty() {
        return String::new();
    }
    let (r, path) = (row.r, row.path);
    let (base, base_comment) = match t.col(prefix) {
        Some(c) => {
            let got = number(cx, t, (r, c), prefix);
            let comment = b
                .sources
                .comment(row.name(prefix), t.at((r, c)), got != Got::Empty);
            (got.ok(), comment)
        }
        None => (None, None),
    };
    let mut entries = Vec::new();
    let mut any = false;
    for (_, id, c) in cols {
        let shown = t
            .sheet
            .cells
            .get(&(r, *c))
            .map(Cell::shown)
            .unwrap_or_default();
        b.at(
            format!("{path}.{prefix}.{id}"),
            t.at((r, *c)),
            shown.clone(),
        );
        b.at(format!("{path}.{prefix}"), t.at((r, *c)), shown);
        let got = number(cx, t, (r, *c), &format!("{prefix} of {id}"));
        let name = row.name(format!("{prefix}.{id}"));
        let comment = b.sources.comment(name, t.at((r, *c)), got != Got::Empty);
        match got {
            Got::Val(v) => {
                any = true;
                entries.push((id.clone(), v, comment));
            }
            Got::Empty => {
                if let Some(v) = base.filter(|_| prefix != "fit") {
                    entries.push((id.clone(), v, base_comment.clone()));
                }
            }
            Got::Bad => {}
        }
    }
    if !any {
        return base.map_or(String::new(), |v| {
            line(prefix, &toml_num(v), base_comment.as_deref())
        });
    }
    table(prefix, &entries)
}

pub(crate) fn requirements(cx: &mut Cx, book: &Book, b: &mut Builder) {
    let Some(m) = book
        .sheet(REQUIREMENTS)
        .and_then(|s| matrix::read(cx, s, "task", true))
    else {
        return;
    };
    if book.sheet(CAPABILITIES).is_some() {
        for d in &m.dims {
            if !b.dimensions.contains(&d.value) {
                let hint = crate::diag::closest(&d.value, b.dimensions.iter().map(String::as_str))
                    .map_or(
                        format!(
                            "add a `{}` column to sheet `{CAPABILITIES}`, or fix the name",
                            d.value
                        ),
                        |c| format!("did you mean `{c}`?"),
                    );
                cx.error(
                    &d.at,
                    &d.shown,
                    format!(
                        "dimension `{}` is not a column of sheet `{CAPABILITIES}`",
                        d.value
                    ),
                    hint,
                );
            }
        }
    }
    let ids = b.task_ids.clone();
    for (i, row) in by_id(cx, &m, &ids, "task", REQUIREMENTS, TASKS)
        .into_iter()
        .enumerate()
    {
        let Some(row) = row else { continue };
        for (d, v) in &row.values {
            b.at(
                format!("task[{i}].requirements.{d}"),
                v.at.clone(),
                v.shown.clone(),
            );
        }
        let entries = entries(b, REQUIREMENTS, &ids[i], row);
        b.tasks[i].push_str(&table("requirements", &entries));
    }
}
