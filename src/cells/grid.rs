//! A workbook as plain cells: what the importer reads, whatever the file format.
//!
//! xlsx and ods workbooks (read with calamine) and folders of CSV files all
//! become a [`Book`] of [`Sheet`]s holding typed cells at absolute positions,
//! with the facts the importer must report on (merged regions, formulas, hidden
//! sheets). Reading never panics on a malformed file: it returns an error that
//! names the file.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Ods, Reader, SheetVisible, Xlsx};

use super::bounds::Tally;
use super::{archive, ods_scan, xlsx_read};
use crate::error::Error;
use crate::input::{read_bounded, InputKind};

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// A number (integers included).
    Number(f64),
    /// Text, as typed.
    Text(String),
    /// TRUE or FALSE.
    Bool(bool),
    /// A date or time (never a valid leadplan value).
    Date(String),
    /// An error value such as `#DIV/0!`.
    Error(String),
}

impl Cell {
    /// The cell as a person sees it, for quoting in diagnostics.
    pub(crate) fn shown(&self) -> String {
        match self {
            Cell::Number(x) => crate::fmt::fmt_num(*x),
            Cell::Text(s) | Cell::Date(s) | Cell::Error(s) => s.clone(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        }
    }

    /// Bytes of text the cell holds (0 for a number or a boolean).
    pub(crate) fn text_len(&self) -> usize {
        match self {
            Cell::Text(s) | Cell::Date(s) | Cell::Error(s) => s.len(),
            Cell::Number(_) | Cell::Bool(_) => 0,
        }
    }
}

/// A rectangle of merged cells, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Merge {
    pub(crate) first: (u32, u32),
    pub(crate) last: (u32, u32),
}

/// One sheet (or one CSV file).
#[derive(Debug, Clone, Default)]
pub(crate) struct Sheet {
    /// Its name (for a CSV file, the file name without `.csv`).
    pub(crate) name: String,
    /// Non-empty cells by (row, column), 0-based.
    pub(crate) cells: BTreeMap<(u32, u32), Cell>,
    /// Formula text of formula cells, by (row, column).
    pub(crate) formulas: BTreeMap<(u32, u32), String>,
    /// Merged regions.
    pub(crate) merges: Vec<Merge>,
    /// Whether the workbook hides the sheet.
    pub(crate) hidden: bool,
}

/// A workbook, or a folder of CSV files.
#[derive(Debug, Clone)]
pub(crate) struct Book {
    /// Sheets in workbook order (CSV files in name order).
    pub(crate) sheets: Vec<Sheet>,
}

impl Book {
    /// The sheet of this name (case-insensitive), if any.
    pub(crate) fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets
            .iter()
            .find(|s| s.name.trim().eq_ignore_ascii_case(name))
    }
}

/// Reads an xlsx/ods workbook, or every `*.csv` file of a folder.
///
/// A workbook is read within the bounds of [`super::bounds`]: its archive is
/// checked member by member first ([`archive::check`]), an .xlsx sheet is
/// streamed cell by cell ([`xlsx_read`]) and an .ods file's repeats are
/// scanned ([`ods_scan`]) before calamine expands them.
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

/// LibreOffice saves a TRUE/FALSE cell as the formula `=TRUE()` / `=FALSE()`:
/// a constant, not a computed value.
pub(super) fn is_constant(formula: &str) -> bool {
    let f = formula
        .trim()
        .trim_start_matches("of:")
        .trim_start_matches('=');
    f.eq_ignore_ascii_case("TRUE()") || f.eq_ignore_ascii_case("FALSE()")
}

pub(super) fn convert(v: &Data) -> Option<Cell> {
    Some(match v {
        Data::Empty => return None,
        Data::String(s) if s.trim().is_empty() => return None,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(x) => Cell::Number(*x),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => Cell::Date(d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Date(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    })
}

/// The CSV files of a folder, each one sheet of text cells.
fn read_csv_dir(dir: &Path) -> Result<Book, Error> {
    let io = |e: std::io::Error| Error::Io {
        path: dir.display().to_string(),
        source: e,
    };
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")))
        .collect();
    files.sort();
    let real_dir = dir.canonicalize().map_err(io)?;
    let mut sheets = Vec::new();
    for file in files {
        refuse_link_out(&file, &real_dir)?;
        let name = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        sheets.push(read_csv(&file, name)?);
    }
    Ok(Book { sheets })
}

/// A CSV file of a folder that is a symbolic link leading out of the folder
/// is refused before it is opened: a folder received from elsewhere cannot
/// make leadplan read (and quote) a file the user did not name.
fn refuse_link_out(file: &Path, real_dir: &Path) -> Result<(), Error> {
    let is_link = std::fs::symlink_metadata(file).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(());
    }
    match file.canonicalize() {
        Ok(target) if target.starts_with(real_dir) => Ok(()),
        _ => Err(Error::Usage(format!(
            "{} is a link that leads out of its folder; leadplan reads the CSV files of a folder only from the folder itself (copy the file in instead of linking it)",
            file.display()
        ))),
    }
}

/// One CSV file as a sheet of text cells (numbers are parsed later, per column).
pub(crate) fn read_csv(file: &Path, name: String) -> Result<Sheet, Error> {
    let text = crate::input::read_text(file, InputKind::Scenario)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut sheet = Sheet {
        name,
        ..Sheet::default()
    };
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            Error::Usage(format!(
                "{}: not valid CSV near row {} ({e}); save the sheet as comma-separated UTF-8",
                file.display(),
                r + 1
            ))
        })?;
        for (c, field) in record.iter().enumerate() {
            if !field.trim().is_empty() {
                sheet
                    .cells
                    .insert((r as u32, c as u32), Cell::Text(field.to_string()));
            }
        }
    }
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_csv_folder_refuses_a_link_that_leads_out_and_reads_one_that_stays() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("book");
        std::fs::create_dir(&dir).unwrap();
        let secret = root.path().join("secret.txt");
        std::fs::write(&secret, "root:SECRET-HASH:19000\n").unwrap();
        std::fs::write(dir.join("tasks.csv"), "id\nt\n").unwrap();
        std::os::unix::fs::symlink(dir.join("tasks.csv"), dir.join("same.csv")).unwrap();
        let book = read(&dir).expect("a link inside the folder is read");
        assert_eq!(book.sheets.len(), 2);
        std::os::unix::fs::symlink(&secret, dir.join("countries.csv")).unwrap();
        let e = read(&dir).unwrap_err().to_string();
        assert!(e.contains("a link that leads out of its folder"), "{e}");
        assert!(!e.contains("SECRET"), "the linked file was quoted: {e}");
    }
}
