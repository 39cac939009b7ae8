//! An .ods file's `content.xml`, scanned before calamine reads it.
//!
//! calamine reads an .ods workbook whole when it opens it, and holds each
//! sheet as a dense rectangle from its first to its last non-empty cell, with
//! repeat counts expanded: `table:number-rows-repeated` and
//! `table:number-columns-repeated` on a non-empty cell copy it that many times,
//! and `<text:s text:c="N"/>` stands for N spaces. This scan walks the same
//! XML with the same repeat rules, holding nothing but counters, and refuses
//! what would not fit: a non-empty cell (or repeat) past
//! [`MAX_ROWS`] x [`MAX_COLUMNS`], a used range past [`MAX_ODS_AREA`], more
//! cells or text than [`MAX_CELLS`] and [`MAX_TEXT`], a space run past
//! [`MAX_SPACES`]. Repeats of EMPTY rows and cells are free (LibreOffice
//! writes `number-rows-repeated="1048550"` for the blank rest of every sheet)
//! and stay accepted.

use std::io::{BufReader, Cursor};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::bounds::*;
use crate::error::Error;

/// Attributes that make an .ods cell non-empty for calamine, with their text.
const VALUE_ATTRS: &[&str] = &[
    "office:value",
    "office:string-value",
    "office:date-value",
    "office:time-value",
    "office:boolean-value",
    "office:value-type",
    "table:formula",
];

/// Where the scan is in the current sheet.
#[derive(Default)]
struct SheetScan {
    name: String,
    row: u64,
    row_repeat: u64,
    col: u64,
    /// First and last row holding a non-empty cell, and the last such column.
    used: Option<(u64, u64, u64)>,
}

/// The non-empty cell being read.
struct CellScan {
    repeat: u64,
    valued: bool,
    text: u64,
}

/// Scans `content.xml` of the .ods archive `bytes`.
pub(crate) fn scan(file: &str, bytes: &[u8]) -> Result<(), Error> {
    let bad = |e: String| {
        refuse(
            file,
            format!("content.xml cannot be read ({e})"),
            "save it again as .ods or as .xlsx",
        )
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let member = zip.by_name("content.xml").map_err(|e| bad(e.to_string()))?;
    let mut xml = Reader::from_reader(BufReader::new(member));
    xml.config_mut().check_end_names = false;
    let mut buf = Vec::with_capacity(1024);
    let mut tally = Tally::default();
    let mut sheet = SheetScan::default();
    let mut cell: Option<CellScan> = None;
    loop {
        let event = xml
            .read_event_into(&mut buf)
            .map_err(|e| bad(e.to_string()))?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => {
                    sheet = SheetScan {
                        name: attr_text(&e, "table:name").unwrap_or_default(),
                        ..SheetScan::default()
                    };
                }
                "table:table-row" => {
                    sheet.row_repeat = repeat(&e, "table:number-rows-repeated");
                    sheet.col = 0;
                    if empty {
                        sheet.row = sheet.row.saturating_add(sheet.row_repeat);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let c = start_cell(&e);
                    if empty {
                        end_cell(file, &mut sheet, c, &mut tally)?;
                    } else {
                        cell = Some(c);
                    }
                }
                "text:s" => {
                    if let Some(c) = cell.as_mut() {
                        let n = repeat(&e, "text:c");
                        if n > MAX_SPACES {
                            return Err(too_many_spaces(file, &sheet, n));
                        }
                        c.text = c.text.saturating_add(n);
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some(c) = cell.as_mut() {
                    c.text = c.text.saturating_add(t.len() as u64);
                }
            }
            Event::GeneralRef(_) => {
                if let Some(c) = cell.as_mut() {
                    c.text = c.text.saturating_add(4);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" => {
                    if let Some(c) = cell.take() {
                        end_cell(file, &mut sheet, c, &mut tally)?;
                    }
                }
                "table:table-row" => sheet.row = sheet.row.saturating_add(sheet.row_repeat),
                "table:table" => check_area(file, &sheet)?,
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// A cell's repeat count and the text its attributes hold.
fn start_cell(e: &BytesStart) -> CellScan {
    let mut c = CellScan {
        repeat: repeat(e, "table:number-columns-repeated"),
        valued: false,
        text: 0,
    };
    for a in e.attributes().flatten() {
        if VALUE_ATTRS.contains(&a.key.as_ref()) {
            c.valued = true;
            c.text = c.text.saturating_add(a.value.len() as u64);
        }
    }
    c
}

/// Places a cell at the sheet's current column: a non-empty one is checked
/// against the limits with its repeats expanded.
fn end_cell(
    file: &str,
    sheet: &mut SheetScan,
    c: CellScan,
    tally: &mut Tally,
) -> Result<(), Error> {
    let first_col = sheet.col;
    sheet.col = sheet.col.saturating_add(c.repeat);
    if !c.valued {
        return Ok(());
    }
    let last = (
        sheet.row.saturating_add(sheet.row_repeat - 1),
        sheet.col - 1,
    );
    check_cell(file, &sheet.name, last.0, last.1)?;
    let copies = c.repeat.saturating_mul(sheet.row_repeat);
    tally.add(
        file,
        &sheet.name,
        (sheet.row, first_col),
        copies,
        c.text.saturating_mul(copies),
    )?;
    sheet.used = Some(match sheet.used {
        None => (sheet.row, last.0, last.1),
        Some((first, end, right)) => (first, end.max(last.0), right.max(last.1)),
    });
    Ok(())
}

/// Refuses a sheet whose used range, counted from column A, is past [`MAX_ODS_AREA`].
fn check_area(file: &str, sheet: &SheetScan) -> Result<(), Error> {
    let Some((first, last, right)) = sheet.used else {
        return Ok(());
    };
    let area = (last - first + 1).saturating_mul(right + 1);
    if area <= MAX_ODS_AREA {
        return Ok(());
    }
    Err(refuse(
        file,
        format!(
            "sheet `{}`: its cells from {} to {} span {} cells, past the {} an .ods sheet may span",
            sheet.name,
            address(first, 0),
            address(last, right),
            thousands(area),
            thousands(MAX_ODS_AREA)
        ),
        "a scenario's sheets need far fewer; delete the rows and columns past its tables and save again (or save the workbook as .xlsx)",
    ))
}

fn too_many_spaces(file: &str, sheet: &SheetScan, n: u64) -> Error {
    refuse(
        file,
        format!(
            "sheet `{}`, cell {}: a run of {} spaces (`text:s text:c`), past the {} a leadplan cell may hold",
            sheet.name,
            address(sheet.row, sheet.col),
            thousands(n),
            thousands(MAX_SPACES)
        ),
        "a planner's cell holds a name, a number or a short note; shorten the text and save again",
    )
}

/// A repeat count attribute (1 when absent; an unreadable one is left to calamine).
fn repeat(e: &BytesStart, key: &str) -> u64 {
    attr_text(e, key)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

fn attr_text(e: &BytesStart, key: &str) -> Option<String> {
    let a = e.try_get_attribute(key).ok()??;
    Some(a.value.into_owned())
}
