//! The `sources` sheet: where each number of a workbook comes from.
//!
//! A scenario file says where a number comes from in the comment that ends its
//! line (`capacity = 14  # illustrative: staffing`, see
//! [`crate::scenario::provenance`]); a cell has no such comment, so the
//! workbook keeps one row per number on a sheet of its own: the number named by
//! its sheet, its row (the id, or the key on `policy` and `scenario`) and its
//! column, a value looked up from that cell (for the reader; never read), the
//! marker and the comment after it. `export` fills the sheet from the file's
//! comments and `import` writes each row back as the comment on its number's
//! line, so the report of an imported workbook says what the workbook says.
//!
//! Comments are text from a spreadsheet: each goes onto one line of the
//! scenario file, with line breaks made spaces and every other control or
//! bidirectional character escaped, so no cell can add a line to the file.

use std::collections::BTreeMap;
use std::path::Path;

use super::layout::*;
use crate::cells::grid::Book;
use crate::cells::table::{self, normalise, Cx, Table};
use crate::cells::values::{text, Got};
use crate::diag::closest;
use crate::scenario::provenance::Marker;

/// A number of the workbook: its sheet, its row's id (its key on `policy`
/// and `scenario`) and its column's header, as the sheet readers key them.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Name {
    pub(crate) sheet: &'static str,
    pub(crate) row: String,
    pub(crate) column: String,
}

impl Name {
    /// The number in a key | value sheet (`policy`, `scenario`).
    pub(crate) fn key(sheet: &'static str, key: &str) -> Name {
        Name {
            sheet,
            row: key.to_string(),
            column: "value".to_string(),
        }
    }

    /// `countries` | `US` | `capacity`, for messages.
    pub(crate) fn shown(&self) -> String {
        format!("`{}` | `{}` | `{}`", self.sheet, self.row, self.column)
    }

    /// The number's place in a scenario file, as
    /// [`crate::scenario::provenance::Marked::at`] names it.
    pub(crate) fn place(&self) -> Vec<String> {
        let (row, col) = (self.row.clone(), self.column.clone());
        let parts: Vec<String> = match self.sheet {
            COUNTRIES => vec!["country".into(), row, col],
            CAPABILITIES => vec!["country".into(), row, "capability".into(), col],
            TASKS => match col.split_once('.') {
                Some((prefix, id)) => vec!["task".into(), row, prefix.into(), id.into()],
                None => vec!["task".into(), row, col],
            },
            REQUIREMENTS => vec!["task".into(), row, "requirements".into(), col],
            POLICY => {
                let key = POLICY_KEYS
                    .iter()
                    .find(|p| p.0 == row)
                    .map_or(&*row, |p| p.1);
                std::iter::once("policy")
                    .chain(key.split('.'))
                    .map(String::from)
                    .collect()
            }
            _ => vec!["scenario".into(), row],
        };
        parts
    }
}

/// A number's marker and note, by its place in the scenario file.
pub(crate) type Marks = BTreeMap<Vec<String>, (Marker, String)>;

/// The words of the marker column's dropdown.
pub(crate) fn marker_words() -> Vec<&'static str> {
    Marker::MARKED.iter().map(|m| m.word()).collect()
}

/// A comment as one line of a scenario file: line breaks and tabs become
/// spaces, every other control or bidirectional character is escaped.
pub(crate) fn one_line(s: &str) -> String {
    let spaced: String = s
        .chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' | '\u{85}' | '\u{2028}' | '\u{2029}' => ' ',
            c => c,
        })
        .collect();
    crate::fmt::escape_line(spaced.trim()).into_owned()
}

/// One row of the sheet, read.
struct Entry {
    marker: Marker,
    /// The comment after the marker word.
    note: String,
    /// The row's first cell, and the name it gives, for messages.
    at: String,
    shown: String,
    used: bool,
}

/// The `sources` sheet read, and every number cell the other sheets hold.
#[derive(Default)]
pub(crate) struct Sources {
    /// Whether the workbook has the sheet.
    present: bool,
    entries: BTreeMap<Name, Entry>,
    /// Number cells: where, and whether filled.
    slots: BTreeMap<Name, (String, bool)>,
}

impl Sources {
    /// The comment for the number `name` at cell `at` (blank unless
    /// `filled`), if the sheet gives one; every number cell is announced here.
    pub(crate) fn comment(&mut self, name: Name, at: String, filled: bool) -> Option<String> {
        let entry = self.entries.get_mut(&name).filter(|_| filled);
        self.slots.entry(name).or_insert((at, filled));
        let entry = entry?;
        entry.used = true;
        Some(entry.marker.comment(&entry.note))
    }

    /// Whether the workbook has a `sources` sheet.
    pub(crate) fn present(&self) -> bool {
        self.present
    }

