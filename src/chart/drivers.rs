//! Drivers: which uncertain assumptions move the objective and the plan (a tornado chart).
//!
//! With a Morris design the bars are the screening measures of each
//! parameter's elementary effects: mu* (mean absolute effect, the ranking;
//! blue) and sigma (their spread, from interactions or non-linearity; orange),
//! one panel for the objective and one for whole-plan survival, sorted by mu*.
//! With a Saltelli design the bars are Sobol indices: total (ST, blue) and
//! first-order (S1, orange), each with its 95% bootstrap interval as a
//! whisker, one panel for the objective and one for whole-plan survival.
//! Otherwise they are Spearman rank correlations with the objective (blue) and
//! with plan survival (orange), from -1 to 1, sorted by the survival bar: the
//! drivers of the plan come first, and a weight that moves only the objective's
//! scale does not outrank them. Sobol panels are sorted by their largest bar.
//! Objective weights are marked `[scale]`. In a sweep with correlated inputs
//! (`[[sweep.correlation]]`) the correlated parameters are marked `[corr]` and
//! the subtitle says that their bars include their partners' effects (a rank
//! correlation cannot tell them apart). Beyond 20 parameters the rest are
//! counted in the subtitle.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axes::{bar_chart, row_bar, row_y, BarFrame};
use super::canvas::{header, legend, num, put, Drawing, Figure, Pen, Swatch, LABEL, MARGIN, SMALL};
use super::palette::{ACCENT, ACCENT2, INK};
use crate::error::Error;
use crate::scenario::Scenario;
use crate::sweep::data::{MorrisEffects, SweepResults};
use crate::sweep::summary::rescales_objective;

const SHOWN: usize = 20;
const ROW: u32 = 40;
const WIDTH: u32 = 1400;

/// One parameter's two bars, each with an optional interval.
#[derive(Clone, Debug)]
struct Row {
    name: String,
    a: (f64, Option<[f64; 2]>),
    b: (f64, Option<[f64; 2]>),
}

struct Panel {
    title: String,
    rows: Vec<Row>,
    range: (f64, f64),
}

/// What the bars measure.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    Morris,
    Sobol,
    Rank,
}

/// How rows are ranked.
#[derive(Clone, Copy, Debug, PartialEq)]
enum By {
    /// The plan bar (`b`) first.
    Plan,
    /// The larger bar.
    Largest,
    /// The first bar (`a`), then the second.
    First,
}

/// The drivers figure.
pub struct Drivers<'a> {
    s: &'a Scenario,
    sweep: &'a SweepResults,
    pen: Pen,
    mode: Mode,
    panels: Vec<Panel>,
    hidden: usize,
}

/// A weight's row is marked: it moves the objective's scale, not its value.
fn mark(name: &str) -> String {
    if rescales_objective(name) {
        format!("[scale] {name}")
    } else {
        name.to_string()
    }
}

/// The rows with the largest bars first; by the plan bar (`b`) with [`By::Plan`],
/// so a weight that moves only the objective's scale does not rank as a driver of the plan.
fn top(mut rows: Vec<Row>, by: By) -> (Vec<Row>, usize) {
    let key = |r: &Row| match by {
        By::Plan => (r.b.0.abs(), r.a.0.abs()),
        By::Largest => (r.a.0.abs().max(r.b.0.abs()), 0.0),
        By::First => (r.a.0.abs(), r.b.0.abs()),
    };
    rows.sort_by(|x, y| {
        let (kx, ky) = (key(x), key(y));
        ky.0.total_cmp(&kx.0).then(ky.1.total_cmp(&kx.1))
    });
    let hidden = rows.len().saturating_sub(SHOWN);
    rows.truncate(SHOWN);
    (rows, hidden)
}

fn sobol_panel(title: &str, rows: &[crate::sweep::data::SobolIndex]) -> (Panel, usize) {
    let rows: Vec<Row> = rows
        .iter()
        .map(|r| Row {
            name: mark(&r.parameter),
            a: (r.st.0, Some(r.st.1)),
            b: (r.s1.0, Some(r.s1.1)),
        })
        .collect();
    let lo = rows
        .iter()
        .flat_map(|r| [r.a.1, r.b.1])
        .flatten()
        .map(|ci| ci[0])
        .fold(0.0_f64, f64::min);
    let hi = rows
        .iter()
        .flat_map(|r| [r.a.1, r.b.1])
        .flatten()
        .map(|ci| ci[1])
        .fold(0.1_f64, f64::max);
    let (rows, hidden) = top(rows, By::Largest);
    (
        Panel {
            title: title.into(),
            rows,
            range: (lo.max(-0.5), hi.min(1.5)),
        },
        hidden,
    )
}

