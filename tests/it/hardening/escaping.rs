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

/// Asserts that `bytes` (what `what` wrote) hold no escape (0x1b) and no
/// bidirectional control such as U+202E RIGHT-TO-LEFT OVERRIDE.
fn assert_clean(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t' && c != '\r')
                || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    assert!(bad.is_empty(), "{what} wrote {bad:?}:\n{text}");
}

/// Runs the binary; asserts a quiet exit (0, 1 or 2) and clean stdout and stderr.
fn run_clean(cmd: &mut assert_cmd::Command, what: &str) -> std::process::Output {
    let out = cmd.output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "{what}: {:?}\n{}",
        out.status,
        stderr(&out)
    );
    assert_clean(&format!("{what} (stdout)"), &out.stdout);
    assert_clean(&format!("{what} (stderr)"), &out.stderr);
    out
}

/// A valid scenario whose country name, task id and name, description and
/// sources hold right-to-left overrides (accepted: they are text).
fn reversed() -> String {
    BASE.replace("name = \"Japan\"", "name = \"Jap\u{202e}nap\"")
        .replace(
            "id = \"legal-code-drafting\"",
            "id = \"legal\u{202e}txt.exe\"\nname = \"Drafting \u{2066}\u{202e}cod\u{2069}\"",
        )
        .replace(
            "name = \"fixture\"",
            "name = \"fix\u{202e}ture\"\ndescription = \"notes \u{202e}\u{200f}x\"\nsources = [\"src\u{202e}gnp.exe\"]",
        )
}

/// Bidi overrides in names, ids and notes never reach the terminal, a CSV,
/// Markdown, HTML or an SVG as themselves; JSON keeps them exactly, escaped.
#[test]
fn bidi_overrides_in_a_scenario_reach_no_terminal_and_no_document() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "r.toml", &reversed());
    run_clean(leadplan().arg("check").arg(&s), "check");
    for format in ["text", "csv", "markdown"] {
        let out = run_clean(
            leadplan().arg("solve").arg(&s).args(["--format", format]),
            format,
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(
            stdout(&out).contains("\\u{202e}"),
            "{format}: {}",
            stdout(&out)
        );
    }
    let out = run_clean(
        leadplan().arg("solve").arg(&s).args(["--format", "json"]),
        "json",
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json.to_string().contains("legal\u{202e}txt.exe"), "{json}");
    for (name, args) in [
        ("r.html", vec!["report"]),
        ("r.md", vec!["report"]),
        ("m.svg", vec!["chart", "plan-matrix"]),
    ] {
        let out_file = dir.path().join(name);
        let out = run_clean(
            leadplan().args(&args).arg(&s).arg("--out").arg(&out_file),
            name,
        );
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let written = std::fs::read(&out_file).unwrap();
        assert_clean(name, &written);
        assert!(
            String::from_utf8_lossy(&written).contains("u{202e}"),
            "{name} lost the marker"
        );
    }
}

/// Escape sequences in a name, a task id and the notes are refused, and the
/// refusal echoes neither them nor the overrides beside them (a raw escape is
/// a TOML syntax error, quoted as U+FFFD: `control_characters_in_names_...`).
#[test]
fn escape_sequences_beside_bidi_overrides_are_refused_without_echo() {
    let dir = tempfile::tempdir().unwrap();
    let text = reversed()
        .replace("Jap\u{202e}nap", "Jap\\u001b[31m\u{202e}nap")
        .replace("legal\u{202e}txt.exe", "legal\\u001b[2J\u{202e}txt.exe")
        .replace("notes \u{202e}", "notes \\u001b]0;pwned\\u0007\u{202e}");
    let s = write(dir.path(), "e.toml", &text);
    for cmd in ["check", "solve"] {
        let out = run_clean(leadplan().arg(cmd).arg(&s), cmd);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(err.matches("control characters").count(), 3, "{err}");
    }
}

