//! What people open: Markdown viewers, spreadsheets, terminals.

use super::*;

/// A scenario whose names and ids are hostile to every reader.
fn hostile() -> String {
    BASE.replace(
        "name = \"Japan\"",
        "name = \"<img src=x onerror=alert(1)>\"",
    )
    .replace("name = \"fixture\"", "name = \"<script>alert(1)</script>\"")
    .replace(
        "id = \"legal-code-drafting\"",
        "id = \"=HYPERLINK(\\\"http://x\\\")\"",
    )
    .replace("domain = \"legal_training\"", "domain = \"@SUM(A1)\"")
    .replace("id = \"KR\"", "id = \"+cmd\"")
}

/// Regression: `solve --format markdown` wrote names as raw HTML.
#[test]
fn solve_markdown_escapes_html_in_names_and_ids() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "h.toml", &hostile());
    let out = leadplan()
        .arg("solve")
        .arg(&s)
        .args(["--format", "markdown"])
        .output()
        .unwrap();
    let md = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(md.contains("\\<script\\>"), "{md}");
    assert!(!md.replace("\\<", "").contains('<'), "raw HTML in:\n{md}");
}

/// Regression: CSV cells like `=HYPERLINK(...)` were bare.
/// Text cells are neutralised with a leading quote; numbers stay numbers.
#[test]
fn solve_csv_neutralises_formula_cells_and_keeps_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "h.toml", &hostile());
    let out = leadplan()
        .arg("solve")
        .arg(&s)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = r.headers().unwrap().clone();
    assert!(headers.iter().any(|h| h == "share_+cmd"), "{headers:?}");
    let mut cells = Vec::new();
    for rec in r.records() {
        cells.extend(rec.unwrap().iter().map(String::from).collect::<Vec<_>>());
    }
    assert!(
        cells.iter().any(|c| c == "'=HYPERLINK(\"http://x\")"),
        "{cells:?}"
    );
    assert!(cells.iter().any(|c| c == "'@SUM(A1)"), "{cells:?}");
    for c in &cells {
        let formula = c.starts_with(['=', '+', '@', '\t', '\r'])
            || (c.starts_with('-') && c.parse::<f64>().is_err());
        assert!(!formula, "live formula cell {c:?}");
    }
    assert_eq!(
        leadplan::outputs::csv_safe::restore("'=HYPERLINK(\"http://x\")"),
        "=HYPERLINK(\"http://x\")"
    );
}

/// Regression: names could carry terminal escape sequences.
#[test]
fn control_characters_in_names_are_rejected_and_never_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let text = BASE.replace(
        "name = \"Japan\"",
        "name = \"\\u001b]0;pwned\\u0007\\u001b[2J\"",
    );
    let s = write(dir.path(), "c.toml", &text);
    let err = refused(leadplan().arg("check").arg(&s));
    assert!(err.contains("control characters"), "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    let raw = BASE.replace("name = \"Japan\"", "name = \"a\u{1b}[2Jb\"");
    let s = write(dir.path(), "raw.toml", &raw);
    let err = refused(leadplan().arg("check").arg(&s));
    assert!(!err.contains('\u{1b}'), "{err:?}");
}
