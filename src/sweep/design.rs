//! Designs: which point of the unit cube each run evaluates.
//!
//! Every design is random access: the point of run `r` is computed from
//! `(master seed, r)` alone, never from a shared generator, so results do not
//! depend on thread count, chunking, resumption or machine. Random numbers come
//! from ChaCha8 keyed by the master seed and a purpose tag, with the run id as
//! the stream. The Latin hypercube's strata come from keyed permutations
//! computed on the fly (a small Feistel network), so no design is held in memory.
//!
//! A Monte Carlo or Latin hypercube design may carry rank correlations
//! ([`Correlated`]): then the correlated parameters' columns are reordered once
//! per sweep by Iman and Conover's method ([`super::iman_conover`]), and run
//! `r`'s coordinate of such a parameter is the independent design's coordinate
//! of the run the reordering assigns to `r`: still a function of the seed and
//! the run id alone. The reordered columns are held in memory (8 bytes per run
//! and correlated parameter, bounded by
//! [`super::correlation::MAX_CORRELATED_VALUES`]).

use std::sync::{Arc, OnceLock};

use super::iman_conover::Correlation;
use super::iman_conover::{normal_score_target, reorder};
use super::streams::{stream, unit, Purpose};
use rand_chacha::rand_core::Rng;

/// The kind of design.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DesignKind {
    /// Every combination of the parameters' values (cartesian product).
    Grid,
    /// Independent draws.
    MonteCarlo,
    /// Latin hypercube: each parameter's range cut into `runs` strata, each used once.
    Lhs,
    /// Saltelli's scheme on a scrambled Sobol sequence, for Sobol indices.
    Saltelli,
    /// Morris trajectories, for elementary-effect screening ([`super::morris`]).
    Morris,
}

impl DesignKind {
    /// Its name in sweep files and outputs.
    pub fn name(self) -> &'static str {
        match self {
            DesignKind::Grid => "grid",
            DesignKind::MonteCarlo => "montecarlo",
            DesignKind::Lhs => "lhs",
            DesignKind::Saltelli => "saltelli",
            DesignKind::Morris => "morris",
        }
    }

    /// All kinds, for messages.
    pub const NAMES: &'static [&'static str] = &["grid", "montecarlo", "lhs", "saltelli", "morris"];

    /// The kind with this name.
    pub fn from_name(s: &str) -> Option<DesignKind> {
        [
            DesignKind::Grid,
            DesignKind::MonteCarlo,
            DesignKind::Lhs,
            DesignKind::Saltelli,
            DesignKind::Morris,
        ]
        .into_iter()
        .find(|k| k.name() == s)
    }
}

/// Largest Saltelli base sample (the Sobol generator's sequence length).
pub const SALTELLI_MAX_BASE: u64 = 1 << 16;
/// Most parameters a Saltelli design takes (two Sobol dimensions each).
pub const SALTELLI_MAX_PARAMS: usize = 128;

/// A design laid over `k` parameters.
#[derive(Clone, Debug)]
pub struct Design {
    /// The kind.
    pub kind: DesignKind,
    /// Master seed.
    pub seed: u64,
    /// Sample count: runs (Monte Carlo, LHS), base samples (Saltelli) or trajectories (Morris); unused by grids.
    pub samples: u64,
    /// Number of values of each parameter (grids only).
    pub counts: Vec<usize>,
    /// Number of parameters.
    pub k: usize,
    /// Grid levels per parameter (Morris only).
    pub levels: usize,
    lhs_keys: Vec<[u64; 4]>,
    sobol_seed: u32,
    /// Rank correlations between some parameters (Monte Carlo and LHS only).
    pub correlated: Option<Arc<Correlated>>,
}

/// Rank correlations laid over a design, and the reordering that induces them
/// (computed on first use, serially, from the seed and the run count).
pub struct Correlated {
    /// The parameters and the Spearman matrix asked for.
    pub request: Correlation,
    coordinates: OnceLock<Vec<Vec<f64>>>,
    pub(crate) achieved: OnceLock<Vec<Vec<f64>>>,
}

impl std::fmt::Debug for Correlated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Correlated")
            .field("request", &self.request)
            .finish_non_exhaustive()
    }
}

impl Correlated {
    /// For each correlated parameter, its coordinate in every run: the
    /// independent design's column, reordered.
    fn coordinates(&self, d: &Design) -> &[Vec<f64>] {
        self.coordinates.get_or_init(|| {
            let n = d.runs();
            let params = &self.request.params;
            let mut base = (0..params.len())
                .map(|_| Vec::with_capacity(n as usize))
                .collect::<Vec<Vec<f64>>>();
            for r in 0..n {
                let p = d.independent_point(r);
                for (col, &j) in base.iter_mut().zip(params) {
                    col.push(p[j]);
                }
            }
            let target = normal_score_target(&self.request.spearman);
            // The target was checked to be positive definite when the sweep was
            // loaded; were it not, the columns would stay as drawn.
            let Some(sources) = reorder(&base, &target, d.seed) else {
                return base;
            };
            base.iter()
                .zip(&sources)
                .map(|(col, src)| src.iter().map(|&s| col[s as usize]).collect())
                .collect()
        })
    }
}

