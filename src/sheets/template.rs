//! `leadplan export SCENARIO --format xlsx`: the import template, filled.
//!
//! The sheets and columns are the ones [`super::import`] reads
//! ([`super::layout`]), so exporting a scenario and importing the workbook gives
//! back the same scenario (every number is stored in full; the round trip is
//! tested on every shipped scenario).

use super::layout::*;
use super::xlsx::{Book, Out};
use crate::error::Error;
use crate::scenario::{Funding, Scenario, SensitivityRule, Task};

/// The scenario as an xlsx workbook in the import layout.
pub fn scenario_xlsx(s: &Scenario) -> Result<Vec<u8>, Error> {
    let mut b = Book::new();
    b.sheet(SCENARIO, &meta_rows(s))?;
    b.sheet(POLICY, &policy_rows(s))?;
    b.sheet(COUNTRIES, &country_rows(s))?;
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
    b.sheet(CAPABILITIES, &caps)?;
    b.sheet(TASKS, &task_rows(s))?;
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
    b.sheet(REQUIREMENTS, &reqs)?;
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
    b.sheet(PINS, &pins)?;
    b.finish()
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
    rows
}

fn policy_rows(s: &Scenario) -> Vec<Vec<Out>> {
    let p = &s.policy;
    let mut rows = vec![
        kv("key", "value".into()),
        kv("min_leads_per_country", Out::Int(p.min_leads as f64)),
    ];
    if let Some(m) = p.max_leads {
        rows.push(kv("max_leads_per_country", Out::Int(m as f64)));
    }
    if let Some(m) = p.max_per_domain {
        rows.push(kv("max_leads_per_domain", Out::Int(m as f64)));
    }
    let funding = match p.funding {
        Funding::Leads => "leads",
        Funding::All => "all",
    };
    let rule = match p.sensitivity_rule {
        SensitivityRule::Forbid => "forbid",
        SensitivityRule::Penalize => "penalize",
    };
    rows.push(kv("min_lead_share", Out::Num(p.min_share)));
    rows.push(kv("funding", funding.into()));
    rows.push(kv("sensitivity_rule", rule.into()));
    let w = &p.weights;
    for (k, v) in [
        ("weight_fit", w.fit),
        ("weight_cost", w.cost),
        ("weight_sensitivity", w.sensitivity),
        ("weight_fairness", w.fairness),
    ] {
        rows.push(kv(k, Out::Num(v)));
    }
    rows
}

fn country_rows(s: &Scenario) -> Vec<Vec<Out>> {
    let mut rows = vec![COUNTRY_COLUMNS
        .iter()
        .map(|c| Out::from(*c))
        .collect::<Vec<_>>()];
    let int = |x: Option<usize>| x.map_or(Out::Blank, |v| Out::Int(v as f64));
    for c in &s.countries {
        rows.push(vec![
            c.id.as_str().into(),
            c.name.as_str().into(),
            Out::Num(c.capacity),
            c.budget.map_or(Out::Blank, Out::Num),
            Out::Num(c.tolerance),
            c.fair_share.map_or(Out::Blank, Out::Num),
            int(c.min_leads),
            int(c.max_leads),
        ]);
    }
    rows
}

/// One column for a value every country shares on every task, else one column
/// per country (`effort.US`).
struct PerCountry {
    prefix: &'static str,
    uniform: bool,
}

impl PerCountry {
    fn new(s: &Scenario, prefix: &'static str, f: fn(&Task) -> &Vec<f64>) -> PerCountry {
        let uniform = s.tasks.iter().all(|t| f(t).iter().all(|v| *v == f(t)[0]));
        PerCountry { prefix, uniform }
    }

    fn header(&self, s: &Scenario) -> Vec<Out> {
        if self.uniform {
            return vec![self.prefix.into()];
        }
        let name = |id: &str| Out::Text(format!("{}.{id}", self.prefix));
        s.countries.iter().map(|c| name(&c.id)).collect()
    }

    fn cells(&self, values: &[f64]) -> Vec<Out> {
        if self.uniform {
            return vec![Out::Num(values.first().copied().unwrap_or(0.0))];
        }
        values.iter().map(|v| Out::Num(*v)).collect()
    }
}

fn task_rows(s: &Scenario) -> Vec<Vec<Out>> {
    let effort = PerCountry::new(s, "effort", |t| &t.effort);
    let cost = PerCountry::new(s, "cost", |t| &t.cost);
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
    for t in &s.tasks {
        let mut row: Vec<Out> = [&t.id, &t.name, &t.domain]
            .map(|x| Out::from(x.as_str()))
            .to_vec();
        row.extend(effort.cells(&t.effort));
        row.extend(cost.cells(&t.cost));
        row.extend([
            Out::Num(t.sensitivity),
            Out::Num(t.importance),
            Out::Int(t.leads as f64),
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
