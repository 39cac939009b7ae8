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

use std::fs::OpenOptions;
use std::io::{BufRead, BufReader};
use std::path::Path;

use super::columnar::read::ParquetRows;
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

fn check_manifest(out: &Path, now: &Manifest) -> Result<(), Error> {
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
        None => Ok(()),
    }
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
/// to be run `first`, `first + 1`, ..., exactly as the sweep writes it.
fn replay(
    sweep: &Sweep,
    out: &Path,
    formats: &RunsFormats,
    (first, n): (u64, u64),
    agg: &mut impl Tally,
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
    }
    Ok(())
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
/// `out` into `agg`; returns the first run not recorded.
pub fn recover(
    sweep: &Sweep,
    out: &Path,
    now: &Manifest,
    runs: std::ops::Range<u64>,
    agg: &mut impl Tally,
) -> Result<u64, Error> {
    check_manifest(out, now)?;
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
        return Ok(runs.start);
    }
    replay(sweep, out, formats, (runs.start, n), agg)?;
    truncate(&jpath, json_ends.get(n as usize - 1).copied().unwrap_or(0))?;
    truncate(&cpath, csv_ends.get(n as usize).copied().unwrap_or(0))?;
    truncate(&tpath, t_ends.get(n as usize).copied().unwrap_or(0))?;
    Ok(runs.start + n)
}
