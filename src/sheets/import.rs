//! `leadplan import`: a workbook (or a folder of CSV files) to a scenario.
//!
//! The sheets are read into the text of a scenario file, remembering which cell
//! every value came from; that text then goes through the one scenario loader
//! (so a workbook is checked exactly like a hand-written file), and every
//! problem the loader finds is reported at the cell it came from. Cell problems
//! (text in a number cell, a merged region, a missing sheet) are all reported
//! before the loader runs, in one list.

use std::collections::BTreeMap;
use std::path::Path;

use super::layout::*;
use super::lines::line;
use super::rows::{self, Builder};
use super::sources::{self, Name};
use crate::cells::grid::Book;
use crate::cells::table::{self, Cx, Table};
use crate::cells::values::{number, text, Got};
use crate::diag::{closest, Diagnostic};
use crate::error::Error;
use crate::scenario::provenance::{scan, Marker};
use crate::scenario::{toml_num, toml_str as q, Scenario};

/// A scenario read from a workbook.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The validated scenario.
    pub scenario: Scenario,
    /// Facts about the reading worth telling (formula cells, hidden sheets, ignored sheets).
    pub notes: Vec<String>,
    /// The scenario file's text (the one validated): each number's line ends
    /// with the comment the `sources` sheet gives it.
    pub text: String,
    /// With a `sources` sheet: how many of the file's numbers carry a marker, of how many.
    pub marked: Option<(usize, usize)>,
}

impl Builder {
    /// Remembers that `path` comes from cell `at`.
    pub(crate) fn at(&mut self, path: String, at: String, shown: String) {
        self.cells.entry(path).or_insert((at, shown));
    }

