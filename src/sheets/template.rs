//! `leadplan export SCENARIO --format xlsx`: the import template, filled.
//!
//! The sheets and columns are the ones [`super::import`] reads
//! ([`super::layout`]), so exporting a scenario and importing the workbook gives
//! back the same scenario (every number is stored in full; the round trip is
//! tested on every shipped scenario). A number the scenario file leaves to its
//! default is a blank cell (or, on `policy`, no row), as the importer reads a
//! blank; the `sources` sheet ([`super::sources`]) says where each number
//! comes from, as the file's comments do.

use std::path::Path;

use super::layout::*;
use super::marks::{self, FileNumbers};
use super::sources;
use super::xlsx::{Book, Out};
use crate::error::Error;
use crate::scenario::{Funding, Scenario, SensitivityRule, Task};

/// Rows of the `sources` sheet that get the marker dropdown, beyond the filled ones.
const SPARE_ROWS: u32 = 1000;

/// The scenario read from `file` (whose text is `text`) as an xlsx workbook
/// in the import layout, and notes on what the `sources` sheet could not say.
pub fn scenario_xlsx(
    s: &Scenario,
    file: &Path,
    text: &str,
) -> Result<(Vec<u8>, Vec<String>), Error> {
    let file = FileNumbers::read(text, file);
    let sheets = vec![
        (SCENARIO, meta_rows(s)),
        (POLICY, policy_rows(s, &file)),
        (COUNTRIES, country_rows(s, &file)),
        (CAPABILITIES, capability_rows(s)),
        (TASKS, task_rows(s, &file)),
        (REQUIREMENTS, requirement_rows(s)),
        (PINS, pin_rows(s)),
    ];
    let (sourced, note) = marks::rows(&sheets, &file)?;
    let notes = file.notes.iter().cloned().chain(note).collect();
    let mut b = Book::new();
    for (name, rows) in &sheets {
        b.sheet(name, rows)?;
    }
    b.sheet(SOURCES, &sourced)?;
    let n = sourced.len() as u32;
    let marker = SOURCE_COLUMNS
        .iter()
        .position(|c| *c == "marker")
        .unwrap_or(0) as u16;
    b.choices(
        SOURCES,
        marker,
        (1, n + SPARE_ROWS),
        &sources::marker_words(),
        "Where the number comes from: source (a publication the comment names), approximate, judgement or illustrative; blank: not marked.",
    )?;
    b.filter(SOURCES, n, SOURCE_COLUMNS.len() as u16)?;
    Ok((b.finish()?, notes))
}

fn capability_rows(s: &Scenario) -> Vec<Vec<Out>> {
    let mut caps = vec![header("country", &s.dimensions)];
    for c in &s.countries {
        let mut row = vec![Out::from(c.id.as_str())];
        row.extend(
            s.dimensions
                .iter()
                .map(|d| Out::Num(c.capability.get(d).copied().unwrap_or(0.0))),
        );
        caps.push(row);
    }
    caps
}

fn requirement_rows(s: &Scenario) -> Vec<Vec<Out>> {
    let mut reqs = vec![header("task", &s.dimensions)];
    for t in &s.tasks {
        let mut row = vec![Out::from(t.id.as_str())];
        row.extend(
            s.dimensions
                .iter()
                .map(|d| t.requirements.get(d).map_or(Out::Blank, |v| Out::Num(*v))),
        );
        reqs.push(row);
    }
    reqs
}

fn pin_rows(s: &Scenario) -> Vec<Vec<Out>> {
    let mut pins = vec![PIN_COLUMNS
        .iter()
        .map(|c| Out::from(*c))
        .collect::<Vec<_>>()];
    for p in &s.policy.pins {
        pins.push(vec![
            s.countries[p.country].id.as_str().into(),
            s.tasks[p.task].id.as_str().into(),
            Out::Bool(p.lead),
        ]);
    }
    pins
}

fn header(first: &str, rest: &[String]) -> Vec<Out> {
    std::iter::once(Out::from(first))
        .chain(rest.iter().map(|d| Out::from(d.as_str())))
        .collect()
}

