//! A workbook as plain cells: what the importer reads, whatever the file format.
//!
//! xlsx and ods workbooks (read with calamine) and folders of CSV files all
//! become a [`Book`] of [`Sheet`]s holding typed cells at absolute positions,
//! with the facts the importer must report on (merged regions, formulas, hidden
//! sheets). Reading never panics on a malformed file: it returns an error that
//! names the file.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::Data;

use crate::error::Error;
use crate::input::InputKind;

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
pub(crate) fn read_csv_dir(dir: &Path) -> Result<Book, Error> {
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
        Ok(target) if target.starts_with(real_dir) || crate::input::in_read_root(&target) => {
            Ok(())
        }
        _ => Err(Error::Usage(format!(
            "{} is a link that leads out of its folder; leadplan reads the CSV files of a folder only from the folder itself (copy the file in instead of linking it, or allow the folder it leads to with --read-root DIR)",
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
        let book = read_csv_dir(&dir).expect("a link inside the folder is read");
        assert_eq!(book.sheets.len(), 2);
        std::os::unix::fs::symlink(&secret, dir.join("countries.csv")).unwrap();
        let e = read_csv_dir(&dir).unwrap_err().to_string();
        assert!(e.contains("a link that leads out of its folder"), "{e}");
        assert!(!e.contains("SECRET"), "the linked file was quoted: {e}");
    }
}
