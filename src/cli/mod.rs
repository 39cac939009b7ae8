//! The command line: flag declarations and one function per subcommand.
//!
//! Only this module and `main.rs` print. Each subcommand returns an exit code:
//! 0 success, 1 no plan (infeasible, or out of time without one), 2 bad input or usage.

mod check;
mod gap;
mod solve;

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
    /// Check scenario files and report every problem (exit 2 if any).
    Check {
        /// Scenario files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
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
    #[arg(long)]
    no_explain: bool,
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
        Command::Check { files } => check::run(&files),
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
