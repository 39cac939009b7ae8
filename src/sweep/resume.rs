//! `--resume`: pick up an interrupted sweep from its run files.
//!
//! The manifest must belong to the same sweep (same scenario and design hashes,
//! solver, time limit and run formats). The run files are cut back to the last
//! record that every one of them holds complete (`runs.jsonl`, `runs.csv`,
//! `timings.csv`: a line ends in a newline; `runs.parquet`: a closed file's
//! rows); the records are read back, in order and one at a time
//! ([`super::replay`]), into the aggregator, so the final summary equals that
//! of an uninterrupted sweep. A `runs.parquet` is rewritten from those records
//! plus the new ones by the engine (it cannot be appended to).
//!
//! The records read back are also checked against the digests the manifest
//! records ([`super::digest`]): every chunk the files still hold whole must
//! be the bytes the sweep wrote, so an edit that re-encodes to itself (an
//! objective changed with its regret, or in every file) is refused too. Runs
//! after the last chunk the manifest recorded (a kill between writing a chunk
//! and the manifest) or in a chunk cut by a crash are checked line by line.

use std::fs::OpenOptions;
use std::io::{BufRead, BufReader};
use std::path::Path;

use super::columnar::read::ParquetRows;
use super::digest::{check_replayed, unverified_note, verify_file, Digests, FileDigest};
use super::files;
use super::formats::{RunsFormat, RunsFormats};
use super::manifest::Manifest;
use super::replay::{Recorded, Refusal};
use super::run::Tally;
use super::Sweep;
use crate::error::Error;

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::Io {
        path: path.display().to_string(),
        source: e,
    }
}

/// Byte offsets just after each complete line, up to `limit` lines.
fn line_ends(path: &Path, limit: u64) -> Result<Vec<u64>, Error> {
    let Ok(f) = std::fs::File::open(path) else {
        return Ok(Vec::new());
    };
    let mut r = BufReader::new(f);
    let mut ends = Vec::new();
    let mut pos = 0u64;
    let mut buf = Vec::new();
    while (ends.len() as u64) < limit {
        buf.clear();
        let n = r.read_until(b'\n', &mut buf).map_err(io(path))?;
        if n == 0 || buf.last() != Some(&b'\n') {
            break;
        }
        pos += n as u64;
        ends.push(pos);
    }
    Ok(ends)
}

fn truncate(path: &Path, len: u64) -> Result<(), Error> {
    if !path.exists() {
        return Ok(());
    }
    let f = OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(io(path))?;
    f.set_len(len).map_err(io(path))
}

fn check_manifest(out: &Path, now: &Manifest) -> Result<Manifest, Error> {
    let mpath = out.join(files::MANIFEST);
    let text = crate::input::read_text(&mpath, crate::input::InputKind::SweepResult)?;
    let earlier: Manifest = serde_json::from_str(&text).map_err(|e| {
        Error::Usage(format!(
            "cannot resume: {} is not a leadplan sweep manifest ({e})",
            mpath.display()
        ))
    })?;
    match now.mismatch(&earlier) {
        Some(why) => Err(Error::Usage(format!(
            "cannot resume: {} holds another sweep ({why}); choose another --out",
            out.display()
        ))),
        None => Ok(earlier),
    }
}

/// The manifest's counts must agree with each other and with its digests:
/// no more runs recorded than the sweep (or shard) has, and each text run
/// file's digest covering the runs it says are recorded.
fn check_counts(out: &Path, earlier: &Manifest, runs: u64) -> Result<(), Error> {
    let mpath = out.join(files::MANIFEST);
    let bad = |what: String| {
        Err(Error::Usage(format!(
            "cannot resume: {} {what}; the manifest was edited: delete the output folder and start again",
            mpath.display()
        )))
    };
    if earlier.completed_runs > runs {
        return bad(format!(
            "says {} runs are recorded, but the sweep has {runs}",
            earlier.completed_runs
        ));
    }
    let Some(recorded) = &earlier.run_files else {
        return Ok(());
    };
    for f in earlier
        .runs_formats
        .iter()
        .filter(|f| *f != RunsFormat::Parquet)
    {
        match recorded.get(&f) {
            Some(d) if d.runs == earlier.completed_runs => {}
            Some(d) => {
                return bad(format!(
                    "says {} runs are recorded, but its digest of {} records {}",
                    earlier.completed_runs,
                    f.file(),
                    d.runs
                ))
            }
            None => return bad(format!("records no digest of {}", f.file())),
        }
    }
    Ok(())
}

/// The CSV header must be the one this sweep writes (`len` bytes, newline included).
fn check_header(sweep: &Sweep, cpath: &Path, len: u64) -> Result<(), Error> {
    let mut header = vec![0u8; len as usize];
    let mut f = std::fs::File::open(cpath).map_err(io(cpath))?;
    std::io::Read::read_exact(&mut f, &mut header).map_err(io(cpath))?;
    if header != super::record::csv_header(sweep).as_bytes() {
        return Err(Error::Usage(format!(
            "cannot resume: {} has other columns than this sweep writes; choose another --out",
            cpath.display()
        )));
    }
    Ok(())
}

