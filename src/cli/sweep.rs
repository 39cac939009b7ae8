//! `leadplan sweep`: load the sweep, run it with progress on stderr, print the summary.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::fmt::plural;
use crate::sweep::slurm::sh;
use crate::sweep::{render, run_sweep, Overrides, Progress, Sweep, SweepOptions};
use indicatif::ProgressBar;

use super::{emit, SweepArgs};

/// Summary formats on standard output.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SweepFormat {
    /// Readable terminal tables.
    Text,
    /// The summary.json document.
    Json,
    /// Markdown tables.
    Markdown,
}

impl SweepFormat {
    /// The summary in this format.
    pub fn render(self, summary: &crate::sweep::Summary) -> String {
        match self {
            SweepFormat::Text => render::text(summary),
            SweepFormat::Json => render::json(summary),
            SweepFormat::Markdown => render::markdown(summary),
        }
    }

    /// Renders `summary` and writes it to standard output.
    pub fn emit(self, summary: &crate::sweep::Summary) -> anyhow::Result<()> {
        let text = self.render(summary);
        match self {
            SweepFormat::Json => super::emit_json(&text, None),
            SweepFormat::Text | SweepFormat::Markdown => emit(&text, None),
        }
    }
}

/// A progress bar on a terminal, plain periodic lines otherwise (cluster logs).
pub(super) enum Reporter {
    Bar(ProgressBar),
    Lines {
        total: AtomicU64,
        done: AtomicU64,
        first: AtomicU64,
        start: Instant,
        last: Mutex<Instant>,
    },
}

const LINE_EVERY: Duration = Duration::from_secs(10);

impl Reporter {
    pub(super) fn new() -> Reporter {
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(0);
            let style = super::progress::bar_style("runs", false);
            bar.set_style(style);
            Reporter::Bar(bar)
        } else {
            let now = Instant::now();
            Reporter::Lines {
                total: AtomicU64::new(0),
                done: AtomicU64::new(0),
                first: AtomicU64::new(0),
                start: now,
                last: Mutex::new(now),
            }
        }
    }

    fn line(done: u64, first: u64, total: u64, start: Instant) -> String {
        let secs = start.elapsed().as_secs_f64().max(1e-9);
        let rate = (done - first) as f64 / secs;
        let eta = if rate > 0.0 {
            (total - done) as f64 / rate
        } else {
            f64::INFINITY
        };
        format!(
            "sweep: {done}/{total} runs ({:.1}%), {rate:.0} runs/s, ETA {eta:.0} s",
            100.0 * done as f64 / total.max(1) as f64
        )
    }
}

impl Progress for Reporter {
    fn note(&self, text: &str) {
        match self {
            Reporter::Bar(b) => b.suspend(|| say!("{text}")),
            Reporter::Lines { .. } => say!("{text}"),
        }
    }

    fn start(&self, total: u64, done: u64) {
        match self {
            Reporter::Bar(b) => {
                b.set_length(total);
                b.set_position(done);
                b.reset_eta();
            }
            Reporter::Lines {
                total: t,
                done: d,
                first,
                ..
            } => {
                t.store(total, Ordering::Relaxed);
                d.store(done, Ordering::Relaxed);
                first.store(done, Ordering::Relaxed);
                if done > 0 {
                    say!("sweep: resuming after {done} recorded runs");
                }
            }
        }
    }

    fn advance(&self, n: u64) {
        match self {
            Reporter::Bar(b) => b.inc(n),
            Reporter::Lines {
                total,
                done,
                first,
                start,
                last,
            } => {
                let now_done = done.fetch_add(n, Ordering::Relaxed) + n;
                let Ok(mut last) = last.try_lock() else {
                    return;
                };
                if last.elapsed() >= LINE_EVERY {
                    *last = Instant::now();
                    say!(
                        "{}",
                        Reporter::line(
                            now_done,
                            first.load(Ordering::Relaxed),
                            total.load(Ordering::Relaxed),
                            *start
                        )
                    );
                }
            }
        }
    }

    fn estimate(&self, runs_left: u64, seconds: f64) {
        if seconds > LONG_SWEEP_S {
            say!(
                "warning: the {runs_left} runs left may take about {} (estimated from one solve of the base scenario); Ctrl-C stops the sweep and keeps every finished run, and --resume continues it",
                human_duration(seconds)
            );
        }
    }

    fn finish(&self) {
        match self {
            Reporter::Bar(b) => b.finish_and_clear(),
            Reporter::Lines {
                total,
                done,
                first,
                start,
                ..
            } => {
                say!(
                    "{}",
                    Reporter::line(
                        done.load(Ordering::Relaxed),
                        first.load(Ordering::Relaxed),
                        total.load(Ordering::Relaxed),
                        *start
                    )
                );
            }
        }
    }
}

/// Sweeps estimated to take longer than this (seconds) are announced with a warning.
const LONG_SWEEP_S: f64 = 600.0;

fn human_duration(s: f64) -> String {
    match s {
        s if s < 3600.0 => format!("{:.0} minutes", s / 60.0),
        s if s < 172_800.0 => format!("{:.1} hours", s / 3600.0),
        s => format!("{:.1} days", s / 86_400.0),
    }
}

