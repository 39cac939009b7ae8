//! The command line: flag declarations and one function per subcommand.
//!
//! Only this module and `main.rs` print. Each subcommand returns an exit code:
//! 0 success, 1 no plan (infeasible, or out of time without one), 2 bad input or usage.

mod alternatives;
mod chart;
mod check;
mod contingency;
mod gap;
mod replan;
mod report;
mod robust;
mod solve;
mod sweep;
mod textjson;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use leadplan::report::Format;
use leadplan::{SolveOptions, SolverChoice};

/// Division-of-labour planning for allied cooperation.
#[derive(Parser, Debug)]
#[command(name = "leadplan", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Solve a scenario: the optimal lead plan, with runner-ups and binding limits.
    Solve(SolveArgs),
    /// Sweep a scenario: many variants solved in parallel, and how robust the plan is (exit 1 if any run failed).
    Sweep(SweepArgs),
    /// Check scenario files and report every problem (exit 2 if any).
    Check {
        /// Scenario files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Re-plan as if each country withdrew (N-1, N-2 with --pairs) or cut back (--cut F).
    Contingency(contingency::ContingencyArgs),
    /// The best distinct plans within a tolerance of the optimum.
    Alternatives(alternatives::AlternativesArgs),
    /// Repair a baseline plan after the scenario changed, with the fewest changes.
    Replan(replan::ReplanArgs),
    /// One plan for several futures: the best worst case (or mean) across scenario files.
    Robust(robust::RobustArgs),
    /// Draw a chart of a plan or of a sweep, as PNG or SVG.
    Chart(chart::ChartArgs),
    /// Write a report: assumptions, plan, explanation, charts (and a sweep's robustness), as HTML or Markdown.
    Report(report::ReportArgs),
    /// Solve OR-Library generalized assignment benchmark files (each instance gets 60 s unless --time-limit says otherwise).
    Gap(GapArgs),
}

/// Solver flags shared by every command that solves.
#[derive(Args, Debug, Clone)]
pub struct SolverArgs {
    /// Solver: auto picks microlp for small models and HiGHS (if compiled in) for large ones.
    #[arg(long, value_enum, default_value_t = SolverArg::Auto)]
    solver: SolverArg,
    /// Wall-clock limit per solver call, in seconds; a plan not proven optimal says so.
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    time_limit: Option<f64>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum SolverArg {
    Auto,
    Microlp,
    Highs,
    Bnb,
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
        _ => Err(format!("`{s}` is not a positive number of seconds")),
    }
}

impl SolverArgs {
    fn options(&self) -> SolveOptions {
        SolveOptions {
            solver: match self.solver {
                SolverArg::Auto => SolverChoice::Auto,
                SolverArg::Microlp => SolverChoice::Microlp,
                SolverArg::Highs => SolverChoice::Highs,
                SolverArg::Bnb => SolverChoice::Bnb,
            },
            time_limit: self.time_limit,
        }
    }
}

#[derive(Args, Debug)]
struct SolveArgs {
    /// Scenario file (TOML).
    file: PathBuf,
    #[command(flatten)]
    solver: SolverArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Skip the runner-up re-solves (faster on large scenarios).
    #[arg(long, conflicts_with = "explain")]
    no_explain: bool,
    /// Compute runner-ups even when they are estimated to take long.
    #[arg(long)]
    explain: bool,
    /// For each task, the fit the runner-up would need to take the lead (re-solves).
    #[arg(long, conflicts_with = "no_explain")]
    what_would_it_take: bool,
}

#[derive(Args, Debug)]
struct SweepArgs {
    /// Sweep file: a `[sweep]` table naming its base scenario, or a scenario with a `[sweep]` table.
    file: PathBuf,
    /// Output folder: runs.csv, runs.jsonl, summary.json, summary.md, manifest.json, timings.csv.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Sample count (base samples for saltelli), overriding the file's `runs`.
    #[arg(long, value_name = "N")]
    runs: Option<u64>,
    /// Master seed, overriding the file's `seed`.
    #[arg(long, value_name = "S")]
    seed: Option<u64>,
    /// Worker threads (default: all cores); outputs do not depend on it.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Continue the interrupted sweep in --out from its last complete record.
    #[arg(long)]
    resume: bool,
    /// Summary format on standard output.
    #[arg(long, value_enum, default_value_t = sweep::SweepFormat::Text)]
    format: sweep::SweepFormat,
    /// Also write the scenarios of the first N runs to DIR/scenarios/ (for peers and diagnosis).
    #[arg(long, value_name = "N", default_value_t = 0)]
    dump_scenarios: u64,
    /// Runs per chunk (testing; outputs do not depend on it).
    #[arg(long, hide = true, default_value_t = 0)]
    chunk: usize,
    #[command(flatten)]
    solver: SolverArgs,
}

#[derive(Args, Debug)]
struct GapArgs {
    /// OR-Library GAP file: gap1.txt .. gap12.txt, gapa.txt .. gapd.txt (P instances), or a single-instance file such as typeE/e05100.
    file: PathBuf,
    /// Only this instance (its 1-based position in the file).
    #[arg(long, value_name = "K")]
    instance: Option<usize>,
    /// Objective sense; by default max profit for gapN.txt files and min cost for all others (OR-Library's convention).
    #[arg(long, value_enum)]
    sense: Option<leadplan::gap::Sense>,
    #[command(flatten)]
    solver: SolverArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = gap::GapFormat::Text)]
    format: gap::GapFormat,
    /// Write each instance as a scenario TOML (DIR/<instance>.toml) instead of solving.
    #[arg(long, value_name = "DIR")]
    to_scenario: Option<PathBuf>,
}

/// Runs the parsed command; returns the exit code.
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Solve(args) => solve::run(args),
        Command::Sweep(args) => sweep::run(args),
        Command::Check { files } => check::run(&files),
        Command::Contingency(args) => contingency::run(args),
        Command::Alternatives(args) => alternatives::run(args),
        Command::Replan(args) => replan::run(args),
        Command::Robust(args) => robust::run(args),
        Command::Chart(args) => chart::run(args),
        Command::Report(args) => report::run(args),
        Command::Gap(args) => gap::run(args),
    }
}

/// Writes `text` to `out` atomically, or to standard output.
fn emit(text: &str, out: Option<&std::path::Path>) -> anyhow::Result<()> {
    match out {
        Some(path) => leadplan::output::write_atomic(path, text.as_bytes())?,
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
        }
    }
    Ok(())
}
