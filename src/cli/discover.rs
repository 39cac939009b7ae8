//! `leadplan discover`: PRIM scenario discovery on a finished sweep.

use std::path::PathBuf;

use crate::discover::{discover, prim::Tuning, render, Choice, Request, Target};
use crate::sweep::data::{scenario_file, SweepResults};
use crate::Scenario;
use clap::Args;

use super::textjson::OutputArgs;

/// Flags of `discover`.
#[derive(Args, Debug)]
pub struct DiscoverArgs {
    /// A finished sweep's folder (the --out of `leadplan sweep`).
    dir: PathBuf,
    /// What to explain: infeasible, survival, lead:TASK=COUNTRY, leads-changed:TASK, objective<X, regret>X, blame:FAMILY.
    #[arg(long)]
    target: String,
    /// The scenario the sweep was run on (default: the file its manifest names).
    #[arg(long)]
    scenario: Option<PathBuf>,
    /// Peel this parameter as unordered categories (repeat for several).
    #[arg(long, value_name = "PARAMETER")]
    categorical: Vec<String>,
    /// Density a chosen box must reach: the rule picks the point with the highest coverage among those that reach it.
    #[arg(long, default_value_t = 0.8, value_parser = share)]
    min_density: f64,
    /// Most boxes (covering: each next box is found on the runs the earlier ones left).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=20))]
    max_boxes: u64,
    /// Choose this trajectory point for the first box instead of the rule.
    #[arg(long = "box", value_name = "K")]
    point: Option<usize>,
    /// Share of a box's runs one peel removes.
    #[arg(long, default_value_t = 0.05, value_parser = alpha)]
    peel_alpha: f64,
    /// Share one paste adds.
    #[arg(long, default_value_t = 0.05, value_parser = alpha)]
    paste_alpha: f64,
    /// Smallest share of the runs a box may hold.
    #[arg(long, default_value_t = 0.05, value_parser = share)]
    mass_min: f64,
    #[command(flatten)]
    pub(super) output: OutputArgs,
}

fn share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("`{s}` is not a share between 0 and 1")),
    }
}

fn alpha(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x > 0.0 && x < 0.5 => Ok(x),
        _ => Err(format!("`{s}` is not a share above 0 and below 0.5")),
    }
}

/// Runs `discover`.
pub fn run(args: DiscoverArgs) -> anyhow::Result<u8> {
    let file = match &args.scenario {
        Some(f) => f.clone(),
        None => scenario_file(&args.dir)?,
    };
    if !file.is_file() {
        return Err(crate::Error::Usage(format!(
            "the sweep in {} was run on `{}`, which is not a file from here; pass --scenario FILE",
            args.dir.display(),
            file.display()
        ))
        .into());
    }
    let scenario = Scenario::load(&file)?;
    // Only the columns the target reads (runs.csv, column by column, when there is one).
    let fields = Target::parse(&args.target, &scenario)?.fields();
    let sweep = super::opened(SweepResults::open_with(
        &args.dir, &file, &scenario, fields,
    )?);
    let req = Request {
        target: args.target.clone(),
        categorical: args.categorical.clone(),
        choice: Choice {
            tuning: Tuning {
                peel_alpha: args.peel_alpha,
                paste_alpha: args.paste_alpha,
                mass_min: args.mass_min,
            },
            min_density: args.min_density,
            max_boxes: args.max_boxes as usize,
            first: args.point,
        },
    };
    let found = discover(&sweep, &scenario, &req)?;
    args.output.emit(&found, render::text)?;
    Ok(0)
}
