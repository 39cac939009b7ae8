//! Charts of the resilience analyses: what each contingency costs the plan, and
//! how the robust plan and the baseline plan fare in each future.
//!
//! Both are labelled horizontal bars (one generic [`Bars`] figure): a planner
//! reads "without South Korea: -16.8" at a glance, where the text report needs
//! a table. Contingencies re-planned within every constraint and best-effort
//! ones are drawn in separate panels on their own axes (objective lost; agenda
//! uncovered), so the two kinds of outcome are never ranked together.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axes::{bar_chart, row_bar, row_y, BarFrame};
use super::canvas::{
    header, legend, num, put, put_abs, signed, Drawing, Figure, Pen, Swatch, LABEL, MARGIN, SMALL,
};
use super::palette::{ACCENT, ACCENT2, INK, LOSS};
use super::{output, Chart, ChartFont, ImageFormat};
use crate::error::Error;
use crate::resilience::contingency::ContingencyReport;
use crate::resilience::robust::RobustReport;

/// One bar: its row label, value (None: no bar), colour and the text beside it.
struct Row {
    label: String,
    value: Option<f64>,
    colour: RGBColor,
    note: String,
}

/// One block of bars on its own axis.
struct Panel {
    /// Bold line above the bars (empty: none).
    title: String,
    x_desc: &'static str,
    rows: Vec<Row>,
}

impl Panel {
    fn height(&self) -> u32 {
        34 * self.rows.len() as u32 + 130
    }
}

/// Labelled horizontal bars with a title, a subtitle and a legend, in one or
/// more panels; each panel has its own axis, so quantities of different kinds
/// are never drawn on one scale.
struct Bars {
    title: String,
    subtitle: String,
    legend: Vec<(RGBColor, String)>,
    panels: Vec<Panel>,
    pen: Pen,
}

impl Figure for Bars {
    fn size(&self) -> (u32, u32) {
        let body: u32 = self.panels.iter().map(Panel::height).sum();
        (1200, 150 + body)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawing {
        let width = self.size().0 as i32;
        let y = header(area, self.pen, &self.title, &self.subtitle)?;
        let items: Vec<(Swatch, String)> = self
            .legend
            .iter()
            .map(|(c, t)| (Swatch::Fill(*c), t.clone()))
            .collect();
        let mut y = legend(area, self.pen, &items, (MARGIN, y), width - MARGIN)?;
        for p in &self.panels {
            let (_, rest) = area.split_vertically(y);
            let (part, _) = rest.split_vertically(p.height() as i32);
            self.panel(&part, p)?;
            y += p.height() as i32;
        }
        Ok(())
    }
}

impl Bars {
    fn panel<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, p: &Panel) -> Drawing {
        let top = if p.title.is_empty() {
            6
        } else {
            put(
                area,
                &p.title,
                &self.pen.bold(LABEL, INK),
                (MARGIN, 8),
                (HPos::Left, VPos::Top),
            )?;
            34
        };
        let values = p.rows.iter().filter_map(|r| r.value);
        let (lo, hi) = values.fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let span = (hi - lo).max(1e-9);
        let body = area.margin(top, 10, MARGIN as u32 - 8, MARGIN as u32);
        let labels: Vec<String> = p.rows.iter().map(|r| r.label.clone()).collect();
        let frame = BarFrame {
            labels: &labels,
            x: (lo - 0.05 * span)..(hi + 0.35 * span),
            label_width: 260,
            x_desc: p.x_desc,
            ticks: &|x| num(*x, 2),
        };
        let mut chart = bar_chart(&body, self.pen, &frame)?;
        let n = p.rows.len();
        for (j, r) in p.rows.iter().enumerate() {
            let v = r.value.unwrap_or(0.0);
            if r.value.is_some() {
                chart.draw_series([row_bar(n, j, (0.0, v), (8, 8), r.colour.filled())])?;
            }
            let (x0, yc) = chart.backend_coord(&(0.0_f64.max(v), row_y(n, j) + 0.5));
            put_abs(
                &body,
                &r.note,
                &self.pen.text(SMALL, INK),
                (x0 + 8, yc),
                (HPos::Left, VPos::Center),
            )?;
        }
        chart.draw_series([PathElement::new(
            vec![(0.0, 0.0), (0.0, n as f64)],
            INK.stroke_width(1),
        )])?;
        Ok(())
    }
}

