//! An .xlsx sheet read cell by cell into the sparse [`Sheet`], never as a
//! dense range.
//!
//! calamine's `worksheet_range` allocates the whole rectangle from the first
//! to the last used cell (A1 and XFD1048576 make 17 billion cells; a row of
//! 4294967295 overflows). Here calamine's streaming cell reader hands over one
//! cell at a time, with its value and formula in one pass; each position is
//! checked against [`MAX_ROWS`] x [`MAX_COLUMNS`] before it is kept, and the
//! workbook's cells and text are counted against [`MAX_CELLS`] and
//! [`MAX_TEXT`]. Shared formulas are expanded from their anchor cell, kept in
//! a map by index (calamine's own expansion sizes a vector by the index the
//! file claims). Merged regions are checked corner by corner, never expanded.

use std::collections::HashMap;
use std::io::{Read, Seek};

use calamine::{Data, Xlsx, XlsxError, XlsxFormulaMetadata};

use super::bounds::*;
use super::grid::{convert, is_constant, Merge, Sheet};
use crate::error::Error;

/// Reads the cells, formulas and merged regions of sheet `sheet.name`.
pub(crate) fn read_sheet<RS: Read + Seek>(
    file: &str,
    wb: &mut Xlsx<RS>,
    sheet: &mut Sheet,
    tally: &mut Tally,
) -> Result<(), Error> {
    let name = sheet.name.clone();
    let bad = |e: XlsxError| {
        refuse(
            file,
            format!("sheet `{name}` cannot be read ({e})"),
            "save it as .xlsx or .ods (or give a folder of CSV files)",
        )
    };
    let mut cells = match wb.worksheet_cells_reader(&name) {
        Ok(reader) => reader,
        Err(XlsxError::NotAWorksheet(_)) => return Ok(()),
        Err(e) => return Err(bad(e)),
    };
    let mut shared: HashMap<usize, (String, (u32, u32))> = HashMap::new();
    while let Some(rec) = cells.next_cell_with_formula_metadata().map_err(bad)? {
        let pos = rec.pos;
        check_cell(file, &name, pos.0.into(), pos.1.into())?;
        let value = convert(&Data::from(rec.value));
        let formula = rec
            .formula
            .and_then(|f| formula_text(f, pos, &mut shared))
            .filter(|f| !f.is_empty() && !is_constant(f));
        let text =
            value.as_ref().map_or(0, |v| v.text_len()) + formula.as_ref().map_or(0, String::len);
        let n = u64::from(value.is_some()) + u64::from(formula.is_some());
        if n > 0 {
            tally.add(file, &name, (pos.0.into(), pos.1.into()), n, text as u64)?;
        }
        if let Some(v) = value {
            sheet.cells.insert(pos, v);
        }
        if let Some(f) = formula {
            sheet.formulas.insert(pos, f);
        }
    }
    drop(cells);
    sheet.merges = read_merges(file, wb, &name)?;
    Ok(())
}

/// A formula's text at `pos`: an ordinary formula as written, a shared one
/// expanded from its anchor (remembered by index).
fn formula_text(
    f: XlsxFormulaMetadata,
    pos: (u32, u32),
    shared: &mut HashMap<usize, (String, (u32, u32))>,
) -> Option<String> {
    match f {
        XlsxFormulaMetadata::Normal { formula } => Some(formula),
        XlsxFormulaMetadata::Shared {
            shared_index,
            range,
            formula,
        } => {
            let start = range.map_or(pos, |r| r.start);
            shared.insert(shared_index, (formula.clone(), start));
            calamine::expand_shared_formula(&formula, start, pos).ok()
        }
        XlsxFormulaMetadata::SharedDerived { shared_index } => {
            let (template, start) = shared.get(&shared_index)?;
            calamine::expand_shared_formula(template, *start, pos).ok()
        }
        _ => None,
    }
}

/// The merged regions of a sheet, each checked at its far corner.
fn read_merges<RS: Read + Seek>(
    file: &str,
    wb: &mut Xlsx<RS>,
    name: &str,
) -> Result<Vec<Merge>, Error> {
    let Ok(dims) = wb.merge_cells_by_sheet_name(name) else {
        return Ok(Vec::new());
    };
    let wide = |(r, c): (u32, u32)| (u64::from(r), u64::from(c));
    let mut merges = Vec::with_capacity(dims.len());
    for d in dims {
        check_region(file, name, wide(d.start), wide(d.end))?;
        merges.push(Merge {
            first: d.start,
            last: d.end,
        });
    }
    Ok(merges)
}
