//! Depth-first branch and bound on the Lagrangian bound.
//!
//! Each node: fixings implied by the rows (a task with all its leads, a
//! column too heavy for what its row has left), then subgradient steps on
//! the multipliers (warm-started from the parent's best), then Lagrangian
//! fixing (a column whose forced bound cannot beat the incumbent by a whole
//! objective step is fixed the other way), an MTHG plan from the relaxation's
//! solution, and a branch on the most promising column of a task the
//! relaxation leaves wrongly assigned (1 first, then 0).

use std::time::Instant;

use super::bound::{evaluate, Eval, FREE};
use super::heur::complete;
use super::shape::Gap;

/// Subgradient steps at the root and at every other node.
const ROOT_STEPS: usize = 300;
const NODE_STEPS: usize = 30;

struct Node {
    fix: Vec<i8>,
    u: Vec<f64>,
    /// An upper bound on every plan below (the parent's forced bound).
    bound: f64,
}

/// The search's result, in maximisation form without the objective constant.
pub(crate) struct Outcome {
    pub best: Option<(f64, Vec<bool>)>,
    /// `None` when the search finished (the incumbent is optimal or there is
    /// no plan), else the best bound of what was left open.
    pub open_bound: Option<f64>,
}

pub(crate) struct Search<'a> {
    gap: &'a Gap,
    step: f64,
    tol: f64,
    best: Option<(f64, Vec<bool>)>,
    deadline: Option<Instant>,
    pub nodes: usize,
}

impl<'a> Search<'a> {
    /// `step`: every plan's objective is a whole multiple of it (0 if none).
    pub fn new(gap: &'a Gap, step: f64, deadline: Option<Instant>) -> Self {
        let scale = 1.0 + gap.profit.iter().map(|p| p.abs()).sum::<f64>();
        let tol = 1e-9 * scale;
        let step = if step > 4.0 * tol { step } else { 0.0 };
        Search {
            gap,
            step,
            tol,
            best: None,
            deadline,
            nodes: 0,
        }
    }

    /// A bound below this cannot lead to a better plan than the incumbent.
    fn threshold(&self) -> f64 {
        match &self.best {
            Some((v, _)) if self.step > 0.0 => v + self.step - self.tol,
            Some((v, _)) => v + self.tol,
            None => f64::NEG_INFINITY,
        }
    }

    fn offer(&mut self, x: Vec<bool>) {
        let v: f64 = (0..x.len())
            .filter(|&j| x[j])
            .map(|j| self.gap.profit[j])
            .sum();
        if self.best.as_ref().is_none_or(|b| v > b.0) {
            self.best = Some((v, x));
        }
    }

