//! Exact optimum of a small scenario by its lead patterns, reused across runs.
//!
//! The trilateral scenario has about 3,000 lead patterns that meet the
//! combinatorial rows (lead counts, capacity, leads per country and per
//! domain, pins and bans), of 177,147 combinations. A sweep run changes fit
//! scores, capacities or money, rarely the rows themselves, so a worker thread
//! enumerates the patterns once and keeps them while the rows stay the same
//! ([`Patterns::key`] holds every number the enumeration read; a run whose
//! numbers differ enumerates again). Per run, every pattern's objective without
//! the fairness term is a sum of one precomputed number per task; that sum is
//! an upper bound of the pattern's objective (fairness only subtracts), so
//! patterns are valued exactly (payments by [`super::payments`], objective by
//! [`Plan::from_parts`]) from the highest bound down until no bound left can
//! reach the best value found. The answer is the best plan, ties broken by
//! pattern order (lexicographic in each task's lead sets): the same whatever
//! thread or cache state the run meets. When a scenario has too many patterns
//! the search gives up and the caller solves the MILP.

use std::cell::RefCell;
use std::collections::HashMap;

use super::lead_sets::lead_sets;
use super::patterns_shape::SharedShape;
use super::patterns_trie::{room, Kept, Trie};
use super::payments::{payments, Money};
use crate::options::SolverKind;
use crate::plan::{Plan, PlanStatus};
use crate::scenario::Scenario;

/// Most patterns kept before giving up.
const MAX_PATTERNS: usize = 100_000;
/// Most search nodes before giving up.
const MAX_NODES: usize = 1_000_000;
/// Highest bounds valued one by one (a linear scan each) before sorting the rest.
const FIRST_SCANS: usize = 4;

/// What the pattern search found.
pub(crate) enum Found {
    /// The optimal plan (proven: every pattern was bounded or valued).
    Planned(Plan),
    /// No pattern meets every row.
    Infeasible,
    /// Too many patterns, or the payments LP failed: solve the MILP instead.
    GaveUp,
}

/// Every lead pattern of one set of combinatorial rows.
#[derive(Default)]
struct Patterns {
    /// The numbers the enumeration read (see [`shape_key`]).
    key: Vec<u64>,
    /// Per task, its lead sets (sorted country lists).
    sets: Vec<Vec<Vec<usize>>>,
    /// Per pattern, per task, the index of its lead set (tasks consecutive).
    choice: Vec<u16>,
    /// The same as a prefix tree, for the bounds and the capacity filter.
    trie: Trie,
    /// The search gave up on these rows.
    gave_up: bool,
}

/// A worker's reusable state: patterns, and payments per pattern while the
/// money data stays the same.
#[derive(Default)]
struct Cache {
    patterns: Patterns,
    money_key: Vec<u64>,
    money: HashMap<Vec<u16>, Option<Money>>,
    kept: Kept,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

/// The optimal plan of `s` by its patterns (see the module notes), taken
/// from the listing of `shape`, which the caller checked covers `s`
/// ([`SharedShape::covers`]).
pub(crate) fn solve_by_patterns(s: &Scenario, shape: &SharedShape, kind: SolverKind) -> Found {
    CACHE.with(|c| c.borrow_mut().solve(s, shape, kind))
}

/// The plan `leads` make in `s` when they meet every row (payments as in
/// [`solve_by_patterns`]): `Some(None)` when they break one, `None` when the
/// patterns of `s` are not known (the caller evaluates another way).
pub(crate) fn value_by_patterns(
    s: &Scenario,
    shape: &SharedShape,
    leads: &[Vec<usize>],
    kind: SolverKind,
) -> Option<Option<Plan>> {
    CACHE.with(|c| c.borrow_mut().value(s, shape, leads, kind))
}

impl Cache {
    fn refresh(&mut self, s: &Scenario, shape: &SharedShape) {
        if shape.key != self.patterns.key {
            self.patterns = if shape.same_capacities(s) {
                Patterns::enumerate(s, shape.key.clone())
            } else {
                Patterns::enumerate(&shape.widened(s), shape.key.clone())
            };
            self.money.clear();
        }
        let money_key = money_key(s);
        if money_key != self.money_key {
            self.money.clear();
            self.money_key = money_key;
        }
    }

    fn solve(&mut self, s: &Scenario, shape: &SharedShape, kind: SolverKind) -> Found {
        self.refresh(s, shape);
        if self.patterns.gave_up {
            return Found::GaveUp;
        }
        let lin: Vec<f64> = linear_parts(s, &self.patterns.sets).concat();
        let room = (!shape.same_capacities(s)).then(|| room(s));
        let smax = self.patterns.trie.suffix_max(&lin);
        let Some(top) = self.patterns.trie.max_bound(&lin, room.as_deref(), &smax) else {
            return Found::Infeasible; // no pattern fits this run's capacities
        };
        let mut kept = std::mem::take(&mut self.kept);
        let mut floor = top;
        let found = loop {
            self.patterns
                .trie
                .bounds(&lin, room.as_deref(), floor, &smax, &mut kept);
            match self.best_of(s, kind, &kept.pattern, &mut kept.bound, floor) {
                Ok(found) => break found,
                Err(Some(lower)) => floor = lower,
                Err(None) => floor = lower_floor(top, floor),
            }
        };
        self.kept = kept;
        found
    }

