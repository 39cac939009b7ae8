//! Brute force from docs/MODEL.md: every lead pattern is enumerated, checked
//! against constraints 1-6 one by one, and scored with the objective's four
//! terms (its payment split solved exactly by `money`). The best-effort mode
//! is MODEL.md's lead shortfall ("Repair terms"), read as the README states
//! its purpose: cover as much of the agenda as possible (a required task with
//! `k` of its `L` leads counts `k/L`), then score best.

use super::money::{Bill, Split};
use super::scenario::Scn;

/// Lead countries (sorted indices) per task.
pub type Pattern = Vec<Vec<usize>>;

pub const TOL: f64 = 1e-6;

pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOL * (1.0 + a.abs().max(b.abs()))
}

/// Whether required tasks may run short of leads (the best-effort model).
#[derive(Clone, Copy, PartialEq)]
pub enum Mode {
    Exact,
    Shortfall,
}

/// Why a pattern is not a plan, or its objective.
pub fn evaluate(scn: &Scn, pat: &Pattern, mode: Mode) -> Result<f64, String> {
    check_leads(scn, pat, mode)?;
    check_countries(scn, pat)?;
    objective(scn, pat)
}

fn check_leads(scn: &Scn, pat: &Pattern, mode: Mode) -> Result<(), String> {
    for (t, task) in scn.tasks.iter().enumerate() {
        let k = pat[t].len();
        let count_ok = k == task.leads
            || (k == 0 && task.optional)
            || (mode == Mode::Shortfall && !task.optional && k < task.leads);
        if !count_ok {
            return Err(format!("{} has {k} of {} leads", task.id, task.leads));
        }
        for i in 0..scn.countries.len() {
            let leads = pat[t].contains(&i);
            if leads && !scn.allowed(i, t) {
                return Err(format!("{} may not lead {}", i, task.id));
            }
            if !leads && scn.must_lead(i, t) {
                return Err(format!("{} is pinned to lead {}", i, task.id));
            }
        }
    }
    Ok(())
}

fn check_countries(scn: &Scn, pat: &Pattern) -> Result<(), String> {
    for i in 0..scn.countries.len() {
        let led: Vec<usize> = (0..scn.tasks.len())
            .filter(|t| pat[*t].contains(&i))
            .collect();
        let effort: f64 = led.iter().map(|t| scn.tasks[*t].effort[i]).sum();
        if effort > scn.countries[i].capacity + 1e-9 {
            return Err(format!("country {i} over capacity"));
        }
        if led.len() < scn.lo(i) || scn.hi(i).is_some_and(|h| led.len() > h) {
            return Err(format!("country {i} leads {} tasks", led.len()));
        }
        if let Some(h) = scn.policy.max_per_domain {
            for d in 0..2 {
                if led.iter().filter(|t| scn.tasks[**t].domain == d).count() > h {
                    return Err(format!("country {i} over the domain limit"));
                }
            }
        }
    }
    Ok(())
}

/// `C_t`: the mean of the leads' costs over `L_t` (short tasks included).
pub fn realised_cost(scn: &Scn, pat: &Pattern, t: usize) -> f64 {
    let task = &scn.tasks[t];
    pat[t].iter().map(|i| task.cost[*i]).sum::<f64>() / task.leads as f64
}

fn objective(scn: &Scn, pat: &Pattern) -> Result<f64, String> {
    let w = scn.policy.weights;
    let v = terms(scn, pat)?;
    Ok(w[0] * v[0] - w[1] * v[1] - w[2] * v[2] - w[3] * v[3])
}

/// The objective's four unweighted terms: fit, cost, sensitivity, fairness
/// (the least deviation any feasible split reaches).
pub fn terms(scn: &Scn, pat: &Pattern) -> Result<[f64; 4], String> {
    let (mut fit, mut cost, mut sens) = (0.0, 0.0, 0.0);
    for (t, task) in scn.tasks.iter().enumerate() {
        for &i in &pat[t] {
            fit += task.importance * scn.fit(i, t) / task.leads as f64;
            sens += task.importance * scn.excess(i, t);
        }
        cost += realised_cost(scn, pat, t);
    }
    let deviation = if scn.has_money() {
        least_deviation(scn, pat).ok_or("no payment split meets the budgets")?
    } else {
        0.0
    };
    Ok([fit, cost, sens, deviation])
}

