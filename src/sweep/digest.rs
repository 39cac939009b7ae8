//! Digests of the run files: how a reader proves a run file is the one the
//! sweep wrote.
//!
//! Line-by-line checks (each record is exactly what the sweep writes for the
//! record it decodes to, [`super::replay`]) catch damage, but not an edit made
//! with care: an objective changed in `runs.jsonl` and `runs.csv`, or with its
//! regret, re-encodes to itself. So the sweep records, in `manifest.json`, a
//! SHA-256 of each chunk of each run file as it writes it: text files in
//! chunks of whole runs (at most about [`CHUNKS`] per file, aligned on the
//! first run of the sweep or shard, so they do not depend on the thread count),
//! `runs.parquet` in chunks of bytes once it is closed; with each file's
//! length and run count. The manifest is rewritten after every chunk of runs
//! the engine appends, so it always describes what is on disk up to the last
//! chunk written (a kill can leave runs after that: `--resume` checks them line
//! by line and records their digests as it goes on).
//!
//! Every reader checks what it reads against these ([`verify_folder`]); a
//! folder written before digests existed still reads, with a note that its
//! run files cannot be verified. A digest is not a signature: whoever rewrites
//! the manifest's digests along with the files is not caught.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::files;
use super::formats::{RunsFormat, RunsFormats};
use super::record::csv_header;
use super::Sweep;
use crate::error::Error;

/// About how many chunks of runs a text run file is cut into.
pub const CHUNKS: u64 = 64;
/// The fewest runs in a chunk of a text run file.
pub const MIN_CHUNK_RUNS: u64 = 100;
/// Bytes per chunk of `runs.parquet`.
pub const PARQUET_CHUNK: u64 = 1 << 22;

/// One chunk of a run file and its SHA-256.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chunk {
    /// Run ids it holds, first and one past the last (text files only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runs: Option<[u64; 2]>,
    /// Its bytes in the file, first and one past the last.
    pub bytes: [u64; 2],
    /// `sha256:<hex>` of those bytes.
    pub sha256: String,
}

/// What the sweep wrote into one run file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileDigest {
    /// Length of the file, bytes.
    pub bytes: u64,
    /// Runs it holds.
    pub runs: u64,
    /// Its chunks, in order, covering the file.
    pub chunks: Vec<Chunk>,
}

/// The digests of every run file, by format (`manifest.json`'s `run_files`).
pub type RunFiles = BTreeMap<RunsFormat, FileDigest>;

/// Runs per chunk for a sweep or shard of `runs` runs.
pub fn chunk_runs(runs: u64) -> u64 {
    runs.div_ceil(CHUNKS).max(MIN_CHUNK_RUNS)
}