/// mu* and sigma of each parameter, sorted by mu*.
fn morris_panel(title: &str, effects: &[MorrisEffects]) -> (Panel, usize) {
    // A parameter with no elementary effect has no measure (not a zero one).
    let rows: Vec<Row> = effects
        .iter()
        .filter(|e| e.effects > 0)
        .map(|e| Row {
            name: mark(&e.parameter),
            a: (e.mu_star, None),
            b: (e.sigma, None),
        })
        .collect();
    let hi = rows
        .iter()
        .map(|r| r.a.0.max(r.b.0))
        .fold(0.0_f64, f64::max);
    let (rows, hidden) = top(rows, By::First);
    let reach = if hi > 0.0 { hi * 1.15 } else { 1.0 };
    let p = Panel {
        title: title.into(),
        rows,
        range: (0.0, reach),
    };
    (p, hidden)
}

/// The Morris panels (objective, then whole-plan survival when there is a
/// baseline), each holding the parameters with at least one elementary effect.
fn morris_panels(sweep: &SweepResults) -> Result<(Vec<Panel>, usize), Error> {
    let Some(m) = &sweep.morris else {
        return Ok((Vec::new(), 0));
    };
    let mut out = vec![morris_panel("Objective", &m.objective)];
    if let Some(rows) = &m.plan_survival {
        out.push(morris_panel(
            "Whole-plan survival (1 = plan unchanged)",
            rows,
        ));
    }
    out.retain(|(p, _)| !p.rows.is_empty());
    if out.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no Morris elementary effect could be measured (no two successive runs of a trajectory both have a plan): no drivers to chart",
            sweep.dir.display()
        )));
    }
    let hidden = out.iter().map(|(_, h)| *h).max().unwrap_or(0);
    Ok((out.into_iter().map(|(p, _)| p).collect(), hidden))
}

/// `; N parameters ... not drawn` for parameters without an elementary effect of the objective.
fn unmeasured(effects: &[MorrisEffects]) -> String {
    match effects.iter().filter(|e| e.effects == 0).count() {
        0 => String::new(),
        n => format!("; {n} parameters with no elementary effect (no two successive runs with a plan) not drawn"),
    }
}

impl<'a> Drivers<'a> {
    /// The figure for `sweep` of `s`; an error when the sweep varied nothing that could be ranked.
    pub fn new(s: &'a Scenario, sweep: &'a SweepResults, pen: Pen) -> Result<Self, Error> {
        let (mut panels, mut hidden) = morris_panels(sweep)?;
        let morris = !panels.is_empty();
        if let (false, Some(sob)) = (morris, &sweep.sobol) {
            for (title, rows) in [
                ("Objective", &sob.objective),
                ("Whole-plan survival", &sob.plan_survival),
            ] {
                if let Some(rows) = rows {
                    let (p, h) = sobol_panel(title, rows);
                    hidden = hidden.max(h);
                    panels.push(p);
                }
            }
        }
        let mode = match (morris, panels.is_empty()) {
            (true, _) => Mode::Morris,
            (false, false) => Mode::Sobol,
            (false, true) => Mode::Rank,
        };
        if mode == Mode::Rank {
            let rows: Vec<Row> = sweep
                .correlations
                .iter()
                .filter(|c| c.objective.is_some() || c.survival.is_some())
                .map(|c| Row {
                    name: match (
                        c.survival_significant || c.objective_significant,
                        sweep
                            .input_correlation
                            .as_ref()
                            .is_some_and(|r| r.has(&c.parameter)),
                    ) {
                        (true, false) => mark(&c.parameter),
                        (false, false) => format!("{} (noise)", mark(&c.parameter)),
                        (true, true) => format!("[corr] {}", mark(&c.parameter)),
                        (false, true) => format!("[corr] {} (noise)", mark(&c.parameter)),
                    },
                    a: (c.objective.unwrap_or(0.0), None),
                    b: (c.survival.unwrap_or(0.0), None),
                })
                .collect();
            if rows.is_empty() {
                return Err(Error::Usage(format!(
                    "{}: no parameter correlates with the outputs (too few optimal runs, or nothing varied): no drivers to chart",
                    sweep.dir.display()
                )));
            }
            let (rows, h) = top(rows, By::Plan);
            hidden = h;
            let reach = rows
                .iter()
                .map(|r| r.a.0.abs().max(r.b.0.abs()))
                .fold(0.1_f64, f64::max);
            let reach = (reach * 1.15).min(1.0);
            panels.push(Panel {
                title: "Rank correlation with plan survival (sorted by it) and with the objective"
                    .into(),
                rows,
                range: (-reach, reach),
            });
        }
        Ok(Drivers {
            s,
            sweep,
            pen,
            mode,
            panels,
            hidden,
        })
    }

