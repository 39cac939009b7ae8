//! The depth-first walk that lists a scenario's lead patterns (see `patterns`).
//!
//! Tasks are taken in scenario order and each task's lead sets in their order,
//! so patterns come out in lexicographic order: the order ties are broken by.
//! A pattern is kept when every new lead is one the rule book admits
//! ([`rules::Rule::admits`]: capacity, maximum leads, leads per domain, as a
//! plan is checked) and the tasks left can still meet every family's limits
//! (minimum leads).

use crate::rules::{self, rule, Family, Rest, Tally, Tol};
use crate::scenario::Scenario;

pub(super) struct Walk<'a> {
    s: &'a Scenario,
    sets: &'a [Vec<Vec<usize>>],
    /// From task k on, per country: how many tasks it may still lead.
    may_left: Vec<Vec<usize>>,
    /// The partial plan so far, limits compared as a plan is checked.
    tally: Tally,
    /// Efforts before each applied lead, restored exactly on the way back.
    saved: Vec<f64>,
    pick: Vec<u16>,
    out: Vec<u16>,
    nodes: usize,
    max_nodes: usize,
    max_patterns: usize,
}

impl<'a> Walk<'a> {
    pub(super) fn new(
        s: &'a Scenario,
        sets: &'a [Vec<Vec<usize>>],
        max_nodes: usize,
        max_patterns: usize,
    ) -> Self {
        let n = s.countries.len();
        let mut may_left = vec![vec![0; n]; s.tasks.len() + 1];
        for t in (0..s.tasks.len()).rev() {
            may_left[t] = may_left[t + 1].clone();
            for (i, m) in may_left[t].iter_mut().enumerate() {
                if sets[t].iter().any(|set| set.contains(&i)) {
                    *m += 1;
                }
            }
        }
        Walk {
            s,
            sets,
            may_left,
            tally: Tally::new(s, Tol::Exact),
            saved: Vec::new(),
            pick: Vec::with_capacity(s.tasks.len()),
            out: Vec::new(),
            nodes: 0,
            max_nodes,
            max_patterns,
        }
    }

    /// Every pattern's lead-set indices, tasks consecutive; `None` when the
    /// walk passed its node or pattern limit.
    pub(super) fn run(&mut self) -> Option<Vec<u16>> {
        self.dive(0).then(|| std::mem::take(&mut self.out))
    }

    /// Walks task k on; false when a limit was passed.
    fn dive(&mut self, k: usize) -> bool {
        if !self.can_meet_minimums(k) {
            return true;
        }
        if k == self.s.tasks.len() {
            self.out.extend_from_slice(&self.pick);
            return self.out.len() / k.max(1) <= self.max_patterns;
        }
        for j in 0..self.sets[k].len() {
            self.nodes += 1;
            if self.nodes > self.max_nodes {
                return false;
            }
            if !self.fits(k, j) {
                continue;
            }
            self.apply(k, j, true);
            self.pick.push(j as u16);
            let go_on = self.dive(k + 1);
            self.pick.pop();
            self.apply(k, j, false);
            if !go_on {
                return false;
            }
        }
        true
    }

    /// Whether the tasks from k on can still meet every family's limits.
    fn can_meet_minimums(&self, k: usize) -> bool {
        let rest = Rest {
            may_left: &self.may_left[k],
            slots_left: None,
            must: None,
        };
        !Family::ALL
            .into_iter()
            .any(|f| rule(f).rest_cut(&self.tally, &rest))
    }

    fn fits(&self, t: usize, j: usize) -> bool {
        self.sets[t][j].iter().all(|&i| {
            rules::ON_LEADS
                .into_iter()
                .all(|f| rule(f).admits(self.s, &self.tally, i, t, 0.0))
        })
    }

    fn apply(&mut self, t: usize, j: usize, add: bool) {
        let set = &self.sets[t][j];
        if add {
            for &i in set {
                self.saved.push(self.tally.used[i]);
                self.tally.take(self.s, i, t, 0.0);
            }
        } else {
            for &i in set.iter().rev() {
                self.tally.give_back(self.s, i, t, 0.0);
                self.tally.used[i] = self.saved.pop().expect("an effort saved when applied");
            }
        }
    }
}
