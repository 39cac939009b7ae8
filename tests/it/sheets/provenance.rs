//! Where numbers come from, through a workbook: `export` fills the `sources`
//! sheet from a scenario file's comments, `import` writes each row back as the
//! comment on its number's line, so the imported file says what the original
//! says, number by number, through xlsx, ods and a CSV folder alike; bad rows
//! are located; a comment can never add a line to the scenario file.

use std::collections::BTreeMap;
use std::io::Write;

use calamine::{open_workbook_auto, Data, Reader};
use leadplan::scenario::provenance::{scan, Marker};
use leadplan::Scenario;

use super::*;

/// Every number of a scenario file: its place, and (kind, marker, note).
type Said = BTreeMap<Vec<String>, (String, Marker, String)>;

fn said(file: &Path) -> Said {
    let text = std::fs::read_to_string(file).unwrap();
    scan(&text)
        .unwrap()
        .into_iter()
        .map(|m| (m.at, (m.kind, m.marker, m.note)))
        .collect()
}

/// The first places where two files say different things, for a failure message.
fn differences(a: &Said, b: &Said) -> Vec<String> {
    let mut out = Vec::new();
    for k in a.keys().chain(b.keys()) {
        if a.get(k) != b.get(k) {
            out.push(format!("{}: {:?} vs {:?}", k.join("."), a.get(k), b.get(k)));
        }
    }
    out.truncate(6);
    out
}

fn export(scenario: &Path, book: &Path) {
    leadplan()
        .arg("export")
        .arg(scenario)
        .arg("--out")
        .arg(book)
        .assert()
        .success();
}

#[test]
fn every_shipped_scenario_keeps_each_numbers_marker_and_comment_through_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = shipped();
    files.push(repo("examples/first-study.toml"));
    for file in files {
        let book = dir.path().join("book.xlsx");
        export(&file, &book);
        let (code, err) = import(&book, dir.path());
        assert_eq!(code, 0, "{}: {err}", file.display());
        let (before, after) = (said(&file), said(&dir.path().join("out.toml")));
        assert!(
            before.values().any(|v| v.1 != Marker::Unmarked),
            "{} marks its numbers",
            file.display()
        );
        assert!(
            before == after,
            "{}: {:?}",
            file.display(),
            differences(&before, &after)
        );
    }
}

/// The "About these inputs" section of a Markdown report, the file's name taken out.
fn about_inputs(scenario: &Path, dir: &Path) -> String {
    let out = dir.join("report.md");
    leadplan()
        .arg("report")
        .arg(scenario)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let md = std::fs::read_to_string(&out).unwrap();
    let from = md.find("## About these inputs").expect("the section");
    let to = md[from..].find("\n## ").map_or(md.len(), |k| from + k);
    let name = scenario.display().to_string();
    md[from..to].replace(&name, "FILE")
}

#[test]
fn the_report_of_an_imported_workbook_says_where_its_numbers_come_from() {
    let dir = tempfile::tempdir().unwrap();
    let original = repo("scenarios/trilateral-public-goods.toml");
    let book = dir.path().join("study.xlsx");
    export(&original, &book);
    let (code, err) = import(&book, dir.path());
    assert_eq!(code, 0, "{err}");
    let imported = dir.path().join("out.toml");
    let section = about_inputs(&imported, dir.path());
    for needle in [
        "says, in the comment on a number's line, where each of its 239 numbers comes from",
        "**Sourced** (taken from a publication the file names): leads per task (8 of 9).",
        "**Illustrative** ",
        "capacities (3)",
        "fair shares (approximate): 2022 nominal GDP, USD trillions, rounded",
        "leads per task (sourced): brief §climate, trilateral burden sharing",
    ] {
        assert!(section.contains(needle), "{needle}:\n{section}");
    }
    assert!(!section.contains("Unmarked"), "{section}");
    assert_eq!(section, about_inputs(&original, dir.path()));
    let md = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
    assert!(
        md.contains("the comment on each number's line there says where it comes from or why"),
        "the Assumptions section's promise holds for the original: {md}"
    );
    leadplan()
        .arg("report")
        .arg(&imported)
        .arg("--out")
        .arg(dir.path().join("imported.md"))
        .assert()
        .success();
    let md = std::fs::read_to_string(dir.path().join("imported.md")).unwrap();
    assert!(
        md.contains("the comment on each number's line there says where it comes from or why"),
        "and for the imported file: {md}"
    );
}

