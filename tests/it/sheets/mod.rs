//! Spreadsheets in and out: `leadplan import` from
//! xlsx, ods and CSV folders; `export` and `solve --format xlsx`; scenarios that
//! reference a capability matrix; bad workbooks reported cell by cell. Workbooks
//! read back here with calamine, a reader other than the writer
//! (rust_xlsxwriter); bad workbooks are built here with rust_xlsxwriter.

mod bad_input;
mod outputs;
mod provenance;
mod roundtrip;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use rust_xlsxwriter::{Workbook, Worksheet};

pub fn leadplan() -> Command {
    Command::cargo_bin("leadplan").unwrap()
}

/// A cell of a test workbook.
#[derive(Clone, Debug)]
pub enum V {
    T(&'static str),
    N(f64),
    // No test workbook holds a boolean yet; the writer and the reader handle one.
    #[allow(dead_code)]
    B(bool),
    E,
}

pub use V::{B, E, N, T};

/// The sheets of a small valid workbook: 2 countries, 3 tasks, 2 dimensions.
pub fn small() -> Vec<(&'static str, Vec<Vec<V>>)> {
    vec![
        (
            "scenario",
            vec![vec![T("key"), T("value")], vec![T("name"), T("Small")]],
        ),
        (
            "policy",
            vec![
                vec![T("key"), T("value")],
                vec![T("min_leads_per_country"), N(1.0)],
                vec![T("funding"), T("leads")],
            ],
        ),
        (
            "countries",
            vec![
                vec![
                    T("id"),
                    T("name"),
                    T("capacity"),
                    T("budget"),
                    T("sensitivity_tolerance"),
                ],
                vec![T("AA"), T("Alpha"), N(4.0), N(100.0), N(0.8)],
                vec![T("BB"), T("Beta"), N(3.0), N(100.0), N(0.5)],
            ],
        ),
        (
            "capabilities",
            vec![
                vec![T("country"), T("health"), T("legal")],
                vec![T("AA"), N(0.9), N(0.2)],
                vec![T("BB"), N(0.3), N(0.8)],
            ],
        ),
        (
            "tasks",
            vec![
                vec![
                    T("id"),
                    T("name"),
                    T("domain"),
                    T("effort"),
                    T("cost"),
                    T("sensitivity"),
                    T("importance"),
                    T("leads"),
                ],
                vec![
                    T("vaccines"),
                    T("Vaccines"),
                    T("health"),
                    N(1.0),
                    N(10.0),
                    N(0.1),
                    N(1.0),
                    N(1.0),
                ],
                vec![
                    T("courts"),
                    T("Courts"),
                    T("democracy"),
                    N(1.0),
                    N(10.0),
                    N(0.1),
                    N(1.0),
                    N(1.0),
                ],
                vec![
                    T("clinics"),
                    T("Clinics"),
                    T("health"),
                    N(1.0),
                    N(5.0),
                    N(0.1),
                    N(1.0),
                    N(1.0),
                ],
            ],
        ),
        (
            "requirements",
            vec![
                vec![T("task"), T("health"), T("legal")],
                vec![T("vaccines"), N(1.0), E],
                vec![T("courts"), E, N(1.0)],
                vec![T("clinics"), N(0.5), N(0.5)],
            ],
        ),
    ]
}

/// Writes `sheets` as an xlsx file; `edit` may change a sheet after it is written.
pub fn write_book(
    path: &Path,
    sheets: &[(&str, Vec<Vec<V>>)],
    edit: &dyn Fn(&str, &mut Worksheet),
) {
    let mut wb = Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match v {
                    T(s) => ws.write_string(r, c, *s).map(|_| ()),
                    N(x) => ws.write_number(r, c, *x).map(|_| ()),
                    B(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                    E => Ok(()),
                }
                .unwrap();
            }
        }
        edit(name, ws);
    }
    wb.save(path).unwrap();
}

/// Replaces one cell of one sheet (0-based row and column).
pub fn with(
    mut sheets: Vec<(&'static str, Vec<Vec<V>>)>,
    sheet: &str,
    r: usize,
    c: usize,
    v: V,
) -> Vec<(&'static str, Vec<Vec<V>>)> {
    let rows = &mut sheets.iter_mut().find(|(n, _)| *n == sheet).unwrap().1;
    while rows.len() <= r {
        rows.push(Vec::new());
    }
    while rows[r].len() <= c {
        rows[r].push(E);
    }
    rows[r][c] = v;
    sheets
}

/// Imports `book` into `dir/out.toml`; (exit code, stderr).
pub fn import(book: &Path, dir: &Path) -> (i32, String) {
    let out = leadplan()
        .args(["import"])
        .arg(book)
        .arg("--out")
        .arg(dir.join("out.toml"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Scenario `toml` with its capability tables taken out and the matrix
/// `reference` named instead.
pub fn referencing(toml: &str, reference: &str) -> String {
    let mut out = String::new();
    for line in toml.lines().filter(|l| !l.starts_with("capability")) {
        out.push_str(line);
        out.push('\n');
        if line.starts_with("dimensions = ") {
            out.push_str(&format!("capabilities = \"{reference}\"\n"));
        }
    }
    out
}

/// The shipped scenario files (not sweep files), sorted.
pub fn shipped() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [
        "scenarios",
        "scenarios/futures",
        "scenarios/futures/security",
    ] {
        for e in std::fs::read_dir(repo(dir)).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".toml")
                && !name.ends_with(".sweep.toml")
                && !name.ends_with(".horizon.toml")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The repository path of `rel`.
pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Leads per task and objective of a solved scenario (through the library).
pub fn plan_of(s: &leadplan::Scenario) -> (Vec<Vec<usize>>, f64) {
    match leadplan::solve(s, &leadplan::SolveOptions::default()).unwrap() {
        leadplan::Outcome::Planned(p) => (p.leads.clone(), p.objective),
        other => panic!("no plan: {other:?}"),
    }
}