/// On Ctrl-C (SIGINT) or SIGTERM (what Slurm and other batch systems send at
/// a job's time limit), asks the sweep to stop after the runs in progress; a
/// second signal of the same kind ends the process at once.
#[cfg(unix)]
fn stop_on_ctrl_c() {
    extern "C" fn on_signal(signal: libc::c_int) {
        crate::sweep::request_stop_by_signal(signal);
    }
    // SAFETY: the handler only stores to atomics (async-signal-safe);
    // SA_RESETHAND restores the default action for a second signal.
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = on_signal as *const () as usize;
        sa.sa_flags = libc::SA_RESETHAND;
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(libc::SIGINT, &sa, std::ptr::null_mut());
        libc::sigaction(libc::SIGTERM, &sa, std::ptr::null_mut());
    }
}

#[cfg(not(unix))]
fn stop_on_ctrl_c() {}

/// Most threads per core `--threads` may ask for: runs are CPU-bound, so more
/// only adds memory and switching.
pub const THREADS_PER_CORE: usize = 4;

/// `--threads`, or all cores; at least 1, at most [`THREADS_PER_CORE`] per core
/// (with a warning when capped).
fn thread_count(asked: Option<usize>) -> anyhow::Result<usize> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    match asked {
        None => Ok(cores),
        Some(0) => Err(crate::Error::Usage("--threads must be at least 1".into()).into()),
        Some(n) if n > THREADS_PER_CORE * cores => {
            let cap = THREADS_PER_CORE * cores;
            say!(
                "warning: --threads {n} is more than {THREADS_PER_CORE} per core on this machine ({cores} cores); using {cap}"
            );
            Ok(cap)
        }
        Some(n) => Ok(n),
    }
}

/// The command that resumes this sweep: the same sweep flags the Slurm
/// script passes its shards (`--runs`, `--seed`, `--solver`, ...), `extra`
/// (the shard), then `--resume`; every word quoted for a POSIX shell.
fn resume_command(args: &SweepArgs, extra: &[String]) -> String {
    let mut words = vec![
        "leadplan".to_string(),
        "sweep".into(),
        args.file.display().to_string(),
        "--out".into(),
        args.out.display().to_string(),
    ];
    words.extend(super::shard::shard_flags(args));
    words.extend(extra.iter().cloned());
    words.push("--resume".into());
    let words: Vec<String> = words.iter().map(|w| sh(w)).collect();
    words.join(" ")
}

/// Exit 128 + the signal (130 for Ctrl-C, 143 for SIGTERM) with the command
/// that resumes, when `e` is a stop on request (`extra`: flags beyond the
/// sweep's own); any other error as it is.
fn interrupted(args: &SweepArgs, e: anyhow::Error, extra: &[String]) -> anyhow::Result<u8> {
    match e.downcast_ref::<crate::Error>() {
        Some(crate::Error::Interrupted { completed, total }) => {
            #[cfg(unix)]
            let (signal, how) = match crate::sweep::stop_signal() {
                Some(libc::SIGTERM) => (libc::SIGTERM, "stopped by SIGTERM"),
                _ => (libc::SIGINT, "interrupted"),
            };
            #[cfg(not(unix))]
            let (signal, how) = (2, "interrupted");
            say!(
                "sweep: {how} after {completed} of {total} runs, all recorded in {}; continue with `{}`",
                args.out.display(),
                resume_command(args, extra)
            );
            Ok(128 + signal as u8)
        }
        _ => Err(e),
    }
}

pub fn run(args: SweepArgs) -> anyhow::Result<u8> {
    let sweep = Sweep::load(
        &args.file,
        Overrides {
            runs: args.runs,
            seed: args.seed,
        },
    )?;
    if args.cluster.slurm_script {
        return super::shard::print_slurm_script(&sweep, &args);
    }
    let threads = thread_count(args.threads)?;
    let opts = SweepOptions {
        solve: args.solver.options(),
        threads,
        resume: args.resume,
        dump_scenarios: args.dump_scenarios,
        chunk: args.chunk,
        formats: crate::sweep::RunsFormats::new(&args.runs_format)?,
    };
    let reporter = Reporter::new();
    stop_on_ctrl_c();
    if let Some(shard) = args.cluster.shard {
        return match super::shard::run(&sweep, &args, &opts, shard, &reporter) {
            Err(e) => interrupted(&args, e, &["--shard".into(), shard.to_string()]),
            ok => ok,
        };
    }
    let done = match run_sweep(&sweep, &args.out, &opts, &reporter) {
        Err(e) => return interrupted(&args, e.into(), &[]),
        Ok(done) => done,
    };
    args.format.emit(&done.summary)?;
    let m = &done.manifest;
    say!(
        "sweep: {} in {:.2} s on {} ({:.0} runs/s); outputs in {}",
        plural(m.runs - m.started_at_run, "run", "runs"),
        m.wall_seconds,
        plural(m.threads, "thread", "threads"),
        m.runs_per_second,
        args.out.display()
    );
    Ok(failed_runs_exit("sweep", &done.summary))
}

/// Exit 1, with a sentence, when some runs of a finished sweep (or merge) failed.
pub(super) fn failed_runs_exit(command: &str, summary: &crate::sweep::Summary) -> u8 {
    if summary.failed == 0 {
        return 0;
    }
    say!(
        "{command}: {} of {} failed (see the status and message columns of runs.csv)",
        summary.failed,
        plural(summary.runs, "run", "runs")
    );
    1
}
