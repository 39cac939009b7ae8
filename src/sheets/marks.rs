//! The `sources` sheet written: a row for each number of the template, with
//! the marker and comment the scenario file gives it ([`super::sources`]
//! reads the sheet back).

use std::path::Path;

use super::layout::*;
use super::sources::{matrix_marks, Marks, Name};
use super::xlsx::Out;
use crate::cells::bounds::thousands;
use crate::error::Error;
use crate::scenario::provenance::{matrix_file, scan, Marker};

/// What a scenario file (and the workbook holding a capability matrix it
/// references) says of its numbers, by place.
pub(crate) struct FileNumbers {
    /// `None` when the text could not be read again: every number counts as given.
    marks: Option<Marks>,
    /// Why some marks could not be read.
    pub(crate) notes: Vec<String>,
}

impl FileNumbers {
    /// The numbers of scenario file `text`, read from `file`.
    pub(crate) fn read(text: &str, file: &Path) -> FileNumbers {
        let mut notes = Vec::new();
        let marks = scan(text).map(|all| {
            let mut marks: Marks = all.into_iter().map(|m| (m.at, (m.marker, m.note))).collect();
            if let Some(spec) = matrix_file(text) {
                match matrix_marks(file, &spec) {
                    Ok(more) => marks.extend(more),
                    Err(why) => notes.push(format!(
                        "the capability scores read from {spec} are left unmarked on sheet `{SOURCES}`: {why}"
                    )),
                }
            }
            marks
        });
        FileNumbers { marks, notes }
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

    fn mark(&self, name: &Name) -> Option<&(Marker, String)> {
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
            "the scenario comments on {} numbers; a workbook's `{SOURCES}` sheet holds at most {}: keep so large a scenario in its TOML file",
            thousands(said.len() as u64 - 1),
            thousands(MAX_LISTED as u64)
        )));
    }
    let n = |k: usize| thousands(k as u64);
    let listed = match said.len() - 1 {
        0 => "no numbers: the scenario file marks or comments on none".to_string(),
        k => format!(
            "only the {} numbers the scenario file marks or comments on",
            n(k)
        ),
    };
    let note = format!(
        "sheet `{SOURCES}` lists {listed}; a row for each of its {} numbers would pass the {} rows the sheet holds (add a row for each number you mark)",
        n(all.len() - 1),
        n(MAX_LISTED)
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
                    .map_or(("", ""), |(m, note)| (m.word(), note.as_str()));
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
