//! One run, isolated: make its scenario, solve it, judge the baseline plan in it.
//!
//! Whatever happens inside a run (an invalid scenario, infeasibility, a time
//! limit, a solver error, even a panic) becomes that run's [`Status`] with a
//! message; the sweep goes on. The solver runs single-threaded inside a worker.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use super::apply::{check, instantiate};
use super::spec::Sweep;
use crate::optimize::{
    blame_after, decide_in, shared_shape, value_in_run, Attempt, Evaluation, SharedShape,
};
use crate::plan::PlanStatus;
use crate::scenario::Scenario;
use crate::solve::SolveOptions;

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A proven optimal plan.
    Optimal,
    /// A plan, not proven optimal within the time limit.
    TimeLimit,
    /// The time limit ran out before any plan was found.
    NoPlan,
    /// No plan exists.
    Infeasible,
    /// The generated scenario breaks a scenario rule.
    Invalid,
    /// The solver failed.
    Error,
    /// The run panicked (a bug): recorded, not fatal.
    Panic,
}

impl Status {
    /// All statuses, in output order.
    pub const ALL: [Status; 7] = [
        Status::Optimal,
        Status::TimeLimit,
        Status::NoPlan,
        Status::Infeasible,
        Status::Invalid,
        Status::Error,
        Status::Panic,
    ];

    /// Its name in outputs.
    pub fn name(self) -> &'static str {
        [
            "optimal",
            "time_limit",
            "no_plan",
            "infeasible",
            "invalid",
            "error",
            "panic",
        ][self as usize]
    }

    /// The status with this name.
    pub fn from_name(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.name() == s)
    }
}

/// What the baseline plan's leads are worth in a run's scenario.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BaselineValue {
    /// Not evaluated (no baseline plan, or the run has no optimal plan).
    Unknown,
    /// The baseline leads break a constraint of this run's scenario.
    Infeasible,
    /// The objective with the baseline leads (money re-optimised).
    Feasible(f64),
}

/// One run's result.
#[derive(Clone, Debug, PartialEq)]
pub struct RunRecord {
    /// Run id (0-based, in design order).
    pub run: u64,
    /// The value recorded for each parameter.
    pub values: Vec<f64>,
    /// How it ended.
    pub status: Status,
    /// Why, when it did not end optimal.
    pub message: String,
    /// Objective of the plan found.
    pub objective: Option<f64>,
    /// Lead country indices per task (empty without a plan).
    pub leads: Vec<Vec<usize>>,
    /// The baseline plan in this run's scenario.
    pub baseline: BaselineValue,
    /// Infeasible runs: the constraint families whose lifting alone yields a
    /// plan (`capacity`, `budget+capacity`, or `several`; see [`crate::optimize::blame`]).
    pub blame: Option<String>,
    /// Seconds spent (not part of the deterministic outputs).
    pub seconds: f64,
}

impl RunRecord {
    /// The run's optimum minus the baseline plan's value here, when both exist.
    pub fn regret(&self) -> Option<f64> {
        match (self.status, self.objective, self.baseline) {
            (Status::Optimal, Some(o), BaselineValue::Feasible(b)) => Some(o - b),
            _ => None,
        }
    }
}

/// Everything a worker needs, shared read-only.
pub struct RunContext<'a> {
    /// The sweep.
    pub sweep: &'a Sweep,
    /// Solver options (one thread per solve).
    pub solve: SolveOptions,
    /// The baseline plan's leads, if the base scenario has a plan.
    pub baseline: Option<Vec<Vec<usize>>>,
    /// The lead patterns the runs share: the base scenario's, listed under the
    /// widest capacities the sweep can draw; runs it covers are solved by the
    /// pattern search, the others by the MILP ([`crate::optimize::SharedShape`]).
    pub(crate) pattern_shape: SharedShape,
}

impl<'a> RunContext<'a> {
    /// The context for `sweep`'s runs, with the pattern shape they share.
    pub fn new(
        sweep: &'a Sweep,
        solve: SolveOptions,
        baseline: Option<Vec<Vec<usize>>>,
    ) -> RunContext<'a> {
        RunContext {
            sweep,
            solve,
            baseline,
            pattern_shape: SharedShape::within(
                &sweep.scenario,
                &super::widest::widest_capacities(sweep),
            ),
        }
    }
}

/// Runs `f`, turning a panic into an error message.
pub fn isolate<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        if let Some(s) = payload.downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            "panic with a non-text payload".to_string()
        }
    })
}

