//! The independent oracle (issue 9): a brute force written from docs/MODEL.md
//! alone (it imports nothing from the library) checks what the binary prints
//! with `--format json` for `solve`, `alternatives`, `contingency`, `replan`
//! and `robust` on 500 random small scenarios each. See docs/MODEL.md,
//! "Checking the model: the oracle".

mod alternatives;
mod brute;
mod cli;
mod contingency;
mod gen;
mod known;
mod money;
mod replan;
mod robust;
mod scenario;
mod solve;

/// Random scenarios per command.
pub const SCENARIOS: u64 = 500;
