//! Covering: one box after another, each on the runs the earlier boxes left,
//! each chosen on its trajectory by a stated rule, with quasi-p-values.
//!
//! The rule: the point with the highest coverage among those whose density is
//! at least `min_density` (0.8 by default, the threshold the EMA Workbench's
//! `Prim` used to take); when none reaches it, the densest point. A box that
//! restricts nothing, or (after the first) misses the density, ends the
//! covering. The quasi-p-value of a restriction is the workbench's one-sided
//! binomial test (Bryant and Lempert 2010): with the restriction lifted, the
//! box holds `Tj` runs of which `Hj` are cases; how likely is it to find at
//! least the box's `H` cases in its `T` runs when each is a case with
//! probability `Hj / Tj`?
//!
//! A box the rule chose is then re-evaluated: while some restricted side has
//! a quasi-p-value above [`MAX_QUASI_P`], the side with the largest is lifted
//! and the box counted again with the p-values of what is left (the
//! workbench's `drop_restriction`, applied until every limit passes). The
//! pruned box is appended to the trajectory as its last point and chosen, so
//! the trajectory shows both. A point named with `--box` is kept as it is.

use statrs::distribution::{Binomial, DiscreteCDF};

use super::finding::MAX_QUASI_P;
use super::limits::{Limit, Table};
use super::prim::{step, trajectory, Step, Tuning};

/// How boxes are chosen.
#[derive(Clone, Copy, Debug)]
pub struct Choice {
    /// PRIM's tuning.
    pub tuning: Tuning,
    /// Density a chosen box must reach.
    pub min_density: f64,
    /// Most boxes.
    pub max_boxes: usize,
    /// A trajectory point for the first box, instead of the rule.
    pub first: Option<usize>,
}

/// One box found.
#[derive(Clone, Debug)]
pub struct Found {
    /// Its trajectory.
    pub trajectory: Vec<Step>,
    /// The point chosen.
    pub chosen: usize,
    /// Quasi-p-values of the chosen point's limits per parameter: (lower, upper),
    /// `None` where that side is not restricted (a categorical limit has one, as lower).
    pub p_values: Vec<(Option<f64>, Option<f64>)>,
    /// Whether the chosen point is the rule's box with its noisy sides lifted
    /// (the trajectory's last point, appended by [`drop_noisy`]).
    pub pruned: bool,
}

impl Found {
    /// The chosen point.
    pub fn chosen(&self) -> &Step {
        &self.trajectory[self.chosen]
    }
}

/// The point the rule picks.
pub fn choose(steps: &[Step], min_density: f64) -> usize {
    let mut best: Option<usize> = None;
    for (i, s) in steps.iter().enumerate() {
        if s.density >= min_density && best.is_none_or(|b| s.coverage > steps[b].coverage) {
            best = Some(i);
        }
    }
    best.unwrap_or_else(|| {
        (0..steps.len()).fold(0, |b, i| {
            if steps[i].density > steps[b].density {
                i
            } else {
                b
            }
        })
    })
}

/// Boxes covering the cases of interest, in the order found.
pub fn cover(t: &Table, choice: &Choice) -> Result<Vec<Found>, String> {
    let mut remaining: Vec<usize> = (0..t.y.len()).collect();
    let mut out: Vec<Found> = Vec::new();
    while out.len() < choice.max_boxes && remaining.iter().any(|&r| t.y[r]) {
        let mut traj = trajectory(t, &remaining, &choice.tuning);
        let named = out.is_empty() && choice.first.is_some();
        let mut chosen = match (out.is_empty(), choice.first) {
            (true, Some(i)) if i < traj.len() => i,
            (true, Some(i)) => {
                return Err(format!(
                    "--box {i}: the trajectory has points 0 to {}",
                    traj.len() - 1
                ))
            }
            _ => choose(&traj, choice.min_density),
        };
        let mut pruned = false;
        if !named {
            if let Some(p) = drop_noisy(t, &remaining, &traj[chosen]) {
                traj.push(p);
                chosen = traj.len() - 1;
                pruned = true;
            }
        }
        let s = &traj[chosen];
        if s.restricted == 0 || (!out.is_empty() && s.density < choice.min_density) {
            break;
        }
        let p_values = quasi_p(t, &remaining, s);
        let lims = s.limits.clone();
        out.push(Found {
            trajectory: traj,
            chosen,
            p_values,
            pruned,
        });
        remaining.retain(|&r| !t.inside(r, &lims));
    }
    Ok(out)
}

