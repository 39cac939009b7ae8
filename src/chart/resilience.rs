//! Charts of the resilience analyses: what each contingency costs the plan, and
//! how the robust plan and the baseline plan fare in each future.
//!
//! Both are labelled horizontal bars (one generic [`Bars`] figure): a planner
//! reads "without South Korea: -16.8" at a glance, where the text report needs
//! a table. Infeasible cases get no bar and say so in their label: a best-effort
//! plan leaves part of the agenda undone, so its loss is not drawn on the same axis.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axes::{bar_chart, row_bar, row_y, BarFrame};
use super::canvas::{header, legend, num, put_abs, Drawing, Figure, Pen, Swatch, MARGIN, SMALL};
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

/// Labelled horizontal bars with a title, a subtitle and a legend.
struct Bars {
    title: String,
    subtitle: String,
    x_desc: &'static str,
    legend: Vec<(RGBColor, String)>,
    rows: Vec<Row>,
    pen: Pen,
}

impl Figure for Bars {
    fn size(&self) -> (u32, u32) {
        (1200, 200 + 34 * self.rows.len() as u32)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawing {
        let width = self.size().0 as i32;
        let y = header(area, self.pen, &self.title, &self.subtitle)?;
        let items: Vec<(Swatch, String)> = self
            .legend
            .iter()
            .map(|(c, t)| (Swatch::Fill(*c), t.clone()))
            .collect();
        let y = legend(area, self.pen, &items, (MARGIN, y), width - MARGIN)?;
        let values = self.rows.iter().filter_map(|r| r.value);
        let (lo, hi) = values.fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let span = (hi - lo).max(1e-9);
        let body = area.margin(
            y as u32 + 6,
            MARGIN as u32,
            MARGIN as u32 - 8,
            MARGIN as u32,
        );
        let labels: Vec<String> = self.rows.iter().map(|r| r.label.clone()).collect();
        let frame = BarFrame {
            labels: &labels,
            x: (lo - 0.05 * span)..(hi + 0.35 * span),
            label_width: 260,
            x_desc: self.x_desc,
            ticks: &|x| num(*x, 2),
        };
        let mut chart = bar_chart(&body, self.pen, &frame)?;
        let n = self.rows.len();
        for (j, r) in self.rows.iter().enumerate() {
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
    let (bytes, size) = output(&bars, format)?;
    let warnings = font.coverage_warning(labels).into_iter().collect();
    Ok(Chart {
        bytes,
        size,
        warnings,
    })
}

/// Bars of the objective each contingency loses against the baseline plan.
pub fn contingency_losses(
    r: &ContingencyReport,
    font: &ChartFont,
    format: ImageFormat,
) -> Result<Chart, Error> {
    let rows = r
        .contingencies
        .iter()
        .map(|c| Row {
            label: c.name.clone(),
            value: c.objective_lost.map(|l| -l),
            colour: LOSS,
            note: match (c.objective_lost, &c.best_effort) {
                (Some(l), _) => format!("-{}", num(l, 3)),
                (None, Some(b)) => format!(
                    "no bar: best effort only, {} task(s) uncovered, then -{} (not comparable)",
                    num(b.coverage_lost, 3),
                    num(b.objective_lost, 3)
                ),
                (None, None) => "no plan".into(),
            },
        })
        .collect();
    let bars = Bars {
        title: "What each contingency costs the plan".into(),
        subtitle: format!(
            "{}: objective lost against the baseline plan ({})",
            r.scenario,
            num(r.baseline_objective, 3)
        ),
        x_desc: "change in the objective",
        legend: vec![(
            LOSS,
            "re-planned within every constraint (best-effort plans: no bar, see their labels)"
                .into(),
        )],
        rows,
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
        x_desc: "objective in the future",
        legend: vec![
            (ACCENT, "robust plan".into()),
            (
                ACCENT2,
                "baseline plan (optimal for the base scenario)".into(),
            ),
        ],
        rows,
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
