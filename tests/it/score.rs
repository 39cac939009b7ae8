//! `score` and `compare` through the binary: the optimum `solve` writes (JSON
//! and CSV) scores feasible at solve's objective; a hand-edited plan names
//! each limit it breaks with its amounts and the nearest feasible plan; a
//! malformed plan is a located error (exit 2), never a panic.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

const TINY: &str = r#"
[scenario]
name = "tiny"
dimensions = ["a"]

[policy]
max_leads_per_country = 2

[[country]]
id = "JP"
name = "Japan"
capacity = 10
budget = 40
capability = { a = 0.9 }

[[country]]
id = "KR"
name = "South Korea"
capacity = 4
budget = 100
capability = { a = 0.5 }

[[task]]
id = "t1"
name = "First task"
requirements = { a = 1.0 }
effort = 2
cost = 30

[[task]]
id = "t2"
name = "Second task"
requirements = { a = 1.0 }
effort = 2
cost = 20

[[task]]
id = "t3"
name = "Third task"
requirements = { a = 1.0 }
effort = 2
cost = 10
leads = 2
"#;

fn leadplan(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("leadplan")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    let (code, out, err) = leadplan(dir, &args);
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, v)
}

fn tiny() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tiny.toml"), TINY).unwrap();
    dir
}

fn plan(dir: &Path, name: &str, body: &str) {
    std::fs::write(dir.join(name), body).unwrap();
}

#[test]
fn the_optimum_solve_writes_scores_feasible_at_its_objective() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for name in ["ipef-partners.toml", "trilateral-security.toml"] {
        let scn = root.join("scenarios").join(name);
        let scn = scn.to_str().unwrap();
        let (code, solved) = json(dir.path(), &["solve", scn, "--no-explain"]);
        assert_eq!(code, 0);
        std::fs::write(dir.path().join("opt.json"), solved.to_string()).unwrap();
        let (_, csv, _) = leadplan(
            dir.path(),
            &["solve", scn, "--no-explain", "--format", "csv"],
        );
        std::fs::write(dir.path().join("opt.csv"), csv).unwrap();
        let (code, _, err) = leadplan(
            dir.path(),
            &[
                "solve",
                scn,
                "--no-explain",
                "--format",
                "xlsx",
                "--out",
                "opt.xlsx",
            ],
        );
        assert_eq!(code, 0, "{err}");
        let want = solved["objective"].as_f64().unwrap();
        for file in ["opt.json", "opt.csv", "opt.xlsx"] {
            let (code, r) = json(dir.path(), &["score", scn, "--plan", file]);
            assert_eq!(
                (code, r["status"].as_str()),
                (0, Some("feasible")),
                "{name} {file}: {r}"
            );
            let got = r["objective"].as_f64().unwrap();
            assert!(
                (got - want).abs() <= 1e-6 * want.abs().max(1.0),
                "{name} {file}: {got} vs {want}"
            );
            assert_eq!(r["differs_from_optimum"], Value::Array(vec![]));
            assert_eq!(r["breaches"], Value::Array(vec![]));
        }
    }
}

/// A plan sheet as a planner edits it: the workbook's own spelling (`share
/// JP`, leads joined by commas, shares as fractions), one row per task.
fn plan_workbook(path: &Path, rows: &[(&str, &str, f64, f64)]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("plan").unwrap();
    for (c, h) in ["task", "name", "leads", "share JP", "share KR"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (task, leads, jp, kr)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *task).unwrap();
        sheet.write_string(r, 1, format!("name of {task}")).unwrap();
        sheet.write_string(r, 2, *leads).unwrap();
        sheet.write_number(r, 3, *jp).unwrap();
        sheet.write_number(r, 4, *kr).unwrap();
    }
    book.save(path).unwrap();
}

