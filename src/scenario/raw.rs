//! The scenario file as written: every value optional and spanned, nothing checked
//! beyond its TOML type.
//!
//! `RawScenario` mirrors the file format one to one. It exists so that
//! [`super::validate`] has every value and its position at hand while it checks
//! the meaning; the validated [`super::Scenario`] is a different type, and
//! `validate` is the only road between the two.

use super::reader::{Ctx, TableReader, S};
use toml::de::DeValue;

/// Keys allowed at the top level. `sweep` holds a sweep design (see
/// `crate::sweep`) that `leadplan sweep` reads; the scenario loader ignores it.
pub const TOP_KEYS: &[&str] = &["scenario", "country", "task", "policy", "sweep"];
const META_KEYS: &[&str] = &[
    "name",
    "description",
    "sources",
    "dimensions",
    "font",
    "capabilities",
    "weight",
    "money_unit",
    "effort_unit",
];
const COUNTRY_KEYS: &[&str] = &[
    "id",
    "name",
    "capability",
    "capacity",
    "budget",
    "sensitivity_tolerance",
    "fair_share",
    "min_leads",
    "max_leads",
];
const TASK_KEYS: &[&str] = &[
    "id",
    "name",
    "domain",
    "requirements",
    "effort",
    "cost",
    "sensitivity",
    "importance",
    "leads",
    "fit",
    "optional",
];
const POLICY_KEYS: &[&str] = &[
    "min_leads_per_country",
    "max_leads_per_country",
    "max_leads_per_domain",
    "min_lead_share",
    "funding",
    "sensitivity_rule",
    "weights",
    "pin",
];
const WEIGHT_KEYS: &[&str] = &["fit", "cost", "sensitivity", "fairness"];
const PIN_KEYS: &[&str] = &["country", "task", "lead"];

/// A number given once for all countries, or per country id.
#[derive(Debug, Clone)]
pub enum RawPerCountry {
    /// One number for every country.
    Uniform(S<f64>),
    /// A number per country id.
    Map(Vec<(S<String>, S<f64>)>),
}

/// `[scenario]`.
#[derive(Debug, Default, Clone)]
pub struct RawMeta {
    pub name: Option<S<String>>,
    pub description: Option<S<String>>,
    pub sources: Vec<S<String>>,
    pub dimensions: Option<Vec<S<String>>>,
    pub font: Option<S<String>>,
    /// A capability matrix file (`scores.csv`, `book.xlsx#sheet`), see `super::external`.
    pub capabilities: Option<S<String>>,
    pub weight: Option<S<f64>>,
    pub money_unit: Option<S<String>>,
    pub effort_unit: Option<S<String>>,
}

/// One `[[country]]`.
#[derive(Debug, Clone)]
pub struct RawCountry {
    pub span: std::ops::Range<usize>,
    pub path: String,
    pub id: Option<S<String>>,
    pub name: Option<S<String>>,
    pub capability: Vec<(S<String>, S<f64>)>,
    pub capacity: Option<S<f64>>,
    pub budget: Option<S<f64>>,
    pub tolerance: Option<S<f64>>,
    pub fair_share: Option<S<f64>>,
    pub min_leads: Option<S<f64>>,
    pub max_leads: Option<S<f64>>,
}

/// One `[[task]]`.
#[derive(Debug, Clone)]
pub struct RawTask {
    pub span: std::ops::Range<usize>,
    pub path: String,
    pub id: Option<S<String>>,
    pub name: Option<S<String>>,
    pub domain: Option<S<String>>,
    pub requirements: Vec<(S<String>, S<f64>)>,
    pub effort: Option<RawPerCountry>,
    pub cost: Option<RawPerCountry>,
    pub sensitivity: Option<S<f64>>,
    pub importance: Option<S<f64>>,
    pub leads: Option<S<f64>>,
    pub fit: Vec<(S<String>, S<f64>)>,
    pub optional: Option<S<bool>>,
}

/// One `[[policy.pin]]`.
#[derive(Debug, Clone)]
pub struct RawPin {
    pub span: std::ops::Range<usize>,
    pub path: String,
    pub country: Option<S<String>>,
    pub task: Option<S<String>>,
    pub lead: Option<S<bool>>,
}

/// `[policy.weights]`.
#[derive(Debug, Default, Clone)]
pub struct RawWeights {
    pub fit: Option<S<f64>>,
    pub cost: Option<S<f64>>,
    pub sensitivity: Option<S<f64>>,
    pub fairness: Option<S<f64>>,
}

/// `[policy]`.
#[derive(Debug, Default, Clone)]
pub struct RawPolicy {
    pub min_leads: Option<S<f64>>,
    pub max_leads: Option<S<f64>>,
    pub max_per_domain: Option<S<f64>>,
    pub min_share: Option<S<f64>>,
    pub funding: Option<S<String>>,
    pub sensitivity_rule: Option<S<String>>,
    pub weights: RawWeights,
    pub pins: Vec<RawPin>,
}

