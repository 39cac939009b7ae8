//! Regression tests for diagnoses, fixes and `check` warnings that misled, driven through the binary.

use assert_cmd::Command;
use leadplan::{solve, Outcome, Scenario, SolveOptions};
use serde_json::Value;

use super::{apply_change, scale_scores};

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/certs");
const TRILATERAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/scenarios/trilateral-public-goods.toml"
);

fn leadplan() -> Command {
    Command::cargo_bin("leadplan").unwrap()
}

fn fixture(name: &str) -> String {
    format!("{FIX}/{name}")
}

fn run_json(args: &[&str], code: i32) -> Value {
    let out = leadplan()
        .args(args)
        .args(["--format", "json"])
        .assert()
        .code(code);
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

fn leads(s: &Scenario, t: usize, j: usize) -> bool {
    match solve(s, &SolveOptions::default()).unwrap() {
        Outcome::Planned(p) => p.leads[t].contains(&j),
        _ => false,
    }
}

#[test]
fn dropping_a_co_lead_comes_with_the_budget_the_remaining_lead_then_needs() {
    let path = fixture("quad-minerals.toml");
    let s = Scenario::load(path.as_ref()).unwrap();
    let Outcome::Infeasible(d) = solve(&s, &SolveOptions::default()).unwrap() else {
        panic!("the fixture is infeasible");
    };
    let fewer = d
        .alternatives
        .iter()
        .find(|set| {
            set.iter()
                .any(|c| c.task.as_deref() == Some("minerals") && c.to == Some(1.0))
        })
        .expect("one lead instead of two is still a way out");
    assert!(
        fewer
            .iter()
            .any(|c| c.country.as_deref() == Some("US") && c.to == Some(200.0)),
        "the US must then pay the whole 200: {fewer:?}"
    );
    for set in &d.alternatives {
        let mut changed = s.clone();
        set.iter().for_each(|c| apply_change(&mut changed, c));
        assert!(matches!(
            solve(&changed, &SolveOptions::default()).unwrap(),
            Outcome::Planned(_)
        ));
    }
    let text = leadplan().args(["solve", &path]).assert().code(1);
    let text = String::from_utf8_lossy(&text.get_output().stdout).to_string();
    assert!(
        text.contains("US's budget must rise from 120 to 200"),
        "{text}"
    );
}

#[test]
fn zero_leads_is_said_as_drop_the_task_or_make_it_optional() {
    let v = run_json(&["solve", &fixture("costly-co-led-task.toml")], 1);
    let text = v["diagnosis"].to_string();
    assert!(text.contains("drop t1 (or make it optional)"), "{text}");
    assert!(!text.contains("have 0 lead"), "{text}");
}

#[test]
fn capability_factors_hand_over_the_lead_when_applied_to_shared_capped_scores() {
    let s = Scenario::load(TRILATERAL.as_ref()).unwrap();
    let v = run_json(&["solve", TRILATERAL, "--what-would-it-take"], 0);
    let (mut factors, mut above_one) = (0, 0);
    for a in v["assignments"].as_array().unwrap() {
        let w = &a["what_would_it_take"];
        let Some(ru) = w["runner_up"].as_str() else {
            continue;
        };
        let t = s.task_index(a["task"].as_str().unwrap()).unwrap();
        let j = s.country_index(ru).unwrap();
        if let Some(k) = w["factor"].as_f64() {
            assert!(leads(&scale_scores(&s, t, j, k), t, j), "{a}");
            factors += 1;
        }
        if w["fit_needed"].as_f64().is_some_and(|n| n > 1.0) {
            assert!(
                w["factor"].is_null(),
                "a fit above 1 is not reachable by scores: {a}"
            );
            above_one += 1;
        }
    }
    assert!(
        factors >= 4 && above_one >= 1,
        "{factors} factors, {above_one} above 1"
    );
    // The first version printed x1.47 here; Korea does not take the lead at x1.47.
    let t = s.task_index("fatality-reduction-practices").unwrap();
    let kr = s.country_index("KR").unwrap();
    assert!(!leads(&scale_scores(&s, t, kr, 1.47), t, kr));
}

#[test]
fn a_fit_above_one_is_not_printed_as_reachable_by_capabilities() {
    let out = leadplan()
        .args(["solve", TRILATERAL, "--what-would-it-take"])
        .assert()
        .code(0);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let line = text
        .lines()
        .find(|l| l.starts_with("health-tech-systems"))
        .unwrap();
    assert!(line.contains("above 1, no score reaches it"), "{line}");
    assert!(!line.contains(" x1"), "{line}");
}

#[test]
fn huge_costs_are_solved_not_called_infeasible() {
    let v = run_json(&["solve", &fixture("huge-cost.toml")], 0);
    assert_eq!(v["status"], "optimal", "{v}");
}

#[test]
fn solver_errors_exit_3_with_a_json_error_object() {
    let v = run_json(&["solve", &fixture("solver-error.toml")], 3);
    assert_eq!(v["status"], "error", "{v}");
    assert!(
        v["message"].as_str().unwrap().starts_with("solver error"),
        "{v}"
    );
    let out = leadplan()
        .args(["solve", &fixture("solver-error.toml")])
        .assert()
        .code(3);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("warning: task efforts span 0.001 to"), "{err}");
}