fn hex(h: Sha256) -> String {
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// The digest of a text run file being written (or read back), run by run.
#[derive(Clone, Debug)]
pub(crate) struct TextDigest {
    per_chunk: u64,
    first: u64,
    done: Vec<Chunk>,
    open: Sha256,
    open_at: (u64, u64),
    bytes: u64,
    next_run: u64,
}

impl TextDigest {
    /// A file of runs `first..`, in chunks of `per_chunk` runs; `header` is
    /// its first bytes (the CSV header; empty for JSON lines).
    pub(crate) fn new(first: u64, per_chunk: u64, header: &[u8]) -> TextDigest {
        let mut open = Sha256::new();
        open.update(header);
        TextDigest {
            per_chunk: per_chunk.max(1),
            first,
            done: Vec::new(),
            open,
            open_at: (0, first),
            bytes: header.len() as u64,
            next_run: first,
        }
    }

    /// Adds the text of the next run.
    pub(crate) fn run(&mut self, text: &[u8]) {
        self.open.update(text);
        self.bytes += text.len() as u64;
        self.next_run += 1;
        if (self.next_run - self.first).is_multiple_of(self.per_chunk) {
            let h = std::mem::take(&mut self.open);
            self.done.push(self.chunk(h));
            self.open_at = (self.bytes, self.next_run);
        }
    }

    fn chunk(&self, h: Sha256) -> Chunk {
        Chunk {
            runs: Some([self.open_at.1, self.next_run]),
            bytes: [self.open_at.0, self.bytes],
            sha256: hex(h),
        }
    }

    /// What the file holds so far (the last chunk may be partial).
    pub(crate) fn snapshot(&self) -> FileDigest {
        let mut chunks = self.done.clone();
        if self.bytes > self.open_at.0 {
            chunks.push(self.chunk(self.open.clone()));
        }
        FileDigest {
            bytes: self.bytes,
            runs: self.next_run - self.first,
            chunks,
        }
    }
}

/// The digests of the text run files as they are written, and that of the
/// `runs.parquet` on disk ([`super::digest`]).
#[derive(Clone, Debug)]
pub(crate) struct Digests {
    pub csv: Option<TextDigest>,
    pub jsonl: Option<TextDigest>,
    pub parquet: Option<FileDigest>,
}

impl Digests {
    /// Fresh digests of the files of `formats` holding runs `runs.start..`.
    pub(crate) fn new(
        sweep: &Sweep,
        formats: &RunsFormats,
        runs: &std::ops::Range<u64>,
    ) -> Digests {
        let per = chunk_runs(runs.end - runs.start);
        let text = |f: RunsFormat, header: &str| {
            formats
                .has(f)
                .then(|| TextDigest::new(runs.start, per, header.as_bytes()))
        };
        Digests {
            csv: text(RunsFormat::Csv, &csv_header(sweep)),
            jsonl: text(RunsFormat::Jsonl, ""),
            parquet: None,
        }
    }

    /// Adds the next run's CSV row and JSON line (each ignored where its file
    /// is not written).
    pub(crate) fn run(&mut self, csv: &str, json: &str) {
        if let Some(d) = &mut self.csv {
            d.run(csv.as_bytes());
        }
        if let Some(d) = &mut self.jsonl {
            d.run(json.as_bytes());
        }
    }

    /// What the manifest records.
    pub(crate) fn snapshot(&self) -> RunFiles {
        let mut m = RunFiles::new();
        if let Some(d) = &self.csv {
            m.insert(RunsFormat::Csv, d.snapshot());
        }
        if let Some(d) = &self.jsonl {
            m.insert(RunsFormat::Jsonl, d.snapshot());
        }
        if let Some(d) = &self.parquet {
            m.insert(RunsFormat::Parquet, d.clone());
        }
        m
    }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::Io {
        path: path.display().to_string(),
        source: e,
    }
}

/// The digest of a closed `runs.parquet` holding `rows` runs.
pub(crate) fn parquet_digest(path: &Path, rows: u64) -> Result<FileDigest, Error> {
    let mut f = std::fs::File::open(path).map_err(io(path))?;
    let len = f.metadata().map_err(io(path))?.len();
    let mut chunks = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut at = 0;
    while at < len {
        let end = (at + PARQUET_CHUNK).min(len);
        let h = hash_range(&mut f, end - at, &mut buf, |_| {}).map_err(io(path))?;
        chunks.push(Chunk {
            runs: None,
            bytes: [at, end],
            sha256: hex(h),
        });
        at = end;
    }
    Ok(FileDigest {
        bytes: len,
        runs: rows,
        chunks,
    })
}

/// Hashes the next `n` bytes of `r`, showing each block read to `see`.
fn hash_range(
    r: &mut impl Read,
    mut n: u64,
    buf: &mut [u8],
    mut see: impl FnMut(&[u8]),
) -> std::io::Result<Sha256> {
    let mut h = Sha256::new();
    while n > 0 {
        let want = n.min(buf.len() as u64) as usize;
        let got = r.read(&mut buf[..want])?;
        if got == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        h.update(&buf[..got]);
        see(&buf[..got]);
        n -= got as u64;
    }
    Ok(h)
}

const ADVICE: &str =
    "the file was edited after the sweep wrote it; rerun the sweep or restore the file";

fn refuse(path: &Path, what: String) -> Error {
    Error::Usage(format!("{}: {what}", path.display()))
}

fn describe(c: &Chunk, lines: (u64, u64)) -> String {
    match c.runs {
        Some([a, b]) if b > a => format!(
            "bytes {}-{} (runs {a}-{}, lines {}-{})",
            c.bytes[0],
            c.bytes[1],
            b - 1,
            lines.0,
            lines.1
        ),
        _ => format!("bytes {}-{}", c.bytes[0], c.bytes[1]),
    }
}

/// The chunks must follow each other from byte 0 to the file's length.
fn check_layout(path: &Path, d: &FileDigest) -> Result<(), Error> {
    let mut at = 0;
    for c in &d.chunks {
        if c.bytes[0] != at || c.bytes[1] < c.bytes[0] {
            return Err(refuse(
                path,
                format!("the digests recorded in {} do not cover the file in order (a chunk starts at byte {}, not {at}); the manifest was edited: rerun the sweep or restore it", files::MANIFEST, c.bytes[0]),
            ));
        }
        at = c.bytes[1];
    }
    if at != d.bytes {
        return Err(refuse(
            path,
            format!("the digests recorded in {} cover {at} bytes, but it records the file as {} bytes; the manifest was edited: rerun the sweep or restore it", files::MANIFEST, d.bytes),
        ));
    }
    Ok(())
}

/// The 1-based line holding byte `at` of a text file.
fn line_of(path: &Path, at: u64) -> Result<u64, Error> {
    let f = std::fs::File::open(path).map_err(io(path))?;
    let mut newlines = 0;
    let mut buf = vec![0u8; 1 << 16];
    let mut r = f.take(at);
    loop {
        let n = r.read(&mut buf).map_err(io(path))?;
        if n == 0 {
            return Ok(newlines + 1);
        }
        newlines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
    }
}

/// Checks the run file at `path`, written as `format`, against `d`: its
/// length, then each chunk's bytes and (text files) line count.
pub(crate) fn verify_file(path: &Path, format: RunsFormat, d: &FileDigest) -> Result<(), Error> {
    check_layout(path, d)?;
    crate::input::check_regular(path, crate::input::InputKind::SweepResult)?;
    let mut f = std::fs::File::open(path).map_err(io(path))?;
    let len = f.metadata().map_err(io(path))?.len();
    let text = format != RunsFormat::Parquet;
    let mut buf = vec![0u8; 1 << 16];
    let first = d.chunks.first().and_then(|c| c.runs).map_or(0, |r| r[0]);
    // The chunks the file holds first: an edit that changed the length is
    // then named by the chunk it is in.
    for c in d.chunks.iter().take_while(|c| c.bytes[1] <= len) {
        let mut newlines = 0u64;
        let h = hash_range(&mut f, c.bytes[1] - c.bytes[0], &mut buf, |b| {
            newlines += b.iter().filter(|&&x| x == b'\n').count() as u64;
        })
        .map_err(io(path))?;
        let lines = lines_of(format, first, c);
        if hex(h) != c.sha256 {
            return Err(refuse(
                path,
                format!(
                    "{} do not match the digest the sweep recorded in {}; {ADVICE}",
                    describe(c, lines),
                    files::MANIFEST
                ),
            ));
        }
        let header = u64::from(format == RunsFormat::Csv && c.bytes[0] == 0);
        if let Some([a, b]) = c.runs.filter(|_| text) {
            if newlines != b - a + header {
                return Err(refuse(
                    path,
                    format!("{} hold {newlines} lines where the manifest records {} runs; the manifest was edited: rerun the sweep or restore it", describe(c, lines), b - a),
                ));
            }
        }
    }
    if len < d.bytes {
        let at = match text {
            true => format!(", inside line {}", line_of(path, len)?),
            false => String::new(),
        };
        return Err(refuse(
            path,
            format!("the file is cut short: it ends at byte {len}{at}, but the sweep wrote {} bytes ({} runs); finish the sweep with --resume, rerun it, or restore the file", d.bytes, d.runs),
        ));
    }
    if len > d.bytes {
        return Err(refuse(
            path,
            format!(
                "the file has {} bytes after the {} the sweep wrote; {ADVICE}",
                len - d.bytes,
                d.bytes
            ),
        ));
    }
    Ok(())
}

/// The lines of a text run file of runs `first..` holding chunk `c`.
fn lines_of(format: RunsFormat, first: u64, c: &Chunk) -> (u64, u64) {
    let h = u64::from(format == RunsFormat::Csv);
    let [a, b] = c.runs.unwrap_or([first, first]);
    (a - first + 1 + h, (b - first + h).max(1))
}

/// Checks the runs `--resume` read back from the text run file at `path`
/// (`got`, their digest) against what the manifest recorded (`want`): every
/// recorded chunk they cover whole must be the same bytes. A recorded chunk
/// that was still being written (the runs read back go on past it) is hashed
/// again from the file.
pub(crate) fn check_replayed(
    path: &Path,
    format: RunsFormat,
    first: u64,
    want: &FileDigest,
    got: &FileDigest,
) -> Result<(), Error> {
    check_layout(path, want)?;
    let mut f: Option<std::fs::File> = None;
    let mut buf = vec![0u8; 1 << 16];
    for (i, w) in want.chunks.iter().enumerate() {
        if w.bytes[1] > got.bytes {
            break;
        }
        let same = match got.chunks.get(i) {
            Some(g) if g.bytes == w.bytes => g.sha256 == w.sha256 && g.runs == w.runs,
            _ => {
                use std::io::{Seek, SeekFrom};
                let file = match &mut f {
                    Some(file) => file,
                    None => f.insert(std::fs::File::open(path).map_err(io(path))?),
                };
                file.seek(SeekFrom::Start(w.bytes[0])).map_err(io(path))?;
                let h = hash_range(file, w.bytes[1] - w.bytes[0], &mut buf, |_| {});
                hex(h.map_err(io(path))?) == w.sha256
            }
        };
        if !same {
            return Err(refuse(
                path,
                format!(
                    "{} do not match the digest the sweep recorded in {}; {ADVICE}",
                    describe(w, lines_of(format, first, w)),
                    files::MANIFEST
                ),
            ));
        }
    }
    Ok(())
}

/// Checks that `d` records `runs` runs (what the manifest says is recorded).
fn check_count(path: &Path, d: &FileDigest, runs: u64) -> Result<(), Error> {
    let counted: u64 = d
        .chunks
        .iter()
        .filter_map(|c| c.runs.map(|[a, b]| b - a))
        .sum();
    let text = d.chunks.iter().any(|c| c.runs.is_some());
    if d.runs != runs || (text && counted != runs) {
        return Err(refuse(
            path,
            format!("{} says {runs} runs are recorded, but its digest of this file records {} (its chunks {counted}); the manifest was edited: rerun the sweep or restore it", files::MANIFEST, d.runs),
        ));
    }
    Ok(())
}

/// The note for a folder whose manifest records no digests.
pub fn unverified_note(dir: &Path) -> String {
    format!(
        "note: {} was written by an older leadplan that recorded no digests of its run files, so they cannot be verified (an edit made by hand would go unnoticed); rerun the sweep to have them recorded",
        dir.join(files::MANIFEST).display()
    )
}

/// Checks every run file of the finished sweep (or shard) in `dir` against
/// the digests `recorded` in its manifest, which says `completed` runs are
/// recorded in `formats`: the manifest must record a digest of each, and
/// each run file that is there (one a reader does not need may be missing)
/// must be whole and hold `completed` runs. Files are checked in parallel. Returns a note when the
/// manifest records no digests (a folder of an older version).
pub fn verify_folder(
    dir: &Path,
    recorded: Option<&RunFiles>,
    formats: &RunsFormats,
    completed: u64,
) -> Result<Option<String>, Error> {
    let Some(recorded) = recorded else {
        return Ok(Some(unverified_note(dir)));
    };
    for f in formats.iter() {
        if !recorded.contains_key(&f) {
            return Err(refuse(
                &dir.join(files::MANIFEST),
                format!("records no digest of {}, which the sweep wrote; the manifest was edited: rerun the sweep or restore it", f.file()),
            ));
        }
    }
    let todo: Vec<(RunsFormat, &FileDigest)> = recorded
        .iter()
        .filter(|(f, _)| dir.join(f.file()).exists())
        .map(|(f, d)| (*f, d))
        .collect();
    for (f, d) in &todo {
        check_count(&dir.join(f.file()), d, completed)?;
    }
    let results: Vec<Result<(), Error>> = std::thread::scope(|s| {
        let handles: Vec<_> = todo
            .iter()
            .map(|(f, d)| {
                let path = dir.join(f.file());
                s.spawn(move || verify_one(&path, *f, d))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::Usage("a digest check panicked".into())))
            })
            .collect()
    });
    results.into_iter().collect::<Result<Vec<()>, Error>>()?;
    Ok(None)
}