/// A whole scenario file as written.
#[derive(Debug, Default, Clone)]
pub struct RawScenario {
    pub meta: RawMeta,
    pub countries: Vec<RawCountry>,
    pub tasks: Vec<RawTask>,
    pub policy: RawPolicy,
    /// Span of the whole document, for "missing" diagnostics at top level.
    pub span: std::ops::Range<usize>,
}

/// Reads the raw scenario out of a parsed document, recording type problems.
pub fn read(ctx: &mut Ctx, top: &TableReader) -> RawScenario {
    top.check_unknown(ctx);
    let meta = top
        .table(ctx, "scenario", META_KEYS)
        .map(|t| read_meta(ctx, &t))
        .unwrap_or_default();
    let countries = top
        .tables(ctx, "country", COUNTRY_KEYS)
        .iter()
        .map(|t| read_country(ctx, t))
        .collect();
    let tasks = top
        .tables(ctx, "task", TASK_KEYS)
        .iter()
        .map(|t| read_task(ctx, t))
        .collect();
    let policy = top
        .table(ctx, "policy", POLICY_KEYS)
        .map(|t| read_policy(ctx, &t))
        .unwrap_or_default();
    RawScenario {
        meta,
        countries,
        tasks,
        policy,
        span: top.span(),
    }
}

fn read_meta(ctx: &mut Ctx, t: &TableReader) -> RawMeta {
    t.check_unknown(ctx);
    RawMeta {
        name: t.string(ctx, "name"),
        description: t.string(ctx, "description"),
        sources: t.strings(ctx, "sources").unwrap_or_default(),
        dimensions: t.strings(ctx, "dimensions"),
        font: t.string(ctx, "font"),
        capabilities: t.string(ctx, "capabilities"),
        weight: t.number(ctx, "weight"),
        money_unit: t.string(ctx, "money_unit"),
        effort_unit: t.string(ctx, "effort_unit"),
    }
}

fn read_country(ctx: &mut Ctx, t: &TableReader) -> RawCountry {
    t.check_unknown(ctx);
    RawCountry {
        span: t.span(),
        path: t.path.clone(),
        id: t.string(ctx, "id"),
        name: t.string(ctx, "name"),
        capability: t.number_map(ctx, "capability").unwrap_or_default(),
        capacity: t.number(ctx, "capacity"),
        budget: t.number(ctx, "budget"),
        tolerance: t.number(ctx, "sensitivity_tolerance"),
        fair_share: t.number(ctx, "fair_share"),
        min_leads: t.number(ctx, "min_leads"),
        max_leads: t.number(ctx, "max_leads"),
    }
}

fn per_country(ctx: &mut Ctx, t: &TableReader, key: &str) -> Option<RawPerCountry> {
    match t.get(key)?.get_ref() {
        DeValue::Table(_) => t.number_map(ctx, key).map(RawPerCountry::Map),
        _ => t.number(ctx, key).map(RawPerCountry::Uniform),
    }
}

fn read_task(ctx: &mut Ctx, t: &TableReader) -> RawTask {
    t.check_unknown(ctx);
    RawTask {
        span: t.span(),
        path: t.path.clone(),
        id: t.string(ctx, "id"),
        name: t.string(ctx, "name"),
        domain: t.string(ctx, "domain"),
        requirements: t.number_map(ctx, "requirements").unwrap_or_default(),
        effort: per_country(ctx, t, "effort"),
        cost: per_country(ctx, t, "cost"),
        sensitivity: t.number(ctx, "sensitivity"),
        importance: t.number(ctx, "importance"),
        leads: t.number(ctx, "leads"),
        fit: t.number_map(ctx, "fit").unwrap_or_default(),
        optional: t.boolean(ctx, "optional"),
    }
}

fn read_policy(ctx: &mut Ctx, t: &TableReader) -> RawPolicy {
    t.check_unknown(ctx);
    let weights = t
        .table(ctx, "weights", WEIGHT_KEYS)
        .map(|w| {
            w.check_unknown(ctx);
            RawWeights {
                fit: w.number(ctx, "fit"),
                cost: w.number(ctx, "cost"),
                sensitivity: w.number(ctx, "sensitivity"),
                fairness: w.number(ctx, "fairness"),
            }
        })
        .unwrap_or_default();
    let pins = t
        .tables(ctx, "pin", PIN_KEYS)
        .iter()
        .map(|p| {
            p.check_unknown(ctx);
            RawPin {
                span: p.span(),
                path: p.path.clone(),
                country: p.string(ctx, "country"),
                task: p.string(ctx, "task"),
                lead: p.boolean(ctx, "lead"),
            }
        })
        .collect();
    RawPolicy {
        min_leads: t.number(ctx, "min_leads_per_country"),
        max_leads: t.number(ctx, "max_leads_per_country"),
        max_per_domain: t.number(ctx, "max_leads_per_domain"),
        min_share: t.number(ctx, "min_lead_share"),
        funding: t.string(ctx, "funding"),
        sensitivity_rule: t.string(ctx, "sensitivity_rule"),
        weights,
        pins,
    }
}
