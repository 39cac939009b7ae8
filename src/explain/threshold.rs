//! What would it take: how far the runner-up must rise to take a lead, in two
//! readings, each applied as stated and re-solved before it is reported.
//!
//! **Fit.** Raising country j's fit for task t by δ raises the objective of every
//! plan in which j leads t by `c·δ`, with `c = fit weight × importance / leads`,
//! and leaves every other plan unchanged. The best plan with j leading t scores
//! the optimum minus the runner-up's loss Δ (an exact re-solve in
//! [`crate::explain`]), so j takes the lead once `δ > Δ / c`. The threshold is
//! computed in closed form and checked by two re-solves, just below and just
//! above it (relative tolerance [`TOLERANCE`]); if the check fails (a time limit
//! made Δ inexact) it is found by bisection with re-solves. The value reported
//! is rounded up to four decimals and j is confirmed to lead at exactly that
//! fit (a fit override, `task.fit = { j = ... }`); above 1 no capability score
//! can reach it.
//!
//! **Capability.** Scaling j's scores on t's requirement dimensions by k (each
//! capped at 1) changes its fit for every task that shares a dimension, so the
//! fit threshold does not translate into a capability factor. The factor is
//! searched by re-solves with exactly that edit, rounded up to two decimals and
//! confirmed; when even every such score at 1 does not hand j the lead, or the
//! fit is an override, no factor is reported and the reason is given.

use rayon::prelude::*;
use serde::Serialize;

use super::Explanation;
use crate::error::Error;
use crate::fmt::round;
use crate::optimize::{solve, Outcome};
use crate::options::SolveOptions;
use crate::scenario::Scenario;

/// Relative tolerance of the check and of the bisection.
pub const TOLERANCE: f64 = 1e-4;

/// Bisection gives up when the fit needed exceeds the current fit by this factor
/// (or, for a zero fit, this many fit points).
const SEARCH_LIMIT: f64 = 1e6;

/// The capability search stops when its bracket is this narrow.
const FACTOR_STEP: f64 = 0.005;

/// What the runner-up needs for one task.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Threshold {
    /// Task id.
    pub task: String,
    /// Runner-up country id (null when no other country can lead it).
    pub runner_up: Option<String>,
    /// The runner-up's fit now.
    pub fit: Option<f64>,
    /// A fit (override) at which the runner-up takes the lead, confirmed by a
    /// re-solve (null when no fit suffices).
    pub fit_needed: Option<f64>,
    /// A factor on the runner-up's scores on this task's requirement dimensions
    /// (each capped at 1) at which it takes the lead, confirmed by a re-solve
    /// with exactly that edit; null when capabilities alone cannot do it.
    pub factor: Option<f64>,
    /// Other tasks whose fit for the runner-up changes with that factor (shared dimensions).
    pub also_changes: Vec<String>,
    /// Why no capability factor is given, when none is.
    pub capability_note: Option<String>,
    /// How the fit was found: `closed_form` (verified by re-solves) or `bisection`.
    pub method: Option<String>,
}

/// For each task of the plan `e` explains, what the runner-up needs to take the lead.
pub fn what_would_it_take(
    s: &Scenario,
    e: &Explanation,
    opts: &SolveOptions,
) -> Result<Vec<Threshold>, Error> {
    let per_task: Vec<Result<Threshold, Error>> = (0..s.tasks.len())
        .into_par_iter()
        .map(|t| one(s, e, t, opts))
        .collect();
    per_task.into_iter().collect()
}

fn one(s: &Scenario, e: &Explanation, t: usize, opts: &SolveOptions) -> Result<Threshold, Error> {
    let ru = &e.runner_ups[t];
    let j = ru.country.as_deref().and_then(|id| s.country_index(id));
    pair(s, t, j, ru.objective_loss, opts)
}

/// What it would take for country `j` to lead task `t`, where forcing it to
/// lead costs the plan `loss` (the optimum minus the best plan with `j`
/// leading `t`, an exact re-solve): the same readings, checks and rounding
/// as for the runner-up (`runner_up` then names `j`).
pub fn for_country(
    s: &Scenario,
    t: usize,
    j: usize,
    loss: f64,
    opts: &SolveOptions,
) -> Result<Threshold, Error> {
    pair(s, t, Some(j), Some(loss), opts)
}

fn pair(
    s: &Scenario,
    t: usize,
    j: Option<usize>,
    loss: Option<f64>,
    opts: &SolveOptions,
) -> Result<Threshold, Error> {
    let task = &s.tasks[t];
    let mut out = Threshold {
        task: task.id.clone(),
        runner_up: j.map(|j| s.countries[j].id.clone()),
        fit: None,
        fit_needed: None,
        factor: None,
        also_changes: Vec::new(),
        capability_note: None,
        method: None,
    };
    let (Some(j), Some(loss)) = (j, loss) else {
        return Ok(out);
    };
    let f = task.fit[j];
    out.fit = Some(round(f));
    let c = s.policy.weights.fit * task.importance / task.leads as f64;
    if c <= 0.0 {
        out.capability_note = Some("fit carries no weight in the objective".into());
        return Ok(out);
    }
    let guess = f + loss / c;
    let raw = if verify(s, t, j, f, guess, opts)? {
        out.method = Some("closed_form".into());
        Some(guess + step(guess))
    } else {
        out.method = Some("bisection".into());
        bisect(s, t, j, f, opts)?
    };
    out.fit_needed = match raw {
        Some(x) => confirmed_fit(s, t, j, x, opts)?,
        None => None,
    };
    if out.fit_needed.is_some() {
        capability_reading(s, t, j, opts, &mut out)?;
    }
    Ok(out)
}

