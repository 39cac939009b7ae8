//! Guards that run beside a command: a memory limit and, on a terminal, a
//! progress line for long solves.
//!
//! The memory limit (`--max-memory-mb`, 4096 MB by default) is checked every
//! 200 ms from the process's resident size; past it, leadplan stops with a
//! sentence and exit 1 instead of taking the machine's memory (a solver's
//! branch and bound on a very large model can grow by tens of MB a second).

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The default memory limit, in MB.
pub const DEFAULT_MAX_MEMORY_MB: u64 = 4096;

/// Resident memory of this process in MB (Linux; `None` elsewhere).
fn resident_mb() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096 / (1 << 20))
}

/// Stops the process with a sentence when its memory is past `limit_mb`.
fn check_memory(limit_mb: u64) {
    if let Some(mb) = resident_mb().filter(|&mb| mb > limit_mb) {
        say!(
            "\nerror: leadplan stopped: its memory use reached {mb} MB, past the limit of {limit_mb} MB \
             (--max-memory-mb). For a large model, pass --time-limit SECONDS or use HiGHS \
             (--solver highs, in a build with --features highs); or raise the limit"
        );
        std::process::exit(1);
    }
}

/// Checks the memory limit now, then every 200 ms for the rest of the process.
pub fn limit_memory(limit_mb: u64) {
    if resident_mb().is_none() {
        return;
    }
    check_memory(limit_mb);
    let spawned = std::thread::Builder::new()
        .name("memory-limit".into())
        .spawn(move || loop {
            std::thread::sleep(Duration::from_millis(200));
            check_memory(limit_mb);
        });
    drop(spawned);
}

/// On a terminal, a line on standard error that counts the seconds of a long
/// step (shown after 2 s, cleared when dropped).
pub struct Ticker {
    done: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Ticker {
    /// Starts counting `label` (e.g. "solving 50000 lead variables with microlp").
    pub fn start(label: String) -> Ticker {
        let done = Arc::new(AtomicBool::new(false));
        let thread = std::io::stderr().is_terminal().then(|| {
            let done = done.clone();
            std::thread::spawn(move || tick(&label, &done))
        });
        Ticker { done, thread }
    }
}

fn tick(label: &str, done: &AtomicBool) {
    let start = Instant::now();
    let mut shown = false;
    while !done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(250));
        let secs = start.elapsed().as_secs();
        if secs >= 2 {
            super::console::progress(Some(&format!("{label}: {secs} s (Ctrl-C to stop)")));
            shown = true;
        }
    }
    if shown {
        super::console::progress(None);
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
