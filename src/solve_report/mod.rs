//! What `leadplan solve` tells a person or a program, one file per format.
//!
//! [`SolveReport`] gathers the outcome in domain terms (ids and names, never
//! indices); each format module renders it. Adding a format is one file plus one
//! arm in [`Format`] and [`render`]. Floats are rounded here, in the formatter, so
//! outputs are stable across solvers and platforms.

mod csv_out;
mod json;
mod markdown;
mod pins;
pub mod table;
mod text;

use serde::Serialize;

use crate::explain::{Binding, Explanation};
use crate::optimize::Diagnosis;
use crate::optimize::Outcome;
use crate::scenario::Scenario;

/// Output formats of `solve`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable terminal tables.
    Text,
    /// The stable JSON shape documented in docs/src/output.md.
    Json,
    /// One row per task.
    Csv,
    /// Markdown tables, for documents.
    Markdown,
    /// An Excel workbook (summary, plan, runner-ups, country load, binding
    /// limits); binary, so it needs `--out FILE.xlsx`.
    Xlsx,
}

pub use crate::fmt::round;

/// One task's row.
#[derive(Clone, Debug, Serialize)]
pub struct AssignmentRow {
    /// Task id.
    pub task: String,
    /// Task name.
    pub name: String,
    /// Domain.
    pub domain: String,
    /// Lead country ids.
    pub leads: Vec<String>,
    /// Cost share by country id, in country order.
    #[serde(serialize_with = "as_map")]
    pub shares: Vec<(String, f64)>,
    /// Realised cost.
    pub cost: f64,
    /// Mean fit of the leads.
    pub fit: f64,
    /// Runner-up country id.
    pub runner_up: Option<String>,
    /// Objective lost if the runner-up leads instead.
    pub runner_up_loss: Option<f64>,
    /// The runner-up's fit needed to take the lead (`solve --what-would-it-take` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub what_would_it_take: Option<crate::explain::threshold::Threshold>,
}

fn as_map<S: serde::Serializer>(pairs: &[(String, f64)], ser: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = ser.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        m.serialize_entry(k, v)?;
    }
    m.end()
}

/// One country's load.
#[derive(Clone, Debug, Serialize)]
pub struct CountryRow {
    /// Country id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Tasks led.
    pub leads: usize,
    /// Effort used.
    pub effort_used: f64,
    /// Capacity.
    pub capacity: f64,
    /// Money paid.
    pub cost_paid: f64,
    /// Budget (null when unlimited).
    pub budget: Option<f64>,
}

/// One objective term.
#[derive(Clone, Debug, Serialize)]
pub struct TermRow {
    /// Term name.
    pub term: String,
    /// Unweighted value.
    pub value: f64,
    /// Weight.
    pub weight: f64,
    /// Signed contribution to the objective.
    pub contribution: f64,
}

/// Everything `solve` reports.
#[derive(Clone, Debug, Serialize)]
pub struct SolveReport {
    /// Scenario name.
    pub scenario: String,
    /// optimal, time_limit or infeasible.
    pub status: String,
    /// Objective (null when there is no plan).
    pub objective: Option<f64>,
    /// Best proven bound (null when there is none).
    pub bound: Option<f64>,
    /// Solver used.
    pub solver: Option<String>,
    /// One row per task.
    pub assignments: Vec<AssignmentRow>,
    /// One row per country.
    pub countries: Vec<CountryRow>,
    /// Objective breakdown.
    pub objective_terms: Vec<TermRow>,
    /// Constraints the plan runs up against.
    pub binding: Vec<Binding>,
    /// Why no plan exists (infeasible only).
    pub diagnosis: Option<Diagnosis>,
    /// A sentence on the status.
    pub message: String,
    /// What the pins cost against the optimum without them (`solve --price-pins` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pin_prices: Option<crate::explain::pins::PinPrices>,
    /// Seconds in the solver (not serialised: outputs stay byte-identical).
    #[serde(skip)]
    pub seconds: f64,
    /// Whether runner-ups were computed.
    #[serde(skip)]
    pub explained: bool,
}

