//! Sets of changes to a scenario, as the diagnosis states them and applies
//! them.
//!
//! A diagnosis is only printed once each of its sets of changes has been
//! applied to the scenario and the result re-solved (see [`super::diagnose`]).
//! Each change's sentence and its edit are its family's ([`crate::rules`]);
//! this module compares, merges and applies whole sets.

use crate::rules::{rule, Limit};
pub use crate::rules::{Change, ChangeKind};
use crate::scenario::Scenario;

/// A change of an edit to a scenario file: a domain limit is one policy value
/// whichever country needs it.
type Edit<'a> = (ChangeKind, Option<&'a str>, Option<&'a str>, Option<u64>);

fn edit(c: &Change) -> Edit<'_> {
    let country = match c.kind {
        ChangeKind::Domain => None,
        _ => c.country.as_deref(),
    };
    (c.kind, country, c.task.as_deref(), c.to.map(f64::to_bits))
}

/// Whether the set `bigger` makes every edit of `smaller` (so it is not a
/// smallest set of changes when `smaller` works too).
pub(crate) fn covers(bigger: &[Change], smaller: &[Change]) -> bool {
    smaller
        .iter()
        .all(|c| bigger.iter().any(|b| edit(b) == edit(c)))
}

/// `set` with the changes that are one edit of the file made one: the
/// sensitivity changes of one country (the highest tolerance needed, naming
/// every task) and every rise of the policy's domain limit (the highest), so
/// that each change can be applied as stated in any order.
pub(crate) fn consolidate(s: &Scenario, set: Vec<Change>) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::with_capacity(set.len());
    for c in crate::rules::consolidate(s, set) {
        let same = |o: &Change| o.kind == ChangeKind::Domain && c.kind == ChangeKind::Domain;
        match out.iter_mut().find(|o| same(o)) {
            Some(o) if c.to.unwrap_or(0.0) > o.to.unwrap_or(0.0) => *o = c,
            Some(_) => {}
            None => out.push(c),
        }
    }
    out
}

/// The value a relaxation of `limit` by `slack` leads to in scenario `s`.
pub(crate) fn target(s: &Scenario, limit: Limit, slack: f64) -> f64 {
    rule(limit.family()).target(s, limit, slack)
}

/// Describes the change of `limit` to value `to`, relative to scenario `s`.
pub(crate) fn describe(s: &Scenario, limit: Limit, to: f64) -> Change {
    rule(limit.family()).describe(s, limit, to)
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
    rule(c.kind).apply(s, c, i, t);
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
    use crate::rules::Limit;

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
    fn one_countrys_tolerance_changes_become_one_change_at_the_highest_value() {
        let s = two_countries();
        let set = vec![
            describe(&s, Limit::Sensitivity(0, 1), 0.8),
            describe(&s, Limit::Sensitivity(0, 0), 0.5),
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
        let drop = describe(&s, Limit::TaskLeads(0), 0.0);
        assert_eq!(drop.sentence, "drop t0 (or make it optional)");
        assert!(apply(&s, &[drop]).tasks[0].optional);
        let first = vec![describe(&s, Limit::Capacity(1), 2.0)];
        let set = merge(&first, vec![describe(&s, Limit::Capacity(1), 3.0)]);
        assert_eq!(set.len(), 1);
        assert_eq!(apply(&s, &set).countries[1].capacity, 3.0);
    }
}