#[test]
fn check_warns_about_silent_zeros_and_exits_0() {
    let path = fixture("silent-zeros.toml");
    let out = leadplan().args(["check", &path]).assert().code(0);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    for needle in [
        "warning: KR has no score on `minerals`, which Critical-minerals processing requires",
        "warning: Liaison office has no requirements",
        "warning: Joint exercises needs 1 lead(s) but only 0 countries may lead it",
    ] {
        assert!(text.contains(needle), "{needle}\n{text}");
    }
    let v = run_json(&["check", &path], 0);
    let kinds: Vec<&str> = v["files"][0]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["missing_score", "no_requirements", "nobody_may_lead"]
    );
    assert_eq!(v["files"][0]["status"], "ok");
}

#[test]
fn check_warns_when_one_kind_of_number_spans_more_than_1e7() {
    let v = run_json(&["check", &fixture("huge-cost.toml")], 0);
    let w = &v["files"][0]["warnings"][0];
    assert_eq!(w["kind"], "coefficient_span");
    assert!(
        w["message"]
            .as_str()
            .unwrap()
            .starts_with("task costs span 10 to"),
        "{w}"
    );
    let bad = run_json(&["check", &format!("{FIX}/missing.toml")], 2);
    assert_eq!(bad["files"][0]["status"], "unreadable");
}

#[test]
fn resilience_commands_print_a_json_error_object_on_solver_errors() {
    let path = fixture("solver-error.toml");
    for cmd in ["contingency", "alternatives"] {
        let v = run_json(&[cmd, &path], 3);
        assert_eq!(v["status"], "error", "{cmd}: {v}");
        assert!(
            v["message"].as_str().unwrap().starts_with("solver error"),
            "{v}"
        );
    }
}

/// Regression: the domain limit is one policy value, so raising
/// it was printed twice (once per country) with a false "B must lead 2 tasks".
#[test]
fn a_domain_limit_is_one_edit_printed_once_without_a_false_must() {
    let v = run_json(&["solve", &fixture("domain-limit.toml")], 1);
    let sets = v["diagnosis"]["alternatives"].as_array().unwrap();
    let domain_sets = sets
        .iter()
        .filter(|set| set.to_string().contains("limit on leads per domain"))
        .count();
    assert_eq!(domain_sets, 1, "{sets:?}");
    let text = v["diagnosis"].to_string();
    assert!(text.contains("may lead 2 tasks"), "{text}");
    assert!(!text.contains("must lead"), "{text}");
}

/// Regression: a `lead = true` pin on a pair the sensitivity
/// rule forbids makes every plan impossible; `check` said only "ok".
#[test]
fn check_warns_when_a_pin_contradicts_a_sensitivity_ban() {
    let path = fixture("pin-against-ban.toml");
    let v = run_json(&["check", &path], 0);
    let warnings = v["files"][0]["warnings"].as_array().unwrap();
    let pins: Vec<&serde_json::Value> = warnings
        .iter()
        .filter(|w| w["kind"] == "pin_against_ban")
        .collect();
    assert_eq!(pins.len(), 2, "{warnings:?}");
    assert!(pins[0]["message"]
        .as_str()
        .unwrap()
        .contains("no plan exists"));
    // and it is true: the scenario has no plan
    run_json(&["solve", &path], 1);
}
