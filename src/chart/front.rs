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

use plotters::chart::ChartContext;

use super::axes::{style_mesh, Plane};
use super::canvas::{header, num, put, put_abs, DrawError, Drawing, Figure, Pen, MARGIN, SMALL};
use super::labels::Labeller;
use super::palette::{ACCENT, INK, PAPER};
use super::{output, Chart, ChartFont, ImageFormat};
use crate::error::Error;
use crate::model::Term;
use crate::pareto::{ParetoPoint, ParetoReport};

/// The plot's part of the figure; labels that do not fit are listed below it.
const PLOT: (u32, u32) = (1200, 760);
/// Height of a line of the list.
const LINE: i32 = 20;

struct Front<'a> {
    r: &'a ParetoReport,
    pen: Pen,
    /// How many labels are listed below the plot.
    listed: usize,
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
        text.push_str(&format!("; {} {}", term_name(*t), num(*v, 3)));
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

impl Front<'_> {
    /// The title, the axes, the front and its labels in the top [`PLOT`] pixels;
    /// returns the points whose label did not fit beside them (numbered instead).
    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> Result<Vec<usize>, DrawError> {
        let names: Vec<String> = self.r.objectives.iter().map(|t| term_name(*t)).collect();
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
            .x_desc(axis_name(self.r.objectives[1]))
            .y_desc(axis_name(self.r.objectives[0]))
            .draw()?;
        let line: Vec<(f64, f64)> = self.r.points.iter().map(|p| self.xy(p)).collect();
        chart.draw_series([PathElement::new(line, ACCENT.stroke_width(2))])?;
        for p in &self.r.points {
            chart.draw_series([Circle::new(self.xy(p), 6, ACCENT.filled())])?;
        }
        self.labels(&body, &chart)
    }

    /// Each point's label on a white halo where it fits, else its number alone.
    fn labels<DB: DrawingBackend>(
        &self,
        body: &DrawingArea<DB, Shift>,
        chart: &ChartContext<'_, DB, Plane>,
    ) -> Result<Vec<usize>, DrawError> {
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        let mut room = Labeller::new((xs.start, ys.start, xs.end, ys.end));
        let at: Vec<(i32, i32)> = self
            .r
            .points
            .iter()
            .map(|p| chart.backend_coord(&self.xy(p)))
            .collect();
        for &(px, py) in &at {
            room.block((px - 7, py - 7, px + 7, py + 7));
        }
        let h = SMALL as i32 + 5;
        let mut listed = Vec::new();
        for (p, &xy) in self.r.points.iter().zip(&at) {
            let full = label(self.r, p);
            let number = p.index.to_string();
            let fits = |text: &str, room: &mut Labeller| {
                let w = self.pen.width(text, SMALL) + 6;
                room.place(xy, 9, (w, h)).map(|c| (text.to_string(), c, w))
            };
            let placed = match fits(&full, &mut room) {
                Some(f) => Some(f),
                None => {
                    listed.push(p.index);
                    fits(&number, &mut room)
                }
            };
            let Some((text, (x, y), w)) = placed else {
                continue;
            };
            let (bx, by) = body.get_base_pixel();
            let halo = [(x - bx, y - by), (x + w - bx, y + h - by)];
            body.draw(&Rectangle::new(halo, PAPER.mix(0.85).filled()))?;
            put_abs(
                body,
                &text,
                &self.pen.text(SMALL, INK),
                (x + 3, y + 3),
                (HPos::Left, VPos::Top),
            )?;
        }
        Ok(listed)
    }

    /// The labels that did not fit beside their points, one a line below the plot.
    fn list<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, listed: &[usize]) -> Drawing {
        if listed.is_empty() {
            return Ok(());
        }
        let max = PLOT.0 as i32 - 2 * MARGIN;
        let mut y = PLOT.1 as i32;
        put(
            area,
            "Plans numbered on the chart (no room for their label beside them):",
            &self.pen.bold(SMALL, INK),
            (MARGIN, y),
            (HPos::Left, VPos::Top),
        )?;
        for p in self.r.points.iter().filter(|p| listed.contains(&p.index)) {
            y += LINE;
            let text = self.pen.fit(&label(self.r, p), SMALL, max);
            put(
                area,
                &text,
                &self.pen.text(SMALL, INK),
                (MARGIN, y),
                (HPos::Left, VPos::Top),
            )?;
        }
        Ok(())
    }

    /// How many labels the plot lists below it (a dry run of [`Front::plot`]).
    fn listed(&self) -> usize {
        let mut sink = String::new();
        let root = SVGBackend::with_string(&mut sink, PLOT).into_drawing_area();
        self.plot(&root).map_or(0, |l| l.len())
    }
}