fn verify_one(path: &Path, f: RunsFormat, d: &FileDigest) -> Result<(), Error> {
    if !path.exists() {
        return Err(refuse(
            path,
            format!("no such file, but {} records that the sweep wrote it; restore it or rerun the sweep", files::MANIFEST),
        ));
    }
    crate::input::check_size(path, crate::input::InputKind::SweepResult)?;
    verify_file(path, f, d)?;
    if f == RunsFormat::Parquet {
        let rows = super::columnar::read::ParquetRows::open(path)?.rows;
        if rows != d.runs {
            return Err(refuse(
                path,
                format!(
                    "holds {rows} rows, but {} records {} runs; {ADVICE}",
                    files::MANIFEST,
                    d.runs
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_close_on_run_boundaries_counted_from_the_first_run() {
        let mut t = TextDigest::new(10, 3, b"h\n");
        for k in 0..7 {
            t.run(format!("{k}\n").as_bytes());
        }
        let d = t.snapshot();
        assert_eq!(d.runs, 7);
        assert_eq!(d.bytes, 2 + 14);
        let runs: Vec<_> = d.chunks.iter().map(|c| c.runs.unwrap()).collect();
        assert_eq!(runs, vec![[10, 13], [13, 16], [16, 17]]);
        assert_eq!(d.chunks[0].bytes, [0, 8]);
        let whole = Sha256::digest(b"h\n0\n1\n2\n");
        let hexed: String = whole.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(d.chunks[0].sha256, format!("sha256:{hexed}"));
    }

    #[test]
    fn a_changed_byte_is_found_in_its_chunk_and_a_cut_file_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("runs.jsonl");
        let mut t = TextDigest::new(0, 2, b"");
        let mut text = String::new();
        for k in 0..5 {
            let line = format!("{{\"run\":{k}}}\n");
            t.run(line.as_bytes());
            text.push_str(&line);
        }
        let d = t.snapshot();
        std::fs::write(&path, &text).unwrap();
        verify_file(&path, RunsFormat::Jsonl, &d).unwrap();
        std::fs::write(&path, text.replace("\"run\":3", "\"run\":7")).unwrap();
        let e = verify_file(&path, RunsFormat::Jsonl, &d).unwrap_err();
        assert!(e.to_string().contains("(runs 2-3, lines 3-4)"), "{e}");
        std::fs::write(&path, &text[..text.len() - 3]).unwrap();
        let e = verify_file(&path, RunsFormat::Jsonl, &d).unwrap_err();
        assert!(e.to_string().contains("inside line 5"), "{e}");
    }
}
