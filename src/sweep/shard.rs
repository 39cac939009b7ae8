//! Shards: one sweep split into blocks of run ids, each run by its own process
//! (a Slurm array task, a GNU parallel job, any batch system), merged after.
//!
//! Shard `I/N` (1-based) of a sweep of `R` runs holds the run ids
//! `floor((I-1)·R/N) .. floor(I·R/N)` (end exclusive): contiguous blocks whose
//! sizes differ by at most one, a function of `I`, `N` and `R` only, never of
//! thread counts. A run's result depends on (seed, run id) only, so it does not
//! depend on which shard ran it. A shard folder holds `runs.csv`, `runs.jsonl`,
//! `timings.csv` and a manifest naming its shard and run range; it has no
//! summary (that needs every run): [`super::merge`] writes it.

use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::str::FromStr;
use std::time::Instant;

use super::engine::{
    baseline, prepare, run_chunks, solver_name, write_manifest, Progress, SweepOptions, Tally,
};
use super::manifest::Manifest;
use super::run::{RunContext, RunRecord, Status};
use super::sizing::MAX_RUNS;
use super::Sweep;
use crate::error::Error;
use crate::optimize::lead_variable_count;

/// Shard `index` of `count` (1-based): `--shard 2/4`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    index: u64,
    count: u64,
}

impl Shard {
    /// Shard `index` of `count`; `1 <= index <= count <= MAX_RUNS`.
    pub fn new(index: u64, count: u64) -> Result<Shard, String> {
        if count == 0 {
            return Err("the shard count must be at least 1".into());
        }
        if count > MAX_RUNS {
            return Err(format!(
                "{count} shards are more than a sweep can have runs ({MAX_RUNS}); use fewer shards"
            ));
        }
        if index == 0 || index > count {
            return Err(format!(
                "shard {index}/{count} does not exist: shards are numbered 1 to {count}"
            ));
        }
        Ok(Shard { index, count })
    }

    /// Its number, 1 to [`Shard::count`].
    pub fn index(self) -> u64 {
        self.index
    }

    /// How many shards the sweep is split into.
    pub fn count(self) -> u64 {
        self.count
    }

    /// Refuses a split of a `total`-run sweep into more shards than runs
    /// (some shards would hold no run).
    pub fn check_runs(self, total: u64) -> Result<(), String> {
        if self.count > total {
            return Err(format!(
                "shard {self}: {} shards are more than the sweep's {total} runs; use at most {total} shards",
                self.count
            ));
        }
        Ok(())
    }

    /// Its run ids in a sweep of `total` runs.
    pub fn runs(self, total: u64) -> Range<u64> {
        let at = |i: u64| (u128::from(i) * u128::from(total) / u128::from(self.count)) as u64;
        at(self.index - 1)..at(self.index)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let hint = || format!("`{s}` is not a shard: write I/N, e.g. 2/4 for the second of four");
        let (i, n) = s.split_once('/').ok_or_else(hint)?;
        let i = i.trim().parse::<u64>().map_err(|_| hint())?;
        let n = n.trim().parse::<u64>().map_err(|_| hint())?;
        Shard::new(i, n)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

pub use super::manifest::ShardInfo;

/// `first-last` (inclusive) for people; `none` when empty.
pub fn describe_runs(r: &Range<u64>) -> String {
    match r.end - r.start {
        0 => "no runs".into(),
        1 => format!("run {}", r.start),
        _ => format!("runs {}-{}", r.start, r.end - 1),
    }
}

impl fmt::Display for ShardInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "shard {}/{} ({})",
            self.index,
            self.count,
            describe_runs(&self.runs())
        )
    }
}

/// A shard's tally: it only counts failures (the summary needs every run).
#[derive(Default)]
struct Failures(u64);

impl Tally for Failures {
    fn tally(&mut self, r: &RunRecord) {
        self.0 += u64::from(r.status != Status::Optimal);
    }
}

