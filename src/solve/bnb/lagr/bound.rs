//! The Lagrangian bound of a node: the assignment rows are moved into the
//! objective with multipliers `u` (one per task), and what remains splits into
//! one 0-1 knapsack per knapsack row ([`Knap`]). For any `u` the result is an
//! upper bound on every plan of the node (the classic GAP bound of Ross and
//! Soland, and Fisher, Jaikumar and Van Wassenhove); its optimal solution `x`
//! tells which tasks are over- or under-assigned (the subgradient), and with
//! `with_fixing` the bound with each free column forced to 1 or to 0.

use super::knap::Knap;
use super::shape::Gap;

/// A column's state in a node.
pub(crate) const FREE: i8 = -1;

/// The bound at one `u`.
pub(crate) struct Eval {
    pub bound: f64,
    /// The relaxation's optimum: every column set to 1 (fixed or chosen).
    pub x: Vec<bool>,
    /// Per task: how many more leads the row needs than `x` gives.
    pub g: Vec<f64>,
    /// Per column (with fixing, else empty): the bound with it forced to 1
    /// and to 0 (`-inf` where it cannot be).
    pub bound_in: Vec<f64>,
    pub bound_out: Vec<f64>,
}

/// Evaluates the bound of the node `fix` at multipliers `u`.
pub(crate) fn evaluate(gap: &Gap, fix: &[i8], u: &[f64], with_fixing: bool) -> Eval {
    let n = gap.n();
    let mut x: Vec<bool> = fix.iter().map(|&f| f == 1).collect();
    let mut bound = 0.0;
    let mut g: Vec<f64> = gap.tasks.iter().map(|t| t.1 as f64).collect();
    for j in (0..n).filter(|&j| fix[j] == 1) {
        bound += gap.profit[j];
        g[gap.task_of[j]] -= 1.0;
    }
    for (t, gt) in g.iter().enumerate() {
        bound += u[t] * gt;
    }
    let (mut bound_in, mut bound_out) = if with_fixing {
        (vec![f64::NEG_INFINITY; n], vec![f64::NEG_INFINITY; n])
    } else {
        (Vec::new(), Vec::new())
    };
    let mut solved = Vec::with_capacity(gap.agents.len());
    for (cols, cap) in &gap.agents {
        let load: i64 = cols
            .iter()
            .filter(|&&j| fix[j] == 1)
            .map(|&j| gap.weight[j])
            .sum();
        let room = (cap - load).max(0);
        let mut items = Vec::new();
        let mut of = Vec::new();
        let mut total = 0i64;
        for &j in cols.iter().filter(|&&j| fix[j] == FREE) {
            let p = gap.profit[j] - u[gap.task_of[j]];
            if p > 0.0 && gap.weight[j] <= room {
                items.push((gap.weight[j] as usize, p));
                of.push(j);
                total += gap.weight[j];
            }
        }
        let knap = Knap::solve(&items, room.min(total) as usize);
        for (k, take) in knap.chosen().into_iter().enumerate() {
            if take {
                x[of[k]] = true;
                g[gap.task_of[of[k]]] -= 1.0;
            }
        }
        bound += knap.value();
        solved.push((knap, of, room));
    }
    if with_fixing {
        for (a, (knap, of, room)) in solved.into_iter().enumerate() {
            let knap = knap.with_suffix();
            let rest = bound - knap.value();
            for (k, &j) in of.iter().enumerate() {
                bound_in[j] = rest + knap.forced(k, true);
                bound_out[j] = rest + knap.forced(k, false);
            }
            for &j in gap.agents[a].0.iter().filter(|&&j| fix[j] == FREE) {
                if of.contains(&j) {
                    continue;
                }
                let p = gap.profit[j] - u[gap.task_of[j]];
                bound_in[j] = rest + p + knap.value_within(room - gap.weight[j]);
                bound_out[j] = bound;
            }
        }
    }
    Eval {
        bound,
        x,
        g,
        bound_in,
        bound_out,
    }
}
