//! A Slurm job-array script for a sharded sweep: leadplan does not schedule,
//! it writes what the cluster's own scheduler runs.
//!
//! One array task per shard (`--array=1-N`, task id = shard number), each
//! running `leadplan sweep FILE --shard I/N --resume` into `OUT/shards/I-of-N`
//! with as many threads as Slurm gave it (`SLURM_CPUS_PER_TASK`), so a
//! requeued or resubmitted task continues where it stopped. The merge runs
//! after every task has succeeded: by hand, or as a job that depends on the
//! array (`--dependency=afterok`).

use std::path::{Path, PathBuf};

/// What the script runs.
#[derive(Clone, Debug)]
pub struct SlurmJob {
    /// The leadplan binary, as an absolute path.
    pub leadplan: PathBuf,
    /// The folder to run in (paths below are relative to it, as typed).
    pub workdir: PathBuf,
    /// The sweep file.
    pub sweep_file: PathBuf,
    /// The output folder: shards go to `OUT/shards/`, the merged sweep to `OUT`.
    pub out: PathBuf,
    /// Shard count.
    pub shards: u64,
    /// `#SBATCH --partition`.
    pub partition: Option<String>,
    /// `#SBATCH --time`.
    pub time: Option<String>,
    /// `#SBATCH --cpus-per-task`: each shard's threads.
    pub cpus: u32,
    /// Flags every shard gets (`--runs`, `--seed`, solver flags).
    pub flags: Vec<String>,
    /// Runs in the sweep (for the header comment).
    pub runs: u64,
}

/// The folder of shard `i` of `n` under `out`.
pub fn shard_dir(out: &Path, i: u64, n: u64) -> PathBuf {
    out.join("shards").join(format!("{i}-of-{n}"))
}

/// `s` quoted for a POSIX shell.
pub fn sh(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./=:,+@%".contains(&b))
    {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn path(p: &Path) -> String {
    sh(&p.display().to_string())
}

/// A `#SBATCH` value: letters, digits and `-_.:,` only (no spaces or quotes).
fn check_value(flag: &str, v: &str) -> Result<(), String> {
    let ok = !v.is_empty()
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:,".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "--{flag} `{v}` is not a Slurm value: use letters, digits and - _ . : , only"
        ))
    }
}

impl SlurmJob {
    /// The merge command, run in [`SlurmJob::workdir`].
    pub fn merge_command(&self) -> String {
        let shards = self.out.join("shards");
        format!(
            "cd {} && {} merge {}/*-of-{} --out {}",
            path(&self.workdir),
            path(&self.leadplan),
            path(&shards),
            self.shards,
            path(&self.out)
        )
    }

    fn sbatch_lines(&self) -> Vec<String> {
        let mut lines = vec![
            "#SBATCH --job-name=leadplan-sweep".to_string(),
            format!("#SBATCH --array=1-{}", self.shards),
            format!("#SBATCH --cpus-per-task={}", self.cpus),
        ];
        if let Some(t) = &self.time {
            lines.push(format!("#SBATCH --time={t}"));
        }
        if let Some(p) = &self.partition {
            lines.push(format!("#SBATCH --partition={p}"));
        }
        lines.push("#SBATCH --requeue".into());
        lines
    }

