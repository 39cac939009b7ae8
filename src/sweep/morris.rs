//! Morris screening: elementary effects along one-at-a-time trajectories.
//!
//! Morris (1991) with the mu* of Campolongo, Cariboni and Saltelli (2007): the
//! design has `r` trajectories of `k + 1` points each on a grid of `p` levels
//! (even) per parameter. A trajectory starts at a random grid point and moves
//! one parameter at a time, in a random order, by the jump `p / (2 (p - 1))`
//! grid spans, up or down so that it stays on the grid; the change in the
//! output over a move, divided by the move, is one elementary effect of that
//! parameter. Per parameter, mu is their mean, mu* the mean of their absolute
//! values (the ranking), sigma their standard deviation (interactions and
//! non-linearity). For the scenario the unit cube's levels are cell centres,
//! `(i + 0.5) / p`, mapped through each parameter's quantile function like
//! every design; a jump of `p / 2` levels is a step of 0.5 in the unit cube.
//!
//! Random access like every design ([`super::design`]): run `r` is point
//! `r % (k + 1)` of trajectory `r / (k + 1)`, whose start, signs and order come
//! from ChaCha8 keyed by the master seed on stream `r / (k + 1)`. Effects are
//! summed serially in trajectory order, so they are the same for any thread
//! count.

use rand_chacha::rand_core::Rng;
use serde::{Deserialize, Serialize};

use super::streams::{stream, Purpose};

/// Default number of grid levels.
pub const DEFAULT_LEVELS: usize = 4;

/// One trajectory: its start (grid level per parameter), then each move
/// (parameter, +1 or -1 jump), in order.
pub fn trajectory(seed: u64, k: usize, levels: usize, t: u64) -> (Vec<usize>, Vec<(usize, i8)>) {
    let mut rng = stream(seed, Purpose::Morris, t);
    let jump = levels / 2;
    let mut draw = |n: usize| (rng.next_u64() % n as u64) as usize;
    // Each parameter moves once, between a low level l < p - jump and l + jump.
    let low: Vec<usize> = (0..k).map(|_| draw(levels - jump)).collect();
    let up: Vec<bool> = (0..k).map(|_| draw(2) == 0).collect();
    let mut order: Vec<usize> = (0..k).collect();
    for i in (1..k).rev() {
        order.swap(i, draw(i + 1));
    }
    let start = (0..k)
        .map(|j| if up[j] { low[j] } else { low[j] + jump })
        .collect();
    let moves = order
        .iter()
        .map(|&j| (j, if up[j] { 1 } else { -1 }))
        .collect();
    (start, moves)
}

/// The unit-cube point of step `s` (0..=k) of trajectory `t`.
pub fn point(seed: u64, k: usize, levels: usize, t: u64, s: usize) -> Vec<f64> {
    let (mut at, moves) = trajectory(seed, k, levels, t);
    let jump = levels / 2;
    for &(j, dir) in &moves[..s] {
        at[j] = if dir > 0 { at[j] + jump } else { at[j] - jump };
    }
    at.iter()
        .map(|&l| (l as f64 + 0.5) / levels as f64)
        .collect()
}

/// The unit-cube step of one move: `jump` levels.
pub fn delta(levels: usize) -> f64 {
    (levels / 2) as f64 / levels as f64
}

/// One parameter's screening measures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Effects {
    /// Parameter name.
    pub parameter: String,
    /// Mean elementary effect.
    pub mu: f64,
    /// Mean absolute elementary effect (the ranking).
    pub mu_star: f64,
    /// Standard deviation of the elementary effects (0 with fewer than two).
    pub sigma: f64,
    /// Elementary effects behind these (trajectories whose two runs both have a value).
    pub effects: u64,
}

