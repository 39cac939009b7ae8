//! `robust`: the plan is feasible in every future and its worst (or mean)
//! objective is brute force's best over all such plans; each future's own
//! optimum, and the base optimum's score in each future, are checked too.

use super::brute::{close, evaluate, optimum, plans, Mode, Pattern};
use super::cli::{leadplan, num, pattern, write, Findings, Run};
use super::gen::{scenario, Features, Rng};
use super::scenario::{Pin, Scn};
use super::scenarios;
use serde_json::Value;

/// Whether a future may pin a lead onto a pair its sensitivity rule bans
/// (MODEL.md: then no plan exists in that future).
#[derive(Clone, Copy)]
pub enum PinOnBan {
    Never,
    Sometimes,
}

/// A future: the same countries and tasks, other numbers, perhaps a new pin.
fn future(base: &Scn, rng: &mut Rng, pin_on_ban: PinOnBan) -> Scn {
    let mut s = base.clone();
    for c in &mut s.countries {
        c.capacity *= rng.pick(&[0.75, 1.0, 1.0, 1.5]);
        c.budget = c.budget.map(|b| b * rng.pick(&[0.5, 1.0, 2.0]));
        c.tolerance = rng.pick(&[c.tolerance, c.tolerance, Some(0.3), Some(0.9)]);
        for a in &mut c.scores {
            *a = rng.pick(&[*a, *a, 0.5, 1.0]);
        }
    }
    for t in &mut s.tasks {
        let factor = rng.pick(&[1.0, 1.0, 2.0]);
        t.cost.iter_mut().for_each(|c| *c *= factor);
    }
    s.policy.weights[1] = rng.pick(&[s.policy.weights[1], 0.0, 0.05]);
    let (country, task) = (rng.below(s.countries.len()), rng.below(s.tasks.len()));
    let lead = rng.chance(0.4);
    let pinned = s
        .policy
        .pins
        .iter()
        .any(|p| p.country == country && p.task == task);
    let conflict = lead && !s.allowed(country, task);
    let skip_conflict = conflict && matches!(pin_on_ban, PinOnBan::Never);
    if rng.chance(0.4) && !pinned && !skip_conflict {
        s.policy.pins.push(Pin {
            country,
            task,
            lead,
        });
    }
    if matches!(pin_on_ban, PinOnBan::Never) {
        // A lower tolerance may ban a pair the base pinned to lead: drop that pin.
        let pins = std::mem::take(&mut s.policy.pins);
        s.policy.pins = pins
            .into_iter()
            .filter(|p| !p.lead || s.allowed(p.country, p.task))
            .collect();
    }
    s
}

/// Objectives of a pattern in every future, or `None` where it is infeasible.
fn scores(futures: &[Scn], pat: &Pattern) -> Vec<Option<f64>> {
    futures
        .iter()
        .map(|f| evaluate(f, pat, Mode::Exact).ok())
        .collect()
}

fn goal_value(v: &[f64], mean: bool) -> f64 {
    if mean {
        v.iter().sum::<f64>() / v.len() as f64
    } else {
        v.iter().copied().fold(f64::INFINITY, f64::min)
    }
}

pub fn check_robust(futures: &[Scn], mean: bool, out: &Run) -> Result<(), String> {
    let base = &futures[0];
    let best = plans(base, Mode::Exact)
        .into_iter()
        .filter_map(|(p, _)| {
            scores(futures, &p)
                .into_iter()
                .collect::<Option<Vec<f64>>>()
        })
        .map(|v| goal_value(&v, mean))
        .max_by(f64::total_cmp);
    let status = out.json["status"].as_str().unwrap_or("?");
    let Some(best) = best else {
        let base_feasible = optimum(base).is_some();
        return match (out.code, status) {
            // no plan to start from: `{"scenario", "status", "message"}`, no report
            (1, "infeasible") if !base_feasible && out.json["futures"].is_null() => Ok(()),
            (1, "infeasible") => check_rows_without_plan(futures, out),
            (1, _) if !base_feasible => Ok(()),
            _ => Err(format!(
                "no plan is feasible in every future; exit {} status {status}",
                out.code
            )),
        };
    };
    if out.code != 0 || status != "planned" {
        return Err(format!(
            "brute force {best}; exit {} status {status} {}",
            out.code, out.stderr
        ));
    }
    let pat = pattern(base, &out.json["leads"]);
    let got: Vec<f64> = scores(futures, &pat)
        .into_iter()
        .collect::<Option<_>>()
        .ok_or(format!("robust plan {pat:?} is infeasible in some future"))?;
    let key = if mean { "mean" } else { "worst" };
    let printed = num(&out.json["robust"][key]).unwrap_or(f64::NAN);
    if !close(goal_value(&got, mean), best) || !close(printed, best) {
        return Err(format!(
            "robust {key} printed {printed}, plan scores {got:?}; brute force {best}"
        ));
    }
    check_futures(futures, &pat, out)
}