fn finish(
    bars: Bars,
    font: &ChartFont,
    format: ImageFormat,
    labels: Vec<&str>,
) -> Result<Chart, Error> {
    let (bytes, size, placed) = output(&bars, format)?;
    let warnings = font.coverage_warning(labels).into_iter().collect();
    Ok(Chart {
        bytes,
        size,
        warnings,
        labels: placed,
    })
}

/// What each contingency costs the plan, in two panels that are never ranked
/// together: the objective lost by plans that meet every constraint, and the
/// agenda left uncovered by best-effort plans (their objective loss in the label).
pub fn contingency_losses(
    r: &ContingencyReport,
    font: &ChartFont,
    format: ImageFormat,
) -> Result<Chart, Error> {
    let feasible: Vec<Row> = r
        .contingencies
        .iter()
        .filter(|c| c.best_effort.is_none())
        .map(|c| Row {
            label: c.name.clone(),
            value: c.objective_lost.map(|l| -l),
            colour: LOSS,
            note: c
                .objective_lost
                .map_or_else(|| "no plan".into(), |l| signed(-l, 3)),
        })
        .collect();
    let best_effort: Vec<Row> = r
        .contingencies
        .iter()
        .filter_map(|c| c.best_effort.as_ref().map(|b| (c, b)))
        .map(|(c, b)| Row {
            label: c.name.clone(),
            value: Some(b.coverage_lost),
            colour: ACCENT2,
            note: format!(
                "{} task(s) uncovered; objective {}",
                num(b.coverage_lost, 3),
                signed(-b.objective_lost, 3)
            ),
        })
        .collect();
    let mut panels = Vec::new();
    let mut legend = Vec::new();
    if !feasible.is_empty() {
        legend.push((
            LOSS,
            "objective lost, re-planned within every constraint".into(),
        ));
        panels.push(Panel {
            title: "Re-planned within every constraint: objective lost".into(),
            x_desc: "change in the objective",
            rows: feasible,
        });
    }
    if !best_effort.is_empty() {
        legend.push((ACCENT2, "agenda uncovered by a best-effort plan".into()));
        panels.push(Panel {
            title: "No plan meets every constraint: the best effort leaves agenda uncovered".into(),
            x_desc:
                "required tasks' worth of lead slots left unfilled (k of L leads counts (L - k)/L)",
            rows: best_effort,
        });
    }
    let bars = Bars {
        title: "What each contingency costs the plan".into(),
        subtitle: format!(
            "{}: against the baseline plan (objective {}); the two kinds of outcome are not comparable",
            r.scenario,
            num(r.baseline_objective, 3)
        ),
        legend,
        panels,
        pen: Pen {
            family: font.family(),
        },
    };
    let labels = r
        .contingencies
        .iter()
        .map(|c| c.name.as_str())
        .chain([r.scenario.as_str()])
        .collect();
    finish(bars, font, format, labels)
}

/// Bars of the robust plan's and the baseline plan's objective in each future.
pub fn robust_across_futures(
    r: &RobustReport,
    font: &ChartFont,
    format: ImageFormat,
) -> Result<Chart, Error> {
    let mut rows = Vec::new();
    for f in &r.futures {
        // Futures are named by their files: the stem is enough on a chart.
        let name = std::path::Path::new(&f.future)
            .file_stem()
            .map_or_else(|| f.future.clone(), |s| s.to_string_lossy().into_owned());
        for (who, value, colour) in [
            ("robust", f.robust, ACCENT),
            ("baseline", f.baseline, ACCENT2),
        ] {
            rows.push(Row {
                label: format!("{name}: {who}"),
                value,
                colour,
                note: value.map_or_else(|| "infeasible in this future".into(), |v| num(v, 3)),
            });
        }
    }
    let bars = Bars {
        title: "One plan for several futures".into(),
        subtitle: format!(
            "{}: objective of the robust plan ({} goal) and of the baseline plan in each future",
            r.scenario, r.goal
        ),
        legend: vec![
            (ACCENT, "robust plan".into()),
            (
                ACCENT2,
                "baseline plan (optimal for the base scenario)".into(),
            ),
        ],
        panels: vec![Panel {
            title: String::new(),
            x_desc: "objective in the future",
            rows,
        }],
        pen: Pen {
            family: font.family(),
        },
    };
    let labels = r
        .futures
        .iter()
        .map(|f| f.future.as_str())
        .chain([r.scenario.as_str()])
        .collect();
    finish(bars, font, format, labels)
}
