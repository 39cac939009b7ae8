//! `leadplan report`: solve and explain, read the sweep, draw the charts, write one document.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::chart::ImageFormat;
use crate::document::{self, markdown, Audience, ReportInputs};
use crate::resilience::contingency::{analyse, ContingencyOptions, ContingencyReport};
use crate::solve_report::SolveReport;
use crate::sweep::data::{frontier, Against, SweepResults};
use crate::{explain, solve, Explanation, Outcome, Plan, Scenario, SolveOptions};

use super::horizon_flags::HorizonFlags;
use super::SolverArgs;

/// Runner-up re-solves estimated to take longer than this are skipped unless --explain.
const MAX_EXPLAIN_SECONDS: f64 = 60.0;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocFormat {
    /// One self-contained HTML file (charts inline as SVG).
    Html,
    /// Markdown, with the charts as PNG files beside it.
    Markdown,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AudienceArg {
    /// A briefing in plain words and units first; the analyst's detail as an appendix.
    Minister,
    /// The analyst's detail alone: method terms, full tables.
    Analyst,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Scenario file (TOML).
    scenario: PathBuf,
    /// A sweep's output folder (`leadplan sweep --out DIR`): adds the robustness and drivers sections.
    #[arg(long, value_name = "DIR")]
    sweep: Option<PathBuf>,
    /// The report to write (atomically).
    #[arg(long, short)]
    out: PathBuf,
    /// html or markdown; by default from --out's extension (.md: markdown, else html).
    #[arg(long, value_enum)]
    format: Option<DocFormat>,
    /// Who the report is for: minister (a briefing first, the detail as an appendix) or analyst.
    #[arg(long, value_enum, default_value_t = AudienceArg::Minister)]
    audience: AudienceArg,
    /// A TrueType/OpenType font for chart labels (names in Korean, Japanese, ...).
    #[arg(long, value_name = "FILE")]
    font: Option<PathBuf>,
    /// The trade-off chart's horizontal axis (sweeps over objective weights).
    #[arg(long, value_enum, default_value_t = Against::Auto)]
    against: Against,
    /// Skip the runner-up re-solves.
    #[arg(long, conflicts_with = "explain")]
    no_explain: bool,
    /// Compute runner-ups and contingencies even when they are estimated to take long.
    #[arg(long)]
    explain: bool,
    /// Skip the contingencies (the plan re-made as if each partner stepped back).
    #[arg(long, conflicts_with = "explain")]
    no_contingencies: bool,
    /// Adds the exact Pareto front between these terms (fit, cost, sensitivity, fairness;
    /// two or three), in place of a weights sweep's weighted-sum trade-off.
    #[arg(long, value_delimiter = ',', value_parser = crate::Term::parse, value_name = "TERMS")]
    pareto: Option<Vec<crate::Term>>,
    /// Adds the plan of every robustness goal across these futures (files or folders), side by side.
    #[arg(long, num_args = 1.., value_name = "FILE|DIR")]
    futures: Option<Vec<PathBuf>>,
    /// With --futures, the satisficing goal too: the plan with the largest share of futures
    /// where it reaches this fraction of the future's own optimum (0.98).
    #[arg(long, value_name = "F", requires = "futures", value_parser = super::robust::parse_share)]
    threshold_share: Option<f64>,
    /// With --futures, each plan need only be feasible in futures of at least this weighted
    /// share (0.8), as `robust --feasible-share`; the mean goal is then left out.
    #[arg(long, value_name = "P", requires = "futures", value_parser = super::robust::parse_share)]
    feasible_share: Option<f64>,
    /// With --horizon, skip the extra exact solves for EVPI, VSS and the worth of each institution.
    #[arg(long, requires = "horizon")]
    no_values: bool,
    #[command(flatten)]
    solver: SolverArgs,
    #[command(flatten)]
    horizon: HorizonFlags,
}

fn explanation(
    args: &ReportArgs,
    s: &Scenario,
    plan: &Plan,
    opts: &SolveOptions,
) -> anyhow::Result<Option<Explanation>> {
    if args.no_explain {
        return Ok(None);
    }
    let solves = s.tasks.len() * s.countries.len().saturating_sub(1);
    let estimate = plan.seconds * solves as f64 / rayon::current_num_threads().max(1) as f64;
    if estimate > MAX_EXPLAIN_SECONDS && !args.explain {
        say!("note: skipping the {solves} runner-up re-solves (about {estimate:.0} s); use --explain to compute them anyway");
        return Ok(None);
    }
    Ok(Some(explain(s, plan, opts)?))
}

/// The plan re-made as if each partner stepped back, unless skipped or
/// estimated to take too long.
fn contingencies(
    args: &ReportArgs,
    s: &Scenario,
    plan: &Plan,
    opts: &SolveOptions,
) -> anyhow::Result<Option<ContingencyReport>> {
    if args.no_contingencies {
        return Ok(None);
    }
    // A withdrawal that leaves no plan also costs a diagnosis and a best-effort plan.
    let solves = 3 * s.countries.len();
    let estimate = plan.seconds * solves as f64 / rayon::current_num_threads().max(1) as f64;
    if estimate > MAX_EXPLAIN_SECONDS && !args.explain {
        say!("note: skipping the contingencies (about {estimate:.0} s); use --explain to compute them anyway");
        return Ok(None);
    }
    let o = ContingencyOptions::default();
    Ok(Some(analyse(s, plan, &o, opts)?))
}

fn format_of(args: &ReportArgs) -> DocFormat {
    args.format
        .unwrap_or_else(|| match args.out.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown") => {
                DocFormat::Markdown
            }
            _ => DocFormat::Html,
        })
}

