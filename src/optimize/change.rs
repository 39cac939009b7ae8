//! One change to a scenario, as the diagnosis states it and as it is applied.
//!
//! A diagnosis is only printed once each of its sets of changes has been
//! applied to the scenario and the result re-solved (see [`super::diagnose`]).
//! This module holds both halves of that certificate: the sentence a planner
//! reads, and [`apply`], which makes exactly the edit the sentence states.

use serde::Serialize;

use crate::fmt::fmt_num;
use crate::model::Kind;
use crate::possessive::possessive;
use crate::scenario::Scenario;

/// Which part of the scenario a change edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A country's `capacity` becomes `to`.
    Capacity,
    /// A country's `budget` becomes `to`.
    Budget,
    /// A country's own `min_leads` becomes `to`.
    MinLeads,
    /// A country's own `max_leads` becomes `to`.
    MaxLeads,
    /// The policy's `max_leads_per_domain` becomes `to` (the country named needs it).
    Domain,
    /// The pin on (country, task) is removed.
    Pin,
    /// The country's `sensitivity_tolerance` becomes `to` (the task's sensitivity).
    Sensitivity,
    /// The task's `leads` becomes `to`; `to = 0` means the task becomes optional.
    TaskLeads,
}

/// One change that, with the others of its set, makes an infeasible scenario feasible.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// What is changed.
    pub kind: ChangeKind,
    /// Country id, where the change is about a country.
    pub country: Option<String>,
    /// Task id, where the change is about a task.
    pub task: Option<String>,
    /// Current value, where the constraint has one.
    pub from: Option<f64>,
    /// New value, where the constraint has one.
    pub to: Option<f64>,
    /// A sentence a planner understands.
    pub sentence: String,
}

impl Change {
    /// The edit this change makes to the scenario file: a domain limit is one
    /// policy value whichever country needs it.
    fn edit(&self) -> (ChangeKind, Option<&str>, Option<&str>, Option<u64>) {
        let country = match self.kind {
            ChangeKind::Domain => None,
            _ => self.country.as_deref(),
        };
        (
            self.kind,
            country,
            self.task.as_deref(),
            self.to.map(f64::to_bits),
        )
    }
}

/// Whether the set `bigger` makes every edit of `smaller` (so it is not a
/// smallest set of changes when `smaller` works too).
pub(crate) fn covers(bigger: &[Change], smaller: &[Change]) -> bool {
    smaller
        .iter()
        .all(|c| bigger.iter().any(|b| b.edit() == c.edit()))
}

/// Rounds a needed value in the direction that keeps the change sufficient:
/// limits that rise are rounded up, limits that fall are rounded down (to four
/// decimals), and whole-number noise (10.0000004) is removed.
pub(crate) fn needed(x: f64, rising: bool) -> f64 {
    let r = x.round();
    if (x - r).abs() < 1e-6 * x.abs().max(1.0) {
        return r;
    }
    if rising {
        (x * 1e4).ceil() / 1e4
    } else {
        (x * 1e4).floor() / 1e4
    }
}

/// The value a relaxation of `kind` by `slack` leads to in scenario `s`.
pub(crate) fn target(s: &Scenario, kind: Kind, slack: f64) -> f64 {
    match kind {
        Kind::Capacity(i) => needed(s.countries[i].capacity + slack, true),
        Kind::Budget(i) => needed(s.countries[i].budget.unwrap_or(0.0) + slack, true),
        Kind::MinLeads(i) => (s.min_leads_of(i) as f64 - slack.round()).max(0.0),
        Kind::MaxLeads(i) => s.max_leads_of(i).unwrap_or(0) as f64 + slack.round(),
        Kind::Domain(..) => s.policy.max_per_domain.unwrap_or(0) as f64 + slack.round(),
        Kind::Pin(_) => 0.0,
        Kind::Sensitivity(_, t) => s.tasks[t].sensitivity,
        Kind::TaskLeads(t) => (s.tasks[t].leads as f64 - slack.round()).max(0.0),
    }
}

