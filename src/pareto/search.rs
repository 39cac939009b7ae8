//! The AUGMECON2 loops (see the parent module): payoff table, grid or complete
//! sweep of the constrained terms, augmentation, bypass and polish.

use crate::error::Error;
use crate::model::{goal::integral_term, Restrictions, Term, TermGoal};
use crate::optimize::{solve_restricted, Attempt};
use crate::plan::{Plan, PlanStatus};
use crate::progress::Stage;
use crate::scenario::Scenario;
use crate::solve::SolveOptions;

/// AUGMECON2's augmentation weight (pyaugmecon's default `eps`).
const EPS: f64 = 1e-3;
/// Relative slack when a term is held at a value it reached (float noise).
const HOLD: f64 = 1e-7;
/// Most solver calls one front may take.
pub(super) const MAX_SOLVES: usize = 100_000;

/// What one front may spend: solver calls, and a moment after which no
/// further call starts.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// Most solver calls.
    pub solves: usize,
    /// No solver call starts after this moment.
    pub until: Option<std::time::Instant>,
}

pub(super) struct Search<'a> {
    s: Scenario,
    objs: &'a [Term],
    points: Option<usize>,
    opts: &'a SolveOptions,
    budget: Budget,
    pub solves: usize,
    pub timed_out: bool,
    /// The budget ran out before the front was complete.
    pub spent: bool,
    pub payoff: Vec<Vec<f64>>,
    pub resolution: Vec<f64>,
    lb: Vec<f64>,
    range: Vec<f64>,
    /// Counts the subproblems solved (their number is not known in advance).
    stage: Stage,
}

fn held(v: f64) -> f64 {
    v - HOLD * v.abs().max(1.0)
}

impl<'a> Search<'a> {
    pub fn new(
        s: &Scenario,
        objs: &'a [Term],
        points: Option<usize>,
        opts: &'a SolveOptions,
        budget: Budget,
    ) -> Self {
        let mut s = s.clone();
        if objs.contains(&Term::Fairness) {
            // Fairness is the least deviation over feasible payment splits, as with δ > 0.
            s.policy.weights.fairness = 1.0;
        }
        Search {
            s,
            objs,
            points,
            opts,
            budget,
            solves: 0,
            timed_out: false,
            spent: false,
            payoff: Vec::new(),
            resolution: Vec::new(),
            lb: Vec::new(),
            range: Vec::new(),
            stage: Stage::begin("Pareto subproblems", None),
        }
    }

    fn f(&self, p: &Plan, k: usize) -> f64 {
        self.objs[k].oriented(&p.terms)
    }

    /// One solve; `None` when infeasible or out of time (then `timed_out`).
    fn solve(&mut self, goal: TermGoal) -> Result<Option<Plan>, Error> {
        let late = self
            .budget
            .until
            .is_some_and(|t| std::time::Instant::now() >= t);
        if self.solves >= self.budget.solves || late {
            self.timed_out = true;
            self.spent = true;
            return Ok(None);
        }
        self.solves += 1;
        let r = Restrictions {
            goal: Some(goal),
            ..Default::default()
        };
        let attempt = solve_restricted(&self.s, &r, self.opts);
        self.stage.step();
        Ok(match attempt? {
            Attempt::Planned(p) => {
                self.timed_out |= p.status != PlanStatus::Optimal;
                Some(p)
            }
            Attempt::Infeasible => None,
            Attempt::NoPlanFound { .. } => {
                self.timed_out = true;
                None
            }
        })
    }

    /// The front's plans (unsorted, distinct, non-dominated).
    pub fn run(&mut self) -> Result<Vec<Plan>, Error> {
        if !self.payoff_table()? {
            return Ok(Vec::new());
        }
        let found = if self.objs.len() == 2 {
            self.inner(None)?
        } else {
            self.outer()?
        };
        Ok(non_dominated(self.objs, found))
    }

