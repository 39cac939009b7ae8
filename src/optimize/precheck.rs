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
use super::precheck_proof::{
    over, Cut, Proof, BUDGET, CAPACITY, DOMAIN, FIXED, MAX_CUTS, MAX_LEADS, MIN_LEADS,
};
use crate::model;
use crate::scenario::{Funding, Scenario};

/// Most search nodes before giving up.
const MAX_NODES: usize = 200_000;

/// A tolerance on a sum of magnitude `x`, wider than any solver's (1e-9).
fn tol(x: f64) -> f64 {
    1e-7 * x.abs().max(1.0)
}

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
    domain: Vec<usize>,
    /// From depth k on: lead slots left, and per country the tasks it may still lead.
    slots_left: Vec<usize>,
    may_left: Vec<Vec<usize>>,
    /// From depth k on, over tasks that must be led: lead slots, and the least
    /// effort their lead sets take together.
    must_left: Vec<(usize, f64)>,
    /// Per country: every effort is whole (its capacity then counts whole).
    whole: Vec<bool>,
    used: Vec<f64>,
    led: Vec<usize>,
    per_domain: Vec<Vec<usize>>,
    pays: Vec<f64>,
    total_cost: f64,
    nodes: usize,
    /// The model has money terms (payments, budgets).
    money: bool,
    /// Per depth, the lead set taken; and the question asked at the leaves.
    pick: Vec<usize>,
    leaf: Option<Leaf<'a>>,
    /// The families that cut a branch alone (see [`Proof`]), and where, when
    /// kept (`None` also once there were too many).
    sole: u8,
    cuts: Option<Vec<(u8, Cut)>>,
    /// Per country, its limits with their tolerances (computed once).
    limit: Vec<Limit>,
    /// Per task and lead set: what each lead pays at least ([`min_payment`]).
    min_pay: Vec<Vec<f64>>,
}

/// A country's limits as the search compares them.
#[derive(Default)]
struct Limit {
    /// Capacity plus its tolerance.
    capacity: f64,
    max_leads: Option<usize>,
    /// Budget plus its tolerance.
    budget: Option<f64>,
}

impl<'a> Search<'a> {
    /// The search, or `None` when a task has no possible lead set at all.
    fn new(s: &'a Scenario) -> Option<Self> {
        let n = s.countries.len();
        let mut sets = Vec::with_capacity(s.tasks.len());
        for t in 0..s.tasks.len() {
            sets.push(lead_sets(s, t)?);
        }
        if sets.iter().any(|v| v.len() > MAX_SETS_PER_TASK) {
            return Some(Self::gave_up(s));
        }
        let mut order: Vec<usize> = (0..s.tasks.len()).collect();
        order.sort_by_key(|&t| (sets[t].len(), std::cmp::Reverse(s.tasks[t].leads)));
        let domain = s.domain_of_tasks();
        let (slots_left, may_left) = suffix_counts(s, &order, &sets);
        let must_left = must_suffix(s, &order, &sets);
        let whole = (0..n)
            .map(|i| s.tasks.iter().all(|t| t.effort[i].fract() == 0.0))
            .collect();
        let money = model::terms_of(s).money;
        let limit = (0..n)
            .map(|i| Limit {
                capacity: s.countries[i].capacity + tol(s.countries[i].capacity),
                max_leads: s.max_leads_of(i),
                budget: s.countries[i].budget.map(|b| b + tol(b)),
            })
            .collect();
        let min_pay = (sets.iter().enumerate())
            .map(|(t, v)| v.iter().map(|set| min_payment(s, money, t, set)).collect())
            .collect();
        Some(Search {
            s,
            order,
            sets,
            domain,
            slots_left,
            may_left,
            must_left,
            whole,
            used: vec![0.0; n],
            led: vec![0; n],
            per_domain: vec![vec![0; s.domains().len().max(1)]; n],
            pays: vec![0.0; n],
            total_cost: 0.0,
            nodes: 0,
            money,
            pick: Vec::with_capacity(s.tasks.len()),
            leaf: None,
            sole: 0,
            cuts: None,
            limit,
            min_pay,
        })
    }

