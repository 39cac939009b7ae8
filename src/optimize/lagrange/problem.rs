//! The numbers the Lagrangian search reads, taken from a scenario once.
//!
//! Everything here follows docs/MODEL.md: the linear objective of each lead
//! (fit, cost, sensitivity), the rows that belong to one country (capacity,
//! leads per country and per domain, pins, bans and fixes as column states)
//! and the money data the bound needs (who may pay each task, budgets, fair
//! shares). [`Problem::of`] answers `None` for what the search does not model
//! (restrictions other than fixes, efforts that are not whole after scaling by
//! a power of ten, too large a table): the caller then solves the MILP.

use crate::model::{self, Allowed, Restrictions};
use crate::optimize::precheck::tol;
use crate::optimize::precheck_proof::over;
use crate::scenario::{Funding, Scenario};

/// A column the search may still set.
pub(super) const FREE: i8 = -1;

/// Largest number of entries in one country's table (weights x counts x
/// counts within a domain) before the search declines.
const MAX_TABLE: usize = 200_000;

/// One country's rows.
pub(super) struct CountryRows {
    /// Capacity in whole effort steps, `None` when every task it may lead fits.
    pub cap: Option<usize>,
    /// Effort of each task in the same steps (0 without a capacity row).
    pub weight: Vec<usize>,
    /// Least and most tasks led.
    pub lo: usize,
    pub hi: usize,
    /// Budget in money, where the scenario gives one.
    pub budget: Option<f64>,
}

/// The scenario as the search sees it.
pub(super) struct Problem {
    pub n: usize,
    pub m: usize,
    /// Per task: its lead count, whether it is optional, its domain index.
    pub leads: Vec<usize>,
    pub optional: Vec<bool>,
    pub domain: Vec<usize>,
    pub n_domains: usize,
    /// Most tasks one country leads within one domain.
    pub per_domain: Option<usize>,
    /// Per column `t * n + i`: FREE, 0 (may not lead) or 1 (must lead).
    pub state: Vec<i8>,
    /// Per column: the objective's linear part (fit, cost, sensitivity).
    pub a: Vec<f64>,
    /// Per column: the task's cost when that country leads it (money).
    pub cost: Vec<f64>,
    pub countries: Vec<CountryRows>,
    /// Whether the model has money terms (budgets, fairness, funding = "all").
    pub money: bool,
    /// The fairness weight when the objective has a fairness term, else 0.
    pub fairness: f64,
    /// Normalised fair shares.
    pub share: Vec<f64>,
    /// Per task: its sole lead pays it all (funding = "leads", one lead).
    pub sole: Vec<bool>,
    /// Per task with free payments: the countries that may pay.
    pub payers: Vec<Vec<usize>>,
    /// Per co-led task under funding = "leads": the least and most one lead
    /// may pay, whoever leads with it (`None` for other tasks).
    pub colead: Vec<Option<(f64, f64)>>,
    /// Sum of |a|: the scale of float allowances.
    pub scale: f64,
}

impl Problem {
    /// The problem of `s` under `r`, or `None` when the search does not apply.
    pub fn of(s: &Scenario, r: &Restrictions) -> Option<Problem> {
        if !plain(r) || s.countries.is_empty() || s.tasks.is_empty() || gap_like(s) {
            return None;
        }
        let (n, m) = (s.countries.len(), s.tasks.len());
        let mut state = vec![FREE; n * m];
        for t in 0..m {
            for i in 0..n {
                state[t * n + i] = match model::allowed(s, r, i, t) {
                    Allowed::Free => FREE,
                    Allowed::Fixed(v) => i8::from(v),
                    Allowed::Conflict => return None,
                };
            }
        }
        let terms = model::terms_of(s);
        let w = s.policy.weights;
        let mut a = vec![0.0; n * m];
        let mut cost = vec![0.0; n * m];
        for (t, task) in s.tasks.iter().enumerate() {
            if task.leads == 0 || (s.policy.min_share * task.leads as f64) > 1.0 + 1e-12 {
                return None;
            }
            let l = task.leads as f64;
            for i in 0..n {
                a[t * n + i] = w.fit * task.importance * task.fit[i] / l
                    - w.cost * task.cost[i] / l
                    - w.sensitivity * task.importance * s.sensitivity_excess(i, t);
                cost[t * n + i] = task.cost[i];
            }
        }
        let domain = s.domain_of_tasks();
        let countries = (0..n)
            .map(|i| country_rows(s, &state, i))
            .collect::<Option<Vec<_>>>()?;
        let all = s.policy.funding == Funding::All;
        let sole = s.tasks.iter().map(|t| !all && t.leads == 1).collect();
        let payers = (0..m)
            .map(|t| (0..n).filter(|&i| all || state[t * n + i] != 0).collect())
            .collect();
        let colead = (0..m).map(|t| colead_range(s, &state, t, n)).collect();
        let p = Problem {
            n,
            m,
            leads: s.tasks.iter().map(|t| t.leads).collect(),
            optional: s.tasks.iter().map(|t| t.optional).collect(),
            domain,
            n_domains: s.domains().len().max(1),
            per_domain: s.policy.max_per_domain,
            scale: 1.0 + a.iter().map(|v: &f64| v.abs()).sum::<f64>(),
            state,
            a,
            cost,
            countries,
            money: terms.money,
            fairness: if terms.money {
                w.fairness.max(0.0)
            } else {
                0.0
            },
            share: s.fair_shares(),
            sole,
            payers,
            colead,
        };
        p.tables_fit().then_some(p)
    }

