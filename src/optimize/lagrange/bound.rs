//! The Lagrangian bound of a node and its subgradient.
//!
//! Moved into the objective, with multipliers: each task's lead-count row
//! (`u_t`, free), each budget row (`mu_i >= 0`, the row divided by the budget
//! so the multipliers share a scale), and the fairness term through
//! `-delta |z_i| <= -delta lambda_i z_i` for any `lambda_i` in [-1, 1], with
//! `z_i` country i's spending less its fair share of the total. Payments of a
//! task with free payments go, in the relaxation, to whichever country that
//! may pay has the least multiplier cost; the rule that only leads pay and
//! the minimum shares are dropped (a relaxation: the bound stays valid). What
//! is left is one problem per country over its own rows ([`super::country`]).
//! For any multipliers the value is an upper bound on every plan of the node.

use super::country::{best, Table};
use super::problem::Problem;

/// Multipliers of the relaxed rows.
#[derive(Clone, Debug)]
pub(super) struct Mult {
    pub u: Vec<f64>,
    pub lam: Vec<f64>,
    pub mu: Vec<f64>,
    /// Co-led tasks' "cost covered" rows (`sum_i m_it = C_t`), free.
    pub v: Vec<f64>,
}

impl Mult {
    pub fn zero(p: &Problem) -> Mult {
        Mult {
            u: vec![0.0; p.m],
            lam: vec![0.0; p.n],
            mu: vec![0.0; p.n],
            v: vec![0.0; p.m],
        }
    }
}

/// The bound at one set of multipliers.
#[derive(Clone)]
pub(super) struct Eval {
    pub bound: f64,
    /// Per task, the countries the relaxation has lead it.
    pub leads: Vec<Vec<usize>>,
    /// Subgradients (the direction in which the bound grows).
    pub g_u: Vec<f64>,
    pub g_lam: Vec<f64>,
    pub g_mu: Vec<f64>,
    pub g_v: Vec<f64>,
    /// Per column: its profit in the relaxation at these multipliers.
    pub profit: Vec<f64>,
}

impl Eval {
    /// Whether every task has its lead count (or, if optional, none).
    pub fn assignment_holds(&self) -> bool {
        self.g_u.iter().all(|&g| g == 0.0)
    }
}

/// Per-money cost of country i's payments in the relaxation.
fn kappa(p: &Problem, m: &Mult, i: usize) -> f64 {
    let budget = p.countries[i].budget.map_or(0.0, |b| m.mu[i] / b.max(1.0));
    p.fairness * m.lam[i] + budget
}

/// Evaluates the bound of the node `state` at `m`; `None` when some country's
/// rows leave it no choice (no plan in the node).
pub(super) fn evaluate(p: &Problem, state: &[i8], m: &Mult, tabs: &mut [Table]) -> Option<Eval> {
    let kap: Vec<f64> = (0..p.n).map(|i| kappa(p, m, i)).collect();
    let lam_share: f64 = (0..p.n).map(|i| p.share[i] * m.lam[i]).sum();
    // Who pays a task with free payments, and at what cost per unit.
    let payer: Vec<Option<usize>> = (0..p.m)
        .map(|t| {
            (!p.sole[t] && p.colead[t].is_none()).then(|| {
                p.payers[t]
                    .iter()
                    .copied()
                    .min_by(|&a, &b| kap[a].total_cmp(&kap[b]).then(a.cmp(&b)))
            })?
        })
        .collect();
    let mut profit = vec![0.0; p.n * p.m];
    for (t, pays) in payer.iter().enumerate() {
        let l = p.leads[t] as f64;
        for i in 0..p.n {
            let c = p.col(t, i);
            let mut v = p.a[c] - m.u[t];
            if p.money {
                let cost = p.cost[c];
                v += p.fairness * lam_share * cost / l;
                v -= match *pays {
                    _ if p.sole[t] => kap[i] * cost,
                    Some(j) => kap[j] * cost / l,
                    None => 0.0,
                };
                if let Some((lo, hi)) = p.colead[t] {
                    // The row `(C_t - sum_i m_it) / hi = 0` with multiplier
                    // v_t: `v_t C_t / hi` on the leads, and the lead's own
                    // payment at whichever end of its range pays best.
                    let vt = per_money(m.v[t], hi);
                    v += vt * cost / l + colead_pay(vt + kap[i], lo, hi).1;
                }
            }
            profit[c] = v;
        }
    }
    let mut bound: f64 = 0.0;
    for t in 0..p.m {
        let need = m.u[t] * p.leads[t] as f64;
        bound += if p.optional[t] { need.max(0.0) } else { need };
    }
    for i in 0..p.n {
        if p.countries[i].budget.is_some() {
            bound += m.mu[i];
        }
    }
    let mut leads = vec![Vec::new(); p.m];
    let mut chosen = Vec::new();
    for i in 0..p.n {
        let f = |t: usize| profit[p.col(t, i)];
        bound += best(p, i, state, &f, &mut tabs[i], &mut chosen)?;
        for &t in &chosen {
            leads[t].push(i);
        }
    }
    let (g_u, g_lam, g_mu, g_v) = gradients(p, m, &leads, &payer, &kap);
    Some(Eval {
        bound,
        leads,
        g_u,
        g_lam,
        g_mu,
        g_v,
        profit,
    })
}

