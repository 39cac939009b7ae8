//! A sweep's results read back from its output folder, checked against the scenario.
//!
//! `leadplan sweep --out DIR` leaves `manifest.json`, `summary.json` and
//! `runs.jsonl` or `runs.parquet` (docs/src/sweeps-reference.md; JSON lines are read when
//! the sweep wrote them). Charts and reports read them here, and only
//! after checking that they belong to the scenario at hand (the manifest's hash
//! of the scenario file, then the same tasks and countries) and that nothing is
//! cut short: a stale or truncated folder is a clear error, never a chart that
//! quietly shows another scenario's numbers. Every run file, whichever is
//! read, is checked against the digests in the manifest
//! ([`crate::sweep::digest`]), so a file edited by hand is refused. Countries and tasks become indices
//! into the scenario, so every chart colours and orders them the same way.

mod columns;
mod convert;
mod csv_runs;
mod csv_scan;
pub mod plans;
mod ranges;
mod raw;
mod runs;

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::scenario::Scenario;

pub use crate::sweep::morris::Effects as MorrisEffects;
pub use crate::sweep::summary::Morris;
pub use convert::file_hash;
pub use plans::{frontier, plan_points, Against, Frontier, PlanPoint};
pub use raw::Distribution;

use crate::sweep::engine::files::{
    MANIFEST, RUNS_CSV, RUNS_JSONL as RUNS, RUNS_PARQUET, SUMMARY_JSON as SUMMARY,
};
use crate::sweep::RunsFormat;

/// How the baseline plan fares in the runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Regret {
    /// Optimal runs in which the baseline leads still meet every constraint.
    pub baseline_feasible: u64,
    /// Optimal runs in which they break one.
    pub baseline_infeasible: u64,
    /// Feasible runs in which the baseline plan scores below the run's optimum.
    pub positive: u64,
    /// Regret over the feasible runs.
    pub regret: Option<Distribution>,
}

/// The base scenario's own optimal plan, which every run is compared with.
#[derive(Clone, Debug, PartialEq)]
pub struct BaselinePlan {
    /// Its objective.
    pub objective: f64,
    /// Lead country indices per task.
    pub leads: Vec<Vec<usize>>,
}

/// One task's robustness.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskRobustness {
    /// Country indices leading it in the baseline plan.
    pub baseline_leads: Vec<usize>,
    /// Share of optimal runs with the same leads (None without optimal runs).
    pub stability: Option<f64>,
    /// Share of optimal runs each country leads it, per country index.
    pub lead_frequency: Vec<f64>,
}

/// Rank correlation of a parameter with the outputs.
#[derive(Clone, Debug, PartialEq)]
pub struct Correlation {
    /// Parameter name.
    pub parameter: String,
    /// Spearman's rho with the objective.
    pub objective: Option<f64>,
    /// Spearman's rho with whole-plan survival.
    pub survival: Option<f64>,
    /// Whether the rho with the objective passes the test of [`crate::sweep::significance`].
    pub objective_significant: bool,
    /// Whether the rho with survival passes it: the parameter drives the plan.
    pub survival_significant: bool,
}

/// One parameter's Sobol indices with 95% intervals.
#[derive(Clone, Debug, PartialEq)]
pub struct SobolIndex {
    /// Parameter name.
    pub parameter: String,
    /// First-order index and its interval.
    pub s1: (f64, [f64; 2]),
    /// Total index and its interval.
    pub st: (f64, [f64; 2]),
}

/// Sobol indices of a Saltelli design.
#[derive(Clone, Debug, PartialEq)]
pub struct Sobol {
    /// Base samples used.
    pub samples_used: u64,
    /// Bootstrap resamples behind the intervals.
    pub bootstrap: u64,
    /// For the objective.
    pub objective: Option<Vec<SobolIndex>>,
    /// For whole-plan survival.
    pub plan_survival: Option<Vec<SobolIndex>>,
}

/// One run.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// Run id.
    pub run: u64,
    /// `optimal`, `infeasible`, ...
    pub status: String,
    /// Objective of the run's optimum.
    pub objective: Option<f64>,
    /// Whether the baseline plan is feasible in the run (None when unknown).
    pub baseline_feasible: Option<bool>,
    /// Run optimum minus the baseline plan's objective.
    pub regret: Option<f64>,
    /// Parameter values, in parameter order (NaN where missing).
    pub values: Vec<f64>,
    /// Lead country indices per task (empty without a plan).
    pub leads: Vec<Vec<usize>>,
    /// Infeasible runs: the constraint families whose lifting alone yields a
    /// plan, joined with `+` (`capacity`, `budget+capacity`, or `several`);
    /// None where not recorded.
    pub blame: Option<String>,
}

/// A sweep's results, checked against a scenario.
#[derive(Clone, Debug)]
pub struct SweepResults {
    /// The folder.
    pub dir: PathBuf,
    /// Design name (`montecarlo`, `saltelli`, ...).
    pub design: String,
    /// Master seed.
    pub seed: u64,
    /// Runs in the design.
    pub runs: u64,
    /// Runs per status, in the file's order.
    pub status: Vec<(String, u64)>,
    /// Runs that did not end optimal.
    pub failed: u64,
    /// Parameter names.
    pub parameters: Vec<String>,
    /// The baseline plan (None when the base scenario has no plan).
    pub baseline: Option<BaselinePlan>,
    /// Objective over optimal runs.
    pub objective: Option<Distribution>,
    /// Regret of the baseline plan.
    pub regret: Option<Regret>,
    /// Share of optimal runs whose whole plan equals the baseline.
    pub plan_survival: Option<f64>,
    /// Per task, in scenario order.
    pub tasks: Vec<TaskRobustness>,
    /// Optimal runs behind the rank correlations.
    pub screened_runs: u64,
    /// Rank correlations, in parameter order.
    pub correlations: Vec<Correlation>,
    /// Sobol indices (Saltelli designs).
    pub sobol: Option<Sobol>,
    /// Morris mu, mu* and sigma per parameter, in parameter order (Morris designs).
    pub morris: Option<Morris>,
    /// The rank correlations the sweep induced between its parameters (absent:
    /// independent parameters).
    pub input_correlation: Option<crate::sweep::correlation_record::CorrelationRecord>,
    /// Every run, in run order.
    pub run_rows: Vec<Run>,
    /// Notes for the reader: run files that could not be verified (a folder
    /// written before the manifest recorded their digests).
    pub notes: Vec<String>,
}

