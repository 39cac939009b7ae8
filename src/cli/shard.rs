//! `leadplan sweep --shard I/N` and `leadplan sweep --slurm-script`: a sweep
//! beyond one machine, as shards a batch system runs and `leadplan merge` joins.

use crate::fmt::plural;
use crate::sweep::shard::{run_shard, Shard};
use crate::sweep::slurm::SlurmJob;
use crate::sweep::{Progress, Sweep, SweepOptions};
use clap::Args;

use super::SweepArgs;

/// Flags for running a sweep as shards.
#[derive(Args, Debug)]
pub struct ClusterArgs {
    /// Run only shard I of N (1-based; shard I holds run ids floor((I-1)R/N)..floor(IR/N) of R) into --out, exit 0 once they are recorded (failed runs included); join the shards with `leadplan merge`.
    #[arg(long, value_name = "I/N", conflicts_with = "slurm_script")]
    pub shard: Option<Shard>,
    /// Print an sbatch job-array script that runs the sweep as --shards shards into --out/shards/ (and the merge command), then exit.
    #[arg(long, requires = "shards")]
    pub slurm_script: bool,
    /// Shard count for --slurm-script (one array task each).
    #[arg(long, value_name = "N", requires = "slurm_script")]
    pub shards: Option<u64>,
    /// Slurm partition for --slurm-script.
    #[arg(long, value_name = "P", requires = "slurm_script")]
    pub partition: Option<String>,
    /// Slurm time limit per shard for --slurm-script (e.g. 02:00:00).
    #[arg(long, value_name = "T", requires = "slurm_script")]
    pub time: Option<String>,
    /// CPUs per shard for --slurm-script; each shard runs that many threads.
    #[arg(long, value_name = "C", requires = "slurm_script")]
    pub cpus: Option<u32>,
}

/// Runs one shard; exit 0 once all its runs are recorded (failed runs are
/// results: `leadplan merge` reports them).
pub fn run(
    sweep: &Sweep,
    args: &SweepArgs,
    opts: &SweepOptions,
    shard: Shard,
    progress: &dyn Progress,
) -> anyhow::Result<u8> {
    let m = run_shard(sweep, &args.out, opts, shard, args.runs, progress)?;
    let info = m.shard.as_ref().map_or(String::new(), |s| s.to_string());
    say!(
        "sweep: {info}: {} in {:.2} s on {} ({:.0} runs/s), {} of them failed; outputs in {}",
        plural(
            m.completed_runs - (m.started_at_run - m.shard.as_ref().map_or(0, |s| s.first_run)),
            "run",
            "runs"
        ),
        m.wall_seconds,
        plural(m.threads, "thread", "threads"),
        m.runs_per_second,
        m.failed_runs,
        args.out.display()
    );
    Ok(0)
}

/// The flags every shard (and every resume) must get to run the same sweep.
pub(super) fn shard_flags(args: &SweepArgs) -> Vec<String> {
    let mut flags = Vec::new();
    let mut add = |name: &str, v: Option<String>| {
        if let Some(v) = v {
            flags.push(name.to_string());
            flags.push(v);
        }
    };
    add("--runs", args.runs.map(|n| n.to_string()));
    add("--seed", args.seed.map(|n| n.to_string()));
    add("--solver", Some(args.solver.name().to_string()));
    add(
        "--time-limit",
        args.solver.time_limit.map(|t| t.to_string()),
    );
    add("--chunk", (args.chunk > 0).then(|| args.chunk.to_string()));
    add(
        "--dump-scenarios",
        (args.dump_scenarios > 0).then(|| args.dump_scenarios.to_string()),
    );
    for f in &args.runs_format {
        add("--runs-format", Some(f.name().to_string()));
    }
    flags
}

/// Prints the job-array script on standard output, the next steps on standard error.
pub fn print_slurm_script(sweep: &Sweep, args: &SweepArgs) -> anyhow::Result<u8> {
    let c = &args.cluster;
    let job = SlurmJob {
        leadplan: std::env::current_exe()?,
        workdir: std::env::current_dir()?,
        sweep_file: args.file.clone(),
        out: args.out.clone(),
        shards: c.shards.unwrap_or(1),
        partition: c.partition.clone(),
        time: c.time.clone(),
        cpus: c.cpus.unwrap_or(1),
        flags: shard_flags(args),
        runs: sweep.design.runs(),
    };
    let script = job.script().map_err(crate::Error::Usage)?;
    super::emit(&script, None)?;
    say!(
        "sweep: save this script (e.g. `> sweep.sbatch`), submit it with `sbatch sweep.sbatch`, and when every task has succeeded run\n  {}",
        job.merge_command()
    );
    Ok(0)
}