/// Runs shard `shard` of `sweep` into `out` (resuming it with `opts.resume`);
/// `samples` is the `--runs` override the sweep was loaded with. Returns the
/// shard's manifest as written.
pub fn run_shard(
    sweep: &Sweep,
    out: &Path,
    opts: &SweepOptions,
    shard: Shard,
    samples: Option<u64>,
    progress: &dyn Progress,
) -> Result<Manifest, Error> {
    let started = Instant::now();
    opts.solve.pick(lead_variable_count(&sweep.scenario))?;
    std::fs::create_dir_all(out).map_err(|e| Error::Io {
        path: out.display().to_string(),
        source: e,
    })?;
    shard
        .check_runs(sweep.design.runs())
        .map_err(Error::Usage)?;
    let _lock = super::guard::lock_folder(out)?;
    let runs = shard.runs(sweep.design.runs());
    let threads = opts.threads.max(1);
    let solver = solver_name(opts.solve.solver);
    let mut manifest = Manifest::new(sweep, solver, opts.solve.time_limit, threads, runs.start);
    manifest.shard = Some(ShardInfo {
        index: shard.index,
        count: shard.count,
        first_run: runs.start,
        end_run: runs.end,
        samples,
    });
    manifest.runs_formats = opts.formats.clone();
    let mut failures = Failures::default();
    let todo = prepare(
        sweep,
        out,
        opts.resume,
        &manifest,
        runs.clone(),
        &mut failures,
    )?;
    if let Some(note) = &todo.note {
        progress.note(note);
    }
    let start = todo.runs.start;
    manifest.started_at_run = start;
    manifest.completed_runs = start - runs.start;
    manifest.run_files = Some(todo.digests.snapshot());
    write_manifest(out, &manifest)?;
    let ctx = RunContext::new(
        sweep,
        opts.solve.clone(),
        baseline(sweep, &opts.solve)?.map(|b| b.leads),
    );
    let (failures, digests) =
        run_chunks(&ctx, out, opts, todo, manifest.clone(), failures, progress)?;
    manifest.run_files = Some(digests);
    let wall = started.elapsed().as_secs_f64();
    manifest.completed_runs = runs.end - runs.start;
    manifest.failed_runs = failures.0;
    manifest.finished = true;
    manifest.wall_seconds = wall;
    manifest.runs_per_second = if wall > 0.0 {
        (runs.end - start) as f64 / wall
    } else {
        0.0
    };
    write_manifest(out, &manifest)?;
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shards_parse_as_i_of_n_counted_from_one() {
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
        assert!("0/4"
            .parse::<Shard>()
            .unwrap_err()
            .contains("numbered 1 to 4"));
        assert!("5/4"
            .parse::<Shard>()
            .unwrap_err()
            .contains("numbered 1 to 4"));
        assert!("1/0".parse::<Shard>().unwrap_err().contains("at least 1"));
        assert!("1/1000000000000"
            .parse::<Shard>()
            .unwrap_err()
            .contains("more than a sweep can have runs"));
        assert!(Shard::new(1, 5).unwrap().check_runs(4).is_err());
        assert!(Shard::new(1, 4).unwrap().check_runs(4).is_ok());
        assert!("2-4".parse::<Shard>().unwrap_err().contains("write I/N"));
    }

    #[test]
    fn shards_are_the_documented_contiguous_blocks() {
        let blocks: Vec<_> = (1..=4)
            .map(|i| Shard::new(i, 4).unwrap().runs(10))
            .collect();
        assert_eq!(blocks, vec![0..2, 2..5, 5..7, 7..10]);
        assert_eq!(Shard::new(3, 3).unwrap().runs(u64::MAX).end, u64::MAX);
    }

    proptest! {
        #[test]
        fn shards_partition_the_runs(total in 0u64..5000, count in 1u64..300) {
            let mut next = 0;
            let (mut small, mut large) = (u64::MAX, 0);
            for i in 1..=count {
                let r = Shard::new(i, count).unwrap().runs(total);
                prop_assert_eq!(r.start, next, "shard {} of {} starts where {} ends", i, count, i - 1);
                prop_assert!(r.end >= r.start);
                small = small.min(r.end - r.start);
                large = large.max(r.end - r.start);
                next = r.end;
            }
            prop_assert_eq!(next, total);
            prop_assert!(large - small <= 1, "block sizes {}..{}", small, large);
        }
    }
}
