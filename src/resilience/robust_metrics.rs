//! The robustness metrics of `robust`: future weights, satisficing thresholds,
//! and a plan's worst, mean, largest regret and satisfied share, side by side.
//!
//! Under a feasible share `P` a plan commits to a set `K` of futures of weight at
//! least `P` and is judged there; the others are given up. For a given plan the
//! set is the one its goal favours ([`committed`]): the best-scoring futures
//! (worst), the least-regret ones (regret), every future where it is feasible
//! (mean, satisficing); this is exactly what the robust model optimises over.

use serde::Serialize;

use crate::error::Error;
use crate::fmt::round;
use crate::scenario::Scenario;

/// One future: a label (its file) and its scenario.
#[derive(Clone, Debug)]
pub struct Future {
    /// How reports name it (the file as given).
    pub label: String,
    /// The scenario.
    pub scenario: Scenario,
}
pub use crate::model::robust::RobustGoal;

/// What counts as satisfied in a future.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Threshold {
    /// The objective reaches this number.
    Absolute(f64),
    /// The objective reaches this fraction of the future's own optimum
    /// (`O*_k − (1 − F)|O*_k|`, so also for a negative optimum).
    Share(f64),
}

/// The goal and its options.
#[derive(Clone, Debug, PartialEq)]
pub struct RobustOptions {
    /// What the chosen plan maximises.
    pub goal: RobustGoal,
    /// Weights as given on the command line (one per future, the base first).
    pub weights: Option<Vec<f64>>,
    /// Satisficing threshold.
    pub threshold: Option<Threshold>,
    /// The least weighted share of futures the plan must be feasible in.
    pub feasible_share: Option<f64>,
}

impl RobustOptions {
    /// Only the goal: every future counts equally and must be feasible.
    pub fn goal(goal: RobustGoal) -> Self {
        RobustOptions {
            goal,
            weights: None,
            threshold: None,
            feasible_share: None,
        }
    }
}

/// One plan under every metric.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MetricRow {
    /// The goal that chose this plan.
    pub goal: String,
    /// `planned`, `infeasible` or `time_limit`.
    pub status: String,
    /// Futures where the plan is feasible.
    pub feasible_in: usize,
    /// Futures outside the set the plan commits to (by name).
    pub given_up: Vec<String>,
    /// Lowest objective over the committed futures.
    pub worst: Option<f64>,
    /// Weighted mean objective over the committed futures.
    pub mean: Option<f64>,
    /// Largest regret over the committed futures.
    pub max_regret: Option<f64>,
    /// Weighted share of all futures where the plan is feasible and reaches the threshold.
    pub satisfied_share: Option<f64>,
    /// Number of leads `(country, task)` in which this plan differs from the chosen one.
    pub leads_differing_from_chosen: Option<usize>,
}

/// Normalised weights: `--weights` if given, else each future's `weight` (default 1).
pub fn resolve_weights(futures: &[Future], given: Option<&[f64]>) -> Result<Vec<f64>, Error> {
    let raw: Vec<f64> = match given {
        Some(w) if w.len() != futures.len() => {
            return Err(Error::Usage(format!(
                "--weights has {} but there are {} futures (the base scenario first, then each --futures file in order): give one weight per future",
                crate::fmt::plural(w.len(), "number", "numbers"),
                futures.len()
            )))
        }
        Some(w) => w.to_vec(),
        None => futures.iter().map(|f| f.scenario.weight.unwrap_or(1.0)).collect(),
    };
    if let Some((k, w)) = raw
        .iter()
        .enumerate()
        .find(|(_, w)| !w.is_finite() || **w < 0.0)
    {
        return Err(Error::Usage(format!(
            "{}: weight {w} is not a non-negative number: give each future a weight >= 0",
            futures[k].label
        )));
    }
    let total: f64 = raw.iter().sum();
    if total <= 0.0 {
        return Err(Error::Usage(
            "every future has weight 0: give at least one future a positive weight".into(),
        ));
    }
    Ok(raw.iter().map(|w| w / total).collect())
}

