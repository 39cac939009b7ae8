//! Country load: how much of its capacity and budget each country's leads use.
//!
//! Two panels side by side, one row per country in scenario order: effort used
//! (the country's colour) inside its capacity (a grey frame), and money paid
//! inside its budget. Each bar is labelled "used of limit (percent)", so a
//! binding limit reads as a full frame and a number near 100%.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axes::{bar_chart, row_bar, row_y, BarFrame};
use super::canvas::{
    header, legend, num, put, put_abs, Drawing, Figure, Pen, Swatch, LABEL, MARGIN, SMALL,
};
use super::palette::{country, mix, BAND, INK, MUTED};
use crate::plan::Plan;
use crate::scenario::Scenario;

const ROW: u32 = 46;
const WIDTH: u32 = 1400;

/// The country-load figure.
pub struct CountryLoad<'a> {
    s: &'a Scenario,
    plan: &'a Plan,
    pen: Pen,
}

struct Panel<'p> {
    title: &'p str,
    unit: &'p str,
    used: Vec<f64>,
    limit: Vec<Option<f64>>,
}

impl<'a> CountryLoad<'a> {
    /// The figure for `plan` of `s`.
    pub fn new(s: &'a Scenario, plan: &'a Plan, pen: Pen) -> Self {
        CountryLoad { s, plan, pen }
    }

    fn label(&self, i: usize) -> String {
        let c = &self.s.countries[i];
        let text = if c.name.is_empty() || c.name == c.id {
            c.id.clone()
        } else {
            format!("{} ({})", c.name, c.id)
        };
        self.pen.fit(&text, SMALL, 180)
    }

    fn panel<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, p: &Panel) -> Drawing {
        let n = self.s.countries.len();
        let top = (0..n)
            .map(|i| p.used[i].max(p.limit[i].unwrap_or(0.0)))
            .fold(0.0_f64, f64::max)
            .max(1e-9);
        let labels: Vec<String> = (0..n).map(|i| self.label(i)).collect();
        let frame = BarFrame {
            labels: &labels,
            x: 0.0..top * 1.32,
            label_width: 196,
            x_desc: p.unit,
            ticks: &|x| num(*x, 2),
        };
        let mut chart = bar_chart(area, self.pen, &frame)?;
        for i in 0..n {
            if let Some(l) = p.limit[i] {
                chart.draw_series([row_bar(
                    n,
                    i,
                    (0.0, l),
                    (6, 6),
                    mix(BAND, MUTED, 0.12).filled(),
                )])?;
                chart.draw_series([row_bar(n, i, (0.0, l), (6, 6), MUTED.stroke_width(1))])?;
            }
            chart.draw_series([row_bar(
                n,
                i,
                (0.0, p.used[i]),
                (13, 13),
                country(i).filled(),
            )])?;
            let end = p.used[i].max(p.limit[i].unwrap_or(0.0));
            let text = match p.limit[i] {
                Some(l) if l > 0.0 => format!(
                    "{} of {} ({}%)",
                    num(p.used[i], 1),
                    num(l, 1),
                    num(100.0 * p.used[i] / l, 0)
                ),
                Some(l) => format!("{} of {}", num(p.used[i], 1), num(l, 1)),
                None => format!("{} (no limit)", num(p.used[i], 1)),
            };
            let (x, y) = chart.backend_coord(&(end, row_y(n, i) + 0.5));
            put_abs(
                area,
                &text,
                &self.pen.text(SMALL, INK),
                (x + 8, y),
                (HPos::Left, VPos::Center),
            )?;
        }
        Ok(())
    }
}

impl Figure for CountryLoad<'_> {
    fn size(&self) -> (u32, u32) {
        (WIDTH, 250 + ROW * self.s.countries.len() as u32)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawing {
        let n = self.s.countries.len();
        let subtitle = format!(
            "{}: what each country's leads use of its limits",
            self.s.name
        );
        let y = header(area, self.pen, "Country load", &subtitle)?;
        let items = [
            (
                Swatch::Fill(country(0)),
                "used (the country's colour)".to_string(),
            ),
            (
                Swatch::Boxed(mix(BAND, MUTED, 0.12)),
                "capacity or budget".to_string(),
            ),
        ];
        let y = legend(area, self.pen, &items, (MARGIN, y), WIDTH as i32 - MARGIN)?;
        let body = area.margin(
            y as u32 + 4,
            MARGIN as u32 - 8,
            MARGIN as u32 - 8,
            MARGIN as u32 - 8,
        );
        let halves = body.split_evenly((1, 2));
        let effort = Panel {
            title: "Effort used of capacity",
            unit: "effort units",
            used: (0..n).map(|i| self.plan.effort_used(self.s, i)).collect(),
            limit: self.s.countries.iter().map(|c| Some(c.capacity)).collect(),
        };
        let money = Panel {
            title: "Cost paid of budget",
            unit: "money units",
            used: (0..n).map(|i| self.plan.money_paid(i)).collect(),
            limit: self.s.countries.iter().map(|c| c.budget).collect(),
        };
        for (half, panel, (l, r)) in [
            (&halves[0], &effort, (0, 12)),
            (&halves[1], &money, (12, 0)),
        ] {
            put(
                half,
                panel.title,
                &self.pen.bold(LABEL, INK),
                (l + 196, 0),
                (HPos::Left, VPos::Top),
            )?;
            self.panel(&half.margin(30, 0, l, r), panel)?;
        }
        Ok(())
    }
}