impl SolveReport {
    /// Assembles the report from an outcome and (for plans) its explanation.
    pub fn new(s: &Scenario, outcome: &Outcome, explanation: Option<&Explanation>) -> SolveReport {
        let mut r = SolveReport {
            scenario: s.name.clone(),
            status: String::new(),
            objective: None,
            bound: None,
            solver: None,
            assignments: Vec::new(),
            countries: Vec::new(),
            objective_terms: Vec::new(),
            binding: Vec::new(),
            diagnosis: None,
            message: String::new(),
            pin_prices: None,
            seconds: 0.0,
            explained: explanation.is_some(),
        };
        match outcome {
            Outcome::Planned(plan) => {
                r.status = plan.status.name().into();
                r.objective = Some(round(plan.objective));
                r.bound = plan.bound.is_finite().then(|| round(plan.bound));
                r.solver = Some(plan.solver.name().into());
                r.seconds = plan.seconds;
                r.message = match plan.status {
                    crate::PlanStatus::Optimal => "optimal: no plan scores higher".into(),
                    crate::PlanStatus::TimeLimit if plan.bound.is_finite() => format!(
                        "not proven optimal: the time limit stopped the search; the best plan found scores {}, and no plan can score more than {}",
                        crate::fmt::fmt_num(plan.objective), crate::fmt::fmt_num(plan.bound)
                    ),
                    crate::PlanStatus::TimeLimit => format!(
                        "not proven optimal: the time limit stopped the search before it proved any bound; the best plan found scores {}; raise --time-limit for a bound",
                        crate::fmt::fmt_num(plan.objective)
                    ),
                };
                fill_plan(&mut r, s, plan, explanation);
            }
            Outcome::Infeasible(d) => {
                r.status = "infeasible".into();
                r.message = d.summary();
                r.diagnosis = Some(d.clone());
            }
            Outcome::NoPlanFound { bound, seconds } => {
                r.status = "time_limit".into();
                r.bound = bound.map(round);
                r.seconds = *seconds;
                r.message = if crate::options::HIGHS_AVAILABLE {
                    "the time limit ran out before any plan was found; raise --time-limit or use --solver highs"
                } else {
                    "the time limit ran out before any plan was found; raise --time-limit, or build with --features highs and use --solver highs"
                }
                .into();
            }
        }
        r
    }
}

fn fill_plan(
    r: &mut SolveReport,
    s: &Scenario,
    plan: &crate::Plan,
    explanation: Option<&Explanation>,
) {
    for (t, task) in s.tasks.iter().enumerate() {
        let ru = explanation.and_then(|e| e.runner_ups.get(t));
        let fit = plan.leads[t].iter().map(|&i| task.fit[i]).sum::<f64>() / task.leads as f64;
        r.assignments.push(AssignmentRow {
            task: task.id.clone(),
            name: task.name.clone(),
            domain: task.domain.clone(),
            leads: plan.leads[t]
                .iter()
                .map(|&i| s.countries[i].id.clone())
                .collect(),
            shares: plan
                .shares_by_id(s, t)
                .into_iter()
                .map(|(k, v)| (k, round(v)))
                .collect(),
            cost: round(plan.task_cost(s, t)),
            fit: round(fit),
            runner_up: ru.and_then(|x| x.country.clone()),
            runner_up_loss: ru.and_then(|x| x.objective_loss).map(round),
            what_would_it_take: None,
        });
    }
    for (i, c) in s.countries.iter().enumerate() {
        r.countries.push(CountryRow {
            id: c.id.clone(),
            name: c.name.clone(),
            leads: plan.lead_count(i),
            effort_used: round(plan.effort_used(s, i)),
            capacity: c.capacity,
            cost_paid: round(plan.money_paid(i)),
            budget: c.budget,
        });
    }
    let w = s.policy.weights;
    let t = plan.terms;
    for (name, value, weight, sign) in [
        ("fit", t.fit, w.fit, 1.0),
        ("cost", t.cost, w.cost, -1.0),
        ("sensitivity", t.sensitivity, w.sensitivity, -1.0),
        ("fairness", t.fairness, w.fairness, -1.0),
    ] {
        r.objective_terms.push(TermRow {
            term: name.into(),
            value: round(value),
            weight,
            contribution: round(sign * weight * value),
        });
    }
    r.binding = explanation
        .map(|e| e.binding.clone())
        .unwrap_or_else(|| crate::explain::binding(s, plan));
}

/// Renders a report in a format.
pub fn render(r: &SolveReport, format: Format) -> Result<String, crate::Error> {
    Ok(match format {
        Format::Text => text::render(r),
        Format::Json => json::render(r),
        Format::Csv => csv_out::render(r)?,
        Format::Markdown => markdown::render(r),
        Format::Xlsx => {
            return Err(crate::Error::Usage(
                "xlsx is a binary format: write it to a file with --out FILE.xlsx".into(),
            ))
        }
    })
}
