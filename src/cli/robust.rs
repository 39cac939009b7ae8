//! `leadplan robust`: one plan for several futures.

use std::path::{Path, PathBuf};

use crate::resilience::render;
use crate::resilience::robust::{robust_with, Future, RobustGoal};
use crate::resilience::robust_metrics::{RobustOptions, Threshold};
use crate::Scenario;
use clap::Args;

use super::textjson::{baseline, OutputArgs};
use super::SolverArgs;

/// Flags of `robust`.
#[derive(Args, Debug)]
pub struct RobustArgs {
    /// Base scenario file (TOML): the first future, and the source of the baseline plan.
    file: PathBuf,
    /// Further futures: scenario files, or folders whose `*.toml` files are read in name order.
    #[arg(long, num_args = 1.., required = true, value_name = "FILE|DIR")]
    futures: Vec<PathBuf>,
    /// What to maximise: the worst objective over the futures, their weighted mean, minus
    /// the largest regret (each future's own optimum minus the plan's objective there), or
    /// the weighted share of futures where the plan reaches --threshold / --threshold-share.
    #[arg(long, value_enum, default_value_t = Goal::Worst)]
    goal: Goal,
    /// Satisficing: an objective the plan should reach in each future.
    #[arg(
        long,
        value_name = "X",
        allow_hyphen_values = true,
        conflicts_with = "threshold_share"
    )]
    threshold: Option<f64>,
    /// Satisficing: a fraction of each future's own optimum the plan should reach (0.9).
    #[arg(long, value_name = "F", value_parser = parse_share)]
    threshold_share: Option<f64>,
    /// One weight per future, the base first (`2,1,1`); else each file's `[scenario] weight`, else equal.
    #[arg(long, value_delimiter = ',', value_name = "W,W,...")]
    weights: Option<Vec<f64>>,
    /// The plan need only be feasible in futures of at least this weighted share (0.8);
    /// the report names the futures it gives up.
    #[arg(long, value_name = "P", value_parser = parse_share)]
    feasible_share: Option<f64>,
    #[command(flatten)]
    solver: SolverArgs,
    #[command(flatten)]
    pub(super) output: OutputArgs,
    /// Also draw the robust and baseline plans' objective in each future as bars (PNG or SVG).
    #[arg(long, value_name = "FILE")]
    chart: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum Goal {
    Worst,
    Mean,
    Regret,
    Satisficing,
}

pub(super) fn parse_share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x > 0.0 && x <= 1.0 => Ok(x),
        _ => Err(format!(
            "`{s}` is not a share: give a number in (0, 1], e.g. 0.8"
        )),
    }
}

/// The future files: each file as given, each folder's `*.toml` in name order.
fn future_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| crate::Error::Io {
                    path: p.display().to_string(),
                    source: e,
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "toml"))
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(crate::Error::Usage(format!(
                    "{}: the folder holds no .toml scenario files",
                    p.display()
                ))
                .into());
            }
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn load(path: &Path) -> anyhow::Result<Future> {
    Ok(Future {
        label: path.display().to_string(),
        scenario: Scenario::load(path)?,
    })
}

/// The worst-case robust report of `report --futures` (every goal's plan in
/// `metrics`; satisficing too with a threshold share).
pub(super) fn report_across(
    file: &Path,
    base: &Scenario,
    futures: &[PathBuf],
    plan: &crate::Plan,
    threshold_share: Option<f64>,
    feasible_share: Option<f64>,
    opts: &crate::SolveOptions,
) -> anyhow::Result<crate::resilience::robust::RobustReport> {
    let mut all = vec![Future {
        label: file.display().to_string(),
        scenario: base.clone(),
    }];
    for f in future_files(futures)? {
        all.push(load(&f)?);
    }
    let ro = RobustOptions {
        threshold: threshold_share.map(Threshold::Share),
        feasible_share,
        ..RobustOptions::goal(RobustGoal::Worst)
    };
    Ok(robust_with(&all, plan, &ro, opts)?)
}

pub fn run(args: RobustArgs) -> anyhow::Result<u8> {
    let mut futures = vec![load(&args.file)?];
    for f in future_files(&args.futures)? {
        futures.push(load(&f)?);
    }
    let opts = args.solver.options();
    let plan = match baseline(&futures[0].scenario, &opts, &args.output)? {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let goal = match args.goal {
        Goal::Worst => RobustGoal::Worst,
        Goal::Mean => RobustGoal::Mean,
        Goal::Regret => RobustGoal::Regret,
        Goal::Satisficing => RobustGoal::Satisficing,
    };
    let threshold = match (args.threshold, args.threshold_share) {
        (Some(x), _) => Some(Threshold::Absolute(x)),
        (None, Some(f)) => Some(Threshold::Share(f)),
        (None, None) => None,
    };
    let ro = RobustOptions {
        goal,
        weights: args.weights.clone(),
        threshold,
        feasible_share: args.feasible_share,
    };
    let report = robust_with(&futures, &plan, &ro, &opts)?;
    if let Some(path) = &args.chart {
        super::chart::write_chart(path, &futures[0].scenario, &args.file, |font, format| {
            crate::chart::resilience::robust_across_futures(&report, font, format)
        })?;
    }
    args.output.emit(&report, render::robust)?;
    Ok(if report.robust.is_some() { 0 } else { 1 })
}