    /// A search that gives up at once (too many lead sets to enumerate).
    fn gave_up(s: &'a Scenario) -> Self {
        Search {
            s,
            order: Vec::new(),
            sets: Vec::new(),
            domain: Vec::new(),
            slots_left: Vec::new(),
            may_left: Vec::new(),
            must_left: Vec::new(),
            whole: Vec::new(),
            used: Vec::new(),
            led: Vec::new(),
            per_domain: Vec::new(),
            pays: Vec::new(),
            total_cost: 0.0,
            nodes: MAX_NODES,
            money: false,
            pick: Vec::new(),
            leaf: None,
            sole: 0,
            cuts: None,
            limit: Vec::new(),
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
        let cuts = self.minimums_cut(k) | self.rest_cut(k);
        if cuts != 0 {
            return self.cut(cuts, None);
        }
        if k == self.order.len() {
            return if self.budgets_cover_total() {
                self.ask_leaf()
            } else {
                self.cut(BUDGET, None)
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
    fn cut(&mut self, cuts: u8, set: Option<usize>) -> Verdict {
        if cuts.count_ones() == 1 {
            self.sole |= cuts;
            if cuts & (CAPACITY | FIXED) == 0 {
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

    /// `MIN_LEADS` unless every country can still reach its minimum leads:
    /// alone (tasks it may still lead) and together (lead slots left).
    fn minimums_cut(&self, k: usize) -> u8 {
        let mut short = 0;
        let mut cuts = 0;
        for i in 0..self.s.countries.len() {
            let need = self.s.min_leads_of(i).saturating_sub(self.led[i]);
            if need > self.may_left[k][i] {
                cuts = MIN_LEADS;
            }
            short += need;
        }
        if short > self.slots_left[k] {
            cuts = MIN_LEADS;
        }
        cuts
    }

    /// The families (bits) under which the tasks left that must be led do not
    /// fit, all countries together: in lead slots (maximum leads; `FIXED` when
    /// the countries could not take them even without maximum leads) and in
    /// effort (capacity, whole where efforts are).
    fn rest_cut(&self, k: usize) -> u8 {
        let (slots, effort) = self.must_left[k];
        let (mut room, mut open, mut spare) = (0usize, 0usize, 0.0);
        for (i, lim) in self.limit.iter().enumerate() {
            let may = self.may_left[k][i];
            open += may;
            room += (lim.max_leads).map_or(may, |hi| hi.saturating_sub(self.led[i]).min(may));
            let left = (lim.capacity - self.used[i]).max(0.0);
            spare += if self.whole[i] { left.floor() } else { left };
        }
        let slots_cut = match (slots > open, slots > room) {
            (true, _) => FIXED,
            (false, true) => MAX_LEADS,
            _ => 0,
        };
        slots_cut
            | if over(effort, spare + tol(spare)) {
                CAPACITY
            } else {
                0
            }
    }

    /// The families (bits) whose limits lead set j of task t breaks for some
    /// lead: capacity, lead and domain limits, budget (its minimum payment).
    fn set_cut(&self, t: usize, j: usize) -> u8 {
        let set = &self.sets[t][j];
        let task = &self.s.tasks[t];
        let d = self.domain[t];
        let mut cuts = 0;
        let min_pay = self.min_pay[t][j];
        for &i in &set.leads {
            let lim = &self.limit[i];
            let pay = self.pays[i] + min_pay;
            if over(self.used[i] + task.effort[i], lim.capacity) {
                cuts |= CAPACITY;
            }
            if lim.max_leads.is_some_and(|hi| self.led[i] >= hi) {
                cuts |= MAX_LEADS;
            }
            if (self.s.policy.max_per_domain).is_some_and(|hi| self.per_domain[i][d] >= hi) {
                cuts |= DOMAIN;
            }
            if lim.budget.is_some_and(|b| over(pay, b)) {
                cuts |= BUDGET;
            }
        }
        cuts
    }

    /// Adds (`sign` 1) or removes (-1) lead set j of task t.
    fn apply(&mut self, t: usize, j: usize, sign: i32) {
        let set = &self.sets[t][j];
        let pay = self.min_pay[t][j];
        let f = f64::from(sign);
        for &i in &set.leads {
            self.used[i] += f * self.s.tasks[t].effort[i];
            self.pays[i] += f * pay;
            let d = self.domain[t];
            if sign > 0 {
                self.led[i] += 1;
                self.per_domain[i][d] += 1;
            } else {
                self.led[i] -= 1;
                self.per_domain[i][d] -= 1;
            }
        }
        self.total_cost += f * set.cost;
    }

    /// When every country has a budget, together they cover the realised cost.
    fn budgets_cover_total(&self) -> bool {
        if !self.money {
            return true;
        }
        let budgets: Option<f64> = self.s.countries.iter().map(|c| c.budget).sum();
        budgets.is_none_or(|b| !over(self.total_cost, b + tol(b)))
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