/// Morris measures of output `f` (by run id; NaN where a run has no value)
/// for `names.len()` parameters over `r` trajectories.
pub fn effects(
    seed: u64,
    names: &[String],
    levels: usize,
    r: u64,
    f: &dyn Fn(u64) -> f64,
) -> Vec<Effects> {
    let k = names.len();
    let mut ee: Vec<Vec<f64>> = vec![Vec::new(); k];
    let d = delta(levels);
    for t in 0..r {
        let (_, moves) = trajectory(seed, k, levels, t);
        let base = t * (k as u64 + 1);
        for (s, &(j, dir)) in moves.iter().enumerate() {
            let (a, b) = (f(base + s as u64), f(base + s as u64 + 1));
            if a.is_finite() && b.is_finite() {
                ee[j].push((b - a) / (d * dir as f64));
            }
        }
    }
    names
        .iter()
        .zip(&ee)
        .map(|(name, e)| measures(name, e))
        .collect()
}

fn measures(name: &str, e: &[f64]) -> Effects {
    let n = e.len() as f64;
    let mean = |x: &dyn Fn(f64) -> f64| e.iter().map(|&v| x(v)).sum::<f64>() / n.max(1.0);
    let mu = mean(&|v| v);
    let sigma = if e.len() > 1 {
        (e.iter().map(|v| (v - mu).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
    } else {
        0.0
    };
    Effects {
        parameter: name.to_string(),
        mu,
        mu_star: mean(&|v| v.abs()),
        sigma,
        effects: e.len() as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the design on a plain function of the unit cube.
    fn screen(f: impl Fn(&[f64]) -> f64, k: usize, levels: usize, r: u64) -> Vec<Effects> {
        let names: Vec<String> = (0..k).map(|j| format!("x{j}")).collect();
        let y = |run: u64| {
            let (t, s) = (run / (k as u64 + 1), (run % (k as u64 + 1)) as usize);
            f(&point(9, k, levels, t, s))
        };
        effects(9, &names, levels, r, &y)
    }

    #[test]
    fn trajectories_move_each_parameter_once_by_one_jump() {
        let (k, p) = (5, 6);
        for t in 0..20 {
            let pts: Vec<Vec<f64>> = (0..=k).map(|s| point(3, k, p, t, s)).collect();
            let mut moved = vec![0; k];
            for w in pts.windows(2) {
                let diff: Vec<usize> = (0..k).filter(|&j| w[0][j] != w[1][j]).collect();
                assert_eq!(diff.len(), 1);
                assert!(((w[1][diff[0]] - w[0][diff[0]]).abs() - delta(p)).abs() < 1e-12);
                moved[diff[0]] += 1;
            }
            assert_eq!(moved, vec![1; k]);
            assert!(pts.iter().flatten().all(|&u| u > 0.0 && u < 1.0));
        }
    }

    #[test]
    fn mu_star_ranks_match_a_linear_model_s_coefficients() {
        // y = sum c_j x_j: every elementary effect of x_j is exactly c_j.
        let c = [4.0, -0.5, 2.0, 0.0, -3.0, 1.0];
        let e = screen(|x| x.iter().zip(&c).map(|(a, b)| a * b).sum(), 6, 4, 30);
        for (j, m) in e.iter().enumerate() {
            assert!((m.mu_star - c[j].abs()).abs() < 1e-9, "{m:?}");
            assert!((m.mu - c[j]).abs() < 1e-9 && m.sigma < 1e-9);
            assert_eq!(m.effects, 30);
        }
    }

    #[test]
    fn sigma_flags_interactions_and_mu_star_ranks_them() {
        // y = 5 x0 + x1 x2 (+ nothing from x3): analytic ranking x0 > x1 = x2 > x3;
        // x1 and x2 interact, so their effects vary (sigma > 0), x0's do not.
        let e = screen(|x| 5.0 * x[0] + x[1] * x[2], 4, 4, 200);
        assert!(e[0].mu_star > e[1].mu_star && e[0].mu_star > e[2].mu_star);
        assert!(e[1].mu_star > 0.1 && e[2].mu_star > 0.1 && e[3].mu_star == 0.0);
        assert!(e[0].sigma < 1e-9 && e[1].sigma > 0.1 && e[2].sigma > 0.1);
    }
}
