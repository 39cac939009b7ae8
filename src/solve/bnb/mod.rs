//! leadplan's own branch and bound (`--solver bnb`), on a vendored microlp.
//!
//! microlp's built-in MIP search knows nothing about the model: with an
//! objective in whole steps (the OR-Library GAP files, fit scores in steps of
//! 0.05) it still explores every node whose bound beats the incumbent by a
//! fraction, and it never uses reduced costs. `crates/lp` is microlp 0.6.0
//! with those two additions (see its NOTICE); this module hands it the model
//! as plain arrays (`mip.rs`) and checks the plan it returns (`search.rs`).
//! Models of GAP shape go to a Lagrangian search (`lagr/`); the others first
//! lose the equality rows their rows repeat ([`Mip::sparsify`]) and gain cuts
//! at the root (`cuts.rs`, `mir.rs`).
//! It is exact: with no time limit the plan it returns is proven optimal
//! (relative gap 0); with one, a stop says `TimeLimit` and gives the best bound.

#[cfg(test)]
mod agree_tests;
mod cuts;
mod dive;
mod greedy;
mod lagr;
mod mip;
mod mir;
mod search;
#[cfg(test)]
mod tight;

use std::time::{Duration, Instant};

use mip::Mip;

use super::sparse::Sparse;
use super::{Backend, Limits, Solved, SolverKind, Termination};
use crate::error::Error;
use search::Found;

/// The embedded branch and bound on microlp's LP.
pub(crate) struct Bnb;

impl Backend for Bnb {
    fn kind(&self) -> SolverKind {
        SolverKind::Bnb
    }

    fn solve(&self, form: Sparse, limits: &Limits) -> Result<Solved, Error> {
        let start = Instant::now();
        let deadline = limits
            .time_limit
            .map(|t| start + Duration::from_secs_f64(t.max(0.0)));
        let why = match run(form.clone(), deadline, true) {
            Err(Error::Solver(why)) if numerical(&why) => why,
            other => return other,
        };
        // Root cuts can leave the LP too degenerate to factorise, even from a
        // fresh basis: the same search without them, then microlp's own
        // search on the model as built, in what is left of the time.
        let again = match run(form.clone(), deadline, false) {
            Err(Error::Solver(again)) if numerical(&again) => again,
            other => return other,
        };
        let left = deadline.map(|d| {
            d.saturating_duration_since(Instant::now())
                .as_secs_f64()
                .max(0.05)
        });
        let mut solved = super::microlp::Microlp.solve(form, &Limits { time_limit: left });
        if let Err(Error::Solver(last)) = &solved {
            solved = Err(Error::Solver(format!(
                "{why}; without root cuts: {again}; microlp: {last}. The model's numbers are \
                 beyond the embedded solver's precision; {}",
                if crate::options::HIGHS_AVAILABLE {
                    "try --solver highs"
                } else {
                    "a build with --features highs can use --solver highs"
                }
            )));
        }
        solved
    }
}

/// Above this many columns, a time-limited search first completes a greedy
/// plan (the size at which microlp's search needs a time limit).
const FIRST_PLAN_COLUMNS: usize = 5000;

/// The least time the greedy plan's completion gets (see [`first_plan`]).
const COMPLETION_GRACE: Duration = Duration::from_secs(1);

/// A greedy plan and its completion by LP with the plan's columns fixed.
struct FirstPlan {
    hint: Vec<(usize, f64)>,
    values: Vec<f64>,
}

/// The greedy plan ([`greedy::hint`]) with every other column completed by
/// the LP of the model with the plan's columns fixed; `None` when the greedy
/// pass gets stuck, the completion fails or breaks a row, or time runs out.
fn first_plan(mip: &Mip, deadline: Option<Instant>) -> Option<FirstPlan> {
    let t = Instant::now();
    let hint = greedy::hint(mip);
    debug(|| format!("greedy plan in {:.2} s", t.elapsed().as_secs_f64()));
    let hint = hint?;
    let mut fixed = mip.clone();
    for &(c, v) in &hint {
        fixed.lo[c] = v;
        fixed.hi[c] = v;
    }
    // The hint is the fixed columns' values: the search need not rebuild it.
    // The completion is one LP on fixed leads, far shorter than the search it
    // stands in for: it gets at least a second even when a loaded machine
    // has spent the limit before it starts, so that a time-limited solve of
    // a model with a greedy plan always reports one.
    let deadline = deadline.map(|d| d.max(Instant::now() + COMPLETION_GRACE));
    let found = search::search(&fixed, deadline, Some(hint.clone())).ok()?;
    debug(|| format!("completed in {:.2} s", t.elapsed().as_secs_f64()));
    (!found.values.is_empty() && mip.feasible(&found.values)).then_some(FirstPlan {
        hint,
        values: found.values,
    })
}

