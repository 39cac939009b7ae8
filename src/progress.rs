//! Progress of the long loops of re-solves (runner-ups, contingencies,
//! futures, Pareto subproblems), for a front end to show.
//!
//! The library never prints: a loop counts its steps through a [`Stage`], and
//! the command line installs an [`Observer`] once at start (a progress bar on
//! a terminal, none elsewhere, so piped output and tests never see one).
//! Without an observer a stage costs one check. Stages do not nest: while one
//! counts, a loop inside it (the re-solves of one future) counts nothing, so
//! the outer bar stays whole.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

/// Shows the progress of one stage at a time.
pub(crate) trait Observer: Send + Sync {
    /// A stage starts: `what` it does, and its step count where known.
    fn begin(&self, what: &str, total: Option<u64>);
    /// One more step of the current stage is done.
    fn advance(&self);
    /// The current stage is over.
    fn end(&self);
}

static OBSERVER: OnceLock<Box<dyn Observer>> = OnceLock::new();
static COUNTING: AtomicBool = AtomicBool::new(false);

/// Installs the process's observer (the first one installed stays).
pub(crate) fn set_observer(o: Box<dyn Observer>) {
    let _ = OBSERVER.set(o);
}

/// One counted loop; ends when dropped.
pub(crate) struct Stage {
    observer: Option<&'static dyn Observer>,
}

impl Stage {
    /// Starts counting `what` (`total` steps, where known), unless no observer
    /// is installed or another stage is counting.
    pub(crate) fn begin(what: &str, total: Option<u64>) -> Stage {
        let observer = OBSERVER.get().map(|b| &**b).filter(|_| {
            COUNTING
                .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
        });
        if let Some(o) = observer {
            o.begin(what, total);
        }
        Stage { observer }
    }

    /// One step is done.
    pub(crate) fn step(&self) {
        if let Some(o) = self.observer {
            o.advance();
        }
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if let Some(o) = self.observer {
            o.end();
            COUNTING.store(false, Ordering::Release);
        }
    }
}
