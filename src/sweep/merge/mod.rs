//! `leadplan merge`: shard folders into exactly the folder one machine would
//! have written.
//!
//! Nothing is written unless every check passes ([`check`]), among them every
//! shard's run files against the digests its manifest records
//! ([`super::digest`]), so merge refuses all that `--resume` refuses. The shards' run
//! files are then streamed in run order: timing rows are copied byte for byte;
//! each record (a JSON line, else a Parquet row) and its run's CSV row are
//! checked as `--resume` checks them (exactly what the sweep writes for that
//! record, [`super::replay`]), copied (Parquet rows are written again, into
//! row groups of the whole sweep), and read back into the sweep's own
//! aggregator, the one a single-machine sweep feeds, in the same order, so the
//! summaries come out as the same bytes. Memory is the aggregator's (the
//! sweep's bound) plus read buffers, whatever the number of shards.

mod check;

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub use check::{read_shard, ShardDir};

use super::columnar::write::ParquetSink;
use super::digest::{parquet_digest, RunFiles};
use super::engine::{
    baseline, files, solver_from_name, write_manifest, write_summaries, Digests, Finished,
};
use super::formats::{RunsFormat, RunsFormats};
use super::guard::{lock_folder, FolderLock};
use super::manifest::Manifest;
use super::record::csv_header;
use super::replay::{Recorded, Refusal};
use super::stats::Aggregator;
use super::{Overrides, Sweep};
use crate::error::Error;
use crate::solve::SolveOptions;

/// Why a merge did not happen.
#[derive(Debug)]
pub enum MergeError {
    /// The shards do not make one whole sweep: every problem, one sentence each.
    Refused(Vec<String>),
    /// Reading or writing failed, or the usage was wrong.
    Failed(Error),
}

impl From<Error> for MergeError {
    fn from(e: Error) -> MergeError {
        MergeError::Failed(e)
    }
}

fn refuse(problems: Vec<String>) -> Result<(), MergeError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(MergeError::Refused(problems))
    }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::Io {
        path: path.display().to_string(),
        source: e,
    }
}

/// Reads every folder's manifest, sorted by run range (then folder, so the
/// order the folders are given in changes nothing).
fn read_all(dirs: &[PathBuf]) -> Result<Vec<ShardDir>, MergeError> {
    let (mut shards, mut problems) = (Vec::new(), Vec::new());
    for d in dirs {
        match read_shard(d) {
            Ok(s) => shards.push(s),
            Err(p) => problems.push(p),
        }
    }
    refuse(problems)?;
    shards.sort_by(|a, b| {
        (a.info.first_run, a.info.end_run, &a.dir).cmp(&(b.info.first_run, b.info.end_run, &b.dir))
    });
    Ok(shards)
}

/// The sweep the shards ran: `file`, or the one their manifest names, loaded
/// with their seed and `--runs`; its hashes must be theirs.
fn load_sweep(first: &ShardDir, file: Option<&Path>) -> Result<Sweep, MergeError> {
    let m = &first.manifest;
    let path = file.map_or_else(|| PathBuf::from(&m.sweep_file), Path::to_path_buf);
    let over = Overrides {
        runs: first.info.samples,
        seed: Some(m.seed),
    };
    let sweep = Sweep::load(&path, over).map_err(|e| match e {
        Error::Io { .. } => MergeError::Refused(vec![format!(
            "cannot read the sweep file the shards ran ({e}); run merge in the folder the shards ran in, or pass --sweep FILE"
        )]),
        e => MergeError::Failed(e),
    })?;
    let changed = [
        ("scenario", &sweep.scenario_hash, &m.scenario_hash),
        ("design", &sweep.design_hash, &m.design_hash),
    ];
    for (what, now, then) in changed {
        if now != then {
            return Err(MergeError::Refused(vec![format!(
                "{} is not the sweep the shards ran: its {what} hash is {now}, the shards' is {then}; merge with the files the shards ran",
                path.display()
            )]));
        }
    }
    Ok(sweep)
}