    /// The best of the patterns kept (`kept`, in order), given their bounds
    /// (a valued pattern's bound is set to minus infinity). The highest bounds
    /// are valued first, by a linear scan, until one is a plan; then every
    /// pattern whose bound reaches that plan's value, highest first, until a
    /// bound falls below the best value found. Positions in `kept` rank as the
    /// patterns do, so ties go to the first pattern.
    ///
    /// `kept` holds only the patterns whose bound reaches `cut`; every other
    /// pattern's is lower. The answer is the one all patterns give when the
    /// valuation stopped at a bound below the best value, or when no bound
    /// outside can reach the best value (`cut` at most its floor). Otherwise
    /// the caller lowers `cut`: to the floor of the best value found
    /// (`Err(Some)`), or further (`Err(None)`, no plan yet).
    fn best_of(
        &mut self,
        s: &Scenario,
        kind: SolverKind,
        kept: &[u32],
        bound: &mut [f64],
        cut: f64,
    ) -> Result<Found, Option<f64>> {
        let mut best: Option<(usize, Plan)> = None;
        for _ in 0..FIRST_SCANS {
            let Some(p) = highest(bound) else { break };
            bound[p] = f64::NEG_INFINITY;
            match self.plan_of(s, kept[p] as usize, kind) {
                Err(_) => return Ok(Found::GaveUp),
                Ok(Some(plan)) => {
                    best = Some((p, plan));
                    break;
                }
                Ok(None) => {}
            }
        }
        let floor = |best: &Option<(usize, Plan)>| {
            best.as_ref().map_or(f64::MIN, |(_, b)| {
                b.objective - 1e-9 * b.objective.abs().max(1.0)
            })
        };
        let first = floor(&best);
        let mut rest: Vec<u32> = (0..bound.len() as u32)
            .filter(|&p| bound[p as usize] >= first)
            .collect();
        rest.sort_unstable_by(|a, b| {
            bound[*b as usize]
                .total_cmp(&bound[*a as usize])
                .then(a.cmp(b))
        });
        let mut stopped = false;
        for p in rest {
            let p = p as usize;
            if bound[p] < floor(&best) {
                stopped = true;
                break;
            }
            let Ok(plan) = self.plan_of(s, kept[p] as usize, kind) else {
                return Ok(Found::GaveUp);
            };
            let Some(plan) = plan else { continue };
            let better = best.as_ref().is_none_or(|(q, b)| {
                plan.objective > b.objective || (plan.objective == b.objective && p < *q)
            });
            if better {
                best = Some((p, plan));
            }
        }
        let settled = stopped || cut == f64::NEG_INFINITY;
        match best {
            _ if settled => {}
            Some(_) if floor(&best) >= cut => {}
            Some(_) => return Err(Some(floor(&best))),
            None => return Err(None),
        }
        Ok(match best {
            Some((_, plan)) => Found::Planned(plan),
            None => Found::Infeasible,
        })
    }

    /// Pattern p as a plan (`None`: no split of its costs meets the money rows).
    fn plan_of(
        &mut self,
        s: &Scenario,
        p: usize,
        kind: SolverKind,
    ) -> Result<Option<Plan>, super::payments::LpFailed> {
        let n_tasks = s.tasks.len();
        let leads = self.patterns.leads_of(p, n_tasks);
        let choice = self.patterns.choice[p * n_tasks..(p + 1) * n_tasks].to_vec();
        Ok(self
            .money_of(s, &choice, &leads)?
            .map(|money| Plan::from_parts(s, leads, money, PlanStatus::Optimal, kind, 0.0)))
    }

    /// Payments of a pattern, cached while the money data stays the same.
    fn money_of(
        &mut self,
        s: &Scenario,
        choice: &[u16],
        leads: &[Vec<usize>],
    ) -> Result<Option<Option<Money>>, super::payments::LpFailed> {
        if !crate::rules::needs_money(s) {
            return Ok(Some(None));
        }
        if let Some(m) = self.money.get(choice) {
            return Ok(m.clone().map(Some));
        }
        let m = payments(s, leads)?;
        self.money.insert(choice.to_vec(), m.clone());
        Ok(m.map(Some))
    }

