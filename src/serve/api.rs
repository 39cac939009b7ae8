//! The what-if page's questions and their answers, as JSON.
//!
//! Every answer is computed the way the command line computes it: the plan by
//! the same solve and explanation as `leadplan solve --explain`
//! ([`SolveReport`]), the smallest changes by the same diagnosis (each set
//! applied and re-solved before it is shown), what it takes for a country to
//! lead a task by the same re-solves as `solve --what-would-it-take`. An edit
//! sets one number through the sweep's parameter paths (`country.KR.budget`),
//! so it is clamped and checked exactly as a sweep run is, and a scenario the
//! loader would refuse is refused with the loader's reasons.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::document::words;
use crate::error::Error;
use crate::explain::threshold::{for_country, Threshold};
use crate::model::Restrictions;
use crate::optimize::{solve_restricted, Attempt};
use crate::resilience::contingency::without;
use crate::rules::{Change, Family};
use crate::scenario::Scenario;
use crate::solve_report::SolveReport;
use crate::sweep::apply::check;
use crate::sweep::resolve::resolve;
use crate::{explain, solve, Outcome, SolveOptions};

/// Above this many runner-up re-solves a plan is shown without runner-ups.
const MAX_EXPLAIN_SOLVES: usize = 2_000;

/// What the page asks to change, against the scenario as loaded.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Edits {
    /// Numbers by parameter path (`country.KR.budget`), in the order set.
    pub numbers: Vec<(String, f64)>,
    /// Countries that step back (withdraw entirely), by id.
    pub steps_back: Vec<String>,
    /// Pins lifted, as (country id, task id).
    pub unpins: Vec<(String, String)>,
    /// Tasks made optional, by id.
    pub optional: Vec<String>,
}

/// One editable number of the scenario.
#[derive(Clone, Debug, Serialize)]
pub struct Number {
    /// Its parameter path.
    pub path: String,
    /// Its name in words.
    pub label: String,
    /// The group the page shows it in (a country's or task's name, or `Policy`).
    pub group: String,
    /// Its value as loaded (null: unset, e.g. no budget).
    pub value: Option<f64>,
    /// Its valid range.
    pub lo: f64,
    /// Its valid range (null: unbounded).
    pub hi: Option<f64>,
    /// Whole numbers only.
    pub integer: bool,
}

/// The paths of every number a planner may edit, in the page's order.
fn paths(s: &Scenario) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let dims: std::collections::BTreeSet<&String> = s
        .countries
        .iter()
        .flat_map(|c| c.capability.keys())
        .chain(s.tasks.iter().flat_map(|t| t.requirements.keys()))
        .chain(&s.dimensions)
        .collect();
    for c in &s.countries {
        let g = c.name.clone();
        for f in [
            "capacity",
            "budget",
            "sensitivity_tolerance",
            "fair_share",
            "min_leads",
            "max_leads",
        ] {
            out.push((g.clone(), format!("country.{}.{f}", c.id)));
        }
        for d in &dims {
            out.push((g.clone(), format!("country.{}.capability.{d}", c.id)));
        }
    }
    for t in &s.tasks {
        let g = t.name.clone();
        for f in ["leads", "sensitivity", "importance"] {
            out.push((g.clone(), format!("task.{}.{f}", t.id)));
        }
        for c in &s.countries {
            out.push((g.clone(), format!("task.{}.effort.{}", t.id, c.id)));
            out.push((g.clone(), format!("task.{}.cost.{}", t.id, c.id)));
        }
        for d in t.requirements.keys() {
            out.push((g.clone(), format!("task.{}.requirements.{d}", t.id)));
        }
    }
    for f in [
        "weights.fit",
        "weights.cost",
        "weights.sensitivity",
        "weights.fairness",
        "min_lead_share",
        "min_leads_per_country",
        "max_leads_per_country",
        "max_leads_per_domain",
    ] {
        out.push(("Policy".to_string(), format!("policy.{f}")));
    }
    out
}

