//! Robust plans: one set of leads chosen for several futures at once.
//!
//! A plan that is optimal today may be infeasible or poor after a change of
//! government. Given futures (scenario files with the same countries and tasks,
//! the base scenario first), the robust plan is feasible in every one and
//! maximises the worst objective (or the mean) in one MILP with shared lead
//! variables ([`crate::model`]'s `robust.rs`). Each plan is then scored in each
//! future by a re-solve with its leads fixed (the money split is re-optimised
//! per future), next to the base scenario's own optimal plan and to each
//! future's own optimum, so the regret of committing early is visible.

use rayon::prelude::*;
use serde::Serialize;

use super::robust_conflict;
pub use super::robust_conflict::Conflict;
pub use super::robust_metrics::Future;
use super::robust_metrics::{self, metric_row, MetricRow, RobustOptions};
use super::{lead_changes, leads_by_id, task_leads, LeadChange, TaskLeads};
use crate::error::Error;
use crate::fmt::round;
use crate::model;
pub use crate::model::robust::RobustGoal;
use crate::model::robust::RobustSpec;
use crate::optimize::{evaluate_fixed, lead_variable_count, solve_verdict, Attempt, Evaluation};
use crate::plan::Plan;
use crate::progress::Stage;
use crate::scenario::Scenario;
use crate::solve::{self, SolveOptions, Termination};

/// One future's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FutureRow {
    /// Label (file).
    pub future: String,
    /// The future's own optimum (null when it has no plan).
    pub optimum: Option<f64>,
    /// The robust plan's objective there (null when infeasible there).
    pub robust: Option<f64>,
    /// The base plan's objective there (null when infeasible there).
    pub baseline: Option<f64>,
    /// Optimum minus the robust plan's objective.
    pub robust_regret: Option<f64>,
    /// Optimum minus the base plan's objective.
    pub baseline_regret: Option<f64>,
}

/// A plan's figures across the futures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// Futures where the plan is feasible.
    pub feasible_in: usize,
    /// Lowest objective (null when infeasible in some future).
    pub worst: Option<f64>,
    /// Mean objective (null when infeasible in some future).
    pub mean: Option<f64>,
    /// Largest regret (null when infeasible in some future).
    pub max_regret: Option<f64>,
}

/// Everything `robust` reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RobustReport {
    /// Base scenario name.
    pub scenario: String,
    /// `worst` or `mean`.
    pub goal: String,
    /// `planned`, `infeasible` (no plan is feasible in every future) or `time_limit`.
    pub status: String,
    /// The robust plan's figures (null without a plan).
    pub robust: Option<Summary>,
    /// The base scenario's optimal plan's figures.
    pub baseline: Summary,
    /// One row per future, in the order given.
    pub futures: Vec<FutureRow>,
    /// The robust plan's leads.
    pub leads: Vec<TaskLeads>,
    /// Tasks whose leads differ from the base plan.
    pub changes_from_baseline: Vec<LeadChange>,
    /// Each future's weight (normalised to sum 1), in the order of `futures`.
    pub weights: Vec<f64>,
    /// Each future's satisficing threshold, when one was given.
    pub thresholds: Option<Vec<f64>>,
    /// The least weighted share of futures the plan must be feasible in, if set.
    pub feasible_share: Option<f64>,
    /// Futures the chosen plan gives up (outside the set it commits to), by name.
    pub given_up: Vec<String>,
    /// When no plan is feasible in every future (and no feasible share is set):
    /// the futures that conflict.
    pub conflict: Option<Conflict>,
    /// The plan each goal chooses, under every metric (side by side); the chosen
    /// goal's row is the plan above.
    pub metrics: Vec<MetricRow>,
}

