//! The entry to reading a workbook (.xlsx, .ods) or a folder of CSV files as
//! a [`Book`], within the bounds of [`super::bounds`].
//!
//! A workbook's archive is checked member by member first
//! ([`archive::check`]); an .xlsx sheet is then streamed cell by cell
//! ([`xlsx_read`]), and an .ods file's repeats are scanned ([`ods_scan`])
//! before calamine expands them. Reading never panics on a malformed file: it
//! returns an error that names the file.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Ods, Reader, SheetVisible, Xlsx};

use super::bounds::Tally;
use super::grid::{convert, is_constant, read_csv_dir, Book, Sheet};
use super::{archive, ods_scan, xlsx_read};
use crate::error::Error;
use crate::input::{read_bounded, InputKind};

/// Reads an xlsx/ods workbook, or every `*.csv` file of a folder.
pub(crate) fn read(path: &Path) -> Result<Book, Error> {
    if path.is_dir() {
        return read_csv_dir(path);
    }
    let bytes = read_bounded(path, InputKind::Scenario)?;
    let file = path.display().to_string();
    let bad = |what: String| {
        Error::Usage(format!(
            "{file}: {what}; save it as .xlsx or .ods (or give a folder of CSV files)"
        ))
    };
    match archive::check(&file, &bytes)? {
        archive::Format::Xlsx => {
            let mut wb = Xlsx::new(Cursor::new(bytes))
                .map_err(|e| bad(format!("not a readable workbook ({e})")))?;
            let mut tally = Tally::default();
            let mut sheets = Vec::new();
            for (name, hidden) in sheet_names(&wb) {
                let mut sheet = Sheet {
                    name,
                    hidden,
                    ..Sheet::default()
                };
                xlsx_read::read_sheet(&file, &mut wb, &mut sheet, &mut tally)?;
                sheets.push(sheet);
            }
            Ok(Book { sheets })
        }
        archive::Format::Ods => {
            ods_scan::scan(&file, &bytes)?;
            let mut wb = Ods::new(Cursor::new(bytes))
                .map_err(|e| bad(format!("not a readable workbook ({e})")))?;
            let mut sheets = Vec::new();
            for (name, hidden) in sheet_names(&wb) {
                let range = wb
                    .worksheet_range(&name)
                    .map_err(|e| bad(format!("sheet `{name}` cannot be read ({e})")))?;
                let formulas = wb.worksheet_formula(&name).ok();
                sheets.push(ods_sheet(name, hidden, &range, formulas.as_ref()));
            }
            Ok(Book { sheets })
        }
    }
}

/// The sheets of a workbook in order, each with whether it is hidden.
fn sheet_names<RS: std::io::Read + std::io::Seek, R: Reader<RS>>(wb: &R) -> Vec<(String, bool)> {
    wb.sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect()
}

/// An .ods sheet (already bounded by [`ods_scan`]) as sparse cells.
fn ods_sheet(
    name: String,
    hidden: bool,
    range: &calamine::Range<Data>,
    formulas: Option<&calamine::Range<String>>,
) -> Sheet {
    let mut sheet = Sheet {
        name,
        hidden,
        ..Sheet::default()
    };
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, c, v) in range.used_cells() {
        if let Some(cell) = convert(v) {
            sheet.cells.insert((r0 + r as u32, c0 + c as u32), cell);
        }
    }
    if let Some(f) = formulas {
        let (r0, c0) = f.start().unwrap_or((0, 0));
        for (r, c, text) in f.used_cells() {
            if !text.is_empty() && !is_constant(text) {
                sheet
                    .formulas
                    .insert((r0 + r as u32, c0 + c as u32), text.clone());
            }
        }
    }
    sheet
}
