//! Peeling: PRIM's trajectory (coverage against density) with the chosen box
//! marked, and the box's restrictions written beside it.
//!
//! Each point is one box on the way from all runs (coverage 1, low density) to
//! the smallest box PRIM keeps; the chosen one is ringed and its restrictions,
//! the sentence and the rule that chose it are printed under the plot. The
//! discovery comes from [`crate::discover`]; the chart only draws it.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axes::style_mesh;
use super::canvas::{header, num, put_abs, Drawing, Figure, Pen, MARGIN, SMALL};
use super::palette::{ACCENT, ACCENT2, INK, MUTED};
use crate::discover::render::condition;
use crate::discover::{Discovery, FoundBox};
use crate::error::Error;

const SIZE: (u32, u32) = (1200, 860);

/// Lines of text under the plot.
const TEXT_LINES: usize = 9;

/// The peeling figure of the first box.
pub struct Peeling<'a> {
    d: &'a Discovery,
    b: &'a FoundBox,
    pen: Pen,
}

impl<'a> Peeling<'a> {
    /// The figure; an error when the discovery found no box.
    pub fn new(d: &'a Discovery, pen: Pen) -> Result<Self, Error> {
        let b = d.boxes.first().ok_or_else(|| {
            Error::Usage(format!(
                "PRIM found no box for `{}`: no peel raised the density above that of all runs, so there is no trajectory to draw",
                d.target
            ))
        })?;
        Ok(Peeling { d, b, pen })
    }

    fn notes(&self) -> Vec<String> {
        let mut out = vec![format!(
            "chosen: point {} (ringed), {}",
            self.b.chosen, self.b.sentence
        )];
        out.extend(self.b.restrictions.iter().map(|r| {
            let p = [r.p_lower, r.p_upper]
                .iter()
                .flatten()
                .map(|p| {
                    if *p < 0.001 {
                        "<0.001".into()
                    } else {
                        num(*p, 3)
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            format!("  {}   (quasi-p {p})", condition(r))
        }));
        out
    }
}

impl Figure for Peeling<'_> {
    fn size(&self) -> (u32, u32) {
        SIZE
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawing {
        let subtitle = format!(
            "PRIM on {} runs, {} cases of `{}`: each point a box, from all runs (right) to the densest (top left)",
            self.d.runs, self.d.cases, self.d.target
        );
        let y = header(
            area,
            self.pen,
            "Scenario discovery: peeling trajectory",
            &subtitle,
        )?;
        let text_h = (TEXT_LINES as i32 + 1) * (SMALL as i32 + 6);
        let body = area.margin(
            y as u32 + 6,
            (MARGIN + text_h) as u32,
            MARGIN as u32,
            MARGIN as u32,
        );
        let mut chart = ChartBuilder::on(&body)
            .x_label_area_size(52)
            .y_label_area_size(70)
            .build_cartesian_2d(0.0..1.05, 0.0..1.05)?;
        let fmt = |v: &f64| num(*v, 2);
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh, self.pen);
        mesh.x_label_formatter(&fmt)
            .y_label_formatter(&fmt)
            .x_desc("coverage (share of all cases in the box)")
            .y_desc("density (share of the box's runs that are cases)")
            .draw()?;
        let pts: Vec<(f64, f64)> = self
            .b
            .trajectory
            .iter()
            .map(|p| (p.coverage, p.density))
            .collect();
        chart.draw_series([PathElement::new(pts.clone(), ACCENT2.stroke_width(2))])?;
        chart.draw_series(pts.iter().map(|&p| Circle::new(p, 5, ACCENT.filled())))?;
        let c = pts[self.b.chosen];
        chart.draw_series([Circle::new(c, 11, INK.stroke_width(3))])?;
        let (_, h) = area.dim_in_pixel();
        let mut ty = h as i32 - MARGIN - text_h + 10;
        let max = SIZE.0 as i32 - 2 * MARGIN;
        let lines = self.notes().into_iter().flat_map(|line| {
            let colour = if line.starts_with("  ") { MUTED } else { INK };
            let wrapped = self.pen.wrap(&line, SMALL, max, 3);
            wrapped.into_iter().map(move |l| (l, colour))
        });
        for (line, colour) in lines.take(TEXT_LINES) {
            put_abs(
                area,
                &line,
                &self.pen.text(SMALL, colour),
                (MARGIN, ty),
                (HPos::Left, VPos::Top),
            )?;
            ty += SMALL as i32 + 6;
        }
        Ok(())
    }
}