/// The base scenario file named in the manifest of the sweep in `dir`, as
/// it was given to `leadplan sweep` (relative to the folder it ran in).
pub fn scenario_file(dir: &Path) -> Result<PathBuf, Error> {
    let m: raw::Manifest = convert::read_json(&dir.join(MANIFEST), dir)?;
    Ok(PathBuf::from(m.scenario_file))
}

/// Which fields of each [`Run`] a reader needs beyond its id, status,
/// objective, baseline columns and parameter values.
///
/// Asking for less lets [`SweepResults::open_with`] read `runs.csv` column by
/// column (it has no blame column): the fields not asked for are left empty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fields {
    /// Lead country indices per task.
    pub leads: bool,
    /// The constraint family a failed run is blamed on.
    pub blame: bool,
}

impl Fields {
    /// Every field.
    pub const ALL: Fields = Fields {
        leads: true,
        blame: true,
    };
}

impl SweepResults {
    /// Reads the sweep in `dir` and checks it belongs to `scenario`, read from `scenario_file`.
    pub fn open(
        dir: &Path,
        scenario_file: &Path,
        scenario: &Scenario,
    ) -> Result<SweepResults, Error> {
        SweepResults::open_with(dir, scenario_file, scenario, Fields::ALL)
    }

    /// [`SweepResults::open`], filling only `fields` of each run beyond the
    /// ones always read: from `runs.csv` when the sweep wrote it and no blame
    /// is asked for (the fastest to read), else from `runs.jsonl` or
    /// `runs.parquet`. The runs are the same whichever file they come from.
    pub fn open_with(
        dir: &Path,
        scenario_file: &Path,
        scenario: &Scenario,
        fields: Fields,
    ) -> Result<SweepResults, Error> {
        let manifest: raw::Manifest = convert::read_json(&dir.join(MANIFEST), dir)?;
        convert::check_manifest(&manifest, dir, scenario_file)?;
        let summary: raw::Summary = convert::read_json(&dir.join(SUMMARY), dir)?;
        let mut out = convert::summary(summary, &manifest, dir, scenario)?;
        let csv = !fields.blame && manifest.runs_formats.has(RunsFormat::Csv);
        out.run_rows = match manifest.runs_formats.source() {
            _ if csv => csv_runs::read(&dir.join(RUNS_CSV), &manifest, scenario, fields.leads)?,
            RunsFormat::Jsonl => runs::read(&dir.join(RUNS), &manifest, scenario)?,
            _ => columns::read(&dir.join(RUNS_PARQUET), &manifest, scenario)?,
        };
        // After the reader, whose messages name the line of a damaged
        // record: every run file, read or not, must be what the sweep wrote.
        let note = crate::sweep::digest::verify_folder(
            dir,
            manifest.run_files.as_ref(),
            &manifest.runs_formats,
            manifest.completed_runs,
        )?;
        out.notes.extend(note);
        Ok(out)
    }

    /// A sweep run in memory (the what-if page runs small ones): its summary
    /// and its runs, as `summary.json` and `runs.jsonl` would hold them, read
    /// by the same conversions as a folder, so what is computed on them (a
    /// `discover` box) is what the folder `leadplan sweep --out` writes gives.
    pub fn in_memory(
        sweep: &crate::sweep::Sweep,
        summary: &crate::sweep::summary::Summary,
        records: &[crate::sweep::RunRecord],
    ) -> Result<SweepResults, Error> {
        let text = crate::sweep::render::json(summary);
        let sum: raw::Summary =
            serde_json::from_str(&text).map_err(|e| Error::Usage(e.to_string()))?;
        let manifest = raw::Manifest {
            scenario_file: sweep.scenario_file.display().to_string(),
            scenario_hash: sweep.scenario_hash.clone(),
            design: sum.design.clone(),
            runs: sum.runs,
            parameters: sum.parameters.clone(),
            seed: sweep.design.seed,
            completed_runs: records.len() as u64,
            finished: true,
            runs_formats: Default::default(),
            run_files: None,
        };
        let s = &sweep.scenario;
        let mut out = convert::summary(sum, &manifest, Path::new(""), s)?;
        let file = Path::new(RUNS);
        out.run_rows = records
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let line = crate::sweep::record::json_row(sweep, r);
                runs::parse(line.trim_end(), file, k + 1, &manifest, s)
            })
            .collect::<Result<_, _>>()?;
        Ok(out)
    }

    /// Parameter names.
    pub fn parameters(&self) -> &[String] {
        &self.parameters
    }

    /// The runs that ended optimal.
    pub fn optimal_runs(&self) -> impl Iterator<Item = &Run> {
        self.run_rows.iter().filter(|r| r.status == "optimal")
    }
}
