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

use super::layout::*;
use super::xlsx::Out;
use crate::cells::grid::Book;
use crate::cells::table::{self, normalise, Cx, Table};
use crate::cells::values::{text, Got};
use crate::diag::closest;
use crate::error::Error;
use crate::scenario::provenance::{scan, Marked, Marker};

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
    fn shown(&self) -> String {
        format!("`{}` | `{}` | `{}`", self.sheet, self.row, self.column)
    }

    /// The number's place in a scenario file, as [`Marked::at`] names it.
    fn place(&self) -> Vec<String> {
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

/// What a scenario file says of its numbers, by place.
pub(crate) struct FileNumbers {
    /// `None` when the text could not be read again: every number counts as given.
    marks: Option<BTreeMap<Vec<String>, Marked>>,
}

impl FileNumbers {
    /// The numbers of scenario file `text`.
    pub(crate) fn read(text: &str) -> FileNumbers {
        let marks = scan(text).map(|all| all.into_iter().map(|m| (m.at.clone(), m)).collect());
        FileNumbers { marks }
    }

    /// Whether the file gives the number at `place` (rather than leaving it to its default).
    pub(crate) fn given(&self, place: &[&str]) -> bool {
        let place: Vec<String> = place.iter().map(|s| s.to_string()).collect();
        self.marks.as_ref().is_none_or(|m| m.contains_key(&place))
    }

    /// Whether the file is known (so a number it leaves out can be told apart).
    pub(crate) fn known(&self) -> bool {
        self.marks.is_some()
    }

    fn mark(&self, name: &Name) -> Option<&Marked> {
        self.marks.as_ref()?.get(&name.place())
    }
}

/// The sheet's value column for row `r` (1-based): the number its sheet, row and
/// column name, looked up so that it follows sorting and inserted rows.
fn lookup(sheet: &str, r: usize) -> String {
    format!("=INDEX({sheet}!$1:$1048576,MATCH($B{r},{sheet}!$A:$A,0),MATCH($C{r},{sheet}!$1:$1,0))")
}

/// Most rows the sheet lists: a row for every number of a scenario far larger
/// than a planner's would pass the rows and cells a workbook may hold.
pub(crate) const MAX_LISTED: usize = 50_000;

/// The `sources` rows for the number cells of `sheets` (each a header row, then
/// rows whose first cell is the id or key), markers and comments from `file`:
/// every number, or, past [`MAX_LISTED`], those the file marks or comments on
/// (with a note saying so).
pub(crate) fn rows(
    sheets: &[(&'static str, Vec<Vec<Out>>)],
    file: &FileNumbers,
) -> Result<(Vec<Vec<Out>>, Option<String>), Error> {
    let all = every_row(sheets, file, false);
    if all.len() <= MAX_LISTED + 1 {
        return Ok((all, None));
    }
    let said = every_row(sheets, file, true);
    if said.len() > MAX_LISTED + 1 {
        return Err(Error::Usage(format!(
            "the scenario comments on {} numbers; a workbook's `{SOURCES}` sheet holds at most {MAX_LISTED}: keep so large a scenario in its TOML file",
            said.len() - 1
        )));
    }
    let note = format!(
        "sheet `{SOURCES}` lists only the {} numbers the scenario file marks or comments on: a row for each of its {} numbers would pass the {MAX_LISTED} rows it holds",
        said.len() - 1,
        all.len() - 1
    );
    Ok((said, Some(note)))
}

fn every_row(
    sheets: &[(&'static str, Vec<Vec<Out>>)],
    file: &FileNumbers,
    said_only: bool,
) -> Vec<Vec<Out>> {
    let mut out = vec![SOURCE_COLUMNS
        .iter()
        .map(|c| Out::from(*c))
        .collect::<Vec<_>>()];
    for (sheet, rows) in sheets {
        let Some(head) = rows.first() else { continue };
        for row in rows.iter().skip(1) {
            let Some(Out::Text(id)) = row.first() else {
                continue;
            };
            for (cell, title) in row.iter().zip(head) {
                let (Out::Num(x) | Out::Int(x), Out::Text(column)) = (cell, title) else {
                    continue;
                };
                let name = Name {
                    sheet,
                    row: id.clone(),
                    column: column.clone(),
                };
                let (marker, note) = file
                    .mark(&name)
                    .map_or(("", ""), |m| (m.marker.word(), m.note.as_str()));
                if said_only && marker.is_empty() && note.is_empty() {
                    continue;
                }
                let r = out.len() + 1;
                out.push(vec![
                    Out::from(*sheet),
                    Out::from(id.as_str()),
                    Out::from(column.as_str()),
                    Out::Formula(lookup(sheet, r), *x),
                    Out::from(marker),
                    Out::from(note),
                ]);
            }
        }
    }
    out
}

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
    /// The comment for the number's line (marker and note), empty for none.
    comment: String,
    /// The row's first cell, and the name as typed.
    at: String,
    shown: String,
    used: bool,
}

/// The `sources` sheet read, and every number cell the other sheets hold.
#[derive(Default)]
pub(crate) struct Sources {
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
        Some(entry.comment.clone())
    }

    /// Whether the workbook has a `sources` sheet with rows.
    pub(crate) fn any(&self) -> bool {
        !self.entries.is_empty()
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

/// Reads the `sources` sheet, if the workbook has one.
pub(crate) fn read(cx: &mut Cx, book: &Book) -> Sources {
    let mut out = Sources::default();
    let Some(t) = book
        .sheet(SOURCES)
        .and_then(|s| table::read(cx, s, SOURCE_COLUMNS, &|_| false))
    else {
        return out;
    };
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
        let Some(comment) = says(cx, &t, r, mc, nc) else {
            continue;
        };
        let Some(name) = name_of(cx, &t, r, (sc, rc, cc)) else {
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
            comment,
            at,
            shown,
            used: false,
        };
        out.entries.insert(name, entry);
    }
    out
}

/// The comment a row gives (marker and comment cells); `None` for a row that
/// says nothing (or whose cells are bad).
fn says(cx: &mut Cx, t: &Table, r: u32, mc: Option<u32>, nc: Option<u32>) -> Option<String> {
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
    let comment = marker.comment(&note);
    (!comment.is_empty()).then_some(comment)
}

/// The number a row names, keyed as the sheet readers key it.
fn name_of(cx: &mut Cx, t: &Table, r: u32, (sc, rc, cc): (u32, u32, u32)) -> Option<Name> {
    let mut get = |c: u32, what: &str| match text(cx, t, (r, c), what) {
        Got::Val(s) => Some(s),
        Got::Empty => {
            t.missing(cx, (r, c), what);
            None
        }
        Got::Bad => None,
    };
    let (sheet, row, column) = (get(sc, "sheet")?, get(rc, "row")?, get(cc, "column")?);
    let key = normalise(&sheet);
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
