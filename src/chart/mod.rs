//! Charts of a plan and of a sweep, as PNG or SVG, with no system font or graphics library.
//!
//! One file per chart; each builds a [`canvas::Figure`] from a scenario, its
//! plan and (for the sweep charts) a sweep's results, and [`draw`] renders it in
//! the format asked for. Charts never solve and never touch the solver: the
//! caller passes the plan. Every label that comes from an input file is checked
//! against the font first; missing glyphs become warnings in [`Chart`].

mod axes;
pub mod canvas;
mod country_load;
mod drivers;
pub mod font;
pub mod front;
mod grid;
mod labels;
mod lead_frequency;
mod objective;
pub mod palette;
pub mod peeling;
pub mod plan_matrix;
pub mod resilience;
mod stability;
pub mod timeline;
mod tradeoff;
mod typeset;

use std::path::Path;

pub use font::{ChartFont, FontOrigin};
pub use typeset::Placed;

use crate::error::Error;
use crate::horizon::HorizonReport;
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::sweep::data::{Frontier, SweepResults};
use canvas::{render_png, render_svg, Figure, Pen};

/// The charts `leadplan chart` draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ChartKind {
    /// Countries by tasks, grouped by domain: leads, cost shares and fits.
    PlanMatrix,
    /// Per country: effort against capacity, cost against budget.
    CountryLoad,
    /// The objective's terms (fit, cost, sensitivity, fairness) and their sum.
    Objective,
    /// (sweep) How often each country leads each task; baseline leads marked.
    LeadFrequency,
    /// (sweep) Survival of each baseline lead; histograms of objective and regret.
    Stability,
    /// (sweep) Tornado of parameter importance: Sobol indices, else rank correlations.
    Drivers,
    /// (sweep over weights) Capability fit against cost or fairness; non-dominated plans labelled.
    TradeOff,
    /// PRIM's peeling trajectory and chosen box (`leadplan discover`): no plan
    /// when the sweep has infeasible runs, else the baseline plan surviving.
    Peeling,
    /// (horizon) Who leads each task in each period; where election branches
    /// differ, bands as tall as each lead's chance.
    Timeline,
}

impl ChartKind {
    /// Every kind, in the order the report shows them.
    pub const ALL: [ChartKind; 9] = [
        ChartKind::PlanMatrix,
        ChartKind::CountryLoad,
        ChartKind::Objective,
        ChartKind::LeadFrequency,
        ChartKind::Stability,
        ChartKind::Drivers,
        ChartKind::TradeOff,
        ChartKind::Peeling,
        ChartKind::Timeline,
    ];

    /// Its name on the command line (`plan-matrix`).
    pub fn name(self) -> &'static str {
        match self {
            ChartKind::PlanMatrix => "plan-matrix",
            ChartKind::CountryLoad => "country-load",
            ChartKind::Objective => "objective",
            ChartKind::LeadFrequency => "lead-frequency",
            ChartKind::Stability => "stability",
            ChartKind::Drivers => "drivers",
            ChartKind::TradeOff => "trade-off",
            ChartKind::Peeling => "peeling",
            ChartKind::Timeline => "timeline",
        }
    }

    /// Whether it is drawn from a sweep's results (else from a plan).
    pub fn needs_sweep(self) -> bool {
        matches!(
            self,
            ChartKind::LeadFrequency
                | ChartKind::Stability
                | ChartKind::Drivers
                | ChartKind::TradeOff
                | ChartKind::Peeling
        )
    }

    /// Whether it is drawn from a horizon plan (`leadplan horizon`).
    pub fn needs_horizon(self) -> bool {
        self == ChartKind::Timeline
    }
}

/// Image formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    /// 8-bit RGB PNG.
    Png,
    /// SVG with text kept as text.
    Svg,
}

impl ImageFormat {
    /// The format named by a file's extension (`.png`, `.svg`).
    pub fn from_path(path: &Path) -> Result<ImageFormat, Error> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("png") => Ok(ImageFormat::Png),
            Some("svg") => Ok(ImageFormat::Svg),
            _ => Err(Error::Usage(format!(
                "{}: the output must end in .png or .svg (the extension picks the format)",
                path.display()
            ))),
        }
    }
}

/// What a chart is drawn from.
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Its plan (needed by the plan charts).
    pub plan: Option<&'a Plan>,
    /// A sweep's results (needed by the sweep charts).
    pub sweep: Option<&'a SweepResults>,
    /// The font.
    pub font: &'a ChartFont,
    /// The sweep's distinct plans (needed by the trade-off chart; see [`crate::sweep::data::frontier`]).
    pub frontier: Option<&'a Frontier>,
    /// A horizon plan (needed by the timeline chart).
    pub horizon: Option<&'a HorizonReport>,
}

/// A drawn chart.
#[derive(Clone, Debug)]
pub struct Chart {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Width and height in pixels.
    pub size: (u32, u32),
    /// Problems a reader should know of (missing glyphs).
    pub warnings: Vec<String>,
    /// The layout box of every text drawn, in the order drawn.
    pub labels: Vec<Placed>,
}

