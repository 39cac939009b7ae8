//! The only road from a [`RawScenario`] to a [`Scenario`].
//!
//! Small `check_*` functions, each about one rule, all recording diagnostics in a
//! shared [`Ctx`] instead of returning early, so one run reports every problem.

use std::collections::{BTreeMap, HashMap};

use toml::de::DeTable;

use super::raw::{self, RawCountry, RawPerCountry, RawScenario, RawTask};
use super::reader::{Ctx, TableReader, S};
use super::{derived_fit, Country, Funding, Pin, Policy, Scenario, SensitivityRule, Task, Weights};
use crate::diag::{closest, Diagnostic};

mod policy;
mod tasks;
use policy::{check_min_share_fits, check_policy};
use tasks::check_task;

/// An id to check: its value (if given), the item's key path and its span.
type IdItem<'a> = (Option<&'a S<String>>, &'a str, std::ops::Range<usize>);

/// Parses `text` and validates it into a scenario, or returns every problem.
pub fn load_str(text: &str, file: &str) -> Result<Scenario, Vec<Diagnostic>> {
    let mut ctx = Ctx::new(file, text);
    let (doc, errors) = DeTable::parse_recoverable(text);
    for e in &errors {
        let span = e.span().unwrap_or(0..0);
        let msg = e
            .message()
            .lines()
            .next()
            .unwrap_or("invalid TOML")
            .trim()
            .to_string();
        ctx.error(
            span,
            "",
            format!("TOML syntax: {msg}"),
            "fix the TOML syntax at this position".to_string(),
        );
    }
    if !errors.is_empty() {
        return Err(ctx.diags);
    }
    if let Some(span) = names_a_scenario(doc.get_ref()) {
        ctx.error(
            span,
            "sweep.scenario",
            "this is a sweep file (its `[sweep]` names a base scenario), not a scenario",
            "run it with `leadplan sweep FILE --out DIR`, or give the scenario it names to this command".to_string(),
        );
        return Err(ctx.diags);
    }
    let top = TableReader::new(doc.get_ref(), 0..0, String::new(), raw::TOP_KEYS);
    let mut raw = raw::read(&mut ctx, &top);
    super::external::apply(&mut ctx, &mut raw, file);
    let scenario = validate(&mut ctx, &raw);
    if ctx.diags.is_empty() {
        Ok(scenario)
    } else {
        ctx.diags.sort_by_key(|d| (d.line, d.column));
        Err(ctx.diags)
    }
}

/// Where a sweep file's `[sweep] scenario = ...` is, when the document has one
/// and no countries of its own (then it is a sweep file, not a scenario).
fn names_a_scenario(doc: &DeTable) -> Option<std::ops::Range<usize>> {
    if doc.contains_key("country") {
        return None;
    }
    match doc.get("sweep")?.get_ref() {
        toml::de::DeValue::Table(t) => t.get("scenario").map(|v| v.span()),
        _ => None,
    }
}

/// Checks the meaning of a raw scenario; problems go to `ctx`.
fn validate(ctx: &mut Ctx, raw: &RawScenario) -> Scenario {
    let country_ids = check_country_ids(ctx, raw);
    let dimensions = check_dimensions(ctx, raw);
    let countries: Vec<Country> = raw
        .countries
        .iter()
        .zip(&country_ids)
        .map(|(c, id)| check_country(ctx, c, id, &dimensions))
        .collect();
    let task_ids = check_task_ids(ctx, raw);
    let tasks: Vec<Task> = raw
        .tasks
        .iter()
        .zip(&task_ids)
        .map(|(t, id)| check_task(ctx, t, id, &country_ids, &countries, &dimensions))
        .collect();
    let policy = check_policy(ctx, raw, &country_ids, &task_ids);
    check_min_share_fits(ctx, raw, &tasks, policy.min_share);
    let m = &raw.meta;
    Scenario {
        name: m
            .name
            .as_ref()
            .map_or_else(|| "unnamed scenario".into(), |s| s.get_ref().clone()),
        description: m
            .description
            .as_ref()
            .map_or_else(String::new, |s| s.get_ref().clone()),
        sources: m.sources.iter().map(|s| s.get_ref().clone()).collect(),
        dimensions,
        countries,
        tasks,
        policy,
        font: m.font.as_ref().map(|s| s.get_ref().clone()),
        weight: m
            .weight
            .as_ref()
            .map(|w| check_non_negative(ctx, w, "scenario.weight", "a future's weight")),
        money_unit: check_unit(ctx, m.money_unit.as_ref(), "scenario.money_unit"),
        effort_unit: check_unit(ctx, m.effort_unit.as_ref(), "scenario.effort_unit"),
    }
}