fn kv(k: &str, v: Out) -> Vec<Out> {
    vec![Out::from(k), v]
}

fn meta_rows(s: &Scenario) -> Vec<Vec<Out>> {
    let mut rows = vec![
        kv("key", "value".into()),
        kv("name", s.name.as_str().into()),
    ];
    if !s.description.is_empty() {
        rows.push(kv("description", s.description.as_str().into()));
    }
    rows.extend(s.sources.iter().map(|x| kv("source", x.as_str().into())));
    if let Some(w) = s.weight {
        rows.push(kv("weight", Out::Num(w)));
    }
    for (k, unit) in [
        ("money_unit", &s.money_unit),
        ("effort_unit", &s.effort_unit),
    ] {
        if !unit.is_empty() {
            rows.push(kv(k, unit.as_str().into()));
        }
    }
    rows
}

fn policy_rows(s: &Scenario, file: &FileNumbers) -> Vec<Vec<Out>> {
    let p = &s.policy;
    let w = &p.weights;
    let count = |m: usize| Some(Out::Int(m as f64));
    let numbers = [
        ("min_leads_per_country", count(p.min_leads)),
        ("max_leads_per_country", p.max_leads.and_then(count)),
        ("max_leads_per_domain", p.max_per_domain.and_then(count)),
        ("min_lead_share", Some(Out::Num(p.min_share))),
        ("weight_fit", Some(Out::Num(w.fit))),
        ("weight_cost", Some(Out::Num(w.cost))),
        ("weight_sensitivity", Some(Out::Num(w.sensitivity))),
        ("weight_fairness", Some(Out::Num(w.fairness))),
    ];
    let given = |k: &str| {
        let key = POLICY_KEYS.iter().find(|p| p.0 == k).map_or(k, |p| p.1);
        let place: Vec<&str> = std::iter::once("policy").chain(key.split('.')).collect();
        file.given(&place)
    };
    let mut rows = vec![kv("key", "value".into())];
    let push = |rows: &mut Vec<Vec<Out>>, (k, v): (&str, Option<Out>)| {
        if let Some(v) = v.filter(|_| given(k)) {
            rows.push(kv(k, v));
        }
    };
    let (limits, weights) = numbers.split_at(4);
    for n in limits {
        push(&mut rows, n.clone());
    }
    let funding = match p.funding {
        Funding::Leads => "leads",
        Funding::All => "all",
    };
    let rule = match p.sensitivity_rule {
        SensitivityRule::Forbid => "forbid",
        SensitivityRule::Penalize => "penalize",
    };
    rows.push(kv("funding", funding.into()));
    rows.push(kv("sensitivity_rule", rule.into()));
    for n in weights {
        push(&mut rows, n.clone());
    }
    rows
}

fn country_rows(s: &Scenario, file: &FileNumbers) -> Vec<Vec<Out>> {
    let mut rows = vec![COUNTRY_COLUMNS
        .iter()
        .map(|c| Out::from(*c))
        .collect::<Vec<_>>()];
    let int = |x: Option<usize>| x.map(|v| Out::Int(v as f64));
    for c in &s.countries {
        let cell = |key: &str, v: Option<Out>| match v {
            Some(v) if file.given(&["country", &c.id, key]) => v,
            _ => Out::Blank,
        };
        rows.push(vec![
            c.id.as_str().into(),
            c.name.as_str().into(),
            cell("capacity", Some(Out::Num(c.capacity))),
            cell("budget", c.budget.map(Out::Num)),
            cell("sensitivity_tolerance", Some(Out::Num(c.tolerance))),
            cell("fair_share", c.fair_share.map(Out::Num)),
            cell("min_leads", int(c.min_leads)),
            cell("max_leads", int(c.max_leads)),
        ]);
    }
    rows
}

/// How a task gives a per-country number: one for every country, one per
/// country, or none (its default).
#[derive(Clone, Copy, PartialEq)]
enum Form {
    Uniform,
    PerCountry,
    Default,
}

