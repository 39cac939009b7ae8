//! A partial plan as the searches over lead sets keep it, with each country's
//! limits read once.
//!
//! The infeasibility proof (`optimize::precheck`) and the pattern listing
//! (`optimize::patterns_walk`) add one task's lead set at a time and ask every
//! family whether the new leads still fit ([`super::Rule::admits`]) and whether
//! the tasks left can still meet its limits ([`super::Rule::rest_cut`]). They
//! ask millions of times per sweep, so the limits are read from the scenario
//! once, here, with the tolerance of the question ([`Tol`]); the families read
//! them from the tally. A finished plan is judged the same way
//! ([`Tally::of_plan`]).

use crate::scenario::Scenario;

/// How a sum is compared with its limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tol {
    /// As a plan is checked: within 1e-9 (a plan exactly at capacity passes
    /// despite float noise).
    Exact,
    /// As a proof of infeasibility compares: within a relative 1e-7, wider
    /// than any solver's tolerance, so a pattern a solver would accept is
    /// never cut.
    Proof,
}

impl Tol {
    /// A money `limit` widened by the tolerance, with the scenario's least
    /// amount of money `floor` ([`crate::milp::money_floor`]) in place of 1,
    /// so that a budget compares the same in any unit money is written in.
    pub fn widen_money(self, limit: f64, floor: f64) -> f64 {
        match self {
            Tol::Exact => limit + 1e-9 * limit.abs().max(floor),
            Tol::Proof => limit + 1e-7 * limit.abs().max(floor),
        }
    }

    /// `limit` widened by the tolerance.
    pub fn widen(self, limit: f64) -> f64 {
        match self {
            Tol::Exact => limit + 1e-9,
            Tol::Proof => limit + 1e-7 * limit.abs().max(1.0),
        }
    }
}

/// The tasks a search has not decided yet, as the families' look-ahead reads them.
pub(crate) struct Rest<'a> {
    /// Per country, how many of those tasks it may still lead.
    pub may_left: &'a [usize],
    /// Lead slots of those tasks (at most), when the search keeps them.
    pub slots_left: Option<usize>,
    /// Over those that must be led: lead slots, and the least effort their lead
    /// sets take together, when the search keeps them.
    pub must: Option<(usize, f64)>,
}

/// A partial plan: what each country has taken on so far, and its limits.
pub(crate) struct Tally {
    /// Per country: effort of the tasks it leads.
    pub used: Vec<f64>,
    /// Per country: number of tasks it leads.
    pub led: Vec<usize>,
    /// Per country and domain: number of tasks it leads there.
    pub per_domain: Vec<Vec<usize>>,
    /// Per country: the least it pays for the tasks it leads.
    pub pays: Vec<f64>,
    /// Per task, the index of its domain.
    pub domain: Vec<usize>,
    /// Per country: capacity, widened by the tolerance.
    pub capacity: Vec<f64>,
    /// Per country: every effort is whole (its capacity then counts whole).
    pub whole: Vec<bool>,
    /// Per country: minimum number of leads.
    pub min_leads: Vec<usize>,
    /// Per country: maximum number of leads, if bounded.
    pub max_leads: Vec<Option<usize>>,
    /// Most tasks of one domain per country, if bounded.
    pub per_domain_max: Option<usize>,
    /// Per country: budget widened by the tolerance, if bounded.
    pub budget: Vec<Option<f64>>,
}

impl Tally {
    /// An empty partial plan of `s`, limits compared with `tol`.
    pub fn new(s: &Scenario, tol: Tol) -> Tally {
        let n = s.countries.len();
        let floor = crate::milp::money_floor(s);
        let domain = s.domain_of_tasks();
        Tally {
            used: vec![0.0; n],
            led: vec![0; n],
            per_domain: vec![vec![0; s.domains().len().max(1)]; n],
            pays: vec![0.0; n],
            domain,
            capacity: (s.countries.iter())
                .map(|c| tol.widen(c.capacity))
                .collect(),
            whole: (0..n)
                .map(|i| s.tasks.iter().all(|t| t.effort[i].fract() == 0.0))
                .collect(),
            min_leads: (0..n).map(|i| s.min_leads_of(i)).collect(),
            max_leads: (0..n).map(|i| s.max_leads_of(i)).collect(),
            per_domain_max: s.policy.max_per_domain,
            budget: (s.countries.iter())
                .map(|c| c.budget.map(|b| tol.widen_money(b, floor)))
                .collect(),
        }
    }

    /// The tally of a finished plan's leads (efforts summed in task order),
    /// limits compared as a plan is checked.
    pub fn of_plan(s: &Scenario, leads: &[Vec<usize>]) -> Tally {
        let mut tally = Tally::new(s, Tol::Exact);
        for (t, ls) in leads.iter().enumerate() {
            for &i in ls {
                tally.take(s, i, t, 0.0);
            }
        }
        tally
    }

    /// Country i takes on task t, paying at least `pay` towards it.
    pub fn take(&mut self, s: &Scenario, i: usize, t: usize, pay: f64) {
        self.used[i] += s.tasks[t].effort[i];
        self.pays[i] += pay;
        self.led[i] += 1;
        self.per_domain[i][self.domain[t]] += 1;
    }

    /// Country i gives task t back (the reverse of [`Tally::take`]; a caller
    /// that must restore efforts bit for bit saves and restores `used`).
    pub fn give_back(&mut self, s: &Scenario, i: usize, t: usize, pay: f64) {
        self.used[i] -= s.tasks[t].effort[i];
        self.pays[i] -= pay;
        self.led[i] -= 1;
        self.per_domain[i][self.domain[t]] -= 1;
    }
}

/// `x` is not within `limit` (a NaN is never within: a search cuts, a check fails).
#[allow(clippy::neg_cmp_op_on_partial_ord)]
pub(crate) fn over(x: f64, limit: f64) -> bool {
    !(x <= limit)
}
