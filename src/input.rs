//! Reading input files within bounds.
//!
//! Every file leadplan reads (scenarios, sweep files, baseline plans, fonts, GAP
//! benchmarks, a sweep's own result files) comes through [`read_bounded`]: it
//! must be a regular file (a device such as `/dev/zero` never ends and a FIFO
//! blocks until a writer appears), and it must not be larger than the limit for
//! its kind, checked before reading and again while reading (a file that grows
//! meanwhile still stops at the limit). Limits are generous for real inputs and
//! keep memory bounded for hostile ones; `--max-input-mb` raises them all.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::Error;

const MB: u64 = 1 << 20;

/// What a file is, which sets its default size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A scenario TOML file (16 MB).
    Scenario,
    /// A sweep file (1 MB).
    Sweep,
    /// A horizon file (1 MB).
    Horizon,
    /// A baseline plan (JSON, 16 MB).
    Baseline,
    /// A TrueType or OpenType font (32 MB).
    Font,
    /// An OR-Library GAP file (16 MB).
    Gap,
    /// A file a sweep wrote (summary.json, runs.csv; 1024 MB).
    SweepResult,
}

impl InputKind {
    /// The default limit in bytes.
    pub fn default_limit(self) -> u64 {
        match self {
            InputKind::Scenario | InputKind::Baseline | InputKind::Gap => 16 * MB,
            InputKind::Sweep | InputKind::Horizon => MB,
            InputKind::Font => 32 * MB,
            InputKind::SweepResult => 1024 * MB,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            InputKind::Scenario => "scenario files",
            InputKind::Sweep => "sweep files",
            InputKind::Horizon => "horizon files",
            InputKind::Baseline => "baseline plans",
            InputKind::Font => "fonts",
            InputKind::Gap => "GAP files",
            InputKind::SweepResult => "sweep result files",
        }
    }
}

/// Folders besides the scenario's own from which a scenario's references
/// (capability matrices) and a CSV folder's links may be read
/// (`--read-root`), each as its real path.
static READ_ROOTS: std::sync::RwLock<Vec<PathBuf>> = std::sync::RwLock::new(Vec::new());

/// Allows reading referenced files from inside each of `roots` (`--read-root`);
/// an empty list restores the default (only the scenario's own folder). Each
/// must be an existing folder.
pub fn set_read_roots(roots: &[PathBuf]) -> Result<(), Error> {
    let mut real = Vec::new();
    for r in roots {
        match r.canonicalize() {
            Ok(p) if p.is_dir() => real.push(p),
            _ => {
                return Err(Error::Usage(format!(
                    "--read-root {}: not an existing folder; name the folder that holds the files to allow",
                    r.display()
                )))
            }
        }
    }
    *READ_ROOTS.write().unwrap_or_else(|e| e.into_inner()) = real;
    Ok(())
}

/// Whether `real` (a path with links resolved) lies inside a folder given
/// with `--read-root`.
pub fn in_read_root(real: &Path) -> bool {
    READ_ROOTS
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .any(|root| real.starts_with(root))
}

/// 0 means "the default for each kind".
static OVERRIDE_MB: AtomicU64 = AtomicU64::new(0);

/// Sets one limit, in megabytes, for every kind of input (`--max-input-mb`);
/// 0 restores the defaults.
pub fn set_max_input_mb(mb: u64) {
    OVERRIDE_MB.store(mb, Ordering::Relaxed);
}

/// The limit in bytes now in force for `kind`.
pub fn limit(kind: InputKind) -> u64 {
    match OVERRIDE_MB.load(Ordering::Relaxed) {
        0 => kind.default_limit(),
        mb => mb.saturating_mul(MB),
    }
}

/// Opens a regular file after checking its size against [`limit`]`(kind)`;
/// gives the file, the limit and the size it had.
fn open_checked(path: &Path, kind: InputKind) -> Result<(std::fs::File, u64, u64), Error> {
    let io = |e: std::io::Error| Error::Io {
        path: path.display().to_string(),
        source: e,
    };
    check_regular(path, kind)?;
    let max = limit(kind);
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > max {
        return Err(too_large(path, kind, max, Some(meta.len())));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    Ok((file, max, meta.len()))
}

/// Refuses a regular file larger than [`limit`]`(kind)` without reading it
/// (for files read in pieces by their own readers).
pub fn check_size(path: &Path, kind: InputKind) -> Result<(), Error> {
    open_checked(path, kind).map(|_| ())
}

/// Reads a whole regular file of at most [`limit`]`(kind)` bytes.
pub fn read_bounded(path: &Path, kind: InputKind) -> Result<Vec<u8>, Error> {
    let (file, max, len) = open_checked(path, kind)?;
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::Io {
            path: path.display().to_string(),
            source: e,
        })?;
    if bytes.len() as u64 > max {
        return Err(too_large(path, kind, max, None));
    }
    Ok(bytes)
}

/// Opens a regular file of at most [`limit`]`(kind)` bytes for reading line
/// by line (large sweep results are streamed, not read whole); a file that
/// grew after the check is read only up to the limit.
pub fn open_bounded(path: &Path, kind: InputKind) -> Result<impl std::io::BufRead, Error> {
    let (file, max, _) = open_checked(path, kind)?;
    Ok(std::io::BufReader::with_capacity(1 << 16, file.take(max)))
}

/// Reads a bounded regular file as UTF-8 text (a byte-order mark is dropped).
pub fn read_text(path: &Path, kind: InputKind) -> Result<String, Error> {
    let bytes = read_bounded(path, kind)?;
    let mut text = String::from_utf8(bytes).map_err(|e| Error::NotText {
        path: path.display().to_string(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

/// Refuses anything but a regular file (symlinks are followed), before opening it.
pub fn check_regular(path: &Path, kind: InputKind) -> Result<(), Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    if meta.is_file() {
        return Ok(());
    }
    let what = if meta.is_dir() {
        "a folder"
    } else {
        "a device, FIFO or socket"
    };
    Err(Error::NotAFile {
        path: path.display().to_string(),
        what,
        noun: kind.noun(),
    })
}

fn too_large(path: &Path, kind: InputKind, max: u64, size: Option<u64>) -> Error {
    let size = size.map_or("larger than that".to_string(), |s| {
        format!("{:.1} MB", s as f64 / MB as f64)
    });
    Error::TooLarge {
        path: path.display().to_string(),
        size,
        limit_mb: max / MB,
        noun: kind.noun(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_is_refused_before_reading() {
        let e = read_bounded(Path::new("/dev/zero"), InputKind::Scenario).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
    }

    #[test]
    fn a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_bounded(dir.path(), InputKind::Font).unwrap_err();
        assert!(e.to_string().contains("is a folder"), "{e}");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_with_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.toml");
        std::fs::write(&p, vec![b'#'; (MB + 10) as usize]).unwrap();
        let e = read_bounded(&p, InputKind::Sweep).unwrap_err();
        assert!(e.to_string().contains("above the 1 MB limit"), "{e}");
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plan.json");
        std::fs::write(&p, "\u{feff}{}").unwrap();
        assert_eq!(read_text(&p, InputKind::Baseline).unwrap(), "{}");
    }
}
