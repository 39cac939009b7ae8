//! The search: depth-first dives from each node towards the child its LP
//! value leans to, the sibling kept in a best-bound queue; every child LP is
//! a warm-started dual simplex from its parent's (microlp's `fix_var` /
//! `add_constraint` on a copy of the parent's solver). A node is pruned when
//! its LP bound cannot beat the incumbent: by any amount in general, by a
//! whole step when the objective is integral on integer columns.

use std::cmp::Ordering;
use std::rc::Rc;
use std::time::Instant;

use microlp::{ComparisonOp, LinearExpr, Solution, SolveOutcome};

use super::branch::{snap, PseudoCosts, Side};
use super::mip::Mip;
use crate::error::Error;
use crate::solve::Termination;

/// What the search found, in maximisation form.
pub(super) struct Found {
    pub termination: Termination,
    pub values: Vec<f64>,
    /// Best proven bound when the search stopped early.
    pub bound: Option<f64>,
}

/// A child not yet solved: its parent's LP, the branch, and the parent's bound.
struct Open {
    bound: f64,
    depth: u32,
    seq: u64,
    parent: Rc<Solution>,
    col: usize,
    value: f64,
    side: Side,
}

impl PartialEq for Open {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Open {}
impl PartialOrd for Open {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Open {
    /// Best bound first; among equal bounds the deeper, then the older node.
    fn cmp(&self, o: &Self) -> Ordering {
        self.bound
            .total_cmp(&o.bound)
            .then(self.depth.cmp(&o.depth))
            .then(o.seq.cmp(&self.seq))
    }
}

/// Open children kept in best-bound order; past this many the search goes
/// depth first until fewer remain (each open child holds an LP copy).
const BEST_FIRST_UP_TO: usize = 256;

/// A dive takes the up branch from this fractional part on: fixing a lead
/// settles a task, which finds plans sooner than ruling one lead out.
const DIVE_UP_FROM: f64 = 0.3;

struct Search<'a> {
    mip: &'a Mip,
    vars: Vec<microlp::Variable>,
    pc: PseudoCosts,
    /// Unsolved children, each holding a copy of its parent's LP.
    open: Vec<Open>,
    seq: u64,
    best: Option<(f64, Vec<f64>)>,
}

/// Runs the search until proven or until `deadline`.
pub(super) fn search(mip: &Mip, deadline: Option<Instant>) -> Result<Found, Error> {
    let (problem, vars) = mip.relaxation();
    let root = match problem.solve() {
        Ok(out) => lp_solution(out)?,
        Err(microlp::Error::Infeasible) => None,
        Err(e) => return Err(Error::Solver(format!("bnb: {e}"))),
    };
    let mut s = Search {
        mip,
        vars,
        pc: PseudoCosts::new(mip.n()),
        open: Vec::new(),
        seq: 0,
        best: None,
    };
    let mut current = root.map(|r| (r, 0));
    loop {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            let at = current.map(|c| mip.lp_value(&c.0));
            return Ok(s.stopped(at));
        }
        let (sol, depth) = match current.take() {
            Some(c) => c,
            None => match s.next_open()? {
                Some(c) => c,
                None if s.open.is_empty() => return Ok(s.finished()),
                None => continue,
            },
        };
        current = s.expand(sol, depth)?;
    }
}

