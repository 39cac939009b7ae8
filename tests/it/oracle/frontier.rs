//! Goals beyond the mean: `robust --goal regret|satisficing`, `--feasible-share`, future
//! weights; `pareto`; `alternatives --diverse`, each against brute force over
//! every plan of small random scenarios (the same enumerator as the rest of
//! the oracle, written from docs/MODEL.md alone).

use super::brute::{close, evaluate, optimum, plans, terms, Mode, Pattern};
use super::cli::{leadplan, num, pattern, write, Findings, Run};
use super::gen::{scenario, Rng, ALL};
use super::scenario::Scn;
use serde_json::Value;

/// Random scenarios per check: 40, or 120 with `LEADPLAN_LONG_TESTS=1` (fewer
/// than the other oracle checks: each run solves several MILPs).
fn n() -> u64 {
    crate::size(40, 120)
}

/// Every pattern that is a plan in at least one of `futures`.
fn all_patterns(futures: &[Scn]) -> Vec<Pattern> {
    let mut out: Vec<Pattern> = Vec::new();
    for f in futures {
        for (p, _) in plans(f, Mode::Exact) {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

fn scores(futures: &[Scn], pat: &Pattern) -> Vec<Option<f64>> {
    futures
        .iter()
        .map(|f| evaluate(f, pat, Mode::Exact).ok())
        .collect()
}

/// What a goal scores for one plan, brute force: the best over every set `K`
/// of futures where it is feasible with weight at least `share` (all futures
/// without a share); `None` when no such set exists.
pub struct Goal<'a> {
    pub kind: &'a str,
    pub weights: &'a [f64],
    pub optima: &'a [Option<f64>],
    pub thresholds: &'a [f64],
    pub share: Option<f64>,
}

impl Goal<'_> {
    fn value(&self, sc: &[Option<f64>]) -> Option<f64> {
        let n = sc.len();
        let mut best: Option<f64> = None;
        for mask in 1u32..(1 << n) {
            let k: Vec<usize> = (0..n).filter(|i| mask & (1 << i) != 0).collect();
            if k.iter().any(|&i| sc[i].is_none()) {
                continue;
            }
            let w: f64 = k.iter().map(|&i| self.weights[i]).sum();
            let ok = match self.share {
                None => k.len() == n,
                Some(p) => w >= p - 1e-9,
            };
            if !ok {
                continue;
            }
            let v = self.on(&k, sc);
            best = Some(best.map_or(v, |b: f64| b.max(v)));
        }
        best
    }

    fn on(&self, k: &[usize], sc: &[Option<f64>]) -> f64 {
        let s = |i: usize| sc[i].unwrap();
        match self.kind {
            "worst" => k.iter().map(|&i| s(i)).fold(f64::INFINITY, f64::min),
            "regret" => -k
                .iter()
                .map(|&i| self.optima[i].unwrap() - s(i))
                .fold(f64::NEG_INFINITY, f64::max),
            _ => k
                .iter()
                .filter(|&&i| s(i) >= self.thresholds[i] - 1e-9 * self.thresholds[i].abs().max(1.0))
                .map(|&i| self.weights[i])
                .sum(),
        }
    }
}

fn future(base: &Scn, rng: &mut Rng) -> Scn {
    let mut s = base.clone();
    for c in &mut s.countries {
        c.capacity *= rng.pick(&[0.5, 1.0, 1.0, 1.5]);
        for a in &mut c.scores {
            *a = rng.pick(&[*a, *a, 0.2, 1.0]);
        }
    }
    for t in &mut s.tasks {
        let f = rng.pick(&[1.0, 1.0, 2.0]);
        t.cost.iter_mut().for_each(|c| *c *= f);
    }
    s
}

/// One random check of `robust` with `kind` and perhaps a feasible share.
fn check_goal(
    seed: u64,
    kind: &str,
    with_share: bool,
    dir: &std::path::Path,
) -> Result<(), String> {
    let base = scenario(seed, ALL);
    let mut rng = Rng::new(seed ^ 0xF17);
    let mut futures = vec![base.clone()];
    futures.extend((0..1 + rng.below(2)).map(|_| future(&base, &mut rng)));
    let raw: Vec<f64> = futures.iter().map(|_| rng.pick(&[1.0, 2.0, 3.0])).collect();
    let total: f64 = raw.iter().sum();
    let weights: Vec<f64> = raw.iter().map(|w| w / total).collect();
    let optima: Vec<Option<f64>> = futures.iter().map(optimum).collect();
    let share_f = 0.8;
    let thresholds: Vec<f64> = optima
        .iter()
        .map(|o| o.map_or(f64::INFINITY, |o| o - (1.0 - share_f) * o.abs()))
        .collect();
    let share = with_share.then(|| rng.pick(&[0.5, 0.6, 0.75]));
    let goal = Goal {
        kind,
        weights: &weights,
        optima: &optima,
        thresholds: &thresholds,
        share,
    };
    if optima[0].is_none() {
        return Ok(()); // robust needs a base plan to start from
    }
    let files: Vec<String> = futures
        .iter()
        .enumerate()
        .map(|(k, f)| {
            write(dir, &format!("f{k}.toml"), f)
                .to_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let wtext = raw
        .iter()
        .map(|w| w.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let share_text = share.map(|p| p.to_string());
    let mut args = vec!["robust", &files[0], "--goal", kind, "--weights", &wtext];
    if kind == "satisficing" {
        args.extend(["--threshold-share", "0.8"]);
    }
    if let Some(p) = &share_text {
        args.extend(["--feasible-share", p.as_str()]);
    }
    args.push("--futures");
    args.extend(files[1..].iter().map(String::as_str));
    let out = leadplan(&args);
    let best = all_patterns(&futures)
        .iter()
        .filter_map(|p| goal.value(&scores(&futures, p)))
        .max_by(f64::total_cmp);
    compare(&futures, &goal, best, &out)
}

fn compare(futures: &[Scn], goal: &Goal, best: Option<f64>, out: &Run) -> Result<(), String> {
    let status = out.json["status"].as_str().unwrap_or("?");
    let Some(best) = best else {
        return match (out.code, status) {
            (1, "infeasible") => Ok(()),
            _ => Err(format!(
                "brute force: no plan; exit {} status {status} {}",
                out.code, out.stderr
            )),
        };
    };
    if out.code != 0 || status != "planned" {
        return Err(format!(
            "brute force {best}; exit {} status {status} {}",
            out.code, out.stderr
        ));
    }
    let pat = pattern(&futures[0], &out.json["leads"]);
    let got = goal
        .value(&scores(futures, &pat))
        .ok_or("the chosen plan meets no committed set")?;
    let row = out.json["metrics"]
        .as_array()
        .and_then(|m| m.iter().find(|r| r["goal"] == goal.kind))
        .ok_or("no metrics row for the goal")?;
    let printed = match goal.kind {
        "worst" => num(&row["worst"]),
        "regret" => num(&row["max_regret"]).map(|r| -r),
        _ => num(&row["satisfied_share"]),
    }
    .unwrap_or(f64::NAN);
    if !close(got, best) || !close(printed, best) {
        return Err(format!(
            "{}: brute force {best}, chosen plan {pat:?} scores {got}, printed {printed}",
            goal.kind
        ));
    }
    Ok(())
}

fn run_goal(kind: &str, with_share: bool) {
    let dir = tempfile::tempdir().unwrap();
    let mut findings = Findings::default();
    for seed in 0..n() {
        if let Err(e) = check_goal(seed, kind, with_share, dir.path()) {
            findings.add(seed, &scenario(seed, ALL), e);
        }
    }
    findings.assert_none(&format!("robust --goal {kind}"), n() as usize);
}

#[test]
fn regret_plans_equal_brute_force() {
    run_goal("regret", false);
}

#[test]
fn satisficing_plans_equal_brute_force() {
    run_goal("satisficing", false);
}

#[test]
fn feasible_share_plans_equal_brute_force() {
    run_goal("worst", true);
    run_goal("regret", true);
    run_goal("satisficing", true);
}

/// Brute force's non-dominated set of oriented term vectors (more is better).
fn brute_front(scn: &Scn, objs: &[usize]) -> Vec<Vec<f64>> {
    let mut fairer = scn.clone();
    fairer.policy.weights[3] = 1.0; // fairness: the least deviation over feasible splits
    let sign = [1.0, -1.0, -1.0, -1.0];
    let vals: Vec<Vec<f64>> = plans(scn, Mode::Exact)
        .iter()
        .filter_map(|(p, _)| terms(&fairer, p).ok())
        .map(|t| objs.iter().map(|&k| sign[k] * t[k]).collect())
        .collect();
    let ge = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| *x >= *y - 1e-7);
    let same = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| close(*x, *y));
    let mut front: Vec<Vec<f64>> = Vec::new();
    for v in &vals {
        let dominated = vals.iter().any(|w| ge(w, v) && !same(w, v));
        if !dominated && !front.iter().any(|f| same(f, v)) {
            front.push(v.clone());
        }
    }
    front
}

const TERMS: [&str; 4] = ["fit", "cost", "sensitivity", "fairness"];

fn check_pareto(seed: u64, objs: &[usize], dir: &std::path::Path) -> Result<(), String> {
    let scn = scenario(seed, ALL);
    let file = write(dir, "p.toml", &scn);
    let names: Vec<&str> = objs.iter().map(|&k| TERMS[k]).collect();
    let list = names.join(",");
    let out = leadplan(&["pareto", file.to_str().unwrap(), "--objectives", &list]);
    let want = brute_front(&scn, objs);
    if want.is_empty() {
        return if out.code == 1 {
            Ok(())
        } else {
            Err(format!("no plan; exit {}", out.code))
        };
    }
    let sign = [1.0, -1.0, -1.0, -1.0];
    let points = out.json["points"].as_array().cloned().unwrap_or_default();
    let mut got: Vec<Vec<f64>> = Vec::new();
    for p in &points {
        let pat = pattern(&scn, &p["leads"]);
        let mut fairer = scn.clone();
        fairer.policy.weights[3] = 1.0;
        let t = terms(&fairer, &pat).map_err(|e| format!("a front plan is no plan: {e}"))?;
        let v: Vec<f64> = objs.iter().map(|&k| sign[k] * t[k]).collect();
        let printed: Vec<f64> = p["values"]
            .as_array()
            .unwrap()
            .iter()
            .zip(objs)
            .map(|(x, &k)| sign[k] * x.as_f64().unwrap())
            .collect();
        if !v.iter().zip(&printed).all(|(a, b)| close(*a, *b)) {
            return Err(format!(
                "point {} prints {printed:?}, its plan scores {v:?}",
                p["index"]
            ));
        }
        got.push(v);
    }
    let same = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| close(*x, *y));
    let missing: Vec<&Vec<f64>> = want
        .iter()
        .filter(|w| !got.iter().any(|g| same(g, w)))
        .collect();
    let extra: Vec<&Vec<f64>> = got
        .iter()
        .filter(|g| !want.iter().any(|w| same(g, w)))
        .collect();
    if !missing.is_empty() || !extra.is_empty() || got.len() != want.len() {
        return Err(format!(
            "{list}: missing {missing:?}, extra {extra:?} (brute force {want:?})"
        ));
    }
    Ok(())
}

fn run_pareto(objs: &[usize]) {
    let dir = tempfile::tempdir().unwrap();
    let mut findings = Findings::default();
    for seed in 0..n() {
        if let Err(e) = check_pareto(seed, objs, dir.path()) {
            findings.add(seed, &scenario(seed, ALL), e);
        }
    }
    findings.assert_none("pareto", n() as usize);
}

#[test]
fn two_term_fronts_equal_the_brute_force_non_dominated_set() {
    run_pareto(&[0, 1]);
    run_pareto(&[0, 3]);
}

#[test]
fn three_term_fronts_equal_the_brute_force_non_dominated_set() {
    run_pareto(&[0, 1, 2]);
}

fn pairs(p: &Pattern) -> Vec<(usize, usize)> {
    p.iter()
        .enumerate()
        .flat_map(|(t, s)| s.iter().map(move |&i| (i, t)))
        .collect()
}

fn dist(a: &Pattern, b: &Pattern) -> usize {
    let (a, b) = (pairs(a), pairs(b));
    a.iter().filter(|x| !b.contains(x)).count() + b.iter().filter(|x| !a.contains(x)).count()
}

fn check_diverse(seed: u64, dir: &std::path::Path) -> Result<(), String> {
    let scn = scenario(seed, ALL);
    let Some(best) = optimum(&scn) else {
        return Ok(());
    };
    let within = 0.1 * best.abs().max(1.0);
    let file = write(dir, "d.toml", &scn);
    let w = within.to_string();
    let out = leadplan(&[
        "alternatives",
        file.to_str().unwrap(),
        "--diverse",
        "--within",
        &w,
        "--count",
        "3",
    ]);
    if out.code != 0 {
        return Err(format!("exit {} {}", out.code, out.stderr));
    }
    let near: Vec<Pattern> = plans(&scn, Mode::Exact)
        .into_iter()
        .filter(|(_, v)| *v >= best - within - 1e-7 * best.abs().max(1.0))
        .map(|(p, _)| p)
        .collect();
    let listed: Vec<Value> = out.json["plans"].as_array().cloned().unwrap_or_default();
    let mut found: Vec<Pattern> = Vec::new();
    for p in &listed {
        let pat = pattern(&scn, &p["leads"]);
        let v = evaluate(&scn, &pat, Mode::Exact)?;
        if v < best - within - 1e-7 * best.abs().max(1.0) {
            return Err(format!(
                "plan {} scores {v}, below {best} - {within}",
                p["rank"]
            ));
        }
        if !found.is_empty() {
            let key = |q: &Pattern| {
                let d: Vec<usize> = found.iter().map(|f| dist(f, q)).collect();
                (*d.iter().min().unwrap(), d.iter().sum::<usize>())
            };
            let want = near.iter().map(key).max().unwrap();
            if key(&pat) != want {
                return Err(format!(
                    "plan {} has (min, sum) distance {:?}; brute force {want:?}",
                    p["rank"],
                    key(&pat)
                ));
            }
        }
        found.push(pat);
    }
    let more = near.iter().any(|q| found.iter().all(|f| dist(f, q) > 0));
    if listed.len() < 4 && more {
        return Err(format!(
            "stopped after {} plans though a further plan within {within} exists",
            listed.len()
        ));
    }
    Ok(())
}

#[test]
fn diverse_alternatives_are_within_tolerance_and_maximally_distant() {
    let dir = tempfile::tempdir().unwrap();
    let mut findings = Findings::default();
    for seed in 0..n() {
        if let Err(e) = check_diverse(seed, dir.path()) {
            findings.add(seed, &scenario(seed, ALL), e);
        }
    }
    findings.assert_none("alternatives --diverse", n() as usize);
}
