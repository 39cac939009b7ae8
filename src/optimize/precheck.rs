//! Quick infeasibility certificates: proofs that no plan exists, before any LP.
//!
//! A sweep that perturbs capacities is mostly infeasible runs (58% of the
//! shipped Monte Carlo sweep), and a branch and bound proves infeasibility
//! slowly: its LP relaxation is feasible, so it must close every node. Those
//! runs fail on the combinatorial rows (lead counts, capacity, leads per
//! country and per domain, pins and bans), which a depth-first search over
//! each task's possible lead sets settles in microseconds.
//!
//! [`proves_infeasible`] returns `true` only with a proof: the search visited
//! every lead pattern that meets the rows above and none also met the
//! necessary conditions in money (a lead pays at least `σ C_t`, a sole lead
//! under `funding = "leads"` pays all of `C_t`, budgets hold, the budgets
//! together cover the realised cost). Every check errs towards feasibility by a
//! tolerance wider than the solver's, so a pattern the solver would accept is
//! never pruned. When the search would be too large it gives up and says
//! nothing (`false`): the caller then runs the full solve, which decides. The
//! limits count candidates and nodes, never time, so the verdict is the same on
//! every machine and thread count.

use super::lead_sets::{lead_sets, must_suffix, suffix_counts, LeadSet, MAX_SETS_PER_TASK};
use super::precheck_proof::{Cut, Proof, FIXED, MAX_CUTS};
use crate::rules::{self, over, rule, Family, Rest, Tally, Tol};
use crate::scenario::{Funding, Scenario};

/// Most search nodes before giving up.
const MAX_NODES: usize = 200_000;

/// Whether `s` provably has no plan (`false`: not proven, solve to find out).
pub(crate) fn proves_infeasible(s: &Scenario) -> bool {
    infeasibility_proof(s).is_some()
}

/// A proof that `s` has no plan, when the search finds one.
pub(crate) fn infeasibility_proof(s: &Scenario) -> Option<Proof> {
    let Some(mut search) = Search::new(s) else {
        let cuts = Some(Vec::new());
        return Some(Proof { sole: FIXED, cuts });
    };
    search.cuts = Some(Vec::new());
    (search.run() == Verdict::Infeasible).then(|| Proof {
        sole: search.sole,
        cuts: search.cuts.take(),
    })
}

/// What a search (or a question about one pattern) found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    /// A pattern meets every condition (with a leaf question: it said so).
    Feasible,
    /// None does (a proof).
    Infeasible,
    /// Too large to settle.
    GaveUp,
}

pub(super) use leaves::{search_leaves, Leaf};

struct Search<'a> {
    s: &'a Scenario,
    /// Tasks in search order (fewest lead sets first).
    order: Vec<usize>,
    sets: Vec<Vec<LeadSet>>,
    /// From depth k on: lead slots left, and per country the tasks it may still lead.
    slots_left: Vec<usize>,
    may_left: Vec<Vec<usize>>,
    /// From depth k on, over tasks that must be led: lead slots, and the least
    /// effort their lead sets take together.
    must_left: Vec<(usize, f64)>,
    /// The partial plan so far, limits widened as a proof compares them.
    tally: Tally,
    total_cost: f64,
    nodes: usize,
    /// The model has money terms (payments, budgets).
    money: bool,
    /// Per depth, the lead set taken; and the question asked at the leaves.
    pick: Vec<usize>,
    leaf: Option<Leaf<'a>>,
    /// The families that cut a branch alone (see [`Proof`]), and where, when
    /// kept (`None` also once there were too many).
    sole: u16,
    cuts: Option<Vec<(u16, Cut)>>,
    /// Per task and lead set: what each lead pays at least ([`min_payment`]).
    min_pay: Vec<Vec<f64>>,
}

impl<'a> Search<'a> {
    /// The search, or `None` when a task has no possible lead set at all.
    fn new(s: &'a Scenario) -> Option<Self> {
        let mut sets = Vec::with_capacity(s.tasks.len());
        for t in 0..s.tasks.len() {
            sets.push(lead_sets(s, t)?);
        }
        if sets.iter().any(|v| v.len() > MAX_SETS_PER_TASK) {
            return Some(Self::gave_up(s));
        }
        let mut order: Vec<usize> = (0..s.tasks.len()).collect();
        order.sort_by_key(|&t| (sets[t].len(), std::cmp::Reverse(s.tasks[t].leads)));
        let (slots_left, may_left) = suffix_counts(s, &order, &sets);
        let must_left = must_suffix(s, &order, &sets);
        let money = rules::needs_money(s);
        let min_pay = (sets.iter().enumerate())
            .map(|(t, v)| v.iter().map(|set| min_payment(s, money, t, set)).collect())
            .collect();
        Some(Search {
            s,
            order,
            sets,
            slots_left,
            may_left,
            must_left,
            tally: Tally::new(s, Tol::Proof),
            total_cost: 0.0,
            nodes: 0,
            money,
            pick: Vec::with_capacity(s.tasks.len()),
            leaf: None,
            sole: 0,
            cuts: None,
            min_pay,
        })
    }