/// Each future's threshold; unreachable (infinite) where a share is asked and
/// the future has no plan.
pub fn thresholds(t: Threshold, optima: &[Option<f64>]) -> Vec<f64> {
    optima
        .iter()
        .map(|o| match t {
            Threshold::Absolute(x) => x,
            Threshold::Share(f) => o.map_or(f64::INFINITY, |o| o - (1.0 - f) * o.abs()),
        })
        .collect()
}

/// Relative slack when comparing an objective with a threshold.
fn reaches(score: f64, theta: f64) -> bool {
    score >= theta - 1e-9 * theta.abs().max(1.0)
}

/// The futures a plan commits to under `goal` (indices), or `None` when it
/// cannot commit to enough of them.
pub fn committed(
    goal: RobustGoal,
    scores: &[Option<f64>],
    optima: &[Option<f64>],
    weights: &[f64],
    share: Option<f64>,
) -> Option<Vec<usize>> {
    let feasible: Vec<usize> = (0..scores.len()).filter(|&k| scores[k].is_some()).collect();
    let Some(p) = share else {
        return (feasible.len() == scores.len()).then_some(feasible);
    };
    let mut order = feasible;
    let regret = |k: usize| optima[k].map_or(f64::INFINITY, |o| o - scores[k].unwrap_or(0.0));
    match goal {
        RobustGoal::Worst => {
            order.sort_by(|a, b| scores[*b].unwrap().total_cmp(&scores[*a].unwrap()))
        }
        RobustGoal::Regret => order.sort_by(|a, b| regret(*a).total_cmp(&regret(*b))),
        RobustGoal::Mean | RobustGoal::Satisficing => {}
    }
    let mut kept = Vec::new();
    let mut w = 0.0;
    for k in order {
        let whole = matches!(goal, RobustGoal::Mean | RobustGoal::Satisficing);
        if w >= p - 1e-9 && !whole {
            break;
        }
        w += weights[k];
        kept.push(k);
    }
    (w >= p - 1e-9).then(|| {
        kept.sort_unstable();
        kept
    })
}

/// A plan's figures over the futures it commits to under `goal`.
#[allow(clippy::too_many_arguments)]
pub fn metric_row(
    goal: RobustGoal,
    status: &str,
    futures: &[Future],
    scores: &[Option<f64>],
    optima: &[Option<f64>],
    weights: &[f64],
    thresholds: Option<&[f64]>,
    share: Option<f64>,
) -> MetricRow {
    let kept = committed(goal, scores, optima, weights, share).unwrap_or_default();
    // without a plan (or one that cannot commit to enough futures) nothing is given up: nothing is kept
    let given_up = (0..futures.len())
        .filter(|k| !kept.is_empty() && !kept.contains(k))
        .map(|k| futures[k].label.clone())
        .collect();
    let some = !kept.is_empty();
    let wk: f64 = kept.iter().map(|&k| weights[k]).sum();
    let score = |k: usize| scores[k].unwrap_or(f64::NAN);
    let satisfied = thresholds.map(|th| {
        (0..scores.len())
            .filter(|&k| scores[k].is_some_and(|s| reaches(s, th[k])))
            .map(|k| weights[k])
            .sum::<f64>()
    });
    MetricRow {
        goal: goal.name().into(),
        status: status.into(),
        feasible_in: scores.iter().filter(|s| s.is_some()).count(),
        given_up,
        worst: some.then(|| round(kept.iter().map(|&k| score(k)).fold(f64::INFINITY, f64::min))),
        mean: some.then(|| round(kept.iter().map(|&k| weights[k] * score(k)).sum::<f64>() / wk)),
        max_regret: some.then(|| {
            round(
                kept.iter()
                    .map(|&k| optima[k].map_or(f64::NAN, |o| o - score(k)))
                    .fold(f64::NEG_INFINITY, f64::max),
            )
        }),
        satisfied_share: satisfied.map(round),
        leads_differing_from_chosen: None,
    }
}
