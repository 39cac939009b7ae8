//! The depth-first walk that lists a scenario's lead patterns (see `patterns`).
//!
//! Tasks are taken in scenario order and each task's lead sets in their order,
//! so patterns come out in lexicographic order: the order ties are broken by.
//! A pattern is kept when every country's effort stays within its capacity
//! (the same sum and slack as `evaluate::country_ok`), its lead count within
//! its minimum and maximum and its leads per domain within the policy's limit.

use super::patterns::CAPACITY_SLACK;
use crate::scenario::Scenario;

pub(super) struct Walk<'a> {
    s: &'a Scenario,
    sets: &'a [Vec<Vec<usize>>],
    domain: Vec<usize>,
    /// From task k on, per country: how many tasks it may still lead.
    may_left: Vec<Vec<usize>>,
    used: Vec<f64>,
    led: Vec<usize>,
    per_domain: Vec<Vec<usize>>,
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
        let domain = s.domain_of_tasks();
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
            domain,
            may_left,
            used: vec![0.0; n],
            led: vec![0; n],
            per_domain: vec![vec![0; s.domains().len().max(1)]; n],
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

    fn can_meet_minimums(&self, k: usize) -> bool {
        (0..self.s.countries.len())
            .all(|i| self.s.min_leads_of(i).saturating_sub(self.led[i]) <= self.may_left[k][i])
    }

    fn fits(&self, t: usize, j: usize) -> bool {
        let task = &self.s.tasks[t];
        let d = self.domain[t];
        self.sets[t][j].iter().all(|&i| {
            self.used[i] + task.effort[i] <= self.s.countries[i].capacity + CAPACITY_SLACK
                && self.s.max_leads_of(i).is_none_or(|hi| self.led[i] < hi)
                && self
                    .s
                    .policy
                    .max_per_domain
                    .is_none_or(|hi| self.per_domain[i][d] < hi)
        })
    }

    fn apply(&mut self, t: usize, j: usize, add: bool) {
        let d = self.domain[t];
        let set = &self.sets[t][j];
        if add {
            for &i in set {
                self.saved.push(self.used[i]);
                self.used[i] += self.s.tasks[t].effort[i];
                self.led[i] += 1;
                self.per_domain[i][d] += 1;
            }
        } else {
            for &i in set.iter().rev() {
                self.used[i] = self.saved.pop().expect("an effort saved when applied");
                self.led[i] -= 1;
                self.per_domain[i][d] -= 1;
            }
        }
    }
}