/// A workbook's sheet name (`&#27;` in the XML, and a raw U+202E) is quoted
/// escaped when `import` says it ignored the sheet.
#[test]
fn a_hostile_sheet_name_is_quoted_escaped() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "base.toml", BASE);
    let template = dir.path().join("t.xlsx");
    leadplan()
        .arg("export")
        .arg(&s)
        .arg("--out")
        .arg(&template)
        .assert()
        .success();
    let mut src = zip::ZipArchive::new(std::fs::File::open(&template).unwrap()).unwrap();
    let book = dir.path().join("h.xlsx");
    let mut dst = zip::ZipWriter::new(std::fs::File::create(&book).unwrap());
    for i in 0..src.len() {
        let mut entry = src.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "xl/workbook.xml" {
            let xml = String::from_utf8(data).unwrap();
            assert!(xml.contains("name=\"pins\""), "{xml}");
            let hostile = "name=\"p&#27;[31mred&#x202E;txt\u{202e}exe\"";
            data = xml.replace("name=\"pins\"", hostile).into_bytes();
        }
        dst.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        dst.write_all(&data).unwrap();
    }
    dst.finish().unwrap();
    let out = run_clean(
        leadplan()
            .arg("import")
            .arg(&book)
            .arg("--out")
            .arg(dir.path().join("o.toml")),
        "import",
    );
    let err = stderr(&out);
    assert!(
        err.contains("p\\u{1b}[31mred\\u{202e}txt\\u{202e}exe"),
        "{err}"
    );
}

/// A CSV file's name in a folder given to `import`, and a missing path given
/// on the command line, are quoted escaped.
#[cfg(unix)]
#[test]
fn hostile_file_names_and_paths_are_quoted_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("sheets");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("x\u{1b}[31m\u{202e}vsc.exe.csv"), b"\xff\xfe").unwrap();
    let out = run_clean(
        leadplan()
            .arg("import")
            .arg(&folder)
            .arg("--out")
            .arg(dir.path().join("o.toml")),
        "import",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("x\\u{1b}[31m\\u{202e}vsc.exe.csv"),
        "{}",
        stderr(&out)
    );
    let missing = dir.path().join("bad\u{1b}[31m\u{202e}lmot.toml");
    for cmd in [
        vec!["check"],
        vec!["solve"],
        vec!["report", "--out", "r.html"],
    ] {
        let out = run_clean(leadplan().args(&cmd).arg(&missing), cmd[0]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("bad\\u{1b}[31m\\u{202e}lmot.toml"),
            "{}",
            stderr(&out)
        );
    }
    let out = run_clean(
        leadplan().args(["solve", "--format", "x\u{1b}[31m\u{202e}y", "s.toml"]),
        "usage",
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// `runs.csv` writes ids with their bidi overrides escaped; reading it back
/// (a chart, a resume) still finds every column and country.
#[test]
fn a_sweep_over_bidi_ids_reads_its_csv_back() {
    let dir = tempfile::tempdir().unwrap();
    let text = BASE
        .replace("id = \"legal-code-drafting\"", "id = \"legal\u{202e}txt.exe\"")
        .replace("\"KR\"", "\"K\u{202e}R\"")
        + "\n[sweep]\nruns = 4\nseed = 1\n\n[[sweep.param]]\npath = \"country.*.capacity\"\nrelative = 0.2\n";
    let s = write(dir.path(), "sw.toml", &text);
    let out_dir = dir.path().join("out");
    let sweep = || {
        let mut cmd = leadplan();
        cmd.arg("sweep").arg(&s).arg("--out").arg(&out_dir);
        cmd
    };
    let out = run_clean(&mut sweep(), "sweep");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = std::fs::read(out_dir.join("runs.csv")).unwrap();
    assert_clean("runs.csv", &csv);
    let svg = dir.path().join("lf.svg");
    let out = run_clean(
        leadplan()
            .args(["chart", "lead-frequency"])
            .arg(&s)
            .arg("--sweep")
            .arg(&out_dir)
            .arg("--out")
            .arg(&svg),
        "chart",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_clean("lf.svg", &std::fs::read(&svg).unwrap());
    let out = run_clean(sweep().arg("--resume"), "resume");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
