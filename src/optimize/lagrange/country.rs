//! One country's part of the Lagrangian bound: the best set of tasks it can
//! lead under its own rows (capacity, least and most tasks, at most `H` per
//! domain, its fixed columns), for given profits. Solved exactly by dynamic
//! programming over (effort used, tasks led, tasks led in the current domain),
//! items grouped by domain.

use super::problem::{Problem, FREE};

/// A reusable table.
#[derive(Default)]
pub(super) struct Table {
    value: Vec<f64>,
    took: Vec<bool>,
    best_kd: Vec<u16>,
    items: Vec<(usize, usize, f64, usize)>,
    /// Table entries visited so far (the search's measure of work).
    pub work: u64,
}

/// Country `i`'s best value and the tasks it leads (fixed ones included), or
/// `None` when its rows leave no choice at all under the node's fixings.
/// `profit[t]` is the profit of `(t, i)` if it is led.
pub(super) fn best(
    p: &Problem,
    i: usize,
    state: &[i8],
    profit: &dyn Fn(usize) -> f64,
    tab: &mut Table,
    out: &mut Vec<usize>,
) -> Option<f64> {
    let c = &p.countries[i];
    out.clear();
    let (mut load, mut fixed_value) = (0usize, 0.0);
    let mut in_domain = vec![0usize; p.n_domains];
    for t in 0..p.m {
        if state[p.col(t, i)] == 1 {
            out.push(t);
            load += c.weight[t];
            fixed_value += profit(t);
            in_domain[p.domain[t]] += 1;
        }
    }
    let room = match c.cap {
        Some(cap) => cap.checked_sub(load)?,
        None => 0,
    };
    let k_max = c.hi.checked_sub(out.len())?;
    let k_min = c.lo.saturating_sub(out.len());
    let h_left: Option<Vec<usize>> = match p.per_domain {
        Some(h) => Some(
            in_domain
                .iter()
                .map(|&d| h.checked_sub(d))
                .collect::<Option<Vec<_>>>()?,
        ),
        None => None,
    };
    let fits = |t: usize| c.cap.is_none() || c.weight[t] <= room;
    let free = |t: usize| state[p.col(t, i)] == FREE && fits(t);
    // Positive profits first: an optimum of those that leads enough tasks is optimal.
    tab.items.clear();
    for t in (0..p.m).filter(|&t| free(t)) {
        let v = profit(t);
        if v > 0.0 {
            tab.items.push((p.domain[t], t, v, c.weight[t]));
        }
    }
    let mut chosen = Vec::new();
    let v = run(c.cap.map(|_| room), k_max, 0, &h_left, tab, &mut chosen);
    let v = match v {
        Some(v) if chosen.len() >= k_min => v,
        _ if k_min == 0 => return None,
        // No free task pays (an item of positive profit that fits would be
        // chosen): the best single task that fits is the best set of one or more.
        _ if k_min == 1 && k_max >= 1 => {
            let open = |t: usize| h_left.as_ref().is_none_or(|h| h[p.domain[t]] >= 1);
            let (t, v) = (0..p.m)
                .filter(|&t| free(t) && open(t))
                .map(|t| (t, profit(t)))
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))?;
            chosen.clear();
            chosen.push(t);
            v
        }
        _ => {
            tab.items.clear();
            for t in (0..p.m).filter(|&t| free(t)) {
                tab.items.push((p.domain[t], t, profit(t), c.weight[t]));
            }
            run(c.cap.map(|_| room), k_max, k_min, &h_left, tab, &mut chosen)?
        }
    };
    out.extend(chosen);
    Some(fixed_value + v)
}

