//! The integration tests, in one test binary (one link of the library and its
//! dependencies instead of one per suite). Each module is one suite; run one
//! with a filter, e.g. `cargo test --test it oracle::`.
//!
//! The randomised checks and the big oracle sweeps run at a small size by
//! default and at their full size with `LEADPLAN_LONG_TESTS=1` (see [`long`]
//! and [`size`]): the oracle (100 random scenarios per command, 500 long; the
//! frontier checks 40, 120 long), the proptests of `bnb`, `properties` and
//! `gap`, and the horizon checks of `horizon` and `horizon_dp`. CI runs the
//! default suite, then these suites again at full size in a step of their own
//! (.ci/run names them: add a suite there when it gets a long size).

mod bnb;
mod book;
mod certificates;
mod charts;
mod cli;
mod evidence;
mod gap;
mod hardening;
mod horizon;
mod horizon_dp;
mod horizon_export;
mod horizon_support;
mod library;
mod model_file;
mod newcomer;
mod oracle;
mod properties;
mod resilience;
mod schema;
mod score;
mod serve;
mod sheets;
mod sweep;

/// Whether the long randomised runs are asked for: `LEADPLAN_LONG_TESTS` set
/// to anything but empty or `0`.
pub fn long() -> bool {
    std::env::var_os("LEADPLAN_LONG_TESTS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// `full` when the long runs are asked for ([`long`]), else `short`: the size
/// of a randomised check (cases, scenarios, seeds).
pub fn size<T>(short: T, full: T) -> T {
    if long() {
        full
    } else {
        short
    }
}
