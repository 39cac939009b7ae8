//! The resilience commands end to end, through the binary.

use assert_cmd::Command;
use serde_json::Value;

const TRILATERAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/scenarios/trilateral-public-goods.toml"
);

fn leadplan() -> Command {
    Command::cargo_bin("leadplan").unwrap()
}

fn json(args: &[&str]) -> Value {
    let out = leadplan()
        .args(args)
        .arg("--format")
        .arg("json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Writes the trilateral baseline plan (solve's JSON) into `dir` as `base.json`.
fn baseline_in(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("base.json");
    leadplan()
        .args(["solve", TRILATERAL, "--format", "json", "--out"])
        .arg(&path)
        .assert()
        .success();
    path
}

#[test]
fn contingency_reports_every_withdrawal_and_cut_with_diagnoses() {
    let v = json(&["contingency", TRILATERAL, "--cut", "0.5"]);
    let cs = v["contingencies"].as_array().unwrap();
    let names: Vec<&str> = cs.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "without US",
            "without KR",
            "without JP",
            "US cut by 50%",
            "KR cut by 50%",
            "JP cut by 50%"
        ]
    );
    // The SMR task needs three co-leads: no withdrawal leaves a plan as stated, and
    // every diagnosis names a change to that task or to a capacity.
    for c in &cs[..3] {
        assert_eq!(c["feasible"], false);
        assert_eq!(c["plan"], "best_effort");
        let sets = c["diagnosis"]["alternatives"].as_array().unwrap();
        assert!(
            sets.iter().all(|set| set
                .as_array()
                .unwrap()
                .iter()
                .any(|ch| ch["task"] == "smr-cost-sharing")),
            "{c}"
        );
        assert!(c["objective_lost"].is_null(), "{c}");
        let lost = c["best_effort"]["objective_lost"].as_f64().unwrap();
        assert!(c["best_effort"]["coverage_lost"].as_f64().unwrap() > 0.0);
        assert!(
            (lost - (v["baseline_objective"].as_f64().unwrap() - c["objective"].as_f64().unwrap()))
                .abs()
                < 1e-6
        );
    }
    let dep = v["dependence"].as_array().unwrap();
    assert_eq!(dep.len(), 3);
    for (d, c) in dep.iter().zip(cs) {
        assert_eq!(d["objective_lost"], c["objective_lost"]);
        assert_eq!(d["best_effort"], c["best_effort"]);
    }
}

