//! Writing workbooks: one small wrapper over rust_xlsxwriter so every workbook
//! leadplan writes has bold frozen headers, the same number formats, and the
//! same bytes from run to run (a fixed creation date in the document
//! properties; rust_xlsxwriter already fixes the zip entries' times).

use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError,
};

use crate::error::Error;

/// One cell to write.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Out {
    /// Text (never a formula, whatever it starts with).
    Text(String),
    /// A number shown with up to 4 decimals (stored in full).
    Num(f64),
    /// A whole number.
    Int(f64),
    /// A share shown as a percentage.
    Pct(f64),
    /// TRUE or FALSE.
    Bool(bool),
    /// A formula leadplan wrote (never text from an input), shown as a number,
    /// with the value it gives when written (shown until the spreadsheet
    /// application recalculates).
    Formula(String, f64),
    /// Nothing.
    Blank,
}

impl From<&str> for Out {
    fn from(s: &str) -> Out {
        Out::Text(s.to_string())
    }
}

impl From<String> for Out {
    fn from(s: String) -> Out {
        Out::Text(s)
    }
}

/// A number, or a blank cell for `None`.
pub(crate) fn num(x: Option<f64>) -> Out {
    x.map_or(Out::Blank, Out::Num)
}

fn err(e: XlsxError) -> Error {
    Error::Usage(format!("writing the workbook: {e}"))
}

/// A workbook being written.
pub(crate) struct Book {
    wb: Workbook,
    f: Formats,
}

struct Formats {
    header: Format,
    num: Format,
    int: Format,
    pct: Format,
}

impl Book {
    pub(crate) fn new() -> Book {
        Book {
            wb: Workbook::new(),
            f: Formats {
                header: Format::new().set_bold().set_background_color("DDEBF7"),
                num: Format::new().set_num_format("0.0###"),
                int: Format::new().set_num_format("0"),
                pct: Format::new().set_num_format("0.0%"),
            },
        }
    }

    /// Adds sheet `name` with `rows`, the first being the header (bold, frozen).
    pub(crate) fn sheet(&mut self, name: &str, rows: &[Vec<Out>]) -> Result<(), Error> {
        let ws = self.wb.add_worksheet();
        ws.set_name(name).map_err(err)?;
        ws.set_freeze_panes(1, 0).map_err(err)?;
        // Printed (or converted to PDF): landscape, one page wide, with gridlines.
        ws.set_landscape()
            .set_print_fit_to_pages(1, 0)
            .set_print_gridlines(true);
        let mut widths: Vec<usize> = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let w = write(ws, (r as u32, c as u16), cell, r == 0, &self.f).map_err(err)?;
                if widths.len() <= c {
                    widths.resize(c + 1, 0);
                }
                widths[c] = widths[c].max(w);
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*w).clamp(6, 60) as f64 + 2.0)
                .map_err(err)?;
        }
        Ok(())
    }

    /// Offers `words` as a dropdown in column `col` of sheet `name`, rows
    /// `rows` (0-based, inclusive); a blank cell stays allowed.
    pub(crate) fn choices(
        &mut self,
        name: &str,
        col: u16,
        rows: (u32, u32),
        words: &[&str],
        prompt: &str,
    ) -> Result<(), Error> {
        let dv = DataValidation::new()
            .allow_list_strings(words)
            .map_err(err)?
            .set_input_message(prompt)
            .map_err(err)?;
        let ws = self.wb.worksheet_from_name(name).map_err(err)?;
        ws.add_data_validation(rows.0, col, rows.1, col, &dv)
            .map_err(err)?;
        Ok(())
    }

    /// Filter buttons on the header of sheet `name`, over `rows` rows and `cols` columns.
    pub(crate) fn filter(&mut self, name: &str, rows: u32, cols: u16) -> Result<(), Error> {
        let ws = self.wb.worksheet_from_name(name).map_err(err)?;
        ws.autofilter(0, 0, rows.saturating_sub(1), cols.saturating_sub(1))
            .map_err(err)?;
        Ok(())
    }

    /// The workbook's bytes.
    pub(crate) fn finish(mut self) -> Result<Vec<u8>, Error> {
        let created = ExcelDateTime::from_ymd(2020, 1, 1).map_err(err)?;
        let props = DocProperties::new()
            .set_creation_datetime(&created)
            .set_author("leadplan");
        self.wb.set_properties(&props);
        self.wb.save_to_buffer().map_err(err)
    }
}

/// Writes one cell; returns its display width in characters.
fn write(
    ws: &mut Worksheet,
    (r, c): (u32, u16),
    cell: &Out,
    header: bool,
    b: &Formats,
) -> Result<usize, XlsxError> {
    match cell {
        Out::Text(s) if header => ws
            .write_string_with_format(r, c, s, &b.header)
            .map(|_| s.chars().count()),
        Out::Text(s) => ws.write_string(r, c, s).map(|_| s.chars().count().min(40)),
        Out::Num(x) => ws.write_number_with_format(r, c, *x, &b.num).map(|_| 8),
        Out::Int(x) => ws.write_number_with_format(r, c, *x, &b.int).map(|_| 4),
        Out::Pct(x) => ws.write_number_with_format(r, c, *x, &b.pct).map(|_| 6),
        Out::Bool(v) => ws.write_boolean(r, c, *v).map(|_| 5),
        Out::Formula(f, x) => {
            let f = Formula::new(f).set_result(x.to_string());
            ws.write_formula_with_format(r, c, f, &b.num).map(|_| 8)
        }
        Out::Blank => Ok(0),
    }
}
