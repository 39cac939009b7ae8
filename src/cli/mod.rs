//! The command line: flag declarations and one function per subcommand.
//!
//! Only this module and `main.rs` print. Each subcommand returns an exit code:
//! 0 success, 1 no plan (infeasible, or out of time without one), 2 bad input or
//! usage, 3 solver error (the solver failed; nothing is known about the scenario).
//! What they print goes through [`console`], which shows control and
//! bidirectional characters of the input as escapes.

#[macro_use]
mod console;
mod alternatives;
mod chart;
mod check;
mod contingency;
mod discover;
mod export;
mod gap;
mod horizon;
mod horizon_flags;
mod import;
mod merge;
mod pareto;
mod progress;
mod replan;
mod report;
mod robust;
mod schema;
mod score;
mod serve;
mod shard;
mod solve;
mod sweep;
mod textjson;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::solve_report::Format;
use crate::{SolveOptions, SolverChoice};
use console::{emit, emit_json};

/// The heading of the rare safety limits on every help page, apart from each
/// command's own options.
const SAFETY_LIMITS: &str = "Safety limits";

/// Division-of-labour planning for allied cooperation.
#[derive(Parser, Debug)]
#[command(name = "leadplan", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Largest input file read, in MB (default: 16 for scenarios, baselines and GAP files,
    /// 1 for sweep files, 32 for fonts, 1024 for a sweep's result files).
    #[arg(long, global = true, value_name = "MB", help_heading = SAFETY_LIMITS, value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    max_input_mb: Option<u64>,
    /// Also read files that a scenario names (a capability matrix) or that a CSV folder
    /// links to from inside DIR (repeatable); by default only the scenario's own folder and
    /// the folders below it are read.
    #[arg(long, global = true, value_name = "DIR", help_heading = SAFETY_LIMITS)]
    read_root: Vec<PathBuf>,
    /// Stop (exit 1, with a sentence) when leadplan's memory use passes this many MB.
    #[arg(long, global = true, value_name = "MB", help_heading = SAFETY_LIMITS, default_value_t = watch::DEFAULT_MAX_MEMORY_MB, value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    max_memory_mb: u64,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Solve a scenario: the optimal lead plan, with runner-ups and binding limits.
    Solve(SolveArgs),
    /// Sweep a scenario: many variants solved in parallel, and how robust the plan is (exit 1 if any run failed).
    Sweep(SweepArgs),
    /// Merge the shard folders of a sweep (`sweep --shard I/N`) into the outputs of one whole sweep.
    Merge(merge::MergeArgs),
    /// Check scenario files and report every problem (exit 2 if any) and every warning (exit 0).
    Check {
        /// Scenario files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = textjson::TextJson::Text)]
        format: textjson::TextJson,
    },
    /// Re-plan as if each country withdrew (N-1, N-2 with --pairs) or cut back (--cut F).
    Contingency(contingency::ContingencyArgs),
    /// The best distinct plans within a tolerance of the optimum.
    Alternatives(alternatives::AlternativesArgs),
    /// Repair a baseline plan after the scenario changed, with the fewest changes.
    Replan(replan::ReplanArgs),
    /// Score a proposed plan: feasible or not, every limit it breaks, its objective against the optimum's (exit 1 if it breaks a limit).
    Score(score::ScoreArgs),
    /// Score two plans side by side: feasibility, objective terms, the tasks they lead differently.
    Compare(score::CompareArgs),
    /// One plan for several futures: the best worst case (or mean) across scenario files.
    Robust(robust::RobustArgs),
    /// The exact Pareto front between two or three objective terms (AUGMECON2), each point a plan.
    Pareto(pareto::ParetoArgs),
    /// Draw a chart of a plan, of a sweep or of a horizon plan, as PNG or SVG.
    Chart(chart::ChartArgs),
    /// Write a report: assumptions, plan, explanation, charts (and a sweep's robustness), as HTML or Markdown.
    Report(report::ReportArgs),
    /// Scenario discovery: PRIM boxes of swept assumptions under which a target (no plan, ...) concentrates.
    Discover(discover::DiscoverArgs),
    /// Solve OR-Library generalized assignment benchmark files (each instance gets 60 s unless --time-limit says otherwise).
    Gap(GapArgs),
    /// Read a workbook (.xlsx, .ods) or a folder of CSV files into a scenario file.
    Import(import::ImportArgs),
    /// Write a scenario (as the import template) or a finished sweep as a workbook.
    Export(export::ExportArgs),
    /// Print the JSON Schema of scenario or sweep files, for editors (taplo, Even Better TOML).
    Schema(schema::SchemaArgs),
    /// Plan across election calendars: who leads each task in each period, when governments may change.
    Horizon(horizon::HorizonArgs),
    /// A what-if page in the browser: edit any number, re-plan at once, see what changed and why.
    Serve(serve::ServeArgs),
}

