//! The payment split of one lead pattern, solved exactly without an LP solver.
//!
//! With the leads fixed, docs/MODEL.md's funding rows (5.) and fairness term
//! leave a small transportation problem: every led task `t` has a realised
//! cost `C_t`; each of its leads pays at least `σ C_t`; the rest,
//! `R_t = C_t (1 − σ |P_t|)`, goes to the task's payers `E_t` (its leads, or
//! every country under `funding = "all"`); each country's total stays within
//! its budget; and `Σ_i |S_i − g_i Σ_t C_t|` is minimised.
//!
//! Only the countries' totals of the free parts, `f_i`, matter. By Gale's
//! supply-demand theorem a vector `f ≥ 0` with `Σ f_i = Σ R_t` can be shipped
//! exactly when, for every set `S` of countries, `Σ_{i∈S} f_i` is at most the
//! free money of the tasks that some country in `S` may pay. That leaves a
//! polytope in at most three dimensions and a piecewise-linear convex
//! objective, whose minimum lies at a vertex of the polytope cut by the
//! objective's breakpoints: every such vertex is enumerated.

/// One led task: its realised cost, its leads and its payers (country indices).
pub struct Bill {
    pub cost: f64,
    pub leads: Vec<usize>,
    pub payers: Vec<usize>,
}

pub struct Split<'a> {
    pub budgets: &'a [Option<f64>],
    pub shares: &'a [f64],
    pub min_share: f64,
}

/// A hyperplane `a · f = b`.
type Plane = (Vec<f64>, f64);

impl Split<'_> {
    /// The least fairness deviation `Σ_i |S_i − g_i T|` over feasible splits,
    /// or `None` when no split meets the budgets.
    pub fn least_deviation(&self, bills: &[Bill]) -> Option<f64> {
        let n = self.budgets.len();
        let mut base = vec![0.0; n];
        for b in bills {
            for &i in &b.leads {
                base[i] += self.min_share * b.cost;
            }
        }
        let free: Vec<f64> = bills
            .iter()
            .map(|b| (b.cost * (1.0 - self.min_share * b.leads.len() as f64)).max(0.0))
            .collect();
        let total_cost: f64 = bills.iter().map(|b| b.cost).sum();
        let scale = 1.0 + total_cost + self.budgets.iter().flatten().sum::<f64>();
        let eps = 1e-9 * scale;
        let (planes, limits) = self.constraints(bills, &free, &base, total_cost);
        let r: f64 = free.iter().sum();
        let mut best: Option<f64> = None;
        for f in vertices(n, r, &planes) {
            let ok =
                f.iter().all(|x| *x >= -eps) && limits.iter().all(|(a, b)| dot(a, &f) <= b + eps);
            if ok {
                let dev = (0..n)
                    .map(|i| (base[i] + f[i] - self.shares[i] * total_cost).abs())
                    .sum::<f64>();
                best = Some(best.map_or(dev, |b: f64| b.min(dev)));
            }
        }
        best
    }

    /// Every hyperplane a vertex may lie on, and the `≤` limits.
    fn constraints(
        &self,
        bills: &[Bill],
        free: &[f64],
        base: &[f64],
        total: f64,
    ) -> (Vec<Plane>, Vec<Plane>) {
        let n = self.budgets.len();
        let unit = |i: usize| -> Vec<f64> { (0..n).map(|j| f64::from(j == i)).collect() };
        let mut limits: Vec<Plane> = Vec::new();
        for set in 1..(1usize << n) {
            let a: Vec<f64> = (0..n).map(|j| f64::from(set >> j & 1 == 1)).collect();
            let reach: f64 = bills
                .iter()
                .zip(free)
                .filter(|(b, _)| b.payers.iter().any(|&p| set >> p & 1 == 1))
                .map(|(_, r)| r)
                .sum();
            limits.push((a, reach));
        }
        for (i, budget) in self.budgets.iter().enumerate() {
            if let Some(b) = budget {
                limits.push((unit(i), b - base[i]));
            }
        }
        let mut planes = limits.clone();
        for (i, (share, paid)) in self.shares.iter().zip(base).enumerate() {
            planes.push((unit(i), 0.0));
            planes.push((unit(i), share * total - paid));
        }
        (planes, limits)
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Points with `Σ f = r` on `n − 1` of the planes (every choice).
fn vertices(n: usize, r: f64, planes: &[Plane]) -> Vec<Vec<f64>> {
    let ones = (vec![1.0; n], r);
    let mut out = Vec::new();
    let mut pick = |rows: Vec<&Plane>| {
        if let Some(f) = solve_square(&rows) {
            out.push(f);
        }
    };
    match n {
        1 => pick(vec![&ones]),
        2 => planes.iter().for_each(|p| pick(vec![&ones, p])),
        _ => {
            for (k, p) in planes.iter().enumerate() {
                for q in &planes[k + 1..] {
                    pick(vec![&ones, p, q]);
                }
            }
        }
    }
    out
}

/// Gaussian elimination with partial pivoting; `None` when singular.
fn solve_square(rows: &[&Plane]) -> Option<Vec<f64>> {
    let n = rows.len();
    let mut m: Vec<Vec<f64>> = rows
        .iter()
        .map(|(a, b)| a.iter().copied().chain([*b]).collect())
        .collect();
    for c in 0..n {
        let p = (c..n).max_by(|x, y| m[*x][c].abs().total_cmp(&m[*y][c].abs()))?;
        if m[p][c].abs() < 1e-12 {
            return None;
        }
        m.swap(c, p);
        for r in 0..n {
            if r != c {
                let k = m[r][c] / m[c][c];
                let pivot = m[c].clone();
                for (x, y) in m[r].iter_mut().zip(&pivot).skip(c) {
                    *x -= k * y;
                }
            }
        }
    }
    Some((0..n).map(|i| m[i][n] / m[i][i]).collect())
}

/// A hand-solved split: cost 10 led by A and B, A's budget 3, equal fair
/// shares: B pays 7, so the deviation is |3 − 5| + |7 − 5| = 4; with a 40%
/// minimum share A must pay 4 and no split exists.
#[test]
fn the_split_of_a_hand_solved_case() {
    let bill = || Bill {
        cost: 10.0,
        leads: vec![0, 1],
        payers: vec![0, 1],
    };
    let budgets = [Some(3.0), None];
    let mut split = Split {
        budgets: &budgets,
        shares: &[0.5, 0.5],
        min_share: 0.0,
    };
    assert!((split.least_deviation(&[bill()]).unwrap() - 4.0).abs() < 1e-12);
    split.min_share = 0.4;
    assert_eq!(split.least_deviation(&[bill()]), None);
}
