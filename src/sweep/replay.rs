//! Recorded runs read back, one at a time and strictly, for `--resume` and
//! `merge`.
//!
//! Runs come from `runs.jsonl` when the sweep wrote it, else from
//! `runs.parquet` ([`RunsFormats::source`]). Each must hold the next run id
//! and be exactly what the sweep writes for the record it decodes to (the
//! same JSON line; the same Parquet cells); when the sweep wrote `runs.csv`,
//! the run's CSV row must be exactly its row too. An edited, deleted or
//! damaged record is refused with its file and line (or row), never reused.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use super::columnar::read::ParquetRows;
use super::columnar::{columns, record};
use super::formats::{RunsFormat, RunsFormats};
use super::record::{csv_row, json_row, parse_record};
use super::run::RunRecord;
use super::Sweep;
use crate::error::Error;

/// How a refusal of a damaged run file is worded: by whom, and what to do.
pub(crate) struct Refusal {
    /// "resume", "merge".
    pub verb: &'static str,
    /// What to do about it.
    pub advice: &'static str,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::Io {
        path: path.display().to_string(),
        source: e,
    }
}

/// A text run file read line by line.
struct Lines {
    r: BufReader<File>,
    path: PathBuf,
    /// 1-based number of the line in `text`.
    no: u64,
    text: String,
}

impl Lines {
    fn open(path: PathBuf, header: bool) -> Result<Lines, Error> {
        let f = File::open(&path).map_err(io(&path))?;
        let mut l = Lines {
            r: BufReader::with_capacity(1 << 16, f),
            path,
            no: 0,
            text: String::new(),
        };
        if header {
            l.next()?; // checked by the caller
        }
        Ok(l)
    }

    /// Reads the next line; false at the end of the file.
    fn next(&mut self) -> Result<bool, Error> {
        self.text.clear();
        let n = self.r.read_line(&mut self.text).map_err(io(&self.path))?;
        self.no += 1;
        Ok(n > 0)
    }
}

enum Source {
    Jsonl(Lines),
    Parquet(ParquetRows, u64),
}

/// The recorded runs of one folder, in order.
pub(crate) struct Recorded {
    source: Source,
    csv: Option<Lines>,
}

impl Recorded {
    /// Opens the run files of `dir` written in `formats`; a Parquet file must
    /// have the columns this sweep writes.
    pub(crate) fn open(
        sweep: &Sweep,
        dir: &Path,
        formats: &RunsFormats,
    ) -> Result<Recorded, Error> {
        let source = match formats.source() {
            RunsFormat::Jsonl => {
                Source::Jsonl(Lines::open(dir.join(RunsFormat::Jsonl.file()), false)?)
            }
            _ => {
                let rows = ParquetRows::open(&dir.join(RunsFormat::Parquet.file()))?;
                if rows.columns != columns(sweep) {
                    return Err(Error::Usage(format!(
                        "{} has other columns than this sweep writes; choose another --out",
                        rows.path.display()
                    )));
                }
                Source::Parquet(rows, 0)
            }
        };
        let csv = match formats.has(RunsFormat::Csv) {
            true => Some(Lines::open(dir.join(RunsFormat::Csv.file()), true)?),
            false => None,
        };
        Ok(Recorded { source, csv })
    }

    /// The next run, which must be run `expected`; `None` at the end of the source.
    pub(crate) fn next(
        &mut self,
        sweep: &Sweep,
        expected: u64,
        how: &Refusal,
    ) -> Result<Option<RunRecord>, Error> {
        let rec = match &mut self.source {
            Source::Jsonl(l) => {
                if !l.next()? {
                    return Ok(None);
                }
                let rec = parse_record(sweep, l.text.trim_end()).map_err(|w| {
                    damaged(
                        how,
                        &l.path,
                        l.no,
                        &l.text,
                        &format!("is not a run record ({w})"),
                    )
                })?;
                check_run(how, &rec, expected, (&l.path, l.no, &l.text))?;
                if json_row(sweep, &rec) != l.text {
                    let what = "is not the record the sweep wrote for this run";
                    return Err(damaged(how, &l.path, l.no, &l.text, what));
                }
                rec
            }
            Source::Parquet(rows, k) => {
                let Some(row) = rows.next() else {
                    return Ok(None);
                };
                *k += 1;
                let at = |what: &str| {
                    Error::Usage(format!(
                        "cannot {}: {} row {k} {what}; {}",
                        how.verb,
                        rows.path.display(),
                        how.advice
                    ))
                };
                let rec = row
                    .and_then(|cells| record(sweep, &cells))
                    .map_err(|w| at(&format!("is not a run record ({w})")))?;
                if rec.run != expected {
                    return Err(at(&format!(
                        "holds run {} where run {expected} was expected",
                        rec.run
                    )));
                }
                rec
            }
        };
        if let Some(c) = &mut self.csv {
            c.next()?;
            if csv_row(sweep, &rec) != c.text {
                let source = match &self.source {
                    Source::Jsonl(_) => RunsFormat::Jsonl.file(),
                    Source::Parquet(..) => RunsFormat::Parquet.file(),
                };
                let what = format!("does not match run {expected} of {source}");
                return Err(damaged(how, &c.path, c.no, &c.text, &what));
            }
        }
        Ok(Some(rec))
    }

    /// The JSON line of the last run read (empty without `runs.jsonl`).
    pub(crate) fn json_line(&self) -> &str {
        match &self.source {
            Source::Jsonl(l) => &l.text,
            Source::Parquet(..) => "",
        }
    }

    /// The CSV row of the last run read (empty without `runs.csv`).
    pub(crate) fn csv_line(&self) -> &str {
        self.csv.as_ref().map_or("", |c| &c.text)
    }
}

fn check_run(
    how: &Refusal,
    rec: &RunRecord,
    expected: u64,
    (path, no, text): (&Path, u64, &str),
) -> Result<(), Error> {
    if rec.run == expected {
        return Ok(());
    }
    let what = format!("holds run {} where run {expected} was expected", rec.run);
    Err(damaged(how, path, no, text, &what))
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
