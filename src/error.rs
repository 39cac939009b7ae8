//! The library's error type.
//!
//! Bad input (a scenario with problems) carries every diagnostic; the binary
//! maps it to exit code 2.

use crate::diag::Diagnostic;

/// Errors the library returns.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
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
    /// A usage problem (bad flag combination, unavailable solver, ...).
    #[error("{0}")]
    Usage(String),
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