    /// Reports every row that names no number of the workbook, or a blank cell.
    pub(crate) fn check(&self, cx: &mut Cx) {
        for (name, e) in self.entries.iter().filter(|(_, e)| !e.used) {
            match self.slots.get(name) {
                Some((cell, false)) => cx.error(
                    &e.at,
                    &e.shown,
                    format!(
                        "this row marks {cell} ({}), which is blank: there is no number to mark",
                        name.shown()
                    ),
                    format!("type the number in {cell}, or delete this row"),
                ),
                _ => {
                    let names: Vec<String> = self.slots.keys().map(Name::shown).collect();
                    let hint = match closest(&name.shown(), names.iter().map(String::as_str)) {
                        Some(c) => format!("did you mean {c}? Name a number by its sheet, its row's id (its key on `policy`) and its column's header"),
                        None => "name a number by its sheet, its row's id (its key on `policy`) and its column's header, or delete this row".into(),
                    };
                    cx.error(
                        &e.at,
                        &e.shown,
                        format!("this row names no number of the workbook: {}", name.shown()),
                        hint,
                    );
                }
            }
        }
    }
}

/// What the `sources` sheet of the workbook holding the capability matrix
/// that scenario `file` references (`spec`: `book.xlsx#scores`) says of the
/// matrix's scores, by place; nothing for a CSV file or a workbook without
/// the sheet; why not, when the sheet has problems.
pub(crate) fn matrix_marks(file: &Path, spec: &str) -> Result<Marks, String> {
    let (path, sheet) = crate::scenario::locate_matrix(file, spec)?;
    let csv = path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("csv"));
    if csv && sheet.is_none() {
        return Ok(Marks::new());
    }
    let book = crate::cells::workbook::read(&path).map_err(|e| e.to_string())?;
    let mut cx = Cx::new(&path.display().to_string());
    let sources = read(&mut cx, &book, sheet.as_deref().unwrap_or(CAPABILITIES));
    if let Some(first) = cx.diags.first() {
        let at = first.cell.as_deref().unwrap_or(SOURCES);
        return Err(format!(
            "its {SOURCES} sheet has {}, the first at {at}: {} (leadplan import lists them all)",
            crate::fmt::plural(cx.diags.len(), "problem", "problems"),
            first.message
        ));
    }
    let scores = sources
        .entries
        .into_iter()
        .filter(|(n, _)| n.sheet == CAPABILITIES);
    Ok(scores
        .map(|(n, e)| (n.place(), (e.marker, e.note)))
        .collect())
}

/// Reads the `sources` sheet, if the workbook has one; rows naming sheet
/// `matrix` name capability scores (a workbook that keeps a matrix under
/// another name).
pub(crate) fn read(cx: &mut Cx, book: &Book, matrix: &str) -> Sources {
    let mut out = Sources::default();
    let Some(t) = book
        .sheet(SOURCES)
        .and_then(|s| table::read(cx, s, SOURCE_COLUMNS, &|_| false))
    else {
        return out;
    };
    out.present = true;
    let cols: Vec<Option<u32>> = ["sheet", "row", "column", "marker", "comment"]
        .iter()
        .map(|k| t.col(k))
        .collect();
    let [Some(sc), Some(rc), Some(cc), mc, nc] = cols[..] else {
        cx.error(
            SOURCES,
            "",
            format!("sheet `{SOURCES}` needs the columns `sheet`, `row` and `column`"),
            format!("put {} in its header row", SOURCE_COLUMNS.join(", ")),
        );
        return out;
    };
    for &r in &t.rows {
        let Some((marker, note)) = says(cx, &t, r, mc, nc) else {
            continue;
        };
        let Some(name) = name_of(cx, &t, r, (sc, rc, cc), matrix) else {
            continue;
        };
        let at = t.at((r, sc));
        if let Some(first) = out.entries.get(&name) {
            cx.error(
                &at,
                &name.shown(),
                format!(
                    "{} has a second row here (first at {})",
                    name.shown(),
                    first.at
                ),
                "keep one of the two rows".into(),
            );
            continue;
        }
        let shown = name.shown();
        let entry = Entry {
            marker,
            note,
            at,
            shown,
            used: false,
        };
        out.entries.insert(name, entry);
    }
    out
}

