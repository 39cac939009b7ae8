//! The report a planner puts in front of ministers: assumptions, plan, explanation, charts, robustness.
//!
//! The content is built once as a list of [`Block`]s ([`sections`]) and
//! rendered by one file per format: [`html`] (one self-contained file, charts
//! inline as SVG, no script, no network) and [`markdown`] (PNG charts written
//! beside it). Blocks hold plain text; each renderer escapes every piece of it,
//! so a name in a scenario file can never become markup.

mod assumptions;
pub mod brief;
mod contingency;
mod discovery;
mod frontier;
pub mod horizon;
pub mod html;
mod inputs;
pub mod markdown;
mod morris;
mod robustness;
mod sections;
pub mod words;

use std::path::Path;

use crate::chart::{self, ChartFont, ChartKind, ImageFormat, Inputs};
use crate::error::Error;
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::solve_report::SolveReport;
use crate::sweep::data::{Frontier, SweepResults};

/// A piece of running text.
#[derive(Clone, Debug, PartialEq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// Emphasised text.
    Strong(String),
}

/// A block of the report.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A heading of level 1 to 3.
    Heading(u8, String),
    /// A paragraph.
    Para(Vec<Inline>),
    /// A bulleted list.
    List(Vec<Vec<Inline>>),
    /// A table: headers, rows, and the columns to align right (numbers).
    Table {
        /// Column titles.
        headers: Vec<String>,
        /// Cells.
        rows: Vec<Vec<String>>,
        /// Indices of numeric columns.
        numeric: Vec<usize>,
    },
    /// A chart with its caption.
    Chart(ChartKind, String),
    /// A note in smaller type.
    Note(String),
}

/// Plain text as one inline run.
pub fn text(s: impl Into<String>) -> Vec<Inline> {
    vec![Inline::Text(s.into())]
}

/// Who the report is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// A briefing first (plain words and units, no method names), then the
    /// analyst's detail as an appendix.
    Minister,
    /// The analyst's detail alone.
    Analyst,
}

/// The appendix's title in a minister's report.
pub const APPENDIX: &str = "Appendix: the analyst's detail";

/// What a report is made from.
#[derive(Clone, Copy)]
pub struct ReportInputs<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The scenario file, as the user named it.
    pub scenario_file: &'a Path,
    /// The solve report (plan, runner-ups, binding limits, or the diagnosis).
    pub report: &'a SolveReport,
    /// The plan, when there is one.
    pub plan: Option<&'a Plan>,
    /// A sweep's results.
    pub sweep: Option<&'a SweepResults>,
    /// The sweep's distinct plans, when it varied objective weights.
    pub frontier: Option<&'a Frontier>,
    /// The chart font.
    pub font: &'a ChartFont,
    /// The exact Pareto front (`report --pareto`): replaces the weighted-sum trade-off.
    pub pareto: Option<&'a crate::pareto::ParetoReport>,
    /// The robust plan under every metric (`report --futures`).
    pub robust: Option<&'a crate::resilience::robust::RobustReport>,
    /// The plan re-made as if each partner stepped back.
    pub contingency: Option<&'a crate::resilience::contingency::ContingencyReport>,
    /// A plan across election calendars (`report --horizon`).
    pub horizon: Option<horizon::HorizonPlan<'a>>,
    /// Who the report is for.
    pub audience: Audience,
}

/// A rendered chart, or why it was left out.
pub enum Drawn {
    /// The chart.
    Chart(chart::Chart),
    /// A sentence on why there is no such chart.
    Missing(String),
}

/// Draws the charts the report's blocks name, in their order; warnings go to `warnings` once each.
pub fn draw_charts(
    inp: &ReportInputs,
    blocks: &[Block],
    format: ImageFormat,
    warnings: &mut Vec<String>,
) -> Result<Vec<(ChartKind, Drawn)>, Error> {
    let chart_inputs = Inputs {
        scenario: inp.scenario,
        plan: inp.plan,
        sweep: inp.sweep,
        font: inp.font,
        frontier: inp.frontier,
        horizon: inp.horizon.map(|h| h.report),
    };
    let mut out = Vec::new();
    for b in blocks {
        let Block::Chart(kind, _) = b else { continue };
        let drawn =
            match chart::draw(*kind, &chart_inputs, format) {
                Ok(c) => {
                    for w in &c.warnings {
                        if !warnings.contains(w) {
                            warnings.push(w.clone());
                        }
                    }
                    Drawn::Chart(c)
                }
                // A sweep without optimal runs has no stability to chart: say so in place.
                Err(Error::Usage(msg)) if kind.needs_sweep() || kind.needs_horizon() => {
                    Drawn::Missing(msg)
                }
                Err(
                    e @ (Error::NotAFile { .. } | Error::TooLarge { .. } | Error::NotText { .. }),
                ) if kind.needs_sweep() => Drawn::Missing(e.to_string()),
                Err(e) => return Err(e),
            };
        out.push((*kind, drawn));
    }
    Ok(out)
}

/// The report's blocks, in reading order: for a minister, the briefing and
/// then the analyst's detail under [`APPENDIX`].
pub fn blocks(inp: &ReportInputs) -> Vec<Block> {
    let mut out = match inp.audience {
        Audience::Analyst => sections::summary(inp),
        Audience::Minister => {
            let mut out = brief::blocks(inp);
            out.push(Block::Heading(1, APPENDIX.into()));
            out.push(Block::Para(text(
                "The tables and charts behind the briefing, with the method's terms: the objective is the plan's score, a runner-up is the best other lead.",
            )));
            out.extend(sections::summary(inp).into_iter().skip(1).filter(|b| {
                // The title and description are the briefing's.
                !matches!(b, Block::Para(p) if *p == text(inp.scenario.description.clone()))
            }));
            out
        }
    };
    out.extend(sections::plan(inp));
    out.extend(contingency::blocks(inp));
    out.extend(horizon::blocks(inp));
    out.extend(robustness::blocks(inp));
    out.extend(discovery::blocks(inp));
    out.extend(frontier::blocks(inp));
    // Read again for the comments on its numbers: where each comes from.
    let text = std::fs::read_to_string(inp.scenario_file).ok();
    out.extend(inputs::blocks(
        inp.scenario,
        text.as_deref(),
        inp.scenario_file,
    ));
    out.extend(assumptions::blocks(
        inp.scenario,
        inp.scenario_file,
        text.as_deref(),
    ));
    out
}