fn check_unique_ids(ctx: &mut Ctx, items: &[IdItem], what: &str) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (k, (id, path, span)) in items.iter().enumerate() {
        match id {
            None => {
                ctx.error(
                    span.clone(),
                    &format!("{path}.id"),
                    format!("{what} has no `id`"),
                    format!("add `id = \"...\"`, a short unique name for this {what}"),
                );
                out.push(format!("#{k}"));
            }
            Some(id) if id.get_ref().trim().is_empty() => {
                ctx.error(
                    id.span(),
                    &format!("{path}.id"),
                    format!("{what} id is empty"),
                    "give it a short unique name".to_string(),
                );
                out.push(format!("#{k}"));
            }
            Some(id) => {
                let v = id.get_ref().clone();
                if let Some(first) = seen.get(&v) {
                    let line = ctx
                        .map
                        .diag(items[*first].0.map_or(0..0, |s| s.span()), "", "", None)
                        .line;
                    ctx.error(
                        id.span(),
                        &format!("{path}.id"),
                        format!("duplicate {what} id `{v}`"),
                        format!(
                            "ids must be unique; `{v}` is already used at line {line}: rename one"
                        ),
                    );
                } else {
                    seen.insert(v.clone(), k);
                }
                out.push(v);
            }
        }
    }
    out
}

fn check_country_ids(ctx: &mut Ctx, raw: &RawScenario) -> Vec<String> {
    if raw.countries.is_empty() {
        ctx.error(
            raw.span.clone(),
            "country",
            "the scenario has no countries",
            "add at least one `[[country]]` table with id, name and capacity".to_string(),
        );
    }
    let items: Vec<_> = raw
        .countries
        .iter()
        .map(|c| (c.id.as_ref(), c.path.as_str(), c.span.clone()))
        .collect();
    check_unique_ids(ctx, &items, "country")
}

fn check_task_ids(ctx: &mut Ctx, raw: &RawScenario) -> Vec<String> {
    if raw.tasks.is_empty() {
        ctx.error(
            raw.span.clone(),
            "task",
            "the scenario has no tasks",
            "add at least one `[[task]]` table with id, domain and effort".to_string(),
        );
    }
    let items: Vec<_> = raw
        .tasks
        .iter()
        .map(|t| (t.id.as_ref(), t.path.as_str(), t.span.clone()))
        .collect();
    check_unique_ids(ctx, &items, "task")
}

/// Declared dimensions, or the union of all capability keys when none is declared.
fn check_dimensions(ctx: &mut Ctx, raw: &RawScenario) -> Vec<String> {
    if let Some(dims) = &raw.meta.dimensions {
        let mut out: Vec<String> = Vec::new();
        for (i, d) in dims.iter().enumerate() {
            if out.contains(d.get_ref()) {
                ctx.error(
                    d.span(),
                    &format!("scenario.dimensions[{i}]"),
                    format!("dimension `{}` is listed twice", d.get_ref()),
                    "remove the repeated name".to_string(),
                );
            } else {
                out.push(d.get_ref().clone());
            }
        }
        return out;
    }
    let mut out: Vec<String> = Vec::new();
    for c in &raw.countries {
        for (k, _) in &c.capability {
            if !out.contains(k.get_ref()) {
                out.push(k.get_ref().clone());
            }
        }
    }
    out
}

fn check_dimension_known(ctx: &mut Ctx, key: &S<String>, path: &str, dims: &[String]) -> bool {
    if dims.contains(key.get_ref()) {
        return true;
    }
    let hint = match closest(key.get_ref(), dims.iter().map(String::as_str)) {
        Some(c) => format!("did you mean `{c}`? Dimensions: {}", dims.join(", ")),
        None if dims.is_empty() => {
            "declare it in `[scenario] dimensions` or give countries a score on it".to_string()
        }
        None => format!(
            "use one of: {} (or add it to `[scenario] dimensions`)",
            dims.join(", ")
        ),
    };
    ctx.error(
        key.span(),
        path,
        format!("unknown capability dimension `{}`", key.get_ref()),
        hint,
    );
    false
}

fn check_range(ctx: &mut Ctx, v: &S<f64>, path: &str, lo: f64, hi: f64, what: &str) -> f64 {
    let x = *v.get_ref();
    if x < lo || x > hi {
        let range = if hi.is_infinite() {
            format!(">= {lo}")
        } else {
            format!("in [{lo}, {hi}]")
        };
        ctx.error(
            v.span(),
            path,
            format!("{what} must be {range}, found {x}"),
            format!("write a value {range}"),
        );
        x.clamp(lo, hi)
    } else {
        x
    }
}

/// The largest number a scenario may hold (money, effort, capacity, weights):
/// past it, sums and objective terms lose every digit that tells plans apart,
/// and a product of two such numbers nears a float's range.
const MAX_NUMBER: f64 = 1e15;

