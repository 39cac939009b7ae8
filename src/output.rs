//! Writing output files so that nothing is ever half-written, and nothing that
//! is not a file is ever replaced.
//!
//! What `--out` may name, and what happens:
//! - a new path, or an existing regular file: the content goes to a temporary
//!   file beside it, is flushed to disk, and is renamed over the target in one
//!   step: a reader sees the old file or the new one, never a mix, and a crash
//!   leaves the old file intact. An existing file keeps its permissions.
//! - a symbolic link: the same, applied to the file it points to (the link stays).
//! - `-`, `/dev/stdout` (or `/dev/fd/1`, `/proc/self/fd/1`): standard output;
//!   `/dev/stderr` (`/dev/fd/2`, `/proc/self/fd/2`): standard error.
//! - `/dev/null` and `/dev/tty`: written through, as they are.
//! - anything else (a folder, another device, a FIFO, a socket): refused with a
//!   sentence (exit 2); it is never replaced by a regular file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Where a write goes, once the path is understood.
enum Target {
    /// A regular file (existing or new), written atomically.
    File(PathBuf),
    /// Standard output or standard error.
    Stdout,
    Stderr,
    /// A character device written through (`/dev/null`, `/dev/tty`).
    Device(PathBuf),
}

/// Devices written through as they are.
const PASS_THROUGH: &[&str] = &["/dev/null", "/dev/tty"];

/// Writes `bytes` to `path`: atomically for files (see the module notes),
/// streamed for standard output and `/dev/null`; refuses anything else.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let io = |p: &Path| {
        let shown = p.display().to_string();
        move |e: std::io::Error| Error::Io {
            path: shown,
            source: e,
        }
    };
    match target(path)? {
        Target::File(real) => replace_file(&real, bytes).map_err(io(&real)),
        Target::Stdout => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .and_then(|_| out.flush())
                .map_err(io(path))
        }
        Target::Stderr => std::io::stderr().write_all(bytes).map_err(io(path)),
        Target::Device(dev) => std::fs::OpenOptions::new()
            .write(true)
            .open(&dev)
            .and_then(|mut f| f.write_all(bytes))
            .map_err(io(&dev)),
    }
}

/// Refuses, before any work, a path [`write_atomic`] would refuse (a folder,
/// a device other than /dev/null, a FIFO, a socket).
pub fn check_target(path: &Path) -> Result<(), Error> {
    target(path).map(|_| ())
}

fn target(path: &Path) -> Result<Target, Error> {
    let named = path.to_string_lossy();
    match named.as_ref() {
        "-" | "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1" => return Ok(Target::Stdout),
        "/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2" => return Ok(Target::Stderr),
        _ => {}
    }
    let real = resolve_links(path)?;
    let meta = match std::fs::metadata(&real) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Target::File(real)),
        Err(e) => {
            return Err(Error::Io {
                path: real.display().to_string(),
                source: e,
            })
        }
        Ok(m) => m,
    };
    if meta.is_file() {
        return Ok(Target::File(real));
    }
    if PASS_THROUGH.iter().any(|d| Path::new(d) == real) {
        return Ok(Target::Device(real));
    }
    let what = if meta.is_dir() {
        "a folder"
    } else {
        "a device, FIFO or socket"
    };
    Err(Error::Usage(format!(
        "{} is {what}, not a file: leadplan writes output only to regular files (new or existing, also through a symbolic link), standard output (`-` or /dev/stdout) or /dev/null; name a file",
        path.display()
    )))
}

/// Follows symbolic links to the path they end at (which may not exist yet).
fn resolve_links(path: &Path) -> Result<PathBuf, Error> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p).map_err(|e| Error::Io {
                    path: p.display().to_string(),
                    source: e,
                })?;
                p = match p.parent() {
                    Some(dir) => dir.join(to),
                    None => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(Error::Usage(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// Temp file beside `path`, flushed, then renamed over it.
fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let old_permissions = std::fs::metadata(path).ok().map(|m| m.permissions());
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        if let Some(p) = old_permissions {
            f.set_permissions(p)?;
        }
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plan.json");
        std::fs::write(&p, "old").unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_folder_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("no/such/plan.json");
        assert!(write_atomic(&p, b"x").is_err());
        assert!(!p.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_written_through_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plan.json");
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"new").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn a_folder_or_a_device_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_atomic(dir.path(), b"x").unwrap_err();
        assert!(e.to_string().contains("is a folder, not a file"), "{e}");
        let e = write_atomic(Path::new("/dev/full"), b"x").unwrap_err();
        assert!(e.to_string().contains("a device, FIFO or socket"), "{e}");
        assert!(!std::fs::metadata("/dev/full").unwrap().is_file());
    }

    #[test]
    fn dev_null_is_written_through() {
        write_atomic(Path::new("/dev/null"), b"x").unwrap();
        assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
    }
}
