//! The parallel engine: runs in chunks on a rayon pool, results streamed in run order.
//!
//! Each chunk of runs is computed in parallel (one single-threaded solve per
//! worker at a time) and collected in run order; a writer thread feeds it to the
//! aggregator and appends it to the run files while the pool computes the next
//! chunk. Memory is bounded by a few chunks, not the sweep; a crash loses at
//! most the chunks in flight, and
//! `--resume` truncates the run files to their last complete record and goes on
//! from there.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use super::columnar::write::ParquetSink;
pub(crate) use super::digest::Digests;
use super::digest::{parquet_digest, RunFiles};
use super::formats::{RunsFormat, RunsFormats};
use super::guard::stop_requested;
use super::manifest::Manifest;
use super::record::{csv_header, csv_row, json_row};
use super::resume::recover;
pub(crate) use super::run::Tally;
use super::run::{execute, RunContext, RunRecord};
use super::stats::{Aggregator, BaselinePlan};
use super::summary::Summary;
use super::Sweep;
use crate::error::Error;

use crate::optimize::{decide, lead_variable_count, Attempt};
use crate::output::write_atomic;
use crate::scenario::to_toml;
use crate::solve::{SolveOptions, SolverChoice};

/// How to run a sweep.
#[derive(Clone, Debug)]
pub struct SweepOptions {
    /// Solver options for every solve.
    pub solve: SolveOptions,
    /// Worker threads.
    pub threads: usize,
    /// Continue the sweep already in the output folder.
    pub resume: bool,
    /// Write the scenarios of the first this-many runs to `scenarios/`.
    pub dump_scenarios: u64,
    /// Runs per chunk (0: 256 per thread). Does not change any output.
    pub chunk: usize,
    /// The run files to write.
    pub formats: RunsFormats,
}

/// Told about progress; called from worker threads.
pub trait Progress: Sync {
    /// The sweep starts with `done` of `total` runs already recorded.
    fn start(&self, total: u64, done: u64);
    /// `n` more runs are done.
    fn advance(&self, n: u64);
    /// All runs are done (or the sweep stopped on request).
    fn finish(&self);
    /// The runs left are expected to take about `seconds` of wall time
    /// (from the base scenario's solve time); called once, before `start`.
    fn estimate(&self, _runs_left: u64, _seconds: f64) {}
    /// Something the user should know (called before `start`): a resumed
    /// folder whose run files could not be verified.
    fn note(&self, _text: &str) {}
}

/// A finished sweep.
#[derive(Clone, Debug)]
pub struct Finished {
    /// What the runs say.
    pub summary: Summary,
    /// The manifest as written.
    pub manifest: Manifest,
    /// Notes for the user (a folder of an older version whose run files
    /// could not be verified).
    pub notes: Vec<String>,
}

/// Names of the files a sweep writes in its output folder.
pub use super::files;

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::Io {
        path: path.display().to_string(),
        source: e,
    }
}

/// Every solver choice with the name manifests record it under: the one table
/// both [`solver_name`] (writing) and [`solver_from_name`] (merge reading a
/// shard's manifest) use, so they cannot drift apart.
const SOLVER_NAMES: [(SolverChoice, &str); 4] = [
    (SolverChoice::Auto, "auto"),
    (SolverChoice::Microlp, "microlp"),
    (SolverChoice::Highs, "highs"),
    (SolverChoice::Bnb, "bnb"),
];

pub(crate) fn solver_name(c: SolverChoice) -> &'static str {
    SOLVER_NAMES
        .iter()
        .find(|(k, _)| *k == c)
        .map_or("auto", |(_, n)| n)
}

/// The solver choice a manifest names, if any.
pub(crate) fn solver_from_name(name: &str) -> Option<SolverChoice> {
    SOLVER_NAMES
        .iter()
        .find(|(_, n)| *n == name)
        .map(|(k, _)| *k)
}

impl Tally for Aggregator {
    fn tally(&mut self, r: &RunRecord) {
        self.add(r);
    }
}

/// A tally that also appends each record to the Parquet file being written
/// (records read back by `--resume` go into the rewritten file). The first
/// write error is kept and returned by [`Tee::done`].
pub(crate) struct Tee<'a, T> {
    pub agg: &'a mut T,
    pub sweep: &'a Sweep,
    pub sink: Option<&'a mut ParquetSink>,
    pub error: Option<Error>,
}

impl<T: Tally> Tally for Tee<'_, T> {
    fn tally(&mut self, r: &RunRecord) {
        self.agg.tally(r);
        if let (Some(s), None) = (&mut self.sink, &self.error) {
            self.error = s.push(self.sweep, r).err();
        }
    }
}