/// Prints `line()` on stderr, after `bnb: `, when `LEADPLAN_BNB_DEBUG` is set.
fn debug(line: impl FnOnce() -> String) {
    if std::env::var_os("LEADPLAN_BNB_DEBUG").is_some() {
        eprintln!("bnb: {}", line());
    }
}

/// Whether a solver's error is a numerical failure of its LP (a basis it
/// cannot factorise), which another search may not meet.
fn numerical(why: &str) -> bool {
    why.contains("ingular") || why.contains("slack basis")
}

/// Solves the sparse form with the embedded branch and bound (with root cuts
/// where `cuts`).
fn run(mut form: Sparse, deadline: Option<Instant>, cuts: bool) -> Result<Solved, Error> {
    let start = std::mem::take(&mut form.start);
    let mut mip = Mip::from_sparse(form);
    let found = match lagr::solve(&mip, deadline) {
        Some(found) => found?,
        None => {
            // On a large model under a time limit the root LP alone can take
            // the whole limit: a greedy plan completed first is reported if
            // the search finds none of its own.
            let first = (deadline.is_some() && mip.n() > FIRST_PLAN_COLUMNS)
                .then(|| first_plan(&mip, deadline))
                .flatten();
            let sparsified = mip.sparsify();
            let mut cuts = if cuts {
                cuts::add_root_cuts(&mut mip, deadline)
            } else {
                cuts::Rounds::none()
            };
            // the model's own first plan, else a dive from the root LP
            let plan = match start.is_empty() {
                false => Some(start),
                true => cuts
                    .last
                    .take()
                    .and_then(|(lp, vars)| dive::dive(&mip, lp, &vars, deadline)),
            };
            debug(|| {
                format!(
                    "{sparsified} rows sparsified; {cuts}; dive {}",
                    if plan.is_some() { "landed" } else { "failed" }
                )
            });
            let plan = plan.or_else(|| first.as_ref().map(|f| f.hint.clone()));
            let found = search::search(&mip, deadline, plan)?;
            match first {
                Some(first)
                    if found.values.is_empty() && found.termination == Termination::NoIncumbent =>
                {
                    Found {
                        termination: Termination::TimeLimit,
                        values: first.values,
                        bound: found.bound,
                    }
                }
                _ => found,
            }
        }
    };
    let sign = if mip.maximise { 1.0 } else { -1.0 };
    Ok(Solved {
        termination: found.termination,
        values: found.values,
        bound: found.bound.map(|b| sign * b),
        solver: SolverKind::Bnb,
        seconds: 0.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{build, Restrictions};
    use crate::scenario::Scenario;
    use crate::solve::Termination;

    const TWO_BY_THREE: &str = r#"
[[country]]
id = "A"
capacity = 2
[[country]]
id = "B"
capacity = 2
[[task]]
id = "t0"
domain = "d"
effort = 1
fit = { A = 0.9, B = 0.4 }
[[task]]
id = "t1"
domain = "d"
effort = 1
fit = { A = 0.8, B = 0.7 }
[[task]]
id = "t2"
domain = "d"
effort = 1
fit = { A = 0.6, B = 0.5 }
"#;

    /// A search stopped before its first node reports no plan it has not
    /// found, and any bound it gives is no lower than the optimum.
    #[test]
    fn a_stop_before_any_node_reports_no_plan_and_a_valid_bound() {
        let s = Scenario::from_toml_str(TWO_BY_THREE, "t.toml").unwrap();
        let best = 2.2; // the optimum (next test)
        let mip = Mip::from_model(build(&s, &Restrictions::default()));
        let found = search::search(&mip, Some(Instant::now()), None).unwrap();
        assert_eq!(found.termination, Termination::NoIncumbent);
        assert!(found.values.is_empty());
        if let Some(b) = found.bound {
            assert!(b >= best - 1e-9, "{b} < {best}");
        }
    }

    /// Without a limit the same search proves the optimum (A leads t0 and t1,
    /// B leads t2: 0.9 + 0.8 + 0.5).
    #[test]
    fn an_unlimited_search_proves_the_optimum() {
        let s = Scenario::from_toml_str(TWO_BY_THREE, "t.toml").unwrap();
        let mip = Mip::from_model(build(&s, &Restrictions::default()));
        let found = search::search(&mip, None, None).unwrap();
        assert_eq!(found.termination, Termination::Optimal);
        assert!((mip.value(&found.values) - 2.2).abs() < 1e-9);
        assert_eq!(found.bound, None);
    }
}