#[test]
fn contingency_output_is_the_same_whatever_the_thread_count() {
    let run = |threads: &str| {
        let out = leadplan()
            .env("RAYON_NUM_THREADS", threads)
            .args(["contingency", TRILATERAL, "--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    assert_eq!(run("1"), run("3"));
}

#[test]
fn contingency_text_goes_to_the_out_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.txt");
    leadplan()
        .args(["contingency", TRILATERAL, "--out"])
        .arg(&path)
        .assert()
        .success()
        .stdout("");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("without KR") && text.contains("Dependence"),
        "{text}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temp file left behind"
    );
}

#[test]
fn a_bad_cut_is_a_usage_error() {
    leadplan()
        .args(["contingency", TRILATERAL, "--cut", "1.5"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a fraction in (0, 1]"));
}

#[test]
fn alternatives_lists_distinct_plans_within_the_tolerance() {
    let v = json(&["alternatives", TRILATERAL, "--within", "5%", "--count", "3"]);
    let opt = v["optimum"].as_f64().unwrap();
    let plans = v["plans"].as_array().unwrap();
    assert!(plans.len() >= 2 && plans.len() <= 4);
    assert_eq!(plans[0]["gap"], 0.0);
    let mut last = opt;
    for p in &plans[1..] {
        let o = p["objective"].as_f64().unwrap();
        assert!(o <= last + 1e-9 && o >= opt - 0.05 * opt - 1e-9);
        assert!(!p["differences"].as_array().unwrap().is_empty());
        last = o;
    }
    let text = leadplan()
        .args(["alternatives", TRILATERAL, "--within", "0.5"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("What differs from the optimum"));
}

#[test]
fn a_negative_tolerance_is_a_usage_error() {
    leadplan()
        .args(["alternatives", TRILATERAL, "--within=-2%"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is not a tolerance"));
}

#[test]
fn replanning_an_unchanged_scenario_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let base = baseline_in(dir.path());
    let v = json(&[
        "replan",
        TRILATERAL,
        "--baseline",
        base.to_str().unwrap(),
        "--max-changes",
        "2",
    ]);
    assert_eq!(v["status"], "planned");
    assert_eq!(v["plan"]["change_count"], 0);
    assert_eq!(v["objective_given_up"], 0.0);
    assert_eq!(v["baseline_kept"]["objective"], v["reoptimum"]["objective"]);
}

#[test]
fn replan_with_too_few_changes_says_how_many_are_needed() {
    let dir = tempfile::tempdir().unwrap();
    let base = baseline_in(dir.path());
    // South Korea's capacity falls by 2 (it used all 27): it must give up a lead.
    let text = std::fs::read_to_string(TRILATERAL).unwrap().replacen(
        "capacity = 27 ",
        "capacity = 25 ",
        1,
    );
    let changed = dir.path().join("changed.toml");
    std::fs::write(&changed, text).unwrap();
    let out = leadplan()
        .args(["replan"])
        .arg(&changed)
        .arg("--baseline")
        .arg(&base)
        .args(["--max-changes", "0", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "too_few_changes");
    assert!(v["baseline_kept"].is_null());
    assert!(v["fewest_changes_needed"].as_u64().unwrap() >= 1);
}

/// Runs `replan` on `dir/base.json`, expects exit code 2, returns standard error.
fn replan_error(dir: &std::path::Path) -> String {
    let out = leadplan()
        .current_dir(dir)
        .args(["replan", TRILATERAL, "--baseline", "base.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_baseline_naming_an_unknown_task_is_reported_with_its_line_and_a_fix() {
    let dir = tempfile::tempdir().unwrap();
    let base = baseline_in(dir.path());
    let text = std::fs::read_to_string(&base).unwrap().replacen(
        "\"judicial-training\"",
        "\"judicial-trainig\"",
        1,
    );
    std::fs::write(&base, text).unwrap();
    insta::assert_snapshot!(replan_error(dir.path()));
}

#[test]
fn a_baseline_that_is_not_json_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.json"), "{ \"assignments\": [ }").unwrap();
    let err = replan_error(dir.path());
    assert!(
        err.contains("not valid JSON") && err.contains("base.json:1:"),
        "{err}"
    );
}

#[test]
fn what_would_it_take_is_added_to_solve_only_when_asked() {
    let plain = json(&["solve", TRILATERAL]);
    assert!(plain["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a.get("what_would_it_take").is_none()));
    let v = json(&["solve", TRILATERAL, "--what-would-it-take"]);
    for a in v["assignments"].as_array().unwrap() {
        let w = &a["what_would_it_take"];
        assert_eq!(w["runner_up"], a["runner_up"]);
        if let (Some(f), Some(n)) = (w["fit"].as_f64(), w["fit_needed"].as_f64()) {
            assert!(n >= f, "{a}");
        }
    }
    leadplan()
        .args(["solve", TRILATERAL, "--what-would-it-take", "--no-explain"])
        .assert()
        .code(2);
}

const FUTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/futures");

/// The shipped futures one plan can serve together with the base scenario
/// (all but South Korea stepping back, below).
fn served() -> Vec<String> {
    [
        "trilateral-secretariat",
        "trilateral-us-aid-cut",
        "trilateral-usaid-closed",
    ]
    .iter()
    .map(|f| format!("{FUTURES}/{f}.toml"))
    .collect()
}

#[test]
fn robust_holds_in_every_future_it_serves_and_never_beats_their_optima() {
    let futures = served();
    let mut args = vec!["robust", TRILATERAL, "--futures"];
    args.extend(futures.iter().map(String::as_str));
    let v = json(&args);
    assert_eq!(v["status"], "planned");
    let rows = v["futures"].as_array().unwrap();
    assert_eq!(rows.len(), 4, "the base and three futures");
    let mut worst = f64::INFINITY;
    for row in rows {
        let (own, robust) = (
            row["optimum"].as_f64().unwrap(),
            row["robust"].as_f64().unwrap(),
        );
        assert!(
            robust <= own + 1e-9 && row["robust_regret"].as_f64().unwrap() >= 0.0,
            "{row}"
        );
        worst = worst.min(robust);
    }
    assert!((v["robust"]["worst"].as_f64().unwrap() - worst).abs() < 1e-9);
    assert_eq!(v["robust"]["feasible_in"], 4);
    // South Korea hosting the Secretariat, and the United States without USAID's
    // staff, have no room for the base plan.
    assert!(v["futures"][1]["baseline"].is_null());
    assert!(v["futures"][3]["baseline"].is_null());
    assert!(v["baseline"]["worst"].is_null());
    args.extend(["--goal", "mean"]);
    let mean = json(&args);
    assert!(
        mean["robust"]["mean"].as_f64().unwrap() >= v["robust"]["mean"].as_f64().unwrap() - 1e-9
    );
}

/// The brief gives PPE and minerals to all three; if South Korea steps back from
/// them, no plan is both today's and that future's: `robust` names the pair.
#[test]
fn robust_cannot_serve_korea_stepping_back() {
    let out = leadplan()
        .args([
            "robust",
            TRILATERAL,
            "--futures",
            FUTURES,
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "infeasible", "{v}");
    let pair: Vec<&str> = v["conflict"]["futures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(pair.len(), 2, "{v}");
    assert!(pair[0].ends_with("trilateral-public-goods.toml"), "{v}");
    assert!(pair[1].ends_with("trilateral-kr-steps-back.toml"), "{v}");
}

#[test]
fn every_shipped_future_loads_and_solves() {
    let security = format!("{FUTURES}/security");
    let mut files: Vec<std::path::PathBuf> = [FUTURES, security.as_str()]
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    for path in files {
        leadplan()
            .arg("solve")
            .arg(&path)
            .arg("--no-explain")
            .assert()
            .success();
    }
}

#[test]
fn a_future_with_other_countries_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.toml");
    std::fs::write(
        &other,
        "[[country]]\nid = \"JP\"\ncapacity = 2\n[[task]]\nid = \"t\"\neffort = 1\n",
    )
    .unwrap();
    leadplan()
        .args(["robust", TRILATERAL, "--futures"])
        .arg(&other)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "every future needs the same countries and tasks",
        ));
}

/// Two countries and one task led by one of them: `base.toml`, and two futures
/// that pin the task to Japan (`pin-jp.toml`) and to Korea (`pin-kr.toml`):
/// each has a plan of its own, but none is feasible in both.
fn conflicting_futures(dir: &std::path::Path) -> [std::path::PathBuf; 3] {
    let base = "[[country]]\nid = \"JP\"\ncapacity = 2\n[[country]]\nid = \"KR\"\ncapacity = 2\n[[task]]\nid = \"t\"\neffort = 1\n";
    let pin = |c: &str| format!("{base}[[policy.pin]]\ncountry = \"{c}\"\ntask = \"t\"\n");
    let files = [
        (dir.join("base.toml"), base.to_string()),
        (dir.join("pin-jp.toml"), pin("JP")),
        (dir.join("pin-kr.toml"), pin("KR")),
    ];
    for (path, text) in &files {
        std::fs::write(path, text).unwrap();
    }
    files.map(|(p, _)| p)
}

#[test]
fn robust_names_the_two_futures_that_share_no_plan() {
    let dir = tempfile::tempdir().unwrap();
    let [base, jp, kr] = conflicting_futures(dir.path());
    let out = leadplan()
        .arg("robust")
        .arg(&base)
        .arg("--futures")
        .args([&jp, &kr])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let expected = format!(
        "infeasible: no single plan is feasible in both '{}' and '{}': each has a plan of its own, but none serves the two at once",
        jp.display(),
        kr.display()
    );
    assert!(text.contains(&expected), "{text}");
    let out = leadplan()
        .arg("robust")
        .arg(&base)
        .arg("--futures")
        .args([&jp, &kr])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["conflict"]["kind"], "together");
    assert_eq!(
        v["conflict"]["futures"],
        serde_json::json!([jp.display().to_string(), kr.display().to_string()])
    );
    // Each future's own best plan, checked in the other, breaks the limits
    // named: `score` finds the same breaches in that plan.
    for (own, other) in [(&jp, &kr), (&kr, &jp)] {
        let ex = v["conflict"]["examples"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["plan_of"] == own.display().to_string())
            .unwrap_or_else(|| panic!("no example for {}", own.display()));
        assert_eq!(ex["checked_in"], other.display().to_string());
        let plan = dir.path().join("own.json");
        let solved = leadplan()
            .arg("solve")
            .arg(own)
            .args(["--format", "json"])
            .output()
            .unwrap();
        std::fs::write(&plan, &solved.stdout).unwrap();
        let scored = leadplan()
            .arg("score")
            .arg(other)
            .arg("--plan")
            .arg(&plan)
            .args(["--format", "json"])
            .output()
            .unwrap();
        let scored: Value = serde_json::from_slice(&scored.stdout).unwrap();
        let breaches: Vec<&Value> = scored["breaches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| &b["sentence"])
            .collect();
        let named = ex["breaks"].as_array().unwrap();
        assert!(!named.is_empty(), "{ex}");
        for b in named {
            assert!(breaches.contains(&b), "{b} not among {breaches:?}");
        }
        assert!(
            text.contains(&format!(
                "the best plan of '{}' breaks in '{}': {}",
                own.display(),
                other.display(),
                named[0].as_str().unwrap()
            )),
            "{text}"
        );
    }
}

#[test]
fn robust_names_a_future_without_a_plan_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let [base, jp, _] = conflicting_futures(dir.path());
    let big = dir.path().join("too-big.toml");
    let text = std::fs::read_to_string(&base).unwrap();
    std::fs::write(&big, text.replace("effort = 1", "effort = 5")).unwrap();
    let out = leadplan()
        .arg("robust")
        .arg(&base)
        .arg("--futures")
        .args([&big, &jp])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let expected = format!(
        "no single plan is feasible in every future: '{}' has no plan of its own",
        big.display()
    );
    assert!(text.contains(&expected), "{text}");
}

#[test]
fn report_futures_takes_a_feasible_share_as_robust_does() {
    let dir = tempfile::tempdir().unwrap();
    let [base, jp, kr] = conflicting_futures(dir.path());
    let report = |name: &str, share: Option<&str>| {
        let out = dir.path().join(name);
        let mut cmd = leadplan();
        cmd.arg("report")
            .arg(&base)
            .arg("--futures")
            .args([&jp, &kr])
            .arg("--no-explain")
            .arg("--out")
            .arg(&out);
        if let Some(p) = share {
            cmd.args(["--feasible-share", p]);
        }
        cmd.assert().success();
        std::fs::read_to_string(out).unwrap()
    };
    let every = report("every.md", None);
    assert!(
        every.contains(&format!(
            "No single plan is feasible in both '{}' and '{}'",
            jp.display(),
            kr.display()
        )),
        "{every}"
    );
    assert!(
        every.contains("| worst | - | - | - | no plan | - |"),
        "{every}"
    );
    let some = report("share.md", Some("0.6"));
    assert!(!some.contains("No single plan"), "{some}");
    assert!(
        some.contains("need only be feasible in futures of weight 60%"),
        "{some}"
    );
    // the same plans as robust's with the same share
    let v = json(&[
        "robust",
        base.to_str().unwrap(),
        "--futures",
        jp.to_str().unwrap(),
        kr.to_str().unwrap(),
        "--feasible-share",
        "0.6",
    ]);
    assert_eq!(v["status"], "planned");
    for m in v["metrics"].as_array().unwrap() {
        let goal = m["goal"].as_str().unwrap();
        let feasible = m["feasible_in"].as_u64().unwrap();
        assert!(
            some.contains(&format!("| {goal} | 0 | 0 | 0 | {feasible} of 3 |")),
            "{goal}: {some}"
        );
    }
    assert!(!some.contains("\n| mean | "), "{some}");
}