    fn panel<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, p: &Panel) -> Drawing {
        let n = p.rows.len();
        let narrow = self.panels.len() > 1;
        let width = if narrow { 276 } else { 326 };
        let names: Vec<String> = p
            .rows
            .iter()
            .map(|r| self.pen.fit(&r.name, SMALL, width))
            .collect();
        let frame = BarFrame {
            labels: &names,
            x: p.range.0..p.range.1,
            label_width: width as u32 + 14,
            x_desc: match self.mode {
                Mode::Morris => "elementary effects: mu* and sigma",
                Mode::Sobol => "Sobol index (share of the output's variance)",
                Mode::Rank => "Spearman's rank correlation",
            },
            ticks: &|x| num(*x, 2),
        };
        let mut chart = bar_chart(area, self.pen, &frame)?;
        for (j, r) in p.rows.iter().enumerate() {
            for ((v, ci), colour, (t, b)) in [(r.a, ACCENT, (7u32, 21u32)), (r.b, ACCENT2, (21, 7))]
            {
                chart.draw_series([row_bar(n, j, (0.0, v), (t, b), colour.filled())])?;
                if let Some([lo, hi]) = ci {
                    let (x0, y_bot) = chart.backend_coord(&(lo, row_y(n, j)));
                    let (x1, y_top) = chart.backend_coord(&(hi, row_y(n, j) + 1.0));
                    let yc = (y_top + t as i32 + y_bot - b as i32) / 2;
                    let (bx, by) = area.get_base_pixel();
                    let line = |pts: [(i32, i32); 2]| {
                        PathElement::new(
                            pts.map(|(x, y)| (x - bx, y - by)).to_vec(),
                            INK.stroke_width(1),
                        )
                    };
                    area.draw(&line([(x0, yc), (x1, yc)]))?;
                    area.draw(&line([(x0, yc - 4), (x0, yc + 4)]))?;
                    area.draw(&line([(x1, yc - 4), (x1, yc + 4)]))?;
                }
            }
        }
        chart.draw_series([PathElement::new(
            vec![(0.0, 0.0), (0.0, n as f64)],
            INK.stroke_width(1),
        )])?;
        Ok(())
    }
}

impl Figure for Drivers<'_> {
    fn size(&self) -> (u32, u32) {
        let n = self.panels.iter().map(|p| p.rows.len()).max().unwrap_or(1) as u32;
        (WIDTH, 230 + ROW * n)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawing {
        let sw = self.sweep;
        let more = if self.hidden > 0 {
            format!("; {} more parameters not shown", self.hidden)
        } else {
            String::new()
        };
        let what = match (self.mode, &sw.morris) {
            (Mode::Morris, Some(m)) => format!(
                "Morris screening over {} trajectories on {} levels{}",
                m.trajectories,
                m.levels,
                unmeasured(&m.objective)
            ),
            (Mode::Sobol, _) => {
                let samples = sw.sobol.as_ref().map_or(0, |s| s.samples_used);
                format!("Sobol indices from {samples} base samples, 95% bootstrap intervals")
            }
            _ => {
                let plan = if sw.correlations.iter().any(|c| c.survival_significant) {
                    ""
                } else {
                    "; nothing stands out: no survival bar is distinguishable from noise"
                };
                format!(
                    "rank correlations over {} optimal runs; (noise): not distinguishable from noise (t-test at 5%, Bonferroni over the parameters){plan}",
                    sw.screened_runs
                )
            }
        };
        let scale = if sw.parameters.iter().any(|p| rescales_objective(p)) {
            "; [scale]: an objective weight, which moves the objective's scale; whether it moves a lead is in the survival bars"
        } else {
            ""
        };
        let correlated = match &sw.input_correlation {
            Some(c) => format!("; [corr]: one of {} parameters sampled with rank correlations, whose bar includes the effect of the parameters it moves with", c.parameters.len()),
            None => String::new(),
        };
        let subtitle = format!(
            "{}: {} parameters, {what}{more}{scale}{correlated}",
            self.s.name,
            sw.parameters.len()
        );
        let y = header(area, self.pen, "What drives the plan", &subtitle)?;
        let items: Vec<(Swatch, String)> = match self.mode {
            Mode::Morris => vec![
                (
                    Swatch::Fill(ACCENT),
                    "mu*: mean absolute elementary effect (the ranking)".into(),
                ),
                (
                    Swatch::Fill(ACCENT2),
                    "sigma: spread of the effects (interactions, non-linearity)".into(),
                ),
            ],
            Mode::Sobol => vec![
                (Swatch::Fill(ACCENT), "total index ST".into()),
                (Swatch::Fill(ACCENT2), "first-order index S1".into()),
                (Swatch::Line(INK), "95% interval".into()),
            ],
            Mode::Rank => vec![
                (Swatch::Fill(ACCENT), "with the objective".into()),
                (
                    Swatch::Fill(ACCENT2),
                    "with whole-plan survival (1 = plan unchanged)".into(),
                ),
            ],
        };
        let y = legend(area, self.pen, &items, (MARGIN, y), WIDTH as i32 - MARGIN)?;
        let body = area.margin(
            y as u32 + 4,
            MARGIN as u32 - 8,
            MARGIN as u32 - 8,
            MARGIN as u32,
        );
        let parts = body.split_evenly((1, self.panels.len()));
        for (part, p) in parts.iter().zip(&self.panels) {
            put(
                part,
                &p.title,
                &self.pen.bold(LABEL, INK),
                (0, 0),
                (HPos::Left, VPos::Top),
            )?;
            self.panel(&part.margin(30, 0, 0, 12), p)?;
        }
        Ok(())
    }
}
