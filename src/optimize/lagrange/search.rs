//! Depth-first branch and bound on the Lagrangian bound ([`super::bound`]).
//!
//! Each node fixes some columns; its bound comes from a few subgradient steps
//! from its parent's multipliers (many at the root). A node is pruned when its
//! bound cannot beat the best plan by more than the float allowance, or when a
//! plan of the node reaches its bound. Plans come from the relaxation's leads,
//! repaired into a plan ([`super::repair`]) and valued exactly (payments by
//! their LP, objective by [`Plan::from_parts`]).

use std::collections::HashSet;
use std::time::Instant;

use super::bound::{evaluate, step, Eval, Mult};
use super::country::{best, Table};
use super::problem::{Problem, FREE};
use super::repair::repair;
use crate::plan::Plan;

/// Subgradient steps at the root and at every other node (a child starts
/// from its parent's multipliers; on the IPEF scenario more steps per node
/// close no more nodes: 133 nodes at 10 steps, 123 at 40, four times the work).
const ROOT_STEPS: usize = 400;
const NODE_STEPS: usize = 10;

/// What the search ended with.
pub(super) enum End {
    /// Every node was closed: the best plan is optimal (none: no plan exists).
    Done,
    /// The deadline passed; the bound over the open nodes.
    Stopped(f64),
    /// Too many nodes: the caller solves the MILP instead.
    GaveUp,
}

struct Node {
    state: Vec<i8>,
    mult: Mult,
    /// The parent's bound (an upper bound on this node's plans).
    bound: f64,
}

/// The search over `p`, valuing plans with `value` (None: leads that are no plan).
pub(super) struct Search<'a> {
    p: &'a Problem,
    value: &'a dyn Fn(&[Vec<usize>]) -> Option<Plan>,
    deadline: Option<Instant>,
    max_nodes: usize,
    max_work: u64,
    /// Objective step: a plan must beat the best by this much (0: by the float allowance).
    step: f64,
    pub best: Option<Plan>,
    seen: HashSet<Vec<Vec<usize>>>,
    tabs: Vec<Table>,
    pub nodes: usize,
    pub root: Option<f64>,
    /// The root's state after its fixings, relaxation and bound: fixing
    /// again from them whenever a better plan raises the cutoff.
    root_eval: Option<(Vec<i8>, Eval, f64)>,
    /// The cutoff `root_eval`'s fixings were last made against.
    root_fixed_at: f64,
}

impl<'a> Search<'a> {
    pub fn new(
        p: &'a Problem,
        value: &'a dyn Fn(&[Vec<usize>]) -> Option<Plan>,
        deadline: Option<Instant>,
        (max_nodes, max_work): (usize, u64),
        step: f64,
    ) -> Self {
        Search {
            p,
            value,
            deadline,
            max_nodes,
            max_work,
            step,
            best: None,
            seen: HashSet::new(),
            tabs: (0..p.n).map(|_| Table::default()).collect(),
            nodes: 0,
            root: None,
            root_eval: None,
            root_fixed_at: f64::NEG_INFINITY,
        }
    }

    /// The least bound that can still beat the best plan.
    fn cutoff(&self) -> f64 {
        match &self.best {
            None => f64::NEG_INFINITY,
            Some(b) if self.step > 0.0 => b.objective + self.step - 1e-9 * self.p.scale,
            Some(b) => b.objective + 1e-9 * self.p.scale,
        }
    }