#[test]
fn a_workbook_without_a_sources_sheet_imports_a_file_whose_report_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.xlsx");
    write_book(&book, &small(), &|_, _| {});
    let (code, err) = import(&book, dir.path());
    assert_eq!(code, 0, "{err}");
    let out = dir.path().join("out.toml");
    assert!(said(&out).values().all(|v| v.1 == Marker::Unmarked));
    let section = about_inputs(&out, dir.path());
    assert!(section.contains("marks none of its"), "{section}");
    assert!(section.contains("on the sources sheet"), "{section}");
    let md = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
    assert!(
        md.contains("it comments on none of its numbers"),
        "no promise of comments that are not there: {md}"
    );
}

/// `small()` with a `sources` sheet of `rows` (sheet, row, column, marker, comment).
fn small_with_sources(rows: &[[&'static str; 5]]) -> Vec<(&'static str, Vec<Vec<V>>)> {
    let mut sheets = small();
    let mut sheet = vec![vec![
        T("sheet"),
        T("row"),
        T("column"),
        T("value"),
        T("marker"),
        T("comment"),
    ]];
    for &[s, r, c, m, n] in rows {
        let cell = |x: &'static str| if x.is_empty() { E } else { T(x) };
        sheet.push(vec![T(s), T(r), T(c), E, cell(m), cell(n)]);
    }
    sheets.push(("sources", sheet));
    sheets
}

#[test]
fn a_planners_markers_become_the_comments_on_their_numbers_lines() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.xlsx");
    let sheets = small_with_sources(&[
        [
            "countries",
            "AA",
            "capacity",
            "judgement",
            "staffing estimate",
        ],
        [
            "Capabilities",
            "AA",
            "health",
            "source",
            "WHO 2023, table 4",
        ],
        ["capabilities", "AA", "legal", "judgement", ""],
        ["capabilities", "BB", "health", "judgement", "brief §health"],
        ["capabilities", "BB", "legal", "Judgment", "brief §health"],
        ["tasks", "clinics", "Cost", "illustrative", ""],
        [
            "requirements",
            "clinics",
            "health",
            "",
            "half of the work is clinical",
        ],
        [
            "policy",
            "min_leads_per_country",
            "value",
            "judgement",
            "each leads one",
        ],
        ["countries", "BB", "budget", "", ""],
    ]);
    write_book(&book, &sheets, &|_, _| {});
    let out = leadplan()
        .arg("import")
        .arg(&book)
        .arg("--out")
        .arg(dir.path().join("out.toml"))
        .output()
        .unwrap();
    let printed =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{printed}");
    assert!(
        printed.contains("; 7 of 30 numbers marked (sheet `sources`)"),
        "{printed}"
    );
    let text = std::fs::read_to_string(dir.path().join("out.toml")).unwrap();
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    for line in [
        "capacity = 4 # judgement: staffing estimate",
        "capability.health = 0.9 # source: WHO 2023, table 4",
        "capability.legal = 0.2 # judgement",
        "capability = { health = 0.3, legal = 0.8 } # judgement: brief §health",
        "cost = 5 # illustrative",
        "min_leads_per_country = 1 # judgement: each leads one",
        "requirements.health = 0.5 # half of the work is clinical",
        "requirements.legal = 0.5",
    ] {
        assert!(lines.iter().any(|l| l == line), "{line}\n{text}");
    }
    let got = said(&dir.path().join("out.toml"));
    let at = |p: &str| got[&p.split('/').map(String::from).collect::<Vec<_>>()].clone();
    assert_eq!(
        at("country/AA/capability/health"),
        (
            "capability scores".into(),
            Marker::Source,
            "WHO 2023, table 4".into()
        )
    );
    assert_eq!(at("task/clinics/cost").1, Marker::Illustrative);
    assert_eq!(at("task/vaccines/cost").1, Marker::Unmarked);
    assert_eq!(
        at("task/clinics/requirements/health"),
        (
            "requirement weights".into(),
            Marker::Unmarked,
            "half of the work is clinical".into()
        )
    );
    let a = Scenario::load(&dir.path().join("out.toml")).unwrap();
    write_book(&book, &small(), &|_, _| {});
    import(&book, dir.path());
    let b = Scenario::load(&dir.path().join("out.toml")).unwrap();
    assert_eq!(a, b, "the comments change no number");
}

#[test]
fn bad_sources_rows_are_located_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.xlsx");
    let mut sheets = small_with_sources(&[
        ["countries", "AA", "capacity", "judgement", "a guess"],
        ["countries", "AA", "capacity", "judgement", "again"],
        ["countries", "BB", "capacity", "sure", ""],
        ["countries", "AA", "capacty", "judgement", ""],
        ["country", "BB", "capacity", "judgement", ""],
        [
            "tasks",
            "vaccines",
            "cost",
            "",
            "source: the 2024 budget law",
        ],
        ["countries", "BB", "budget", "judgement", ""],
        ["requirements", "vaccines", "legal", "judgement", ""],
        ["tasks", "nowhere", "cost", "", ""],
    ]);
    sheets = with(sheets, "countries", 2, 3, E);
    write_book(&book, &sheets, &|_, _| {});
    let (code, err) = import(&book, dir.path());
    assert_eq!(code, 2, "{err}");
    for needle in [
        "book.xlsx, sources!A3",
        "`countries` | `AA` | `capacity` has a second row here (first at sources!A2)",
        "sources!E4",
        "`sure` is not a marker",
        "choose source, approximate, judgement, illustrative",
        "sources!A5",
        "this row names no number of the workbook: `countries` | `AA` | `capacty`",
        "did you mean `countries` | `AA` | `capacity`?",
        "sources!A6",
        "`country` is not a sheet that holds numbers",
        "did you mean `countries`?",
        "sources!F7",
        "the comment starts with the marker `source`, but the marker cell is blank",
        "sources!A8",
        "this row marks countries!D3 (`countries` | `BB` | `budget`), which is blank",
        "sources!A9",
        "`requirements` | `vaccines` | `legal`",
        "7 problems found",
    ] {
        assert!(err.contains(needle), "{needle}:\n{err}");
    }
    // A row that says nothing is no problem, wherever it points.
    assert!(!err.contains("nowhere"), "{err}");
    assert!(!dir.path().join("out.toml").exists());
}

