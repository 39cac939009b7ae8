//! Scenarios: the countries, tasks and policy a planner writes down.
//!
//! A scenario file is read in two steps: [`raw`] takes every value out of the
//! TOML with its position, and [`validate`] checks its meaning and builds the
//! [`Scenario`] the model uses. Both steps collect every problem as a
//! [`Diagnostic`] rather than stopping at the first one.

/// Problems in an input file, each at its line and key, and how they are printed.
#[path = "../diag.rs"]
pub mod diag;
mod external;
pub(crate) use external::locate as locate_matrix;
pub mod provenance;
pub(crate) mod raw;
pub(crate) mod reader;
mod validate;
mod warnings;
mod write;

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::error::Error;

pub use warnings::{warnings, Warning, WarningKind, MAX_SPAN};
pub use write::to_toml;
pub(crate) use write::{key as toml_key, num as toml_num, q as toml_str};

/// A validated scenario. Every number is finite and in its documented range,
/// every reference resolves, and per-country data is dense (indexed like
/// [`Scenario::countries`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Display name.
    pub name: String,
    /// Free text shown in reports.
    pub description: String,
    /// Sources the numbers come from, as cited in the file.
    pub sources: Vec<String>,
    /// Capability dimensions, in declaration order.
    pub dimensions: Vec<String>,
    /// Countries, in file order.
    pub countries: Vec<Country>,
    /// Tasks, in file order.
    pub tasks: Vec<Task>,
    /// Planning rules and objective weights.
    pub policy: Policy,
    /// A font file for charts (relative to the scenario file), if set.
    pub font: Option<String>,
    /// This scenario's weight as one future of `robust` (`[scenario] weight`), if set.
    pub weight: Option<f64>,
    /// What one unit of money is (`US$ million`), for reports; empty when unsaid.
    pub money_unit: String,
    /// What one unit of effort is (`staff-years`), for reports; empty when unsaid.
    pub effort_unit: String,
}

/// One country's profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// Short unique id (`US`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Capability scores in [0, 1] by dimension; a missing dimension scores 0.
    pub capability: BTreeMap<String, f64>,
    /// Effort units the country can spend on leading tasks.
    pub capacity: f64,
    /// Money units for cost shares; `None` means unlimited.
    pub budget: Option<f64>,
    /// Highest task sensitivity the country accepts, in [0, 1].
    pub tolerance: f64,
    /// Fair share of the total cost (e.g. share of GDP), before normalisation.
    pub fair_share: Option<f64>,
    /// Country-specific minimum number of tasks led (overrides the policy).
    pub min_leads: Option<usize>,
    /// Country-specific maximum number of tasks led (overrides the policy).
    pub max_leads: Option<usize>,
}

/// One task to be led.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// Short unique id (`rapid-inoculation`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Domain (health, disaster_aid, ...), any string.
    pub domain: String,
    /// Weights over capability dimensions (non-negative).
    pub requirements: BTreeMap<String, f64>,
    /// Effort each country would spend leading it, per country index.
    pub effort: Vec<f64>,
    /// Cost of the task if that country leads it, per country index.
    pub cost: Vec<f64>,
    /// Political sensitivity in [0, 1].
    pub sensitivity: f64,
    /// Importance weight (multiplies fit and sensitivity terms).
    pub importance: f64,
    /// Number of (co-)leads.
    pub leads: usize,
    /// Fit of each country for this task: derived from the profile, or overridden.
    pub fit: Vec<f64>,
    /// Whether `fit[i]` came from an explicit override.
    pub fit_overridden: Vec<bool>,
    /// Whether the plan may leave the task without any lead.
    pub optional: bool,
}

/// Who pays for a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Funding {
    /// Only the leads of a task carry its cost.
    Leads,
    /// Any country may contribute to any task's cost.
    All,
}

/// What happens when a task's sensitivity exceeds a country's tolerance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SensitivityRule {
    /// The country may not lead that task.
    Forbid,
    /// It may, at a penalty proportional to the excess.
    Penalize,
}

/// Objective weights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Weight of capability fit (rewarded).
    pub fit: f64,
    /// Weight of cost (penalised).
    pub cost: f64,
    /// Weight of sensitivity excess (penalised).
    pub sensitivity: f64,
    /// Weight of deviation from fair burden shares (penalised).
    pub fairness: f64,
}

/// A country that must (or must not) lead a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pin {
    /// Country index.
    pub country: usize,
    /// Task index.
    pub task: usize,
    /// `true`: must lead; `false`: must not lead.
    pub lead: bool,
}

/// Planning rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Minimum number of tasks each country leads.
    pub min_leads: usize,
    /// Maximum number of tasks each country leads.
    pub max_leads: Option<usize>,
    /// Maximum number of tasks one country leads within one domain.
    pub max_per_domain: Option<usize>,
    /// Minimum share of a task's cost that each of its leads carries.
    pub min_share: f64,
    /// Who may pay.
    pub funding: Funding,
    /// Sensitivity rule.
    pub sensitivity_rule: SensitivityRule,
    /// Objective weights.
    pub weights: Weights,
    /// Pins.
    pub pins: Vec<Pin>,
}

