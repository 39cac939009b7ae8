//! What the families say to a planner: a change that would make a scenario
//! feasible, and a limit a plan runs up against.
//!
//! A diagnosis is printed only once each of its sets of changes has been
//! applied and re-solved (`optimize::diagnose`); a [`Change`] therefore holds
//! both halves of that certificate: the sentence a planner reads, and the edit
//! ([`super::Rule::apply`]) that makes exactly what the sentence states.

use serde::Serialize;

use super::Family;
use crate::scenario::Scenario;

/// One change that, with the others of its set, makes an infeasible scenario feasible.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// The family of the limit that is changed.
    pub kind: Family,
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

/// A limit the plan runs up against.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Binding {
    /// Its family's name ([`Family::name`]), or `left_out` for an optional
    /// task left unled.
    pub kind: String,
    /// Country id (empty when the limit is not one country's).
    pub country: String,
    /// A sentence.
    pub detail: String,
}

impl Binding {
    /// A binding limit of family `f`, of country `country` (an id, or empty).
    pub(crate) fn of(f: Family, country: &str, detail: String) -> Binding {
        Binding {
            kind: f.name().to_string(),
            country: country.to_string(),
            detail,
        }
    }
}

/// A limit a plan breaks, with the amounts a planner checks it by.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Breach {
    /// The family of the limit.
    pub kind: Family,
    /// Country id, where the limit is one country's.
    pub country: Option<String>,
    /// Task id, where the limit is about one task.
    pub task: Option<String>,
    /// What the plan has (tasks led, effort used, money paid, leads of a task).
    pub value: Option<f64>,
    /// The limit it is held to.
    pub limit: Option<f64>,
    /// A sentence a planner understands ("Japan leads 4 tasks; the limit is 3").
    pub sentence: String,
}

impl Breach {
    /// A breach of family `kind` stated by `sentence`, with no amounts yet.
    pub(crate) fn new(kind: Family, sentence: String) -> Breach {
        Breach {
            kind,
            country: None,
            task: None,
            value: None,
            limit: None,
            sentence,
        }
    }

    /// Of country `id`.
    pub(crate) fn country(mut self, id: &str) -> Breach {
        self.country = Some(id.to_string());
        self
    }

    /// About task `id`.
    pub(crate) fn task(mut self, id: &str) -> Breach {
        self.task = Some(id.to_string());
        self
    }

    /// The plan's `value` against `limit`.
    pub(crate) fn amounts(mut self, value: f64, limit: f64) -> Breach {
        self.value = Some(value);
        self.limit = Some(limit);
        self
    }
}

/// The breaches a check collects: every one, or only the first (the check a
/// plan passes before it is printed stops there).
pub(crate) struct Breaches {
    first_only: bool,
    /// The breaches found, family by family.
    pub found: Vec<Breach>,
}

impl Breaches {
    /// A collector of every breach (`first_only = false`) or of the first.
    pub fn new(first_only: bool) -> Breaches {
        Breaches {
            first_only,
            found: Vec::new(),
        }
    }

    /// Whether the check should go on looking.
    pub fn wants_more(&self) -> bool {
        !self.first_only || self.found.is_empty()
    }

    /// Records `b`; returns whether to go on looking.
    pub fn push(&mut self, b: Breach) -> bool {
        if self.wants_more() {
            self.found.push(b);
        }
        self.wants_more()
    }
}

/// A country's name as a sentence's first words: "The United States", "Japan".
pub(crate) fn subject(name: &str) -> String {
    crate::fmt::upper_first(&crate::possessive::in_sentence(name))
}

/// `1 task`, `4 tasks`.
pub(crate) fn tasks(n: usize) -> String {
    if n == 1 {
        "1 task".into()
    } else {
        format!("{n} tasks")
    }
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

/// The money a relaxation needs, rounded up to a hundred-thousandth of the
/// scenario's money unit ([`crate::milp::money_unit`]), or to that unit's whole
/// steps where it is within float noise of one: the same digits whatever unit
/// the scenario writes money in.
pub(crate) fn needed_money(s: &Scenario, x: f64) -> f64 {
    let g = crate::milp::money_unit(s) * 1e-5;
    let q = x / g;
    let r = q.round();
    let q = if (q - r).abs() < 1e-6 * q.abs().max(1.0) {
        r
    } else {
        q.ceil()
    };
    crate::milp::sig12(q * g)
}

/// A change of a country's limit (its id in `country`), from `from` to `to`.
pub(crate) fn country_change(
    kind: Family,
    country: &str,
    from: f64,
    to: f64,
    sentence: String,
) -> Change {
    Change {
        kind,
        country: Some(country.to_string()),
        task: None,
        from: Some(from),
        to: Some(to),
        sentence,
    }
}

/// Binding limits are checked within this of their value.
pub(crate) const TIGHT: f64 = 1e-6;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needed_amounts_round_in_the_sufficient_direction() {
        assert_eq!(needed(33.333_333, true), 33.3334);
        assert_eq!(needed(33.333_333, false), 33.3333);
        assert_eq!(needed(10.000_000_4, true), 10.0);
    }
}