fn need_plan<'a>(inp: &Inputs<'a>, kind: ChartKind) -> Result<&'a Plan, Error> {
    inp.plan.ok_or_else(|| {
        Error::Usage(format!(
            "the {} chart needs a plan of the scenario",
            kind.name()
        ))
    })
}

fn need_sweep<'a>(inp: &Inputs<'a>, kind: ChartKind) -> Result<&'a SweepResults, Error> {
    inp.sweep.ok_or_else(|| {
        Error::Usage(format!(
            "the {} chart is drawn from a sweep: pass --sweep DIR (the --out folder of `leadplan sweep`)",
            kind.name()
        ))
    })
}

/// The message when a horizon chart has no horizon plan.
pub fn horizon_needed(kind: ChartKind) -> String {
    format!(
        "the {} chart is drawn from a horizon plan: pass --horizon FILE.horizon.toml",
        kind.name()
    )
}

fn need_horizon<'a>(inp: &Inputs<'a>, kind: ChartKind) -> Result<&'a HorizonReport, Error> {
    inp.horizon
        .ok_or_else(|| Error::Usage(horizon_needed(kind)))
}

/// The file's bytes, its size and the boxes of its texts.
type Output = (Vec<u8>, (u32, u32), Vec<Placed>);

fn output(fig: &impl Figure, format: ImageFormat) -> Result<Output, Error> {
    let (bytes, labels) = match format {
        ImageFormat::Png => render_png(fig)?,
        ImageFormat::Svg => {
            let (svg, labels) = render_svg(fig)?;
            (svg.into_bytes(), labels)
        }
    };
    Ok((bytes, fig.size(), labels))
}

/// The labels a chart may draw that come from input files.
fn labels<'a>(inp: &Inputs<'a>, kind: ChartKind) -> Vec<&'a str> {
    let s = inp.scenario;
    let mut out = vec![s.name.as_str()];
    for c in &s.countries {
        out.extend([c.id.as_str(), c.name.as_str()]);
    }
    if kind != ChartKind::CountryLoad && kind != ChartKind::Objective {
        for t in &s.tasks {
            out.extend([t.id.as_str(), t.name.as_str(), t.domain.as_str()]);
        }
    }
    if let (ChartKind::Drivers | ChartKind::Peeling, Some(sw)) = (kind, inp.sweep) {
        out.extend(sw.parameters().iter().map(String::as_str));
    }
    if let (ChartKind::Timeline, Some(h)) = (kind, inp.horizon) {
        out.extend(h.periods.iter().map(|p| p.name.as_str()));
        out.push(h.scenario.as_str());
        out.extend(h.path.as_deref());
    }
    out
}

/// Draws one chart.
pub fn draw(kind: ChartKind, inp: &Inputs, format: ImageFormat) -> Result<Chart, Error> {
    let pen = Pen {
        family: inp.font.family(),
    };
    let s = inp.scenario;
    let (bytes, size, placed) = match kind {
        ChartKind::PlanMatrix => output(
            &plan_matrix::PlanMatrix::new(s, need_plan(inp, kind)?, pen),
            format,
        )?,
        ChartKind::CountryLoad => output(
            &country_load::CountryLoad::new(s, need_plan(inp, kind)?, pen),
            format,
        )?,
        ChartKind::Objective => output(
            &objective::Breakdown::new(s, need_plan(inp, kind)?, pen),
            format,
        )?,
        ChartKind::LeadFrequency => output(
            &lead_frequency::LeadFrequency::new(s, need_sweep(inp, kind)?, pen),
            format,
        )?,
        ChartKind::Stability => output(
            &stability::Stability::new(s, need_sweep(inp, kind)?, pen)?,
            format,
        )?,
        ChartKind::Drivers => output(
            &drivers::Drivers::new(s, need_sweep(inp, kind)?, pen)?,
            format,
        )?,
        ChartKind::Peeling => {
            let sw = need_sweep(inp, kind)?;
            let d = crate::discover::default_discovery(sw, s)?;
            output(&peeling::Peeling::new(&d, pen)?, format)?
        }
        ChartKind::Timeline => output(
            &timeline::Timeline::new(need_horizon(inp, kind)?, s, pen)?,
            format,
        )?,
        ChartKind::TradeOff => {
            let plans = inp.frontier.ok_or_else(|| {
                Error::Usage("the trade-off chart needs the sweep's distinct plans".into())
            })?;
            output(
                &tradeoff::TradeOff::new(s, need_sweep(inp, kind)?, plans, pen)?,
                format,
            )?
        }
    };
    let warnings = inp
        .font
        .coverage_warning(labels(inp, kind))
        .into_iter()
        .collect();
    Ok(Chart {
        bytes,
        size,
        warnings,
        labels: placed,
    })
}
