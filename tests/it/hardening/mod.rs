//! No input harms the machine, the data or the reader.
//!
//! Each observed case, rerun through the binary: hostile and
//! unbounded inputs, outputs that are not files, injection into what people
//! open, sweep folders shared by two sweeps or edited between runs, and a fixed
//! corpus of hostile files fed to every reader. Every case must end with exit
//! 0, 1, 2 (or 130 for Ctrl-C) and a sentence, quickly, without a panic.

mod corpus;
mod escaping;
mod inputs;
mod outputs;
mod sweep_folder;
mod tamper;

use std::path::{Path, PathBuf};
use std::time::Duration;

/// Small valid scenario (two countries, two tasks).
pub const BASE: &str = include_str!("../../fixtures/base.toml");

/// The `leadplan` binary, with a time limit no observed case may exceed.
pub fn leadplan() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("leadplan").unwrap();
    cmd.timeout(Duration::from_secs(60));
    cmd
}

/// Standard error of a finished command, as text.
pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Standard output of a finished command, as text.
pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Makes a FIFO (named pipe) at `path`.
pub fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "mkfifo failed");
}

/// Asserts exit 2, no panic, and returns standard error.
pub fn refused(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}