/// An `effort` or `cost` column for the tasks that give one number, and
/// `effort.US`-style columns for those that give one per country.
struct PerCountry {
    prefix: &'static str,
    forms: Vec<Form>,
}

impl PerCountry {
    fn new(
        s: &Scenario,
        file: &FileNumbers,
        prefix: &'static str,
        f: fn(&Task) -> &Vec<f64>,
    ) -> PerCountry {
        let form = |t: &Task| {
            let v = f(t);
            if !file.known() {
                return if v.iter().all(|x| *x == v[0]) {
                    Form::Uniform
                } else {
                    Form::PerCountry
                };
            }
            if file.given(&["task", &t.id, prefix]) {
                Form::Uniform
            } else if s
                .countries
                .iter()
                .any(|c| file.given(&["task", &t.id, prefix, &c.id]))
            {
                Form::PerCountry
            } else {
                Form::Default
            }
        };
        PerCountry {
            prefix,
            forms: s.tasks.iter().map(form).collect(),
        }
    }

    fn one(&self) -> bool {
        self.forms.is_empty() || self.forms.iter().any(|f| *f != Form::PerCountry)
    }

    fn each(&self) -> bool {
        self.forms.contains(&Form::PerCountry)
    }

    fn header(&self, s: &Scenario) -> Vec<Out> {
        let mut out = Vec::new();
        if self.one() {
            out.push(self.prefix.into());
        }
        if self.each() {
            let name = |id: &str| Out::Text(format!("{}.{id}", self.prefix));
            out.extend(s.countries.iter().map(|c| name(&c.id)));
        }
        out
    }

    fn cells(&self, k: usize, values: &[f64]) -> Vec<Out> {
        let form = self.forms[k];
        let mut out = Vec::new();
        if self.one() {
            out.push(match form {
                Form::Uniform => Out::Num(values.first().copied().unwrap_or(0.0)),
                _ => Out::Blank,
            });
        }
        if self.each() {
            out.extend(values.iter().map(|v| match form {
                Form::PerCountry => Out::Num(*v),
                _ => Out::Blank,
            }));
        }
        out
    }
}

fn task_rows(s: &Scenario, file: &FileNumbers) -> Vec<Vec<Out>> {
    let effort = PerCountry::new(s, file, "effort", |t| &t.effort);
    let cost = PerCountry::new(s, file, "cost", |t| &t.cost);
    let fit_cols: Vec<usize> = (0..s.countries.len())
        .filter(|&i| s.tasks.iter().any(|t| t.fit_overridden[i]))
        .collect();
    let mut head: Vec<Out> = ["id", "name", "domain"].map(Out::from).to_vec();
    head.extend(effort.header(s));
    head.extend(cost.header(s));
    head.extend(["sensitivity", "importance", "leads", "optional"].map(Out::from));
    let fit_name = |i: usize| Out::Text(format!("fit.{}", s.countries[i].id));
    head.extend(fit_cols.iter().map(|&i| fit_name(i)));
    let mut rows = vec![head];
    for (k, t) in s.tasks.iter().enumerate() {
        let cell = |key: &str, v: Out| {
            if file.given(&["task", &t.id, key]) {
                v
            } else {
                Out::Blank
            }
        };
        let mut row: Vec<Out> = [&t.id, &t.name, &t.domain]
            .map(|x| Out::from(x.as_str()))
            .to_vec();
        row.extend(effort.cells(k, &t.effort));
        row.extend(cost.cells(k, &t.cost));
        row.extend([
            cell("sensitivity", Out::Num(t.sensitivity)),
            cell("importance", Out::Num(t.importance)),
            cell("leads", Out::Int(t.leads as f64)),
            Out::Bool(t.optional),
        ]);
        let fit = |i: usize| {
            if t.fit_overridden[i] {
                Out::Num(t.fit[i])
            } else {
                Out::Blank
            }
        };
        row.extend(fit_cols.iter().map(|&i| fit(i)));
        rows.push(row);
    }
    rows
}
