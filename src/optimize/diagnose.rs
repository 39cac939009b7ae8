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

use super::change::{apply, consolidate, covers, describe, merge, target, Change};
use super::{lead_variable_count, solve_restricted, Attempt};
use crate::error::Error;
use crate::model::{self, Restrictions};
use crate::options::{SolveOptions, SolverKind};
use crate::rules::Limit;
use crate::scenario::Scenario;
use crate::solve::{self, Termination};

/// Why a scenario has no plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnosis {
    /// Alternative sets of changes; each was applied and re-solved, and any one
    /// set makes the scenario feasible.
    pub alternatives: Vec<Vec<Change>>,
    /// Candidate sets that still left the scenario without a plan when applied,
    /// even after searching further; they are not reported as fixes.
    #[serde(skip_serializing_if = "is_zero")]
    pub unconfirmed: usize,
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
}

/// Most alternative sets of changes reported.
pub const MAX_ALTERNATIVES: usize = 3;

/// Most candidate sets the elastic model is asked for.
const MAX_CANDIDATES: usize = 6;

/// Most times a candidate set is completed and re-checked.
const MAX_ROUNDS: usize = 3;

/// Finds sets of changes that make `s` feasible, each checked by a re-solve.
pub fn diagnose(s: &Scenario, opts: &SolveOptions) -> Result<Diagnosis, Error> {
    let kind = opts.pick(lead_variable_count(s))?;
    let mut tried: Vec<Vec<Limit>> = Vec::new();
    let mut out = Diagnosis {
        alternatives: Vec::new(),
        unconfirmed: 0,
    };
    while out.alternatives.len() < MAX_ALTERNATIVES && tried.len() < MAX_CANDIDATES {
        let Some(set) = elastic_set(s, &tried, kind, opts)? else {
            break;
        };
        if set.is_empty() {
            return Err(contradiction());
        }
        if tried.first().is_some_and(|f| set.len() > f.len()) {
            break;
        }
        tried.push(set.iter().map(|(k, _)| *k).collect());
        let changes = set
            .iter()
            .map(|&(k, slack)| describe(s, k, target(s, k, slack)))
            .collect();
        let changes = consolidate(s, changes);
        match certify(s, changes, kind, opts)? {
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
    Ok(out)
}

fn contradiction() -> Error {
    Error::Solver(
        "the solver found no plan, yet found one when every limit could be relaxed and none was: \
         the verdict is not proven. Numbers spanning many orders of magnitude cause this; \
         express costs and budgets in larger units"
            .into(),
    )
}

/// The elastic model's smallest set of relaxations not in `tried`, with amounts
/// (money in money, not model units); `None` when there is none.
fn elastic_set(
    s: &Scenario,
    tried: &[Vec<Limit>],
    kind: SolverKind,
    opts: &SolveOptions,
) -> Result<Option<Vec<(Limit, f64)>>, Error> {
    let (m, relax) = model::build_elastic(s, tried);
    let unit = m.money_unit;
    let solved = solve::run(m, kind, opts.time_limit)?;
    match solved.termination {
        Termination::Optimal | Termination::TimeLimit => {}
        Termination::Infeasible if tried.is_empty() => return Err(contradiction()),
        Termination::Infeasible | Termination::NoIncumbent => return Ok(None),
    }
    Ok(Some(model::chosen_relaxations(
        &relax,
        &solved.values,
        unit,
    )))
}

/// `set` if applying it yields a plan; otherwise `set` completed by the elastic
/// model of the changed scenario, if that yields one within [`MAX_ROUNDS`].
fn certify(
    s: &Scenario,
    mut set: Vec<Change>,
    kind: SolverKind,
    opts: &SolveOptions,
) -> Result<Option<Vec<Change>>, Error> {
    for _ in 0..MAX_ROUNDS {
        let changed = apply(s, &set);
        match solve_restricted(&changed, &Restrictions::default(), opts)? {
            Attempt::Planned(_) => return Ok(Some(set)),
            Attempt::NoPlanFound { .. } => return Ok(None),
            Attempt::Infeasible => {}
        }
        let extra = match elastic_set(&changed, &[], kind, opts)? {
            Some(extra) if !extra.is_empty() => extra,
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
