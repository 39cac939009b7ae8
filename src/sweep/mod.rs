//! Sweeps: thousands of variants of one scenario, solved in parallel, and what
//! they say about the plan.
//!
//! A sweep file declares which numbers of a base scenario vary and how
//! ([`spec`]); a design picks each run's point ([`design`]); the engine solves
//! the runs on a rayon pool and streams their records in run order
//! ([`engine`]); the aggregator turns them, serially, into a [`Summary`] with
//! lead frequencies, stability, regret, rank-correlation screening and Sobol
//! indices ([`stats`]). Same seed and inputs give byte-identical run files and
//! summaries for any thread count.
//!
//! ```text
//! sweep file + Scenario --spec--> Sweep --design--> run points (seed, run id)
//!   --rayon: instantiate + check + solve + baseline--> RunRecords (in run order)
//!   --aggregate serially--> Summary --render--> text / JSON / Markdown
//! ```

pub mod apply;
pub(crate) mod columnar;
pub mod correlation;
pub mod correlation_record;
#[cfg(test)]
mod correlation_tests;
pub mod data;
pub mod design;
pub mod digest;
pub mod dist;
pub mod engine;
pub mod files;
pub mod formats;
pub mod guard;
pub mod iman_conover;
pub mod manifest;
pub mod merge;
pub mod morris;
pub mod param;
pub(crate) mod read;
pub mod record;
pub mod render;
mod replay;
pub mod resolve;
mod resume;
pub mod run;
pub mod screen;
pub mod shard;
pub mod significance;
pub(crate) mod sizing;
pub mod slurm;
pub mod sobol;
pub mod spec;
pub mod stats;
mod streams;
pub mod summary;
mod widest;

pub use design::{Design, DesignKind};
pub use engine::{run_sweep, Finished, Progress, SweepOptions};
pub use formats::{RunsFormat, RunsFormats};
pub use guard::{request_stop, request_stop_by_signal, stop_requested, stop_signal};
pub use manifest::Manifest;
pub use run::{RunRecord, Status};
pub use spec::{Overrides, Parameter, Sweep};
pub use summary::Summary;
