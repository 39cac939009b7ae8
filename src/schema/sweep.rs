//! The `[sweep]` table, key by key, as the editor schema describes it (see
//! docs/src/sweeps-reference.md). Mirrors `crate::sweep::read`; a test checks the keys agree.

// Fields are read by schemars' derive only.
#![allow(dead_code)]

use schemars::JsonSchema;

/// How runs are drawn.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
pub(super) enum DesignName {
    /// Cartesian product of `values`, `range` and `factors` parameters (no `runs`).
    Grid,
    /// `runs` independent draws (default).
    Montecarlo,
    /// Latin hypercube of `runs` samples.
    Lhs,
    /// Saltelli design for Sobol indices: `runs` x (parameters + 2) runs; `runs` a power of two from 2 to 65536.
    Saltelli,
    /// Morris elementary-effects screening: `runs` trajectories of (parameters + 1) points on `levels` levels; mu, mu* and sigma per parameter in summary.json.
    Morris,
}

/// `[sweep]`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct SweepTable {
    /// Base scenario file, relative to this file (absent when the file sweeps its own scenario).
    scenario: Option<String>,
    /// "grid", "montecarlo" (default), "lhs", "saltelli" or "morris".
    design: Option<DesignName>,
    /// Sample count; for saltelli the base sample count N (at most 10,000,000 runs in all).
    runs: Option<u64>,
    /// Master seed (default 0): the same seed gives the same runs.
    seed: Option<u64>,
    /// Bootstrap resamples for Sobol confidence intervals (saltelli; default 1000).
    bootstrap: Option<u64>,
    /// Grid levels of a Morris design (an even whole number >= 2; default 4).
    #[schemars(range(min = 2))]
    levels: Option<u64>,
    /// `[[sweep.param]]`: the varied parameters.
    param: Option<Vec<Param>>,
    /// `[[sweep.correlation]]`: parameters that move together (Spearman rank correlations; montecarlo and lhs designs only).
    correlation: Option<Vec<Correlation>>,
}

/// One `[[sweep.correlation]]`: parameters of the sweep and either `rho` (every pair) or `matrix` (each pair).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{"required": ["rho"]}, {"required": ["matrix"]}]))]
pub(super) struct Correlation {
    /// The sweep's parameters by their expanded names ("country.US.capacity"); with `rho`, `*` matches within names ("country.*.capacity").
    #[schemars(length(min = 1))]
    params: Vec<String>,
    /// Spearman's rank correlation of every pair of `params`.
    #[schemars(range(min = -1.0, max = 1.0))]
    rho: Option<f64>,
    /// Spearman's rank correlations, one row per name in `params`: symmetric, 1 on the diagonal, entries in [-1, 1].
    matrix: Option<Vec<Vec<f64>>>,
}

/// `range = { from, to, steps }`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct Range {
    /// First value.
    from: f64,
    /// Last value.
    to: f64,
    /// Number of values, both ends included (whole number >= 2).
    #[schemars(range(min = 2))]
    steps: u64,
}

/// `uniform = { min, max }`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct Uniform {
    /// Lower end.
    min: f64,
    /// Upper end (above `min`).
    max: f64,
}

/// `normal = { mean, sd }`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct Normal {
    /// Mean.
    mean: f64,
    /// Standard deviation (> 0).
    sd: f64,
}

/// `triangular = { min, mode, max }`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct Triangular {
    /// Lower end.
    min: f64,
    /// Most likely value (between `min` and `max`).
    mode: f64,
    /// Upper end.
    max: f64,
}

/// `lognormal = { mu, sigma }`: `exp(N(mu, sigma))`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct LogNormal {
    /// Mean of the logarithm.
    mu: f64,
    /// Standard deviation of the logarithm (> 0).
    sigma: f64,
}

/// One `[[sweep.param]]`: a path and exactly one variation.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("oneOf" = [
    {"required": ["values"]}, {"required": ["range"]}, {"required": ["factors"]},
    {"required": ["uniform"]}, {"required": ["normal"]}, {"required": ["triangular"]},
    {"required": ["lognormal"]}, {"required": ["relative"]}
]))]
pub(super) struct Param {
    /// The numbers varied, e.g. "country.JP.capacity"; `*` matches within one part ("country.*.capability.*").
    path: String,
    /// These values, equally likely.
    #[schemars(length(min = 1))]
    values: Option<Vec<f64>>,
    /// Evenly spaced values, both ends included.
    range: Option<Range>,
    /// These multiples of the base value, equally likely.
    #[schemars(length(min = 1))]
    factors: Option<Vec<f64>>,
    /// Uniform on [min, max].
    uniform: Option<Uniform>,
    /// Normal.
    normal: Option<Normal>,
    /// Triangular.
    triangular: Option<Triangular>,
    /// Log-normal.
    lognormal: Option<LogNormal>,
    /// The base value times a factor uniform on [1 - r, 1 + r] (r > 0; 0.2 is plus/minus 20 percent).
    relative: Option<f64>,
    /// true: all numbers the path matches are one parameter (one draw for all).
    shared: Option<bool>,
}
