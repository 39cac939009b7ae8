//! A task's possible lead sets: the building block of every pattern search.
//!
//! The infeasibility certificate (`precheck`), the pattern listing
//! (`patterns`) and blame's feasibility search all enumerate, per task, the
//! sets of countries that may lead it (its co-lead count, bans and pins, an
//! empty set for an optional task), in one order: the order ties are broken by.

use crate::rules::{self, Allowed};
use crate::scenario::Scenario;

/// Most candidate lead sets kept per task before giving up.
pub(super) const MAX_SETS_PER_TASK: usize = 2_048;

/// One way to lead a task: its lead countries and their realised cost `C_t`.
pub(super) struct LeadSet {
    pub(super) leads: Vec<usize>,
    pub(super) cost: f64,
}

/// Task t's possible lead sets: `L_t` distinct countries allowed to lead it,
/// every pinned lead among them, or none for an optional task without a pinned
/// lead. `None` when no set exists (or a pin contradicts a ban).
pub(super) fn lead_sets(s: &Scenario, t: usize) -> Option<Vec<LeadSet>> {
    let (mut free, mut pinned) = (Vec::new(), Vec::new());
    for i in 0..s.countries.len() {
        match rules::allowed(s, None, i, t) {
            Allowed::Free => free.push(i),
            Allowed::Fixed(true) => pinned.push(i),
            Allowed::Fixed(false) => {}
            Allowed::Conflict => return None,
        }
    }
    let task = &s.tasks[t];
    let mut out = Vec::new();
    if task.optional && pinned.is_empty() {
        out.push(LeadSet {
            leads: Vec::new(),
            cost: 0.0,
        });
    }
    if pinned.len() <= task.leads {
        let mut pick = Vec::new();
        choose(
            &free,
            task.leads - pinned.len(),
            0,
            &mut pick,
            &mut |extra| {
                let mut leads: Vec<usize> = pinned.iter().chain(extra).copied().collect();
                leads.sort_unstable();
                let cost = leads.iter().map(|&i| task.cost[i]).sum::<f64>() / task.leads as f64;
                out.push(LeadSet { leads, cost });
                out.len() <= MAX_SETS_PER_TASK
            },
        );
    }
    (!out.is_empty()).then_some(out)
}

/// Calls `f` with every `k`-subset of `from[start..]` added to `pick`, until
/// `f` returns false; returns false when stopped.
fn choose(
    from: &[usize],
    k: usize,
    start: usize,
    pick: &mut Vec<usize>,
    f: &mut dyn FnMut(&[usize]) -> bool,
) -> bool {
    if k == 0 {
        return f(pick);
    }
    for j in start..from.len() {
        if from.len() - j < k {
            break;
        }
        pick.push(from[j]);
        let go_on = choose(from, k - 1, j + 1, pick, f);
        pick.pop();
        if !go_on {
            return false;
        }
    }
    true
}

/// Per depth k, over the tasks from k on that must be led (no empty lead
/// set): their lead slots and the least total effort of their lead sets.
pub(super) fn must_suffix(
    s: &Scenario,
    order: &[usize],
    sets: &[Vec<LeadSet>],
) -> Vec<(usize, f64)> {
    let mut out = vec![(0, 0.0); order.len() + 1];
    for k in (0..order.len()).rev() {
        let t = order[k];
        let (slots, effort) = out[k + 1];
        out[k] = if sets[t].iter().any(|set| set.leads.is_empty()) {
            (slots, effort)
        } else {
            let least = sets[t]
                .iter()
                .map(|set| set.leads.iter().map(|&i| s.tasks[t].effort[i]).sum::<f64>())
                .fold(f64::INFINITY, f64::min);
            (slots + s.tasks[t].leads, effort + least)
        };
    }
    out
}

/// Per depth k: lead slots of the tasks from k on (at most), and per country
/// how many of those tasks it appears in a lead set of.
pub(super) fn suffix_counts(
    s: &Scenario,
    order: &[usize],
    sets: &[Vec<LeadSet>],
) -> (Vec<usize>, Vec<Vec<usize>>) {
    let n = s.countries.len();
    let mut slots = vec![0; order.len() + 1];
    let mut may = vec![vec![0; n]; order.len() + 1];
    for k in (0..order.len()).rev() {
        let t = order[k];
        slots[k] = slots[k + 1] + s.tasks[t].leads;
        may[k] = may[k + 1].clone();
        for (i, m) in may[k].iter_mut().enumerate() {
            if sets[t].iter().any(|set| set.leads.contains(&i)) {
                *m += 1;
            }
        }
    }
    (slots, may)
}