#[test]
fn a_comment_cannot_add_a_line_to_the_scenario_file() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.xlsx");
    let hostile = "ok\n[[country]]\nid = \"ZZ\"\ncapacity = 999\r\nbell\u{7} rtl\u{202e}x";
    let sheets = small_with_sources(&[["countries", "AA", "capacity", "judgement", "PLACEHOLDER"]]);
    write_book(&book, &sheets, &|name, ws| {
        if name == "sources" {
            ws.write_string(1, 5, hostile).unwrap();
        }
    });
    let (code, err) = import(&book, dir.path());
    assert_eq!(code, 0, "{err}");
    let out = dir.path().join("out.toml");
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.matches("[[country]]").count(), 3, "{text}");
    assert!(
        !text.lines().any(|l| l.starts_with("capacity = 999")),
        "{text}"
    );
    assert!(!text
        .chars()
        .any(|c| c == '\u{7}' || c == '\u{202e}' || c == '\r'));
    let s = Scenario::load(&out).unwrap();
    assert_eq!(s.countries.len(), 2);
    assert_eq!(s.countries[0].capacity, 4.0);
    let got = said(&out);
    let note = &got[&["country", "AA", "capacity"].map(String::from).to_vec()].2;
    assert_eq!(
        note,
        "ok [[country]] id = \"ZZ\" capacity = 999  bell\\u{7} rtl\\u{202e}x"
    );
}