fn solve_options(m: &Manifest) -> Result<SolveOptions, Error> {
    let solver = solver_from_name(&m.solver).ok_or_else(|| {
        Error::Usage(format!(
            "unknown solver `{}` in the shards' manifest",
            m.solver
        ))
    })?;
    Ok(SolveOptions {
        solver,
        time_limit: m.time_limit,
    })
}

/// Creates `out` and takes its lock (held until the merge ends); refuses a
/// folder that already holds a sweep's output.
fn check_out(out: &Path) -> Result<FolderLock, Error> {
    std::fs::create_dir_all(out).map_err(io(out))?;
    let lock = lock_folder(out)?;
    let files = [files::RUNS_JSONL, files::RUNS_PARQUET, files::MANIFEST];
    if files.iter().any(|f| out.join(f).exists()) {
        return Err(Error::Usage(format!(
            "{} already holds a sweep's output; choose another --out",
            out.display()
        )));
    }
    Ok(lock)
}

/// Merges the shard folders `dirs` into `out`. `sweep_file` replaces the sweep
/// file named in the shards' manifests (same bytes required).
pub fn merge(
    dirs: &[PathBuf],
    sweep_file: Option<&Path>,
    out: &Path,
) -> Result<Finished, MergeError> {
    let started = Instant::now();
    let shards = read_all(dirs)?;
    refuse(check::check_manifests(&shards))?;
    let sweep = load_sweep(&shards[0], sweep_file)?;
    refuse(
        shards
            .iter()
            .flat_map(|s| check::check_files(&sweep, s))
            .collect(),
    )?;
    let _lock = check_out(out)?;
    let m = &shards[0].manifest;
    let solve = solve_options(m)?;
    let agg = Aggregator::new(&sweep, baseline(&sweep, &solve)?);
    let formats = &m.runs_formats;
    // The lines first (a refusal names the file and line), then the digests,
    // which catch an edit that re-encodes to itself; either way, nothing stays.
    let streamed = stream(&sweep, &shards, (out, formats), agg)
        .map_err(MergeError::Failed)
        .and_then(|done| verify(&shards).map(|notes| (done, notes)));
    let streamed = streamed.inspect_err(|_| {
        let written = [
            files::RUNS_CSV,
            files::RUNS_JSONL,
            files::RUNS_PARQUET,
            files::RUNS_PARQUET_PARTIAL,
            files::TIMINGS,
        ];
        for f in written {
            let _ = std::fs::remove_file(out.join(f));
        }
    })?;
    let ((agg, run_files), notes) = streamed;
    let summary = agg.summary(&sweep);
    write_summaries(out, &summary)?;
    let mut manifest = Manifest::new(&sweep, &m.solver, m.time_limit, 1, 0);
    manifest.runs_formats = formats.clone();
    manifest.run_files = Some(run_files);
    let wall = started.elapsed().as_secs_f64();
    manifest.completed_runs = sweep.design.runs();
    manifest.failed_runs = summary.failed;
    manifest.finished = true;
    manifest.wall_seconds = wall;
    manifest.runs_per_second = if wall > 0.0 {
        manifest.runs as f64 / wall
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

/// Checks every shard's run files against the digests its manifest records;
/// the notes say which shards (of an older version) could not be verified.
fn verify(shards: &[ShardDir]) -> Result<Vec<String>, MergeError> {
    let (mut problems, mut notes) = (Vec::new(), Vec::new());
    for s in shards {
        let m = &s.manifest;
        let checked = super::digest::verify_folder(
            &s.dir,
            m.run_files.as_ref(),
            &m.runs_formats,
            m.completed_runs,
        );
        match checked {
            Ok(note) => notes.extend(note),
            Err(e) => problems.push(e.to_string()),
        }
    }
    refuse(problems)?;
    Ok(notes)
}

fn create(out: &Path, name: &str, header: &str) -> Result<BufWriter<File>, Error> {
    let p = out.join(name);
    let mut w = BufWriter::with_capacity(1 << 16, File::create(&p).map_err(io(&p))?);
    w.write_all(header.as_bytes()).map_err(io(&p))?;
    Ok(w)
}

/// The merged sweep's run files, as they are written.
struct Outputs {
    csv: Option<BufWriter<File>>,
    jsonl: Option<BufWriter<File>>,
    parquet: Option<ParquetSink>,
}

/// Copies the shards' run files, in run order, into `out`; feeds `agg`.
fn stream(
    sweep: &Sweep,
    shards: &[ShardDir],
    (out, formats): (&Path, &RunsFormats),
    mut agg: Aggregator,
) -> Result<(Aggregator, RunFiles), Error> {
    let mut o = Outputs {
        csv: formats
            .has(RunsFormat::Csv)
            .then(|| create(out, files::RUNS_CSV, &csv_header(sweep)))
            .transpose()?,
        jsonl: formats
            .has(RunsFormat::Jsonl)
            .then(|| create(out, files::RUNS_JSONL, ""))
            .transpose()?,
        parquet: formats
            .has(RunsFormat::Parquet)
            .then(|| ParquetSink::create(out, sweep))
            .transpose()?,
    };
    let mut times = create(out, files::TIMINGS, files::TIMINGS_HEADER)?;
    let mut digests = Digests::new(sweep, formats, &(0..sweep.design.runs()));
    let mut next = 0;
    for s in shards {
        copy_body(&s.dir.join(files::TIMINGS), &mut times, out)?;
        next = replay(sweep, s, next, (&mut agg, &mut digests), &mut o, out)?;
    }
    let text = [
        (o.csv, files::RUNS_CSV),
        (o.jsonl, files::RUNS_JSONL),
        (Some(times), files::TIMINGS),
    ];
    for (w, name) in text {
        let Some(w) = w else { continue };
        let p = out.join(name);
        let f = w.into_inner().map_err(|e| io(&p)(e.into_error()))?;
        f.sync_data().map_err(io(&p))?;
    }
    if let Some(p) = o.parquet {
        let rows = p.finish()?;
        digests.parquet = Some(parquet_digest(&out.join(files::RUNS_PARQUET), rows)?);
    }
    Ok((agg, digests.snapshot()))
}

/// Appends everything after the header line of `from` to `to`.
fn copy_body(from: &Path, to: &mut impl Write, out: &Path) -> Result<(), Error> {
    let mut r = BufReader::with_capacity(1 << 16, File::open(from).map_err(io(from))?);
    let mut header = Vec::new();
    r.read_until(b'\n', &mut header).map_err(io(from))?;
    std::io::copy(&mut r, to).map_err(io(out))?;
    Ok(())
}

/// What merge says about a damaged shard file.
const MERGE: Refusal = Refusal {
    verb: "merge",
    advice: "the shard was edited or damaged: run it again in an empty folder",
};

/// Copies `s`'s runs, checked as `--resume` checks them ([`Recorded`]), and
/// feeds them to `agg`; they must be runs `next`, `next + 1`, ... Text lines
/// are copied byte for byte; Parquet rows are written again from the record.
/// Returns the next run id.
fn replay(
    sweep: &Sweep,
    s: &ShardDir,
    mut next: u64,
    (agg, digests): (&mut Aggregator, &mut Digests),
    o: &mut Outputs,
    out: &Path,
) -> Result<u64, Error> {
    let mut recorded = Recorded::open(sweep, &s.dir, &s.manifest.runs_formats)?;
    while let Some(rec) = recorded.next(sweep, next, &MERGE)? {
        agg.add(&rec);
        digests.run(recorded.csv_line(), recorded.json_line());
        if let Some(j) = &mut o.jsonl {
            j.write_all(recorded.json_line().as_bytes())
                .map_err(io(out))?;
        }
        if let Some(c) = &mut o.csv {
            c.write_all(recorded.csv_line().as_bytes())
                .map_err(io(out))?;
        }
        if let Some(p) = &mut o.parquet {
            p.push(sweep, &rec)?;
        }
        next += 1;
    }
    Ok(next)
}
