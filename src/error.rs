//! The library's error type.
//!
//! Bad input (a scenario with problems) carries every diagnostic; the binary
//! maps it to exit code 2. A path in a message is shown with its control and
//! bidirectional characters escaped ([`crate::fmt::escape_line`]).

use crate::diag::Diagnostic;
use crate::fmt::escape_line;

/// Errors the library returns.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", escape_line(path))]
    Io {
        /// The path involved.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The input has problems; every one is listed.
    #[error("{}", crate::diag::render_all(diagnostics))]
    Invalid {
        /// Every problem found.
        diagnostics: Vec<Diagnostic>,
    },
    /// A usage problem (bad flag combination, an option out of range, ...).
    #[error("{0}")]
    Usage(String),
    /// An input path is not a regular file (a folder, device, FIFO or socket).
    #[error(
        "{} is {what}, not a regular file; leadplan reads {noun} only from regular files",
        escape_line(path)
    )]
    NotAFile {
        /// The path given.
        path: String,
        /// What it is instead.
        what: &'static str,
        /// What leadplan reads there (`scenario files`, ...).
        noun: &'static str,
    },
    /// An input file is larger than its limit (`--max-input-mb`).
    #[error("{} is {size}, above the {limit_mb} MB limit for {noun}; raise it with --max-input-mb if the file is meant to be this large", escape_line(path))]
    TooLarge {
        /// The path given.
        path: String,
        /// Its size in words (`12.5 MB`, or `larger than that`).
        size: String,
        /// The limit, in MB.
        limit_mb: u64,
        /// What leadplan reads there.
        noun: &'static str,
    },
    /// An input file is not UTF-8 text.
    #[error(
        "{}: the file is not UTF-8 text (invalid byte at offset {offset})",
        escape_line(path)
    )]
    NotText {
        /// The path given.
        path: String,
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The solver asked for is not in this build, or cannot take this model as
    /// asked (the message says what to do instead).
    #[error("{0}")]
    SolverUnavailable(String),
    /// A sweep stopped on request (Ctrl-C) after writing `completed` of `total` runs.
    #[error("interrupted after {completed} of {total} runs; every completed run is recorded")]
    Interrupted {
        /// Runs recorded in the output folder.
        completed: u64,
        /// Runs the sweep makes.
        total: u64,
    },
    /// The solver failed in a way that is not a property of the scenario.
    #[error("solver error: {0}")]
    Solver(String),
}
