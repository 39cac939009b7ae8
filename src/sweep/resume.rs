//! `--resume`: pick up an interrupted sweep from its run files.
//!
//! The manifest must belong to the same sweep (same scenario and design hashes,
//! solver and time limit). The run files are cut back to the last record that
//! `runs.jsonl`, `runs.csv` and `timings.csv` all hold complete (a line ends
//! in a newline);
//! the JSON lines are read back, in order and one at a time, into the
//! aggregator, so the final summary equals that of an uninterrupted sweep.

use std::fs::OpenOptions;
use std::io::{BufRead, BufReader};
use std::path::Path;

use super::engine::{files, Tally};
use super::manifest::Manifest;
use super::record::{csv_row, json_row, parse_json_row};
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

/// Feeds the first `n` recorded runs to `agg`. Every JSON line must parse, hold
/// the next run id (`first`, `first + 1`, ...), and be exactly what the sweep writes for that record; the CSV
/// row of the same run must be too. An edited, deleted or damaged line in
/// either file is refused with its line, never averaged into the summary.
fn replay(
    sweep: &Sweep,
    (jpath, cpath): (&Path, &Path),
    first: u64,
    n: u64,
    agg: &mut impl Tally,
) -> Result<(), Error> {
    let mut json = BufReader::new(std::fs::File::open(jpath).map_err(io(jpath))?);
    let mut csv = BufReader::new(std::fs::File::open(cpath).map_err(io(cpath))?);
    let (mut jline, mut cline) = (String::new(), String::new());
    csv.read_line(&mut cline).map_err(io(cpath))?; // the header, checked already
    for k in 0..n {
        jline.clear();
        cline.clear();
        json.read_line(&mut jline).map_err(io(jpath))?;
        csv.read_line(&mut cline).map_err(io(cpath))?;
        let rec = parse_json_row(sweep, jline.trim_end(), k as usize + 1)?;
        check_record(
            sweep,
            &rec,
            first + k,
            (jpath, k + 1, &jline),
            (cpath, k + 2, &cline),
            &RESUME,
        )?;
        agg.tally(&rec);
    }
    Ok(())
}

/// How a refusal of a damaged run file is worded: by whom, and what to do.
pub(crate) struct Refusal {
    /// "resume", "merge".
    pub verb: &'static str,
    /// What to do about it.
    pub advice: &'static str,
}

/// `--resume`'s wording.
pub(crate) const RESUME: Refusal = Refusal {
    verb: "resume",
    advice: "the run files were edited or damaged: delete the output folder and start again",
};

/// The checks every recorded run passes before it is reused (by `--resume`,
/// or by `merge`): `rec`, read from JSON line `jline`, holds run `expected`,
/// and both `jline` and the CSV row `cline` of the same run are exactly what
/// the sweep writes for it. Lines are (file, 1-based line number, text).
pub(crate) fn check_record(
    sweep: &Sweep,
    rec: &super::run::RunRecord,
    expected: u64,
    (jpath, jno, jline): (&Path, u64, &str),
    (cpath, cno, cline): (&Path, u64, &str),
    how: &Refusal,
) -> Result<(), Error> {
    if rec.run != expected {
        return Err(damaged(
            how,
            jpath,
            jno,
            jline,
            &format!("holds run {} where run {expected} was expected", rec.run),
        ));
    }
    if json_row(sweep, rec) != jline {
        return Err(damaged(
            how,
            jpath,
            jno,
            jline,
            "is not the record the sweep wrote for this run",
        ));
    }
    if csv_row(sweep, rec) != cline {
        return Err(damaged(
            how,
            cpath,
            cno,
            cline,
            &format!("does not match run {expected} of runs.jsonl"),
        ));
    }
    Ok(())
}

/// A refusal that names the file and line, and shows (the start of) the line.
pub(crate) fn damaged(how: &Refusal, path: &Path, line: u64, text: &str, what: &str) -> Error {
    let shown: String = crate::diag::escape_control(text.trim_end())
        .chars()
        .take(120)
        .collect();
    Error::Usage(format!(
        "cannot {}: {}:{line} {what}: `{shown}`; {}",
        how.verb,
        path.display(),
        how.advice
    ))
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
    let (jpath, cpath, tpath) = (
        out.join(files::RUNS_JSONL),
        out.join(files::RUNS_CSV),
        out.join(files::TIMINGS),
    );
    // A FIFO or device in place of a run file would block or never end.
    for p in [&jpath, &cpath, &tpath] {
        if p.exists() {
            crate::input::check_regular(p, crate::input::InputKind::SweepResult)?;
        }
    }
    let csv_ends = line_ends(&cpath, runs.end - runs.start + 1)?;
    if let Some(&h) = csv_ends.first() {
        check_header(sweep, &cpath, h)?;
    }
    let json_ends = line_ends(&jpath, (csv_ends.len() as u64).saturating_sub(1))?;
    let mut n = json_ends.len() as u64;
    // A run counts as recorded only when all three files hold it: a sweep
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
    replay(sweep, (&jpath, &cpath), runs.start, n, agg)?;
    truncate(&jpath, json_ends[n as usize - 1])?;
    truncate(&cpath, csv_ends[n as usize])?;
    truncate(&tpath, t_ends.get(n as usize).copied().unwrap_or(0))?;
    Ok(runs.start + n)
}