    fn out_of_time(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// Table entries visited so far.
    pub fn work(&self) -> u64 {
        self.tabs.iter().map(|t| t.work).sum()
    }

    /// Runs the search from the root.
    pub fn run(&mut self) -> End {
        let root = Node {
            state: self.p.state.clone(),
            mult: Mult::zero(self.p),
            bound: f64::INFINITY,
        };
        let mut stack = vec![root];
        let mut first = true;
        while let Some(mut node) = stack.pop() {
            if self.out_of_time() {
                stack.push(node);
                let open = stack
                    .iter()
                    .map(|n| n.bound)
                    .fold(f64::NEG_INFINITY, f64::max);
                return End::Stopped(open);
            }
            if self.nodes >= self.max_nodes || self.work() > self.max_work {
                return End::GaveUp;
            }
            self.nodes += 1;
            if node.bound < self.cutoff()
                || !self.apply_root_fixings(&mut node.state)
                || !propagate(self.p, &mut node.state)
            {
                continue;
            }
            let root = std::mem::take(&mut first);
            let Some((bound, e, mult)) = self.bound_node(&node, root) else {
                continue;
            };
            if self.root.is_none() {
                self.root = Some(bound);
            }
            if bound < self.cutoff() {
                continue;
            }
            if root {
                self.fix_exact(&mut node.state, &e, bound);
                self.root_fixed_at = self.cutoff();
                self.root_eval = Some((node.state.clone(), e.clone(), bound));
            }
            self.fix_by_profit(&mut node.state, &e);
            if !propagate(self.p, &mut node.state) {
                continue;
            }
            let Some((col, up_first)) = branch_column(self.p, &node.state, &e) else {
                continue; // every column fixed: the plan was valued
            };
            let mut down = node.state.clone();
            down[col] = 0;
            let mut up = std::mem::take(&mut node.state);
            up[col] = 1;
            let child = |state| Node {
                state,
                mult: mult.clone(),
                bound,
            };
            if up_first {
                stack.push(child(down));
                stack.push(child(up));
            } else {
                stack.push(child(up));
                stack.push(child(down));
            }
        }
        End::Done
    }

    /// Subgradient steps on `node`: its best (least) bound, the relaxation at
    /// it and the multipliers; `None` when the node holds no better plan.
    fn bound_node(&mut self, node: &Node, root: bool) -> Option<(f64, Eval, Mult)> {
        let steps = if root { ROOT_STEPS } else { NODE_STEPS };
        let mut m = node.mult.clone();
        let mut best: Option<(f64, Eval, Mult)> = None;
        let mut theta: f64 = 1.0;
        let mut since = 0;
        // Steps without a better bound before the step size halves.
        let patience = if root { 10 } else { 5 };
        for _ in 0..steps {
            let e = evaluate(self.p, &node.state, &m, &mut self.tabs)?;
            self.try_plan(&node.state, &e);
            let improved = best
                .as_ref()
                .is_none_or(|b| e.bound < b.0 - 1e-12 * self.p.scale);
            if e.bound < self.cutoff() {
                return None;
            }
            if e.assignment_holds() && self.reaches(e.bound) {
                return None;
            }
            let target = match &self.best {
                Some(b) => b.objective,
                None => e.bound - 0.05 * (e.bound.abs() + 1.0),
            };
            let mut next = m.clone();
            let moved = step(self.p, &mut next, &e, target, theta);
            if improved {
                best = Some((e.bound, e, m));
                since = 0;
            } else {
                since += 1;
                if since >= patience {
                    theta /= 2.0;
                    since = 0;
                }
            }
            if !moved || theta < 1e-4 || self.out_of_time() {
                break;
            }
            m = next;
        }
        best
    }

    /// Lagrangian fixing: a free column the relaxation leaves out, whose
    /// profit `p` makes `bound + p` fall below the cutoff, is 0 in every plan
    /// of the node that can still win (forcing it in changes its country's
    /// part of the bound by at most `p`). Only for countries whose fixed
    /// columns already meet their least number of tasks: otherwise a set
    /// with the column, less the column, may lead too few tasks to count in
    /// the bound (found by the comparison with the MILP under fixes).
    fn fix_by_profit(&self, state: &mut [i8], e: &Eval) {
        let cutoff = self.cutoff();
        let p = self.p;
        let met: Vec<bool> = (0..p.n)
            .map(|i| (0..p.m).filter(|&t| state[p.col(t, i)] == 1).count() >= p.countries[i].lo)
            .collect();
        for t in 0..self.p.m {
            for i in (0..self.p.n).filter(|&i| met[i]) {
                let c = self.p.col(t, i);
                if state[c] == FREE && !e.leads[t].contains(&i) && e.bound + e.profit[c] < cutoff {
                    state[c] = 0;
                }
            }
        }
    }

    /// Lagrangian fixing by each column's exact effect on the bound: with the
    /// column set against the relaxation (a lead it takes left out, a task it
    /// leaves out forced in), the column's country solves its table again;
    /// the bound of that half of the node is `bound` less the country's old
    /// value plus its new one (the other countries' parts do not change), and
    /// when it falls below the cutoff (or the country has no choice left) the
    /// column takes the relaxation's value. Fixing a column to the value the
    /// relaxation gives it leaves the country's best set, and so the bound,
    /// as they were. A table per free column: done at the root.
    fn fix_exact(&mut self, state: &mut [i8], e: &Eval, bound: f64) {
        let cutoff = self.cutoff();
        if !cutoff.is_finite() {
            return;
        }
        let p = self.p;
        let mut chosen = Vec::new();
        let mut fixed = 0;
        for i in 0..p.n {
            let f = |t: usize| e.profit[p.col(t, i)];
            let Some(v) = best(p, i, state, &f, &mut self.tabs[i], &mut chosen) else {
                continue;
            };
            let mut lead = vec![false; p.m];
            for &t in &chosen {
                lead[t] = true;
            }
            for (t, &led) in lead.iter().enumerate() {
                let c = p.col(t, i);
                if state[c] != FREE {
                    continue;
                }
                state[c] = i8::from(!led);
                let other = best(p, i, state, &f, &mut self.tabs[i], &mut chosen);
                let dead = other.is_none_or(|w| bound - v + w < cutoff);
                state[c] = if dead { i8::from(led) } else { FREE };
                fixed += usize::from(dead);
            }
        }
        if std::env::var_os("LEADPLAN_LAGR_DEBUG").is_some() {
            let free = state.iter().filter(|&&v| v == FREE).count();
            eprintln!(
                "exact fixing: {fixed} columns fixed, {free} free; bound {bound}, cutoff {cutoff}"
            );
        }
    }

    /// Fixes again at the root when a better plan has raised the cutoff
    /// since the last time, and carries the root's fixings into `state`;
    /// false when `state` contradicts one (the node holds no better plan).
    fn apply_root_fixings(&mut self, state: &mut [i8]) -> bool {
        let Some((mut fixed, e, bound)) = self.root_eval.take() else {
            return true;
        };
        if self.cutoff() > self.root_fixed_at {
            self.fix_exact(&mut fixed, &e, bound);
            self.root_fixed_at = self.cutoff();
        }
        let mut holds = true;
        for (v, &r) in state.iter_mut().zip(&fixed) {
            if r != FREE {
                if *v == FREE {
                    *v = r;
                } else if *v != r {
                    holds = false;
                }
            }
        }
        self.root_eval = Some((fixed, e, bound));
        holds
    }

    /// Whether the best plan already reaches `bound` (the node can hold no better one).
    fn reaches(&self, bound: f64) -> bool {
        self.best
            .as_ref()
            .is_some_and(|b| bound <= b.objective + 1e-9 * self.p.scale)
    }

    /// Repairs the relaxation's leads into a plan and keeps it if it is the best.
    fn try_plan(&mut self, state: &[i8], e: &Eval) {
        let Some(leads) = repair(self.p, state, e) else {
            return;
        };
        // Money terms only subtract: a plan whose leads alone cannot beat
        // the best needs no payments LP.
        let linear: f64 = (0..self.p.m)
            .flat_map(|t| leads[t].iter().map(move |&i| (t, i)))
            .map(|(t, i)| self.p.a[self.p.col(t, i)])
            .sum();
        if linear < self.cutoff() || !self.seen.insert(leads.clone()) {
            return;
        }
        let Some(plan) = (self.value)(&leads) else {
            return;
        };
        let better = self
            .best
            .as_ref()
            .is_none_or(|b| plan.objective > b.objective + 1e-9 * self.p.scale);
        if better {
            self.best = Some(plan);
        }
    }
}

/// Fixes what the node's fixings imply: a task with all its leads fixed has
/// no other; a task whose free columns are just enough must take them all.
/// False when a task can no longer get its leads.
fn propagate(p: &Problem, state: &mut [i8]) -> bool {
    for t in 0..p.m {
        let cols = (0..p.n).map(|i| p.col(t, i));
        let on = cols.clone().filter(|&c| state[c] == 1).count();
        let free = cols.clone().filter(|&c| state[c] == FREE).count();
        let l = p.leads[t];
        if on > l || (on + free < l && (on > 0 || !p.optional[t])) {
            return false;
        }
        let fill = if on == l {
            Some(0)
        } else if on + free == l && (on > 0 || !p.optional[t]) {
            Some(1)
        } else {
            None
        };
        if let Some(v) = fill {
            for i in 0..p.n {
                if state[p.col(t, i)] == FREE {
                    state[p.col(t, i)] = v;
                }
            }
        }
    }
    !p.money || !p.over_budget(state)
}

/// The column to branch on, and whether its "lead" child goes first: on the
/// task the relaxation assigns worst, its free column of highest profit; when
/// every task has its count, a free column the relaxation leads.
fn branch_column(p: &Problem, state: &[i8], e: &Eval) -> Option<(usize, bool)> {
    let task = (0..p.m)
        .filter(|&t| e.g_u[t] != 0.0 && (0..p.n).any(|i| state[p.col(t, i)] == FREE))
        .max_by(|&a, &b| e.g_u[a].abs().total_cmp(&e.g_u[b].abs()).then(b.cmp(&a)));
    if let Some(t) = task {
        let col = (0..p.n)
            .map(|i| p.col(t, i))
            .filter(|&c| state[c] == FREE)
            .max_by(|&a, &b| e.profit[a].total_cmp(&e.profit[b]).then(b.cmp(&a)))?;
        return Some((col, true));
    }
    (0..p.m)
        .flat_map(|t| e.leads[t].iter().map(move |&i| p.col(t, i)))
        .find(|&c| state[c] == FREE)
        .or_else(|| state.iter().position(|&v| v == FREE))
        .map(|c| (c, true))
}
