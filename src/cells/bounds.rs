//! How much of a workbook leadplan reads: the limits that keep reading a
//! hostile .xlsx or .ods file within bounded memory and time.
//!
//! A planner's workbook is a few sheets of at most thousands of rows (one row
//! per country or task) and hundreds of columns (one per dimension, or per
//! country for the per-country task columns). A spreadsheet application allows
//! 1,048,576 x 16,384 cells and a zip archive inflates a thousandfold, so a
//! file of a few kilobytes can ask for gigabytes: each limit below is checked
//! before anything that size is built (docs/src/spreadsheets.md lists them).
//! The limits are fixed and leave wide room: a workbook past them is not a
//! planner's scenario, and each refusal names the file, the sheet or member,
//! the cell and the limit.

use crate::error::Error;

const MB: u64 = 1 << 20;

/// Rows a sheet may use (its last non-empty cell, merged region or repeat).
pub(crate) const MAX_ROWS: u32 = 100_000;
/// Columns a sheet may use.
pub(crate) const MAX_COLUMNS: u32 = 1_000;
/// Non-empty cells (values and formulas) in the whole workbook.
pub(crate) const MAX_CELLS: u64 = 2_000_000;
/// Bytes of text in the cells of the whole workbook (shared strings and
/// repeated cells are counted once per cell that shows them).
pub(crate) const MAX_TEXT: u64 = 64 * MB;
/// Cells of an .ods sheet's used range, counted from column A: calamine holds
/// an .ods sheet as a dense rectangle.
pub(crate) const MAX_ODS_AREA: u64 = 2_000_000;
/// Spaces one `<text:s text:c="..."/>` of an .ods file may stand for.
pub(crate) const MAX_SPACES: u64 = 10_000;
/// Members of the zip archive.
pub(crate) const MAX_MEMBERS: usize = 10_000;
/// Bytes all members inflate to, together.
pub(crate) const MAX_INFLATED: u64 = 200 * MB;
/// Bytes one member inflates to.
pub(crate) const MAX_MEMBER: u64 = 100 * MB;
/// Inflated to compressed size, past [`RATIO_FROM`] bytes of one member
/// (ordinary XML compresses 5 to 30 times; a zip bomb a thousand times).
pub(crate) const MAX_RATIO: u64 = 100;
/// A member's inflated size from which [`MAX_RATIO`] applies.
pub(crate) const RATIO_FROM: u64 = 8 * MB;

/// Column letters of a 0-based column index (0 = A, 26 = AA).
pub(crate) fn col_letters(mut c: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// `12,345` for diagnostics.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `XFD1048576` for a 0-based (row, column); rows past u32 are shown whole.
pub(crate) fn address(row: u64, col: u64) -> String {
    match u32::try_from(col) {
        Ok(c) => format!("{}{}", col_letters(c), row + 1),
        Err(_) => format!("row {}, column {}", row + 1, col + 1),
    }
}

/// The refusal of a workbook: `FILE: WHAT; HINT`.
pub(crate) fn refuse(file: &str, what: String, hint: &str) -> Error {
    Error::Usage(format!("{file}: {what}; {hint}"))
}

/// Refuses a cell (or the last cell of a repeat) past [`MAX_ROWS`] x [`MAX_COLUMNS`].
pub(crate) fn check_cell(file: &str, sheet: &str, row: u64, col: u64) -> Result<(), Error> {
    check_region(file, sheet, (row, col), (row, col))
}

/// Refuses a region (a cell when `first == last`; a merged region
/// otherwise) whose far corner is past [`MAX_ROWS`] x [`MAX_COLUMNS`].
pub(crate) fn check_region(
    file: &str,
    sheet: &str,
    first: (u64, u64),
    last: (u64, u64),
) -> Result<(), Error> {
    let (row, col) = (first.0.max(last.0), first.1.max(last.1));
    if row < u64::from(MAX_ROWS) && col < u64::from(MAX_COLUMNS) {
        return Ok(());
    }
    let what = if first == last {
        format!("cell {}", address(row, col))
    } else {
        format!(
            "merged region {}:{}",
            address(first.0, first.1),
            address(last.0, last.1)
        )
    };
    Err(refuse(
        file,
        format!(
            "sheet `{sheet}`, {what}: beyond the {} rows x {} columns a leadplan workbook may use",
            thousands(MAX_ROWS.into()),
            thousands(MAX_COLUMNS.into())
        ),
        "a scenario's sheets need far fewer; delete the rows and columns past its tables (a stray value, a formatted or merged whole sheet) and save again",
    ))
}

/// Counts what a sheet adds to the workbook's cells and text, refusing past
/// [`MAX_CELLS`] and [`MAX_TEXT`].
#[derive(Debug, Default)]
pub(crate) struct Tally {
    cells: u64,
    text: u64,
}

impl Tally {
    /// Adds `cells` cells holding `text` bytes of text at `sheet`'s `(row, col)`.
    pub(crate) fn add(
        &mut self,
        file: &str,
        sheet: &str,
        (row, col): (u64, u64),
        cells: u64,
        text: u64,
    ) -> Result<(), Error> {
        self.cells = self.cells.saturating_add(cells);
        self.text = self.text.saturating_add(text);
        let over = if self.cells > MAX_CELLS {
            format!("more than {} non-empty cells", thousands(MAX_CELLS))
        } else if self.text > MAX_TEXT {
            format!("more than {} MB of text in its cells", MAX_TEXT / MB)
        } else {
            return Ok(());
        };
        Err(refuse(
            file,
            format!(
                "sheet `{sheet}`, cell {}: the workbook holds {over}, past what a leadplan workbook may hold",
                address(row, col)
            ),
            "a scenario's sheets need far fewer; save only the leadplan sheets in a new workbook",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_thousands_read_as_a_person_writes_them() {
        assert_eq!(address(1_048_575, 16_383), "XFD1048576");
        assert_eq!(address(4_294_967_294, 0), "A4294967295");
        assert_eq!(thousands(1_048_576), "1,048,576");
        assert_eq!(thousands(100), "100");
        let e = check_cell("b.xlsx", "tasks", 1_048_575, 16_383).unwrap_err();
        assert!(
            e.to_string().starts_with(
                "b.xlsx: sheet `tasks`, cell XFD1048576: beyond the 100,000 rows x 1,000 columns"
            ),
            "{e}"
        );
        assert!(check_cell("b.xlsx", "tasks", 99_999, 999).is_ok());
    }

    #[test]
    fn the_tally_refuses_past_the_cells_or_the_text() {
        let mut t = Tally::default();
        assert!(t.add("b", "s", (0, 0), MAX_CELLS, 0).is_ok());
        let e = t.add("b", "s", (3, 2), 1, 0).unwrap_err().to_string();
        assert!(
            e.contains("cell C4: the workbook holds more than 2,000,000 non-empty cells"),
            "{e}"
        );
        let mut t = Tally::default();
        let e = t
            .add("b", "s", (0, 0), 1, MAX_TEXT + 1)
            .unwrap_err()
            .to_string();
        assert!(e.contains("more than 64 MB of text"), "{e}");
    }
}
