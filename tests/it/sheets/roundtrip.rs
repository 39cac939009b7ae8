//! Scenario -> workbook -> scenario gives the same plan; ods and CSV folders
//! read like xlsx; a scenario may reference a capability matrix.

use leadplan::Scenario;

use super::*;

fn shipped() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [
        "scenarios",
        "scenarios/futures",
        "scenarios/futures/security",
    ] {
        for e in std::fs::read_dir(repo(dir)).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".toml") && !name.ends_with(".sweep.toml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_shipped_scenario_round_trips_through_xlsx_to_the_same_plan() {
    let dir = tempfile::tempdir().unwrap();
    let files = shipped();
    assert!(files.len() >= 5, "{files:?}");
    for file in files {
        let book = dir.path().join("book.xlsx");
        leadplan()
            .args(["export"])
            .arg(&file)
            .args(["--format", "xlsx", "--out"])
            .arg(&book)
            .assert()
            .success();
        let (code, err) = import(&book, dir.path());
        assert_eq!(code, 0, "{}: {err}", file.display());
        let original = Scenario::load(&file).unwrap();
        let back = Scenario::load(&dir.path().join("out.toml")).unwrap();
        assert_eq!(back.countries.len(), original.countries.len());
        assert_eq!(back.tasks, original.tasks, "{}", file.display());
        assert_eq!(back.policy, original.policy, "{}", file.display());
        let (a, b) = (plan_of(&original), plan_of(&back));
        assert_eq!(a.0, b.0, "{}", file.display());
        assert!(
            (a.1 - b.1).abs() < 1e-9,
            "{}: {} vs {}",
            file.display(),
            a.1,
            b.1
        );
    }
}

#[test]
fn the_shipped_example_workbook_reproduces_the_toml_scenarios_plan() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = import(&repo("examples/trilateral-public-goods.xlsx"), dir.path());
    assert_eq!(code, 0, "{err}");
    let solve = |f: &Path| {
        leadplan()
            .args(["solve"])
            .arg(f)
            .args(["--format", "csv"])
            .output()
            .unwrap()
            .stdout
    };
    let from_book = solve(&dir.path().join("out.toml"));
    let from_toml = solve(&repo("scenarios/trilateral-public-goods.toml"));
    assert!(!from_toml.is_empty());
    assert_eq!(
        String::from_utf8(from_book).unwrap(),
        String::from_utf8(from_toml).unwrap()
    );
}

#[test]
fn the_shipped_example_workbook_is_what_export_writes_today() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.xlsx");
    leadplan()
        .args([
            "export",
            "scenarios/trilateral-public-goods.toml",
            "--format",
            "xlsx",
            "--out",
        ])
        .arg(&book)
        .assert()
        .success();
    assert!(
        std::fs::read(&book).unwrap()
            == std::fs::read(repo("examples/trilateral-public-goods.xlsx")).unwrap(),
        "regenerate it with scripts/make-example-workbook.sh"
    );
}

#[test]
fn an_ods_workbook_imports_like_the_xlsx_it_was_converted_from() {
    // tests/fixtures/sheets/small.ods: the `small()` workbook saved by LibreOffice
    // (see tests/fixtures/sheets/README.md).
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("small.xlsx");
    write_book(&xlsx, &small(), &|_, _| {});
    let (code, err) = import(&xlsx, dir.path());
    assert_eq!(code, 0, "{err}");
    let a = Scenario::load(&dir.path().join("out.toml")).unwrap();
    let (code, err) = import(&repo("tests/fixtures/sheets/small.ods"), dir.path());
    assert_eq!(code, 0, "{err}");
    let b = Scenario::load(&dir.path().join("out.toml")).unwrap();
    assert_eq!(a.tasks, b.tasks);
    assert_eq!(a.countries, b.countries);
    assert_eq!(plan_of(&a).0, plan_of(&b).0);
}

#[test]
fn a_folder_of_csv_files_imports_like_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("csv");
    std::fs::create_dir(&csv).unwrap();
    for (name, rows) in small() {
        let text: String = rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|v| match v {
                        T(s) => s.to_string(),
                        N(x) => x.to_string(),
                        B(b) => b.to_string(),
                        E => String::new(),
                    })
                    .collect::<Vec<_>>()
                    .join(",")
                    + "\n"
            })
            .collect();
        std::fs::write(csv.join(format!("{name}.csv")), text).unwrap();
    }
    let (code, err) = import(&csv, dir.path());
    assert_eq!(code, 0, "{err}");
    let from_csv = Scenario::load(&dir.path().join("out.toml")).unwrap();
    let xlsx = dir.path().join("small.xlsx");
    write_book(&xlsx, &small(), &|_, _| {});
    import(&xlsx, dir.path());
    let from_xlsx = Scenario::load(&dir.path().join("out.toml")).unwrap();
    assert_eq!(from_csv.tasks, from_xlsx.tasks);
    assert_eq!(from_csv.countries, from_xlsx.countries);
}

