//! The manifest next to a sweep's outputs: what produced them, and how fast.
//!
//! It names the leadplan version, the hashes of the scenario and the design
//! (so a result can be tied to its inputs and `--resume` can refuse to mix two
//! sweeps), the master seed, the random generator, the thread count and the
//! timing. It is the one output that differs between two runs of the same
//! sweep (threads, wall time); the run files and summaries do not.

use serde::{Deserialize, Serialize};

use super::correlation_record::CorrelationRecord;
use super::design::DesignKind;
use super::digest::RunFiles;
use super::formats::RunsFormats;
use super::spec::Sweep;

/// The manifest, as written to `manifest.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// leadplan's version.
    pub leadplan_version: String,
    /// The sweep file.
    pub sweep_file: String,
    /// The base scenario file.
    pub scenario_file: String,
    /// SHA-256 of the base scenario file.
    pub scenario_hash: String,
    /// SHA-256 of the sweep file, seed and sample count.
    pub design_hash: String,
    /// Design name.
    pub design: String,
    /// Runs in the design.
    pub runs: u64,
    /// Parameter names.
    pub parameters: Vec<String>,
    /// The rank correlations induced between parameters, asked for and
    /// achieved over the whole design (absent: independent parameters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation: Option<CorrelationRecord>,
    /// Master seed.
    pub seed: u64,
    /// How random numbers are made.
    pub generator: String,
    /// Solver choice (`auto`, `microlp`, `highs`).
    pub solver: String,
    /// Per-solve time limit, seconds.
    pub time_limit: Option<f64>,
    /// Worker threads of this session.
    pub threads: usize,
    /// Runs recorded so far.
    pub completed_runs: u64,
    /// Recorded runs that did not end optimal.
    pub failed_runs: u64,
    /// Run id this session started from (0 unless resumed).
    pub started_at_run: u64,
    /// Whether every run is recorded.
    pub finished: bool,
    /// Wall time of this session, seconds.
    pub wall_seconds: f64,
    /// Runs per second in this session.
    pub runs_per_second: f64,
    /// The run files written (`--runs-format`); absent in manifests written
    /// before it existed, which wrote CSV and JSON lines.
    #[serde(default)]
    pub runs_formats: RunsFormats,
    /// Length, run count and per-chunk SHA-256 of each run file as written
    /// ([`super::digest`]); absent in manifests of versions before it, whose
    /// run files cannot be verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_files: Option<RunFiles>,
    /// The shard this folder holds (absent for a whole sweep).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<ShardInfo>,
}

/// The generator's description for a design.
pub fn generator(kind: DesignKind) -> String {
    let chacha = "ChaCha8 (rand_chacha 0.10) keyed by (master seed, purpose), stream = run id";
    match kind {
        DesignKind::Grid => "none (grid)".into(),
        DesignKind::MonteCarlo => chacha.into(),
        DesignKind::Lhs => format!("{chacha}; strata by keyed Feistel permutations"),
        DesignKind::Morris => format!("{chacha} / (parameters + 1): one Morris trajectory per stream"),
        DesignKind::Saltelli => "Owen-scrambled Sobol sequence (sobol_burley 0.5), scramble seed from ChaCha8(master seed); bootstrap by ChaCha8".into(),
    }
}

impl Manifest {
    /// A fresh manifest for `sweep`.
    pub fn new(
        sweep: &Sweep,
        solver: &str,
        time_limit: Option<f64>,
        threads: usize,
        start: u64,
    ) -> Manifest {
        Manifest {
            leadplan_version: env!("CARGO_PKG_VERSION").into(),
            sweep_file: sweep.file.display().to_string(),
            scenario_file: sweep.scenario_file.display().to_string(),
            scenario_hash: sweep.scenario_hash.clone(),
            design_hash: sweep.design_hash.clone(),
            design: sweep.design.kind.name().into(),
            runs: sweep.design.runs(),
            parameters: sweep.params.iter().map(|p| p.name.clone()).collect(),
            correlation: super::correlation_record::record(sweep),
            seed: sweep.design.seed,
            generator: generator(sweep.design.kind),
            solver: solver.into(),
            time_limit,
            threads,
            completed_runs: start,
            failed_runs: 0,
            started_at_run: start,
            finished: false,
            wall_seconds: 0.0,
            runs_per_second: 0.0,
            runs_formats: RunsFormats::default(),
            run_files: None,
            shard: None,
        }
    }

    /// Why an earlier manifest in the output folder belongs to another sweep, if it does.
    pub fn mismatch(&self, earlier: &Manifest) -> Option<String> {
        let checks = [
            ("scenario hash", &self.scenario_hash, &earlier.scenario_hash),
            ("design hash", &self.design_hash, &earlier.design_hash),
            ("solver", &self.solver, &earlier.solver),
        ];
        for (what, now, then) in checks {
            if now != then {
                return Some(format!("its {what} was {then}, now {now}"));
            }
        }
        if self.runs_formats != earlier.runs_formats {
            return Some(format!(
                "it wrote --runs-format {}, now {} (give the same --runs-format flags to resume)",
                earlier.runs_formats.describe(),
                self.runs_formats.describe()
            ));
        }
        let block = |s: &Option<ShardInfo>| s.as_ref().map(ShardInfo::runs);
        if block(&self.shard) != block(&earlier.shard) {
            let name = |s: &Option<ShardInfo>| {
                s.as_ref()
                    .map_or("the whole sweep".into(), |s| s.to_string())
            };
            return Some(format!(
                "it holds {}, now {}",
                name(&earlier.shard),
                name(&self.shard)
            ));
        }
        (self.time_limit != earlier.time_limit).then(|| {
            format!(
                "its time limit was {:?}, now {:?}",
                earlier.time_limit, self.time_limit
            )
        })
    }
}

/// The shard a folder holds, as written in its manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardInfo {
    /// Shard number, 1-based.
    pub index: u64,
    /// Shard count.
    pub count: u64,
    /// First run id of the shard.
    pub first_run: u64,
    /// One past its last run id.
    pub end_run: u64,
    /// `--runs` as given to the shard (absent: the sweep file's sample count).
    pub samples: Option<u64>,
}

impl ShardInfo {
    /// Its run ids.
    pub fn runs(&self) -> std::ops::Range<u64> {
        self.first_run..self.end_run
    }
}