/// `x` rounded up to four decimals if j leads at that fit; else, the first of a
/// few larger four-decimal values at which it does.
fn confirmed_fit(
    s: &Scenario,
    t: usize,
    j: usize,
    x: f64,
    opts: &SolveOptions,
) -> Result<Option<f64>, Error> {
    let mut v = (x * 1e4).ceil() / 1e4;
    for _ in 0..4 {
        if leads_at(s, t, j, v, opts)? {
            return Ok(Some(v));
        }
        v = ((v + step(v)) * 1e4).ceil() / 1e4;
    }
    Ok(None)
}

/// Whether `j` leads task `t` in the optimum of `s` with `fit[t][j] = fit`.
pub fn leads_at(
    s: &Scenario,
    t: usize,
    j: usize,
    fit: f64,
    opts: &SolveOptions,
) -> Result<bool, Error> {
    let mut s2 = s.clone();
    s2.tasks[t].fit[j] = fit;
    s2.tasks[t].fit_overridden[j] = true;
    leads(&s2, t, j, opts)
}

fn leads(s: &Scenario, t: usize, j: usize, opts: &SolveOptions) -> Result<bool, Error> {
    Ok(match solve(s, opts)? {
        Outcome::Planned(p) => p.leads_task(j, t),
        _ => false,
    })
}

fn step(x: f64) -> f64 {
    TOLERANCE * x.abs().max(1.0)
}

fn verify(
    s: &Scenario,
    t: usize,
    j: usize,
    f: f64,
    guess: f64,
    opts: &SolveOptions,
) -> Result<bool, Error> {
    let below = guess - step(guess);
    let below_ok = below < f || !leads_at(s, t, j, below, opts)?;
    Ok(below_ok && leads_at(s, t, j, guess + step(guess), opts)?)
}

/// Smallest fit (to [`TOLERANCE`]) at which `j` leads `t`, by bisection.
pub fn bisect(
    s: &Scenario,
    t: usize,
    j: usize,
    f: f64,
    opts: &SolveOptions,
) -> Result<Option<f64>, Error> {
    let mut lo = f;
    let mut hi = f.max(1.0) * 2.0;
    while !leads_at(s, t, j, hi, opts)? {
        lo = hi;
        hi *= 2.0;
        if hi > SEARCH_LIMIT * f.max(1.0) {
            return Ok(None);
        }
    }
    while hi - lo > step(hi) {
        let mid = 0.5 * (lo + hi);
        if leads_at(s, t, j, mid, opts)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(Some(hi))
}

/// `s` with country j's scores on task t's requirement dimensions multiplied by
/// `k`, each capped at 1, and every derived fit recomputed.
pub fn with_capabilities_scaled(s: &Scenario, t: usize, j: usize, k: f64) -> Scenario {
    let mut s2 = s.clone();
    for (d, w) in &s.tasks[t].requirements {
        if *w > 0.0 {
            if let Some(v) = s2.countries[j].capability.get_mut(d) {
                *v = (*v * k).min(1.0);
            }
        }
    }
    s2.recompute_fit();
    s2
}

/// Fills `factor` and `also_changes`, or `capability_note` when no factor works.
fn capability_reading(
    s: &Scenario,
    t: usize,
    j: usize,
    opts: &SolveOptions,
    out: &mut Threshold,
) -> Result<(), Error> {
    let task = &s.tasks[t];
    if task.fit_overridden[j] {
        out.capability_note = Some("the fit is set by an override, not by capabilities".into());
        return Ok(());
    }
    let score = |d: &String| s.countries[j].capability.get(d).copied().unwrap_or(0.0);
    let dims = (task.requirements.iter()).filter(|(_, w)| **w > 0.0);
    let scores: Vec<f64> = dims
        .clone()
        .map(|(d, _)| score(d))
        .filter(|v| *v > 0.0)
        .collect();
    // A factor cannot raise a score of 0 (or a missing one): say so rather than
    // claim that raising the scores "even to 1" fails.
    let zero: Vec<&str> = dims
        .filter(|(d, _)| score(d) <= 0.0)
        .map(|(d, _)| d.as_str())
        .collect();
    let k_max = scores.iter().map(|v| 1.0 / v).fold(1.0, f64::max);
    if k_max <= 1.0 || !leads(&with_capabilities_scaled(s, t, j, k_max), t, j, opts)? {
        out.capability_note = Some(if zero.is_empty() {
            "raising its scores on this task's dimensions, even to 1, does not hand it the lead"
                .into()
        } else {
            format!(
                "no factor on its scores hands it the lead (each capped at 1); its score on {} \
                 is 0 or missing, which no factor raises",
                zero.join(", ")
            )
        });
        return Ok(());
    }
    let (mut lo, mut hi) = (1.0, k_max);
    while hi - lo > FACTOR_STEP {
        let mid = 0.5 * (lo + hi);
        if leads(&with_capabilities_scaled(s, t, j, mid), t, j, opts)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let mut k = (hi * 100.0).ceil() / 100.0;
    if k < k_max && !leads(&with_capabilities_scaled(s, t, j, k), t, j, opts)? {
        k = (k_max * 100.0).ceil() / 100.0; // every score capped: confirmed above
    }
    out.factor = Some(k);
    out.also_changes = changed_tasks(s, &with_capabilities_scaled(s, t, j, k), t, j);
    Ok(())
}

/// Other tasks whose fit for j differs once j's scores are scaled (`scaled`).
fn changed_tasks(s: &Scenario, scaled: &Scenario, t: usize, j: usize) -> Vec<String> {
    (s.tasks.iter().zip(&scaled.tasks).enumerate())
        .filter(|(u, (a, b))| *u != t && a.fit[j] != b.fit[j])
        .map(|(_, (a, _))| a.id.clone())
        .collect()
}
