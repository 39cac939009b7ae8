//! What keeps a sweep folder consistent: one writer at a time, and a clean stop.
//!
//! A sweep holds an exclusive lock (`flock`, through `std::fs::File::try_lock`)
//! on `sweep.lock` in its output folder for as long as it writes there: a second
//! sweep on the same folder is refused with a sentence instead of interleaving
//! its rows with the first one's. The lock goes with the process, so a killed
//! sweep leaves nothing to clean up.
//!
//! A stop request (the command line sets it on Ctrl-C) makes the engine finish
//! the runs in progress, write every completed run in order, and return
//! [`Error::Interrupted`] so the caller can say how to resume.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

use crate::error::Error;

/// The lock file in a sweep's output folder.
pub const LOCK_FILE: &str = "sweep.lock";

static STOP: AtomicBool = AtomicBool::new(false);
static SIGNAL: AtomicI32 = AtomicI32::new(0);

/// Asks a running sweep to stop after the runs in progress. Async-signal-safe
/// (one atomic store): a signal handler may call it.
pub fn request_stop() {
    STOP.store(true, Ordering::Relaxed);
}

/// As [`request_stop`], noting the signal that asked (SIGINT from Ctrl-C,
/// SIGTERM from a batch system at its time limit). Async-signal-safe.
pub fn request_stop_by_signal(signal: i32) {
    SIGNAL.store(signal, Ordering::Relaxed);
    STOP.store(true, Ordering::Relaxed);
}

/// The signal that asked the sweep to stop, if a signal did.
pub fn stop_signal() -> Option<i32> {
    Some(SIGNAL.load(Ordering::Relaxed)).filter(|s| *s != 0)
}

/// Whether a stop was requested.
pub fn stop_requested() -> bool {
    STOP.load(Ordering::Relaxed)
}

/// The held lock on a sweep folder; released when dropped (or the process ends).
#[derive(Debug)]
pub struct FolderLock {
    _file: File,
}

/// Takes the folder's lock, or says which sweep holds it.
pub fn lock_folder(out: &Path) -> Result<FolderLock, Error> {
    let path = out.join(LOCK_FILE);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::Io {
            path: path.display().to_string(),
            source: e,
        })?;
    match file.try_lock() {
        Ok(()) => Ok(FolderLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(Error::Usage(format!(
            "another sweep is writing into {} (it holds {}); wait for it to finish, or choose another --out",
            out.display(),
            path.display()
        ))),
        Err(TryLockError::Error(e)) => Err(Error::Io {
            path: path.display().to_string(),
            source: e,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_folder_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock_folder(dir.path()).unwrap();
        let e = lock_folder(dir.path()).unwrap_err();
        assert!(e.to_string().contains("another sweep is writing"), "{e}");
        drop(first);
        lock_folder(dir.path()).unwrap();
    }
}
