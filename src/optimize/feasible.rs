//! Whether a scenario has a plan at all, settled exactly without a MILP.
//!
//! Blame ([`super::blame`]) lifts one family of limits at a time and asks only
//! whether the lifted scenario has a plan. A MILP answers by optimising, which
//! is most of a failed sweep run's cost. Here the combinatorial certificate's
//! search (`precheck`) walks the lead patterns that meet its necessary
//! conditions and, at each, asks the exact question: the leads meet every row
//! ([`super::evaluate::obeys_rows`]) and some split of the costs meets the
//! money rows (the payments LP, [`super::payments`]), and the plan passes the
//! check every solver's plan passes ([`super::certify::breaks`]). The first
//! pattern that does is a plan; a search that visits them all without one is a
//! proof there is none. When the search gives up (by a node count, never a
//! clock), or a plan fails the check, the answer is [`Exists::Unknown`] and the
//! caller solves the MILP as before.
//!
//! A sweep's failed runs lift the same families of one base scenario, so the
//! same leads meet the same money data run after run: their payments are kept
//! per worker, keyed on every number the payments LP reads
//! (`patterns::money_key`) and the leads, so a hit returns the bits a fresh LP
//! would.

use std::cell::RefCell;
use std::collections::HashMap;

use super::patterns::money_key;
use super::payments::{payments, LpFailed, Money};
use super::precheck::{search_leaves, Verdict};
use super::precheck_proof::Cut;
use super::{certify, evaluate::obeys_rows};
use crate::model::Restrictions;
use crate::options::SolverKind;
use crate::plan::{Plan, PlanStatus};
use crate::scenario::Scenario;

/// Whether a scenario has a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Exists {
    /// A plan was found and checked.
    Yes,
    /// Every pattern was visited; none is a plan.
    No,
    /// Too large, or a plan failed the check: solve the MILP to find out.
    Unknown,
}

/// Whether `s` has a plan (see the module notes); `kind` labels the plans built.
/// With `reopened`, the search runs below those points only: the caller holds
/// a proof that the rest of the tree has no plan (`precheck_proof`).
pub(crate) fn has_plan(s: &Scenario, kind: SolverKind, reopened: Option<&[&Cut]>) -> Exists {
    let money = crate::rules::needs_money(s);
    let key = if money { money_key(s) } else { Vec::new() };
    let mut leaf = |leads: &[Vec<usize>]| -> Verdict {
        if !obeys_rows(s, leads) {
            return Verdict::Infeasible;
        }
        let paid = if money {
            match cached_payments(s, &key, leads) {
                Ok(Some(m)) => Some(m),
                Ok(None) => return Verdict::Infeasible,
                Err(_) => return Verdict::GaveUp,
            }
        } else {
            None
        };
        let plan = Plan::from_parts(s, leads.to_vec(), paid, PlanStatus::Optimal, kind, 0.0);
        match certify::breaks(s, &Restrictions::default(), &plan) {
            None => Verdict::Feasible,
            Some(_) => Verdict::GaveUp,
        }
    };
    match search_leaves(s, &mut leaf, reopened) {
        Verdict::Feasible => Exists::Yes,
        Verdict::Infeasible => Exists::No,
        Verdict::GaveUp => Exists::Unknown,
    }
}

/// Most money keys, and leads per key, kept before the cache starts afresh.
const MAX_KEYS: usize = 16;
const MAX_LEADS: usize = 4_096;

/// Payments by money key (`patterns::money_key`), then by leads.
type PaidCache = HashMap<Vec<u64>, HashMap<Vec<Vec<usize>>, Option<Money>>>;

thread_local! {
    static PAID: RefCell<PaidCache> = RefCell::new(HashMap::new());
}

/// [`payments`] of `leads` in `s` (whose money key is `key`), from the
/// worker's cache when the same numbers were asked before.
fn cached_payments(
    s: &Scenario,
    key: &[u64],
    leads: &[Vec<usize>],
) -> Result<Option<Money>, LpFailed> {
    if let Some(hit) = PAID.with(|c| c.borrow().get(key).and_then(|m| m.get(leads).cloned())) {
        return Ok(hit);
    }
    let paid = payments(s, leads)?;
    PAID.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= MAX_KEYS && !c.contains_key(key) {
            c.clear();
        }
        let by_leads = c.entry(key.to_vec()).or_default();
        if by_leads.len() >= MAX_LEADS {
            by_leads.clear();
        }
        by_leads.insert(leads.to_vec(), paid.clone());
    });
    Ok(paid)
}
