//! `leadplan horizon`: a plan across election calendars.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::horizon::{self, Horizon};

use super::horizon_flags::PlanFlags;
use super::SolverArgs;

/// Flags of `horizon`.
#[derive(Args, Debug)]
pub struct HorizonArgs {
    /// Horizon file (`*.horizon.toml`): a scenario, periods, government states and election calendars.
    file: PathBuf,
    #[command(flatten)]
    plan: PlanFlags,
    /// Skip the extra exact solves for EVPI, VSS and the worth of each institution.
    #[arg(long)]
    no_values: bool,
    /// Also write every node's scenario (a period under one history of states) as a
    /// scenario file into DIR, named by its period and history, for `leadplan solve`;
    /// and the tree (nodes, chances, weights, handover and institution terms) as DIR/tree.json.
    #[arg(long, value_name = "DIR")]
    write_scenarios: Option<PathBuf>,
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
enum Format {
    Text,
    Json,
    Csv,
    Markdown,
}

pub fn run(args: HorizonArgs) -> anyhow::Result<u8> {
    let o = args.plan.options(args.solver.options(), !args.no_values)?;
    let h = Horizon::load(&args.file)?;
    if let Some(dir) = &args.write_scenarios {
        for path in horizon::tree::write_scenarios(&h, dir, &o.goal.name())? {
            say!("wrote {}", path.display());
        }
    }
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