/// Solver flags shared by every command that solves.
#[derive(Args, Debug, Clone)]
pub struct SolverArgs {
    /// Solver: auto picks microlp below 100 lead variables, bnb (leadplan's own branch and
    /// bound with cuts) from 100, and HiGHS (if compiled in) above 250.
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

/// The longest time limit accepted, in seconds (about 11.6 days): beyond it a
/// deadline would overflow the clock, and no plan is worth waiting longer for.
pub const MAX_TIME_LIMIT_S: f64 = 1_000_000.0;

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 && x <= MAX_TIME_LIMIT_S => Ok(x),
        Ok(x) if x > MAX_TIME_LIMIT_S => Err(format!(
            "`{s}` seconds is beyond the longest time limit, {MAX_TIME_LIMIT_S:.0} s (about 11.6 days)"
        )),
        _ => Err(format!("`{s}` is not a positive number of seconds")),
    }
}

impl SolverArgs {
    /// The `--solver` value.
    fn name(&self) -> &'static str {
        match self.solver {
            SolverArg::Auto => "auto",
            SolverArg::Microlp => "microlp",
            SolverArg::Highs => "highs",
            SolverArg::Bnb => "bnb",
        }
    }

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
    /// Write the output to this file (atomically; through a symbolic link to its file; `-` or /dev/stdout for standard output) instead of standard output.
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
    /// What the scenario's pins cost: the optimum without them, and each pin lifted alone (re-solves).
    #[arg(long)]
    price_pins: bool,
    /// Also write the model solved to this file, for any MILP solver: model.mps (free MPS) or model.lp (CPLEX LP); see docs/src/model.md.
    #[arg(long, value_name = "FILE")]
    write_model: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct SweepArgs {
    /// Sweep file: a `[sweep]` table naming its base scenario, or a scenario with a `[sweep]` table.
    file: PathBuf,
    /// Output folder: runs.csv, runs.jsonl (or runs.parquet, see --runs-format), summary.json, summary.md, manifest.json, timings.csv.
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
    /// Also write the scenarios of the first N runs to DIR/scenarios/ (for peers and diagnosis; at most 100000 files).
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=100_000))]
    dump_scenarios: u64,
    /// Run files to write: csv, jsonl, parquet (repeat the flag for several; default: csv and jsonl).
    #[arg(long, value_enum, value_name = "FORMAT")]
    runs_format: Vec<crate::sweep::RunsFormat>,
    /// Runs per chunk (testing; outputs do not depend on it).
    #[arg(long, hide = true, default_value_t = 0)]
    chunk: usize,
    #[command(flatten)]
    solver: SolverArgs,
    #[command(flatten)]
    cluster: shard::ClusterArgs,
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
    sense: Option<crate::orlib::Sense>,
    #[command(flatten)]
    solver: SolverArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = gap::GapFormat::Text)]
    format: gap::GapFormat,
    /// Write each instance as a scenario TOML (DIR/<instance>.toml) instead of solving.
    #[arg(long, value_name = "DIR")]
    to_scenario: Option<PathBuf>,
}

impl Command {
    /// `Some(out)` when the command prints JSON (`--format json`) to `out`
    /// (`None`: standard output); `solve` handles its own.
    fn json_output(&self) -> Option<Option<PathBuf>> {
        let o = match self {
            Command::Contingency(a) => &a.output,
            Command::Alternatives(a) => &a.output,
            Command::Replan(a) => &a.output,
            Command::Score(a) => &a.output,
            Command::Compare(a) => &a.output,
            Command::Robust(a) => &a.output,
            Command::Pareto(a) => &a.output,
            Command::Discover(a) => &a.output,
            _ => return None,
        };
        (o.format == textjson::TextJson::Json).then(|| o.out.clone())
    }
}