    /// A search that gives up at once (too many lead sets to enumerate).
    fn gave_up(s: &'a Scenario) -> Self {
        Search {
            s,
            order: Vec::new(),
            sets: Vec::new(),
            slots_left: Vec::new(),
            may_left: Vec::new(),
            must_left: Vec::new(),
            tally: Tally::new(s, Tol::Proof),
            total_cost: 0.0,
            nodes: MAX_NODES,
            money: false,
            pick: Vec::new(),
            leaf: None,
            sole: 0,
            cuts: None,
            min_pay: Vec::new(),
        }
    }

    fn run(&mut self) -> Verdict {
        if self.nodes >= MAX_NODES {
            return Verdict::GaveUp;
        }
        self.dive(0)
    }

    fn dive(&mut self, k: usize) -> Verdict {
        let cuts = self.rest_cut(k);
        if cuts != 0 {
            return self.cut(cuts, None);
        }
        if k == self.order.len() {
            return if self.budgets_cover_total() {
                self.ask_leaf()
            } else {
                self.cut(Family::Budget.bit(), None)
            };
        }
        let t = self.order[k];
        for j in 0..self.sets[t].len() {
            self.nodes += 1;
            if self.nodes > MAX_NODES {
                return Verdict::GaveUp;
            }
            let cuts = self.set_cut(t, j);
            if cuts != 0 {
                self.cut(cuts, Some(j));
                continue;
            }
            self.apply(t, j, 1);
            self.pick.push(j);
            let v = self.dive(k + 1);
            self.pick.pop();
            self.apply(t, j, -1);
            match v {
                Verdict::Feasible | Verdict::GaveUp => return v,
                Verdict::Infeasible => {}
            }
        }
        Verdict::Infeasible
    }

    /// A cut for the families `cuts` (bits) of the node, or of its lead set
    /// `set`: noted, with where, when one family alone cut.
    fn cut(&mut self, cuts: u16, set: Option<usize>) -> Verdict {
        if cuts.count_ones() == 1 {
            self.sole |= cuts;
            if cuts & (Family::Capacity.bit() | FIXED) == 0 {
                if let Some(kept) = &mut self.cuts {
                    let path = self.pick.clone();
                    kept.push((cuts, Cut { path, set }));
                    if kept.len() > MAX_CUTS {
                        self.cuts = None;
                    }
                }
            }
        }
        Verdict::Infeasible
    }

    /// The families (bits) whose limits the tasks left can no longer meet
    /// ([`rules::Rule::rest_cut`]: minimum leads, alone and together; the lead
    /// slots and effort of the tasks that must be led), and [`FIXED`] when the
    /// countries could not take those lead slots even with no limits.
    fn rest_cut(&self, k: usize) -> u16 {
        let rest = Rest {
            may_left: &self.may_left[k],
            slots_left: Some(self.slots_left[k]),
            must: Some(self.must_left[k]),
        };
        let open: usize = self.may_left[k].iter().sum();
        let mut cuts = if self.must_left[k].0 > open { FIXED } else { 0 };
        for f in Family::ALL {
            if rule(f).rest_cut(&self.tally, &rest) {
                cuts |= f.bit();
            }
        }
        cuts
    }

    /// The families (bits) whose limits lead set j of task t breaks for some
    /// lead ([`rules::Rule::admits`], each lead paying at least its share).
    fn set_cut(&self, t: usize, j: usize) -> u16 {
        let min_pay = self.min_pay[t][j];
        let mut cuts = 0;
        for &i in &self.sets[t][j].leads {
            for f in rules::ON_LEADS {
                if !rule(f).admits(self.s, &self.tally, i, t, min_pay) {
                    cuts |= f.bit();
                }
            }
        }
        cuts
    }

    /// Adds (`sign` 1) or removes (-1) lead set j of task t.
    fn apply(&mut self, t: usize, j: usize, sign: i32) {
        let set = &self.sets[t][j];
        let pay = self.min_pay[t][j];
        for &i in &set.leads {
            if sign > 0 {
                self.tally.take(self.s, i, t, pay);
            } else {
                self.tally.give_back(self.s, i, t, pay);
            }
        }
        self.total_cost += f64::from(sign) * set.cost;
    }
    /// When every country has a budget, together they cover the realised cost.
    fn budgets_cover_total(&self) -> bool {
        if !self.money {
            return true;
        }
        let budgets: Option<f64> = self.s.countries.iter().map(|c| c.budget).sum();
        budgets.is_none_or(|b| {
            !over(
                self.total_cost,
                Tol::Proof.widen_money(b, crate::milp::money_floor(self.s)),
            )
        })
    }
}

/// What each lead of `set` pays of task t at least: all of `C_t` for a sole
/// lead under `funding = "leads"`, else `σ C_t` (nothing without money terms).
fn min_payment(s: &Scenario, money: bool, t: usize, set: &LeadSet) -> f64 {
    if !money || set.leads.is_empty() {
        return 0.0;
    }
    if s.policy.funding == Funding::Leads && s.tasks[t].leads == 1 {
        set.cost
    } else {
        s.policy.min_share * set.cost
    }
}

#[path = "precheck_leaves.rs"]
mod leaves;
#[cfg(test)]
#[path = "precheck_tests.rs"]
mod tests;