#[test]
fn a_workbook_plan_sheet_is_scored_and_its_bad_rows_are_located() {
    let dir = tiny();
    let d = dir.path();
    plan_workbook(
        &d.join("ours.xlsx"),
        &[
            ("t1", "JP", 1.0, 0.0),
            ("t2", "KR", 0.0, 1.0),
            ("t3", "JP, KR", 0.5, 0.5),
        ],
    );
    let (code, r) = json(d, &["score", "tiny.toml", "--plan", "ours.xlsx"]);
    assert_eq!((code, r["status"].as_str()), (0, Some("feasible")), "{r}");
    // The same plan as JSON scores the same.
    plan(
        d,
        "ours.json",
        r#"{"assignments": [
        {"task": "t1", "leads": ["JP"], "shares": {"JP": 1}},
        {"task": "t2", "leads": ["KR"], "shares": {"KR": 1}},
        {"task": "t3", "leads": ["JP", "KR"], "shares": {"JP": 0.5, "KR": 0.5}}]}"#,
    );
    let (_, j) = json(d, &["score", "tiny.toml", "--plan", "ours.json"]);
    assert_eq!(r["objective"], j["objective"]);
    // A typo in row 3 and a missing task are named with the sheet and row.
    plan_workbook(
        &d.join("typo.xlsx"),
        &[("t1", "JP", 1.0, 0.0), ("t2", "KX", 0.0, 1.0)],
    );
    let (code, _, err) = leadplan(d, &["score", "tiny.toml", "--plan", "typo.xlsx"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("typo.xlsx#plan:3"), "{err}");
    assert!(
        err.contains("row 3: country `KX` is not in the scenario"),
        "{err}"
    );
    assert!(err.contains("no row for scenario task(s) t3"), "{err}");
    // A workbook without a plan sheet says which sheets it has.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scenario_book = root.join("examples/first-study.xlsx");
    let (code, _, err) = leadplan(
        d,
        &[
            "score",
            "tiny.toml",
            "--plan",
            scenario_book.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("has no `plan` sheet (it has: scenario"),
        "{err}"
    );
}

#[test]
fn a_plan_that_breaks_limits_names_each_with_its_amount() {
    let dir = tiny();
    let d = dir.path();
    // Japan leads all three tasks (limit 2) and pays 30 + 20 + 10 x 0.5 = 55
    // of its budget 40; task t3 has one lead where it needs two.
    plan(
        d,
        "bad.json",
        r#"{"assignments": [
        {"task": "t1", "leads": ["JP"], "shares": {"JP": 1}},
        {"task": "t2", "leads": ["JP"], "shares": {"JP": 1}},
        {"task": "t3", "leads": ["JP"], "shares": {"JP": 1}}]}"#,
    );
    let (code, r) = json(d, &["score", "tiny.toml", "--plan", "bad.json"]);
    assert_eq!(code, 1, "{r}");
    let sentences: Vec<&str> = (r["breaches"].as_array().unwrap().iter())
        .map(|b| b["sentence"].as_str().unwrap())
        .collect();
    assert_eq!(
        sentences,
        [
            "Japan pays 55 of its budget 40 (over by 15)",
            "Japan leads 3 tasks; the limit is 2",
            "task Third task has 1 lead; it needs 2",
        ]
    );
    let max = &r["breaches"][1];
    assert_eq!(
        (max["kind"].as_str(), max["country"].as_str()),
        (Some("max_leads"), Some("JP"))
    );
    assert_eq!(
        (max["value"].as_f64(), max["limit"].as_f64()),
        (Some(3.0), Some(2.0))
    );
    let fix = &r["repair"];
    assert!(
        fix["sentence"]
            .as_str()
            .unwrap()
            .starts_with("changing the leads of"),
        "{fix}"
    );
    let (_, text, _) = leadplan(d, &["score", "tiny.toml", "--plan", "bad.json"]);
    assert!(text.contains("the plan is infeasible"), "{text}");
    assert!(
        text.contains("  - Japan leads 3 tasks; the limit is 2\n"),
        "{text}"
    );
    assert!(text.contains("Nearest feasible plan"), "{text}");
}

#[test]
fn capacity_and_payment_breaches_are_named_and_compare_sets_plans_side_by_side() {
    let dir = tiny();
    let d = dir.path();
    // South Korea (capacity 4) leads all three tasks: effort 6.
    plan(
        d,
        "kr.csv",
        "task,leads,share_JP,share_KR\nt1,KR,0,1\nt2,KR,0,1\nt3,JP;KR,0.5,0.5\n",
    );
    let (code, r) = json(d, &["score", "tiny.toml", "--plan", "kr.csv"]);
    assert_eq!(code, 1);
    assert_eq!(
        r["breaches"][0]["sentence"],
        "South Korea uses 6 of its capacity 4 (over by 2)"
    );
    // Leads alone: the best split is used; every limit holds.
    plan(
        d,
        "ok.json",
        r#"{"assignments": [
        {"task": "t1", "leads": ["KR"]}, {"task": "t2", "leads": ["JP"]},
        {"task": "t3", "leads": ["JP", "KR"]}]}"#,
    );
    let (code, r) = json(d, &["score", "tiny.toml", "--plan", "ok.json"]);
    assert_eq!((code, r["payments"].as_str()), (0, Some("best")), "{r}");
    let (code, c) = json(d, &["compare", "tiny.toml", "kr.csv", "ok.json"]);
    assert_eq!(code, 1);
    assert_eq!(c["differ"][0]["task"], "t2");
    assert_eq!(c["differ"].as_array().unwrap().len(), 1);
    assert_eq!(c["a"]["status"], "infeasible");
}

#[test]
fn a_malformed_plan_is_a_located_error() {
    let dir = tiny();
    let d = dir.path();
    plan(
        d,
        "typo.json",
        r#"{"assignments": [
        {"task": "t1", "leads": ["JX"], "shares": {"JP": 0.5}},
        {"task": "t2", "leads": ["JP"], "shares": {"JP": 1}}]}"#,
    );
    let (code, _, err) = leadplan(d, &["score", "tiny.toml", "--plan", "typo.json"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("country `JX` is not in the scenario"), "{err}");
    assert!(
        err.contains("no assignment for scenario task(s) t3"),
        "{err}"
    );
    assert!(err.contains("typo.json:2:"), "{err}");
    plan(
        d,
        "sum.csv",
        "task,leads,share_JP,share_KR\nt1,JP,0.5,0.2\nt2,JP,1,0\nt3,JP;KR,0.5,0.5\n",
    );
    let (code, _, err) = leadplan(d, &["score", "tiny.toml", "--plan", "sum.csv"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("the shares of `t1` sum to 0.7; they must sum to 1"),
        "{err}"
    );
    assert!(err.contains("sum.csv:2:1"), "{err}");
}