/// Runs the parsed command; returns the exit code. A solver error under
/// `--format json` also prints `{"status": "error", "message"}` (exit 3).
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    if let Some(mb) = cli.max_input_mb {
        crate::input::set_max_input_mb(mb);
    }
    crate::input::set_read_roots(&cli.read_root)?;
    watch::limit_memory(cli.max_memory_mb);
    let json = cli.command.json_output();
    match (dispatch(cli), json) {
        (Err(e), Some(out)) if is_solver_error(&e) => {
            say!("error: {e:#}");
            emit_json(
                &textjson::solver_error_json(None, &format!("{e:#}")),
                out.as_deref(),
            )?;
            Ok(3)
        }
        (result, _) => result,
    }
}

fn is_solver_error(e: &anyhow::Error) -> bool {
    matches!(
        e.downcast_ref::<crate::Error>(),
        Some(crate::Error::Solver(_))
    )
}

fn dispatch(cli: Cli) -> anyhow::Result<u8> {
    if matches!(
        cli.command,
        Command::Solve(_)
            | Command::Contingency(_)
            | Command::Robust(_)
            | Command::Pareto(_)
            | Command::Report(_)
            | Command::Horizon(_)
    ) {
        progress::install();
    }
    match cli.command {
        Command::Solve(args) => solve::run(args),
        Command::Sweep(args) => sweep::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Check { files, format } => check::run(&files, format),
        Command::Contingency(args) => contingency::run(args),
        Command::Alternatives(args) => alternatives::run(args),
        Command::Replan(args) => replan::run(args),
        Command::Score(args) => score::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Horizon(args) => horizon::run(args),
        Command::Compare(args) => score::run_compare(args),
        Command::Robust(args) => robust::run(args),
        Command::Pareto(args) => pareto::run(args),
        Command::Chart(args) => chart::run(args),
        Command::Report(args) => report::run(args),
        Command::Discover(args) => discover::run(args),
        Command::Gap(args) => gap::run(args),
        Command::Import(args) => import::run(args),
        Command::Export(args) => export::run(args),
        Command::Schema(args) => schema::run(args),
    }
}

/// Prints a reader's notes (run files that could not be verified) on stderr.
fn print_notes(notes: &[String]) {
    for n in notes {
        say!("{n}");
    }
}

/// A sweep's results, once their notes are printed.
fn opened(r: crate::sweep::data::SweepResults) -> crate::sweep::data::SweepResults {
    print_notes(&r.notes);
    r
}

/// A command line clap refuses (or `--help`, `--version`). clap quotes the
/// arguments it refuses; when one holds a control or bidirectional
/// character, the message is printed plain (no colours) with those escaped.
fn usage_error(e: clap::Error) -> ExitCode {
    let hostile =
        std::env::args_os().any(|a| a.to_string_lossy().chars().any(crate::fmt::is_hostile));
    if !hostile || !e.use_stderr() {
        e.exit();
    }
    console::say_block(&e.render().to_string());
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

/// Parses the command line, runs the command, maps errors to exit codes
/// (2: bad input or usage, 3: a solver error, 1: anything else).
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                if io.kind() == std::io::ErrorKind::BrokenPipe {
                    return ExitCode::SUCCESS;
                }
            }
            match e.downcast_ref::<crate::Error>() {
                Some(crate::Error::Invalid { .. }) => {
                    console::say_block(&e.to_string());
                    ExitCode::from(2)
                }
                Some(
                    crate::Error::Usage(_)
                    | crate::Error::Io { .. }
                    | crate::Error::NotAFile { .. }
                    | crate::Error::TooLarge { .. }
                    | crate::Error::NotText { .. }
                    | crate::Error::SolverUnavailable(_),
                ) => {
                    say!("error: {e}");
                    ExitCode::from(2)
                }
                Some(crate::Error::Solver(_)) => {
                    say!("error: {e:#}");
                    ExitCode::from(3)
                }
                _ => {
                    say!("error: {e:#}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
