//! The listed lead patterns as a prefix tree, for the per-run bounds.
//!
//! Patterns come out of the walk in lexicographic order, so patterns that
//! share their first k lead sets are consecutive: one node of the tree per
//! distinct prefix. A run's bound of a pattern is a sum of one number per task
//! (`patterns::linear_parts`); summed down the tree it costs one addition per
//! node instead of one per pattern and task, with the same additions in the
//! same order, so every bound has the bits a flat sum gives. The capacity filter
//! of a run within a sweep's wider listing (`patterns_shape`) is checked at
//! every node: efforts are not negative, so a prefix over a capacity rules out
//! its whole subtree, and a pattern is kept exactly when its own effort fits.

use crate::rules::Tol;
use crate::scenario::Scenario;

/// The prefix tree of a list of patterns (see the module notes).
#[derive(Default)]
pub(super) struct Trie {
    /// Per level (task), per node: its lead set, as an index into all tasks'
    /// lead sets in a row.
    set: Vec<Vec<u32>>,
    /// Per level, per node, and one past the last: where its children start
    /// on the next level (the last level's nodes are the patterns).
    first: Vec<Vec<u32>>,
    /// Per level, per node, per country (countries consecutive): the effort
    /// of its prefix, summed in task order as the walk sums it.
    load: Vec<Vec<f64>>,
    /// Per task, its lead sets' range in all tasks' lead sets in a row.
    range: Vec<(u32, u32)>,
    /// Countries.
    n: usize,
}

/// The bounds of the patterns a run keeps: pattern indices in order, and
/// their bounds (reused between runs).
#[derive(Default)]
pub(super) struct Kept {
    pub(super) pattern: Vec<u32>,
    pub(super) bound: Vec<f64>,
    scratch: Vec<(u32, f64)>,
    next: Vec<(u32, f64)>,
}

impl Trie {
    /// The tree of `choice` (per pattern, per task, a lead set index; tasks
    /// consecutive) over `sets` (per task, its lead sets) in scenario `s`.
    pub(super) fn build(s: &Scenario, sets: &[Vec<Vec<usize>>], choice: &[u16]) -> Trie {
        let (n, n_tasks) = (s.countries.len(), sets.len());
        let mut trie = Trie {
            set: vec![Vec::new(); n_tasks],
            first: vec![Vec::new(); n_tasks],
            load: vec![Vec::new(); n_tasks],
            range: Vec::with_capacity(n_tasks),
            n,
        };
        if n_tasks == 0 {
            return trie;
        }
        let offset: Vec<u32> = sets
            .iter()
            .scan(0u32, |at, v| {
                let o = *at;
                *at += v.len() as u32;
                Some(o)
            })
            .collect();
        trie.range = offset
            .iter()
            .zip(sets)
            .map(|(&o, v)| (o, o + v.len() as u32))
            .collect();
        let patterns: Vec<&[u16]> = choice.chunks_exact(n_tasks).collect();
        for (p, ch) in patterns.iter().enumerate() {
            // The first task where this pattern leaves the previous one.
            let split = match p {
                0 => 0,
                _ => (0..n_tasks)
                    .find(|&t| patterns[p - 1][t] != ch[t])
                    .unwrap_or(n_tasks),
            };
            for t in split..n_tasks {
                if t + 1 < n_tasks {
                    trie.first[t].push(trie.set[t + 1].len() as u32);
                }
                let j = ch[t] as usize;
                trie.set[t].push(offset[t] + j as u32);
                let mut row = match t {
                    0 => vec![0.0; n],
                    _ => trie.load[t - 1][trie.load[t - 1].len() - n..].to_vec(),
                };
                for &i in &sets[t][j] {
                    row[i] += s.tasks[t].effort[i];
                }
                trie.load[t].extend_from_slice(&row);
            }
        }
        for t in 0..n_tasks {
            let end = trie.set.get(t + 1).map_or(0, |v| v.len() as u32);
            trie.first[t].push(end);
        }
        trie
    }