/// The marker and note a row gives; `None` for a row that says nothing (or
/// whose cells are bad).
fn says(
    cx: &mut Cx,
    t: &Table,
    r: u32,
    mc: Option<u32>,
    nc: Option<u32>,
) -> Option<(Marker, String)> {
    let cell = |cx: &mut Cx, c: Option<u32>, what: &str| match c.map(|c| text(cx, t, (r, c), what))
    {
        Some(Got::Val(s)) => Some(s),
        Some(Got::Bad) => None,
        _ => Some(String::new()),
    };
    let word = cell(cx, mc, "marker")?;
    let note = one_line(&cell(cx, nc, "comment")?);
    let marker = if word.is_empty() {
        Marker::Unmarked
    } else if let Some(m) = Marker::from_word(&word) {
        m
    } else {
        let at = t.at((r, mc.unwrap_or(0)));
        cx.error(
            &at,
            &word,
            format!("`{word}` is not a marker"),
            format!(
                "choose {} (where the number comes from), or leave the cell blank for a number not marked",
                marker_words().join(", ")
            ),
        );
        return None;
    };
    let starts = Marker::of_comment(&note);
    if marker == Marker::Unmarked && starts != Marker::Unmarked {
        let at = t.at((r, nc.unwrap_or(0)));
        cx.error(
            &at,
            &note,
            format!("the comment starts with the marker `{}`, but the marker cell is blank", starts.word()),
            format!("choose `{}` in the marker column and keep the rest of the comment here, or reword its start", starts.word()),
        );
        return None;
    }
    (marker != Marker::Unmarked || !note.is_empty()).then_some((marker, note))
}

/// The number a row names, keyed as the sheet readers key it.
fn name_of(
    cx: &mut Cx,
    t: &Table,
    r: u32,
    (sc, rc, cc): (u32, u32, u32),
    matrix: &str,
) -> Option<Name> {
    let mut get = |c: u32, what: &str| match text(cx, t, (r, c), what) {
        Got::Val(s) => Some(s),
        Got::Empty => {
            t.missing(cx, (r, c), what);
            None
        }
        Got::Bad => None,
    };
    let (sheet, row, column) = (get(sc, "sheet")?, get(rc, "row")?, get(cc, "column")?);
    let mut key = normalise(&sheet);
    if key == normalise(matrix) {
        key = CAPABILITIES.to_string();
    }
    let Some(sheet) = NUMBER_SHEETS.iter().copied().find(|s| *s == key) else {
        let hint = closest(&key, NUMBER_SHEETS.iter().copied()).map_or(
            format!("sheets with numbers: {}", NUMBER_SHEETS.join(", ")),
            |c| {
                format!(
                    "did you mean `{c}`? Sheets with numbers: {}",
                    NUMBER_SHEETS.join(", ")
                )
            },
        );
        cx.error(
            &t.at((r, sc)),
            &sheet,
            format!("`{sheet}` is not a sheet that holds numbers"),
            hint,
        );
        return None;
    };
    let (row, column) = match sheet {
        POLICY | SCENARIO => (normalise(&row), normalise(&column)),
        CAPABILITIES | REQUIREMENTS => (row, column.trim().to_string()),
        _ => match column.split_once('.') {
            Some((prefix, id)) => (row, format!("{}.{}", normalise(prefix), id.trim())),
            None => (row, normalise(&column)),
        },
    };
    Some(Name { sheet, row, column })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_is_one_line_whatever_the_cell_holds() {
        assert_eq!(one_line("a\nb\r\nc\td"), "a b  c d");
        assert_eq!(one_line(" ok\u{2028}then "), "ok then");
        assert_eq!(one_line("bell\u{7}"), "bell\\u{7}");
        assert_eq!(one_line("rtl\u{202e}txt"), "rtl\\u{202e}txt");
        assert!(!one_line("x\n[policy]\ncapacity = 9").contains('\n'));
    }

    #[test]
    fn the_sheets_with_numbers_are_those_before_pins() {
        assert_eq!(
            NUMBER_SHEETS,
            [
                SCENARIO,
                POLICY,
                COUNTRIES,
                CAPABILITIES,
                TASKS,
                REQUIREMENTS
            ]
        );
    }

    #[test]
    fn names_map_to_the_places_the_scenario_file_gives() {
        let n = |sheet, row: &str, column: &str| Name {
            sheet,
            row: row.into(),
            column: column.into(),
        };
        assert_eq!(
            n(COUNTRIES, "US", "capacity").place(),
            ["country", "US", "capacity"]
        );
        assert_eq!(
            n(CAPABILITIES, "US", "health tech").place(),
            ["country", "US", "capability", "health tech"]
        );
        assert_eq!(
            n(TASKS, "t", "effort.US").place(),
            ["task", "t", "effort", "US"]
        );
        assert_eq!(n(TASKS, "t", "cost").place(), ["task", "t", "cost"]);
        assert_eq!(
            n(REQUIREMENTS, "t", "legal").place(),
            ["task", "t", "requirements", "legal"]
        );
        assert_eq!(
            Name::key(POLICY, "weight_fit").place(),
            ["policy", "weights", "fit"]
        );
        assert_eq!(
            Name::key(POLICY, "min_lead_share").place(),
            ["policy", "min_lead_share"]
        );
        assert_eq!(
            Name::key(SCENARIO, "weight").place(),
            ["scenario", "weight"]
        );
    }
}
