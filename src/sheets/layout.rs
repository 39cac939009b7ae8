//! The workbook layout: sheet names and columns, shared by the importer and the
//! template writer so the two cannot drift apart (docs/src/spreadsheets.md).

/// `countries`: one row per country.
pub(crate) const COUNTRIES: &str = "countries";
/// `capabilities`: a country x dimension matrix of scores in [0, 1].
pub(crate) use crate::cells::CAPABILITIES;
/// `tasks`: one row per task.
pub(crate) const TASKS: &str = "tasks";
/// `requirements`: a task x dimension matrix of weights (blank: not required).
pub(crate) const REQUIREMENTS: &str = "requirements";
/// `policy` (optional): key | value rows.
pub(crate) const POLICY: &str = "policy";
/// `pins` (optional): country | task | lead rows.
pub(crate) const PINS: &str = "pins";
/// `scenario` (optional): key | value rows (name, description, source, weight).
pub(crate) const SCENARIO: &str = "scenario";
/// `sources` (optional): where each number of the other sheets comes from.
pub(crate) const SOURCES: &str = "sources";

/// Every sheet the importer reads.
pub(crate) const SHEETS: &[&str] = &[
    SCENARIO,
    POLICY,
    COUNTRIES,
    CAPABILITIES,
    TASKS,
    REQUIREMENTS,
    PINS,
    SOURCES,
];

/// The sheets that hold numbers, in workbook order: those before `pins`.
pub(crate) const NUMBER_SHEETS: &[&str] = SHEETS.split_at(6).0;

/// Columns of `countries`, each also the scenario key it fills.
pub(crate) const COUNTRY_COLUMNS: &[&str] = &[
    "id",
    "name",
    "capacity",
    "budget",
    "sensitivity_tolerance",
    "fair_share",
    "min_leads",
    "max_leads",
];

/// Columns of `tasks`; `effort.ID`, `cost.ID` and `fit.ID` columns give
/// per-country values.
pub(crate) const TASK_COLUMNS: &[&str] = &[
    "id",
    "name",
    "domain",
    "effort",
    "cost",
    "sensitivity",
    "importance",
    "leads",
    "optional",
];

/// Per-country column prefixes of `tasks`.
pub(crate) const PER_COUNTRY: &[&str] = &["effort", "cost", "fit"];

/// Columns of `pins`.
pub(crate) const PIN_COLUMNS: &[&str] = &["country", "task", "lead"];

/// Columns of the key | value sheets.
pub(crate) const KV_COLUMNS: &[&str] = &["key", "value"];

/// Keys of `scenario` (`source` may repeat).
pub(crate) const SCENARIO_KEYS: &[&str] = &[
    "name",
    "description",
    "source",
    "weight",
    "money_unit",
    "effort_unit",
];

/// Columns of `sources`: a number named by its sheet, its row (the id, or the
/// key on `policy` and `scenario`) and its column; its value (a formula that
/// looks it up, not read on import); its marker and the comment after it.
pub(crate) const SOURCE_COLUMNS: &[&str] =
    &["sheet", "row", "column", "value", "marker", "comment"];

/// Keys of `policy`, with the scenario key each fills.
pub(crate) const POLICY_KEYS: &[(&str, &str)] = &[
    ("min_leads_per_country", "min_leads_per_country"),
    ("max_leads_per_country", "max_leads_per_country"),
    ("max_leads_per_domain", "max_leads_per_domain"),
    ("min_lead_share", "min_lead_share"),
    ("funding", "funding"),
    ("sensitivity_rule", "sensitivity_rule"),
    ("weight_fit", "weights.fit"),
    ("weight_cost", "weights.cost"),
    ("weight_sensitivity", "weights.sensitivity"),
    ("weight_fairness", "weights.fairness"),
];
