//! Bad workbooks: every problem reported at once, at its cell, with a hint;
//! nothing panics.

use rust_xlsxwriter::{Format, Formula};

use super::*;

/// Imports `sheets` (after `edit`); (exit code, stderr).
fn try_book(sheets: &[(&str, Vec<Vec<V>>)], edit: &dyn Fn(&str, &mut Worksheet)) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.xlsx");
    write_book(&book, sheets, edit);
    import(&book, dir.path())
}

fn assert_has(err: &str, needles: &[&str]) {
    for n in needles {
        assert!(err.contains(n), "missing `{n}` in:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn text_in_number_cells_is_located_with_a_hint() {
    let s = with(small(), "capabilities", 1, 2, T("high"));
    let s = with(s, "countries", 2, 2, T("0,5"));
    let (code, err) = try_book(&s, &|_, _| {});
    assert_eq!(code, 2, "{err}");
    assert_has(
        &err,
        &[
            "book.xlsx, capabilities!C2",
            "found text `high`",
            "countries!C3",
            "decimal with a point",
            "2 problems found",
        ],
    );
}

#[test]
fn merged_cells_in_a_table_are_an_error_at_the_region() {
    let (code, err) = try_book(&small(), &|name, ws| {
        if name == "tasks" {
            ws.merge_range(1, 3, 2, 3, "1", &Format::new()).unwrap();
        }
    });
    assert_eq!(code, 2, "{err}");
    assert_has(&err, &["tasks!D2:D3", "merged cells", "unmerge"]);
    assert!(
        !err.contains("tasks!D3 "),
        "a covered cell is not reported again: {err}"
    );
}

#[test]
fn a_missing_sheet_is_named_with_the_likely_typo() {
    let mut s = small();
    s.iter_mut().find(|(n, _)| *n == "requirements").unwrap().0 = "requirement";
    let (code, err) = try_book(&s, &|_, _| {});
    assert_eq!(code, 2, "{err}");
    assert_has(
        &err,
        &["no `requirements` sheet", "did you mean `requirement`?"],
    );
}

#[test]
fn duplicate_ids_name_both_cells() {
    let s = with(small(), "tasks", 3, 0, T("vaccines"));
    let s = with(s, "capabilities", 2, 0, T("AA"));
    let (code, err) = try_book(&s, &|_, _| {});
    assert_eq!(code, 2, "{err}");
    assert_has(
        &err,
        &[
            "duplicate task id `vaccines` (first at tasks!A2)",
            "tasks!A4",
            "capabilities!A3",
            "first at capabilities!A2",
        ],
    );
}

#[test]
fn a_formula_is_read_as_its_saved_value_and_said_so() {
    let (code, err) = try_book(&small(), &|name, ws| {
        if name == "countries" {
            ws.write_formula(1, 2, Formula::new("=2+2").set_result("4"))
                .unwrap();
        }
    });
    assert_eq!(code, 0, "{err}");
    assert_has(&err, &["note: 1 formula cell read as the value the spreadsheet application saved (countries!C2)"]);
}

#[test]
fn a_formula_showing_an_error_value_is_located() {
    // (A formula saved without any value is tested in src/sheets/table.rs: no
    // writer at hand saves one.)
    let (code, err) = try_book(&small(), &|name, ws| {
        if name == "countries" {
            ws.write_formula(1, 2, Formula::new("=1/0").set_result("#DIV/0!"))
                .unwrap();
        }
    });
    assert_eq!(code, 2, "{err}");
    assert_has(
        &err,
        &[
            "countries!C2",
            "found an error value `#DIV/0!`",
            "fix the formula",
        ],
    );
}

#[test]
fn empty_rows_are_skipped_but_a_row_without_an_id_is_an_error() {
    let mut s = small();
    let tasks = &mut s.iter_mut().find(|(n, _)| *n == "tasks").unwrap().1;
    tasks.insert(2, vec![]);
    let (code, err) = try_book(&s, &|_, _| {});
    assert_eq!(code, 0, "an empty row is harmless: {err}");
    let s = with(small(), "tasks", 4, 3, N(2.0));
    let (code, err) = try_book(&s, &|_, _| {});
    assert_eq!(code, 2, "{err}");
    assert_has(&err, &["tasks!A5", "this row has values but no id"]);
}

#[test]
fn a_hidden_sheet_is_read_and_said_so() {
    let (code, err) = try_book(&small(), &|name, ws| {
        if name == "policy" {
            ws.set_hidden(true);
        }
    });
    assert_eq!(code, 0, "{err}");
    assert_has(
        &err,
        &["sheet `policy` is hidden in the workbook; it was read like the others"],
    );
}

#[test]
fn an_unknown_column_gets_the_closest_known_one() {
    let s = with(small(), "countries", 0, 2, T("capcity"));
    let (code, err) = try_book(&s, &|_, _| {});
    assert_eq!(code, 2, "{err}");
    assert_has(
        &err,
        &[
            "countries!C1",
            "unknown column `capcity`",
            "did you mean `capacity`?",
        ],
    );
}

#[test]
fn a_value_the_scenario_checks_reject_is_reported_at_its_cell() {
    let s = with(small(), "capabilities", 2, 1, N(1.5));
    let s = with(s, "tasks", 1, 7, N(0.0));
    let (code, err) = try_book(&s, &|_, _| {});
    assert_eq!(code, 2, "{err}");
    assert_has(
        &err,
        &[
            "capabilities!B3",
            "key: country[1].capability.health",
            "tasks!H2",
            "key: task[0].leads",
        ],
    );
}

#[test]
fn unknown_ids_in_matrices_are_located() {
    let s = with(small(), "requirements", 2, 0, T("court"));
    let (code, err) = try_book(&s, &|_, _| {});
    assert_eq!(code, 2, "{err}");
    assert_has(
        &err,
        &[
            "requirements!A3",
            "task `court` is not in sheet `tasks`",
            "did you mean `courts`?",
            "task `courts` has no row in sheet `requirements`",
        ],
    );
}

#[test]
fn a_file_that_is_not_a_workbook_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.xlsx");
    std::fs::write(&book, b"PK\x03\x04 not really a zip file").unwrap();
    let (code, err) = import(&book, dir.path());
    assert_eq!(code, 2, "{err}");
    assert_has(&err, &["book.xlsx: not a readable workbook"]);
}

#[test]
fn an_empty_workbook_lists_every_missing_sheet_at_once() {
    let (code, err) = try_book(&[("Sheet1", vec![])], &|_, _| {});
    assert_eq!(code, 2, "{err}");
    assert_has(
        &err,
        &[
            "no `countries` sheet",
            "no `capabilities` sheet",
            "no `tasks` sheet",
            "no `requirements` sheet",
            "4 problems found",
        ],
    );
}