impl Scenario {
    /// Index of the country with this id.
    pub fn country_index(&self, id: &str) -> Option<usize> {
        self.countries.iter().position(|c| c.id == id)
    }

    /// Index of the task with this id.
    pub fn task_index(&self, id: &str) -> Option<usize> {
        self.tasks.iter().position(|t| t.id == id)
    }

    /// Minimum leads for country `i` (its own setting, else the policy's).
    pub fn min_leads_of(&self, i: usize) -> usize {
        self.countries[i].min_leads.unwrap_or(self.policy.min_leads)
    }

    /// Maximum leads for country `i`, if bounded.
    pub fn max_leads_of(&self, i: usize) -> Option<usize> {
        self.countries[i].max_leads.or(self.policy.max_leads)
    }

    /// Whether country `i` may lead task `t` under the sensitivity rule.
    pub fn sensitivity_allows(&self, i: usize, t: usize) -> bool {
        self.policy.sensitivity_rule == SensitivityRule::Penalize
            || self.tasks[t].sensitivity <= self.countries[i].tolerance + 1e-12
    }

    /// Whether country `i` may lead task `t` at all: the sensitivity rule allows
    /// it and no `lead = false` pin bars it.
    pub fn may_lead(&self, i: usize, t: usize) -> bool {
        self.sensitivity_allows(i, t)
            && !self
                .policy
                .pins
                .iter()
                .any(|p| p.country == i && p.task == t && !p.lead)
    }

    /// Sensitivity in excess of country `i`'s tolerance for task `t` (0 if none).
    pub fn sensitivity_excess(&self, i: usize, t: usize) -> f64 {
        (self.tasks[t].sensitivity - self.countries[i].tolerance).max(0.0)
    }

    /// Normalised fair shares of the total cost, one per country (sum 1).
    /// Countries without a `fair_share` get an equal share when none has one.
    pub fn fair_shares(&self) -> Vec<f64> {
        let given: Vec<f64> = self
            .countries
            .iter()
            .map(|c| c.fair_share.unwrap_or(0.0))
            .collect();
        let total: f64 = given.iter().sum();
        if total > 0.0 {
            given.iter().map(|g| g / total).collect()
        } else {
            vec![1.0 / self.countries.len() as f64; self.countries.len()]
        }
    }

    /// Recomputes every derived (not overridden) fit from the current profiles and
    /// requirements; call after changing capabilities or requirements in place.
    pub fn recompute_fit(&mut self) {
        for task in &mut self.tasks {
            for (i, c) in self.countries.iter().enumerate() {
                if !task.fit_overridden[i] {
                    task.fit[i] = derived_fit(&c.capability, &task.requirements);
                }
            }
        }
    }

    /// The distinct domains, in order of first appearance.
    pub fn domains(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for t in &self.tasks {
            if !out.contains(&t.domain) {
                out.push(t.domain.clone());
            }
        }
        out
    }

    /// Per task, the index of its domain in [`Scenario::domains`].
    pub fn domain_of_tasks(&self) -> Vec<usize> {
        let domains = self.domains();
        self.tasks
            .iter()
            .map(|t| domains.iter().position(|d| *d == t.domain).unwrap_or(0))
            .collect()
    }

    /// Parses and validates scenario text; `file` names it in diagnostics.
    pub fn from_toml_str(text: &str, file: &str) -> Result<Scenario, Vec<Diagnostic>> {
        validate::load_str(text, file)
    }

    /// Reads and validates a scenario file.
    pub fn load(path: &Path) -> Result<Scenario, Error> {
        let bytes = crate::input::read_bounded(path, crate::input::InputKind::Scenario)?;
        let file = path.display().to_string();
        let text = String::from_utf8(bytes).map_err(|e| Error::Invalid {
            diagnostics: vec![crate::diag::SourceMap::new(&file, "").diag(
                0..0,
                "",
                format!(
                    "the file is not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
                Some("save the scenario as UTF-8 text".to_string()),
            )],
        })?;
        Self::from_toml_str(&text, &file).map_err(|diagnostics| Error::Invalid { diagnostics })
    }
}

/// Fit of a country for a task from its profile: the requirement-weighted mean
/// of its capability scores, `sum_d r_d * c_d / sum_d r_d` (0 when no requirement).
pub fn derived_fit(
    capability: &BTreeMap<String, f64>,
    requirements: &BTreeMap<String, f64>,
) -> f64 {
    let total: f64 = requirements.values().sum();
    if total <= 0.0 {
        return 0.0;
    }
    requirements
        .iter()
        .map(|(d, w)| w * capability.get(d).copied().unwrap_or(0.0))
        .sum::<f64>()
        / total
}