/// The table over `tab.items` (sorted here by domain): best value with at
/// least `k_min` and at most `k_max` items, total weight within `room`
/// (`None`: no capacity row), at most `h_left[d]` items of domain `d`.
fn run(
    room: Option<usize>,
    k_max: usize,
    k_min: usize,
    h_left: &Option<Vec<usize>>,
    tab: &mut Table,
    chosen: &mut Vec<usize>,
) -> Option<f64> {
    chosen.clear();
    tab.items.sort_by_key(|it| (it.0, it.1));
    let k_max = k_max.min(tab.items.len());
    if k_min > k_max {
        return None;
    }
    // A dimension no choice of these items can exceed is left out.
    let total: usize = tab.items.iter().map(|it| it.3).sum();
    let room = room.filter(|&r| total > r);
    let kk = usize::from(k_min > 0 || tab.items.len() > k_max);
    let groups = group_starts(&tab.items);
    let h_left = h_left.as_ref().filter(|h| {
        groups
            .iter()
            .any(|&(start, end)| end - start > h[tab.items[start].0])
    });
    let nw = room.map_or(1, |r| r + 1);
    let nk = if kk == 1 { k_max + 1 } else { 1 };
    let nd = match h_left {
        Some(h) => h.iter().copied().max().unwrap_or(0).min(k_max) + 1,
        None => 1,
    };
    let dk = usize::from(h_left.is_some());
    let size = nw * nk * nd;
    tab.work += (size * (tab.items.len() + 1)) as u64;
    let at = |w: usize, k: usize, d: usize| (w * nk + k) * nd + d;
    tab.value.clear();
    tab.value.resize(size, f64::NEG_INFINITY);
    tab.value[0] = 0.0;
    tab.took.clear();
    tab.took.resize(size * tab.items.len(), false);
    tab.best_kd.clear();
    tab.best_kd.resize(groups.len() * nw * nk, 0);
    for (g, &(start, end)) in groups.iter().enumerate() {
        let limit = h_left.map_or(0, |h| h[tab.items[start].0].min(nd - 1));
        for it in start..end {
            let (_, _, v, wt) = tab.items[it];
            let wt = if room.is_some() { wt } else { 0 };
            let took = &mut tab.took[it * size..(it + 1) * size];
            for w in (0..nw.saturating_sub(wt)).rev() {
                for k in (0..nk - kk).rev() {
                    for d in (0..nd).rev() {
                        if dk == 1 && d >= limit {
                            continue;
                        }
                        let from = tab.value[at(w, k, d)];
                        if from == f64::NEG_INFINITY {
                            continue;
                        }
                        let to = at(w + wt, k + kk, d + dk);
                        if from + v > tab.value[to] {
                            tab.value[to] = from + v;
                            took[to] = true;
                        }
                    }
                }
            }
        }
        // Close the group: keep the best count within the domain, at 0.
        for w in 0..nw {
            for k in 0..nk {
                let (mut best, mut arg) = (f64::NEG_INFINITY, 0);
                for d in 0..nd {
                    if tab.value[at(w, k, d)] > best {
                        (best, arg) = (tab.value[at(w, k, d)], d);
                    }
                    tab.value[at(w, k, d)] = f64::NEG_INFINITY;
                }
                tab.value[at(w, k, 0)] = best;
                tab.best_kd[(g * nw + w) * nk + k] = arg as u16;
            }
        }
    }
    let (mut bw, mut bk, mut best) = (0, 0, f64::NEG_INFINITY);
    for w in 0..nw {
        for k in k_min.min(nk - 1)..nk {
            if tab.value[at(w, k, 0)] > best {
                (bw, bk, best) = (w, k, tab.value[at(w, k, 0)]);
            }
        }
    }
    if best == f64::NEG_INFINITY {
        return None;
    }
    let (mut w, mut k) = (bw, bk);
    for (g, &(start, end)) in groups.iter().enumerate().rev() {
        let mut d = tab.best_kd[(g * nw + w) * nk + k] as usize;
        for it in (start..end).rev() {
            if tab.took[it * size + at(w, k, d)] {
                let (_, t, _, wt) = tab.items[it];
                chosen.push(t);
                w -= if room.is_some() { wt } else { 0 };
                k -= kk;
                d -= dk;
            }
        }
    }
    chosen.sort_unstable();
    Some(best)
}

/// `(start, end)` of each run of items with the same domain (one run when
/// there is no per-domain limit, since then `d` never moves).
fn group_starts(items: &[(usize, usize, f64, usize)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for k in 1..=items.len() {
        if k == items.len() || items[k].0 != items[start].0 {
            out.push((start, k));
            start = k;
        }
    }
    out
}