    /// Lexicographic optimum with term `first` first, then the others in order.
    fn lexicographic(&mut self, first: usize) -> Result<Option<Plan>, Error> {
        let order: Vec<usize> = std::iter::once(first)
            .chain((0..self.objs.len()).filter(|&k| k != first))
            .collect();
        let mut at_least = Vec::new();
        let mut last = None;
        for &k in &order {
            let goal = TermGoal {
                maximise: vec![(self.objs[k], 1.0)],
                at_least: at_least.clone(),
            };
            let Some(p) = self.solve(goal)? else {
                return Ok(last); // float noise on a held term: keep the previous stage
            };
            at_least.push((self.objs[k], held(self.f(&p, k))));
            last = Some(p);
        }
        Ok(last)
    }

    /// Fills the payoff table, each constrained term's range and resolution;
    /// `false` when the scenario has no plan.
    fn payoff_table(&mut self) -> Result<bool, Error> {
        let n = self.objs.len();
        for k in 0..n {
            let Some(p) = self.lexicographic(k)? else {
                return Ok(false);
            };
            self.payoff.push((0..n).map(|j| self.f(&p, j)).collect());
        }
        for k in 0..n {
            let ub = self.payoff[k][k];
            let lb = match self.points {
                // AUGMECON2's grid spans the payoff table's range
                Some(_) => self
                    .payoff
                    .iter()
                    .map(|r| r[k])
                    .fold(f64::INFINITY, f64::min),
                // the complete front starts from the term's worst value over all plans
                None if k > 0 => self.worst(k)?.min(ub),
                None => ub,
            };
            self.lb.push(lb);
            self.range.push((ub - lb).max(0.0));
            let step = if integral_term(&self.s, self.objs[k]) {
                1.0
            } else {
                1e-6 * (ub - lb).abs().max(1.0)
            };
            self.resolution.push(crate::fmt::round(step));
        }
        self.resolution.remove(0);
        Ok(true)
    }

    /// The lowest value term `k` takes on any plan (for fairness, whose deviation
    /// variables are unbounded above, a bound: at most twice the total cost).
    fn worst(&mut self, k: usize) -> Result<f64, Error> {
        if self.objs[k] == Term::Fairness {
            let total: f64 = self
                .s
                .tasks
                .iter()
                .map(|t| t.cost.iter().copied().fold(0.0, f64::max))
                .sum();
            return Ok(-2.0 * total);
        }
        let goal = TermGoal {
            maximise: vec![(self.objs[k], -1.0)],
            at_least: Vec::new(),
        };
        Ok(match self.solve(goal)? {
            Some(p) => self.f(&p, k),
            None => f64::NEG_INFINITY,
        })
    }

    fn scale(&self, k: usize) -> f64 {
        if self.range[k] > 0.0 {
            self.range[k]
        } else {
            1.0
        }
    }

    /// The augmented subproblem: maximise the first term plus the weighted slacks.
    fn augmented(&mut self, e: &[(usize, f64)]) -> Result<Option<Plan>, Error> {
        let mut maximise = vec![(self.objs[0], 1.0)];
        let mut at_least = Vec::new();
        for (rank, &(k, ek)) in e.iter().enumerate() {
            let w = EPS * 10f64.powi(-(rank as i32)) / self.scale(k);
            maximise.push((self.objs[k], w));
            at_least.push((self.objs[k], ek));
        }
        self.solve(TermGoal { maximise, at_least })
    }

    /// With every term held at least at `p`'s value, the best `Σ f_k / r_k`:
    /// a non-dominated plan, proven by this solve.
    fn polish(&mut self, p: Plan) -> Result<Plan, Error> {
        let n = self.objs.len();
        let goal = TermGoal {
            maximise: (0..n)
                .map(|k| (self.objs[k], 1.0 / self.scale(k)))
                .collect(),
            at_least: (0..n)
                .map(|k| (self.objs[k], held(self.f(&p, k))))
                .collect(),
        };
        Ok(self.solve(goal)?.unwrap_or(p))
    }

    fn step(&self, k: usize) -> f64 {
        match self.points {
            Some(n) => self.range[k] / (n - 1) as f64,
            None => self.resolution[k - 1],
        }
    }

