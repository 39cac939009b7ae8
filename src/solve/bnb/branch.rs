//! Which column to branch on: pseudocosts (the mean objective loss per unit
//! moved, learnt from every child solved so far), scored by the product rule.
//! Columns never branched on borrow the mean of those that were, or their own
//! objective coefficient before any was.

use super::mip::{Mip, INT_TOL};

/// Direction of a branch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Side {
    /// `x <= floor(v)`.
    Down,
    /// `x >= ceil(v)`.
    Up,
}

#[derive(Clone, Copy, Default)]
struct Mean {
    sum: f64,
    count: u32,
}

impl Mean {
    fn add(&mut self, v: f64) {
        self.sum += v;
        self.count += 1;
    }
    fn get(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum / self.count as f64)
    }
}

/// Learnt per-unit losses, down and up, per column.
pub(super) struct PseudoCosts {
    down: Vec<Mean>,
    up: Vec<Mean>,
    all_down: Mean,
    all_up: Mean,
}

const SCORE_FLOOR: f64 = 1e-6;

impl PseudoCosts {
    pub fn new(n: usize) -> Self {
        PseudoCosts {
            down: vec![Mean::default(); n],
            up: vec![Mean::default(); n],
            all_down: Mean::default(),
            all_up: Mean::default(),
        }
    }

    /// Records that moving column `j` by `moved` to `side` cost `loss` objective.
    pub fn record(&mut self, j: usize, side: Side, moved: f64, loss: f64) {
        if moved <= INT_TOL || !loss.is_finite() {
            return;
        }
        let per_unit = loss.max(0.0) / moved;
        match side {
            Side::Down => {
                self.down[j].add(per_unit);
                self.all_down.add(per_unit);
            }
            Side::Up => {
                self.up[j].add(per_unit);
                self.all_up.add(per_unit);
            }
        }
    }

    fn estimate(&self, mip: &Mip, j: usize, side: Side) -> f64 {
        let (own, all) = match side {
            Side::Down => (&self.down[j], &self.all_down),
            Side::Up => (&self.up[j], &self.all_up),
        };
        own.get()
            .or_else(|| all.get())
            .unwrap_or_else(|| mip.obj[j].abs() + SCORE_FLOOR)
    }

    /// The fractional integer column with the best product score, with its
    /// value; `None` when every integer column is integral.
    pub fn choose(&self, mip: &Mip, x: &[f64]) -> Option<(usize, f64)> {
        let mut best: Option<(usize, f64, f64)> = None;
        for j in (0..mip.n()).filter(|&j| mip.int[j]) {
            let f = x[j] - x[j].floor();
            if f <= INT_TOL || f >= 1.0 - INT_TOL {
                continue;
            }
            let down = (self.estimate(mip, j, Side::Down) * f).max(SCORE_FLOOR);
            let up = (self.estimate(mip, j, Side::Up) * (1.0 - f)).max(SCORE_FLOOR);
            let score = down * up;
            if best.is_none_or(|b| score > b.2) {
                best = Some((j, x[j], score));
            }
        }
        best.map(|b| (b.0, b.1))
    }
}

/// Rounds integer columns that are within tolerance of an integer.
pub(super) fn snap(mip: &Mip, x: &mut [f64]) {
    for j in (0..mip.n()).filter(|&j| mip.int[j]) {
        let r = x[j].round();
        if (x[j] - r).abs() <= INT_TOL {
            x[j] = r;
        }
    }
}
