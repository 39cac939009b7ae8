//! Recognising a model of generalised-assignment shape in a [`Mip`].
//!
//! The Lagrangian search needs: every column binary; every column in exactly
//! one assignment row (`Σ x = k`, unit coefficients, `k` a whole number); and
//! at most one knapsack row (`Σ w x <= b`, `w >= 0`), whose weights become
//! whole numbers when scaled by one power of ten. Any other row (budgets over
//! several countries, domain limits, money columns) and the model is not of
//! that shape: `None`, and the caller falls back to the LP search.

use super::super::mip::Mip;

/// Largest dynamic-programming table (sum over knapsack rows of items x
/// capacity) the Lagrangian bound may use; beyond it the LP search runs.
const MAX_TABLE: usize = 20_000_000;

/// A model of GAP shape, in maximisation form (as [`Mip`]).
pub(crate) struct Gap {
    /// Assignment rows: their columns and how many must be 1.
    pub tasks: Vec<(Vec<usize>, i64)>,
    /// Knapsack groups: their columns and capacity in scaled whole units. The
    /// last group holds the columns in no knapsack row (capacity 0, weight 0).
    pub agents: Vec<(Vec<usize>, i64)>,
    /// Per column: its task, its group, its scaled weight, its profit.
    pub task_of: Vec<usize>,
    pub agent_of: Vec<usize>,
    pub weight: Vec<i64>,
    pub profit: Vec<f64>,
    /// Per column: fixed at 1 (pins) or at 0 (bans) by its bounds.
    pub lo: Vec<bool>,
    pub hi: Vec<bool>,
}

impl Gap {
    /// The model's GAP structure, or `None` when it is not of that shape.
    pub fn of(mip: &Mip) -> Option<Gap> {
        let n = mip.n();
        let binary = (0..n).all(|j| mip.int[j] && mip.lo[j] >= 0.0 && mip.hi[j] <= 1.0);
        if n == 0 || !binary {
            return None;
        }
        let mut task_of = vec![usize::MAX; n];
        let mut agent_of = vec![usize::MAX; n];
        let mut tasks = Vec::new();
        let mut knaps = Vec::new();
        for r in mip.rows.iter().filter(|r| !r.cols.is_empty()) {
            if r.eq {
                let unit = r.coefs.iter().all(|a| *a == 1.0);
                if !unit || r.rhs.fract() != 0.0 || r.rhs < 0.0 {
                    return None;
                }
                claim(&mut task_of, &r.cols, tasks.len())?;
                tasks.push((r.cols.clone(), r.rhs as i64));
            } else {
                if r.coefs.iter().any(|a| *a < 0.0) {
                    return None;
                }
                claim(&mut agent_of, &r.cols, knaps.len())?;
                knaps.push(r);
            }
        }
        if task_of.contains(&usize::MAX) {
            return None;
        }
        let scale = (0..=4).map(|k| 10f64.powi(k)).find(|s| {
            knaps
                .iter()
                .all(|r| r.coefs.iter().all(|a| whole(a * s).is_some()))
        })?;
        let mut weight = vec![0i64; n];
        let mut agents = Vec::new();
        let mut table = 0usize;
        for (a, r) in knaps.iter().enumerate() {
            let total: i64 = r.coefs.iter().map(|c| whole(c * scale).unwrap()).sum();
            let cap =
                ((r.rhs * scale + 1e-9 * (1.0 + (r.rhs * scale).abs())).floor() as i64).min(total);
            for (c, w) in r.cols.iter().zip(&r.coefs) {
                weight[*c] = whole(w * scale).unwrap();
            }
            table = table.saturating_add(r.cols.len() * (cap.max(0) as usize + 1));
            agents.push((r.cols.clone(), cap));
            debug_assert_eq!(agents.len(), a + 1);
        }
        if table > MAX_TABLE {
            return None;
        }
        let free: Vec<usize> = (0..n).filter(|&j| agent_of[j] == usize::MAX).collect();
        for &j in &free {
            agent_of[j] = agents.len();
        }
        agents.push((free, 0));
        Some(Gap {
            tasks,
            agents,
            task_of,
            agent_of,
            weight,
            profit: mip.obj.clone(),
            lo: (0..n).map(|j| mip.lo[j] >= 1.0).collect(),
            hi: (0..n).map(|j| mip.hi[j] >= 1.0).collect(),
        })
    }

    /// Number of columns.
    pub fn n(&self) -> usize {
        self.profit.len()
    }
}

/// Marks `cols` as belonging to row `k`; `None` when one already belongs to another.
fn claim(owner: &mut [usize], cols: &[usize], k: usize) -> Option<()> {
    for &c in cols {
        if owner[c] != usize::MAX {
            return None;
        }
        owner[c] = k;
    }
    Some(())
}

/// `v` as a whole number when it is one (to 1e-9), and not huge.
fn whole(v: f64) -> Option<i64> {
    let r = v.round();
    ((v - r).abs() <= 1e-9 * r.abs().max(1.0) && r.abs() < 1e12).then_some(r as i64)
}
