//! `leadplan merge`: shard folders into the outputs of one whole sweep.

use std::path::PathBuf;

use crate::fmt::plural;
use crate::sweep::merge::{merge, MergeError};
use clap::Args;

use super::sweep::SweepFormat;

/// Flags of `leadplan merge`.
#[derive(Args, Debug)]
pub struct MergeArgs {
    /// Shard folders written by `leadplan sweep --shard I/N`, in any order.
    #[arg(required = true, value_name = "DIR")]
    dirs: Vec<PathBuf>,
    /// Output folder: the run files the shards wrote (runs.csv, runs.jsonl, runs.parquet), summary.json, summary.md, manifest.json, timings.csv, as one whole sweep writes them.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The sweep file, when it is not at the path the shards' manifests name (it must have the same bytes).
    #[arg(long, value_name = "FILE")]
    sweep: Option<PathBuf>,
    /// Summary format on standard output.
    #[arg(long, value_enum, default_value_t = SweepFormat::Text)]
    format: SweepFormat,
}

/// Exit 0 merged, 1 refused (missing, overlapping, foreign, unfinished or
/// truncated shards; nothing written) or some run failed, 2 bad usage.
pub fn run(args: MergeArgs) -> anyhow::Result<u8> {
    let done = match merge(&args.dirs, args.sweep.as_deref(), &args.out) {
        Ok(done) => done,
        Err(MergeError::Refused(problems)) => {
            say!("merge: the shards do not make one whole sweep; nothing written:");
            for p in problems {
                say!("  - {p}");
            }
            return Ok(1);
        }
        Err(MergeError::Failed(e)) => return Err(e.into()),
    };
    super::print_notes(&done.notes);
    args.format.emit(&done.summary)?;
    let m = &done.manifest;
    say!(
        "merge: {} from {} in {:.2} s; outputs in {}",
        plural(m.runs, "run", "runs"),
        plural(args.dirs.len(), "shard folder", "shard folders"),
        m.wall_seconds,
        args.out.display()
    );
    Ok(super::sweep::failed_runs_exit("merge", &done.summary))
}