/// Executes run `r` (never panics).
pub fn execute(ctx: &RunContext, r: u64) -> (RunRecord, Option<Scenario>) {
    let start = Instant::now();
    let u = ctx.sweep.design.point(r);
    let mut record = RunRecord {
        run: r,
        values: Vec::new(),
        status: Status::Panic,
        message: String::new(),
        objective: None,
        leads: Vec::new(),
        baseline: BaselineValue::Unknown,
        blame: None,
        seconds: 0.0,
    };
    let result = isolate(|| {
        let (s, values) = instantiate(ctx.sweep, &u);
        record.values = values;
        solve_run(ctx, &s, &mut record);
        s
    });
    let scenario = match result {
        Ok(s) => Some(s),
        Err(msg) => {
            record.status = Status::Panic;
            record.message = format!("panic: {msg}");
            None
        }
    };
    if record.values.len() != ctx.sweep.params.len() {
        record.values = vec![f64::NAN; ctx.sweep.params.len()];
    }
    record.message = record.message.replace(['\n', '\r'], " ");
    record.seconds = start.elapsed().as_secs_f64();
    (record, scenario)
}

fn solve_run(ctx: &RunContext, s: &Scenario, rec: &mut RunRecord) {
    let problems = check(s);
    if !problems.is_empty() {
        rec.status = Status::Invalid;
        rec.message = problems.join("; ");
        return;
    }
    // One decision path with `solve` (src/optimize/decide.rs): the proof, the
    // worker's shared pattern listing, the MILP, a second opinion. The run's
    // pattern shape is computed once for the solve and the baseline.
    let shared = shared_shape(s, &ctx.pattern_shape);
    let (attempt, proof) = match decide_in(s, &ctx.solve, shared) {
        Ok(v) => (Ok(v.attempt), v.proof),
        Err(e) => (Err(e), None),
    };
    match attempt {
        Err(e) => {
            rec.status = Status::Error;
            rec.message = e.to_string();
        }
        Ok(Attempt::Infeasible) => {
            rec.status = Status::Infeasible;
            rec.message = "no plan meets every constraint (run `leadplan solve` on this run's scenario for a diagnosis)".into();
            rec.blame = blame_after(s, &ctx.solve, proof.as_ref()).ok();
        }
        Ok(Attempt::NoPlanFound { seconds, .. }) => {
            rec.status = Status::NoPlan;
            rec.message = format!("no plan found within the time limit ({seconds:.3} s)");
        }
        Ok(Attempt::Planned(plan)) => {
            rec.objective = Some(plan.objective);
            rec.leads = plan.leads.clone();
            if plan.status == PlanStatus::TimeLimit {
                rec.status = Status::TimeLimit;
                rec.message = if plan.bound.is_finite() {
                    format!("not proven optimal: best bound {}", plan.bound)
                } else {
                    "not proven optimal: no bound proven within the time limit".into()
                };
                return;
            }
            rec.status = Status::Optimal;
            rec.baseline = baseline_value(ctx, s, shared, &plan.leads, plan.objective);
        }
    }
}

/// The baseline leads' value in `s`: the optimum itself when the plan is the
/// same, else [`crate::optimize::evaluate_fixed`] (bans and pins respected,
/// money re-optimised), through the worker's pattern cache ([`value_in_run`]).
fn baseline_value(
    ctx: &RunContext,
    s: &Scenario,
    shared: Option<&SharedShape>,
    leads: &[Vec<usize>],
    objective: f64,
) -> BaselineValue {
    let Some(base) = &ctx.baseline else {
        return BaselineValue::Unknown;
    };
    if base.as_slice() == leads {
        return BaselineValue::Feasible(objective);
    }
    match value_in_run(s, base, &ctx.solve, shared) {
        Ok(Evaluation::Feasible(p)) if p.status == PlanStatus::Optimal => {
            BaselineValue::Feasible(p.objective)
        }
        Ok(Evaluation::Infeasible) => BaselineValue::Infeasible,
        _ => BaselineValue::Unknown,
    }
}

/// What the writer thread feeds each record to, in run order: a whole sweep's
/// aggregator (`engine`), or a shard's counts.
pub(crate) trait Tally: Send {
    /// One more record, the next in run order.
    fn tally(&mut self, r: &RunRecord);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_message() {
        let r: Result<(), String> = isolate(|| panic!("boom {}", 7));
        assert_eq!(r.unwrap_err(), "boom 7");
        assert_eq!(isolate(|| 3).unwrap(), 3);
    }

    #[test]
    fn status_names_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::from_name(s.name()), Some(s));
        }
    }
}
