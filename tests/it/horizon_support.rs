//! What the horizon suites share: a reproducible generator, a node's value
//! for fixed leads (from the library's own solve, every lead fixed), every lead
//! choice of a node's scenario, and the options every run uses.

use leadplan::studies::horizon::{Foresight, Goal, HorizonOptions};
use leadplan::{solve_restricted, Attempt, Restrictions, SolveOptions};

/// A small deterministic generator (xorshift), so cases are reproducible.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn unit(&mut self) -> f64 {
        (self.next() % 1000) as f64 / 1000.0
    }
    pub fn pick(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A node's objective for `leads` on scenario `s` (leads per node task), or
/// `None` when they break one of its rules.
pub fn node_value(
    s: &leadplan::Scenario,
    leads: &[Vec<usize>],
    opts: &SolveOptions,
) -> Option<f64> {
    let fixes = (0..s.tasks.len())
        .flat_map(|t| (0..s.countries.len()).map(move |i| (i, t, leads[t].contains(&i))))
        .collect();
    let r = Restrictions {
        fixes,
        ..Default::default()
    };
    match solve_restricted(s, &r, opts).unwrap() {
        Attempt::Planned(p) => Some(p.objective),
        _ => None,
    }
}

/// Every lead choice of a node's scenario: per task, `leads` countries (or none if optional).
pub fn choices(s: &leadplan::Scenario) -> Vec<Vec<Vec<usize>>> {
    let n = s.countries.len();
    let mut out: Vec<Vec<Vec<usize>>> = vec![Vec::new()];
    for task in &s.tasks {
        let mut sets: Vec<Vec<usize>> = (0u32..1 << n)
            .filter(|m| m.count_ones() as usize == task.leads)
            .map(|m| (0..n).filter(|i| m & (1 << i) != 0).collect())
            .collect();
        if task.optional {
            sets.push(Vec::new());
        }
        out = out
            .into_iter()
            .flat_map(|prefix| {
                sets.iter().map(move |set| {
                    let mut p = prefix.clone();
                    p.push(set.clone());
                    p
                })
            })
            .collect();
    }
    out
}

pub fn options(foresight: Foresight, goal: Goal) -> HorizonOptions {
    HorizonOptions {
        foresight,
        goal,
        path: None,
        solve: SolveOptions::default(),
        values: true,
    }
}
