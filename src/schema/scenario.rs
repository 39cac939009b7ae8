//! The scenario file, key by key, as the editor schema describes it.
//!
//! These types mirror the keys `crate::scenario::raw` reads (a test checks
//! that the two agree key for key); they are never deserialised, only
//! described, and their doc comments are the descriptions an editor shows.

// Fields are read by schemars' derive only.
#![allow(dead_code)]

use std::collections::BTreeMap;

use schemars::JsonSchema;

use super::sweep::SweepTable;

/// A leadplan scenario: countries, tasks and the policy that assigns leads (see docs/src/scenarios.md).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "leadplan scenario")]
pub(super) struct ScenarioFile {
    /// `[scenario]`: name, description and sources of the scenario.
    scenario: Option<Meta>,
    /// `[[country]]`: the countries that may lead tasks (at least one).
    #[schemars(length(min = 1))]
    country: Vec<Country>,
    /// `[[task]]`: the tasks to assign leads to (at least one).
    #[schemars(length(min = 1))]
    task: Vec<Task>,
    /// `[policy]`: limits, funding rule, sensitivity rule, objective weights and pins.
    policy: Option<Policy>,
    /// `[sweep]`: a sweep design over this scenario (read by `leadplan sweep`; `solve` ignores it).
    sweep: Option<SweepTable>,
}

/// `[scenario]`: what the scenario is and where its numbers come from.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct Meta {
    /// Name shown in reports and charts.
    name: Option<String>,
    /// Free-text description.
    description: Option<String>,
    /// Publications the numbers come from (listed in reports).
    sources: Option<Vec<String>>,
    /// Optional list of the capability dimensions; when given, a score or requirement on any other dimension is an error (catches typos).
    dimensions: Option<Vec<String>>,
    /// Font file for charts and reports (TTF/OTF/TTC), relative to the scenario file; needed for names in scripts the embedded font lacks (Korean, Japanese, Chinese).
    font: Option<String>,
    /// Capability matrix kept in a spreadsheet: a CSV file (`scores.csv`) or a workbook sheet (`book.xlsx#capabilities`), relative to the scenario file; its scores fill the countries' capabilities (docs/src/spreadsheets.md).
    capabilities: Option<String>,
    /// This future's weight when the file is one of `leadplan robust --futures` (>= 0; default 1).
    #[schemars(range(min = 0.0))]
    weight: Option<f64>,
    /// What one unit of money is, as reports print it after amounts (`US$ million`); costs, budgets and payments are in this unit.
    money_unit: Option<String>,
    /// What one unit of effort is, as reports print it after amounts (`staff-years`); efforts and capacities are in this unit.
    effort_unit: Option<String>,
}

/// A score in [0, 1].
#[derive(JsonSchema)]
#[schemars(transparent)]
pub(super) struct Score(#[schemars(range(min = 0.0, max = 1.0))] f64);

/// A number >= 0.
#[derive(JsonSchema)]
#[schemars(transparent)]
pub(super) struct NonNegative(#[schemars(range(min = 0.0))] f64);

/// One number for every country, or a number per country id (`{ US = 2, KR = 3 }`).
#[derive(JsonSchema)]
#[schemars(untagged)]
pub(super) enum PerCountry {
    /// The same number for every country (>= 0).
    Uniform(NonNegative),
    /// A number per country id (>= 0); every country needs one.
    PerCountry(BTreeMap<String, NonNegative>),
}

/// One `[[country]]`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct Country {
    /// Short unique id used in outputs, pins and per-country tables (e.g. "JP").
    id: String,
    /// Display name (default: the id).
    name: Option<String>,
    /// `[country.capability]`: capability score per dimension, in [0, 1]; a missing dimension scores 0.
    capability: Option<BTreeMap<String, Score>>,
    /// Effort units the country can spend leading tasks (>= 0; required).
    #[schemars(range(min = 0.0))]
    capacity: f64,
    /// Money for cost shares, in the scenario's money unit (>= 0; optional: unlimited).
    #[schemars(range(min = 0.0))]
    budget: Option<f64>,
    /// Highest task sensitivity the country may lead, in [0, 1] (default 1).
    #[schemars(range(min = 0.0, max = 1.0))]
    sensitivity_tolerance: Option<f64>,
    /// Weight of the country's fair share of the total cost, e.g. GDP (>= 0; normalised over countries; optional).
    #[schemars(range(min = 0.0))]
    fair_share: Option<f64>,
    /// Fewest tasks this country leads (whole number; overrides the policy for this country).
    min_leads: Option<u32>,
    /// Most tasks this country leads (whole number; overrides the policy for this country).
    max_leads: Option<u32>,
}

/// One `[[task]]`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct Task {
    /// Short unique id used in outputs and pins (e.g. "legal-code-drafting").
    id: String,
    /// Display name (default: the id).
    name: Option<String>,
    /// Domain of the task, any string (default "general"); `max_leads_per_domain` limits leads per country within one domain.
    domain: Option<String>,
    /// Weights over capability dimensions (>= 0): a country's fit is the weighted mean of its scores.
    requirements: Option<BTreeMap<String, NonNegative>>,
    /// Effort units leading the task takes (required): one number, or per country.
    effort: PerCountry,
    /// Cost of the task in money (default 0): one number, or per country.
    cost: Option<PerCountry>,
    /// Sensitivity in [0, 1] (default 0): a country may lead only up to its `sensitivity_tolerance`.
    #[schemars(range(min = 0.0, max = 1.0))]
    sensitivity: Option<f64>,
    /// Weight of the task in the objective (>= 0; default 1).
    #[schemars(range(min = 0.0))]
    importance: Option<f64>,
    /// Number of co-leads (whole number, 1 to the number of countries; default 1).
    #[schemars(range(min = 1))]
    leads: Option<u32>,
    /// Per-country override of the derived fit (any number >= 0).
    fit: Option<BTreeMap<String, NonNegative>>,
    /// true: the plan may leave the task without a lead (default false).
    optional: Option<bool>,
}

