//! `leadplan pareto`: the exact non-dominated plans between two or three objective terms.

use std::path::PathBuf;

use crate::pareto::{pareto, text};
use crate::{Scenario, Term};
use clap::Args;

use super::textjson::OutputArgs;
use super::SolverArgs;

/// Flags of `pareto`.
#[derive(Args, Debug)]
pub struct ParetoArgs {
    /// Scenario file (TOML).
    file: PathBuf,
    /// Two or three terms, comma-separated: fit, cost, sensitivity, fairness (the first
    /// is optimised in each subproblem, the others are constrained).
    #[arg(long, value_delimiter = ',', required = true, value_parser = Term::parse)]
    objectives: Vec<Term>,
    /// Grid points per constrained term (AUGMECON2's grid); leave out for the complete front.
    #[arg(long, value_parser = clap::value_parser!(u64).range(2..=10_000))]
    points: Option<u64>,
    #[command(flatten)]
    solver: SolverArgs,
    #[command(flatten)]
    pub(super) output: OutputArgs,
    /// Also draw the front (PNG or SVG): each plan labelled by what changes from its neighbour.
    #[arg(long, value_name = "FILE")]
    chart: Option<PathBuf>,
}

pub fn run(args: ParetoArgs) -> anyhow::Result<u8> {
    let scenario = Scenario::load(&args.file)?;
    let opts = args.solver.options();
    let points = args.points.map(|n| n as usize);
    let report = pareto(&scenario, &args.objectives, points, &opts)?;
    if let Some(path) = args.chart.as_ref().filter(|_| !report.points.is_empty()) {
        super::chart::write_chart(path, &scenario, &args.file, |font, format| {
            crate::chart::front::front(&report, font, format)
        })?;
    }
    args.output.emit(&report, text)?;
    Ok(if report.points.is_empty() { 1 } else { 0 })
}