fn without_capabilities(toml: &str, reference: &str) -> String {
    let mut out = String::new();
    for line in toml.lines() {
        if line.starts_with("capability = ") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
        if line.starts_with("dimensions = ") {
            out.push_str(&format!("capabilities = \"{reference}\"\n"));
        }
    }
    out
}

#[test]
fn a_scenario_referencing_a_capability_matrix_solves_like_the_inline_one() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.xlsx");
    write_book(&book, &small(), &|_, _| {});
    import(&book, dir.path());
    let inline = std::fs::read_to_string(dir.path().join("out.toml")).unwrap();
    let a = Scenario::load(&dir.path().join("out.toml")).unwrap();
    std::fs::write(
        dir.path().join("scores.csv"),
        "country,health,legal\nAA,0.9,0.2\nBB,0.3,0.8\n",
    )
    .unwrap();
    for reference in ["scores.csv", "book.xlsx#capabilities"] {
        let file = dir.path().join("ref.toml");
        std::fs::write(&file, without_capabilities(&inline, reference)).unwrap();
        let b = Scenario::load(&file).unwrap();
        assert_eq!(a, b, "{reference}");
    }
}

#[test]
fn a_bad_cell_in_a_referenced_matrix_names_the_file_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.xlsx");
    write_book(&book, &small(), &|_, _| {});
    import(&book, dir.path());
    let inline = std::fs::read_to_string(dir.path().join("out.toml")).unwrap();
    std::fs::write(
        dir.path().join("scores.csv"),
        "country,health,legal\nAA,high,0.2\nBB,0.3,1.8\nCC,0.1,0.1\n",
    )
    .unwrap();
    let file = dir.path().join("ref.toml");
    std::fs::write(&file, without_capabilities(&inline, "scores.csv")).unwrap();
    let out = leadplan().arg("check").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    for needle in [
        "scores.csv, scores!B2",
        "found text `high`",
        "scores!C3",
        "must be in [0, 1]",
        "scores!A4",
        "`CC` is not in the scenario",
    ] {
        assert!(err.contains(needle), "{needle}: {err}");
    }
}

/// A scenario far larger than a planner's (80 countries, 3,000 tasks, with
/// per-country effort columns) exported to a workbook imports back whole:
/// the workbook limits (rows, columns, cells, the archive's inflated size and
/// ratio) leave room for every genuine workbook leadplan writes.
#[test]
fn a_large_exported_workbook_stays_within_the_workbook_limits() {
    let dir = tempfile::tempdir().unwrap();
    let ids: Vec<String> = (0..80).map(|c| format!("C{c}")).collect();
    let mut toml =
        String::from("[scenario]\nname = \"large\"\ndimensions = [\"a\", \"b\", \"c\"]\n");
    for id in &ids {
        toml.push_str(&format!(
            "\n[[country]]\nid = \"{id}\"\ncapacity = 1000\ncapability = {{ a = 0.5, b = 0.25, c = 0.75 }}\n"
        ));
    }
    for t in 0..3000 {
        let effort: Vec<String> = ids
            .iter()
            .map(|id| format!("{id} = {}", 1 + t % 3))
            .collect();
        toml.push_str(&format!(
            "\n[[task]]\nid = \"task-{t}\"\ndomain = \"d{}\"\nrequirements = {{ a = 1.0, c = 0.5 }}\neffort = {{ {} }}\n",
            t % 7,
            effort.join(", ")
        ));
    }
    let s = dir.path().join("large.toml");
    std::fs::write(&s, toml).unwrap();
    let book = dir.path().join("large.xlsx");
    leadplan()
        .args(["export"])
        .arg(&s)
        .arg("--format")
        .arg("xlsx")
        .arg("--out")
        .arg(&book)
        .assert()
        .success();
    let (code, err) = import(&book, dir.path());
    assert_eq!(code, 0, "{err}");
    let back = Scenario::load(&dir.path().join("out.toml")).unwrap();
    let orig = Scenario::load(&s).unwrap();
    assert_eq!(back.tasks.len(), 3000);
    assert_eq!(back.countries.len(), 80);
    assert_eq!(back.tasks, orig.tasks);
}

#[test]
fn the_first_study_workbook_is_what_export_writes_today_and_solves() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.xlsx");
    leadplan()
        .args(["export", "examples/first-study.toml", "--out"])
        .arg(&book)
        .assert()
        .success();
    assert!(
        std::fs::read(&book).unwrap() == std::fs::read(repo("examples/first-study.xlsx")).unwrap(),
        "regenerate it with scripts/make-example-workbook.sh"
    );
    let (code, err) = import(&repo("examples/first-study.xlsx"), dir.path());
    assert_eq!(code, 0, "{err}");
    leadplan()
        .arg("solve")
        .arg(dir.path().join("out.toml"))
        .assert()
        .success();
}