/// Checks that every future has the base's countries, tasks and lead counts, in order.
pub fn check_futures(futures: &[Future]) -> Result<(), Error> {
    let Some(base) = futures.first() else {
        return Err(Error::Usage("robust needs at least one scenario".into()));
    };
    let ids = |s: &Scenario| {
        (
            s.countries.iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
            s.tasks
                .iter()
                .map(|t| (t.id.clone(), t.leads))
                .collect::<Vec<_>>(),
        )
    };
    let (countries, tasks) = ids(&base.scenario);
    for f in &futures[1..] {
        let (c, t) = ids(&f.scenario);
        let what = if c != countries {
            format!(
                "its countries are {} but {}'s are {}",
                c.join(", "),
                base.label,
                countries.join(", ")
            )
        } else if t != tasks {
            let show = |v: &[(String, usize)]| {
                v.iter()
                    .map(|(id, l)| format!("{id} ({l} lead(s))"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!(
                "its tasks are {} but {}'s are {}",
                show(&t),
                base.label,
                show(&tasks)
            )
        } else {
            continue;
        };
        return Err(Error::Usage(format!(
            "{}: {what}; every future needs the same countries and tasks, in the same order, with the same lead counts (to model a withdrawal, keep the country and set its capacity to 0)",
            f.label
        )));
    }
    Ok(())
}

/// The figures every goal shares: weights, optima, thresholds.
struct Setting {
    spec: RobustSpec,
    with_threshold: bool,
    /// Some future has no plan of its own (proven, not out of time).
    some_future_infeasible: bool,
    /// Each future: proven to have no plan of its own.
    own_infeasible: Vec<bool>,
}

fn setting(futures: &[Future], ro: &RobustOptions, opts: &SolveOptions) -> Result<Setting, Error> {
    check_futures(futures)?;
    let weights = robust_metrics::resolve_weights(futures, ro.weights.as_deref())?;
    if ro.goal == RobustGoal::Satisficing && ro.threshold.is_none() {
        return Err(Error::Usage(
            "--goal satisficing needs --threshold X (an objective to reach) or --threshold-share F (a fraction of each future's optimum)".into(),
        ));
    }
    if let Some(p) = ro.feasible_share {
        if !(p > 0.0 && p <= 1.0) {
            return Err(Error::Usage(format!(
                "--feasible-share {p} is not a share: give a number in (0, 1], e.g. 0.8"
            )));
        }
        if ro.goal == RobustGoal::Mean {
            return Err(Error::Usage(
                "--goal mean with --feasible-share is not supported (a mean over the futures a plan keeps is not linear): use worst, regret or satisficing".into(),
            ));
        }
    }
    // Each future's own optimum needs no diagnosis (which re-solves many
    // changed scenarios: minutes over Monte Carlo futures without a plan).
    let stage = Stage::begin("each future's optimum", Some(futures.len() as u64));
    let own: Vec<Result<Attempt, Error>> = futures
        .par_iter()
        .map(|f| {
            let verdict = solve_verdict(&f.scenario, opts);
            stage.step();
            verdict
        })
        .collect();
    drop(stage);
    let own = own.into_iter().collect::<Result<Vec<_>, _>>()?;
    let optima: Vec<Option<f64>> = own.iter().map(optimum).collect();
    let own_infeasible: Vec<bool> = own
        .iter()
        .map(|o| matches!(o, Attempt::Infeasible))
        .collect();
    let some_future_infeasible = own_infeasible.contains(&true);
    let thresholds = ro
        .threshold
        .map_or_else(Vec::new, |t| robust_metrics::thresholds(t, &optima));
    Ok(Setting {
        with_threshold: ro.threshold.is_some(),
        some_future_infeasible,
        own_infeasible,
        spec: RobustSpec {
            goal: ro.goal,
            weights,
            optima,
            thresholds,
            feasible_share: ro.feasible_share,
        },
    })
}

/// The robust plan over `futures` (the base first) for `goal`, every future
/// weighted equally and required: [`robust_with`] with only a goal.
pub fn robust(
    futures: &[Future],
    base_plan: &Plan,
    goal: RobustGoal,
    opts: &SolveOptions,
) -> Result<RobustReport, Error> {
    robust_with(futures, base_plan, &RobustOptions::goal(goal), opts)
}

/// The robust plan over `futures` (the base first), scored against `base_plan`,
/// with weights, a threshold or a feasible share.
pub fn robust_with(
    futures: &[Future],
    base_plan: &Plan,
    ro: &RobustOptions,
    opts: &SolveOptions,
) -> Result<RobustReport, Error> {
    let set = setting(futures, ro, opts)?;
    let optima = &set.spec.optima;
    let base = &futures[0].scenario;
    let (status, leads) = solve_robust(futures, &set, &set.spec, opts)?;
    let base_scores = score(futures, &base_plan.leads, opts)?;
    let robust_scores = match &leads {
        Some(l) => Some(score(futures, l, opts)?),
        None => None,
    };
    let metrics = metric_table(futures, &set, leads.as_deref(), status, opts)?;
    let conflict = if status == "infeasible" && ro.feasible_share.is_none() {
        robust_conflict::find(futures, &set.own_infeasible, opts)?
    } else {
        None
    };
    let rows: Vec<FutureRow> = futures
        .iter()
        .enumerate()
        .map(|(k, f)| {
            let regret = |o: Option<f64>| o.zip(optima[k]).map(|(o, best)| round(best - o));
            let robust = robust_scores.as_ref().and_then(|r| r[k]);
            FutureRow {
                future: f.label.clone(),
                optimum: optima[k].map(round),
                robust: robust.map(round),
                baseline: base_scores[k].map(round),
                robust_regret: regret(robust),
                baseline_regret: regret(base_scores[k]),
            }
        })
        .collect();
    let plan_leads = leads.as_ref().map(|l| leads_by_id(base, l));
    let base_leads = task_leads(base, base_plan);
    let w = &set.spec.weights;
    let given_up = metrics
        .iter()
        .find(|m| m.goal == ro.goal.name())
        .filter(|_| leads.is_some())
        .map_or_else(Vec::new, |m| m.given_up.clone());
    Ok(RobustReport {
        scenario: base.name.clone(),
        goal: ro.goal.name().into(),
        status: status.into(),
        robust: robust_scores.as_ref().map(|r| summary(r, optima, w)),
        baseline: summary(&base_scores, optima, w),
        changes_from_baseline: plan_leads
            .as_ref()
            .map_or_else(Vec::new, |l| lead_changes(&base_leads, l)),
        leads: plan_leads.unwrap_or_default(),
        futures: rows,
        weights: w.iter().map(|x| round(*x)).collect(),
        thresholds: set
            .with_threshold
            .then(|| set.spec.thresholds.iter().map(|x| round(*x)).collect()),
        feasible_share: ro.feasible_share,
        given_up,
        conflict,
        metrics,
    })
}

/// The plan of every goal (the chosen one's already solved), each under every metric.
fn metric_table(
    futures: &[Future],
    set: &Setting,
    chosen: Option<&[Vec<usize>]>,
    chosen_status: &str,
    opts: &SolveOptions,
) -> Result<Vec<MetricRow>, Error> {
    let mut goals = vec![RobustGoal::Worst, RobustGoal::Mean, RobustGoal::Regret];
    if set.with_threshold {
        goals.push(RobustGoal::Satisficing);
    }
    goals.retain(|&g| !(g == RobustGoal::Mean && set.spec.feasible_share.is_some()));
    let mut rows = Vec::new();
    let stage = Stage::begin("each goal's plan", Some(goals.len() as u64));
    for g in goals {
        let (status, leads) = if g == set.spec.goal {
            (chosen_status, chosen.map(<[Vec<usize>]>::to_vec))
        } else {
            let spec = RobustSpec {
                goal: g,
                ..set.spec.clone()
            };
            solve_robust(futures, set, &spec, opts)?
        };
        let scores = match &leads {
            Some(l) => score(futures, l, opts)?,
            None => vec![None; futures.len()],
        };
        let th = set.with_threshold.then_some(set.spec.thresholds.as_slice());
        let mut row = metric_row(
            g,
            status,
            futures,
            &scores,
            &set.spec.optima,
            &set.spec.weights,
            th,
            set.spec.feasible_share,
        );
        row.leads_differing_from_chosen = leads.zip(chosen).map(|(a, b)| distance(&a, b));
        rows.push(row);
        stage.step();
    }
    Ok(rows)
}

/// Leads `(country, task)` in one plan and not the other.
fn distance(a: &[Vec<usize>], b: &[Vec<usize>]) -> usize {
    a.iter()
        .zip(b)
        .map(|(x, y)| {
            x.iter().filter(|i| !y.contains(i)).count()
                + y.iter().filter(|i| !x.contains(i)).count()
        })
        .sum()
}

fn optimum(own: &Attempt) -> Option<f64> {
    match own {
        Attempt::Planned(p) => Some(p.objective),
        _ => None,
    }
}

/// A robust solve's status word and, with a plan, its lead sets per task.
type Solved = (&'static str, Option<Vec<Vec<usize>>>);

/// Solves the robust model: its status and, with a plan, the leads per task.
fn solve_robust(
    futures: &[Future],
    set: &Setting,
    spec: &RobustSpec,
    opts: &SolveOptions,
) -> Result<Solved, Error> {
    if set.some_future_infeasible && spec.feasible_share.is_none() {
        // a future without a plan of its own has none in common with the others
        // either: no MILP needed (proving that by branching took minutes)
        return Ok(("infeasible", None));
    }
    let scenarios: Vec<Scenario> = futures.iter().map(|f| f.scenario.clone()).collect();
    let kind = opts.pick(lead_variable_count(&scenarios[0]))?;
    let m = model::build_robust(&scenarios, spec);
    let reader = m.reader();
    let solved = solve::run(m, kind, opts.time_limit)?;
    let status = match solved.termination {
        Termination::Infeasible => return Ok(("infeasible", None)),
        Termination::NoIncumbent => return Ok(("time_limit", None)),
        Termination::Optimal => "planned",
        Termination::TimeLimit => "time_limit",
    };
    let leads = reader.leads(&solved.values);
    Ok((status, Some(leads)))
}

/// A plan's objective in each future (null where it is infeasible), money re-optimised.
/// [`evaluate_fixed`] checks the future's pins and bans before anything else.
pub fn score(
    futures: &[Future],
    leads: &[Vec<usize>],
    opts: &SolveOptions,
) -> Result<Vec<Option<f64>>, Error> {
    let scores: Vec<Result<Option<f64>, Error>> = futures
        .par_iter()
        .map(|f| score_in(&f.scenario, leads, opts))
        .collect();
    scores.into_iter().collect()
}

fn score_in(s: &Scenario, leads: &[Vec<usize>], opts: &SolveOptions) -> Result<Option<f64>, Error> {
    Ok(match evaluate_fixed(s, leads, opts)? {
        Evaluation::Feasible(p) => Some(p.objective),
        _ => None,
    })
}

fn summary(scores: &[Option<f64>], optima: &[Option<f64>], weights: &[f64]) -> Summary {
    let feasible_in = scores.iter().filter(|s| s.is_some()).count();
    let all: Option<Vec<f64>> = scores.iter().copied().collect();
    let regrets: Option<Vec<f64>> = scores
        .iter()
        .zip(optima)
        .map(|(s, o)| s.zip(*o).map(|(s, o)| o - s))
        .collect();
    Summary {
        feasible_in,
        worst: all
            .as_ref()
            .map(|v| round(v.iter().copied().fold(f64::INFINITY, f64::min))),
        mean: all
            .as_ref()
            .map(|v| round(v.iter().zip(weights).map(|(s, w)| s * w).sum::<f64>())),
        max_regret: regrets.map(|v| round(v.iter().copied().fold(f64::NEG_INFINITY, f64::max))),
    }
}