    /// The least country `i` pays for task `t` if it leads it: the whole
    /// cost as a sole lead, its minimum share of a co-led task, nothing
    /// under funding = "all" (payments may then go to anyone).
    pub fn least_pay(&self, t: usize, i: usize) -> f64 {
        if self.sole[t] {
            self.cost[self.col(t, i)]
        } else {
            self.colead[t].map_or(0.0, |(lo, _)| lo)
        }
    }

    /// Whether the leads fixed in `state` already cost some country more
    /// than its budget (by more than the infeasibility search's tolerance,
    /// wider than any solver's): then no plan has them.
    pub fn over_budget(&self, state: &[i8]) -> bool {
        (0..self.n).any(|i| {
            let least = (0..self.m)
                .filter(|&t| state[self.col(t, i)] == 1)
                .map(|t| self.least_pay(t, i))
                .sum();
            self.spends_over(i, least)
        })
    }

    /// Whether spending `x` passes country `i`'s budget (by more than the
    /// infeasibility search's tolerance); never without a budget.
    pub fn spends_over(&self, i: usize, x: f64) -> bool {
        self.countries[i]
            .budget
            .is_some_and(|b| over(x, b + tol(b)))
    }

    /// Column index of country `i` on task `t`.
    pub fn col(&self, t: usize, i: usize) -> usize {
        t * self.n + i
    }

    /// Whether every country's table stays small enough.
    fn tables_fit(&self) -> bool {
        let h = self.per_domain.map_or(1, |h| h + 1);
        self.countries
            .iter()
            .all(|c| (c.cap.unwrap_or(0) + 1) * (c.hi + 1) * h <= MAX_TABLE)
    }
}

/// No money terms, limits on leads or optional tasks: the generalised
/// assignment shape, which `bnb`'s own Lagrangian search (`solve/bnb/lagr`,
/// with knapsack fixing and MTHG plans) settles faster.
fn gap_like(s: &Scenario) -> bool {
    !model::terms_of(s).money
        && s.policy.max_per_domain.is_none()
        && (0..s.countries.len()).all(|i| s.min_leads_of(i) == 0 && s.max_leads_of(i).is_none())
        && !s.tasks.iter().any(|t| t.optional)
}

/// The range of one lead's payment on co-led task `t` under funding =
/// "leads", over every lead set the task may have: the task costs `C`, the
/// mean of its leads' costs, at least the least and at most the largest cost
/// of a country that may lead it; a lead pays at least `sigma C`, at most
/// what the other leads' minimums leave, and never more than the largest cost.
fn colead_range(s: &Scenario, state: &[i8], t: usize, n: usize) -> Option<(f64, f64)> {
    let task = &s.tasks[t];
    if s.policy.funding == Funding::All || task.leads < 2 {
        return None;
    }
    let costs = (0..n)
        .filter(|&i| state[t * n + i] != 0)
        .map(|i| task.cost[i]);
    let lo = costs.clone().fold(f64::INFINITY, f64::min);
    let hi = costs.fold(0.0, f64::max);
    if !lo.is_finite() {
        return Some((0.0, 0.0));
    }
    let sigma = s.policy.min_share.max(0.0);
    let others = sigma * (task.leads - 1) as f64;
    Some((sigma * lo, ((1.0 - others) * hi).clamp(0.0, hi)))
}

/// Only fixes: exclusions, goals, baselines and the like change the model's
/// rows or objective, which this search does not know.
fn plain(r: &Restrictions) -> bool {
    r.exclude.is_empty()
        && r.shortfall_penalty.is_none()
        && r.baseline.is_none()
        && !r.unscaled_money
        && r.goal.is_none()
        && r.diverse.is_none()
}

/// Country `i`'s capacity in whole steps of 1, 1/10, ... 1/1000 of an effort
/// unit (`None` from the whole function when no such step makes every effort
/// whole), and its lead limits.
fn country_rows(s: &Scenario, state: &[i8], i: usize) -> Option<CountryRows> {
    let n = s.countries.len();
    let c = &s.countries[i];
    let may: Vec<usize> = (0..s.tasks.len())
        .filter(|&t| state[t * n + i] != 0)
        .collect();
    let hi = s.max_leads_of(i).unwrap_or(usize::MAX).min(may.len());
    let lo = s.min_leads_of(i);
    let total: f64 = may.iter().map(|&t| s.tasks[t].effort[i]).sum();
    let budget = c.budget;
    if total <= c.capacity + 1e-9 {
        let weight = vec![0; s.tasks.len()];
        return Some(CountryRows {
            cap: None,
            weight,
            lo,
            hi,
            budget,
        });
    }
    let scale = [1.0, 10.0, 100.0, 1000.0].into_iter().find(|&k| {
        may.iter().all(|&t| {
            let e = s.tasks[t].effort[i] * k;
            e >= 0.0 && (e - e.round()).abs() <= 1e-9 * k.max(e)
        })
    })?;
    let cap = ((c.capacity + 1e-9) * scale).floor();
    if !(0.0..=MAX_TABLE as f64).contains(&cap) {
        return None;
    }
    let weight = (0..s.tasks.len())
        .map(|t| (s.tasks[t].effort[i] * scale).round().max(0.0) as usize)
        .collect();
    Some(CountryRows {
        cap: Some(cap as usize),
        weight,
        lo,
        hi,
        budget,
    })
}
