//! `leadplan contingency`: re-plan for each partner's withdrawal or cut.

use std::path::PathBuf;

use crate::resilience::contingency::{analyse, ContingencyOptions};
use crate::resilience::render;
use crate::Scenario;
use clap::Args;

use super::textjson::{baseline, OutputArgs};
use super::SolverArgs;

/// Flags of `contingency`.
#[derive(Args, Debug)]
pub struct ContingencyArgs {
    /// Scenario file (TOML).
    file: PathBuf,
    /// Also cut each country's capacity and budget by this fraction (0 < F <= 1, e.g. 0.5).
    #[arg(long, value_name = "F", value_parser = parse_fraction)]
    cut: Option<f64>,
    /// Also withdraw every pair of countries (N-2).
    #[arg(long)]
    pairs: bool,
    #[command(flatten)]
    solver: SolverArgs,
    #[command(flatten)]
    pub(super) output: OutputArgs,
    /// Also draw the objective each contingency loses as bars (PNG or SVG by extension).
    #[arg(long, value_name = "FILE")]
    chart: Option<PathBuf>,
}

fn parse_fraction(s: &str) -> Result<f64, String> {
    match s.trim_end_matches('%').parse::<f64>() {
        Ok(x) if s.ends_with('%') && x > 0.0 && x <= 100.0 => Ok(x / 100.0),
        Ok(x) if !s.ends_with('%') && x > 0.0 && x <= 1.0 => Ok(x),
        _ => Err(format!(
            "`{s}` is not a fraction in (0, 1]: write e.g. 0.5 or 50%"
        )),
    }
}

pub fn run(args: ContingencyArgs) -> anyhow::Result<u8> {
    let scenario = Scenario::load(&args.file)?;
    let opts = args.solver.options();
    let plan = match baseline(&scenario, &opts, &args.output)? {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let copts = ContingencyOptions {
        cut: args.cut,
        pairs: args.pairs,
    };
    let report = analyse(&scenario, &plan, &copts, &opts)?;
    if let Some(path) = &args.chart {
        super::chart::write_chart(path, &scenario, &args.file, |font, format| {
            crate::chart::resilience::contingency_losses(&report, font, format)
        })?;
    }
    args.output.emit(&report, render::contingency)?;
    Ok(0)
}
