//! A sheet read as a table: a header row naming columns, then one record per
//! non-empty row, with typed getters that report every bad cell by reference.
//!
//! Every problem becomes a [`Diagnostic`] at its cell (`capabilities!C7`) with a
//! hint, collected in [`Cx`] so one run lists them all, as the TOML reader does.
//! Entirely empty rows are skipped; merged regions in a table are errors (a
//! merged cell gives one value to several rows or columns); a formula cell is
//! read as the value the spreadsheet application saved with it, and is listed
//! in the notes (a formula with no saved value is an error).

use std::collections::{BTreeMap, BTreeSet};

pub(crate) use super::bounds::col_letters;
use super::grid::{Cell, Sheet};
use crate::diag::{closest, Diagnostic};

/// `sheet!C7` for 0-based (row, column).
pub(crate) fn cell_ref(sheet: &str, (r, c): (u32, u32)) -> String {
    format!("{sheet}!{}{}", col_letters(c), r + 1)
}

/// Collects the problems and notes of one import.
pub(crate) struct Cx {
    /// The workbook or folder, as the user named it.
    pub(crate) file: String,
    /// Problems found.
    pub(crate) diags: Vec<Diagnostic>,
    /// Facts worth telling (formulas read as saved values, hidden sheets).
    pub(crate) notes: Vec<String>,
    /// Formula cells read, by sheet.
    pub(crate) formula_cells: Vec<String>,
}

impl Cx {
    pub(crate) fn new(file: &str) -> Cx {
        Cx {
            file: file.to_string(),
            diags: Vec::new(),
            notes: Vec::new(),
            formula_cells: Vec::new(),
        }
    }

    /// Records a problem at `cell` showing `content`.
    pub(crate) fn error(&mut self, cell: &str, content: &str, message: String, hint: String) {
        let (file, cell) = (self.file.clone(), cell.to_string());
        crate::diag::push_capped(&mut self.diags, || {
            Diagnostic::at_cell(&file, &cell, content, message, Some(hint))
        });
    }
}

/// A header-led table on one sheet.
pub(crate) struct Table<'s> {
    pub(crate) sheet: &'s Sheet,
    /// The header row (0-based).
    pub(crate) header_row: u32,
    /// Column keys (normalised header text) with their column index, in order.
    pub(crate) columns: Vec<(String, u32)>,
    /// Rows with at least one cell, after the header.
    pub(crate) rows: Vec<u32>,
    covered: BTreeSet<(u32, u32)>,
}

/// A header as a key: trimmed, lower case, spaces and hyphens as `_`.
pub(crate) fn normalise(h: &str) -> String {
    h.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

/// Reads `sheet` as a table. `known` columns are accepted; `accept` decides the
/// others (matrix sheets accept any dimension name).
pub(crate) fn read<'s>(
    cx: &mut Cx,
    sheet: &'s Sheet,
    known: &[&str],
    accept: &dyn Fn(&str) -> bool,
) -> Option<Table<'s>> {
    let Some(&(header_row, _)) = sheet.cells.keys().next() else {
        cx.error(
            &sheet.name,
            "",
            format!("sheet `{}` is empty", sheet.name),
            format!(
                "put a header row ({}) in its first row, then one row per entry",
                known.join(", ")
            ),
        );
        return None;
    };
    let mut t = Table {
        sheet,
        header_row,
        columns: Vec::new(),
        rows: Vec::new(),
        covered: BTreeSet::new(),
    };
    check_merges(cx, &mut t, header_row);
    t.columns = header_columns(cx, sheet, header_row, known, accept);
    let used: BTreeSet<u32> = t.columns.iter().map(|(_, c)| *c).collect();
    let rows: BTreeSet<u32> = sheet
        .cells
        .keys()
        .chain(sheet.formulas.keys())
        .filter(|(r, c)| *r > header_row && used.contains(c))
        .map(|(r, _)| *r)
        .collect();
    t.rows = rows.into_iter().collect();
    Some(t)
}

/// The known (or accepted) columns of the header row; `notes` columns are
/// skipped, unknown and repeated ones reported.
fn header_columns(
    cx: &mut Cx,
    sheet: &Sheet,
    header_row: u32,
    known: &[&str],
    accept: &dyn Fn(&str) -> bool,
) -> Vec<(String, u32)> {
    let mut columns = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (&(r, c), cell) in sheet.cells.range((header_row, 0)..(header_row + 1, 0)) {
        let at = cell_ref(&sheet.name, (r, c));
        let shown = cell.shown();
        let key = normalise(&shown);
        if key == "notes" || key == "note" || key.starts_with('#') {
            continue;
        }
        if let Some(first) = seen.get(&key) {
            cx.error(
                &at,
                &shown,
                format!("column `{shown}` appears twice (first at {first})"),
                "delete or rename one of the two columns".into(),
            );
            continue;
        }
        if !known.contains(&key.as_str()) && !accept(&key) {
            let hint = match closest(&key, known.iter().copied()) {
                Some(k) => format!(
                    "did you mean `{k}`? Columns here: {} (a `notes` column is ignored)",
                    known.join(", ")
                ),
                None => format!(
                    "columns here: {} (a `notes` column is ignored)",
                    known.join(", ")
                ),
            };
            cx.error(
                &at,
                &shown,
                format!("unknown column `{shown}` in sheet `{}`", sheet.name),
                hint,
            );
            continue;
        }
        seen.insert(key.clone(), at);
        columns.push((key, c));
    }
    columns
}