/// A co-led task's cost row is divided by the task's largest cost `hi`
/// (so its multiplier shares the scale of the others): `x / hi`.
fn per_money(x: f64, hi: f64) -> f64 {
    x / hi.max(1e-9)
}

/// What a co-lead pays in the relaxation, and its value, when each unit
/// it pays costs `k` (multipliers of its budget, fairness and the task's
/// cost row).
fn colead_pay(k: f64, lo: f64, hi: f64) -> (f64, f64) {
    let pay = if k > 0.0 { lo } else { hi };
    (pay, -k * pay)
}

/// Subgradients at the relaxation's leads and payments.
fn gradients(
    p: &Problem,
    m: &Mult,
    leads: &[Vec<usize>],
    payer: &[Option<usize>],
    kap: &[f64],
) -> Grads {
    let mut g_u = vec![0.0; p.m];
    let mut g_v = vec![0.0; p.m];
    let mut spent = vec![0.0; p.n];
    let mut total = 0.0;
    for t in 0..p.m {
        let l = p.leads[t];
        let wanted = if p.optional[t] && m.u[t] * l as f64 <= 0.0 {
            0
        } else {
            l
        };
        g_u[t] = wanted as f64 - leads[t].len() as f64;
        let cost: f64 = leads[t].iter().map(|&i| p.cost[p.col(t, i)]).sum::<f64>() / l as f64;
        total += cost;
        if let (Some((lo, hi)), true) = (p.colead[t], p.money) {
            let mut paid = 0.0;
            let vt = per_money(m.v[t], hi);
            for &i in &leads[t] {
                let pay = colead_pay(vt + kap[i], lo, hi).0;
                spent[i] += pay;
                paid += pay;
            }
            g_v[t] = per_money(cost - paid, hi);
        } else if p.sole[t] {
            for &i in &leads[t] {
                spent[i] += p.cost[p.col(t, i)];
            }
        } else if let Some(j) = payer[t] {
            spent[j] += cost;
        }
    }
    let g_lam = (0..p.n)
        .map(|i| p.fairness * (p.share[i] * total - spent[i]))
        .collect();
    let g_mu = (0..p.n)
        .map(|i| match p.countries[i].budget {
            Some(b) => (b - spent[i]) / b.max(1.0),
            None => 0.0,
        })
        .collect();
    (g_u, g_lam, g_mu, g_v)
}

/// Subgradients of the lead-count rows, fairness, budgets and co-led cost rows.
type Grads = (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>);

/// One projected subgradient step towards a lower bound: `step` times the
/// Polyak rule's scale `(bound - target) / |g|^2` over the coordinates that
/// can move. Returns false when no coordinate can move.
pub(super) fn step(p: &Problem, m: &mut Mult, e: &Eval, target: f64, theta: f64) -> bool {
    let moves_lam = |i: usize| {
        let g = e.g_lam[i];
        g != 0.0 && !(m.lam[i] >= 1.0 && g < 0.0) && !(m.lam[i] <= -1.0 && g > 0.0)
    };
    let moves_mu = |i: usize| {
        p.countries[i].budget.is_some() && e.g_mu[i] != 0.0 && !(m.mu[i] <= 0.0 && e.g_mu[i] > 0.0)
    };
    let mut norm: f64 = e.g_u.iter().chain(&e.g_v).map(|g| g * g).sum();
    for i in 0..p.n {
        if p.fairness > 0.0 && moves_lam(i) {
            norm += e.g_lam[i] * e.g_lam[i];
        }
        if moves_mu(i) {
            norm += e.g_mu[i] * e.g_mu[i];
        }
    }
    if norm <= 0.0 {
        return false;
    }
    let s = theta * (e.bound - target).max(1e-9 * p.scale) / norm;
    for t in 0..p.m {
        m.u[t] -= s * e.g_u[t];
        m.v[t] -= s * e.g_v[t];
    }
    for i in 0..p.n {
        if p.fairness > 0.0 {
            m.lam[i] = (m.lam[i] - s * e.g_lam[i]).clamp(-1.0, 1.0);
        }
        if p.countries[i].budget.is_some() {
            m.mu[i] = (m.mu[i] - s * e.g_mu[i]).max(0.0);
        }
    }
    true
}