/// Describes the change of `kind` to value `to`, relative to scenario `s`.
pub(crate) fn describe(s: &Scenario, kind: Kind, to: f64) -> Change {
    let name = |i: usize| s.countries[i].name.clone();
    let owner = |i: usize| possessive(&s.countries[i].name);
    let cid = |i: usize| Some(s.countries[i].id.clone());
    let tid = |t: usize| Some(s.tasks[t].id.clone());
    let n = fmt_num;
    let (k, country, task, from, sentence) = match kind {
        Kind::Capacity(i) => {
            let from = s.countries[i].capacity;
            let text = format!(
                "{} capacity must rise from {} to {}",
                owner(i),
                n(from),
                n(to)
            );
            (ChangeKind::Capacity, cid(i), None, Some(from), text)
        }
        Kind::Budget(i) => {
            let from = s.countries[i].budget.unwrap_or(0.0);
            let text = format!(
                "{} budget must rise from {} to {}",
                owner(i),
                n(from),
                n(to)
            );
            (ChangeKind::Budget, cid(i), None, Some(from), text)
        }
        Kind::MinLeads(i) => {
            let from = s.min_leads_of(i) as f64;
            let text = format!(
                "{} minimum number of leads must fall from {} to {}",
                owner(i),
                n(from),
                n(to)
            );
            (ChangeKind::MinLeads, cid(i), None, Some(from), text)
        }
        Kind::MaxLeads(i) => {
            let from = s.max_leads_of(i).unwrap_or(0) as f64;
            let text = format!(
                "{} maximum number of leads must rise from {} to {}",
                owner(i),
                n(from),
                n(to)
            );
            (ChangeKind::MaxLeads, cid(i), None, Some(from), text)
        }
        Kind::Domain(i, d) => {
            let from = s.policy.max_per_domain.unwrap_or(0) as f64;
            let text = format!(
                "the limit on leads per domain must rise from {} to {} (so that {} may lead {} tasks in {})",
                n(from),
                n(to),
                name(i),
                n(to),
                s.domains()[d]
            );
            (ChangeKind::Domain, cid(i), None, Some(from), text)
        }
        Kind::Pin(k) => {
            let p = s.policy.pins[k];
            let task = &s.tasks[p.task].name;
            let text = if p.lead {
                format!("unpin {} from leading {task}", name(p.country))
            } else {
                format!("lift the ban on {} leading {task}", name(p.country))
            };
            (ChangeKind::Pin, cid(p.country), tid(p.task), None, text)
        }
        Kind::Sensitivity(i, t) => {
            let from = s.countries[i].tolerance;
            let text = accept_sentence(&name(i), &[s.tasks[t].name.as_str()], from, to);
            (ChangeKind::Sensitivity, cid(i), tid(t), Some(from), text)
        }
        Kind::TaskLeads(t) => {
            let from = s.tasks[t].leads as f64;
            let task = &s.tasks[t].name;
            let text = if to < 0.5 {
                format!("drop {task} (or make it optional)")
            } else {
                format!("let {task} have {} lead(s) instead of {}", n(to), n(from))
            };
            (ChangeKind::TaskLeads, None, tid(t), Some(from), text)
        }
    };
    let to = (k != ChangeKind::Pin).then_some(to);
    Change {
        kind: k,
        country,
        task,
        from,
        to,
        sentence,
    }
}

fn accept_sentence(country: &str, tasks: &[&str], from: f64, to: f64) -> String {
    format!(
        "{country} must accept leading {} (sensitivity {}{} above its tolerance {}; raise the tolerance to {} or set sensitivity_rule = \"penalize\")",
        tasks.join(" and "),
        if tasks.len() > 1 { "up to " } else { "" },
        fmt_num(to),
        fmt_num(from),
        fmt_num(to)
    )
}

/// `set` with the sensitivity changes of one country made one (the highest
/// tolerance needed, naming every task), so that each change can be applied
/// as stated in any order.
pub(crate) fn consolidate(s: &Scenario, set: Vec<Change>) -> Vec<Change> {
    let is_sens = |c: &Change| c.kind == ChangeKind::Sensitivity;
    let mut out: Vec<Change> = set.iter().filter(|c| !is_sens(c)).cloned().collect();
    let mut done: Vec<&Option<String>> = Vec::new();
    for c in set.iter().filter(|c| is_sens(c)) {
        if done.contains(&&c.country) {
            continue;
        }
        done.push(&c.country);
        let group: Vec<&Change> = set
            .iter()
            .filter(|o| is_sens(o) && o.country == c.country)
            .collect();
        let top = group
            .iter()
            .max_by(|a, b| a.to.unwrap_or(0.0).total_cmp(&b.to.unwrap_or(0.0)))
            .copied()
            .unwrap_or(c);
        let mut merged = top.clone();
        if group.len() > 1 {
            let i = c.country.as_deref().and_then(|id| s.country_index(id));
            let name = i.map_or("", |i| s.countries[i].name.as_str());
            let tasks: Vec<&str> = (group.iter())
                .filter_map(|g| g.task.as_deref().and_then(|t| s.task_index(t)))
                .map(|t| s.tasks[t].name.as_str())
                .collect();
            let (from, to) = (c.from.unwrap_or(0.0), top.to.unwrap_or(0.0));
            merged.sentence = accept_sentence(name, &tasks, from, to);
        }
        out.push(merged);
    }
    out
}

