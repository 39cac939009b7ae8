//! Robust goals, Pareto fronts and diverse alternatives on the command line: the shipped trilateral scenario and futures,
//! bad input rejected with a sentence that names the flag and the fix, and the
//! `weight` key of a future file.

use assert_cmd::Command;
use serde_json::Value;

const BASE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/scenarios/trilateral-public-goods.toml"
);
const FUTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/futures");

/// The shipped futures one plan can serve together with the base scenario: all
/// but South Korea stepping back, where no plan is also the base's (the brief
/// gives PPE and minerals to all three; see `robust_cannot_serve_korea_stepping_back`
/// in tests/it/resilience/cli.rs).
const SERVED: [&str; 3] = [
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/futures/trilateral-secretariat.toml"
    ),
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/futures/trilateral-us-aid-cut.toml"
    ),
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/futures/trilateral-usaid-closed.toml"
    ),
];

/// The JSON of `robust BASE --futures SERVED... EXTRA`.
fn robust_served(extra: &[&str]) -> Value {
    let mut args = vec!["robust", BASE, "--futures"];
    args.extend(SERVED);
    args.extend(extra);
    json(&args)
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("leadplan")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, out, err) = run(&all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn robust_reports_every_goal_side_by_side() {
    let r = robust_served(&["--goal", "regret", "--threshold-share", "0.97"]);
    let goals: Vec<&str> = r["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["goal"].as_str().unwrap())
        .collect();
    assert_eq!(goals, ["worst", "mean", "regret", "satisficing"]);
    let chosen = &r["metrics"][2];
    assert_eq!(chosen["leads_differing_from_chosen"], 0);
    assert_eq!(chosen["max_regret"], r["robust"]["max_regret"]);
    // the worst-case plan is never worse than the regret plan in its own metric
    assert!(r["metrics"][0]["worst"].as_f64() >= chosen["worst"].as_f64());
}

#[test]
fn feasible_share_names_the_futures_it_gives_up() {
    let r = json(&[
        "robust",
        BASE,
        "--futures",
        FUTURES,
        "--goal",
        "regret",
        "--feasible-share",
        "0.8",
        "--weights",
        "2,1,1,1,1",
    ]);
    let given: Vec<&str> = r["given_up"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect();
    // No plan serves both today and South Korea stepping back (weight 1/6 <= 0.2).
    assert_eq!(given.len(), 1, "{r}");
    assert!(given[0].ends_with("trilateral-kr-steps-back.toml"), "{r}");
    let (worst, regret) = (&r["metrics"][0], &r["metrics"][1]);
    assert_eq!(regret["goal"], "regret");
    assert!(
        regret["max_regret"].as_f64() <= worst["max_regret"].as_f64(),
        "{r}"
    );
}

#[test]
fn a_future_file_weight_counts() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(format!("{FUTURES}/trilateral-us-aid-cut.toml")).unwrap();
    let weighted = text.replacen("[scenario]", "[scenario]\nweight = 6", 1);
    let f = dir.path().join("aid-cut.toml");
    std::fs::write(&f, weighted).unwrap();
    let r = json(&[
        "robust",
        BASE,
        "--futures",
        f.to_str().unwrap(),
        "--goal",
        "mean",
    ]);
    let w: Vec<f64> = r["weights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert!(
        (w[0] - 1.0 / 7.0).abs() < 1e-6 && (w[1] - 6.0 / 7.0).abs() < 1e-6,
        "{w:?}"
    );
}

#[test]
fn bad_robust_options_are_usage_errors_with_a_fix() {
    let cases: [(&[&str], &str); 4] = [
        (&["--weights", "1,2"], "give one weight per future"),
        (
            &["--weights", "0,0,0,0,0"],
            "at least one future a positive weight",
        ),
        (&["--goal", "satisficing"], "--threshold"),
        (
            &["--goal", "mean", "--feasible-share", "0.5"],
            "use worst, regret or satisficing",
        ),
    ];
    for (extra, hint) in cases {
        let mut args = vec!["robust", BASE, "--futures", FUTURES];
        args.extend(extra);
        let (code, _, err) = run(&args);
        assert_eq!(code, 2, "{extra:?}: {err}");
        assert!(err.contains(hint), "{extra:?}: {err}");
    }
    let (code, _, err) = run(&[
        "robust",
        BASE,
        "--futures",
        FUTURES,
        "--feasible-share",
        "1.5",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("(0, 1]"), "{err}");
}

#[test]
fn pareto_front_is_sorted_labelled_and_charted() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("front.svg");
    let r = json(&[
        "pareto",
        BASE,
        "--objectives",
        "fit,fairness",
        "--chart",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(r["status"], "complete");
    let pts = r["points"].as_array().unwrap();
    assert!(pts.len() >= 2, "{r}");
    for w in pts.windows(2) {
        // fit falls and fairness improves (falls) along the front
        assert!(w[1]["values"][0].as_f64() < w[0]["values"][0].as_f64());
        assert!(w[1]["values"][1].as_f64() < w[0]["values"][1].as_f64());
        assert!(!w[1]["changes_from_previous"].as_array().unwrap().is_empty());
    }
    let text = std::fs::read_to_string(&svg).unwrap();
    for p in pts {
        let first = &p["changes_from_previous"][0];
        if first.is_object() {
            assert!(text.contains(first["task"].as_str().unwrap()), "{first}");
        }
    }
}

#[test]
fn pareto_rejects_one_term_and_unknown_terms() {
    let (code, _, err) = run(&["pareto", BASE, "--objectives", "fit"]);
    assert_eq!(code, 2);
    assert!(err.contains("two or three distinct terms"), "{err}");
    let (code, _, err) = run(&["pareto", BASE, "--objectives", "fit,speed"]);
    assert_eq!(code, 2);
    assert!(err.contains("fit, cost, sensitivity or fairness"), "{err}");
}

#[test]
fn grid_front_is_a_subset_of_the_complete_front() {
    let full = json(&["pareto", BASE, "--objectives", "fit,fairness"]);
    let grid = json(&[
        "pareto",
        BASE,
        "--objectives",
        "fit,fairness",
        "--points",
        "3",
    ]);
    assert_eq!(grid["status"], "grid");
    for g in grid["points"].as_array().unwrap() {
        assert!(
            full["points"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["values"] == g["values"]),
            "{g}"
        );
    }
}

#[test]
fn diverse_alternatives_summarise_contested_tasks() {
    let r = json(&[
        "alternatives",
        BASE,
        "--diverse",
        "--within",
        "3%",
        "--count",
        "3",
    ]);
    let plans = r["plans"].as_array().unwrap();
    assert!(plans.len() >= 2);
    let contested = r["contested"].as_array().unwrap().len();
    let settled = r["settled"].as_array().unwrap().len();
    assert_eq!(contested + settled, 26);
    assert!(contested > 0);
    for p in &plans[1..] {
        assert!(p["min_distance"].as_u64().unwrap() > 0);
        assert!(p["objective"].as_f64().unwrap() >= r["floor"].as_f64().unwrap() - 1e-9);
    }
}

#[test]
fn report_shows_the_front_and_every_goal_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.md");
    let (code, _, err) = run(&[
        "report",
        BASE,
        "--out",
        out.to_str().unwrap(),
        "--no-explain",
        "--pareto",
        "fit,fairness",
        "--futures",
        SERVED[0],
        SERVED[1],
        SERVED[2],
        "--threshold-share",
        "0.98",
    ]);
    assert_eq!(code, 0, "{err}");
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("## Trade-off: fit against fairness"), "{md}");
    assert!(md.contains("## One plan for several futures"), "{md}");
    for goal in ["worst", "mean", "regret", "satisficing"] {
        assert!(md.contains(&format!("| {goal}")), "{goal} row missing");
    }
    // the satisficing plan's share is the one `robust` reports for the same threshold
    let r = robust_served(&["--goal", "satisficing", "--threshold-share", "0.98"]);
    let share = r["metrics"][3]["satisfied_share"].as_f64().unwrap();
    let cell = format!("{}%", (share * 1000.0).round() / 10.0);
    let row = md.lines().find(|l| l.starts_with("| satisficing")).unwrap();
    assert!(row.contains(&cell), "{row} lacks {cell}");
}

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// `ARGS --format json`: the exit code and the JSON printed (`Null` when none).
fn exit_and_json(args: &[&str]) -> (i32, Value, String) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, out, err) = run(&all);
    let v = match out.trim() {
        "" => Value::Null,
        text => serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}")),
    };
    (code, v, err)
}

