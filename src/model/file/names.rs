//! Names for columns and rows that every MPS and LP reader accepts.
//!
//! Ids come from the scenario (`legal-code-drafting`, `대한민국`); a name in a
//! model file must be ASCII without spaces, must not start with a digit, a
//! period or the letter `e` (an LP reader takes `e12` for a number), and is
//! best kept short. Each name starts with a lower-case family prefix (`x_`,
//! `capacity_`), ids keep their ASCII letters and digits, every other
//! character becomes `_`, names are cut to [`MAX_LEN`] characters, and a
//! clash gets a numbered suffix.

use std::collections::HashSet;

use super::LinearModel;
use crate::model::{Col, Model, Row};
use crate::scenario::Scenario;

/// The longest name written (CPLEX LP allows 255).
pub(crate) const MAX_LEN: usize = 64;

/// An id with every character outside `[A-Za-z0-9_]` made `_`.
fn safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn col_name(s: &Scenario, col: Col, k: usize) -> String {
    let c = |i: usize| safe(&s.countries[i].id);
    let t = |t: usize| safe(&s.tasks[t].id);
    match col {
        Col::Lead(ti, i) => format!("x_{}_{}", c(i), t(ti)),
        Col::Taken(ti) => format!("y_{}", t(ti)),
        Col::Pay(ti, i) => format!("pay_{}_{}", c(i), t(ti)),
        Col::FairDev(i) => format!("dev_{}", c(i)),
        Col::Shortfall(ti) => format!("short_{}", t(ti)),
        Col::Aux => format!("aux_{k}"),
    }
}

fn row_name(s: &Scenario, row: Row, k: usize) -> String {
    let c = |i: usize| safe(&s.countries[i].id);
    let t = |t: usize| safe(&s.tasks[t].id);
    match row {
        Row::TaskLeads(ti) => format!("leads_{}", t(ti)),
        Row::Capacity(i) => format!("capacity_{}", c(i)),
        Row::MinLeads(i) => format!("min_leads_{}", c(i)),
        Row::MaxLeads(i) => format!("max_leads_{}", c(i)),
        Row::Domain(i, d) => format!("domain_{}_{}", c(i), safe(&s.domains()[d])),
        Row::PinAgainstBan(i, ti) => format!("pin_ban_{}_{}", c(i), t(ti)),
        Row::Exclusion(n) => format!("nogood_{n}"),
        Row::Covered(ti) => format!("paid_{}", t(ti)),
        Row::PayIfLead(ti, i) => format!("pay_if_lead_{}_{}", c(i), t(ti)),
        Row::MinShare(ti, i) => format!("min_share_{}_{}", c(i), t(ti)),
        Row::Budget(i) => format!("budget_{}", c(i)),
        Row::FairAbove(i) => format!("fair_above_{}", c(i)),
        Row::FairBelow(i) => format!("fair_below_{}", c(i)),
        Row::ChangeLimit => "change_limit".to_string(),
        Row::Aux => format!("row_{k}"),
    }
}

/// Cuts `name` to [`MAX_LEN`] and makes it unique among `taken`.
fn unique(name: String, taken: &mut HashSet<String>) -> String {
    let mut base = name;
    base.truncate(MAX_LEN);
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        let suffix = format!("_{n}");
        let mut b = base.clone();
        b.truncate(MAX_LEN - suffix.len());
        candidate = b + &suffix;
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// Names every column and row of `lm` (extracted from `m`).
pub(super) fn assign(lm: &mut LinearModel, m: &Model, s: &Scenario) {
    let mut taken = HashSet::new();
    for (k, col) in lm.columns.iter_mut().enumerate() {
        let raw = match m.cols.get(k) {
            Some(&c) => col_name(s, c, k),
            None => "obj_constant".to_string(),
        };
        col.name = unique(raw, &mut taken);
    }
    let mut taken = HashSet::new();
    for (k, row) in lm.rows.iter_mut().enumerate() {
        let label = m.rows.get(k).copied().unwrap_or(Row::Aux);
        row.name = unique(row_name(s, label, k), &mut taken);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_become_underscores() {
        assert_eq!(safe("legal-code drafting/대한"), "legal_code_drafting___");
    }

    #[test]
    fn clashes_and_long_names_stay_unique_and_short() {
        let mut taken = HashSet::new();
        let long = "x_".to_string() + &"a".repeat(100);
        let a = unique(long.clone(), &mut taken);
        let b = unique(long, &mut taken);
        assert_eq!(a.len(), MAX_LEN);
        assert!(b.len() <= MAX_LEN && b.ends_with("_2"));
        assert_ne!(a, b);
    }
}
