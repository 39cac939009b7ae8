//! Trade-off: capability fit against cost (or fairness) for the distinct plans a weights sweep found.
//!
//! Each point is one distinct plan ([`crate::sweep::data::plans`]), its area in
//! proportion to the runs that chose it. The non-dominated plans (no other has
//! at least as much fit at no more cost and is better in one) are blue, joined
//! by the front line and labelled A, B, ... with their run counts (the letter
//! alone where the full label would overlap another, none where neither fits); dominated
//! plans are grey; the baseline plan is ringed in black. A hollow point marks a
//! plan whose leads break a rule of the base scenario (a limit, a ban, a pin),
//! and the legend says so. When every plan sits at one value of the chosen
//! axis there is nothing to trade off: no chart is drawn and the error says why.

use plotters::chart::ChartContext;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axes::{style_mesh, Plane};
use super::canvas::{
    header, legend, num, put_abs, DrawError, Drawing, Figure, Pen, Swatch, MARGIN, SMALL,
};
use super::labels::Labeller;
use super::palette::{mix, ACCENT, INK, MUTED, PAPER};
use crate::error::Error;
use crate::scenario::Scenario;
use crate::sweep::data::{Against, Frontier, PlanPoint, SweepResults};

const SIZE: (u32, u32) = (1200, 760);

/// The trade-off figure.
pub struct TradeOff<'a> {
    s: &'a Scenario,
    points: &'a [PlanPoint],
    against: Against,
    pen: Pen,
}

impl<'a> TradeOff<'a> {
    /// The figure for the plans of `sweep`; an error when no run ended with a plan.
    pub fn new(
        s: &'a Scenario,
        sweep: &'a SweepResults,
        front: &'a Frontier,
        pen: Pen,
    ) -> Result<Self, Error> {
        if front.points.is_empty() {
            return Err(Error::Usage(format!(
                "{}: no run ended with a plan: there is no trade-off to chart",
                sweep.dir.display()
            )));
        }
        if let Some(why) = front.no_tradeoff() {
            return Err(Error::Usage(format!("{}: {why}", sweep.dir.display())));
        }
        Ok(TradeOff {
            s,
            points: &front.points,
            against: front.against,
            pen,
        })
    }

    fn radius(&self, p: &PlanPoint) -> i32 {
        let total: u64 = self.points.iter().map(|p| p.runs).sum();
        (4.0 + 14.0 * (p.runs as f64 / total.max(1) as f64).sqrt()).round() as i32
    }

    fn bounds(&self) -> ((f64, f64), (f64, f64)) {
        let xs = self.points.iter().map(|p| p.x(self.against));
        let ys = self.points.iter().map(|p| p.fit);
        let span = |v: Vec<f64>| {
            let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let pad = ((hi - lo) * 0.12).max(hi.abs().max(1.0) * 0.01);
            (lo - pad, hi + pad)
        };
        (span(xs.collect()), span(ys.collect()))
    }
}