/// Feeds the first `n` recorded runs to `agg`, each checked by [`Recorded`]
/// to be run `first`, `first + 1`, ..., exactly as the sweep writes it, and
/// their text to `digests`.
fn replay(
    sweep: &Sweep,
    out: &Path,
    formats: &RunsFormats,
    (first, n): (u64, u64),
    (agg, digests): (&mut impl Tally, &mut Digests),
) -> Result<(), Error> {
    let mut recorded = Recorded::open(sweep, out, formats)?;
    for k in 0..n {
        let rec = recorded.next(sweep, first + k, &RESUME)?.ok_or_else(|| {
            Error::Usage(format!(
                "cannot resume: {} ends before run {}; {}",
                out.display(),
                first + k,
                RESUME.advice
            ))
        })?;
        agg.tally(&rec);
        digests.run(recorded.csv_line(), recorded.json_line());
    }
    Ok(())
}

/// Checks the runs read back against the digests the manifest recorded
/// (none: a folder of an older version, the note says so). A `runs.parquet`
/// that is there must match its digest whole (when it is not the source it
/// is rewritten, but an edited file is still refused); its digest is kept in
/// `digests` until the engine rewrites the file.
fn check_digests(
    out: &Path,
    earlier: &Manifest,
    first: u64,
    digests: &mut Digests,
) -> Result<Option<String>, Error> {
    let Some(recorded) = &earlier.run_files else {
        return Ok(Some(unverified_note(out)));
    };
    let cannot = |e: Error| Error::Usage(format!("cannot resume: {e}"));
    let text: [(RunsFormat, Option<FileDigest>); 2] = [
        (RunsFormat::Csv, digests.csv.as_ref().map(|d| d.snapshot())),
        (
            RunsFormat::Jsonl,
            digests.jsonl.as_ref().map(|d| d.snapshot()),
        ),
    ];
    for (f, replayed) in text {
        if let (Some(want), Some(got)) = (recorded.get(&f), replayed) {
            check_replayed(&out.join(f.file()), f, first, want, &got).map_err(cannot)?;
        }
    }
    let ppath = out.join(RunsFormat::Parquet.file());
    let source = earlier.runs_formats.source() == RunsFormat::Parquet;
    let entry = recorded.get(&RunsFormat::Parquet);
    if ppath.exists() && (source || entry.is_some()) {
        let Some(want) = entry else {
            return Err(Error::Usage(format!(
                "cannot resume: {} records no digest of {}; delete the output folder and start again",
                out.join(files::MANIFEST).display(),
                ppath.display()
            )));
        };
        verify_file(&ppath, RunsFormat::Parquet, want).map_err(cannot)?;
        digests.parquet = Some(want.clone());
    }
    Ok(None)
}

/// `--resume`'s wording.
pub(crate) const RESUME: Refusal = Refusal {
    verb: "resume",
    advice: "the run files were edited or damaged: delete the output folder and start again",
};

/// Rows in a complete `runs.parquet` (0 when there is none: a sweep killed
/// before it closed its first Parquet file has recorded none there).
fn parquet_rows(path: &Path) -> Result<u64, Error> {
    if !path.exists() {
        return Ok(0);
    }
    Ok(ParquetRows::open(path)?.rows)
}

/// Recovers the recorded runs of `runs` (the whole sweep, or a shard) in
/// `out` into `agg`, and their digests into `digests`; returns the first run
/// not recorded, and a note when the run files could not be verified.
pub(crate) fn recover(
    sweep: &Sweep,
    out: &Path,
    now: &Manifest,
    runs: std::ops::Range<u64>,
    agg: &mut impl Tally,
    digests: &mut Digests,
) -> Result<(u64, Option<String>), Error> {
    let earlier = check_manifest(out, now)?;
    check_counts(out, &earlier, runs.end - runs.start)?;
    let formats = &now.runs_formats;
    let path = |f: RunsFormat| out.join(f.file());
    let (jpath, cpath, ppath) = (
        path(RunsFormat::Jsonl),
        path(RunsFormat::Csv),
        path(RunsFormat::Parquet),
    );
    let tpath = out.join(files::TIMINGS);
    // A FIFO or device in place of a run file would block or never end.
    for p in [&jpath, &cpath, &ppath, &tpath] {
        if p.exists() {
            crate::input::check_regular(p, crate::input::InputKind::SweepResult)?;
        }
    }
    let mut n = runs.end - runs.start;
    let csv_ends = line_ends(&cpath, n + 1)?;
    if formats.has(RunsFormat::Csv) {
        if let Some(&h) = csv_ends.first() {
            check_header(sweep, &cpath, h)?;
        }
        n = n.min((csv_ends.len() as u64).saturating_sub(1));
    }
    let json_ends = line_ends(&jpath, n)?;
    if formats.has(RunsFormat::Jsonl) {
        n = n.min(json_ends.len() as u64);
    }
    if formats.source() == RunsFormat::Parquet {
        n = n.min(parquet_rows(&ppath)?);
    }
    // A run counts as recorded only when every file holds it: a sweep
    // killed between a chunk's writes leaves `timings.csv` behind the others,
    // and merge needs its rows too.
    let t_ends = line_ends(&tpath, n + 1)?;
    if tpath.exists() {
        n = n.min((t_ends.len() as u64).saturating_sub(1));
    }
    if n == 0 {
        for p in [&jpath, &cpath, &tpath] {
            truncate(p, 0)?;
        }
        let note = earlier.run_files.is_none().then(|| unverified_note(out));
        return Ok((runs.start, note));
    }
    replay(sweep, out, formats, (runs.start, n), (agg, digests))?;
    let note = check_digests(out, &earlier, runs.start, digests)?;
    truncate(&jpath, json_ends.get(n as usize - 1).copied().unwrap_or(0))?;
    truncate(&cpath, csv_ends.get(n as usize).copied().unwrap_or(0))?;
    truncate(&tpath, t_ends.get(n as usize).copied().unwrap_or(0))?;
    Ok((runs.start + n, note))
}