impl<T> Tee<'_, T> {
    /// The first write error, if any.
    pub(crate) fn done(self) -> Result<(), Error> {
        self.error.map_or(Ok(()), Err)
    }
}

/// Solves the base scenario: the plan every run is compared with.
pub(crate) fn baseline(sweep: &Sweep, opts: &SolveOptions) -> Result<Option<BaselinePlan>, Error> {
    Ok(match decide(&sweep.scenario, opts)?.attempt {
        Attempt::Planned(p) => Some(BaselinePlan {
            leads: p.leads,
            objective: p.objective,
        }),
        _ => None,
    })
}

struct Sinks {
    csv: Option<File>,
    jsonl: Option<File>,
    parquet: Option<ParquetSink>,
    timings: File,
}

/// Refuses a path that exists as anything but a regular file: a symbolic link
/// would write outside --out, a FIFO would block.
pub(crate) fn check_not_special(p: &Path) -> Result<(), Error> {
    match std::fs::symlink_metadata(p) {
        Ok(meta) if !meta.file_type().is_file() => Err(Error::Usage(format!(
            "{} is not a regular file (a link, FIFO, device or folder); a sweep writes its run files only as regular files in --out: remove it or choose another --out",
            p.display()
        ))),
        _ => Ok(()),
    }
}

/// Opens the text run files for appending (an empty file gets its header
/// first); `parquet` is the Parquet file already started by [`prepare`].
fn open_sinks(
    out: &Path,
    sweep: &Sweep,
    formats: &RunsFormats,
    parquet: Option<ParquetSink>,
) -> Result<Sinks, Error> {
    let open = |name: &str, header: Option<String>| -> Result<File, Error> {
        let p = out.join(name);
        check_not_special(&p)?;
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&p)
            .map_err(io(&p))?;
        let empty = f.metadata().map_err(io(&p))?.len() == 0;
        if let (true, Some(h)) = (empty, header) {
            f.write_all(h.as_bytes()).map_err(io(&p))?;
        }
        Ok(f)
    };
    let csv = formats.has(RunsFormat::Csv);
    let jsonl = formats.has(RunsFormat::Jsonl);
    Ok(Sinks {
        csv: csv
            .then(|| open(files::RUNS_CSV, Some(csv_header(sweep))))
            .transpose()?,
        jsonl: jsonl.then(|| open(files::RUNS_JSONL, None)).transpose()?,
        parquet,
        timings: open(files::TIMINGS, Some(files::TIMINGS_HEADER.into()))?,
    })
}

pub(crate) fn write_manifest(out: &Path, m: &Manifest) -> Result<(), Error> {
    let mut text = serde_json::to_string_pretty(m).map_err(|e| Error::Usage(e.to_string()))?;
    text.push('\n');
    write_atomic(&out.join(files::MANIFEST), text.as_bytes())
}

/// Runs `sweep`, writing into `out`; returns the summary and manifest.
pub fn run_sweep(
    sweep: &Sweep,
    out: &Path,
    opts: &SweepOptions,
    progress: &dyn Progress,
) -> Result<Finished, Error> {
    let started = Instant::now();
    opts.solve.pick(lead_variable_count(&sweep.scenario))?;
    std::fs::create_dir_all(out).map_err(io(out))?;
    let _lock = super::guard::lock_folder(out)?;
    let threads = opts.threads.max(1);
    let solver = solver_name(opts.solve.solver);
    let mut manifest = Manifest::new(sweep, solver, opts.solve.time_limit, threads, 0);
    manifest.runs_formats = opts.formats.clone();
    let clock = Instant::now();
    let base = baseline(sweep, &opts.solve)?;
    let per_run = clock.elapsed().as_secs_f64();
    let mut agg = Aggregator::new(sweep, base.clone());
    let total = sweep.design.runs();
    let todo = prepare(sweep, out, opts.resume, &manifest, 0..total, &mut agg)?;
    let notes: Vec<String> = todo.note.iter().cloned().collect();
    notes.iter().for_each(|n| progress.note(n));
    let start = todo.runs.start;
    manifest.started_at_run = start;
    manifest.completed_runs = start;
    manifest.run_files = Some(todo.digests.snapshot());
    write_manifest(out, &manifest)?;
    let left = sweep.design.runs() - start;
    progress.estimate(left, per_run * left as f64 / threads as f64);
    let ctx = RunContext::new(sweep, opts.solve.clone(), base.map(|b| b.leads));
    let (agg, digests) = run_chunks(&ctx, out, opts, todo, manifest.clone(), agg, progress)?;
    manifest.run_files = Some(digests);
    let summary = agg.summary(sweep);
    write_summaries(out, &summary)?;
    let wall = started.elapsed().as_secs_f64();
    manifest.completed_runs = total;
    manifest.failed_runs = summary.failed;
    manifest.finished = true;
    manifest.wall_seconds = wall;
    manifest.runs_per_second = if wall > 0.0 {
        (total - start) as f64 / wall
    } else {
        0.0
    };
    write_manifest(out, &manifest)?;
    Ok(Finished {
        summary,
        manifest,
        notes,
    })
}