    fn text(&self) -> String {
        let mut out = self.meta.clone();
        out.push_str(&format!(
            "dimensions = [{}]\n\n[policy]\n",
            self.dimensions
                .iter()
                .map(|d| q(d))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        out.push_str(&self.policy);
        if !self.weights.is_empty() {
            out.push_str(&format!("\n[policy.weights]\n{}", self.weights));
        }
        out.push_str(&self.pins);
        for c in &self.countries {
            out.push_str(&format!("\n[[country]]\n{c}"));
        }
        for t in &self.tasks {
            out.push_str(&format!("\n[[task]]\n{t}"));
        }
        out
    }
}

/// Reads a workbook (.xlsx, .ods) or a folder of CSV files as a scenario.
pub fn import(path: &Path) -> Result<Imported, Error> {
    let file = path.display().to_string();
    let book = crate::cells::workbook::read(path)?;
    let mut cx = Cx::new(&file);
    let mut b = Builder::default();
    check_sheets(&mut cx, &book, path.is_dir());
    b.sources = sources::read(&mut cx, &book, CAPABILITIES);
    let default_name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    read_kv(&mut cx, &book, SCENARIO, &mut b, &default_name);
    read_kv(&mut cx, &book, POLICY, &mut b, &default_name);
    rows::countries(&mut cx, &book, &mut b);
    rows::capabilities(&mut cx, &book, &mut b);
    rows::tasks(&mut cx, &book, &mut b);
    rows::requirements(&mut cx, &book, &mut b);
    read_pins(&mut cx, &book, &mut b);
    b.sources.check(&mut cx);
    if !cx.formula_cells.is_empty() {
        let n = cx.formula_cells.len();
        let shown: Vec<&str> = cx
            .formula_cells
            .iter()
            .take(5)
            .map(String::as_str)
            .collect();
        cx.notes.push(format!(
            "{n} formula cell{} read as the value{} the spreadsheet application saved ({}{}); a workbook written by a program may hold no computed values: open and save it in a spreadsheet application first",
            if n == 1 { "" } else { "s" }, if n == 1 { "" } else { "s" }, shown.join(", "), if n > 5 { ", ..." } else { "" }
        ));
    }
    if !cx.diags.is_empty() {
        return Err(Error::Invalid {
            diagnostics: cx.diags,
        });
    }
    let text = b.text();
    match Scenario::from_toml_str(&text, &file) {
        Ok(scenario) => Ok(Imported {
            scenario,
            notes: capped(cx.notes),
            marked: b.sources.present().then(|| marked(&text)),
            text,
        }),
        Err(diags) => Err(Error::Invalid {
            diagnostics: diags.into_iter().map(|d| locate(&file, &b, d)).collect(),
        }),
    }
}

/// How many numbers of scenario `text` carry a marker, of how many.
fn marked(text: &str) -> (usize, usize) {
    let numbers = scan(text).unwrap_or_default();
    let n = numbers
        .iter()
        .filter(|m| m.marker != Marker::Unmarked)
        .count();
    (n, numbers.len())
}

/// A loader diagnostic on the built text, moved to the cell its key came from.
fn locate(file: &str, b: &Builder, d: Diagnostic) -> Diagnostic {
    let mut path = d.path.as_str();
    let found = loop {
        if let Some(c) = b.cells.get(path) {
            break Some(c);
        }
        match path.rfind(['.', '[']) {
            Some(i) => path = &path[..i],
            None => break None,
        }
    };
    let exact = found.is_some() && path == d.path;
    let (cell, shown) = match found {
        Some((at, shown)) => (at.clone(), shown.clone()),
        None => (sheet_of(&d.path).to_string(), String::new()),
    };
    let hint = match (exact, d.path.rsplit('.').next()) {
        (false, Some(key)) if !key.is_empty() => {
            let at = format!(
                "in the workbook: the `{key}` column or key of sheet `{}`",
                sheet_of(&d.path)
            );
            Some(d.hint.map_or(at.clone(), |h| format!("{h}; {at}")))
        }
        _ => d.hint,
    };
    let mut out = Diagnostic::at_cell(file, &cell, &shown, d.message, hint);
    out.path = d.path;
    out
}

fn sheet_of(path: &str) -> &'static str {
    if path.contains(".capability") {
        return CAPABILITIES;
    }
    if path.contains(".requirements") {
        return REQUIREMENTS;
    }
    if path.starts_with("policy.pin") {
        return PINS;
    }
    match path.split(['.', '[']).next().unwrap_or("") {
        "country" => COUNTRIES,
        "task" => TASKS,
        "policy" => POLICY,
        _ => SCENARIO,
    }
}

/// Most notes an import prints; a workbook of thousands of sheets gets these
/// and a count of the rest.
const MAX_NOTES: usize = 20;

/// `notes`, cut to [`MAX_NOTES`] with one line saying how many more there were.
fn capped(mut notes: Vec<String>) -> Vec<String> {
    if notes.len() > MAX_NOTES {
        let more = notes.len() - MAX_NOTES;
        notes.truncate(MAX_NOTES);
        notes.push(format!("{more} more notes like these are not listed"));
    }
    notes
}

fn check_sheets(cx: &mut Cx, book: &Book, csv: bool) {
    for name in [COUNTRIES, CAPABILITIES, TASKS, REQUIREMENTS] {
        if book.sheet(name).is_none() {
            let names = book.sheets.iter().map(|s| s.name.as_str());
            let hint = match closest(name, names) {
                Some(c) => format!("did you mean `{c}`? Rename it to `{name}`"),
                None if csv => format!("add a file {name}.csv to the folder (see docs/src/spreadsheets.md)"),
                None => format!("add a sheet named `{name}` (see docs/src/spreadsheets.md, or start from `leadplan export SCENARIO --format xlsx`)"),
            };
            let what = if csv { "file" } else { "sheet" };
            cx.error(
                name,
                "",
                format!("the workbook has no `{name}` {what}"),
                hint,
            );
        }
    }
    for k in SHEETS {
        let same: Vec<&str> = (book.sheets.iter())
            .filter(|s| s.name.trim().eq_ignore_ascii_case(k))
            .map(|s| s.name.as_str())
            .collect();
        if same.len() > 1 {
            let what = if csv { "files" } else { "sheets" };
            let shown: Vec<String> = same.iter().map(|n| format!("`{n}`")).collect();
            cx.error(
                k,
                "",
                format!(
                    "{} {what} read as `{k}` ({}): leadplan would read only the first",
                    same.len(),
                    shown.join(", ")
                ),
                format!(
                    "keep one `{k}` {}: rename or delete the others",
                    &what[..what.len() - 1]
                ),
            );
        }
    }
    for s in &book.sheets {
        let known = SHEETS.iter().any(|k| s.name.trim().eq_ignore_ascii_case(k));
        if known && s.hidden {
            cx.notes.push(format!(
                "sheet `{}` is hidden in the workbook; it was read like the others",
                s.name
            ));
        } else if !known {
            cx.notes.push(format!(
                "sheet `{}` is not one leadplan reads; it was ignored",
                s.name
            ));
        }
    }
}

/// A key | value sheet (`scenario` or `policy`).
fn read_kv(cx: &mut Cx, book: &Book, sheet: &'static str, b: &mut Builder, default_name: &str) {
    let keys: Vec<&str> = if sheet == SCENARIO {
        SCENARIO_KEYS.to_vec()
    } else {
        POLICY_KEYS.iter().map(|k| k.0).collect()
    };
    let t = book
        .sheet(sheet)
        .and_then(|s| table::read(cx, s, KV_COLUMNS, &|_| false));
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut sources = Vec::new();
    let mut name = None;
    if let Some(t) = &t {
        let (Some(kc), Some(vc)) = (t.col("key"), t.col("value")) else {
            cx.error(
                sheet,
                "",
                format!("sheet `{sheet}` needs the columns `key` and `value`"),
                "put `key` and `value` in its header row".into(),
            );
            return;
        };
        for &r in &t.rows {
            let Got::Val(key) = text(cx, t, (r, kc), "key") else {
                continue;
            };
            let k = table::normalise(&key);
            let at = t.at((r, kc));
            if !keys.contains(&k.as_str()) {
                let hint = closest(&k, keys.iter().copied())
                    .map_or(format!("keys here: {}", keys.join(", ")), |c| {
                        format!("did you mean `{c}`? Keys here: {}", keys.join(", "))
                    });
                cx.error(
                    &at,
                    &key,
                    format!("unknown key `{key}` in sheet `{sheet}`"),
                    hint,
                );
                continue;
            }
            if let Some(first) = seen.get(&k).filter(|_| k != "source") {
                cx.error(
                    &at,
                    &key,
                    format!("key `{key}` is given twice (first at {first})"),
                    "keep one of the two rows".into(),
                );
                continue;
            }
            seen.insert(k.clone(), at);
            let key = (sheet, k.as_str());
            kv_value(cx, t, (r, vc), key, b, &mut sources, &mut name);
        }
    }
    if sheet == SCENARIO {
        let name = name.unwrap_or_else(|| q(default_name));
        b.meta = format!(
            "[scenario]\nname = {name}\nsources = [{}]\n{}",
            sources.join(", "),
            b.meta
        );
    }
}

fn kv_value(
    cx: &mut Cx,
    t: &Table,
    pos: (u32, u32),
    (sheet, k): (&'static str, &str),
    b: &mut Builder,
    sources: &mut Vec<String>,
    name: &mut Option<String>,
) {
    let (at, shown) = (
        t.at(pos),
        t.sheet
            .cells
            .get(&pos)
            .map(crate::cells::grid::Cell::shown)
            .unwrap_or_default(),
    );
    let textual = matches!(
        k,
        "name"
            | "description"
            | "source"
            | "funding"
            | "sensitivity_rule"
            | "money_unit"
            | "effort_unit"
    );
    let mut comment = None;
    let value = if textual {
        text(cx, t, pos, k).ok().map(|s| q(&s))
    } else {
        let got = number(cx, t, pos, k);
        let filled = got != Got::Empty;
        comment = b.sources.comment(Name::key(sheet, k), at.clone(), filled);
        got.ok().map(toml_num)
    };
    let Some(value) = value else {
        if !t.sheet.cells.contains_key(&pos) {
            t.missing(cx, pos, &format!("value of `{k}`"));
        }
        return;
    };
    let comment = comment.as_deref();
    match k {
        "name" => {
            b.at("scenario.name".into(), at, shown);
            *name = Some(value);
        }
        "source" => {
            b.at(format!("scenario.sources[{}]", sources.len()), at, shown);
            sources.push(value);
        }
        "description" | "money_unit" | "effort_unit" => {
            b.at(format!("scenario.{k}"), at, shown);
            b.meta.push_str(&format!("{k} = {value}\n"));
        }
        "weight" => {
            b.at("scenario.weight".into(), at, shown);
            b.meta.push_str(&line("weight", &value, comment));
        }
        _ => {
            let key = POLICY_KEYS.iter().find(|p| p.0 == k).map_or(k, |p| p.1);
            b.at(format!("policy.{key}"), at, shown);
            match key.strip_prefix("weights.") {
                Some(w) => b.weights.push_str(&line(w, &value, comment)),
                None => b.policy.push_str(&line(key, &value, comment)),
            }
        }
    }
}

fn read_pins(cx: &mut Cx, book: &Book, b: &mut Builder) {
    let Some(t) = book
        .sheet(PINS)
        .and_then(|s| table::read(cx, s, PIN_COLUMNS, &|_| false))
    else {
        return;
    };
    for (k, &r) in t.rows.iter().enumerate() {
        let path = format!("policy.pin[{k}]");
        let mut fragment = String::new();
        for col in PIN_COLUMNS {
            let Some(c) = t.col(col) else { continue };
            let shown = t
                .sheet
                .cells
                .get(&(r, c))
                .map(crate::cells::grid::Cell::shown)
                .unwrap_or_default();
            b.at(format!("{path}.{col}"), t.at((r, c)), shown.clone());
            b.at(path.clone(), t.at((r, c)), shown);
            let v = if *col == "lead" {
                crate::cells::values::boolean(cx, &t, (r, c), "lead")
                    .ok()
                    .map(|x| x.to_string())
            } else {
                text(cx, &t, (r, c), col).ok().map(|s| q(&s))
            };
            match v {
                Some(v) => fragment.push_str(&format!("{col} = {v}\n")),
                None if !t.sheet.cells.contains_key(&(r, c)) => t.missing(cx, (r, c), col),
                None => {}
            }
        }
        b.pins.push_str(&format!("\n[[policy.pin]]\n{fragment}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::grid::Sheet;

    fn sheet(name: &str) -> Sheet {
        Sheet {
            name: name.to_string(),
            ..Sheet::default()
        }
    }

    #[test]
    fn notes_are_capped_with_a_count_of_the_rest() {
        let notes: Vec<String> = (0..2000).map(|k| format!("sheet {k} ignored")).collect();
        let out = capped(notes);
        assert_eq!(out.len(), MAX_NOTES + 1);
        assert_eq!(out[MAX_NOTES], "1980 more notes like these are not listed");
        assert_eq!(capped(vec!["one".into()]), vec!["one".to_string()]);
    }

    #[test]
    fn two_sheets_read_as_one_are_an_error_not_one_silently_ignored() {
        let names = [
            "countries",
            "Countries ",
            "capabilities",
            "tasks",
            "requirements",
        ];
        let book = Book {
            sheets: names.iter().map(|n| sheet(n)).collect(),
        };
        let mut cx = Cx::new("book.xlsx");
        check_sheets(&mut cx, &book, false);
        let all: Vec<String> = cx.diags.iter().map(|d| d.message.clone()).collect();
        assert_eq!(all.len(), 1, "{all:?}");
        assert!(all[0].contains("2 sheets read as `countries`"), "{all:?}");
        assert!(all[0].contains("`Countries `"), "{all:?}");
        let book = Book {
            sheets: names.iter().skip(1).map(|n| sheet(n)).collect(),
        };
        let mut cx = Cx::new("book.xlsx");
        check_sheets(&mut cx, &book, false);
        assert!(cx.diags.is_empty(), "one `Countries ` sheet alone is read");
    }
}
