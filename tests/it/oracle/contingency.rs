//! `contingency`: each withdrawal (and cut, and pair) is re-planned as brute
//! force re-plans the reduced scenario: feasible exactly when a plan exists,
//! then optimal; otherwise the best-effort plan covers as much of the
//! required agenda as brute force can, then scores as well.

use super::brute::{best_effort, close, coverage, evaluate, optimum, Mode, Pattern};
use super::cli::{leadplan, num, pattern, write, Findings, Run};
use super::gen::{scenario, Features, Rng};
use super::scenario::Scn;
use super::scenarios;
use serde_json::Value;

/// The scenario a contingency entry stands for.
fn reduced(scn: &Scn, entry: &Value) -> Scn {
    let mut idx: Vec<usize> = entry["countries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| {
            scn.countries
                .iter()
                .position(|c| c.id == id.as_str().unwrap())
                .unwrap()
        })
        .collect();
    if entry["kind"] == "cut" {
        return scn.cut(idx[0], num(&entry["cut"]).unwrap());
    }
    idx.sort_unstable();
    idx.iter().rev().fold(scn.clone(), |s, i| s.without(*i))
}

/// Tasks listed as short or unled, and the required tasks the plan leaves short.
fn short_tasks(scn: &Scn, pat: &Pattern, entry: &Value) -> (Vec<String>, Vec<String>) {
    let mut listed: Vec<String> = entry["short"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["task"].as_str().unwrap().to_string())
        .chain(
            entry["unled"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap().to_string()),
        )
        .collect();
    listed.sort();
    listed.dedup();
    let mut truth: Vec<String> = scn
        .tasks
        .iter()
        .enumerate()
        .filter(|(t, task)| !task.optional && pat[*t].len() < task.leads)
        .map(|(_, task)| task.id.clone())
        .collect();
    truth.sort();
    (listed, truth)
}

fn check_entry(scn: &Scn, entry: &Value) -> Result<(), String> {
    let red = reduced(scn, entry);
    let best = optimum(&red);
    let got = num(&entry["objective"]);
    let kind = entry["plan"].as_str().unwrap_or("?");
    if entry["feasible"].as_bool() != Some(best.is_some()) {
        return Err(format!(
            "feasible {}, brute optimum {best:?}",
            entry["feasible"]
        ));
    }
    let (mode, want_kind, want) = match (best, best_effort(&red)) {
        (Some(b), _) => (Mode::Exact, "optimal", Some((0.0, b))),
        (None, Some(be)) => (Mode::Shortfall, "best_effort", Some(be)),
        (None, None) => (Mode::Shortfall, "none", None),
    };
    if kind != want_kind {
        return Err(format!("plan {kind}, brute force {want_kind} {want:?}"));
    }
    let Some((cover, value)) = want else {
        return Ok(());
    };
    let got = got.unwrap_or(f64::NAN);
    let pat = pattern(&red, &entry["leads"]);
    let scored = evaluate(&red, &pat, mode).map_err(|e| format!("plan {pat:?}: {e}"))?;
    if !close(got, value) || !close(scored, got) {
        return Err(format!(
            "{kind} objective {got} (plan {pat:?} scores {scored}), brute force {value}"
        ));
    }
    if mode == Mode::Shortfall && !close(coverage(&red, &pat), cover) {
        return Err(format!(
            "best effort covers {}, brute force {cover}",
            coverage(&red, &pat)
        ));
    }
    let (listed, truth) = short_tasks(&red, &pat, entry);
    if listed != truth {
        return Err(format!(
            "short or unled {listed:?}; required tasks short of leads {truth:?}"
        ));
    }
    Ok(())
}

pub fn check_contingency(scn: &Scn, out: &Run) -> Result<(), String> {
    let Some(base) = optimum(scn) else {
        return match (out.code, out.json["status"].as_str()) {
            (1, Some("infeasible")) => Ok(()),
            (c, s) => Err(format!("brute force finds no plan; exit {c}, status {s:?}")),
        };
    };
    if out.code != 0 {
        return Err(format!(
            "exit {} ({}), brute optimum {base}",
            out.code, out.stderr
        ));
    }
    let printed = num(&out.json["baseline_objective"]).unwrap_or(f64::NAN);
    if !close(printed, base) {
        return Err(format!(
            "baseline objective {printed}, brute optimum {base}"
        ));
    }
    for entry in out.json["contingencies"].as_array().unwrap() {
        check_entry(scn, entry).map_err(|e| format!("{}: {e}", entry["name"]))?;
    }
    Ok(())
}

pub fn run_contingency(features: Features) {
    let dir = tempfile::tempdir().unwrap();
    let mut findings = Findings::default();
    for seed in 0..scenarios() {
        let scn = scenario(seed, features);
        let mut rng = Rng::new(seed ^ 0xC0);
        let file = write(dir.path(), "s.toml", &scn);
        let mut args = vec![
            "contingency".to_string(),
            file.to_str().unwrap().to_string(),
        ];
        if rng.chance(0.5) {
            args.extend(["--cut".into(), rng.pick(&["0.3", "0.5", "1"]).into()]);
        }
        if rng.chance(0.3) {
            args.push("--pairs".into());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = leadplan(&args);
        if let Err(e) = check_contingency(&scn, &out) {
            findings.add(seed, &scn, format!("{}: {e}", args[2..].join(" ")));
        }
    }
    findings.assert_none("contingency", scenarios() as usize);
}

#[test]
fn contingency_agrees_with_brute_force_on_random_scenarios_without_optional_tasks() {
    run_contingency(super::gen::REQUIRED_ONLY);
}

/// On main (b0f7b48), 193 of 500 fail: best effort gives optional tasks part
/// of their leads or forces them in, and optional tasks left out by choice
/// are listed as unled.
#[test]
fn contingency_agrees_with_brute_force_on_random_scenarios_with_optional_tasks() {
    run_contingency(super::gen::ALL);
}