/// The box `s` with its noisy sides lifted one at a time, largest
/// quasi-p-value first, until every side left passes [`MAX_QUASI_P`]; `None`
/// when every side passes already, or when lifting would leave no restriction.
pub(super) fn drop_noisy(t: &Table, rows: &[usize], s: &Step) -> Option<Step> {
    let mut cur = s.clone();
    loop {
        let p = quasi_p(t, rows, &cur);
        let worst = (0..p.len())
            .flat_map(|j| [(j, false, p[j].0), (j, true, p[j].1)])
            .filter_map(|(j, upper, v)| v.map(|v| (j, upper, v)))
            .filter(|&(_, _, v)| v > MAX_QUASI_P)
            // The largest p-value; ties to the first parameter, lower side first.
            .fold(None::<(usize, bool, f64)>, |b, x| match b {
                Some(b) if b.2 >= x.2 => Some(b),
                _ => Some(x),
            });
        let Some((j, upper, _)) = worst else {
            return (cur.limits != s.limits).then_some(cur);
        };
        let mut lims = cur.limits.clone();
        lims[j] = match (&lims[j], &t.init[j]) {
            (Limit::Range(lo, hi), Limit::Range(min, max)) => {
                if upper {
                    Limit::Range(*lo, *max)
                } else {
                    Limit::Range(*min, *hi)
                }
            }
            (_, init) => init.clone(),
        };
        if t.restricted(&lims) == 0 {
            return None;
        }
        let inside: Vec<usize> = rows
            .iter()
            .copied()
            .filter(|&r| t.inside(r, &lims))
            .collect();
        cur = step(t, &inside, &lims);
    }
}

/// Quasi-p-value of each restricted side of a box.
fn quasi_p(t: &Table, rows: &[usize], s: &Step) -> Vec<(Option<f64>, Option<f64>)> {
    let test = |lims: &[Limit]| {
        let (tj, hj) = t.count(rows, lims);
        binomial_tail(s.k, s.n, hj as f64 / tj.max(1) as f64)
    };
    (0..t.cols.len())
        .map(|j| match (&s.limits[j], &t.init[j]) {
            (Limit::Range(lo, hi), Limit::Range(min, max)) => {
                let side = |l: Limit| {
                    let mut lims = s.limits.clone();
                    lims[j] = l;
                    test(&lims)
                };
                let lower = (lo != min).then(|| side(Limit::Range(*min, *hi)));
                let upper = (hi != max).then(|| side(Limit::Range(*lo, *max)));
                (lower, upper)
            }
            (a, b) if a != b => {
                let mut lims = s.limits.clone();
                lims[j] = b.clone();
                (Some(test(&lims)), None)
            }
            _ => (None, None),
        })
        .collect()
}

/// P(X >= k) for X ~ Binomial(n, p): scipy's `binomtest(k, n, p, alternative="greater")`.
pub fn binomial_tail(k: usize, n: usize, p: f64) -> f64 {
    if k == 0 || p >= 1.0 {
        return 1.0;
    }
    if p <= 0.0 || k > n {
        return 0.0;
    }
    Binomial::new(p, n as u64).map_or(f64::NAN, |b| b.sf(k as u64 - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomial_tail_matches_direct_sums() {
        // P(X >= 3), X ~ Bin(5, 0.4) = sum_{i=3..5} C(5,i) 0.4^i 0.6^(5-i)
        let direct = 10.0 * 0.4f64.powi(3) * 0.36 + 5.0 * 0.4f64.powi(4) * 0.6 + 0.4f64.powi(5);
        assert!((binomial_tail(3, 5, 0.4) - direct).abs() < 1e-12);
        assert_eq!(binomial_tail(0, 5, 0.4), 1.0);
        assert_eq!(binomial_tail(6, 5, 0.4), 0.0);
    }
}