fn check_non_negative(ctx: &mut Ctx, v: &S<f64>, path: &str, what: &str) -> f64 {
    let x = *v.get_ref();
    if x > MAX_NUMBER {
        ctx.error(
            v.span(),
            path,
            format!("{what} must be at most 1e15, found {x:e}"),
            "write it in larger units (e.g. millions), or, for a weight, divide every weight by the same number: only their ratios count".to_string(),
        );
        return MAX_NUMBER;
    }
    check_range(ctx, v, path, 0.0, f64::INFINITY, what)
}

/// A unit's name (`US$ million`): one short line; reports print it after amounts.
fn check_unit(ctx: &mut Ctx, v: Option<&S<String>>, path: &str) -> String {
    let Some(v) = v else {
        return String::new();
    };
    let u = v.get_ref().trim();
    if u.chars().count() > 40 || u.chars().any(char::is_control) {
        ctx.error(
            v.span(),
            path,
            "a unit must be one line of at most 40 characters".to_string(),
            "write a short name such as \"US$ million\" or \"staff-years\"".to_string(),
        );
        return String::new();
    }
    u.to_string()
}

fn check_count(ctx: &mut Ctx, v: &S<f64>, path: &str, what: &str) -> usize {
    let x = *v.get_ref();
    if x < 0.0 || x.fract() != 0.0 || x > 1e9 {
        ctx.error(
            v.span(),
            path,
            format!("{what} must be a whole number >= 0, found {x}"),
            "write a whole number such as 0, 1 or 2".to_string(),
        );
        return 0;
    }
    x as usize
}

fn check_country(ctx: &mut Ctx, c: &RawCountry, id: &str, dims: &[String]) -> Country {
    let p = &c.path;
    let mut capability = BTreeMap::new();
    for (k, v) in &c.capability {
        let path = format!("{p}.capability.{}", k.get_ref());
        if check_dimension_known(ctx, k, &path, dims) {
            capability.insert(
                k.get_ref().clone(),
                check_range(ctx, v, &path, 0.0, 1.0, "a capability score"),
            );
        }
    }
    let capacity = match &c.capacity {
        Some(v) => check_non_negative(ctx, v, &format!("{p}.capacity"), "capacity"),
        None if ctx.already_reported(&format!("{p}.capacity")) => 0.0,
        None => {
            ctx.error(
                c.span.clone(),
                &format!("{p}.capacity"),
                format!("country `{id}` has no `capacity`"),
                "add `capacity = N`, the effort units it can spend leading tasks".to_string(),
            );
            0.0
        }
    };
    let min_leads = c
        .min_leads
        .as_ref()
        .map(|v| check_count(ctx, v, &format!("{p}.min_leads"), "min_leads"));
    let max_leads = c
        .max_leads
        .as_ref()
        .map(|v| check_count(ctx, v, &format!("{p}.max_leads"), "max_leads"));
    if let (Some(lo), Some(hi), Some(v)) = (min_leads, max_leads, &c.max_leads) {
        if lo > hi {
            ctx.error(
                v.span(),
                &format!("{p}.max_leads"),
                format!("max_leads ({hi}) is below min_leads ({lo})"),
                "raise max_leads or lower min_leads".to_string(),
            );
        }
    }
    Country {
        id: id.to_string(),
        name: c
            .name
            .as_ref()
            .map_or_else(|| id.to_string(), |s| s.get_ref().clone()),
        capability,
        capacity,
        budget: c
            .budget
            .as_ref()
            .map(|v| check_non_negative(ctx, v, &format!("{p}.budget"), "budget")),
        tolerance: c.tolerance.as_ref().map_or(1.0, |v| {
            check_range(
                ctx,
                v,
                &format!("{p}.sensitivity_tolerance"),
                0.0,
                1.0,
                "sensitivity_tolerance",
            )
        }),
        fair_share: c
            .fair_share
            .as_ref()
            .map(|v| check_non_negative(ctx, v, &format!("{p}.fair_share"), "fair_share")),
        min_leads,
        max_leads,
    }
}

/// Resolves a country-id key, with a suggestion when it is unknown.
fn check_country_ref(ctx: &mut Ctx, key: &S<String>, path: &str, ids: &[String]) -> Option<usize> {
    if let Some(i) = ids.iter().position(|c| c == key.get_ref()) {
        return Some(i);
    }
    let hint = match closest(key.get_ref(), ids.iter().map(String::as_str)) {
        Some(c) => format!("did you mean `{c}`? Countries: {}", ids.join(", ")),
        None => format!("use a country id: {}", ids.join(", ")),
    };
    ctx.error(
        key.span(),
        path,
        format!("unknown country `{}`", key.get_ref()),
        hint,
    );
    None
}