/// How task costs are paid.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
pub(super) enum Funding {
    /// Only a task's leads pay for it (default).
    Leads,
    /// Any country may contribute to any task.
    All,
}

/// What a lead above a country's sensitivity tolerance means.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
pub(super) enum SensitivityRule {
    /// No country leads a task above its tolerance (default).
    Forbid,
    /// Allowed, at a cost in the objective (weight `sensitivity`).
    Penalize,
}

/// `[policy.weights]`: objective weights (each >= 0).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct Weights {
    /// Weight of fit (default 1).
    #[schemars(range(min = 0.0))]
    fit: Option<f64>,
    /// Weight of cost, per money unit (default 0).
    #[schemars(range(min = 0.0))]
    cost: Option<f64>,
    /// Weight of sensitivity excess under `sensitivity_rule = "penalize"` (default 1).
    #[schemars(range(min = 0.0))]
    sensitivity: Option<f64>,
    /// Weight of deviation from fair shares of the total cost, per money unit (default 0).
    #[schemars(range(min = 0.0))]
    fairness: Option<f64>,
}

/// One `[[policy.pin]]`: a lead fixed before optimisation.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct Pin {
    /// Country id.
    country: String,
    /// Task id.
    task: String,
    /// true: the country must lead the task (default); false: it must not.
    lead: Option<bool>,
}

/// `[policy]`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct Policy {
    /// Every country leads at least this many tasks (whole number; default 0).
    min_leads_per_country: Option<u32>,
    /// No country leads more than this many tasks (whole number; optional).
    max_leads_per_country: Option<u32>,
    /// Per country, at most this many led tasks within one domain (whole number; optional).
    max_leads_per_domain: Option<u32>,
    /// Each lead carries at least this share of its task's cost, in [0, 1] (default 0).
    #[schemars(range(min = 0.0, max = 1.0))]
    min_lead_share: Option<f64>,
    /// Who pays: "leads" (default) or "all".
    funding: Option<Funding>,
    /// "forbid" (default) or "penalize".
    sensitivity_rule: Option<SensitivityRule>,
    /// Objective weights.
    weights: Option<Weights>,
    /// Leads fixed before optimisation (repeatable).
    pin: Option<Vec<Pin>>,
}

/// A leadplan sweep file: a `[sweep]` table naming its base scenario (see docs/src/sweeps-reference.md).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "leadplan sweep")]
pub(super) struct SweepFile {
    /// `[sweep]`: the base scenario, the design and the varied parameters.
    sweep: SweepTable,
    /// `[scenario]`, when the file is a scenario that sweeps itself (then `sweep.scenario` is absent).
    scenario: Option<Meta>,
    /// `[[country]]`, when the file is a scenario that sweeps itself.
    country: Option<Vec<Country>>,
    /// `[[task]]`, when the file is a scenario that sweeps itself.
    task: Option<Vec<Task>>,
    /// `[policy]`, when the file is a scenario that sweeps itself.
    policy: Option<Policy>,
}
