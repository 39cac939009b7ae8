//! The objective broken down: what each term adds or takes away, and the total.
//!
//! One bar per term from zero: capability fit (rewarded, green) and cost,
//! sensitivity and fairness (penalised, vermillion), then the objective itself
//! (blue). Each bar is labelled with its contribution and how it arises
//! (weight x unweighted value), so a small penalty is readable even when its
//! bar is thin.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axes::{bar_chart, row_bar, row_y, BarFrame};
use super::canvas::{
    header, legend, num, put_abs, signed, Drawing, Figure, Pen, Swatch, MARGIN, SMALL,
};
use super::palette::{ACCENT, GAIN, INK, LOSS};
use crate::plan::Plan;
use crate::scenario::Scenario;

const SIZE: (u32, u32) = (1200, 560);

/// The objective-breakdown figure.
pub struct Breakdown<'a> {
    s: &'a Scenario,
    plan: &'a Plan,
    pen: Pen,
}

/// One bar: label, contribution, explanation.
type Bar = (String, f64, String);

impl<'a> Breakdown<'a> {
    /// The figure for `plan` of `s`.
    pub fn new(s: &'a Scenario, plan: &'a Plan, pen: Pen) -> Self {
        Breakdown { s, plan, pen }
    }

    fn bars(&self) -> Vec<Bar> {
        let w = self.s.policy.weights;
        let t = self.plan.terms;
        let mut out: Vec<Bar> = [
            ("capability fit", t.fit, w.fit, 1.0),
            ("cost", t.cost, w.cost, -1.0),
            ("sensitivity", t.sensitivity, w.sensitivity, -1.0),
            ("fairness gap", t.fairness, w.fairness, -1.0),
        ]
        .into_iter()
        .map(|(name, value, weight, sign)| {
            let c = sign * weight * value;
            let how = format!("{} x {}", num(weight, 4), num(value, 3));
            (name.to_string(), c, how)
        })
        .collect();
        out.push((
            "objective".into(),
            self.plan.objective,
            "sum of the terms".into(),
        ));
        out
    }
}

impl Figure for Breakdown<'_> {
    fn size(&self) -> (u32, u32) {
        SIZE
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawing {
        let bars = self.bars();
        let subtitle = format!(
            "{}: each term's contribution (weight x unweighted value); {} plan",
            self.s.name,
            self.plan.status.name().replace('_', " ")
        );
        let y = header(area, self.pen, "Objective breakdown", &subtitle)?;
        let items = [
            (Swatch::Fill(GAIN), "rewarded".to_string()),
            (Swatch::Fill(LOSS), "penalised".to_string()),
            (
                Swatch::Fill(ACCENT),
                "objective (higher is better)".to_string(),
            ),
        ];
        let y = legend(area, self.pen, &items, (MARGIN, y), SIZE.0 as i32 - MARGIN)?;
        let lo = bars.iter().map(|b| b.1).fold(0.0_f64, f64::min);
        let hi = bars.iter().map(|b| b.1).fold(0.0_f64, f64::max);
        let span = (hi - lo).max(1e-9);
        let body = area.margin(
            y as u32 + 6,
            MARGIN as u32,
            MARGIN as u32 - 8,
            MARGIN as u32,
        );
        let n = bars.len();
        let names: Vec<String> = bars.iter().map(|b| b.0.clone()).collect();
        let frame = BarFrame {
            labels: &names,
            x: (lo - 0.05 * span)..(hi + 0.45 * span),
            label_width: 150,
            x_desc: "contribution to the objective",
            ticks: &|x| num(*x, 2),
        };
        let mut chart = bar_chart(&body, self.pen, &frame)?;
        for (j, (name, c, how)) in bars.iter().enumerate() {
            let colour = match (name.as_str(), *c >= 0.0) {
                ("objective", _) => ACCENT,
                (_, true) => GAIN,
                _ => LOSS,
            };
            chart.draw_series([row_bar(n, j, (0.0, *c), (14, 14), colour.filled())])?;
            let (x0, yc) = chart.backend_coord(&(0.0_f64.max(*c), row_y(n, j) + 0.5));
            let text = format!("{}   ({how})", signed(*c, 3));
            put_abs(
                &body,
                &text,
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