impl Figure for Front<'_> {
    fn size(&self) -> (u32, u32) {
        match self.listed {
            0 => PLOT,
            n => (PLOT.0, PLOT.1 + (n as u32 + 1) * LINE as u32 + 12),
        }
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawing {
        let (top, _) = area.split_vertically(PLOT.1);
        let listed = self.plot(&top)?;
        self.list(area, &listed)
    }
}

/// A term's name on the chart: fairness is a gap (a larger one is less fair).
fn term_name(t: Term) -> String {
    match t {
        Term::Fit => "capability fit".into(),
        Term::Fairness => "fairness gap".into(),
        other => other.name().into(),
    }
}

/// An axis title: the term and which way is better.
fn axis_name(t: Term) -> &'static str {
    match t {
        Term::Fit => "capability fit (higher is better)",
        Term::Cost => "cost (lower is better)",
        Term::Sensitivity => "sensitivity (lower is better)",
        Term::Fairness => "fairness gap: deviation from fair cost shares (lower is fairer)",
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
    let mut fig = Front {
        r,
        pen: Pen {
            family: font.family(),
        },
        listed: 0,
    };
    fig.listed = fig.listed();
    let (bytes, size, placed) = output(&fig, format)?;
    let labels: Vec<String> = r.points.iter().map(|p| label(r, p)).collect();
    let mut all: Vec<&str> = labels.iter().map(String::as_str).collect();
    all.push(r.scenario.as_str());
    let warnings = font.coverage_warning(all).into_iter().collect();
    Ok(Chart {
        bytes,
        size,
        warnings,
        labels: placed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Terms;
    use crate::resilience::LeadChange;

    /// 22 plans on a short stretch of the front, as a fine grid finds them.
    fn crowded() -> ParetoReport {
        let points = (1..=22)
            .map(|k| ParetoPoint {
                index: k,
                values: vec![90.0 + 0.05 * k as f64, 10.0 + 0.3 * (k as f64).sqrt()],
                terms: Terms {
                    fit: 0.0,
                    cost: 0.0,
                    sensitivity: 0.0,
                    fairness: 0.0,
                },
                changes_from_previous: vec![
                    LeadChange {
                        task: format!("t{k:02}"),
                        from: vec!["US".into()],
                        to: vec!["JP".into(), "KR".into()],
                    };
                    (k % 3) + 1
                ],
                leads: vec![],
            })
            .collect();
        ParetoReport {
            scenario: "crowded".into(),
            objectives: vec![Term::Fit, Term::Fairness],
            grid: Some(22),
            resolution: vec![],
            payoff: vec![],
            status: "optimal".into(),
            solves: 22,
            diagnosis: None,
            points,
        }
    }

    #[test]
    fn a_crowded_front_labels_without_overlap_and_lists_the_rest() {
        let r = crowded();
        for format in [ImageFormat::Png, ImageFormat::Svg] {
            let chart = front(&r, &ChartFont::builtin(), format).unwrap();
            let l = &chart.labels;
            for (k, a) in l.iter().enumerate() {
                assert!(a.inside(chart.size), "{a:?} leaves {:?}", chart.size);
                for b in &l[k + 1..] {
                    assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
                }
            }
            // every plan is named: beside its point, or numbered and listed below
            for p in &r.points {
                let full = label(&r, p);
                assert!(l.iter().any(|t| t.text == full), "{full} missing");
            }
            assert!(l.iter().any(|t| t.text.starts_with("Plans numbered")));
            assert!(l.iter().any(|t| t.text.contains("(lower is fairer)")));
        }
    }
}