/// Runs `todo` (the runs not yet recorded, up to the end of the whole sweep or
/// of the shard) in chunks on the pool. A writer thread tallies and appends
/// chunk k (in run order) while the pool computes chunk k + 1; at most two
/// chunks are in memory. After each chunk the manifest counts the runs written
/// and records the digests of the run files. On a stop request, the runs
/// finished in order are written and the sweep returns [`Error::Interrupted`].
/// Returns the tally and the digests of the run files as closed.
pub(crate) fn run_chunks<T: Tally>(
    ctx: &RunContext,
    out: &Path,
    opts: &SweepOptions,
    todo: Todo,
    mut manifest: Manifest,
    mut agg: T,
    progress: &dyn Progress,
) -> Result<(T, RunFiles), Error> {
    let (start, total) = (todo.runs.start, todo.runs.end);
    let done = manifest.completed_runs;
    let threads = opts.threads.max(1);
    if opts.dump_scenarios > 0 {
        let dir = out.join(files::SCENARIOS);
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    }
    let mut sinks = open_sinks(out, ctx.sweep, &opts.formats, todo.parquet)?;
    let mut digests = todo.digests;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))?;
    let chunk = if opts.chunk > 0 {
        opts.chunk
    } else {
        256 * threads
    } as u64;
    progress.start(done + (total - start), done);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Row>>(1);
    type Written<T> = (T, Sinks, u64, Digests, Manifest);
    let (agg, sinks, written, mut digests, mut manifest) = std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<Written<T>, Error> {
            let mut written = 0;
            for rows in rx {
                write_chunk(out, ctx.sweep, &mut sinks, &mut agg, &rows)?;
                for row in &rows {
                    digests.run(&row.csv, &row.json);
                }
                written += rows.len() as u64;
                manifest.completed_runs += rows.len() as u64;
                manifest.run_files = Some(digests.snapshot());
                write_manifest(out, &manifest)?;
            }
            Ok((agg, sinks, written, digests, manifest))
        });
        let mut next = start;
        while next < total && !stop_requested() {
            let end = (next + chunk).min(total);
            let rows = compute_chunk(&pool, ctx, next..end, (out, opts), progress);
            let n = rows.len() as u64;
            if tx.send(rows).is_err() {
                break; // the writer stopped on an error, returned by join below
            }
            next += n;
        }
        drop(tx);
        writer
            .join()
            .unwrap_or_else(|_| Err(Error::Usage("the sweep's writer thread panicked".into())))
    })?;
    progress.finish();
    for f in [&sinks.csv, &sinks.jsonl].into_iter().flatten() {
        f.sync_data().map_err(io(out))?;
    }
    if let Some(p) = sinks.parquet {
        let rows = p.finish()?; // also on a stop: runs.parquet holds the runs written
        digests.parquet = Some(parquet_digest(&out.join(files::RUNS_PARQUET), rows)?);
        manifest.run_files = Some(digests.snapshot());
        write_manifest(out, &manifest)?;
    }
    if start + written < total {
        return Err(Error::Interrupted {
            completed: done + written,
            total: done + (total - start),
        });
    }
    Ok((agg, digests.snapshot()))
}

/// Runs `range` on the pool; rows come back in run order. After a stop
/// request, runs not yet started are skipped and only the rows before the first
/// skipped one are returned.
fn compute_chunk(
    pool: &rayon::ThreadPool,
    ctx: &RunContext,
    range: std::ops::Range<u64>,
    (out, opts): (&Path, &SweepOptions),
    progress: &dyn Progress,
) -> Vec<Row> {
    pool.install(|| {
        (range.start as usize..range.end as usize)
            .into_par_iter()
            .map(|r| {
                if stop_requested() {
                    return None;
                }
                let row = make_row(ctx, r as u64, out, opts);
                progress.advance(1);
                Some(row)
            })
            .collect::<Vec<Option<Row>>>()
            .into_iter()
            .map_while(|row| row)
            .collect()
    })
}

