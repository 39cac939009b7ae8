//! The sweep's JSON files as written (`manifest.json`, `summary.json`, `runs.jsonl`), before any check.
//!
//! A serde mirror of the documented format (docs/src/sweeps-reference.md), keyed by ids.
//! Unknown fields are allowed (newer versions may add some); missing ones are
//! errors. [`super::convert`] is the only road from here to the checked types.

use serde::Deserialize;
use serde_json::{Map, Value};

/// `manifest.json`: the fields charts and reports use.
#[derive(Debug, Deserialize)]
pub struct Manifest {
    pub scenario_file: String,
    pub scenario_hash: String,
    pub design: String,
    pub runs: u64,
    pub parameters: Vec<String>,
    pub seed: u64,
    pub completed_runs: u64,
    pub finished: bool,
    /// The run files written; absent before `--runs-format` (CSV and JSON lines).
    #[serde(default)]
    pub runs_formats: crate::sweep::RunsFormats,
    /// The run files' digests; absent before they were recorded.
    #[serde(default)]
    pub run_files: Option<crate::sweep::digest::RunFiles>,
}

/// A quantity's distribution over runs: the type the sweep writes.
pub use crate::sweep::summary::Distribution;

#[derive(Debug, Deserialize)]
pub struct Baseline {
    pub objective: f64,
    pub leads: Map<String, Value>,
}

#[derive(Debug, Deserialize)]
pub struct Regret {
    pub baseline_feasible: u64,
    pub baseline_infeasible: u64,
    pub positive: u64,
    pub regret: Option<Distribution>,
}

#[derive(Debug, Deserialize)]
pub struct TaskSummary {
    pub task: String,
    pub baseline_leads: Vec<String>,
    pub stability: Option<f64>,
    pub lead_frequency: Map<String, Value>,
}

#[derive(Debug, Deserialize)]
pub struct ScreenRow {
    pub parameter: String,
    pub rho_objective: Option<f64>,
    pub rho_survival: Option<f64>,
}

#[derive(Debug, Deserialize)]
pub struct Screening {
    pub runs_used: u64,
    pub parameters: Vec<ScreenRow>,
}

#[derive(Debug, Deserialize)]
pub struct SobolRow {
    pub parameter: String,
    pub s1: f64,
    pub s1_ci: [f64; 2],
    pub st: f64,
    pub st_ci: [f64; 2],
}

#[derive(Debug, Deserialize)]
pub struct Sobol {
    pub samples_used: u64,
    pub bootstrap: u64,
    pub objective: Option<Vec<SobolRow>>,
    pub plan_survival: Option<Vec<SobolRow>>,
}

/// `summary.json`.
#[derive(Debug, Deserialize)]
pub struct Summary {
    pub design: String,
    pub runs: u64,
    pub parameters: Vec<String>,
    /// Correlated sweeps only.
    #[serde(default)]
    pub correlation: Option<crate::sweep::correlation_record::CorrelationRecord>,
    pub status: Map<String, Value>,
    pub failed: u64,
    pub baseline: Option<Baseline>,
    pub objective: Option<Distribution>,
    pub regret: Option<Regret>,
    pub plan_survival: Option<f64>,
    pub tasks: Vec<TaskSummary>,
    pub screening: Screening,
    pub sobol: Option<Sobol>,
    /// Morris designs only.
    #[serde(default)]
    pub morris: Option<crate::sweep::summary::Morris>,
}

/// One line of `runs.jsonl`.
#[derive(Debug, Deserialize)]
pub struct Run {
    pub run: u64,
    pub status: String,
    pub objective: Option<f64>,
    pub baseline_feasible: Option<bool>,
    pub regret: Option<f64>,
    pub values: Map<String, Value>,
    pub leads: Option<Map<String, Value>>,
    #[serde(default)]
    pub blame: Option<String>,
}
