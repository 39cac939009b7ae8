//! A plan near the relaxation's leads: surplus leads dropped, missing ones
//! added where a country has room, countries below their least number of
//! tasks given one from a country above it. Greedy, by the relaxation's
//! profits; the result is only a candidate (it is checked and valued by the
//! caller). Node fixings are respected, so pins, bans and fixes are too.

use super::bound::Eval;
use super::problem::Problem;

/// Loads of each country while the plan is built.
struct Loads {
    weight: Vec<usize>,
    count: Vec<usize>,
    /// Per country and domain.
    domain: Vec<usize>,
}

impl Loads {
    fn add(&mut self, p: &Problem, t: usize, i: usize, sign: bool) {
        let w = p.countries[i].weight[t];
        let d = i * p.n_domains + p.domain[t];
        if sign {
            self.weight[i] += w;
            self.count[i] += 1;
            self.domain[d] += 1;
        } else {
            self.weight[i] -= w;
            self.count[i] -= 1;
            self.domain[d] -= 1;
        }
    }

    /// Whether country i can take task t on top of its load.
    fn room(&self, p: &Problem, t: usize, i: usize) -> bool {
        let c = &p.countries[i];
        c.cap.is_none_or(|cap| self.weight[i] + c.weight[t] <= cap)
            && self.count[i] < c.hi
            && p.per_domain
                .is_none_or(|h| self.domain[i * p.n_domains + p.domain[t]] < h)
    }
}

/// A candidate plan from the relaxation `e` in the node `state`, or `None`.
pub(super) fn repair(p: &Problem, state: &[i8], e: &Eval) -> Option<Vec<Vec<usize>>> {
    let mut loads = Loads {
        weight: vec![0; p.n],
        count: vec![0; p.n],
        domain: vec![0; p.n * p.n_domains],
    };
    let mut leads: Vec<Vec<usize>> = Vec::with_capacity(p.m);
    for t in 0..p.m {
        let mut ls = e.leads[t].clone();
        if ls.len() > p.leads[t] {
            // keep fixed leads, then the most profitable
            ls.sort_by(|&a, &b| {
                let (ca, cb) = (p.col(t, a), p.col(t, b));
                (state[cb] == 1)
                    .cmp(&(state[ca] == 1))
                    .then(e.profit[cb].total_cmp(&e.profit[ca]))
                    .then(a.cmp(&b))
            });
            ls.truncate(p.leads[t]);
        }
        for &i in &ls {
            loads.add(p, t, i, true);
        }
        leads.push(ls);
    }
    for t in 0..p.m {
        fill(p, state, e, &mut loads, &mut leads, t)?;
    }
    lift_minimums(p, state, e, &mut loads, &mut leads)?;
    fit_budgets(p, state, e, &mut loads, &mut leads);
    for ls in &mut leads {
        ls.sort_unstable();
    }
    Some(leads)
}

/// Gives task t its missing leads (best profit first among countries with
/// room); an optional task that cannot get them all gets none.
fn fill(
    p: &Problem,
    state: &[i8],
    e: &Eval,
    loads: &mut Loads,
    leads: &mut [Vec<usize>],
    t: usize,
) -> Option<()> {
    let l = p.leads[t];
    if leads[t].len() == l || (p.optional[t] && leads[t].is_empty()) {
        return Some(());
    }
    let mut order: Vec<usize> = (0..p.n)
        .filter(|&i| state[p.col(t, i)] != 0 && !leads[t].contains(&i))
        .collect();
    order.sort_by(|&a, &b| e.profit[p.col(t, b)].total_cmp(&e.profit[p.col(t, a)]));
    for i in order {
        if leads[t].len() == l {
            break;
        }
        if loads.room(p, t, i) {
            loads.add(p, t, i, true);
            leads[t].push(i);
        }
    }
    if leads[t].len() == l {
        return Some(());
    }
    if p.optional[t] && leads[t].iter().all(|&i| state[p.col(t, i)] != 1) {
        for &i in &leads[t] {
            loads.add(p, t, i, false);
        }
        leads[t].clear();
        return Some(());
    }
    None
}

/// Moves leads to countries below their least number of tasks, each time the
/// move that loses the least profit; `None` when some country stays below.
fn lift_minimums(
    p: &Problem,
    state: &[i8],
    e: &Eval,
    loads: &mut Loads,
    leads: &mut [Vec<usize>],
) -> Option<()> {
    for i in 0..p.n {
        while loads.count[i] < p.countries[i].lo {
            let mut best: Option<(f64, usize, usize)> = None;
            for t in 0..p.m {
                if state[p.col(t, i)] == 0 || leads[t].contains(&i) {
                    continue;
                }
                for &j in &leads[t] {
                    let movable = state[p.col(t, j)] != 1 && loads.count[j] > p.countries[j].lo;
                    if !movable {
                        continue;
                    }
                    loads.add(p, t, j, false);
                    let fits = loads.room(p, t, i);
                    loads.add(p, t, j, true);
                    let loss = e.profit[p.col(t, j)] - e.profit[p.col(t, i)];
                    if fits && best.is_none_or(|b| loss < b.0) {
                        best = Some((loss, t, j));
                    }
                }
            }
            let (_, t, j) = best?;
            loads.add(p, t, j, false);
            loads.add(p, t, i, true);
            let k = leads[t].iter().position(|&x| x == j)?;
            leads[t][k] = i;
        }
    }
    Some(())
}

/// Moves leads away from countries whose least spending passes their
/// budget, each time the move that loses the least profit per unit of money
/// it frees, to a country with room and budget left; stops when no move
/// helps (the plan is only a candidate: the payments LP decides).
fn fit_budgets(p: &Problem, state: &[i8], e: &Eval, loads: &mut Loads, leads: &mut [Vec<usize>]) {
    let mut spent = vec![0.0; p.n];
    for (t, ls) in leads.iter().enumerate() {
        for &i in ls {
            spent[i] += p.least_pay(t, i);
        }
    }
    for _ in 0..p.m * p.n {
        let Some(i) = (0..p.n).find(|&i| p.spends_over(i, spent[i])) else {
            return;
        };
        let mut best: Option<(f64, usize, usize)> = None;
        for t in 0..p.m {
            if !leads[t].contains(&i)
                || state[p.col(t, i)] == 1
                || loads.count[i] <= p.countries[i].lo
            {
                continue;
            }
            let freed = p.least_pay(t, i);
            if freed <= 0.0 {
                continue;
            }
            for j in 0..p.n {
                if state[p.col(t, j)] == 0 || leads[t].contains(&j) || !loads.room(p, t, j) {
                    continue;
                }
                if p.spends_over(j, spent[j] + p.least_pay(t, j)) {
                    continue;
                }
                let loss = (e.profit[p.col(t, i)] - e.profit[p.col(t, j)]) / freed;
                if best.is_none_or(|b| loss < b.0) {
                    best = Some((loss, t, j));
                }
            }
        }
        let Some((_, t, j)) = best else {
            return;
        };
        loads.add(p, t, i, false);
        loads.add(p, t, j, true);
        spent[i] -= p.least_pay(t, i);
        spent[j] += p.least_pay(t, j);
        if let Some(k) = leads[t].iter().position(|&x| x == i) {
            leads[t][k] = j;
        }
    }
}
