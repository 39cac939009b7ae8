//! `leadplan score` and `leadplan compare`: a proposed plan judged by the
//! rule book and valued against the optimum (exit 0 feasible, 1 not).

use std::path::PathBuf;

use clap::Args;

use crate::resilience::plan_csv::read as read_plan;
use crate::resilience::score::{compare, score};
use crate::resilience::score_text;
use crate::Scenario;

use super::textjson::OutputArgs;
use super::SolverArgs;

/// Flags of `score`.
#[derive(Args, Debug)]
pub struct ScoreArgs {
    /// Scenario file (TOML).
    file: PathBuf,
    /// The proposed plan: the JSON of `leadplan solve --format json`, the CSV of `--format csv` (a `.csv` file) or the plan sheet of `--format xlsx` (an `.xlsx` or `.ods` file); without shares, the best split of the costs is used.
    #[arg(long, value_name = "PLAN")]
    plan: PathBuf,
    #[command(flatten)]
    solver: SolverArgs,
    #[command(flatten)]
    pub(super) output: OutputArgs,
}

/// Flags of `compare`.
#[derive(Args, Debug)]
pub struct CompareArgs {
    /// Scenario file (TOML).
    file: PathBuf,
    /// Plan A (JSON, CSV or a workbook, as `score --plan` reads them).
    plan_a: PathBuf,
    /// Plan B.
    plan_b: PathBuf,
    #[command(flatten)]
    solver: SolverArgs,
    #[command(flatten)]
    pub(super) output: OutputArgs,
}

pub fn run(args: ScoreArgs) -> anyhow::Result<u8> {
    let scenario = Scenario::load(&args.file)?;
    let plan = read_plan(&args.plan, &scenario)?;
    let report = score(&scenario, &plan, &args.solver.options())?;
    args.output.emit(&report, score_text::score)?;
    Ok(if report.feasible() { 0 } else { 1 })
}

pub fn run_compare(args: CompareArgs) -> anyhow::Result<u8> {
    let scenario = Scenario::load(&args.file)?;
    let a = read_plan(&args.plan_a, &scenario);
    let b = read_plan(&args.plan_b, &scenario);
    let (a, b) = match (a, b) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => return Err(e.into()),
        (
            Err(crate::Error::Invalid { diagnostics: mut d }),
            Err(crate::Error::Invalid { diagnostics }),
        ) => {
            d.extend(diagnostics);
            return Err(crate::Error::Invalid { diagnostics: d }.into());
        }
        (Err(e), Err(_)) => return Err(e.into()),
    };
    let mut report = compare(&scenario, &a, &b, &args.solver.options())?;
    report.files = [&args.plan_a, &args.plan_b]
        .map(|p| p.display().to_string())
        .to_vec();
    args.output.emit(&report, score_text::compare)?;
    Ok(if report.a.feasible() && report.b.feasible() {
        0
    } else {
        1
    })
}