/// Every sheet of workbook `path` as rows of cells (formula cells as the value saved).
fn read_sheets(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut wb = open_workbook_auto(path).unwrap();
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            assert_eq!(range.start(), Some((0, 0)), "{name} starts at A1");
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (name, rows)
        })
        .collect()
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `sheets` as an .ods workbook; the `sources` sheet's value column as
/// formulas with their saved values, as a spreadsheet application keeps them.
fn write_ods(path: &Path, sheets: &[(String, Vec<Vec<Data>>)]) {
    let mut body = String::new();
    for (name, rows) in sheets {
        body.push_str(&format!("<table:table table:name=\"{}\">", xml(name)));
        for (r, row) in rows.iter().enumerate() {
            body.push_str("<table:table-row>");
            for (c, cell) in row.iter().enumerate() {
                let formula = if name == "sources" && c == 3 && r > 0 {
                    " table:formula=\"of:=[.A1]\""
                } else {
                    ""
                };
                body.push_str(&match cell {
                    Data::Empty => "<table:table-cell/>".to_string(),
                    Data::String(s) => format!(
                        "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                        xml(s)
                    ),
                    Data::Float(x) => format!(
                        "<table:table-cell{formula} office:value-type=\"float\" office:value=\"{x}\"/>"
                    ),
                    Data::Int(x) => format!(
                        "<table:table-cell office:value-type=\"float\" office:value=\"{x}\"/>"
                    ),
                    Data::Bool(b) => format!(
                        "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"{b}\"/>"
                    ),
                    other => panic!("an exported workbook holds no {other:?}"),
                });
            }
            body.push_str("</table:table-row>");
        }
        body.push_str("</table:table>");
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.3\"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data, options) in [
        (
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            stored,
        ),
        (
            "META-INF/manifest.xml",
            manifest,
            zip::write::SimpleFileOptions::default(),
        ),
        (
            "content.xml",
            content.as_str(),
            zip::write::SimpleFileOptions::default(),
        ),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(data.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

/// `sheets` as a folder of CSV files, numbers written as text.
fn write_csv_folder(dir: &Path, sheets: &[(String, Vec<Vec<Data>>)]) {
    std::fs::create_dir_all(dir).unwrap();
    for (name, rows) in sheets {
        let mut w = csv::Writer::from_path(dir.join(format!("{name}.csv"))).unwrap();
        for row in rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(x) => x.to_string(),
                    Data::Int(x) => x.to_string(),
                    Data::Bool(b) => b.to_string(),
                    other => panic!("an exported workbook holds no {other:?}"),
                })
                .collect();
            w.write_record(&cells).unwrap();
        }
        w.flush().unwrap();
    }
}

#[test]
fn the_sources_sheet_reads_the_same_from_ods_and_from_a_csv_folder() {
    let dir = tempfile::tempdir().unwrap();
    let original = repo("scenarios/trilateral-public-goods.toml");
    let book = dir.path().join("book.xlsx");
    export(&original, &book);
    let sheets = read_sheets(&book);
    let sources = &sheets.iter().find(|(n, _)| n == "sources").unwrap().1;
    assert_eq!(sources.len(), 240, "a row per number, and the header");
    let ods = dir.path().join("book.ods");
    write_ods(&ods, &sheets);
    let csv = dir.path().join("book-csv");
    write_csv_folder(&csv, &sheets);
    let before = said(&original);
    for input in [&ods, &csv] {
        let (code, err) = import(input, dir.path());
        assert_eq!(code, 0, "{}: {err}", input.display());
        assert!(
            !err.contains("formula"),
            "the value column is not read: {err}"
        );
        let after = said(&dir.path().join("out.toml"));
        assert!(
            before == after,
            "{}: {:?}",
            input.display(),
            differences(&before, &after)
        );
    }
}

