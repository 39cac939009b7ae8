//! The independent oracle: a brute force written from docs/MODEL.md
//! alone (it imports nothing from the library) checks what the binary prints
//! with `--format json` for `solve`, `alternatives`, `contingency`, `replan`
//! and `robust` on random small scenarios (100 each, 500 with
//! `LEADPLAN_LONG_TESTS=1`). See docs/MODEL.md,
//! "Checking the model: the oracle".

mod alternatives;
mod brute;
mod cli;
mod contingency;
mod frontier;
mod frontier_cli;
mod gen;
mod known;
mod money;
mod replan;
mod robust;
mod scenario;
mod score;
mod solve;

/// Random scenarios per command: 100, or 500 with `LEADPLAN_LONG_TESTS=1`.
pub fn scenarios() -> u64 {
    crate::size(100, 500)
}

/// Prints the scenario of one seed, to reproduce a finding by hand:
/// `ORACLE_SEED=138 cargo test --test it print_scenario -- --ignored --nocapture`.
#[test]
#[ignore = "a tool, not a check: prints the scenario of ORACLE_SEED"]
fn print_scenario() {
    let seed = std::env::var("ORACLE_SEED").map_or(0, |s| s.parse().unwrap());
    let optional = std::env::var("ORACLE_NO_OPTIONAL").is_err();
    let features = gen::Features {
        optional_tasks: optional,
    };
    print!("{}", gen::scenario(seed, features).to_toml());
}