#[test]
fn pareto_json_on_an_infeasible_scenario_says_why_like_solve() {
    let file = format!("{FIXTURES}/infeasible-capacity.toml");
    let (code, v, _) = exit_and_json(&["pareto", &file, "--objectives", "fit,cost"]);
    let (solve_code, solved, _) = exit_and_json(&["solve", &file]);
    assert_eq!((code, solve_code), (1, 1));
    assert_eq!(v["status"], "infeasible", "{v}");
    assert_eq!(solved["status"], "infeasible", "{solved}");
    assert!(v["points"].as_array().unwrap().is_empty());
    // the reason given is the one `solve` finds (Japan's pins beyond its capacity)
    let why = v["diagnosis"].as_str().unwrap();
    assert!(why.contains("JP") || why.contains("Japan"), "{why}");
    let (code, text, _) = run(&["pareto", &file, "--objectives", "fit,cost"]);
    assert_eq!(code, 1);
    assert!(
        text.contains("no plan exists") && text.contains(why),
        "{text}"
    );
}

#[test]
fn pareto_json_on_a_solver_error_is_an_error_object_not_infeasible() {
    // The first version printed `"status": "infeasible"` here: the solver's
    // verdict on the payoff table's first solve was taken for the scenario's.
    let file = format!("{FIXTURES}/certs/solver-error.toml");
    let (solve_code, solved, _) = exit_and_json(&["solve", &file]);
    let (code, v, err) = exit_and_json(&["pareto", &file, "--objectives", "fit,cost"]);
    assert_eq!(code, solve_code, "{err}");
    assert_eq!(v["status"], solved["status"], "{v}");
    assert_eq!(v["status"], "error", "{v}");
    assert!(
        v["message"].as_str().unwrap().starts_with("solver error"),
        "{v}"
    );
}