/// No robust plan: each future's own optimum is still right, and the base
/// optimum is scored nowhere a future has no plan at all.
fn check_rows_without_plan(futures: &[Scn], out: &Run) -> Result<(), String> {
    let rows = out.json["futures"].as_array().ok_or("no futures listed")?;
    for (k, (f, row)) in futures.iter().zip(rows).enumerate() {
        let own = optimum(f);
        let printed = num(&row["optimum"]);
        if own.is_some() != printed.is_some() || own.zip(printed).is_some_and(|(a, b)| !close(a, b))
        {
            return Err(format!(
                "future {k}: optimum printed {printed:?}, brute force {own:?}"
            ));
        }
        if own.is_none() && !row["baseline"].is_null() {
            return Err(format!(
                "future {k} has no plan at all, yet the baseline scores {} there (feasible in {})",
                row["baseline"], out.json["baseline"]["feasible_in"]
            ));
        }
    }
    Ok(())
}

/// The baseline: the robust leads with `changes_from_baseline` undone.
fn baseline(base: &Scn, pat: &Pattern, changes: &Value) -> Pattern {
    let mut b = pat.clone();
    for ch in changes.as_array().unwrap() {
        let t = base
            .tasks
            .iter()
            .position(|t| ch["task"] == t.id.as_str())
            .unwrap();
        let one = serde_json::json!([{"task": ch["task"], "leads": ch["from"]}]);
        let mut single = base.clone();
        single.tasks = vec![base.tasks[t].clone()];
        b[t] = pattern(&single, &one).remove(0);
    }
    b
}

fn check_futures(futures: &[Scn], pat: &Pattern, out: &Run) -> Result<(), String> {
    let base_pat = baseline(&futures[0], pat, &out.json["changes_from_baseline"]);
    let opt = optimum(&futures[0]).unwrap();
    if !evaluate(&futures[0], &base_pat, Mode::Exact).is_ok_and(|v| close(v, opt)) {
        return Err(format!(
            "baseline {base_pat:?} is not an optimum ({opt}) of the base"
        ));
    }
    let rows = out.json["futures"].as_array().unwrap();
    for (k, (f, row)) in futures.iter().zip(rows).enumerate() {
        let want = [
            optimum(f),
            evaluate(f, pat, Mode::Exact).ok(),
            evaluate(f, &base_pat, Mode::Exact).ok(),
        ];
        for (name, w) in ["optimum", "robust", "baseline"].iter().zip(want) {
            let g = num(&row[*name]);
            let same = match (g, w) {
                (Some(g), Some(w)) => close(g, w),
                (g, w) => g.is_none() && w.is_none(),
            };
            if !same {
                return Err(format!(
                    "future {k}: {name} printed {g:?}, brute force {w:?} (baseline {base_pat:?})"
                ));
            }
        }
    }
    Ok(())
}

pub fn run_robust(features: Features, pin_on_ban: PinOnBan) {
    let dir = tempfile::tempdir().unwrap();
    let mut findings = Findings::default();
    for seed in 0..scenarios() {
        let scn = scenario(seed, features);
        let mut rng = Rng::new(seed ^ 0x40B);
        let n = 1 + rng.below(2);
        let mut futures = vec![scn.clone()];
        futures.extend((0..n).map(|_| future(&scn, &mut rng, pin_on_ban)));
        let files: Vec<String> = futures
            .iter()
            .enumerate()
            .map(|(k, f)| {
                write(dir.path(), &format!("f{k}.toml"), f)
                    .to_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        let mean = rng.chance(0.5);
        let mut args = vec![
            "robust",
            &files[0],
            "--goal",
            if mean { "mean" } else { "worst" },
        ];
        args.push("--futures");
        args.extend(files[1..].iter().map(String::as_str));
        let out = leadplan(&args);
        if let Err(e) = check_robust(&futures, mean, &out) {
            let extra: String = futures[1..]
                .iter()
                .map(|f| format!("--- future ---\n{}", f.to_toml()))
                .collect();
            findings.add(
                seed,
                &scn,
                format!("{}: {e}\n{extra}", args[2..4].join(" ")),
            );
        }
    }
    findings.assert_none("robust", scenarios() as usize);
}

#[test]
fn robust_agrees_with_brute_force_on_random_scenarios() {
    run_robust(super::gen::ALL, PinOnBan::Never);
}

/// On main (b0f7b48), 3 of 500 fail: a future with a `lead = true` pin on a pair its
/// sensitivity rule bans has no plan, yet the base optimum is scored there as
/// feasible: `robust` fixes every lead with `Restrictions.fixes`, which
/// override the ban (`barred` lets the pin decide).
#[test]
fn robust_agrees_with_brute_force_on_random_scenarios_with_pins_on_banned_pairs() {
    run_robust(super::gen::ALL, PinOnBan::Sometimes);
}
