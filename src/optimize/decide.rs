//! One decision path: how every command decides whether a scenario has a
//! plan, and which plan.
//!
//! `solve`, every sweep run, the resilience commands and the Pareto front's
//! payoff table ask the same question of a scenario, and [`decide`] answers it
//! for all of them, stage by stage:
//!
//! 1. **proof**: the combinatorial certificate ([`super::precheck`]) proves
//!    most infeasible scenarios so in microseconds, before any LP; it never
//!    calls infeasible a scenario that has a plan;
//! 2. **patterns**: where a sweep lists the lead patterns its runs share
//!    ([`SharedShape`]) and the solver is left to leadplan (`auto`), the exact
//!    pattern search finds the proven optimum;
//! 3. **milp**: the MILP with the chosen solver, its plan checked against every
//!    rule in money ([`super::solve_restricted`]);
//! 4. **second opinion**: an infeasible verdict of microlp (or bnb, on
//!    microlp's LP) is re-solved with HiGHS where it is compiled in.
//!
//! The [`Verdict`] records the stage that decided. Stage 2 applies only where
//! a sweep shares a listing; it finds the same optimum as the MILP (a test
//! over random scenarios and the shipped sweeps holds the two to it), breaking
//! ties between plans of equal objective in its own order.

use super::patterns_shape::SharedShape;
use super::precheck::infeasibility_proof;
use super::sweep_path::solve_by_enumeration;
use super::{lead_variable_count, solve_restricted, Attempt, Proof};
use crate::error::Error;
use crate::model::Restrictions;
use crate::options::{SolveOptions, SolverChoice, SolverKind, HIGHS_AVAILABLE};
use crate::scenario::Scenario;

/// The stage of [`decide`] that settled a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stage {
    /// The combinatorial proof of infeasibility.
    Proof,
    /// The exact search over a sweep's shared lead patterns.
    Patterns,
    /// The MILP.
    Milp,
    /// HiGHS, re-solving a scenario microlp called infeasible.
    SecondOpinion,
}

impl Stage {
    /// Its name in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Proof => "proof",
            Stage::Patterns => "patterns",
            Stage::Milp => "milp",
            Stage::SecondOpinion => "second_opinion",
        }
    }
}

/// What [`decide`] found, and how.
#[non_exhaustive]
pub struct Verdict {
    /// A plan, no plan, or no plan found in time.
    pub attempt: Attempt,
    /// The stage that decided.
    pub stage: Stage,
    /// The proof of infeasibility, when the first stage found one (blame
    /// reuses it).
    pub(crate) proof: Option<Proof>,
}

impl std::fmt::Debug for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verdict")
            .field("attempt", &self.attempt)
            .field("stage", &self.stage)
            .finish_non_exhaustive()
    }
}

/// Decides `s` through the stages of the module notes. `shared`: the pattern
/// listing a sweep's runs share, when this run is one of them.
pub fn decide(s: &Scenario, opts: &SolveOptions) -> Result<Verdict, Error> {
    decide_in(s, opts, None)
}

/// As [`decide`], with a sweep's shared pattern listing.
pub(crate) fn decide_in(
    s: &Scenario,
    opts: &SolveOptions,
    shared: Option<&SharedShape>,
) -> Result<Verdict, Error> {
    let verdict = |attempt, stage| Verdict {
        attempt,
        stage,
        proof: None,
    };
    if let Some(proof) = infeasibility_proof(s) {
        return Ok(Verdict {
            attempt: Attempt::Infeasible,
            stage: Stage::Proof,
            proof: Some(proof),
        });
    }
    if let Some(a) = solve_by_enumeration(s, opts, shared)? {
        return Ok(verdict(a, Stage::Patterns));
    }
    let attempt = solve_restricted(s, &Restrictions::default(), opts)?;
    if !matches!(attempt, Attempt::Infeasible) || !second_opinion_applies(s, opts)? {
        return Ok(verdict(attempt, Stage::Milp));
    }
    let highs = SolveOptions {
        solver: SolverChoice::Highs,
        ..opts.clone()
    };
    Ok(
        match solve_restricted(s, &Restrictions::default(), &highs)? {
            Attempt::Planned(p) => verdict(Attempt::Planned(p), Stage::SecondOpinion),
            _ => verdict(Attempt::Infeasible, Stage::SecondOpinion),
        },
    )
}

/// Whether an infeasible verdict gets a second opinion: microlp's (or bnb's,
/// on microlp's LP) tolerances are the weaker on badly scaled models, and
/// HiGHS is compiled in.
fn second_opinion_applies(s: &Scenario, opts: &SolveOptions) -> Result<bool, Error> {
    Ok(HIGHS_AVAILABLE
        && matches!(
            opts.pick(lead_variable_count(s))?,
            SolverKind::Microlp | SolverKind::Bnb
        ))
}