/// The runs still to do, and the Parquet file started for them.
pub(crate) struct Todo {
    /// Run ids not yet recorded.
    pub runs: std::ops::Range<u64>,
    /// `runs.parquet.partial`, holding the recorded runs, when Parquet is written.
    pub parquet: Option<ParquetSink>,
    /// The digests of the run files as recovered.
    pub digests: Digests,
    /// A note for the user: the recovered run files could not be verified.
    pub note: Option<String>,
}

/// Checks the output folder; on resume, recovers the recorded runs of `runs`
/// into `agg` (and into the Parquet file, which is rewritten).
pub(crate) fn prepare(
    sweep: &Sweep,
    out: &Path,
    resume: bool,
    manifest: &Manifest,
    runs: std::ops::Range<u64>,
    agg: &mut impl Tally,
) -> Result<Todo, Error> {
    let existing = [files::RUNS_JSONL, files::RUNS_PARQUET, files::MANIFEST]
        .iter()
        .any(|f| out.join(f).exists());
    if !resume && existing {
        return Err(Error::Usage(format!(
            "{} already holds a sweep's output; pass --resume to continue it, or choose another --out",
            out.display()
        )));
    }
    let mut parquet = match manifest.runs_formats.has(RunsFormat::Parquet) {
        true => Some(ParquetSink::create(out, sweep)?),
        false => None,
    };
    let mut digests = Digests::new(sweep, &manifest.runs_formats, &runs);
    let (start, note) = if existing {
        let mut tee = Tee {
            agg,
            sweep,
            sink: parquet.as_mut(),
            error: None,
        };
        let start = recover(sweep, out, manifest, runs.clone(), &mut tee, &mut digests);
        let start = start.and_then(|s| tee.done().map(|()| s));
        if start.is_err() && parquet.take().is_some() {
            // Refused: leave the folder as it was (no stray partial file).
            let _ = std::fs::remove_file(out.join(files::RUNS_PARQUET_PARTIAL));
        }
        start?
    } else {
        (runs.start, None)
    };
    Ok(Todo {
        runs: start..runs.end,
        parquet,
        digests,
        note,
    })
}

/// One run's outputs, formatted in the worker.
struct Row {
    record: RunRecord,
    csv: String,
    json: String,
}

fn make_row(ctx: &RunContext, r: u64, out: &Path, opts: &SweepOptions) -> Row {
    let (record, scenario) = execute(ctx, r);
    if let (true, Some(s)) = (r < opts.dump_scenarios, scenario) {
        let text = to_toml(
            &s,
            &format!(
                "run {r} of sweep {} (seed {})",
                ctx.sweep.file.display(),
                ctx.sweep.design.seed
            ),
        );
        let path: PathBuf = out.join(files::SCENARIOS).join(format!("run-{r:06}.toml"));
        // A failed dump must not fail the run; it shows as a missing file.
        let _ = write_atomic(&path, text.as_bytes());
    }
    // A chunk holds its rows until written: keep them at their length, and
    // make only the text of the files written.
    let text = |on: bool, f: fn(&Sweep, &RunRecord) -> String| {
        let mut t = if on {
            f(ctx.sweep, &record)
        } else {
            String::new()
        };
        t.shrink_to_fit();
        t
    };
    let csv = text(opts.formats.has(RunsFormat::Csv), csv_row);
    let json = text(opts.formats.has(RunsFormat::Jsonl), json_row);
    Row { csv, json, record }
}

fn write_chunk(
    out: &Path,
    sweep: &Sweep,
    sinks: &mut Sinks,
    agg: &mut impl Tally,
    rows: &[Row],
) -> Result<(), Error> {
    let (mut csv, mut json, mut times) = (String::new(), String::new(), String::new());
    for row in rows {
        agg.tally(&row.record);
        csv.push_str(&row.csv);
        json.push_str(&row.json);
        times.push_str(&format!("{},{:.9}\n", row.record.run, row.record.seconds));
        if let Some(p) = &mut sinks.parquet {
            p.push(sweep, &row.record)?;
        }
    }
    let text = [
        (&mut sinks.jsonl, json, files::RUNS_JSONL),
        (&mut sinks.csv, csv, files::RUNS_CSV),
    ];
    for (sink, text, name) in text {
        if let Some(f) = sink {
            f.write_all(text.as_bytes()).map_err(io(&out.join(name)))?;
        }
    }
    sinks
        .timings
        .write_all(times.as_bytes())
        .map_err(io(&out.join(files::TIMINGS)))?;
    Ok(())
}

pub(crate) fn write_summaries(out: &Path, summary: &Summary) -> Result<(), Error> {
    write_atomic(
        &out.join(files::SUMMARY_JSON),
        super::render::json(summary).as_bytes(),
    )?;
    write_atomic(
        &out.join(files::SUMMARY_MD),
        super::render::markdown(summary).as_bytes(),
    )
}
