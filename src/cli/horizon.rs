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
    /// Hold the first period as a plan printed before holds it (a JSON file written by
    /// `leadplan horizon --format json` for this horizon file: its first node's leads and
    /// the tasks it institutionalised) and plan the later periods: the value a planner who
    /// commits to it gets.
    #[arg(long, value_name = "JSON")]
    first_period: Option<PathBuf>,
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
    let report = match &args.first_period {
        None => horizon::run(&h, &o)?,
        Some(path) => horizon::run_with_first(&h, &o, &read_first_period(&h, path)?)?,
    };
    let out = args.out.as_deref();
    match args.format {
        Format::Text => super::emit(&horizon::render::text(&report), out)?,
        Format::Markdown => super::emit(&horizon::render::markdown(&report), out)?,
        Format::Csv => super::emit(&horizon::render::csv(&report)?, out)?,
        Format::Json => super::emit_json(&crate::resilience::to_json(&report), out)?,
    }
    Ok(if report.certified { 0 } else { 1 })
}

/// The first period of a plan `leadplan horizon --format json` wrote for `h`.
fn read_first_period(h: &Horizon, path: &std::path::Path) -> anyhow::Result<horizon::FirstPeriod> {
    use anyhow::{anyhow, bail};
    let shown = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| anyhow!("{shown}: {e}"))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        anyhow!("{shown}: not JSON ({e}); give the file `leadplan horizon --format json` writes")
    })?;
    if v["hash"].as_str() != Some(h.hash.as_str()) {
        bail!(
            "{shown} was not written for {} as it is now (its `hash` differs); plan it again with `leadplan horizon {} --format json`",
            h.file.display(),
            h.file.display()
        );
    }
    let first = v["nodes"][0]["leads"].as_array().ok_or_else(|| {
        anyhow!("{shown}: no plan (no `nodes[0].leads`); give the output of a run that found one")
    })?;
    let mut leads = vec![Vec::new(); h.tasks.len()];
    for row in first {
        let task = row["task"].as_str().unwrap_or_default();
        let t = (h.base.tasks.iter())
            .position(|x| x.id == task)
            .ok_or_else(|| {
                anyhow!(
                    "{shown}: `nodes[0].leads` names a task `{}` the scenario does not have",
                    crate::fmt::escape_line(task)
                )
            })?;
        for id in row["leads"].as_array().into_iter().flatten() {
            let id = id.as_str().unwrap_or_default();
            let i = h.base.country_index(id).ok_or_else(|| {
                anyhow!(
                    "{shown}: `nodes[0].leads` names a country `{}` the scenario does not have",
                    crate::fmt::escape_line(id)
                )
            })?;
            leads[t].push(i);
        }
    }
    let chosen: Vec<&str> = (v["institutionalised"].as_array().into_iter().flatten())
        .filter_map(|x| x.as_str())
        .collect();
    let institutionalised = (h.base.tasks.iter())
        .map(|t| chosen.contains(&t.id.as_str()))
        .collect();
    Ok(horizon::FirstPeriod {
        leads,
        institutionalised,
    })
}