/// Every editable number with its value and range.
pub fn numbers(s: &Scenario) -> Vec<Number> {
    paths(s)
        .into_iter()
        .filter_map(|(group, path)| {
            let groups = resolve(s, &path).ok()?;
            let target = groups.first()?.1.first()?.clone();
            let b = target.bounds(s);
            Some(Number {
                label: words::parameter(s, &path),
                group,
                value: target.get(s),
                lo: b.lo,
                hi: b.hi.is_finite().then_some(b.hi),
                integer: b.integer,
                path,
            })
        })
        .collect()
}

/// The scenario with `e` applied, or the reasons it is not a valid scenario.
pub fn apply(base: &Scenario, e: &Edits) -> Result<Scenario, Vec<String>> {
    let mut s = base.clone();
    let mut problems = Vec::new();
    let mut refit = false;
    for (path, x) in &e.numbers {
        match resolve(&s, path) {
            Ok(groups) => {
                for t in groups.iter().flat_map(|(_, ts)| ts) {
                    let b = t.bounds(&s);
                    if !x.is_finite() || *x < b.lo || *x > b.hi {
                        problems.push(format!(
                            "{} must be from {} to {}, not {x}",
                            words::parameter(&s, path),
                            b.lo,
                            b.hi
                        ));
                        continue;
                    }
                    t.set(&mut s, b.clamp(*x));
                    refit |= t.affects_fit();
                }
            }
            Err((msg, hint)) => problems.push(format!("{path}: {msg}; {hint}")),
        }
    }
    if refit {
        s.recompute_fit();
    }
    for (c, t) in &e.unpins {
        let (Some(i), Some(k)) = (s.country_index(c), s.task_index(t)) else {
            problems.push(format!("no pin of `{c}` on `{t}` to lift"));
            continue;
        };
        s.policy.pins.retain(|p| !(p.country == i && p.task == k));
    }
    for t in &e.optional {
        match s.task_index(t) {
            Some(k) => s.tasks[k].optional = true,
            None => problems.push(format!("no task `{t}`")),
        }
    }
    problems.extend(check(&s));
    let gone: Vec<usize> = e
        .steps_back
        .iter()
        .filter_map(|id| {
            let i = s.country_index(id);
            if i.is_none() {
                problems.push(format!("no country `{id}`"));
            }
            i
        })
        .collect();
    if gone.len() >= s.countries.len() && !gone.is_empty() {
        problems.push("at least one country must stay".into());
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(if gone.is_empty() {
        s
    } else {
        without(&s, &gone)
    })
}

/// The edit that carries out one change of a diagnosis, where the page can
/// make it (`null` otherwise).
fn edit_of(c: &Change) -> Option<Value> {
    let country = c.country.as_deref();
    let number = |path: String| c.to.map(|to| json!({ "numbers": [[path, to]] }));
    match (c.kind, country, c.task.as_deref()) {
        (Family::Capacity, Some(id), _) => number(format!("country.{id}.capacity")),
        (Family::Budget, Some(id), _) => number(format!("country.{id}.budget")),
        (Family::MinLeads, Some(id), _) => number(format!("country.{id}.min_leads")),
        (Family::MaxLeads, Some(id), _) => number(format!("country.{id}.max_leads")),
        (Family::Sensitivity, Some(id), _) => number(format!("country.{id}.sensitivity_tolerance")),
        (Family::Domain, _, _) => number("policy.max_leads_per_domain".into()),
        (Family::Shares, _, _) => number("policy.min_lead_share".into()),
        (Family::Pin, Some(id), Some(t)) => Some(json!({ "unpins": [[id, t]] })),
        (Family::TaskLeads, _, Some(t)) => match c.to {
            Some(to) if to >= 1.0 => number(format!("task.{t}.leads")),
            _ => Some(json!({ "optional": [t] })),
        },
        _ => None,
    }
}

/// The plan of the edited scenario (or why there is none), as the page shows
/// it; with `explain`, each task's runner-up too (one solve per task and
/// country, so the page asks for the plan first and for them next).
pub fn solve_edited(
    base: &Scenario,
    e: &Edits,
    opts: &SolveOptions,
    runner_ups: bool,
) -> Result<Value, Error> {
    let s = match apply(base, e) {
        Ok(s) => s,
        Err(problems) => return Ok(json!({ "status": "invalid", "problems": problems })),
    };
    let outcome = solve(&s, opts)?;
    let expl = match &outcome {
        Outcome::Planned(p)
            if runner_ups && s.tasks.len() * s.countries.len() <= MAX_EXPLAIN_SOLVES =>
        {
            Some(explain(&s, p, opts)?)
        }
        _ => None,
    };
    let report = SolveReport::new(&s, &outcome, expl.as_ref());
    let mut v = serde_json::to_value(&report).map_err(|e| Error::Solver(e.to_string()))?;
    v["explained"] = json!(report.explained);
    if let Some(d) = &report.diagnosis {
        let sets: Vec<Value> = d
            .alternatives
            .iter()
            .map(|set| {
                let changes: Vec<Value> = set
                    .iter()
                    .map(|c| json!({ "sentence": c.sentence, "apply": edit_of(c) }))
                    .collect();
                json!(changes)
            })
            .collect();
        v["fixes"] = json!(sets);
    }
    v["names"] = json!(s
        .countries
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect::<std::collections::BTreeMap<_, _>>());
    Ok(v)
}

/// What it would take for `country` to lead `task` in the edited scenario.
pub fn what_it_takes(
    base: &Scenario,
    e: &Edits,
    task: &str,
    country: &str,
    opts: &SolveOptions,
) -> Result<Value, Error> {
    let s = match apply(base, e) {
        Ok(s) => s,
        Err(problems) => return Ok(json!({ "status": "invalid", "problems": problems })),
    };
    let (Some(t), Some(j)) = (s.task_index(task), s.country_index(country)) else {
        return Ok(json!({ "status": "unknown", "sentence": "no such task or country" }));
    };
    let who = crate::possessive::in_sentence(&s.countries[j].name);
    let name = &s.tasks[t].name;
    let Outcome::Planned(plan) = solve(&s, opts)? else {
        return Ok(
            json!({ "status": "no_plan", "sentence": "the scenario has no plan as edited" }),
        );
    };
    if plan.leads_task(j, t) {
        return Ok(
            json!({ "status": "leads", "sentence": format!("{who} already leads {name}.") }),
        );
    }
    let r = Restrictions {
        fixes: vec![(j, t, true)],
        ..Default::default()
    };
    let forced = match solve_restricted(&s, &r, opts)? {
        Attempt::Planned(p) => p,
        Attempt::Infeasible => {
            return Ok(json!({
                "status": "impossible",
                "sentence": format!("No plan that meets every rule has {who} leading {name}."),
            }))
        }
        Attempt::NoPlanFound { .. } => {
            return Ok(
                json!({ "status": "unknown", "sentence": "no answer within the time limit" }),
            )
        }
    };
    let loss = (plan.objective - forced.objective).max(0.0);
    let th: Threshold = for_country(&s, t, j, loss, opts)?;
    let mut parts = vec![format!(
        "Making {who} lead {name} lowers the plan's score by {} (from {} to {}).",
        crate::fmt::fmt_num((loss * 1e4).round() / 1e4),
        crate::fmt::fmt_num((plan.objective * 1e4).round() / 1e4),
        crate::fmt::fmt_num((forced.objective * 1e4).round() / 1e4)
    )];
    match (th.fit, th.fit_needed) {
        (Some(f), Some(n)) => parts.push(format!(
            "It would take the lead by itself at a fit of {} (now {}){}.",
            crate::fmt::fmt_num(n),
            crate::fmt::fmt_num(f),
            if n > 1.0 {
                ", above 1: no capability score can reach it"
            } else {
                ""
            }
        )),
        _ => parts.push("No fit alone hands it the lead.".into()),
    }
    if let Some(k) = th.factor {
        parts.push(format!(
            "Or: its scores on what the task needs multiplied by {} (each at most 1).",
            crate::fmt::fmt_num(k)
        ));
    }
    Ok(json!({
        "status": "threshold",
        "sentence": parts.join(" "),
        "threshold": th,
        "loss": loss,
    }))
}
