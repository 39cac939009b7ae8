//! The Pareto front of `leadplan pareto`: each non-dominated plan a point,
//! joined in table order, each labelled by its number and what changes from
//! the plan before it (the first change, and how many tasks change).
//!
//! The first objective term is on the vertical axis, the second on the
//! horizontal one; with three terms the third is written in each label. Cost,
//! sensitivity and fairness are drawn as the positive amounts they are (less
//! is better), fit as it is (more is better).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axes::style_mesh;
use super::canvas::{header, num, put_abs, Drawing, Figure, Pen, MARGIN, SMALL};
use super::palette::{ACCENT, INK, PAPER};
use super::{output, Chart, ChartFont, ImageFormat};
use crate::error::Error;
use crate::pareto::{ParetoPoint, ParetoReport};

const SIZE: (u32, u32) = (1200, 760);

struct Front<'a> {
    r: &'a ParetoReport,
    pen: Pen,
}

/// `3: t04 AU -> JP (+2 more)`, the third term appended when there is one.
pub fn label(r: &ParetoReport, p: &ParetoPoint) -> String {
    let mut text = format!("{}", p.index);
    if let Some(first) = p.changes_from_previous.first() {
        text.push_str(&format!(": {}", first.sentence()));
        let more = p.changes_from_previous.len() - 1;
        if more > 0 {
            text.push_str(&format!(" (+{more} more)"));
        }
    }
    if let (Some(t), Some(v)) = (r.objectives.get(2), p.values.get(2)) {
        text.push_str(&format!("; {} {}", t.name(), num(*v, 3)));
    }
    text
}

impl Front<'_> {
    fn xy(&self, p: &ParetoPoint) -> (f64, f64) {
        (p.values[1], p.values[0])
    }

    fn bounds(&self) -> ((f64, f64), (f64, f64)) {
        let span = |v: Vec<f64>| {
            let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let pad = ((hi - lo) * 0.12).max(hi.abs().max(1.0) * 0.01);
            (lo - pad, hi + pad)
        };
        let pts = &self.r.points;
        (
            span(pts.iter().map(|p| self.xy(p).0).collect()),
            span(pts.iter().map(|p| self.xy(p).1).collect()),
        )
    }
}

impl Figure for Front<'_> {
    fn size(&self) -> (u32, u32) {
        SIZE
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawing {
        let names: Vec<&str> = self.r.objectives.iter().map(|t| t.name()).collect();
        let how = match self.r.grid {
            Some(n) => format!("grid of {n} points"),
            None => "complete front".into(),
        };
        let y = header(
            area,
            self.pen,
            &format!("Pareto front: {} against {}", names[0], names[1]),
            &format!(
                "{}: {} non-dominated plans (AUGMECON2, {how}); each labelled by what changes from the plan before",
                self.r.scenario,
                self.r.points.len()
            ),
        )?;
        let ((x0, x1), (y0, y1)) = self.bounds();
        let body = area.margin(
            y as u32 + 6,
            MARGIN as u32,
            MARGIN as u32 - 8,
            MARGIN as u32,
        );
        let mut chart = ChartBuilder::on(&body)
            .x_label_area_size(52)
            .y_label_area_size(78)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        let fmt = |v: &f64| num(*v, 3);
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh, self.pen);
        mesh.x_label_formatter(&fmt)
            .y_label_formatter(&fmt)
            .x_desc(names[1])
            .y_desc(names[0])
            .draw()?;
        let line: Vec<(f64, f64)> = self.r.points.iter().map(|p| self.xy(p)).collect();
        chart.draw_series([PathElement::new(line, ACCENT.stroke_width(2))])?;
        for p in &self.r.points {
            chart.draw_series([Circle::new(self.xy(p), 6, ACCENT.filled())])?;
            let (px, py) = chart.backend_coord(&self.xy(p));
            let text = label(self.r, p);
            let w = self.pen.width(&text, SMALL);
            let x = if px + 10 + w < SIZE.0 as i32 - MARGIN {
                px + 10
            } else {
                px - 10 - w
            };
            let (bx, by) = body.get_base_pixel();
            let halo = [(x - 3 - bx, py - 24 - by), (x + w + 3 - bx, py - 5 - by)];
            body.draw(&Rectangle::new(halo, PAPER.mix(0.85).filled()))?;
            put_abs(
                &body,
                &text,
                &self.pen.text(SMALL, INK),
                (x, py - 6),
                (HPos::Left, VPos::Bottom),
            )?;
        }
        Ok(())
    }
}

/// The front chart of a `pareto` report; an error when it has no point.
pub fn front(r: &ParetoReport, font: &ChartFont, format: ImageFormat) -> Result<Chart, Error> {
    if r.points.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no plan exists, so there is no front to chart",
            r.scenario
        )));
    }
    let fig = Front {
        r,
        pen: Pen {
            family: font.family(),
        },
    };
    let (bytes, size) = output(&fig, format)?;
    let labels: Vec<String> = r.points.iter().map(|p| label(r, p)).collect();
    let mut all: Vec<&str> = labels.iter().map(String::as_str).collect();
    all.push(r.scenario.as_str());
    let warnings = font.coverage_warning(all).into_iter().collect();
    Ok(Chart {
        bytes,
        size,
        warnings,
    })
}
