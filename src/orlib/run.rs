//! Solving one GAP instance through leadplan's own model and solver path.
//!
//! The instance is converted to a scenario and handed to
//! [`crate::solve_restricted`], exactly as `leadplan solve` would; the plan that
//! comes back is then checked against the instance with integer arithmetic
//! (every job assigned once, no agent over capacity, leadplan's objective equal
//! to the recomputed total), so a reported optimum cannot silently rest on a
//! conversion or read-back error. Every plan's total is a whole number, so a
//! bound is rounded to the whole number it implies; a time-limited plan that
//! reaches it is proven optimal, and reported so.

use std::time::Instant;

use serde::Serialize;

use super::{to_scenario, GapInstance, Sense};
use crate::error::Error;
use crate::model::Restrictions;
use crate::optimize::{solve_restricted, Attempt};
use crate::plan::PlanStatus;
use crate::solve::{SolveOptions, SolverChoice, SolverKind};

/// How an instance's solve ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapStatus {
    /// Proven optimal.
    Optimal,
    /// A plan, not proven optimal: the time limit stopped the search.
    TimeLimit,
    /// Proven infeasible: no assignment fits the capacities.
    Infeasible,
    /// The time limit ran out before any plan was found.
    NoPlan,
}

impl GapStatus {
    /// Its name in outputs.
    pub fn name(self) -> &'static str {
        match self {
            GapStatus::Optimal => "optimal",
            GapStatus::TimeLimit => "time_limit",
            GapStatus::Infeasible => "infeasible",
            GapStatus::NoPlan => "no_plan",
        }
    }
}

/// One instance's result, in the instance's own terms.
#[derive(Clone, Debug, PartialEq)]
pub struct GapResult {
    /// Instance name (`c515-1`, `a05100`, `e05100`).
    pub instance: String,
    /// Number of agents.
    pub agents: usize,
    /// Number of jobs.
    pub jobs: usize,
    /// How the solve ended.
    pub status: GapStatus,
    /// Total profit or cost of the plan found, recomputed from the file's integers.
    pub objective: Option<u64>,
    /// Best proven bound on the objective (upper for profit, lower for cost),
    /// rounded to the whole number it implies; equal to the objective when optimal.
    pub bound: Option<f64>,
    /// Wall-clock seconds of the whole solve: model building, solver, read-back.
    pub seconds: f64,
    /// Of which seconds in the solver call.
    pub solver_seconds: f64,
    /// The solver that ran.
    pub solver: SolverKind,
    /// The plan: job -> 0-based agent.
    pub assignment: Option<Vec<usize>>,
}

/// Resolves `--solver auto` for GAP models: the embedded branch and bound
/// (`bnb`), whose Lagrangian search for models of GAP shape proves all 60
/// instances of gap1 to gap12 in under a second in all and gapa to gapc in
/// about 7 s (release build), where HiGHS takes about 11 s and 60 s
/// (docs/src/benchmarks.md, "The Lagrangian search"). HiGHS stays the choice of
/// `--solver highs`; it is faster on some type E instances.
///
/// The core's rule (HiGHS above 250 lead variables) suits scenario models,
/// whose capacities rarely bind; GAP instances are tight multi-knapsack models,
/// on which microlp's LP search has long tails (gap1 to gap5: 24 s in all, 17 s
/// at worst on c824-5).
pub fn gap_options(opts: &SolveOptions) -> SolveOptions {
    let mut o = opts.clone();
    if o.solver == SolverChoice::Auto {
        o.solver = SolverChoice::Bnb;
    }
    o
}

/// In the instance's terms: profit is leadplan's objective, cost is minus it.
fn instance_terms(sense: Sense, leadplan_value: f64) -> f64 {
    match sense {
        Sense::Max => leadplan_value,
        Sense::Min => -leadplan_value,
    }
}

/// A proven bound on an integer objective, rounded to the integer it implies
/// (down for profit, up for cost): every plan's total is a whole number.
fn integer_bound(sense: Sense, b: f64) -> f64 {
    let tol = 1e-6 * (1.0 + b.abs());
    match sense {
        Sense::Max => (b + tol).floor(),
        Sense::Min => (b - tol).ceil(),
    }
}

/// Solves one instance with `opts` (pass them through [`gap_options`] first to
/// get the GAP-specific `auto` choice).
pub fn solve_instance(inst: &GapInstance, opts: &SolveOptions) -> Result<GapResult, Error> {
    let scenario = to_scenario(inst);
    let solver = opts.pick(crate::optimize::lead_variable_count(&scenario))?;
    let start = Instant::now();
    let attempt = solve_restricted(&scenario, &Restrictions::default(), opts)?;
    let seconds = start.elapsed().as_secs_f64();
    let mut r = GapResult {
        instance: inst.name.clone(),
        agents: inst.agents(),
        jobs: inst.jobs(),
        status: GapStatus::NoPlan,
        objective: None,
        bound: None,
        seconds,
        solver_seconds: seconds,
        solver,
        assignment: None,
    };
    match attempt {
        Attempt::Infeasible => r.status = GapStatus::Infeasible,
        Attempt::NoPlanFound { bound, seconds } => {
            r.bound = bound.map(|b| integer_bound(inst.sense, instance_terms(inst.sense, b)));
            r.solver_seconds = seconds;
        }
        Attempt::Planned(plan) => {
            let assign = assignment_of(inst, &plan.leads)?;
            let objective = checked_objective(inst, &assign, plan.objective)?;
            let bound = match plan.status {
                PlanStatus::Optimal => objective as f64,
                PlanStatus::TimeLimit => {
                    integer_bound(inst.sense, instance_terms(inst.sense, plan.bound))
                }
            };
            // The integer bound may close the gap the solver left open.
            r.status = if bound == objective as f64 {
                GapStatus::Optimal
            } else {
                GapStatus::TimeLimit
            };
            r.bound = Some(bound);
            r.objective = Some(objective);
            r.solver = plan.solver;
            r.solver_seconds = plan.seconds;
            r.assignment = Some(assign);
        }
    }
    Ok(r)
}

/// The plan's leads as job -> agent; exactly one lead per job.
fn assignment_of(inst: &GapInstance, leads: &[Vec<usize>]) -> Result<Vec<usize>, Error> {
    leads
        .iter()
        .enumerate()
        .map(|(j, l)| match l.as_slice() {
            [i] if *i < inst.agents() => Ok(*i),
            _ => Err(Error::Solver(format!(
                "{}: the plan gives job {} {} leads instead of one",
                inst.name,
                j + 1,
                l.len()
            ))),
        })
        .collect()
}

/// The instance's objective of `assign`, after checking capacities and that
/// leadplan's own objective agrees with it.
fn checked_objective(
    inst: &GapInstance,
    assign: &[usize],
    leadplan_objective: f64,
) -> Result<u64, Error> {
    let eval = inst.evaluate(assign);
    if let Some(&(i, load, cap)) = eval.overloaded.first() {
        return Err(Error::Solver(format!(
            "{}: the plan loads agent {} with {load} > capacity {cap}",
            inst.name,
            i + 1
        )));
    }
    let mine = instance_terms(inst.sense, leadplan_objective);
    if (mine - eval.objective as f64).abs() > 1e-6 * (1.0 + mine.abs()) {
        return Err(Error::Solver(format!(
            "{}: leadplan's objective {mine} differs from the recomputed {}",
            inst.name, eval.objective
        )));
    }
    Ok(eval.objective)
}
