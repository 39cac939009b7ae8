//! `leadplan alternatives`: the best distinct plans within a tolerance of the optimum.

use std::path::PathBuf;

use crate::resilience::alternatives::{alternatives, Tolerance};
use crate::resilience::render;
use crate::Scenario;
use clap::Args;

use super::textjson::{baseline, OutputArgs};
use super::SolverArgs;

/// Flags of `alternatives`.
#[derive(Args, Debug)]
pub struct AlternativesArgs {
    /// Scenario file (TOML).
    file: PathBuf,
    /// How far below the optimum: a percentage of it (`2%`) or objective points (`0.5`).
    #[arg(long, value_name = "TOL", default_value = "2%", value_parser = Tolerance::parse)]
    within: Tolerance,
    /// Most alternatives to list besides the optimum (at most 1000: each is a re-solve).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(0..=1000))]
    count: u64,
    /// Maximally different plans instead of the next best: each new plan maximises its
    /// smallest distance in leads from those found, within --within of the optimum.
    #[arg(long)]
    diverse: bool,
    #[command(flatten)]
    solver: SolverArgs,
    #[command(flatten)]
    pub(super) output: OutputArgs,
}

pub fn run(args: AlternativesArgs) -> anyhow::Result<u8> {
    let scenario = Scenario::load(&args.file)?;
    let opts = args.solver.options();
    let plan = match baseline(&scenario, &opts, &args.output)? {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    if args.diverse {
        let report = crate::resilience::diverse::diverse(
            &scenario,
            &plan,
            args.within,
            args.count as usize,
            &opts,
        )?;
        args.output
            .emit(&report, crate::resilience::diverse::text)?;
        return Ok(0);
    }
    let report = alternatives(&scenario, &plan, args.within, args.count as usize, &opts)?;
    args.output.emit(&report, render::alternatives)?;
    Ok(0)
}