#[test]
fn the_sources_sheet_offers_the_markers_and_looks_each_value_up() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.xlsx");
    export(&repo("scenarios/trilateral-public-goods.toml"), &book);
    let sheets = read_sheets(&book);
    let sources = &sheets.iter().find(|(n, _)| n == "sources").unwrap().1;
    let countries = &sheets.iter().find(|(n, _)| n == "countries").unwrap().1;
    let header: Vec<String> = sources[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(
        header,
        ["sheet", "row", "column", "value", "marker", "comment"]
    );
    // Every value saved with its lookup is the cell its row names.
    let text = |d: &Data| d.to_string();
    for row in &sources[1..] {
        let cells = &sheets.iter().find(|(n, _)| *n == text(&row[0])).unwrap().1;
        let r = cells
            .iter()
            .position(|x| text(&x[0]) == text(&row[1]))
            .unwrap();
        let c = cells[0]
            .iter()
            .position(|x| text(x) == text(&row[2]))
            .unwrap();
        assert_eq!(row[3], cells[r][c], "{row:?}");
    }
    let capacity = sources
        .iter()
        .find(|r| text(&r[0]) == "countries" && text(&r[1]) == "KR" && text(&r[2]) == "capacity")
        .unwrap();
    assert_eq!(capacity[3], countries[2][2]);
    assert_eq!(capacity[4].to_string(), "illustrative");
    assert_eq!(
        capacity[5].to_string(),
        "KOICA and health ministry staffing"
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&book).unwrap()).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet8.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    assert!(
        sheet.contains("<formula1>\"source,approximate,judgement,illustrative\"</formula1>"),
        "the marker column's dropdown"
    );
    assert!(
        sheet.contains("<f>INDEX(countries!$1:$1048576,MATCH($B"),
        "values looked up by row and column"
    );
}

#[test]
fn scores_kept_in_a_workbooks_matrix_are_marked_by_its_sources_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.xlsx");
    let sheets = small_with_sources(&[
        [
            "capabilities",
            "AA",
            "health",
            "source",
            "WHO 2023, table 4",
        ],
        [
            "capabilities",
            "BB",
            "legal",
            "judgement",
            "bar association survey",
        ],
        ["countries", "AA", "capacity", "illustrative", ""],
    ]);
    write_book(&book, &sheets, &|_, _| {});
    let (code, err) = import(&book, dir.path());
    assert_eq!(code, 0, "{err}");
    let inline = std::fs::read_to_string(dir.path().join("out.toml")).unwrap();
    let file = dir.path().join("ref.toml");
    std::fs::write(&file, referencing(&inline, "book.xlsx#capabilities")).unwrap();
    let section = about_inputs(&file, dir.path());
    for needle in [
        "and the capability matrix it reads say",
        "where 3 of their 30 numbers come from",
        "capability scores (1 of 4)",
        "capability scores (sourced): WHO 2023, table 4",
        "The 4 capability scores are read from the matrix book.xlsx",
        "capabilities; its workbook's sources sheet marks 2 of them",
    ] {
        assert!(section.contains(needle), "{needle}:\n{section}");
    }
    // Exported, the scores' rows carry the matrix's marks; imported, the
    // scores come back inline with them.
    let book2 = dir.path().join("book2.xlsx");
    export(&file, &book2);
    let back = dir.path().join("back");
    std::fs::create_dir(&back).unwrap();
    let (code, err) = import(&book2, &back);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        said(&back.join("out.toml")),
        said(&dir.path().join("out.toml"))
    );
    // A CSV matrix cannot say; its scores count as unmarked.
    std::fs::write(
        dir.path().join("scores.csv"),
        "country,health,legal\nAA,0.9,0.2\nBB,0.3,0.8\n",
    )
    .unwrap();
    std::fs::write(&file, referencing(&inline, "scores.csv")).unwrap();
    let section = about_inputs(&file, dir.path());
    assert!(
        section
            .contains("read from the matrix scores.csv, which does not say where they come from"),
        "{section}"
    );
    assert!(section.contains("capability scores (4)"), "{section}");
}

