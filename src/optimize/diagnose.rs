//! Why no plan: sets of changes that make an infeasible scenario feasible, each
//! one checked before it is reported.
//!
//! The elastic model of [`crate::model`] proposes the smallest sets of
//! relaxations. Its lead-count relaxation keeps the task's cost split as if
//! every lead were there, so a proposal can be wrong ("let the task have 1 lead
//! instead of 2" leaves the remaining lead paying the whole cost). Every set is
//! therefore applied to the scenario ([`apply`]) and re-solved; a set that still
//! has no plan is completed by the elastic model of the changed scenario (the
//! budget the remaining lead now needs, say) and checked again. Only sets that
//! yield a plan are reported.

use serde::Serialize;

use std::time::{Duration, Instant};

use super::change::{apply, consolidate, covers, describe, merge, target, Change};
use super::{lead_variable_count, solve_restricted, Attempt};
use crate::error::Error;
use crate::model::{self, ElasticGoal, Restrictions};
use crate::options::{SolveOptions, SolverKind};
use crate::rules::Limit;
use crate::scenario::Scenario;
use crate::solve::{self, Termination};

/// Why a scenario has no plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnosis {
    /// Alternative sets of changes, fewest changes first; each was applied and
    /// re-solved, and any one set makes the scenario feasible.
    pub alternatives: Vec<Vec<Change>>,
    /// Candidate sets that still left the scenario without a plan when applied,
    /// even after searching further; they are not reported as fixes.
    #[serde(skip_serializing_if = "is_zero")]
    pub unconfirmed: usize,
    /// Whether the first set is proven to have the fewest changes of any set
    /// of edits the diagnosis knows (one number of a country, a task or the
    /// policy, a pin, a country's tolerance): the elastic model's minimum was
    /// proven and the set has that many changes. False when the search for
    /// the minimum stopped at its time limit, or a set had to be completed.
    pub smallest_proven: bool,
    /// Whether every amount printed (a capacity or budget to rise to, a lead
    /// count to fall to) is the least that does with its set's other changes:
    /// false when the search for the least amounts stopped at its share of the
    /// time limit, so the amounts are enough (each set was re-solved) but
    /// perhaps more than needed.
    pub amounts_least: bool,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Diagnosis {
    /// The diagnosis as one paragraph.
    pub fn summary(&self) -> String {
        if self.alternatives.is_empty() {
            return format!(
                "no plan satisfies every constraint, and none of the {} set(s) of changes tried restored one when applied and re-solved",
                self.unconfirmed
            );
        }
        let sets: Vec<String> = self
            .alternatives
            .iter()
            .map(|set| {
                set.iter()
                    .map(|c| c.sentence.clone())
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect();
        format!(
            "no plan satisfies every constraint. To make one possible: {}.",
            sets.join("; or ")
        )
    }

    /// How the sets are headed: "smallest changes" only where that is proven.
    pub fn heading(&self) -> &'static str {
        match (self.smallest_proven, self.amounts_least) {
            (true, true) => "smallest changes",
            (true, false) => "smallest changes; amounts enough, not proven the least",
            (false, true) => "small changes; not proven the smallest",
            (false, false) => {
                "small changes; not proven the smallest, amounts enough but not proven the least"
            }
        }
    }
}

/// Most alternative sets of changes reported.
pub const MAX_ALTERNATIVES: usize = 3;

/// Most candidate sets the elastic model is asked for.
const MAX_CANDIDATES: usize = 6;

/// Most times a candidate set is completed and re-checked.
const MAX_ROUNDS: usize = 3;

/// Seconds a diagnosis spends looking for the fewest changes when no
/// `--time-limit` is given; past it, it reports the sets it has, headed as not
/// proven smallest.
pub const DIAGNOSIS_SECONDS: f64 = 20.0;

/// Seconds the re-solve that checks a set may take even when the budget is
/// spent.
const CHECK_FLOOR: f64 = 2.0;

/// Share of the budget the amounts of one set may take: past it, the set is
/// reported with the amounts of the best solution found (enough, each checked
/// by a re-solve, but perhaps more than the least that would do).
const AMOUNTS_SHARE: f64 = 0.2;

/// Finds sets of changes that make `s` feasible, each checked by a re-solve.
pub fn diagnose(s: &Scenario, opts: &SolveOptions) -> Result<Diagnosis, Error> {
    let kind = opts.pick(lead_variable_count(s))?;
    let budget = opts.time_limit.unwrap_or(DIAGNOSIS_SECONDS).max(0.0);
    let clock = Clock {
        deadline: Instant::now() + Duration::from_secs_f64(budget),
        budget,
    };
    let mut tried: Vec<Vec<Limit>> = Vec::new();
    let mut out = Diagnosis {
        alternatives: Vec::new(),
        unconfirmed: 0,
        smallest_proven: false,
        amounts_least: true,
    };
    let mut minimum: Option<usize> = None;
    while out.alternatives.len() < MAX_ALTERNATIVES && tried.len() < MAX_CANDIDATES {
        if clock.left() <= 0.0 && !tried.is_empty() {
            break;
        }
        let Some(found) = elastic_set(s, &tried, kind, &clock)? else {
            break;
        };
        out.amounts_least &= found.least;
        let set = found.set;
        if set.is_empty() {
            return Err(contradiction());
        }
        if tried.is_empty() && found.proven {
            minimum = Some(found.edits);
        }
        tried.push(set.iter().map(|(k, _)| *k).collect());
        let changes = set
            .iter()
            .map(|&(k, slack)| describe(s, k, target(s, k, slack)))
            .collect();
        let changes = consolidate(s, changes);
        match certify(s, changes, kind, opts, &clock, &mut out.amounts_least)? {
            // A set that makes every edit of one already printed is not a
            // smallest set; one that only repeats it in other words is the same.
            Some(c) if !out.alternatives.iter().any(|a| covers(&c, a)) => {
                out.alternatives.retain(|a| !covers(a, &c));
                out.alternatives.push(c)
            }
            Some(_) => {}
            None => out.unconfirmed += 1,
        }
    }
    // fewest changes first (stable: the model's order among equals)
    out.alternatives.sort_by_key(Vec::len);
    out.smallest_proven = match (minimum, out.alternatives.first()) {
        (Some(k), Some(first)) => first.len() == k,
        _ => false,
    };
    Ok(out)
}

/// The diagnosis's time: every solve it makes gets what is left.
struct Clock {
    deadline: Instant,
    /// The whole budget, in seconds.
    budget: f64,
}

impl Clock {
    /// Seconds left (0 once past the deadline).
    fn left(&self) -> f64 {
        self.deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64()
    }

    /// The limit of the next solve: what is left, at least a moment, so that
    /// a search can still return the plan it starts from.
    fn limit(&self) -> Option<f64> {
        Some(self.left().max(0.05))
    }

    /// The limit of a solve that may take at most `share` of the whole budget.
    fn slice(&self, share: f64) -> Option<f64> {
        Some((self.budget * share).min(self.left()).max(0.05))
    }
}

fn contradiction() -> Error {
    Error::Solver(
        "the solver found no plan, yet found one when every limit could be relaxed and none was: \
         the verdict is not proven. Numbers spanning many orders of magnitude cause this; \
         express costs and budgets in larger units"
            .into(),
    )
}

/// A set of relaxations the elastic model proposes.
struct Found {
    /// The limits relaxed, with amounts (money in money, not model units).
    set: Vec<(Limit, f64)>,
    /// How many edits of the scenario file the set takes (limits that one
    /// edit lifts count once).
    edits: usize,
    /// Whether no set with fewer edits exists (besides those in `tried`).
    proven: bool,
    /// Whether the amounts are the least for these edits (the amounts stage
    /// finished, or no relaxation has an amount).
    least: bool,
}

/// The elastic model's set of relaxations with the fewest edits, not in
/// `tried`, with the smallest amounts for those edits; `None` when there is none.
///
/// Two solves: the number of edits alone (a whole-number objective, which a
/// branch and bound proves quickly), then, with exactly those limits relaxed,
/// their amounts.
fn elastic_set(
    s: &Scenario,
    tried: &[Vec<Limit>],
    kind: SolverKind,
    clock: &Clock,
) -> Result<Option<Found>, Error> {
    let (m, relax) = model::build_elastic(s, tried, ElasticGoal::Count);
    let unit = m.money_unit;
    let t0 = Instant::now();
    let solved = solve::run(m, kind, clock.limit())?;
    debug("count", Ok(solved.termination), t0);
    let proven = match solved.termination {
        Termination::Optimal => true,
        Termination::TimeLimit => false,
        Termination::Infeasible if tried.is_empty() => return Err(contradiction()),
        Termination::Infeasible | Termination::NoIncumbent => return Ok(None),
    };
    let first = model::chosen_relaxations(&relax, &solved.values, unit);
    let edits = model::edit_count(&relax, &solved.values);
    let limits: Vec<Limit> = first.iter().map(|(k, _)| *k).collect();
    let (m, relax) = model::build_elastic(s, &[], ElasticGoal::Amounts(&limits));
    let t0 = Instant::now();
    let amounts = solve::run(m, kind, clock.slice(AMOUNTS_SHARE));
    debug("amounts", amounts.as_ref().map(|a| a.termination), t0);
    let without_amounts = limits.iter().all(|k| !k.has_amount());
    let (set, least) = match amounts {
        Ok(a) if matches!(a.termination, Termination::Optimal | Termination::TimeLimit) => {
            let amounts = model::chosen_relaxations(&relax, &a.values, unit);
            // the same edits, at their smallest amounts (never more edits)
            if model::edit_count(&relax, &a.values) <= edits {
                (amounts, a.termination == Termination::Optimal)
            } else {
                (first, without_amounts)
            }
        }
        _ => (first, without_amounts),
    };
    Ok(Some(Found {
        set,
        edits,
        proven,
        least: least || without_amounts,
    }))
}

/// With `LEADPLAN_DIAG_DEBUG` set, how a stage's solve ended and how long it took.
fn debug(stage: &str, end: Result<Termination, &Error>, since: Instant) {
    if std::env::var_os("LEADPLAN_DIAG_DEBUG").is_some() {
        let secs = since.elapsed().as_secs_f64();
        eprintln!("diag: {stage} solve {end:?} in {secs:.2}s");
    }
}

/// `set` if applying it yields a plan; otherwise `set` completed by the elastic
/// model of the changed scenario, if that yields one within [`MAX_ROUNDS`].
fn certify(
    s: &Scenario,
    mut set: Vec<Change>,
    kind: SolverKind,
    opts: &SolveOptions,
    clock: &Clock,
    least: &mut bool,
) -> Result<Option<Vec<Change>>, Error> {
    for _ in 0..MAX_ROUNDS {
        let changed = apply(s, &set);
        // each check gets what is left of the budget, and at least a floor:
        // a set found is worth confirming even when the search took it all
        let check = SolveOptions {
            time_limit: Some(
                opts.time_limit
                    .unwrap_or(f64::INFINITY)
                    .min(clock.left().max(CHECK_FLOOR)),
            ),
            ..opts.clone()
        };
        match solve_restricted(&changed, &Restrictions::default(), &check)? {
            Attempt::Planned(_) => return Ok(Some(set)),
            Attempt::NoPlanFound { .. } => return Ok(None),
            Attempt::Infeasible => {}
        }
        let extra = match elastic_set(&changed, &[], kind, clock)? {
            Some(extra) if !extra.set.is_empty() => {
                *least &= extra.least;
                extra.set
            }
            _ => return Ok(None),
        };
        let more = extra
            .iter()
            .map(|&(k, slack)| {
                // Pin indices shift once a pin is removed: describe those on the changed scenario.
                let base = if matches!(k, Limit::Pin(_)) {
                    &changed
                } else {
                    s
                };
                describe(base, k, target(&changed, k, slack))
            })
            .collect();
        set = consolidate(s, merge(&set, more));
    }
    Ok(None)
}