impl TradeOff<'_> {
    fn front(&self) -> Vec<&PlanPoint> {
        let mut f: Vec<&PlanPoint> = self.points.iter().filter(|p| p.label.is_some()).collect();
        f.sort_by(|a, b| a.x(self.against).total_cmp(&b.x(self.against)));
        f
    }

    /// Title, subtitle and legend; returns the y below them.
    fn heading<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<i32, DrawError> {
        let optimal: u64 = self.points.iter().map(|p| p.runs).sum();
        let subtitle = format!(
            "{}: {} distinct plans in {optimal} optimal runs; {} non-dominated; each scored in the base scenario (one weighting)",
            self.s.name,
            self.points.len(),
            self.front().len()
        );
        let xname = if self.against == Against::Fairness {
            "fairness gap"
        } else {
            "cost"
        };
        let y = header(
            area,
            self.pen,
            &format!("Trade-off: capability fit against {xname}"),
            &subtitle,
        )?;
        let items = legend_items(self.points);
        legend(area, self.pen, &items, (MARGIN, y), SIZE.0 as i32 - MARGIN)
    }

    fn points<DB: DrawingBackend>(&self, chart: &mut ChartContext<'_, DB, Plane>) -> Drawing {
        let line: Vec<(f64, f64)> = self
            .front()
            .iter()
            .map(|p| (p.x(self.against), p.fit))
            .collect();
        chart.draw_series([PathElement::new(line, ACCENT.stroke_width(2))])?;
        let grey = mix(MUTED, PAPER, 0.35);
        for p in self.points {
            let at = (p.x(self.against), p.fit);
            let colour = if p.label.is_some() { ACCENT } else { grey };
            let style = if p.feasible_in_base {
                colour.filled()
            } else {
                colour.stroke_width(2)
            };
            chart.draw_series([Circle::new(at, self.radius(p), style)])?;
            if p.baseline {
                chart.draw_series([Circle::new(at, self.radius(p) + 5, INK.stroke_width(2))])?;
            }
        }
        Ok(())
    }

    /// "A: 12 runs" beside each non-dominated plan (and the baseline), on a white
    /// halo, where it overlaps no marker and no other label ([`Labeller`]); where it
    /// does not fit, the plan's letter alone, and where that does not fit either,
    /// nothing (the plan keeps its marker).
    fn labels<DB: DrawingBackend>(
        &self,
        body: &DrawingArea<DB, Shift>,
        chart: &ChartContext<'_, DB, Plane>,
    ) -> Drawing {
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        let mut room = Labeller::new((xs.start, ys.start, xs.end, ys.end));
        let labelled: Vec<(&PlanPoint, (i32, i32), i32)> = self
            .points
            .iter()
            .filter(|p| p.label.is_some() || p.baseline)
            .map(|p| {
                let at = chart.backend_coord(&(p.x(self.against), p.fit));
                (p, at, self.radius(p) + if p.baseline { 7 } else { 1 })
            })
            .collect();
        for &(_, (px, py), r) in &labelled {
            room.block((px - r, py - r, px + r, py + r));
        }
        let h = SMALL as i32 + 5;
        for (p, at, r) in labelled {
            let mut full = match &p.label {
                Some(l) => format!("{l}: {} runs", p.runs),
                None => format!("{} runs", p.runs),
            };
            if p.baseline {
                full.push_str(", baseline");
            }
            let short = p.label.clone().unwrap_or_default();
            let mut fits = |text: &str| {
                let w = self.pen.width(text, SMALL) + 6;
                room.place(at, r + 4, (w, h))
                    .map(|c| (text.to_string(), c, w))
            };
            let placed =
                fits(&full).or_else(|| (!short.is_empty()).then(|| fits(&short)).flatten());
            let Some((text, (x, y), w)) = placed else {
                continue;
            };
            let (bx, by) = body.get_base_pixel();
            let halo = [(x - bx, y - by), (x + w - bx, y + h - by)];
            body.draw(&Rectangle::new(halo, PAPER.mix(0.85).filled()))?;
            put_abs(
                body,
                &text,
                &self.pen.bold(SMALL, INK),
                (x + 3, y + 3),
                (HPos::Left, VPos::Top),
            )?;
        }
        Ok(())
    }
}

/// The legend: hollow points get an entry when there are any.
fn legend_items(points: &[PlanPoint]) -> Vec<(Swatch, String)> {
    let mut items = vec![
        (
            Swatch::Dot(ACCENT),
            "non-dominated plan (labelled)".to_string(),
        ),
        (
            Swatch::Dot(mix(MUTED, PAPER, 0.35)),
            "dominated plan".to_string(),
        ),
        (Swatch::Outline(INK), "baseline plan (ringed)".to_string()),
    ];
    if points.iter().any(|p| !p.feasible_in_base) {
        items.push((
            Swatch::Ring(ACCENT),
            "hollow: its leads break a rule of the base scenario".to_string(),
        ));
    }
    items.push((Swatch::Text, "area: runs that chose the plan".to_string()));
    items
}

impl Figure for TradeOff<'_> {
    fn size(&self) -> (u32, u32) {
        SIZE
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawing {
        let y = self.heading(area)?;
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
        let xdesc = match self.against {
            Against::Fairness => {
                "fairness gap: deviation from fair burden shares (lower is fairer)"
            }
            _ => "total cost of the plan, the tasks' realised costs (lower is better)",
        };
        let fmt = |v: &f64| num(*v, 3);
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh, self.pen);
        mesh.x_label_formatter(&fmt)
            .y_label_formatter(&fmt)
            .x_desc(xdesc)
            .y_desc("capability fit, importance-weighted (higher is better)")
            .draw()?;
        self.points(&mut chart)?;
        self.labels(&body, &chart)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(feasible_in_base: bool) -> PlanPoint {
        PlanPoint {
            leads: vec![],
            runs: 1,
            first_run: 0,
            fit: 1.0,
            cost: 1.0,
            fairness: 0.0,
            feasible_in_base,
            baseline: false,
            label: None,
        }
    }

    #[test]
    fn defect6_hollow_markers_are_in_the_legend_when_drawn() {
        let hollow = |ps: &[PlanPoint]| {
            legend_items(ps)
                .iter()
                .any(|(s, t)| matches!(s, Swatch::Ring(_)) && t.starts_with("hollow"))
        };
        assert!(hollow(&[point(true), point(false)]));
        assert!(!hollow(&[point(true)]));
    }
}
