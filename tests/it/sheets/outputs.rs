//! Workbooks leadplan writes, read back with calamine: `solve --format xlsx`,
//! `export` of a scenario and of a sweep; the same bytes on every run and for
//! any thread count.

use calamine::{open_workbook_auto, Data, Reader};
use serde_json::Value;

use super::*;

const TRI: &str = "scenarios/trilateral-public-goods.toml";

fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb = open_workbook_auto(path).unwrap();
    wb.worksheet_range(name)
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect()
}

fn solve_xlsx(out: &Path, threads: &str) {
    leadplan()
        .env("RAYON_NUM_THREADS", threads)
        .args(["solve", TRI, "--format", "xlsx", "--out"])
        .arg(out)
        .assert()
        .success();
}

#[test]
fn solve_xlsx_holds_the_plan_the_json_output_gives() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("plan.xlsx");
    solve_xlsx(&book, "2");
    let wb = open_workbook_auto(&book).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "summary",
            "plan",
            "runner_ups",
            "country_load",
            "binding_limits"
        ]
    );
    let json: Value = serde_json::from_slice(
        &leadplan()
            .args(["solve", TRI, "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let plan = sheet(&book, "plan");
    assert_eq!(plan[0][0], Data::String("task".into()));
    let assignments = json["assignments"].as_array().unwrap();
    assert_eq!(plan.len(), assignments.len() + 1);
    for (row, a) in plan[1..].iter().zip(assignments) {
        assert_eq!(row[0], Data::String(a["task"].as_str().unwrap().into()));
        let leads: Vec<&str> = a["leads"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        // An optional task left out has an empty leads cell.
        let want = if leads.is_empty() {
            Data::Empty
        } else {
            Data::String(leads.join(", "))
        };
        assert_eq!(row[3], want);
    }
    let summary = sheet(&book, "summary");
    assert_eq!(
        summary[3][1],
        Data::Float(json["objective"].as_f64().unwrap())
    );
    let ru = sheet(&book, "runner_ups");
    assert_eq!(
        ru[1][3],
        Data::Float(assignments[0]["runner_up_loss"].as_f64().unwrap())
    );
}

#[test]
fn solve_xlsx_needs_a_file_and_says_so() {
    let out = leadplan()
        .args(["solve", TRI, "--format", "xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give --out FILE.xlsx"));
}

#[test]
fn workbooks_are_byte_identical_across_runs_and_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    solve_xlsx(&a, "1");
    solve_xlsx(&b, "4");
    assert!(std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap());
    for p in [&a, &b] {
        leadplan()
            .args(["export", TRI, "--out"])
            .arg(p)
            .assert()
            .success();
    }
    assert!(std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap());
}

#[test]
fn a_correlated_sweep_exports_what_each_parameter_moves_with() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mc");
    leadplan()
        .args([
            "sweep",
            "scenarios/trilateral-montecarlo-correlated.sweep.toml",
            "--runs",
            "12",
            "--out",
        ])
        .arg(&out)
        .assert()
        .code(predicates::ord::le(1));
    let book = dir.path().join("sweep.xlsx");
    leadplan()
        .args(["export"])
        .arg(&out)
        .args(["--scenario", TRI, "--format", "xlsx", "--out"])
        .arg(&book)
        .assert()
        .success();
    let drivers = sheet(&book, "drivers");
    assert_eq!(drivers[0][9], Data::String("moves_with".into()));
    let row = |name: &str| {
        drivers
            .iter()
            .find(|r| r[0] == Data::String(name.into()))
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    let health = [
        "fatality_reduction",
        "health_tech",
        "outbreak_experience",
        "rapid_inoculation",
    ];
    let Data::String(with) = &row("country.KR.capacity")[9] else {
        panic!("{:?}", row("country.KR.capacity"))
    };
    let mut with: Vec<&str> = with.split(", ").collect();
    with.sort();
    let want: Vec<String> = health
        .iter()
        .map(|d| format!("country.KR.capability.{d}"))
        .collect();
    assert_eq!(with, want);
    assert!(matches!(
        row("country.KR.capability.funding").get(9),
        None | Some(Data::Empty)
    ));
}

#[test]
fn a_sweep_exports_its_runs_lead_frequency_and_drivers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mc");
    leadplan()
        .args([
            "sweep",
            "scenarios/trilateral-montecarlo.sweep.toml",
            "--runs",
            "12",
            "--threads",
            "2",
            "--out",
        ])
        .arg(&out)
        .assert()
        .code(predicates::ord::le(1)); // 1: some perturbed runs are infeasible
    let book = dir.path().join("sweep.xlsx");
    let export = |threads: &str, to: &Path| {
        leadplan()
            .env("RAYON_NUM_THREADS", threads)
            .args(["export"])
            .arg(&out)
            .args(["--scenario", TRI, "--format", "xlsx", "--out"])
            .arg(to)
            .assert()
            .success();
    };
    export("1", &book);
    let again = dir.path().join("again.xlsx");
    export("3", &again);
    assert!(std::fs::read(&book).unwrap() == std::fs::read(&again).unwrap());
    let wb = open_workbook_auto(&book).unwrap();
    assert_eq!(wb.sheet_names(), ["runs", "lead_frequency", "drivers"]);
    let runs = sheet(&book, "runs");
    assert_eq!(runs.len(), 13);
    assert_eq!(runs[1][1], Data::String("optimal".into()));
    let freq = sheet(&book, "lead_frequency");
    let scenario = leadplan::Scenario::load(TRI.as_ref()).unwrap();
    assert_eq!(freq.len(), scenario.tasks.len() + 1);
    for (row, task) in freq[1..].iter().zip(&scenario.tasks) {
        let total: f64 = row[3..]
            .iter()
            .map(|d| match d {
                Data::Float(x) => *x,
                _ => 0.0,
            })
            .sum();
        // Each frequency is rounded to 9 decimals; an optional task is led in
        // some runs only, so its frequencies sum to at most its leads.
        let leads = task.leads as f64;
        if task.optional {
            assert!(
                total <= leads + 1e-8,
                "frequencies within the task's leads: {row:?}"
            );
        } else {
            assert!(
                (total - leads).abs() < 1e-8,
                "frequencies sum to the task's leads: {row:?}"
            );
        }
    }
    let drivers = sheet(&book, "drivers");
    assert!(drivers.len() > 1);
    // The drivers' test verdicts, beside the correlations, as summary.json has them.
    assert_eq!(drivers[0][3], Data::String("drives_objective".into()));
    assert_eq!(drivers[0][4], Data::String("drives_plan".into()));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let params = summary["screening"]["parameters"]
        .as_array()
        .expect("screening rows in summary.json");
    for row in &drivers[1..] {
        let Data::String(name) = &row[0] else {
            panic!("{row:?}")
        };
        let p = params
            .iter()
            .find(|p| p["parameter"] == name.as_str())
            .expect(name);
        for (col, key) in [(3, "significant_objective"), (4, "significant_survival")] {
            if let Some(b) = p[key].as_bool() {
                assert_eq!(row[col], Data::Bool(b), "{name} {key}");
            }
        }
    }
    let missing = leadplan()
        .args(["export"])
        .arg(&out)
        .args(["--out"])
        .arg(&book)
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("--scenario FILE"));
}