#[test]
fn a_matrix_workbook_with_a_bad_sources_sheet_is_said_so_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.xlsx");
    write_book(&book, &small(), &|_, _| {});
    import(&book, dir.path());
    let inline = std::fs::read_to_string(dir.path().join("out.toml")).unwrap();
    let sheets = small_with_sources(&[["capabilities", "AA", "health", "sure", ""]]);
    write_book(&book, &sheets, &|_, _| {});
    let file = dir.path().join("ref.toml");
    std::fs::write(&file, referencing(&inline, "book.xlsx")).unwrap();
    let section = about_inputs(&file, dir.path());
    assert!(
        section.contains("whose sources sheet could not be read (its sources sheet has 1 problem, the first at sources"),
        "{section}"
    );
    let out = leadplan()
        .arg("export")
        .arg(&file)
        .arg("--out")
        .arg(dir.path().join("again.xlsx"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(
            "note: the capability scores read from book.xlsx are left unmarked on sheet `sources`"
        ),
        "{said}"
    );
}

/// A scenario with a number of every kind the workbook holds, each with its
/// own marker and note (per-country tables marked entry by entry).
const EVERY_KIND: &str = r#"[scenario]
name = "every kind"
dimensions = ["health", "legal"]
weight = 0.4                     # judgement: n1

[policy]
min_leads_per_country = 1        # judgement: n2
max_leads_per_country = 2        # source: n3
max_leads_per_domain = 2         # approximate: n4
min_lead_share = 0.25            # illustrative: n5
weights = { fit = 10, cost = 0.01, sensitivity = 5, fairness = 0.5 }  # judgement: n6

[[country]]
id = "AA"
capacity = 4                     # illustrative: n7
budget = 100                     # source: n8
sensitivity_tolerance = 0.8      # judgement: n9
fair_share = 1.5                 # approximate: n10
min_leads = 1                    # judgement: n11
max_leads = 2                    # judgement: n12
capability.health = 0.9          # source: n13
capability.legal = 0.2           # n14

[[country]]
id = "BB"
capacity = 3                     # illustrative
budget = 100                     # source: n8
fair_share = 1
capability = { health = 0.3, legal = 0.8 }  # judgement: n15

[[task]]
id = "vaccines"
requirements = { health = 1 }    # judgement: n16
effort = { AA = 1, BB = 2 }      # illustrative: n17
cost.AA = 10                     # source: n18
cost.BB = 12                     # approximate: n19
sensitivity = 0.1                # judgement: n20
importance = 2                   # judgement: n21
leads = 1                        # source: n22
fit = { BB = 0.5 }               # judgement: n23

[[task]]
id = "courts"
requirements.legal = 1           # judgement: n24
requirements.health = 0.5        # illustrative: n25
effort = 1
cost = 5                         # illustrative: n26
optional = true
"#;

#[test]
fn a_number_of_every_kind_keeps_its_own_marker_and_note_through_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("every.toml");
    std::fs::write(&file, EVERY_KIND).unwrap();
    let book = dir.path().join("book.xlsx");
    export(&file, &book);
    let (code, err) = import(&book, dir.path());
    assert_eq!(code, 0, "{err}");
    let out = dir.path().join("out.toml");
    let (before, after) = (said(&file), said(&out));
    assert_eq!(before.len(), 35, "{before:?}");
    assert!(before == after, "{:?}", differences(&before, &after));
    let kinds: std::collections::BTreeSet<&str> = before.values().map(|v| v.0.as_str()).collect();
    assert_eq!(kinds.len(), 16, "every kind of number: {kinds:?}");
    assert_eq!(
        Scenario::load(&file).unwrap(),
        Scenario::load(&out).unwrap()
    );
    let text = std::fs::read_to_string(&out).unwrap();
    for line in [
        "cost.AA = 10",
        "cost.BB = 12",
        "effort = { AA = 1, BB = 2 }",
        "fit = { BB = 0.5 }",
        "weight = 0.4",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
}