    /// Per level t: an upper bound on what the tasks from t on add to a
    /// pattern's bound (each task's largest number in `lin`), one more for the
    /// end (zero).
    pub(super) fn suffix_max(&self, lin: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; self.range.len() + 1];
        for (t, &(lo, hi)) in self.range.iter().enumerate().rev() {
            let top = lin[lo as usize..hi as usize]
                .iter()
                .fold(f64::NEG_INFINITY, |a, &b| a.max(b));
            out[t] = out[t + 1] + top;
        }
        out
    }

    /// Whether node `node` of level `t` fits `room` (see [`Trie::bounds`]).
    fn fits(&self, room: Option<&[f64]>, t: usize, node: usize) -> bool {
        room.is_none_or(|r| {
            let row = &self.load[t][node * self.n..(node + 1) * self.n];
            row.iter().zip(r).all(|(l, r)| l <= r)
        })
    }

    /// The highest bound of a pattern that fits `room` (`None`: none fits),
    /// by a depth-first search that skips subtrees `smax` says cannot reach it.
    pub(super) fn max_bound(&self, lin: &[f64], room: Option<&[f64]>, smax: &[f64]) -> Option<f64> {
        let mut best = None;
        for node in 0..self.set.first().map_or(0, Vec::len) {
            if self.fits(room, 0, node) {
                let b = std::iter::once(lin[self.set[0][node] as usize]).sum::<f64>();
                self.dive_max(lin, room, smax, 0, node, b, &mut best);
            }
        }
        best
    }

    #[allow(clippy::too_many_arguments)]
    fn dive_max(
        &self,
        lin: &[f64],
        room: Option<&[f64]>,
        smax: &[f64],
        t: usize,
        node: usize,
        b: f64,
        best: &mut Option<f64>,
    ) {
        if best.is_some_and(|top| b + smax[t + 1] < top - margin(top)) {
            return;
        }
        if t + 1 == self.set.len() {
            *best = Some(best.map_or(b, |top: f64| top.max(b)));
            return;
        }
        // The child with the largest term first (a good incumbent early, so
        // the rest prune); the maximum does not depend on the order.
        let (lo, hi) = (
            self.first[t][node] as usize,
            self.first[t][node + 1] as usize,
        );
        let term = |c: usize| lin[self.set[t + 1][c] as usize];
        let Some(greedy) = (lo..hi).reduce(|a, c| if term(c) > term(a) { c } else { a }) else {
            return;
        };
        for child in std::iter::once(greedy).chain((lo..hi).filter(|&c| c != greedy)) {
            if self.fits(room, t + 1, child) {
                self.dive_max(lin, room, smax, t + 1, child, b + term(child), best);
            }
        }
    }

    /// The patterns whose effort fits `room` (per country, capacity plus the
    /// walk's slack; `None`: keep all) and whose bound reaches `floor`, with
    /// their bounds: the sums of `lin` (per lead set in a row) over their lead
    /// sets, in task order. Subtrees whose bound `smax` (from
    /// [`Trie::suffix_max`]) keeps below `floor` are skipped.
    pub(super) fn bounds(
        &self,
        lin: &[f64],
        room: Option<&[f64]>,
        floor: f64,
        smax: &[f64],
        out: &mut Kept,
    ) {
        out.pattern.clear();
        out.bound.clear();
        let Some(levels) = self.set.len().checked_sub(1) else {
            return;
        };
        let cut = floor - margin(floor);
        let fits =
            |t: usize, node: usize, b: f64| b + smax[t + 1] >= cut && self.fits(room, t, node);
        let mut cur = std::mem::take(&mut out.scratch);
        let mut next = std::mem::take(&mut out.next);
        cur.clear();
        for node in 0..self.set[0].len() {
            // As `Iterator::sum` starts: the same bits as a flat sum.
            let b = std::iter::once(lin[self.set[0][node] as usize]).sum::<f64>();
            if fits(0, node, b) {
                cur.push((node as u32, b));
            }
        }
        for t in 0..levels {
            next.clear();
            for &(node, b) in &cur {
                let (lo, hi) = (
                    self.first[t][node as usize],
                    self.first[t][node as usize + 1],
                );
                for child in lo..hi {
                    let cb = b + lin[self.set[t + 1][child as usize] as usize];
                    if fits(t + 1, child as usize, cb) {
                        next.push((child, cb));
                    }
                }
            }
            std::mem::swap(&mut cur, &mut next);
        }
        for &(p, b) in cur.iter().filter(|(_, b)| *b >= floor) {
            out.pattern.push(p);
            out.bound.push(b);
        }
        out.scratch = cur;
        out.next = next;
    }
}

/// How far a sum of the bounds' terms in another order may stray from the
/// sum in task order (rounding), with room to spare.
fn margin(x: f64) -> f64 {
    if x.is_finite() {
        1e-9 * x.abs().max(1.0)
    } else {
        0.0
    }
}

/// Per country of `s`: its capacity plus the walk's slack.
pub(super) fn room(s: &Scenario) -> Vec<f64> {
    s.countries
        .iter()
        .map(|c| Tol::Exact.widen(c.capacity))
        .collect()
}