    /// Complete front: the least value of term `k` above `v` worth asking for.
    fn next_value(&self, k: usize, v: f64) -> f64 {
        let step = self.resolution[k - 1];
        if step == 1.0 {
            v.round() + 0.5 // whole values: the next one is v + 1
        } else {
            v + step
        }
    }

    /// The front over term 1 (the innermost loop), with term 2 at least `e2`.
    fn inner(&mut self, e2: Option<f64>) -> Result<Vec<Plan>, Error> {
        let mut found = Vec::new();
        let step = self.step(1);
        let mut e1 = self.lb[1];
        let mut j = 0usize;
        loop {
            if self.points.is_some_and(|n| j >= n) || self.timed_out {
                break;
            }
            let mut e = vec![(1, e1)];
            e.extend(e2.map(|v| (2, v)));
            let Some(p) = self.augmented(&e)? else { break };
            if self.points.is_none() && below(self.f(&p, 1), e1) {
                // Admitted only by the solver's feasibility tolerance: asking
                // again at the same level would loop, so the level moves up
                // one resolution step (no level is skipped).
                e1 += self.resolution[0];
                continue;
            }
            let q = self.polish(p)?;
            let reached = self.f(&q, 1);
            found.push(q);
            match self.points {
                Some(_) if step > 0.0 => {
                    let bypass = ((reached - e1) / step + 1e-9).floor().max(0.0) as usize;
                    j += bypass + 1;
                    e1 = self.lb[1] + j as f64 * step;
                }
                Some(_) => break,
                None => e1 = self.next_value(1, reached),
            }
        }
        Ok(found)
    }

    /// Three terms: term 2's levels outside, each with its front over term 1.
    fn outer(&mut self) -> Result<Vec<Plan>, Error> {
        let mut found = Vec::new();
        let step = self.step(2);
        let mut e2 = self.lb[2];
        let mut j = 0usize;
        loop {
            if self.points.is_some_and(|n| j >= n) || self.timed_out {
                break;
            }
            let level = self.inner(Some(e2))?;
            let Some(lowest) = level.iter().map(|p| self.f(p, 2)).reduce(f64::min) else {
                break; // nothing reaches e2: no higher level does either
            };
            found.extend(level);
            if self.points.is_none() && below(lowest, e2) {
                // As in `inner`: only the solver's tolerance let it in.
                e2 += self.resolution[1];
                continue;
            }
            match self.points {
                Some(_) if step > 0.0 => {
                    j += 1;
                    e2 = self.lb[2] + j as f64 * step;
                }
                Some(_) => break,
                None => e2 = self.next_value(2, lowest),
            }
        }
        Ok(found)
    }
}

/// Whether `v` falls short of the level `e` by more than rounding: a plan a
/// solver returned for "at least e" that does not reach it.
fn below(v: f64, e: f64) -> bool {
    v < e - 1e-9 * e.abs().max(1.0)
}

/// Drops repeats and any plan another one dominates (a safety net: polished
/// plans are non-dominated when every solve was proven).
fn non_dominated(objs: &[Term], plans: Vec<Plan>) -> Vec<Plan> {
    let vals: Vec<Vec<f64>> = plans
        .iter()
        .map(|p| objs.iter().map(|t| t.oriented(&p.terms)).collect())
        .collect();
    let tol = |a: f64| 1e-6 * a.abs().max(1.0);
    let ge = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| *x >= y - tol(*y));
    let same = |a: &[f64], b: &[f64]| ge(a, b) && ge(b, a);
    let mut keep = Vec::new();
    for (k, p) in plans.into_iter().enumerate() {
        let dominated = vals
            .iter()
            .enumerate()
            .any(|(j, v)| j != k && ge(v, &vals[k]) && !same(v, &vals[k]));
        let repeat = (0..k).any(|j| same(&vals[j], &vals[k]));
        if !dominated && !repeat {
            keep.push(p);
        }
    }
    keep
}