/// Renders and writes the document; returns the warnings.
fn write(inp: &ReportInputs, format: DocFormat, out: &Path) -> anyhow::Result<Vec<String>> {
    crate::output::check_target(out)?;
    let blocks = document::blocks(inp);
    let mut warnings = Vec::new();
    match format {
        DocFormat::Html => {
            let charts = document::draw_charts(inp, &blocks, ImageFormat::Svg, &mut warnings)?;
            let html = document::html::render(&inp.scenario.name, &blocks, &charts);
            crate::output::write_atomic(out, html.as_bytes())?;
        }
        DocFormat::Markdown => {
            let charts = document::draw_charts(inp, &blocks, ImageFormat::Png, &mut warnings)?;
            let stem = out
                .file_stem()
                .map_or("report".into(), |s| s.to_string_lossy().into_owned());
            let dir = out.parent().unwrap_or(Path::new(""));
            for (kind, drawn) in &charts {
                if let document::Drawn::Chart(c) = drawn {
                    crate::output::write_atomic(
                        &dir.join(markdown::image_name(&stem, *kind)),
                        &c.bytes,
                    )?;
                }
            }
            let md = markdown::render(&blocks, &stem, &charts);
            crate::output::write_atomic(out, md.as_bytes())?;
        }
    }
    Ok(warnings)
}

pub fn run(args: ReportArgs) -> anyhow::Result<u8> {
    let format = format_of(&args);
    let (scenario, font) = super::chart::scenario_and_font(&args.scenario, args.font.as_deref())?;
    let sweep = match &args.sweep {
        Some(dir) => Some(super::opened(SweepResults::open(
            dir,
            &args.scenario,
            &scenario,
        )?)),
        None => None,
    };
    let opts = args.solver.options();
    let horizon = args
        .horizon
        .plan(Some(&args.scenario), opts.clone(), !args.no_values)?;
    let outcome = solve(&scenario, &opts)?;
    let plan = match &outcome {
        Outcome::Planned(p) => Some(p),
        _ => None,
    };
    let expl = match plan {
        Some(p) => explanation(&args, &scenario, p, &opts)?,
        None => None,
    };
    let report = SolveReport::new(&scenario, &outcome, expl.as_ref());
    let weights_varied = sweep.as_ref().is_some_and(|sw| {
        sw.parameters()
            .iter()
            .any(|p| p.starts_with("policy.weights."))
    });
    let front = match (&sweep, weights_varied) {
        (Some(sw), true) => Some(frontier(&scenario, sw, args.against, &opts)?),
        _ => None,
    };
    let pareto = match (&args.pareto, plan) {
        (Some(terms), Some(_)) => Some(crate::pareto::pareto(&scenario, terms, None, &opts)?),
        _ => None,
    };
    let robust = match (&args.futures, plan) {
        (Some(files), Some(p)) => Some(super::robust::report_across(
            &args.scenario,
            &scenario,
            files,
            p,
            args.threshold_share,
            args.feasible_share,
            &opts,
        )?),
        _ => None,
    };
    let cont = match plan {
        Some(p) => contingencies(&args, &scenario, p, &opts)?,
        None => None,
    };
    let inputs = ReportInputs {
        scenario: &scenario,
        scenario_file: &args.scenario,
        report: &report,
        plan,
        sweep: sweep.as_ref(),
        frontier: front.as_ref().filter(|f| !f.points.is_empty()),
        font: &font,
        pareto: pareto.as_ref(),
        robust: robust.as_ref(),
        contingency: cont.as_ref(),
        horizon: horizon
            .as_ref()
            .map(|(h, r)| document::horizon::HorizonPlan {
                horizon: h,
                report: r,
            }),
        audience: match args.audience {
            AudienceArg::Minister => Audience::Minister,
            AudienceArg::Analyst => Audience::Analyst,
        },
    };
    for w in write(&inputs, format, &args.out)? {
        say!("warning: {w}");
    }
    if plan.is_none() {
        say!("{}: {}", report.status, report.message);
        return Ok(1);
    }
    Ok(0)
}