/// The scenario with every change of `set` made as its sentence states.
pub fn apply(s: &Scenario, set: &[Change]) -> Scenario {
    let mut out = s.clone();
    for c in set {
        apply_one(&mut out, c);
    }
    out
}

fn apply_one(s: &mut Scenario, c: &Change) {
    let i = c.country.as_deref().and_then(|id| s.country_index(id));
    let t = c.task.as_deref().and_then(|id| s.task_index(id));
    let to = c.to.unwrap_or(0.0);
    let whole = to.round().max(0.0) as usize;
    match (c.kind, i, t) {
        (ChangeKind::Capacity, Some(i), _) => s.countries[i].capacity = to,
        (ChangeKind::Budget, Some(i), _) => s.countries[i].budget = Some(to),
        (ChangeKind::MinLeads, Some(i), _) => s.countries[i].min_leads = Some(whole),
        (ChangeKind::MaxLeads, Some(i), _) => s.countries[i].max_leads = Some(whole),
        (ChangeKind::Domain, _, _) => {
            let now = s.policy.max_per_domain.unwrap_or(0);
            s.policy.max_per_domain = Some(now.max(whole))
        }
        (ChangeKind::Pin, Some(i), Some(t)) => {
            s.policy.pins.retain(|p| !(p.country == i && p.task == t))
        }
        (ChangeKind::Sensitivity, Some(i), _) => {
            s.countries[i].tolerance = s.countries[i].tolerance.max(to)
        }
        (ChangeKind::TaskLeads, _, Some(t)) if whole == 0 => s.tasks[t].optional = true,
        (ChangeKind::TaskLeads, _, Some(t)) => s.tasks[t].leads = whole,
        _ => {}
    }
}

/// `set` with `extra` made on top of it: a change to the same limit replaces
/// the earlier one (its value was computed on the scenario with `set` applied).
pub(crate) fn merge(set: &[Change], extra: Vec<Change>) -> Vec<Change> {
    let mut out = set.to_vec();
    for e in extra {
        let same = |c: &Change| c.kind == e.kind && c.country == e.country && c.task == e.task;
        match out.iter_mut().find(|c| same(c)) {
            Some(c) => *c = e,
            None => out.push(e),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_countries() -> Scenario {
        let text = r#"
[[country]]
id = "A"
capacity = 1
sensitivity_tolerance = 0.2
capability = { x = 0.5 }
[[country]]
id = "B"
capacity = 1
capability = { x = 0.5 }
[[task]]
id = "t0"
effort = 1
sensitivity = 0.5
requirements = { x = 1 }
[[task]]
id = "t1"
effort = 1
sensitivity = 0.8
requirements = { x = 1 }
"#;
        Scenario::from_toml_str(text, "t.toml").unwrap()
    }

    #[test]
    fn needed_amounts_round_in_the_sufficient_direction() {
        assert_eq!(needed(33.333_333, true), 33.3334);
        assert_eq!(needed(33.333_333, false), 33.3333);
        assert_eq!(needed(10.000_000_4, true), 10.0);
    }

    #[test]
    fn one_countrys_tolerance_changes_become_one_change_at_the_highest_value() {
        let s = two_countries();
        let set = vec![
            describe(&s, Kind::Sensitivity(0, 1), 0.8),
            describe(&s, Kind::Sensitivity(0, 0), 0.5),
        ];
        let one = consolidate(&s, set);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].to, Some(0.8));
        assert!(one[0].sentence.contains("t1 and t0"), "{}", one[0].sentence);
        assert_eq!(apply(&s, &one).countries[0].tolerance, 0.8);
    }

    #[test]
    fn zero_leads_makes_the_task_optional_and_a_later_change_replaces_an_earlier_one() {
        let s = two_countries();
        let drop = describe(&s, Kind::TaskLeads(0), 0.0);
        assert_eq!(drop.sentence, "drop t0 (or make it optional)");
        assert!(apply(&s, &[drop]).tasks[0].optional);
        let first = vec![describe(&s, Kind::Capacity(1), 2.0)];
        let set = merge(&first, vec![describe(&s, Kind::Capacity(1), 3.0)]);
        assert_eq!(set.len(), 1);
        assert_eq!(apply(&s, &set).countries[1].capacity, 3.0);
    }
}
