//! Integration tests that drive the `leadplan` binary: exit codes, messages,
//! every output format, and the shipped scenarios.

use assert_cmd::Command;
use leadplan::Scenario;
use serde_json::Value;

fn leadplan() -> Command {
    Command::cargo_bin("leadplan").unwrap()
}

fn solve_json(file: &str, extra: &[&str]) -> Value {
    let out = leadplan()
        .args(["solve", file, "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn leads_of(json: &Value, task: &str) -> Vec<String> {
    let a = json["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["task"] == task)
        .unwrap();
    a["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn trilateral_plan_reproduces_the_briefs_division_of_labour() {
    let path = "scenarios/trilateral-public-goods.toml";
    let scenario = Scenario::load(path.as_ref()).unwrap();
    // The division must come from profiles and requirements: no pins at all.
    assert!(scenario.policy.pins.is_empty());
    let json = solve_json(path, &[]);
    assert_eq!(json["status"], "optimal");
    for (task, lead) in [
        ("fatality-reduction-practices", "JP"),
        ("legal-code-drafting", "JP"),
        ("health-tech-systems", "KR"),
        ("judicial-training", "KR"),
        ("rapid-inoculation", "US"),
        ("aid-agency-leadership-training", "US"),
    ] {
        assert_eq!(leads_of(&json, task), vec![lead], "{task}");
    }
    // The pairs the brief names: two co-leads each, and the solver picks Japan and
    // South Korea (leads in the file's country order).
    for task in ["disaster-management-training", "vaccine-rnd-production"] {
        assert_eq!(leads_of(&json, task), ["KR", "JP"], "{task}");
    }
}

#[test]
fn json_has_the_documented_shape_and_shares_sum_to_one() {
    let json = solve_json("scenarios/trilateral-public-goods.toml", &[]);
    assert!(json["objective"].as_f64().is_some());
    let tasks = json["assignments"].as_array().unwrap();
    assert_eq!(tasks.len(), 26);
    for a in tasks {
        let leads = a["leads"].as_array().unwrap();
        let shares = a["shares"].as_object().unwrap();
        let total: f64 = shares.values().map(|v| v.as_f64().unwrap()).sum();
        // An optional task left out has no leads and no shares.
        let expected = if leads.is_empty() { 0.0 } else { 1.0 };
        assert!((total - expected).abs() < 1e-6, "{a}");
        for lead in leads {
            // policy.min_lead_share = 0.2 in this scenario
            assert!(
                shares[lead.as_str().unwrap()].as_f64().unwrap() >= 0.2 - 1e-9,
                "{a}"
            );
        }
        assert!(a["runner_up_loss"].is_null() || a["runner_up_loss"].as_f64().unwrap() >= 0.0);
    }
}

#[test]
fn runner_up_loss_is_an_exact_resolve() {
    // Forcing the runner-up (a pin) must cost exactly the reported loss.
    let base = solve_json("scenarios/trilateral-security.toml", &[]);
    let a = &base["assignments"][0];
    let (task, runner, loss) = (
        a["task"].as_str().unwrap(),
        a["runner_up"].as_str().unwrap(),
        a["runner_up_loss"].as_f64().unwrap(),
    );
    let text = std::fs::read_to_string("scenarios/trilateral-security.toml").unwrap();
    let pinned = format!("{text}\n[[policy.pin]]\ncountry = \"{runner}\"\ntask = \"{task}\"\n");
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("pinned.toml");
    std::fs::write(&p, pinned).unwrap();
    let forced = solve_json(p.to_str().unwrap(), &["--no-explain"]);
    let lost = base["objective"].as_f64().unwrap() - forced["objective"].as_f64().unwrap();
    assert!(
        (lost - loss).abs() < 1e-6,
        "reported {loss}, re-solved {lost}"
    );
}

#[test]
fn security_plan_keeps_the_too_sensitive_items_out() {
    let json = solve_json("scenarios/trilateral-security.toml", &[]);
    for task in ["large-scale-exercises", "missile-defence-batteries"] {
        assert!(leads_of(&json, task).is_empty(), "{task} must be left out");
    }
    let binding = json["binding"].as_array().unwrap();
    assert!(binding
        .iter()
        .any(|b| b["kind"] == "left_out" && b["detail"].as_str().unwrap().contains("Large-scale")));
}

#[test]
fn every_shipped_scenario_loads_validates_and_solves() {
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        let name = path.to_string_lossy().to_string();
        if !name.ends_with(".toml")
            || name.ends_with(".sweep.toml")
            || name.ends_with(".horizon.toml")
        {
            continue;
        }
        leadplan().args(["check", &name]).assert().success();
        let json = solve_json(&name, &["--no-explain"]);
        assert_eq!(json["status"], "optimal", "{name}");
    }
}

#[test]
fn infeasible_scenarios_are_explained_in_planners_terms() {
    let out = leadplan()
        .args(["solve", "tests/fixtures/infeasible-capacity.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("infeasible"), "{text}");
    assert!(
        text.contains("Japan's capacity must rise from 6 to 8"),
        "{text}"
    );
    assert!(
        text.contains("unpin Japan from leading Legal-code drafting"),
        "{text}"
    );
    assert!(
        text.contains("unpin Japan from leading Judicial training"),
        "{text}"
    );
    let json: Value = serde_json::from_slice(
        &leadplan()
            .args([
                "solve",
                "tests/fixtures/infeasible-capacity.toml",
                "--format",
                "json",
            ])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(json["status"], "infeasible");
    let alternatives = json["diagnosis"]["alternatives"].as_array().unwrap();
    assert_eq!(
        alternatives.len(),
        3,
        "three single changes each suffice: {alternatives:?}"
    );
    let capacity = alternatives
        .iter()
        .map(|set| &set[0])
        .find(|c| c["kind"] == "capacity")
        .unwrap();
    assert_eq!(
        (
            capacity["country"].as_str(),
            capacity["from"].as_f64(),
            capacity["to"].as_f64()
        ),
        (Some("JP"), Some(6.0), Some(8.0))
    );
}

#[test]
fn bad_files_exit_2_with_one_diagnostic_per_mistake() {
    let mut names: Vec<_> = std::fs::read_dir("tests/fixtures/bad")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        let name = path.to_string_lossy().replace('\\', "/");
        let out = leadplan().args(["check", &name]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        insta::assert_snapshot!(format!("check_{stem}"), stderr);
    }
}

#[test]
fn every_command_that_reads_a_scenario_validates_it() {
    let out = leadplan()
        .args(["solve", "tests/fixtures/bad/negative.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("capacity must be >= 0, found -3"));
}

#[test]
fn missing_files_and_usage_errors_exit_2() {
    leadplan()
        .args(["solve", "no/such/file.toml"])
        .assert()
        .code(2);
    leadplan()
        .args([
            "solve",
            "scenarios/trilateral-public-goods.toml",
            "--time-limit",
            "-1",
        ])
        .assert()
        .code(2);
    leadplan().args(["frobnicate"]).assert().code(2);
    let empty = tempfile::NamedTempFile::new().unwrap();
    let out = leadplan()
        .args(["check", empty.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the scenario has no countries"));
}

#[test]
fn out_writes_the_file_and_a_bad_folder_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.json");
    leadplan()
        .args([
            "solve",
            "tests/fixtures/base.toml",
            "--format",
            "json",
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout("");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(json["status"], "optimal");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temp file left behind"
    );
    let bad = dir.path().join("missing/plan.json");
    leadplan()
        .args([
            "solve",
            "tests/fixtures/base.toml",
            "--out",
            bad.to_str().unwrap(),
        ])
        .assert()
        .code(2);
    assert!(!bad.exists());
}

#[test]
fn formats_are_stable() {
    for (format, name) in [
        ("json", "solve_base_json"),
        ("csv", "solve_base_csv"),
        ("markdown", "solve_base_markdown"),
    ] {
        let out = leadplan()
            .args(["solve", "tests/fixtures/base.toml", "--format", format])
            .output()
            .unwrap();
        assert!(out.status.success());
        insta::assert_snapshot!(name, String::from_utf8(out.stdout).unwrap());
    }
    let text = leadplan()
        .args(["solve", "tests/fixtures/base.toml"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    // The first line carries the solve time; the rest is stable.
    let stable: String = text.lines().skip(1).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!("solve_base_text", stable);
}

fn solve_json_bytes(solver: &str) -> Vec<u8> {
    solve_json_of("scenarios/trilateral-public-goods.toml", solver)
}

fn solve_json_of(scenario: &str, solver: &str) -> Vec<u8> {
    let out = leadplan()
        .args(["solve", scenario, "--format", "json", "--solver", solver])
        .output()
        .unwrap();
    assert!(out.status.success(), "{solver}");
    out.stdout
}

#[test]
fn outputs_are_identical_across_runs() {
    assert_eq!(solve_json_bytes("microlp"), solve_json_bytes("microlp"));
}

/// Two solvers, same plan, same report: everything but the `solver` field and
/// float noise below the printed precision is the same where the optimum is
/// unique (the 12-task trilateral scenario). The complete scenario has
/// payment splits that tie (the fairness term is a sum of absolute
/// deviations, flat between splits), so there the two solvers agree on the
/// objective, every term, the leads and each lead's fit, and each may pick
/// another of the tied splits.
#[cfg(feature = "highs")]
#[test]
fn outputs_are_identical_across_solvers_and_runs() {
    let h = solve_json_bytes("highs");
    assert_eq!(h, solve_json_bytes("highs"), "highs, run twice");
    let parse = |b: &[u8]| {
        let mut v: Value = serde_json::from_slice(b).unwrap();
        v.as_object_mut().unwrap().remove("solver");
        v
    };
    let (m, h) = (parse(&solve_json_bytes("microlp")), parse(&h));
    assert_eq!(m["objective"], h["objective"]);
    assert_eq!(m["objective_terms"], h["objective_terms"]);
    for (a, b) in m["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .zip(h["assignments"].as_array().unwrap())
    {
        for key in ["task", "leads", "fit", "runner_up", "runner_up_loss"] {
            assert_eq!(a[key], b[key], "{key}");
        }
    }
    let frozen = "benches/scenarios/trilateral-12.toml";
    assert_eq!(
        parse(&solve_json_of(frozen, "microlp")),
        parse(&solve_json_of(frozen, "highs"))
    );
}

#[cfg(feature = "highs")]
#[test]
fn highs_and_microlp_agree_on_every_shipped_scenario() {
    for name in [
        "scenarios/trilateral-public-goods.toml",
        "scenarios/trilateral-security.toml",
        "scenarios/ipef-partners.toml",
        "tests/fixtures/base.toml",
    ] {
        let m = solve_json(name, &["--solver", "microlp", "--no-explain"]);
        let h = solve_json(name, &["--solver", "highs", "--no-explain"]);
        let (m, h) = (
            m["objective"].as_f64().unwrap(),
            h["objective"].as_f64().unwrap(),
        );
        assert!(
            (m - h).abs() < 1e-6 * (1.0 + m.abs()),
            "{name}: microlp {m}, highs {h}"
        );
    }
}

#[cfg(not(feature = "highs"))]
#[test]
fn asking_for_highs_without_it_says_how_to_get_it() {
    let out = leadplan()
        .args(["solve", "tests/fixtures/base.toml", "--solver", "highs"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--features highs"));
}

#[test]
fn a_time_limit_reports_a_plan_not_proven_optimal() {
    // A generalized-assignment-like scenario with tight capacities: hard for microlp.
    let mut s = String::new();
    for i in 0..8 {
        s += &format!("[[country]]\nid = \"C{i}\"\ncapacity = 19\n");
    }
    for t in 0..40 {
        let fit: Vec<String> = (0..8)
            .map(|i| format!("C{i} = {}", 10 + (t * 7 + i * 13) % 17))
            .collect();
        let effort: Vec<String> = (0..8)
            .map(|i| format!("C{i} = {}", 2 + (t * 5 + i * 11) % 7))
            .collect();
        s += &format!(
            "[[task]]\nid = \"t{t}\"\nfit = {{ {} }}\neffort = {{ {} }}\n",
            fit.join(", "),
            effort.join(", ")
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("hard.toml");
    std::fs::write(&p, s).unwrap();
    let out = leadplan()
        .args([
            "solve",
            p.to_str().unwrap(),
            "--solver",
            "microlp",
            "--time-limit",
            "0.05",
            "--format",
            "json",
            "--no-explain",
        ])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    // No assumption on how fast this machine is: whichever way the limit fell,
    // the report must say so consistently.
    let objective = json["objective"].as_f64();
    let bound = json["bound"].as_f64();
    match (json["status"].as_str().unwrap(), objective) {
        ("time_limit", Some(obj)) => {
            assert_eq!(out.status.code(), Some(0), "{json}");
            assert!(bound.unwrap() >= obj, "a bound below the plan: {json}");
        }
        ("time_limit", None) => assert_eq!(out.status.code(), Some(1), "{json}"),
        ("optimal", Some(obj)) => {
            assert_eq!(out.status.code(), Some(0), "{json}");
            assert_eq!(bound, Some(obj), "an optimal plan is its own bound: {json}");
        }
        other => panic!("unexpected {other:?}: {json}"),
    }
}

#[test]
fn every_number_in_a_shipped_scenario_cites_its_source() {
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            let Some((_, value)) = line.split_once('=') else {
                continue;
            };
            if line.starts_with('#') || value.trim_start().starts_with(['"', '[']) {
                continue;
            }
            let value = value.split('#').next().unwrap();
            let has_number = value
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                .any(|tok| tok.parse::<f64>().is_ok());
            assert!(
                !has_number || line.contains('#'),
                "{}:{}: a number without a source comment: {line}",
                path.display(),
                n + 1
            );
        }
    }
}

#[test]
fn a_scenario_written_back_loads_to_the_same_scenario() {
    for name in [
        "scenarios/trilateral-public-goods.toml",
        "scenarios/trilateral-security.toml",
        "tests/fixtures/infeasible-capacity.toml",
    ] {
        let s = Scenario::load(name.as_ref()).unwrap();
        let text = leadplan::scenario::to_toml(&s, "round trip");
        let back = Scenario::from_toml_str(&text, "written.toml")
            .unwrap_or_else(|d| panic!("{name}: {}", leadplan::scenario::diag::render_all(&d)));
        assert_eq!(s, back, "{name}");
    }
}

/// Possessives: "the United States' capacity", never "United States's capacity".
#[test]
fn possessives_of_country_names_read_naturally() {
    let dir = tempfile::tempdir().unwrap();
    let solve_text = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let out = leadplan().arg("solve").arg(&path).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let country = |id: &str, name: &str, rest: &str| {
        format!("[[country]]\nid = \"{id}\"\nname = \"{name}\"\n{rest}\n")
    };
    let task = "[[task]]\nid = \"t\"\nname = \"Task\"\nrequirements = { x = 1.0 }\neffort = 2\nsensitivity = 0.5\n";
    // The Philippines fits best but may not lead: a binding sensitivity ban.
    let banned = solve_text(
        "banned.toml",
        country(
            "US",
            "United States",
            "capacity = 5\ncapability = { x = 0.8 }",
        ) + &country(
            "PH",
            "Philippines",
            "capacity = 5\ncapability = { x = 1.0 }\nsensitivity_tolerance = 0.3",
        ) + task,
    );
    assert!(
        banned.contains("exceeds the Philippines' tolerance 0.3"),
        "{banned}"
    );
    // The United States is pinned to a task it has no capacity for.
    let short = solve_text(
        "short.toml",
        country(
            "US",
            "United States",
            "capacity = 1\ncapability = { x = 1.0 }",
        ) + &country("JP", "Japan", "capacity = 5\ncapability = { x = 0.4 }")
            + task
            + "[[policy.pin]]\ncountry = \"US\"\ntask = \"t\"\n",
    );
    assert!(
        short.contains("the United States' capacity must rise from 1 to 2"),
        "{short}"
    );
    for text in [banned, short] {
        assert!(!text.contains("s's "), "{text}");
    }
}
