//! `leadplan chart`: load, solve or read the sweep, draw, write atomically.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::chart::{draw, ChartFont, ChartKind, ImageFormat, Inputs};
use crate::sweep::data::{frontier, Against, Frontier, SweepResults};
use crate::{solve, Outcome, Plan, Scenario, SolveOptions};

use super::horizon_flags::HorizonFlags;
use super::SolverArgs;

#[derive(Args, Debug)]
pub struct ChartArgs {
    /// Which chart.
    #[arg(value_enum)]
    kind: ChartKind,
    /// Scenario file (TOML); for the timeline chart, the horizon file's scenario (left
    /// out, it is the one the horizon file names).
    #[arg(required_unless_present = "horizon")]
    scenario: Option<PathBuf>,
    /// A sweep's output folder (`leadplan sweep --out DIR`), for the sweep charts.
    #[arg(long, value_name = "DIR")]
    sweep: Option<PathBuf>,
    /// The image to write; `.png` or `.svg` picks the format.
    #[arg(long, short)]
    out: PathBuf,
    /// A TrueType/OpenType font for the labels (for names in Korean, Japanese, ...);
    /// overrides `font` under [scenario].
    #[arg(long, value_name = "FILE")]
    font: Option<PathBuf>,
    /// The trade-off chart's horizontal axis.
    #[arg(long, value_enum, default_value_t = Against::Auto)]
    against: Against,
    #[command(flatten)]
    solver: SolverArgs,
    #[command(flatten)]
    horizon: HorizonFlags,
}

/// The scenario's optimal plan, or an error saying why there is none.
pub fn plan_of(scenario: &Scenario, file: &Path, opts: &SolveOptions) -> anyhow::Result<Plan> {
    match solve(scenario, opts)? {
        Outcome::Planned(p) => Ok(p),
        Outcome::Infeasible(d) => anyhow::bail!(
            "{} has no plan to chart: {}; `leadplan solve {}` explains it",
            file.display(),
            d.summary(),
            file.display()
        ),
        Outcome::NoPlanFound { .. } => anyhow::bail!(
            "no plan found within the time limit for {}; raise --time-limit",
            file.display()
        ),
    }
}

/// The scenario and the font its charts use (`--font`, else its `font` setting, else the built-in one).
pub fn scenario_and_font(
    file: &Path,
    font: Option<&Path>,
) -> anyhow::Result<(Scenario, ChartFont)> {
    let scenario = Scenario::load(file)?;
    let font = ChartFont::choose(font, scenario.font.as_deref(), file)?;
    Ok((scenario, font))
}

/// Writes a resilience chart (`--chart FILE`, PNG or SVG by extension) with the
/// scenario's font, printing missing-glyph warnings.
pub fn write_chart(
    path: &Path,
    scenario: &Scenario,
    scenario_file: &Path,
    draw: impl FnOnce(&ChartFont, ImageFormat) -> Result<crate::chart::Chart, crate::Error>,
) -> anyhow::Result<()> {
    let format = ImageFormat::from_path(path)?;
    let font = ChartFont::choose(None, scenario.font.as_deref(), scenario_file)?;
    let chart = draw(&font, format)?;
    for w in &chart.warnings {
        say!("warning: {w}");
    }
    crate::output::write_atomic(path, &chart.bytes)?;
    Ok(())
}

/// The timeline chart: the horizon file planned (without the values, which it does not draw).
fn timeline(args: &ChartArgs, format: ImageFormat) -> anyhow::Result<crate::chart::Chart> {
    let plan = (args.horizon).plan(args.scenario.as_deref(), args.solver.options(), false)?;
    let Some((h, report)) = plan else {
        return Err(crate::Error::Usage(crate::chart::horizon_needed(args.kind)).into());
    };
    let font = ChartFont::choose(
        args.font.as_deref(),
        h.base.font.as_deref(),
        &h.scenario_file,
    )?;
    let inputs = Inputs {
        scenario: &h.base,
        plan: None,
        sweep: None,
        font: &font,
        frontier: None,
        horizon: Some(&report),
    };
    Ok(draw(args.kind, &inputs, format)?)
}

/// Writes a drawn chart, printing its warnings.
fn write(chart: &crate::chart::Chart, out: &Path) -> anyhow::Result<u8> {
    for w in &chart.warnings {
        say!("warning: {w}");
    }
    crate::output::write_atomic(out, &chart.bytes)?;
    Ok(0)
}

pub fn run(args: ChartArgs) -> anyhow::Result<u8> {
    let format = ImageFormat::from_path(&args.out)?;
    if args.kind.needs_horizon() {
        return write(&timeline(&args, format)?, &args.out);
    }
    if args.horizon.horizon.is_some() {
        say!(
            "note: the {} chart is not drawn from a horizon plan; --horizon is not used",
            args.kind.name()
        );
    }
    let Some(file) = args.scenario.as_deref() else {
        return Err(crate::Error::Usage(format!(
            "the {} chart needs the scenario file: `leadplan chart {} SCENARIO.toml --out FILE`",
            args.kind.name(),
            args.kind.name()
        ))
        .into());
    };
    let (scenario, font) = scenario_and_font(file, args.font.as_deref())?;
    let opts = args.solver.options();
    let sweep = match (&args.sweep, args.kind.needs_sweep()) {
        (Some(dir), true) => Some(super::opened(SweepResults::open(dir, file, &scenario)?)),
        (None, true) => {
            return Err(crate::Error::Usage(format!(
                "the {} chart is drawn from a sweep: pass --sweep DIR (the --out folder of `leadplan sweep`)",
                args.kind.name()
            ))
            .into())
        }
        (Some(_), false) => {
            say!("note: the {} chart is drawn from the plan; --sweep is not used", args.kind.name());
            None
        }
        (None, false) => None,
    };
    let plan = match args.kind.needs_sweep() {
        false => Some(plan_of(&scenario, file, &opts)?),
        true => None,
    };
    let front: Option<Frontier> = match (&sweep, args.kind) {
        (Some(sw), ChartKind::TradeOff) => Some(frontier(&scenario, sw, args.against, &opts)?),
        _ => None,
    };
    let inputs = Inputs {
        scenario: &scenario,
        plan: plan.as_ref(),
        sweep: sweep.as_ref(),
        font: &font,
        frontier: front.as_ref(),
        horizon: None,
    };
    write(&draw(args.kind, &inputs, format)?, &args.out)
}