fn check_merges(cx: &mut Cx, t: &mut Table, header_row: u32) {
    for m in &t.sheet.merges {
        if m.last.0 < header_row {
            continue;
        }
        let from = cell_ref(&t.sheet.name, m.first);
        let to = format!("{}{}", col_letters(m.last.1), m.last.0 + 1);
        let shown = t
            .sheet
            .cells
            .get(&m.first)
            .map(Cell::shown)
            .unwrap_or_default();
        cx.error(
            &format!("{from}:{to}"),
            &shown,
            "merged cells: one value spread over several cells of the table".into(),
            "unmerge them and type the value in every cell it applies to".into(),
        );
        for r in m.first.0..=m.last.0 {
            for c in m.first.1..=m.last.1 {
                if (r, c) != m.first {
                    t.covered.insert((r, c));
                }
            }
        }
    }
}

impl Table<'_> {
    /// The column index of `key`, if the table has it.
    pub(crate) fn col(&self, key: &str) -> Option<u32> {
        self.columns.iter().find(|(k, _)| k == key).map(|(_, c)| *c)
    }

    /// The header text of column `c`, as typed.
    pub(crate) fn header(&self, c: u32) -> String {
        self.sheet
            .cells
            .get(&(self.header_row, c))
            .map(Cell::shown)
            .unwrap_or_default()
    }

    /// `sheet!C7`.
    pub(crate) fn at(&self, pos: (u32, u32)) -> String {
        cell_ref(&self.sheet.name, pos)
    }

    /// The cell at `pos`, reporting formulas (saved value used, or none saved).
    pub(crate) fn cell(&self, cx: &mut Cx, pos: (u32, u32)) -> Option<&Cell> {
        let cell = self.sheet.cells.get(&pos);
        if let Some(f) = self.sheet.formulas.get(&pos) {
            match cell {
                Some(_) => cx.formula_cells.push(self.at(pos)),
                None => cx.error(
                    &self.at(pos),
                    &format!("={f}"),
                    format!("formula `={f}` has no saved value"),
                    "open the workbook in a spreadsheet application and save it (so the value is computed and saved), or type the value".into(),
                ),
            }
        }
        cell
    }

    /// Whether `pos` is empty because a merged region covers it (already reported).
    pub(crate) fn covered(&self, pos: (u32, u32)) -> bool {
        self.covered.contains(&pos)
    }

    /// Reports a missing required value at `pos`.
    pub(crate) fn missing(&self, cx: &mut Cx, pos: (u32, u32), what: &str) {
        if !self.covered(pos) && !self.sheet.formulas.contains_key(&pos) {
            cx.error(
                &self.at(pos),
                "",
                format!("{what} is missing"),
                format!("type the {what} in this cell"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::grid::{Cell, Sheet};
    use super::*;

    fn sheet() -> Sheet {
        let mut s = Sheet {
            name: "countries".into(),
            ..Sheet::default()
        };
        for (c, h) in ["id", "capacity"].iter().enumerate() {
            s.cells.insert((0, c as u32), Cell::Text(h.to_string()));
        }
        s.cells.insert((1, 0), Cell::Text("US".into()));
        s.formulas.insert((1, 1), "B9*2".into());
        s
    }

    #[test]
    fn a_formula_saved_without_a_value_is_an_error_at_its_cell() {
        let s = sheet();
        let mut cx = Cx::new("book.xlsx");
        let t = read(&mut cx, &s, &["id", "capacity"], &|_| false).unwrap();
        assert_eq!(t.rows, vec![1]);
        assert!(t.cell(&mut cx, (1, 1)).is_none());
        let shown = cx.diags[0].to_string();
        assert!(shown.contains("book.xlsx, countries!B2"), "{shown}");
        assert!(
            shown.contains("formula `=B9*2` has no saved value"),
            "{shown}"
        );
        // Not reported again as a missing value.
        t.missing(&mut cx, (1, 1), "capacity");
        assert_eq!(cx.diags.len(), 1);
    }

    #[test]
    fn column_letters_run_past_z() {
        assert_eq!(col_letters(0), "A");
        assert_eq!(col_letters(25), "Z");
        assert_eq!(col_letters(26), "AA");
        assert_eq!(col_letters(701), "ZZ");
        assert_eq!(col_letters(702), "AAA");
        assert_eq!(cell_ref("capabilities", (6, 2)), "capabilities!C7");
    }
}
