//! `solve`: the optimum equals brute force, the plan meets every constraint
//! (its shares too), and "infeasible" is printed exactly when no plan exists.

use super::brute::{close, evaluate, optimum, plans, realised_cost, terms, Mode, Pattern};
use super::cli::{leadplan, num, pattern, write, Findings};
use super::gen::{scenario, ALL};
use super::scenario::Scn;
use super::scenarios;
use serde_json::Value;

/// Compares one `solve --format json` answer with brute force.
pub fn check_solve(scn: &Scn, out: &super::cli::Run) -> Result<(), String> {
    let best = optimum(scn);
    let status = out.json["status"].as_str().unwrap_or("none");
    let Some(best) = best else {
        return match (out.code, status) {
            (1, "infeasible") => Ok(()),
            _ => Err(format!(
                "brute force finds no plan; exit {} status {status}",
                out.code
            )),
        };
    };
    if out.code != 0 || status != "optimal" {
        return Err(format!(
            "brute optimum {best}; exit {} status {status} {}",
            out.code, out.stderr
        ));
    }
    let got = num(&out.json["objective"]).unwrap_or(f64::NAN);
    if !close(got, best) {
        return Err(format!("objective {got}, brute optimum {best}"));
    }
    let pat = pattern(scn, &out.json["assignments"]);
    match evaluate(scn, &pat, Mode::Exact) {
        Ok(v) if close(v, best) => {
            check_money(scn, &pat, &out.json)?;
            check_terms(scn, &pat, &out.json)?;
            check_runner_ups(scn, &pat, best, &out.json)
        }
        Ok(v) => Err(format!("the plan {pat:?} scores {v}, not {best}")),
        Err(e) => Err(format!("the plan {pat:?} breaks a constraint: {e}")),
    }
}

/// Shares sum to 1, only allowed payers pay, leads carry the minimum share,
/// and each country's payments stay within its budget.
fn check_money(scn: &Scn, pat: &Pattern, json: &Value) -> Result<(), String> {
    let mut paid = vec![0.0; scn.countries.len()];
    for (t, a) in json["assignments"].as_array().unwrap().iter().enumerate() {
        if pat[t].is_empty() {
            continue;
        }
        let cost = realised_cost(scn, pat, t);
        let shares = a["shares"].as_object().unwrap();
        let sum: f64 = shares.values().filter_map(Value::as_f64).sum();
        if (sum - 1.0).abs() > 1e-6 {
            return Err(format!("shares of {} sum to {sum}", a["task"]));
        }
        for (i, c) in scn.countries.iter().enumerate() {
            let s = shares.get(&c.id).and_then(Value::as_f64).unwrap_or(0.0);
            let lead = pat[t].contains(&i);
            if cost > 0.0 && !lead && !scn.policy.funding_all && s > 1e-9 {
                return Err(format!(
                    "{} pays for {} without leading it",
                    c.id, a["task"]
                ));
            }
            if cost > 0.0 && lead && s < scn.policy.min_share - 1e-6 {
                return Err(format!(
                    "{} pays {s} of {}, below the minimum share",
                    c.id, a["task"]
                ));
            }
            paid[i] += s * cost;
        }
    }
    for (i, c) in scn.countries.iter().enumerate() {
        if c.budget.is_some_and(|b| paid[i] > b + 1e-6) {
            return Err(format!("{} pays {} over its budget", c.id, paid[i]));
        }
    }
    Ok(())
}

/// Each printed term is the plan's own, as MODEL.md's objective defines it.
/// Fairness is only compared where the weight is positive: with a zero
/// weight the split need not minimise the deviation.
fn check_terms(scn: &Scn, pat: &Pattern, json: &Value) -> Result<(), String> {
    let want = terms(scn, pat)?;
    let printed = json["objective_terms"].as_array().unwrap();
    for (k, name) in ["fit", "cost", "sensitivity", "fairness"]
        .iter()
        .enumerate()
    {
        let row = printed
            .iter()
            .find(|r| r["term"] == *name)
            .ok_or("a term is missing")?;
        let got = num(&row["value"]).unwrap_or(f64::NAN);
        let weighted = k < 3 || scn.policy.weights[3] > 0.0;
        if weighted && !close(got, want[k]) {
            return Err(format!(
                "term {name} printed {got}, the plan's is {}",
                want[k]
            ));
        }
    }
    Ok(())
}

/// MODEL.md, "Runner-up": for each country `j` not leading `t` and allowed
/// to, the best plan with `x_jt = 1`; the runner-up is the best of those and
/// the loss is the optimum minus its objective (a fix must respect every ban).
fn check_runner_ups(scn: &Scn, pat: &Pattern, best: f64, json: &Value) -> Result<(), String> {
    let all = plans(scn, Mode::Exact);
    for (t, a) in json["assignments"].as_array().unwrap().iter().enumerate() {
        let forced = |j: usize| {
            all.iter()
                .filter(|(p, _)| p[t].contains(&j))
                .map(|(_, v)| *v)
                .max_by(f64::total_cmp)
        };
        let options: Vec<(usize, f64)> = (0..scn.countries.len())
            .filter(|j| !pat[t].contains(j) && scn.allowed(*j, t))
            .filter_map(|j| forced(j).map(|v| (j, v)))
            .collect();
        let top = options.iter().map(|o| o.1).max_by(f64::total_cmp);
        let named = a["runner_up"].as_str();
        let loss = num(&a["runner_up_loss"]);
        let ok = match (top, named, loss) {
            (None, None, None) => true,
            (Some(v), Some(id), Some(l)) => {
                close(l, best - v)
                    && options
                        .iter()
                        .any(|(j, w)| scn.countries[*j].id == id && close(*w, v))
            }
            _ => false,
        };
        if !ok {
            return Err(format!(
                "{}: runner-up {named:?} loss {loss:?}; brute force (country, forced optimum) {options:?}, optimum {best}",
                a["task"]
            ));
        }
    }
    Ok(())
}

#[test]
fn solve_agrees_with_brute_force_on_random_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    let mut findings = Findings::default();
    for seed in 0..scenarios() {
        let scn = scenario(seed, ALL);
        let file = write(dir.path(), "s.toml", &scn);
        let out = leadplan(&["solve", file.to_str().unwrap(), "--explain"]);
        if let Err(e) = check_solve(&scn, &out) {
            findings.add(seed, &scn, e);
        }
    }
    findings.assert_none("solve", scenarios() as usize);
}