    fn past_deadline(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// Runs until done or until the deadline.
    pub fn run(mut self) -> Outcome {
        let gap = self.gap;
        let root: Vec<i8> = (0..gap.n())
            .map(|j| {
                if !gap.hi[j] {
                    0
                } else if gap.lo[j] {
                    1
                } else {
                    FREE
                }
            })
            .collect();
        let mut root = root;
        if !propagate(gap, &mut root) {
            return Outcome {
                best: None,
                open_bound: None,
            };
        }
        self.root_heuristics(&root);
        let u = initial_multipliers(gap);
        // A finite bound from the start, for a stop before the first node.
        let bound = evaluate(gap, &root, &u, false).bound;
        let mut stack = vec![Node {
            fix: root,
            u,
            bound,
        }];
        while let Some(node) = stack.pop() {
            if self.past_deadline() {
                stack.push(node);
                let open = stack
                    .iter()
                    .map(|n| n.bound)
                    .fold(f64::NEG_INFINITY, f64::max);
                return Outcome {
                    open_bound: Some(open),
                    best: self.best,
                };
            }
            if node.bound < self.threshold() {
                continue;
            }
            let steps = if self.nodes == 0 {
                ROOT_STEPS
            } else {
                NODE_STEPS
            };
            self.nodes += 1;
            stack.extend(self.process(node, steps));
        }
        Outcome {
            open_bound: None,
            best: self.best,
        }
    }

    fn root_heuristics(&mut self, fix: &[i8]) {
        let gap = self.gap;
        let none = vec![false; gap.n()];
        let light: Vec<f64> = (0..gap.n())
            .map(|j| {
                let cap = gap.agents[gap.agent_of[j]].1.max(1) as f64;
                -(gap.weight[j] as f64) / cap
            })
            .collect();
        for desire in [&gap.profit, &light] {
            if let Some(x) = complete(gap, fix, &none, desire) {
                self.offer(x);
            }
        }
    }

    /// Bounds, fixes and branches one node; its children (0 first, so that
    /// the 1 branch is explored first).
    fn process(&mut self, mut node: Node, steps: usize) -> Vec<Node> {
        let mut steps = steps;
        for _round in 0..4 {
            if !propagate(self.gap, &mut node.fix) {
                return Vec::new();
            }
            let Some(eval) = self.subgradient(&node.fix, &mut node.u, steps) else {
                return Vec::new();
            };
            match self.fix_by_bounds(&mut node.fix, &eval) {
                Fixed::Pruned => return Vec::new(),
                Fixed::Some => steps = NODE_STEPS / 2,
                Fixed::None => return self.branch(&node, &eval),
            }
        }
        if !propagate(self.gap, &mut node.fix) {
            return Vec::new();
        }
        let eval = evaluate(self.gap, &node.fix, &node.u, true);
        if eval.bound < self.threshold() {
            return Vec::new();
        }
        self.branch(&node, &eval)
    }

    /// Subgradient steps from `u`; leaves the best multipliers in `u` and
    /// returns their evaluation with fixing data, or `None` when the node is
    /// pruned (bound below the threshold, or its relaxation is a plan).
    fn subgradient(&mut self, fix: &[i8], u: &mut Vec<f64>, steps: usize) -> Option<Eval> {
        let gap = self.gap;
        let mut best_u = u.clone();
        let mut best = f64::INFINITY;
        let mut mu = if steps == ROOT_STEPS { 2.0 } else { 0.5 };
        let mut stale = 0;
        for it in 0..steps {
            let e = evaluate(gap, fix, u, false);
            if e.bound < best {
                best = e.bound;
                best_u.clone_from(u);
                stale = 0;
            } else {
                stale += 1;
                if stale >= 10 {
                    mu /= 2.0;
                    stale = 0;
                }
            }
            let norm: f64 = e.g.iter().map(|g| g * g).sum();
            if norm == 0.0 {
                self.offer(e.x); // the relaxation's optimum is a plan
                return None;
            }
            if it % 10 == 0 || it + 1 == steps {
                self.repair(fix, &e.x, u);
            }
            if e.bound < self.threshold() {
                return None;
            }
            let target = match &self.best {
                Some((v, _)) => *v,
                None => e.bound - 0.05 * e.bound.abs() - 1.0,
            };
            let t = mu * (e.bound - target).max(self.tol) / norm;
            for (ut, gt) in u.iter_mut().zip(&e.g) {
                *ut -= t * gt;
            }
            if mu < 1e-4 || self.past_deadline() {
                break;
            }
        }
        *u = best_u;
        let e = evaluate(gap, fix, u, true);
        self.repair(fix, &e.x, u);
        (e.bound >= self.threshold()).then_some(e)
    }

    fn repair(&mut self, fix: &[i8], x: &[bool], u: &[f64]) {
        let gap = self.gap;
        let desire: Vec<f64> = (0..gap.n())
            .map(|j| gap.profit[j] - u[gap.task_of[j]])
            .collect();
        if let Some(plan) = complete(gap, fix, x, &desire) {
            self.offer(plan);
        }
    }

    /// Lagrangian fixing: a free column whose bound when forced to 1 (0)
    /// falls below the threshold is fixed at 0 (1).
    fn fix_by_bounds(&self, fix: &mut [i8], e: &Eval) -> Fixed {
        let th = self.threshold();
        let mut fixed = Fixed::None;
        for (j, f) in fix.iter_mut().enumerate() {
            if *f != FREE {
                continue;
            }
            match (e.bound_in[j] < th, e.bound_out[j] < th) {
                (true, true) => return Fixed::Pruned,
                (true, false) => *f = 0,
                (false, true) => *f = 1,
                (false, false) => continue,
            }
            fixed = Fixed::Some;
        }
        fixed
    }

    /// Two children on the free column with the best forced bound among the
    /// columns of the task the relaxation misses by most.
    fn branch(&self, node: &Node, e: &Eval) -> Vec<Node> {
        let gap = self.gap;
        let t = (0..gap.tasks.len())
            .filter(|&t| gap.tasks[t].0.iter().any(|&j| node.fix[j] == FREE))
            .max_by(|&a, &b| e.g[a].abs().total_cmp(&e.g[b].abs()).then(b.cmp(&a)));
        let Some(t) = t else { return Vec::new() };
        let j = gap.tasks[t]
            .0
            .iter()
            .copied()
            .filter(|&j| node.fix[j] == FREE)
            .max_by(|&a, &b| e.bound_in[a].total_cmp(&e.bound_in[b]).then(b.cmp(&a)))
            .expect("a free column");
        let child = |v: i8, bound: f64| {
            let mut fix = node.fix.clone();
            fix[j] = v;
            Node {
                fix,
                u: node.u.clone(),
                bound: bound.min(node.bound),
            }
        };
        vec![child(0, e.bound_out[j]), child(1, e.bound_in[j])]
    }
}

enum Fixed {
    None,
    Some,
    Pruned,
}

/// Starting multipliers: each task's second-best profit (its best column
/// then has a positive reduced profit, the others none).
fn initial_multipliers(gap: &Gap) -> Vec<f64> {
    gap.tasks
        .iter()
        .map(|(cols, k)| {
            let mut p: Vec<f64> = cols
                .iter()
                .filter(|&&j| gap.hi[j])
                .map(|&j| gap.profit[j])
                .collect();
            p.sort_by(|a, b| b.total_cmp(a));
            p.get(*k as usize).or(p.last()).copied().unwrap_or(0.0)
        })
        .collect()
}

/// Fixings the rows imply; `false` when the node has no plan.
fn propagate(gap: &Gap, fix: &mut [i8]) -> bool {
    loop {
        let mut changed = false;
        for (cols, k) in &gap.tasks {
            let ones = cols.iter().filter(|&&j| fix[j] == 1).count() as i64;
            let free = cols.iter().filter(|&&j| fix[j] == FREE).count() as i64;
            if ones > *k || ones + free < *k {
                return false;
            }
            if free > 0 && (ones == *k || ones + free == *k) {
                let v = if ones == *k { 0 } else { 1 };
                for &j in cols {
                    if fix[j] == FREE {
                        fix[j] = v;
                    }
                }
                changed = true;
            }
        }
        for (a, (cols, cap)) in gap.agents.iter().enumerate() {
            if a + 1 == gap.agents.len() {
                continue; // the columns in no knapsack row
            }
            let load: i64 = cols
                .iter()
                .filter(|&&j| fix[j] == 1)
                .map(|&j| gap.weight[j])
                .sum();
            if load > *cap {
                return false;
            }
            for &j in cols {
                if fix[j] == FREE && load + gap.weight[j] > *cap {
                    fix[j] = 0;
                    changed = true;
                }
            }
        }
        if !changed {
            return true;
        }
    }
}
