//! What would it take: how far the runner-up's fit must rise to take a lead.
//!
//! Raising country j's fit for task t by δ raises the objective of every plan in
//! which j leads t by `c·δ`, with `c = fit weight × importance / leads`, and
//! leaves every other plan unchanged. The best plan with j leading t scores the
//! optimum minus the runner-up's loss Δ (an exact re-solve in
//! [`crate::explain`]), so j takes the lead once `δ > Δ / c`. That threshold is
//! computed in closed form and then checked by two re-solves, just below and
//! just above it (relative tolerance [`TOLERANCE`]); if the check fails (for
//! instance when a time limit made Δ inexact) the threshold is found by
//! bisection on the fit with re-solves instead. The fit is the requirement-weighted
//! mean of capability scores, so scaling the fit by k is scaling the runner-up's
//! capability on this task's requirements by k.

use rayon::prelude::*;
use serde::Serialize;

use crate::error::Error;
use crate::explain::Explanation;
use crate::optimize::{solve, Outcome};
use crate::fmt::round;
use crate::scenario::Scenario;
use crate::solve::SolveOptions;

/// Relative tolerance of the check and of the bisection.
pub const TOLERANCE: f64 = 1e-4;

/// Bisection gives up when the fit needed exceeds the current fit by this factor
/// (or, for a zero fit, this many fit points).
const SEARCH_LIMIT: f64 = 1e6;

/// The runner-up's fit needed for one task.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Threshold {
    /// Task id.
    pub task: String,
    /// Runner-up country id (null when no other country can lead it).
    pub runner_up: Option<String>,
    /// The runner-up's fit now.
    pub fit: Option<f64>,
    /// The fit above which the runner-up takes the lead (null when no fit suffices).
    pub fit_needed: Option<f64>,
    /// `fit_needed / fit` (null when the fit is 0 or none suffices).
    pub factor: Option<f64>,
    /// `closed_form` (verified by re-solves) or `bisection`.
    pub method: Option<String>,
}

/// For each task of the plan `e` explains, the runner-up's fit needed to take the lead.
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
    let task = &s.tasks[t];
    let ru = &e.runner_ups[t];
    let j = ru.country.as_deref().and_then(|id| s.country_index(id));
    let mut out = Threshold {
        task: task.id.clone(),
        runner_up: ru.country.clone(),
        fit: None,
        fit_needed: None,
        factor: None,
        method: None,
    };
    let (Some(j), Some(loss)) = (j, ru.objective_loss) else {
        return Ok(out);
    };
    let f = task.fit[j];
    out.fit = Some(round(f));
    let c = s.policy.weights.fit * task.importance / task.leads as f64;
    let needed = if c > 0.0 {
        let guess = f + loss / c;
        if verify(s, t, j, f, guess, opts)? {
            out.method = Some("closed_form".into());
            Some(guess)
        } else {
            out.method = Some("bisection".into());
            bisect(s, t, j, f, opts)?
        }
    } else {
        None
    };
    out.fit_needed = needed.map(round);
    out.factor = needed.filter(|_| f > 0.0).map(|n| round(n / f));
    Ok(out)
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
    Ok(match solve(&s2, opts)? {
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