    fn value(
        &mut self,
        s: &Scenario,
        shape: &SharedShape,
        leads: &[Vec<usize>],
        kind: SolverKind,
    ) -> Option<Option<Plan>> {
        self.refresh(s, shape);
        if self.patterns.gave_up || leads.len() != s.tasks.len() {
            return None;
        }
        let mut choice = Vec::with_capacity(leads.len());
        for (t, ls) in leads.iter().enumerate() {
            match self.patterns.sets[t].iter().position(|set| set == ls) {
                Some(j) => choice.push(j as u16),
                None => return None, // not one of its listed sets: evaluate_fixed decides
            }
        }
        if !super::evaluate::obeys_rows(s, leads) {
            return Some(None);
        }
        let money = self.money_of(s, &choice, leads).ok()?;
        Some(money.map(|m| Plan::from_parts(s, leads.to_vec(), m, PlanStatus::Optimal, kind, 0.0)))
    }
}

/// Every pattern of `s` taken from `shape`'s listing (after the capacity
/// filter), as leads per task, in order; `None` when the listing gave up.
#[cfg(test)]
pub(super) fn listed(s: &Scenario, shape: &SharedShape) -> Option<Vec<Vec<Vec<usize>>>> {
    let p = Patterns::enumerate(&shape.widened(s), shape.key.clone());
    if p.gave_up {
        return None;
    }
    let lin = vec![0.0; p.sets.iter().map(Vec::len).sum()];
    // As `solve` filters; the run's own listing is the walk's alone.
    let room = (!shape.same_capacities(s)).then(|| room(s));
    let mut kept = Kept::default();
    let smax = p.trie.suffix_max(&lin);
    p.trie
        .bounds(&lin, room.as_deref(), f64::NEG_INFINITY, &smax, &mut kept);
    Some(
        kept.pattern
            .iter()
            .map(|&q| p.leads_of(q as usize, s.tasks.len()))
            .collect(),
    )
}

/// The next cut below `cut` when the patterns above it hold no plan: the
/// distance from the highest bound `top` quadrupled, and after a few rounds
/// every pattern.
fn lower_floor(top: f64, cut: f64) -> f64 {
    let step = (top - cut).max(1e-3 * top.abs().max(1.0));
    if step > 0.5 * top.abs().max(1.0) {
        f64::NEG_INFINITY
    } else {
        top - 4.0 * step
    }
}

/// The first pattern with the highest bound not yet valued.
fn highest(bound: &[f64]) -> Option<usize> {
    let mut top: Option<usize> = None;
    for (p, &b) in bound.iter().enumerate() {
        if b != f64::NEG_INFINITY && top.is_none_or(|q| b > bound[q]) {
            top = Some(p);
        }
    }
    top
}

/// Per task and lead set: the objective's fit, cost and sensitivity part
/// (an upper bound on the set's share of the objective; fairness subtracts).
fn linear_parts(s: &Scenario, sets: &[Vec<Vec<usize>>]) -> Vec<Vec<f64>> {
    let w = s.policy.weights;
    sets.iter()
        .enumerate()
        .map(|(t, ts)| {
            let task = &s.tasks[t];
            let l = task.leads as f64;
            ts.iter()
                .map(|set| {
                    set.iter()
                        .map(|&i| {
                            w.fit * task.importance * task.fit[i] / l
                                - w.cost * task.cost[i] / l
                                - w.sensitivity * task.importance * s.sensitivity_excess(i, t)
                        })
                        .sum()
                })
                .collect()
        })
        .collect()
}

impl Patterns {
    fn leads_of(&self, p: usize, n_tasks: usize) -> Vec<Vec<usize>> {
        self.choice[p * n_tasks..(p + 1) * n_tasks]
            .iter()
            .enumerate()
            .map(|(t, &j)| self.sets[t][j as usize].clone())
            .collect()
    }

    fn enumerate(s: &Scenario, key: Vec<u64>) -> Patterns {
        let mut out = Patterns {
            key,
            ..Patterns::default()
        };
        let mut sets = Vec::with_capacity(s.tasks.len());
        for t in 0..s.tasks.len() {
            match lead_sets(s, t) {
                Some(v) if v.len() <= usize::from(u16::MAX) => {
                    sets.push(v.into_iter().map(|set| set.leads).collect())
                }
                Some(_) => {
                    out.gave_up = true;
                    return out;
                }
                None => {
                    out.sets = vec![Vec::new(); s.tasks.len()];
                    return out; // a task no set can lead: no pattern
                }
            }
        }
        out.sets = sets;
        let mut walk = super::patterns_walk::Walk::new(s, &out.sets, MAX_NODES, MAX_PATTERNS);
        match walk.run() {
            Some(choice) => out.choice = choice,
            None => out.gave_up = true,
        }
        if !out.gave_up {
            out.trie = Trie::build(s, &out.sets, &out.choice);
        }
        out
    }
}

/// Every number the payments LP reads besides the leads.
pub(super) fn money_key(s: &Scenario) -> Vec<u64> {
    let mut k = vec![
        s.policy.min_share.to_bits(),
        u64::from(s.policy.funding == crate::scenario::Funding::All),
        s.policy.weights.fairness.to_bits(),
    ];
    for task in &s.tasks {
        k.push(task.leads as u64);
        k.extend(task.cost.iter().map(|c| c.to_bits()));
    }
    for c in &s.countries {
        k.push(c.budget.map_or(u64::MAX, f64::to_bits));
    }
    k.extend(s.fair_shares().iter().map(|f| f.to_bits()));
    k
}