impl Search<'_> {
    /// Whether a node with this LP bound may still hold a better plan.
    fn worth(&self, bound: f64) -> bool {
        let Some((inc, _)) = &self.best else {
            return true;
        };
        let margin = if self.mip.integral_objective {
            1.0 - 1e-6
        } else {
            1e-9 * inc.abs().max(1.0)
        };
        bound > inc + margin
    }

    /// Solves the best open child; `None` when it is pruned or infeasible.
    fn next_open(&mut self) -> Result<Option<(Solution, u32)>, Error> {
        let Some(o) = self.pop() else {
            return Ok(None);
        };
        if !self.worth(o.bound) {
            return Ok(None);
        }
        let child = self.child((*o.parent).clone(), o.col, o.value, o.side)?;
        Ok(child.map(|c| (c, o.depth)))
    }

    /// The open child with the best bound; beyond [`BEST_FIRST_UP_TO`] open
    /// children, the newest (depth first), which bounds the LP copies held.
    fn pop(&mut self) -> Option<Open> {
        if self.open.len() > BEST_FIRST_UP_TO {
            return self.open.pop();
        }
        let k = (0..self.open.len()).max_by(|&a, &b| self.open[a].cmp(&self.open[b]))?;
        Some(self.open.swap_remove(k))
    }

    /// Evaluates a solved node: records a plan, or branches and returns the
    /// child to dive into.
    fn expand(&mut self, sol: Solution, depth: u32) -> Result<Option<(Solution, u32)>, Error> {
        let bound = self.mip.lp_value(&sol);
        if !self.worth(bound) {
            return Ok(None);
        }
        let mut x: Vec<f64> = self.vars.iter().map(|v| sol.var_value_raw(*v)).collect();
        let Some((col, value)) = self.pc.choose(self.mip, &x) else {
            snap(self.mip, &mut x);
            self.offer(x);
            return Ok(None);
        };
        let frac = value - value.floor();
        let (dive, other) = if frac >= DIVE_UP_FROM {
            (Side::Up, Side::Down)
        } else {
            (Side::Down, Side::Up)
        };
        let parent = Rc::new(sol);
        self.seq += 1;
        self.open.push(Open {
            bound,
            depth: depth + 1,
            seq: self.seq,
            parent: parent.clone(),
            col,
            value,
            side: other,
        });
        let sol = Rc::try_unwrap(parent).unwrap_or_else(|p| (*p).clone());
        let child = self.child(sol, col, value, dive)?;
        Ok(child.map(|c| (c, depth + 1)))
    }

    /// Solves one child LP and learns its pseudocost; `None` when infeasible.
    fn child(
        &mut self,
        parent: Solution,
        col: usize,
        value: f64,
        side: Side,
    ) -> Result<Option<Solution>, Error> {
        let before = self.mip.lp_value(&parent);
        let var = self.vars[col];
        let binary = self.mip.lo[col] >= 0.0 && self.mip.hi[col] <= 1.0;
        let out = match (side, binary) {
            (Side::Down, true) => parent.fix_var(var, 0.0),
            (Side::Up, true) => parent.fix_var(var, 1.0),
            (Side::Down, false) => {
                parent.add_constraint(single(var), ComparisonOp::Le, value.floor())
            }
            (Side::Up, false) => parent.add_constraint(single(var), ComparisonOp::Ge, value.ceil()),
        };
        let child = match out {
            Ok(o) => lp_solution(o)?,
            Err(microlp::Error::Infeasible) => None,
            Err(e) => return Err(Error::Solver(format!("bnb: {e}"))),
        };
        if let Some(c) = &child {
            let moved = match side {
                Side::Down => value - value.floor(),
                Side::Up => value.ceil() - value,
            };
            let after = self.mip.lp_value(c);
            self.pc.record(col, side, moved, before - after);
        }
        Ok(child)
    }

    /// Keeps an integral LP solution if it is a feasible plan and the best yet.
    fn offer(&mut self, x: Vec<f64>) {
        if !self.mip.feasible(&x) {
            return;
        }
        let v = self.mip.value(&x);
        if self.best.as_ref().is_none_or(|(b, _)| v > *b) {
            self.best = Some((v, x));
        }
    }

    /// The search space is exhausted: the incumbent is optimal, or none exists.
    fn finished(self) -> Found {
        match self.best {
            Some((_, values)) => Found {
                termination: Termination::Optimal,
                values,
                bound: None,
            },
            None => Found {
                termination: Termination::Infeasible,
                values: Vec::new(),
                bound: None,
            },
        }
    }

    /// Out of time: the incumbent (if any) and the best bound still open.
    fn stopped(self, current: Option<f64>) -> Found {
        let open = self.open.iter().map(|o| o.bound).chain(current);
        let inc = self.best.as_ref().map(|b| b.0);
        let bound = open.chain(inc).fold(f64::NEG_INFINITY, f64::max);
        let bound = bound.is_finite().then_some(bound);
        match self.best {
            Some((_, values)) => Found {
                termination: Termination::TimeLimit,
                values,
                bound,
            },
            None => Found {
                termination: Termination::NoIncumbent,
                values: Vec::new(),
                bound,
            },
        }
    }
}

fn single(var: microlp::Variable) -> LinearExpr {
    let mut e = LinearExpr::empty();
    e.add(var, 1.0);
    e
}

fn lp_solution(out: SolveOutcome) -> Result<Option<Solution>, Error> {
    match out {
        SolveOutcome::Solution(s) => Ok(Some(s)),
        SolveOutcome::Interrupted(_) => Err(Error::Solver("bnb: LP interrupted".into())),
    }
}

impl Mip {
    /// A node's LP objective in maximisation form, constant included.
    fn lp_value(&self, sol: &Solution) -> f64 {
        sol.objective() + self.obj_const
    }
}