impl Design {
    /// A design; `counts` matter for grids only.
    pub fn new(kind: DesignKind, seed: u64, samples: u64, counts: Vec<usize>) -> Design {
        let k = counts.len();
        let lhs_keys = (0..k)
            .map(|j| {
                let mut r = stream(seed, Purpose::LhsPermutation, j as u64);
                [r.next_u64(), r.next_u64(), r.next_u64(), r.next_u64()]
            })
            .collect();
        let sobol_seed = stream(seed, Purpose::Sobol, 0).next_u32();
        Design {
            kind,
            seed,
            samples,
            counts,
            k,
            levels: super::morris::DEFAULT_LEVELS,
            lhs_keys,
            sobol_seed,
            correlated: None,
        }
    }

    /// This design with rank correlations between some parameters.
    pub fn with_correlation(mut self, request: Correlation) -> Design {
        self.correlated = Some(Arc::new(Correlated {
            request,
            coordinates: OnceLock::new(),
            achieved: OnceLock::new(),
        }));
        self
    }

    /// Total number of runs.
    pub fn runs(&self) -> u64 {
        match self.kind {
            DesignKind::Grid => self.counts.iter().map(|&c| c as u64).product(),
            DesignKind::MonteCarlo | DesignKind::Lhs => self.samples,
            DesignKind::Saltelli => self.samples * (self.k as u64 + 2),
            DesignKind::Morris => self.samples * (self.k as u64 + 1),
        }
    }

    /// The point of run `r` in (0, 1)^k.
    pub fn point(&self, r: u64) -> Vec<f64> {
        let mut p = self.independent_point(r);
        if let Some(c) = &self.correlated {
            for (col, &j) in c.coordinates(self).iter().zip(&c.request.params) {
                p[j] = col[r as usize];
            }
        }
        p
    }

    /// The point of run `r` before any correlation is induced.
    fn independent_point(&self, r: u64) -> Vec<f64> {
        match self.kind {
            DesignKind::Grid => self.grid_point(r),
            DesignKind::MonteCarlo => {
                let mut rng = stream(self.seed, Purpose::Runs, r);
                (0..self.k).map(|_| unit(&mut rng)).collect()
            }
            DesignKind::Lhs => {
                let mut rng = stream(self.seed, Purpose::Runs, r);
                let n = self.samples;
                (0..self.k)
                    .map(|j| (permute(r, n, &self.lhs_keys[j]) as f64 + unit(&mut rng)) / n as f64)
                    .collect()
            }
            DesignKind::Saltelli => self.saltelli_point(r),
            DesignKind::Morris => {
                let g = self.k as u64 + 1;
                super::morris::point(self.seed, self.k, self.levels, r / g, (r % g) as usize)
            }
        }
    }

    /// Grid: mixed radix, the last parameter fastest; each value's cell centre.
    fn grid_point(&self, r: u64) -> Vec<f64> {
        let mut rest = r;
        let mut out = vec![0.0; self.k];
        for j in (0..self.k).rev() {
            let c = self.counts[j] as u64;
            out[j] = ((rest % c) as f64 + 0.5) / c as f64;
            rest /= c;
        }
        out
    }

    /// Saltelli: run `r` is base sample `r / (k+2)` in role `r % (k+2)`:
    /// 0 = row of A, 1 = row of B, 2 + j = A with column j taken from B.
    fn saltelli_point(&self, r: u64) -> Vec<f64> {
        let (i, role) = (r / (self.k as u64 + 2), (r % (self.k as u64 + 2)) as usize);
        let sobol = |d: usize| {
            let x = sobol_burley::sample(i as u32, d as u32, self.sobol_seed) as f64;
            x + 0.5 / (1u64 << 24) as f64 // centre of the f32 cell: strictly inside (0, 1)
        };
        (0..self.k)
            .map(|j| {
                let from_b = role == 1 || role == j + 2;
                sobol(if from_b { self.k + j } else { j })
            })
            .collect()
    }
}

/// A keyed pseudo-random permutation of `0..n` (Feistel network with cycle walking).
pub(crate) fn permute(x: u64, n: u64, key: &[u64; 4]) -> u64 {
    if n <= 1 {
        return 0;
    }
    let bits = (64 - (n - 1).leading_zeros()).max(2);
    let half = bits.div_ceil(2);
    let mask = (1u64 << half) - 1;
    let mut v = x;
    loop {
        let (mut l, mut r) = (v >> half, v & mask);
        for k in key {
            let f = splitmix(r ^ k) & mask;
            (l, r) = (r, l ^ f);
        }
        v = (l << half) | r;
        if v < n {
            return v;
        }
    }
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutations_are_bijections() {
        for n in [1u64, 2, 3, 7, 64, 100, 1000] {
            let key = [1, 2, 3, n];
            let mut seen: Vec<u64> = (0..n).map(|x| permute(x, n, &key)).collect();
            seen.sort();
            assert_eq!(seen, (0..n).collect::<Vec<_>>(), "n = {n}");
        }
    }

    #[test]
    fn points_depend_on_seed_and_run_only() {
        let a = Design::new(DesignKind::MonteCarlo, 7, 10, vec![0; 3]);
        let b = Design::new(DesignKind::MonteCarlo, 7, 10, vec![0; 3]);
        assert_eq!(a.point(5), b.point(5));
        assert_ne!(a.point(5), a.point(6));
        let c = Design::new(DesignKind::MonteCarlo, 8, 10, vec![0; 3]);
        assert_ne!(a.point(5), c.point(5));
    }

    #[test]
    fn unit_draws_stay_inside_the_open_interval() {
        let mut rng = stream(1, Purpose::Runs, 0);
        for _ in 0..10_000 {
            let u = unit(&mut rng);
            assert!(u > 0.0 && u < 1.0);
        }
    }
}
