//! What a valid scenario probably did not mean: silent zeros and numbers a
//! solver cannot carry.
//!
//! Validation rejects what cannot be planned; these checks flag what can be
//! planned but changes the plan without a word: a country without a score on
//! a dimension a task requires (it counts as 0), a task without requirements
//! (every fit is 0), a task nobody may lead, and coefficients of one kind that
//! span more orders of magnitude than a solver's tolerances allow. `leadplan
//! check` prints them (exit 0) and lists them in `--format json`.

use serde::Serialize;

use super::Scenario;
use crate::fmt::fmt_num;

/// What a warning is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// A country has no score on a dimension a task requires.
    MissingScore,
    /// A task has no requirements, so every derived fit is 0.
    NoRequirements,
    /// No country may lead a task (sensitivity bans and pins).
    NobodyMayLead,
    /// Numbers of one kind span more than [`MAX_SPAN`].
    CoefficientSpan,
    /// A `lead = true` pin on a pair the sensitivity rule forbids.
    PinAgainstBan,
}

/// A warning about a valid scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Warning {
    /// What it is about.
    pub kind: WarningKind,
    /// A sentence saying what happens and what to do.
    pub message: String,
}

/// Largest ratio between the largest and smallest non-zero number of one kind
/// (efforts, costs, capacities, budgets) before solvers lose precision.
pub const MAX_SPAN: f64 = 1e7;

/// Every warning about `s`, in a fixed order.
pub fn warnings(s: &Scenario) -> Vec<Warning> {
    let mut out = Vec::new();
    missing_scores(s, &mut out);
    no_requirements(s, &mut out);
    nobody_may_lead(s, &mut out);
    pins_against_bans(s, &mut out);
    coefficient_spans(s, &mut out);
    out
}

fn warn(out: &mut Vec<Warning>, kind: WarningKind, message: String) {
    out.push(Warning { kind, message });
}

/// A missing score counts as 0 in every derived fit that uses the dimension.
fn missing_scores(s: &Scenario, out: &mut Vec<Warning>) {
    for (i, c) in s.countries.iter().enumerate() {
        let mut dims: Vec<(&String, Vec<&str>)> = Vec::new();
        for task in &s.tasks {
            if task.fit_overridden[i] {
                continue;
            }
            for (d, w) in &task.requirements {
                if *w <= 0.0 || c.capability.contains_key(d) {
                    continue;
                }
                match dims.iter_mut().find(|(k, _)| *k == d) {
                    Some((_, ts)) => ts.push(&task.name),
                    None => dims.push((d, vec![&task.name])),
                }
            }
        }
        for (d, tasks) in dims {
            warn(
                out,
                WarningKind::MissingScore,
                format!(
                    "{} has no score on `{d}`, which {} {}: it counts as 0 in {} fit; give {} a score on `{d}` (0 if that is meant)",
                    c.name,
                    tasks.join(", "),
                    if tasks.len() == 1 { "requires" } else { "require" },
                    if tasks.len() == 1 { "that" } else { "their" },
                    c.id
                ),
            );
        }
    }
}

/// A task without requirements has fit 0 for every country it has no override for.
fn no_requirements(s: &Scenario, out: &mut Vec<Warning>) {
    for task in &s.tasks {
        let total: f64 = task.requirements.values().sum();
        if total <= 0.0 && task.fit_overridden.iter().any(|o| !o) {
            warn(
                out,
                WarningKind::NoRequirements,
                format!(
                    "{} has no requirements, so every country's fit for it is 0 (only cost and the limits decide its lead); add requirements or fit overrides",
                    task.name
                ),
            );
        }
    }
}

/// Sensitivity bans and `lead = false` pins may leave a task without any possible lead.
fn nobody_may_lead(s: &Scenario, out: &mut Vec<Warning>) {
    for (t, task) in s.tasks.iter().enumerate() {
        let may = (0..s.countries.len()).filter(|&i| s.may_lead(i, t)).count();
        if may >= task.leads {
            continue;
        }
        let outcome = if task.optional {
            "it is always left out"
        } else {
            "no plan exists"
        };
        warn(
            out,
            WarningKind::NobodyMayLead,
            format!(
                "{} needs {} lead(s) but only {may} countr{} may lead it (sensitivity tolerance and pins): {outcome}",
                task.name,
                task.leads,
                if may == 1 { "y" } else { "ies" }
            ),
        );
    }
}

/// A country pinned to lead a task whose sensitivity exceeds its tolerance under
/// `sensitivity_rule = "forbid"`: the pin and the ban contradict, so no plan exists.
fn pins_against_bans(s: &Scenario, out: &mut Vec<Warning>) {
    for p in s.policy.pins.iter().filter(|p| p.lead) {
        if s.sensitivity_allows(p.country, p.task) {
            continue;
        }
        let (c, t) = (&s.countries[p.country], &s.tasks[p.task]);
        warn(
            out,
            WarningKind::PinAgainstBan,
            format!(
                "{} is pinned to lead {} but the task's sensitivity {} exceeds its tolerance {} under sensitivity_rule = \"forbid\": no plan exists; raise the tolerance, remove the pin or set sensitivity_rule = \"penalize\"",
                c.name, t.name, t.sensitivity, c.tolerance
            ),
        );
    }
}

/// Numbers of one kind spanning more than [`MAX_SPAN`]: the solver may then
/// call a feasible scenario infeasible or fail.
fn coefficient_spans(s: &Scenario, out: &mut Vec<Warning>) {
    let efforts = s.tasks.iter().flat_map(|t| t.effort.iter().copied());
    let costs = s.tasks.iter().flat_map(|t| t.cost.iter().copied());
    let capacities = s.countries.iter().map(|c| c.capacity);
    let budgets = s.countries.iter().filter_map(|c| c.budget);
    let families: [(&str, Vec<f64>); 4] = [
        ("task efforts", efforts.collect()),
        ("task costs", costs.collect()),
        ("capacities", capacities.collect()),
        ("budgets", budgets.collect()),
    ];
    for (name, values) in families {
        let nonzero = values.iter().map(|v| v.abs()).filter(|v| *v > 0.0);
        let lo = nonzero.clone().fold(f64::INFINITY, f64::min);
        let hi = nonzero.fold(0.0, f64::max);
        if lo.is_finite() && hi / lo > MAX_SPAN {
            warn(
                out,
                WarningKind::CoefficientSpan,
                format!(
                    "{name} span {} to {} (a ratio above 1e{}): solvers lose precision and may fail or misjudge feasibility; express them in units that bring them closer (e.g. millions)",
                    fmt_num(lo),
                    fmt_num(hi),
                    MAX_SPAN.log10().round()
                ),
            );
        }
    }
}