#[test]
fn pareto_bad_objectives_exit_2_like_solve_on_bad_input() {
    // As with `solve`, bad input is a usage error on stderr (exit 2), with no JSON.
    for terms in [
        "fit",
        "fit,fit",
        "fit,speed",
        "fit,cost,sensitivity,fairness",
    ] {
        let (code, v, err) = exit_and_json(&["pareto", BASE, "--objectives", terms]);
        assert_eq!(code, 2, "{terms}: {err}");
        assert!(v.is_null(), "{terms}: {v}");
        assert!(
            err.contains("fit,cost") || err.contains("fit, cost"),
            "{terms}: {err}"
        );
    }
}

#[test]
fn resilience_json_without_a_baseline_plan_says_infeasible() {
    // The first version printed nothing on standard output here (exit 1).
    let file = format!("{FIXTURES}/infeasible-capacity.toml");
    let cases: [&[&str]; 3] = [
        &["robust", &file, "--futures", &file],
        &["alternatives", &file, "--diverse"],
        &["contingency", &file],
    ];
    for args in cases {
        let (code, v, err) = exit_and_json(args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert_eq!(v["status"], "infeasible", "{args:?}: {v}");
        assert!(
            v["message"]
                .as_str()
                .unwrap()
                .contains("no plan to start from"),
            "{v}"
        );
    }
}

#[test]
fn robust_without_a_plan_claims_no_futures_and_names_the_way_out() {
    let dir = tempfile::tempdir().unwrap();
    // Korea's capacity 1: this future has no plan, so no plan holds in every future.
    let text = std::fs::read_to_string(BASE).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("capacity = 27"))
        .unwrap();
    let bad = dir.path().join("kr-gone.toml");
    std::fs::write(&bad, text.replacen(line, "capacity = 1", 1)).unwrap();
    let (code, out, _) = run(&["robust", BASE, "--futures", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("--feasible-share P lets the plan give up"),
        "{out}"
    );
    let row = out
        .lines()
        .find(|l| l.starts_with("worst (chosen)"))
        .unwrap();
    assert!(row.contains("no plan") && !row.contains("none"), "{row}");
    // and acting on the hint gives a plan that gives that future up
    let r = json(&[
        "robust",
        BASE,
        "--futures",
        bad.to_str().unwrap(),
        "--feasible-share",
        "0.5",
    ]);
    assert_eq!(r["given_up"][0], bad.to_str().unwrap(), "{r}");
}
