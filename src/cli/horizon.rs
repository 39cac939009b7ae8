//! `leadplan horizon`: a plan across election calendars.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::horizon::{self, Foresight, Goal, Horizon, HorizonOptions};

use super::SolverArgs;

/// Flags of `horizon`.
#[derive(Args, Debug)]
pub struct HorizonArgs {
    /// Horizon file (`*.horizon.toml`): a scenario, periods, government states and election calendars.
    file: PathBuf,
    /// How far ahead the plan looks: the whole tree of election results (stochastic), one
    /// path known in advance (perfect), or rolling windows along one path (myopic).
    #[arg(long, value_enum, default_value_t = ForesightArg::Stochastic)]
    foresight: ForesightArg,
    /// What the stochastic plan maximises: expected, worst (the worst path), regret (minus
    /// the largest shortfall against each path's own optimum) or cvar:ALPHA (the mean of
    /// the worst ALPHA share of paths, e.g. cvar:0.2).
    #[arg(long, default_value = "expected", value_parser = Goal::parse, value_name = "GOAL")]
    goal: Goal,
    /// The path for perfect and myopic foresight, as the plan names it
    /// (`KR:turnover@2030-32, US:turnover@2029-30`, or `no change`); the most likely by default.
    #[arg(long, value_name = "PATH")]
    path: Option<String>,
    /// Myopic foresight: periods each window plans.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..=1000))]
    view: u64,
    /// Myopic foresight: periods each window commits before the next one is planned.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=1000))]
    step: u64,
    /// Skip the extra exact solves for EVPI, VSS and the worth of each institution.
    #[arg(long)]
    no_values: bool,
    #[command(flatten)]
    solver: SolverArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short)]
    out: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ForesightArg {
    Stochastic,
    Perfect,
    Myopic,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Csv,
    Markdown,
}

pub fn run(args: HorizonArgs) -> anyhow::Result<u8> {
    if args.step > args.view {
        return Err(crate::Error::Usage(format!(
            "--step {} commits more periods than --view {} plans: give a step at most the view",
            args.step, args.view
        ))
        .into());
    }
    let h = Horizon::load(&args.file)?;
    let o = HorizonOptions {
        foresight: match args.foresight {
            ForesightArg::Stochastic => Foresight::Stochastic,
            ForesightArg::Perfect => Foresight::Perfect,
            ForesightArg::Myopic => Foresight::Myopic {
                view: args.view as usize,
                step: args.step as usize,
            },
        },
        goal: args.goal,
        path: args.path.clone(),
        solve: args.solver.options(),
        values: !args.no_values,
    };
    let report = horizon::run(&h, &o)?;
    let out = args.out.as_deref();
    match args.format {
        Format::Text => super::emit(&horizon::render::text(&report), out)?,
        Format::Markdown => super::emit(&horizon::render::markdown(&report), out)?,
        Format::Csv => super::emit(&horizon::render::csv(&report)?, out)?,
        Format::Json => super::emit_json(&crate::resilience::to_json(&report), out)?,
    }
    Ok(if report.certified { 0 } else { 1 })
}