fn least_deviation(scn: &Scn, pat: &Pattern) -> Option<f64> {
    let everyone: Vec<usize> = (0..scn.countries.len()).collect();
    let bills: Vec<Bill> = (0..scn.tasks.len())
        .filter(|t| !pat[*t].is_empty())
        .map(|t| Bill {
            cost: realised_cost(scn, pat, t),
            leads: pat[t].clone(),
            payers: if scn.policy.funding_all {
                everyone.clone()
            } else {
                pat[t].clone()
            },
        })
        .collect();
    let budgets: Vec<Option<f64>> = scn.countries.iter().map(|c| c.budget).collect();
    let shares = scn.fair_shares();
    let split = Split {
        budgets: &budgets,
        shares: &shares,
        min_share: scn.policy.min_share,
    };
    split.least_deviation(&bills)
}

/// Share of the required agenda covered: `Σ_{t required} |P_t| / L_t`.
pub fn coverage(scn: &Scn, pat: &Pattern) -> f64 {
    scn.tasks
        .iter()
        .enumerate()
        .filter(|(_, task)| !task.optional)
        .map(|(t, task)| pat[t].len() as f64 / task.leads as f64)
        .sum()
}

/// Every subset of `0..n` (as sorted lists) of size `lo..=hi`.
fn subsets(n: usize, lo: usize, hi: usize) -> Vec<Vec<usize>> {
    (0..1usize << n)
        .map(|m| (0..n).filter(|i| m >> i & 1 == 1).collect::<Vec<usize>>())
        .filter(|s| (lo..=hi).contains(&s.len()))
        .collect()
}

fn candidates(scn: &Scn, t: usize, mode: Mode) -> Vec<Vec<usize>> {
    let task = &scn.tasks[t];
    let n = scn.countries.len();
    let mut sets = subsets(n, task.leads, task.leads);
    if task.optional {
        sets.push(Vec::new());
    } else if mode == Mode::Shortfall {
        sets = subsets(n, 0, task.leads);
    }
    sets
}

/// Every plan (pattern and objective) under `mode`.
pub fn plans(scn: &Scn, mode: Mode) -> Vec<(Pattern, f64)> {
    let options: Vec<Vec<Vec<usize>>> = (0..scn.tasks.len())
        .map(|t| candidates(scn, t, mode))
        .collect();
    let mut out = Vec::new();
    let mut pat: Pattern = Vec::new();
    walk(scn, mode, &options, &mut pat, &mut out);
    out
}

fn walk(
    scn: &Scn,
    mode: Mode,
    options: &[Vec<Vec<usize>>],
    pat: &mut Pattern,
    out: &mut Vec<(Pattern, f64)>,
) {
    let t = pat.len();
    if t == options.len() {
        if let Ok(v) = evaluate(scn, pat, mode) {
            out.push((pat.clone(), v));
        }
        return;
    }
    for set in &options[t] {
        if set.iter().all(|i| scn.allowed(*i, t)) {
            pat.push(set.clone());
            if within_capacity(scn, pat) {
                walk(scn, mode, options, pat, out);
            }
            pat.pop();
        }
    }
}

/// Pruning only: capacity of a partial pattern (evaluate checks it again).
fn within_capacity(scn: &Scn, pat: &Pattern) -> bool {
    (0..scn.countries.len()).all(|i| {
        let used: f64 = (0..pat.len())
            .filter(|t| pat[*t].contains(&i))
            .map(|t| scn.tasks[t].effort[i])
            .sum();
        used <= scn.countries[i].capacity + 1e-9
    })
}

pub fn optimum(scn: &Scn) -> Option<f64> {
    plans(scn, Mode::Exact)
        .into_iter()
        .map(|(_, v)| v)
        .max_by(f64::total_cmp)
}

/// The best-effort optimum: the most coverage, then the best objective.
pub fn best_effort(scn: &Scn) -> Option<(f64, f64)> {
    plans(scn, Mode::Shortfall)
        .into_iter()
        .map(|(p, v)| (coverage(scn, &p), v))
        .max_by(|a, b| {
            let by_cover = if close(a.0, b.0) {
                std::cmp::Ordering::Equal
            } else {
                a.0.total_cmp(&b.0)
            };
            by_cover.then(a.1.total_cmp(&b.1))
        })
}