    /// The job-array script.
    pub fn script(&self) -> Result<String, String> {
        if self.shards == 0 || self.cpus == 0 {
            return Err("--shards and --cpus must be at least 1".into());
        }
        if self.shards > self.runs {
            // every task's `--shard I/N` would be refused (shards without runs)
            return Err(format!(
                "--shards {} is more than the sweep's {} runs, so every task's --shard would be refused; use at most {} shards",
                self.shards, self.runs, self.runs
            ));
        }
        if let Some(t) = &self.time {
            check_value("time", t)?;
        }
        if let Some(p) = &self.partition {
            check_value("partition", p)?;
        }
        let n = self.shards;
        let merge = self.merge_command();
        let flags: String = self.flags.iter().map(|f| format!(" {}", sh(f))).collect();
        let shard_root = path(&self.out.join("shards"));
        let mut s = format!(
            "#!/bin/bash\n\
             # leadplan {ver}: sweep {file} ({runs} runs) in {n} shards, one Slurm array task each.\n\
             # Submit this file, then merge the shards once every task has succeeded:\n\
             #   jobid=$(sbatch --parsable THIS_FILE)\n\
             #   sbatch --dependency=afterok:\"$jobid\" --job-name=leadplan-merge --wrap={wrap}\n\
             # or, when squeue shows no task left, run the merge yourself:\n\
             #   {merge}\n\
             # A task that stops (time limit, preemption, scancel) continues where it stopped\n\
             # when requeued (scontrol requeue JOBID_I) or resubmitted (sbatch --array=I THIS_FILE).\n",
            ver = env!("CARGO_PKG_VERSION"),
            file = self.sweep_file.display(),
            runs = self.runs,
            wrap = sh(&merge),
        );
        for line in self.sbatch_lines() {
            s.push_str(&line);
            s.push('\n');
        }
        s.push_str(&format!(
            "set -euo pipefail\n\
             cd {workdir}\n\
             shard=\"${{SLURM_ARRAY_TASK_ID:?submit this script with sbatch: it is a job array}}\"\n\
             exec {bin} sweep {file}{flags} --shard \"$shard/{n}\" \\\n  \
             --out {shard_root}/\"$shard-of-{n}\" --threads \"${{SLURM_CPUS_PER_TASK:-1}}\" --resume\n",
            workdir = path(&self.workdir),
            bin = path(&self.leadplan),
            file = path(&self.sweep_file),
        ));
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job() -> SlurmJob {
        SlurmJob {
            leadplan: "/opt/lead plan/leadplan".into(),
            workdir: "/home/me/study".into(),
            sweep_file: "scenarios/tri.sweep.toml".into(),
            out: "out".into(),
            shards: 4,
            partition: Some("short".into()),
            time: Some("01:00:00".into()),
            cpus: 8,
            flags: vec!["--runs".into(), "2000".into()],
            runs: 2000,
        }
    }

    #[test]
    fn more_shards_than_runs_is_refused_as_shard_would_refuse_each_task() {
        let many = SlurmJob {
            shards: 10_000_000_000,
            ..job()
        };
        let e = many.script().unwrap_err();
        assert!(e.contains("at most 2000 shards"), "{e}");
        let shard = crate::sweep::shard::Shard::new(1, 2001).unwrap();
        assert!(
            shard.check_runs(2000).is_err(),
            "--shard refuses the same split"
        );
        let exact = SlurmJob {
            shards: 2000,
            ..job()
        };
        assert!(exact.script().is_ok());
    }

    #[test]
    fn the_script_is_a_job_array_of_resumable_shards() {
        let s = job().script().unwrap();
        for want in [
            "#SBATCH --array=1-4\n",
            "#SBATCH --cpus-per-task=8\n",
            "#SBATCH --time=01:00:00\n",
            "#SBATCH --partition=short\n",
            "cd /home/me/study\n",
            "exec '/opt/lead plan/leadplan' sweep scenarios/tri.sweep.toml --runs 2000 --shard \"$shard/4\"",
            "--out out/shards/\"$shard-of-4\" --threads \"${SLURM_CPUS_PER_TASK:-1}\" --resume\n",
            "merge out/shards/*-of-4 --out out",
        ] {
            assert!(s.contains(want), "missing {want:?} in\n{s}");
        }
        assert_eq!(
            shard_dir(Path::new("out"), 2, 4),
            Path::new("out/shards/2-of-4")
        );
    }

    #[test]
    fn slurm_values_with_spaces_or_quotes_are_refused() {
        let mut j = job();
        j.partition = Some("short\n#SBATCH --mem=1".into());
        assert!(j.script().unwrap_err().contains("--partition"));
        j.partition = None;
        j.time = Some("1 hour".into());
        assert!(j.script().unwrap_err().contains("--time"));
    }

    #[test]
    fn shell_quoting_survives_quotes() {
        assert_eq!(sh("plain/path-1.toml"), "plain/path-1.toml");
        assert_eq!(sh("it's here"), r"'it'\''s here'");
        assert_eq!(sh(""), "''");
    }
}
