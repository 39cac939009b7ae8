//! `leadplan replan`: repair a baseline plan with the fewest changes.

use std::path::PathBuf;

use crate::resilience::render;
use crate::resilience::replan::{read_baseline, replan, Stability};
use crate::Scenario;
use clap::Args;

use super::textjson::OutputArgs;
use super::SolverArgs;

/// Flags of `replan`.
#[derive(Args, Debug)]
pub struct ReplanArgs {
    /// Scenario file (TOML), as it stands now.
    file: PathBuf,
    /// The plan to repair: the JSON output of `leadplan solve --format json`.
    #[arg(long, value_name = "PLAN.json")]
    baseline: PathBuf,
    /// Drop at most K baseline leads.
    #[arg(long, value_name = "K", conflicts_with = "change_penalty")]
    max_changes: Option<usize>,
    /// Give up this much objective per baseline lead dropped (the optimal trade-off).
    #[arg(long, value_name = "P", value_parser = parse_penalty)]
    change_penalty: Option<f64>,
    #[command(flatten)]
    solver: SolverArgs,
    #[command(flatten)]
    pub(super) output: OutputArgs,
}

fn parse_penalty(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && (0.0..=1e9).contains(&x) => Ok(x),
        _ => Err(format!(
            "`{s}` is not a penalty: write a number of objective points per change from 0 to 1e9"
        )),
    }
}

pub fn run(args: ReplanArgs) -> anyhow::Result<u8> {
    let scenario = Scenario::load(&args.file)?;
    let base = read_baseline(&args.baseline, &scenario)?;
    let how = match (args.max_changes, args.change_penalty) {
        (Some(k), _) => Stability::MaxChanges(k),
        (_, Some(p)) => Stability::Penalty(p),
        _ => Stability::Fewest,
    };
    let report = replan(&scenario, &base, how, &args.solver.options())?;
    args.output.emit(&report, render::replan)?;
    Ok(if report.plan.is_some() { 0 } else { 1 })
}
