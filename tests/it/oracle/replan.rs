//! `replan`: against a random baseline, the plan has the fewest changes (or
//! at most K, or the best objective net of the penalty) among all plans brute
//! force finds, and scores what is printed; the re-optimum and the baseline
//! kept are checked too.

use super::brute::{close, evaluate, optimum, plans, Mode, Pattern};
use super::cli::{baseline_json, leadplan, num, pattern, write, Findings, Run};
use super::gen::{scenario, Features, Rng};
use super::scenario::Scn;
use super::scenarios;
use serde_json::Value;

#[derive(Clone, Copy, Debug)]
pub enum Limit {
    Fewest,
    AtMost(usize),
    Penalty(f64),
}

/// A baseline lead dropped is one change (MODEL.md, "Change limit").
pub fn changes(base: &Pattern, pat: &Pattern) -> usize {
    base.iter()
        .zip(pat)
        .map(|(b, p)| b.iter().filter(|i| !p.contains(i)).count())
        .sum()
}

fn random_baseline(scn: &Scn, rng: &mut Rng) -> Pattern {
    let n = scn.countries.len();
    scn.tasks
        .iter()
        .map(|task| {
            if task.optional && rng.chance(0.5) {
                return Vec::new();
            }
            let mut order: Vec<usize> = (0..n).collect();
            for k in (1..n).rev() {
                order.swap(k, rng.below(k + 1));
            }
            let mut set = order[..task.leads].to_vec();
            set.sort_unstable();
            set
        })
        .collect()
}

/// The printed plan: feasible, scored as printed, its change count right.
fn plan_of(scn: &Scn, base: &Pattern, p: &Value) -> Result<(f64, usize), String> {
    let got = num(&p["objective"]).ok_or("no objective")?;
    let pat = pattern(scn, &p["leads"]);
    let v = evaluate(scn, &pat, Mode::Exact).map_err(|e| format!("{pat:?}: {e}"))?;
    let c = changes(base, &pat);
    if !close(v, got) || p["change_count"].as_u64() != Some(c as u64) {
        return Err(format!(
            "{pat:?} printed {got}, {} change(s); scores {v}, {c}",
            p["change_count"]
        ));
    }
    Ok((got, c))
}

/// Brute force's best under the limit (net of the penalty), from every
/// plan's (objective, changes).
fn best_under(all: &[(f64, usize)], fewest: usize, limit: Limit) -> Option<f64> {
    let best = |ok: &dyn Fn(usize) -> bool| {
        all.iter()
            .filter(|a| ok(a.1))
            .map(|a| a.0)
            .max_by(f64::total_cmp)
    };
    match limit {
        Limit::Fewest => best(&|c| c == fewest),
        Limit::AtMost(k) => best(&|c| c <= k),
        Limit::Penalty(p) => all
            .iter()
            .map(|a| a.0 - p * a.1 as f64)
            .max_by(f64::total_cmp),
    }
}

pub fn check_replan(scn: &Scn, base: &Pattern, limit: Limit, out: &Run) -> Result<(), String> {
    let all: Vec<(f64, usize)> = plans(scn, Mode::Exact)
        .into_iter()
        .map(|(p, v)| (v, changes(base, &p)))
        .collect();
    let status = out.json["status"].as_str().unwrap_or("?");
    let Some(fewest) = all.iter().map(|a| a.1).min() else {
        return match (out.code, status) {
            (1, "infeasible") => Ok(()),
            _ => Err(format!(
                "brute force finds no plan; exit {} status {status}",
                out.code
            )),
        };
    };
    let want = best_under(&all, fewest, limit);
    let Some(want) = want else {
        let needed = out.json["fewest_changes_needed"].as_u64();
        return match (out.code, status, needed) {
            (1, "too_few_changes", Some(n)) if n == fewest as u64 => Ok(()),
            _ => Err(format!(
                "fewest changes {fewest}; exit {} status {status} needed {needed:?}",
                out.code
            )),
        };
    };
    if out.code != 0 || status != "planned" {
        return Err(format!(
            "brute force plans {want}; exit {} status {status}",
            out.code
        ));
    }
    let (got, c) = plan_of(scn, base, &out.json["plan"])?;
    let net = match limit {
        Limit::Penalty(p) => got - p * c as f64,
        _ => got,
    };
    let count_ok = match limit {
        Limit::Fewest => c == fewest,
        Limit::AtMost(k) => c <= k,
        Limit::Penalty(_) => true,
    };
    if !close(net, want) || !count_ok {
        return Err(format!(
            "plan {got} with {c} change(s); brute force {want} (fewest {fewest})"
        ));
    }
    check_references(scn, base, out)
}

/// The re-optimum is the optimum; the baseline kept is scored as brute force scores it.
fn check_references(scn: &Scn, base: &Pattern, out: &Run) -> Result<(), String> {
    let re = plan_of(scn, base, &out.json["reoptimum"])?.0;
    let opt = optimum(scn).unwrap();
    if !close(re, opt) {
        return Err(format!("re-optimum {re}, brute optimum {opt}"));
    }
    let kept = &out.json["baseline_kept"];
    match (evaluate(scn, base, Mode::Exact), num(&kept["objective"])) {
        (Ok(v), Some(g)) if close(g, v) && pattern(scn, &kept["leads"]) == *base => Ok(()),
        (Err(_), None) => Ok(()),
        (truth, _) => Err(format!(
            "baseline kept printed {} with leads {}; the baseline {base:?} scores {truth:?}",
            kept["objective"], kept["leads"]
        )),
    }
}

pub fn run_replan(features: Features) {
    let dir = tempfile::tempdir().unwrap();
    let mut findings = Findings::default();
    for seed in 0..scenarios() {
        let scn = scenario(seed, features);
        let mut rng = Rng::new(seed ^ 0x4E);
        let base = random_baseline(&scn, &mut rng);
        let file = write(dir.path(), "s.toml", &scn);
        let plan = dir.path().join("plan.json");
        std::fs::write(&plan, baseline_json(&scn, &base)).unwrap();
        let limit = match rng.below(3) {
            0 => Limit::Fewest,
            1 => Limit::AtMost(rng.below(4)),
            _ => Limit::Penalty(rng.pick(&[0.1, 0.5, 2.0, 100.0])),
        };
        let mut args = vec!["replan".to_string(), file.to_str().unwrap().into()];
        args.extend(["--baseline".into(), plan.to_str().unwrap().into()]);
        match limit {
            Limit::Fewest => {}
            Limit::AtMost(k) => args.extend(["--max-changes".into(), k.to_string()]),
            Limit::Penalty(p) => args.extend(["--change-penalty".into(), p.to_string()]),
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = leadplan(&args);
        if let Err(e) = check_replan(&scn, &base, limit, &out) {
            findings.add(seed, &scn, format!("baseline {base:?}, {limit:?}: {e}"));
        }
    }
    findings.assert_none("replan", scenarios() as usize);
}

#[test]
fn replan_agrees_with_brute_force_on_random_scenarios_without_optional_tasks() {
    run_replan(super::gen::REQUIRED_ONLY);
}

/// On main (b0f7b48), 66 of 500 fail, all on "baseline kept": where the baseline
/// leaves an optional task out, main's "baseline kept" adds it (and lists
/// "t1: none -> B" under changes while counting 0 changes).
#[test]
fn replan_agrees_with_brute_force_on_random_scenarios_with_optional_tasks() {
    run_replan(super::gen::ALL);
}
