//! Lead frequency: across a sweep's runs, how often each country leads each task.
//!
//! The task-by-country grid of [`super::grid`], each cell shaded on one blue
//! ramp by the share of optimal runs in which the country leads the task and
//! labelled with the percentage; the baseline plan's leads are ringed in black.
//! The right column gives each task's stability (share of runs whose leads of
//! the task equal the baseline's). A ringed dark cell is a robust lead; a ringed
//! pale one is a lead the assumptions can easily overturn.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{header, legend, num, put, Drawing, Figure, Pen, Swatch, MARGIN, SMALL};
use super::grid::{Grid, ROW, TOP};
use super::palette::{ramp, text_on, INK};
use crate::scenario::Scenario;
use crate::sweep::data::SweepResults;

/// The lead-frequency figure.
pub struct LeadFrequency<'a> {
    s: &'a Scenario,
    sweep: &'a SweepResults,
    pen: Pen,
    grid: Grid<'a>,
}

/// A share as a whole percentage ("73%"); "<1%" and ">99%" for shares that would round to 0% or 100%.
pub fn pct(x: f64) -> String {
    match x {
        x if x > 0.0 && x < 0.005 => "<1%".into(),
        x if (0.995..1.0).contains(&x) => ">99%".into(),
        x => format!("{}%", num(100.0 * x, 0)),
    }
}

impl<'a> LeadFrequency<'a> {
    /// The figure for `sweep` of `s`.
    pub fn new(s: &'a Scenario, sweep: &'a SweepResults, pen: Pen) -> Self {
        LeadFrequency {
            s,
            sweep,
            pen,
            grid: Grid::new(s, pen),
        }
    }

    fn cell<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        t: usize,
        i: usize,
        (x, y): (i32, i32),
    ) -> Drawing {
        let col = self.grid.col;
        let f = self.sweep.tasks[t].lead_frequency[i];
        let fill = ramp(f);
        area.draw(&Rectangle::new(
            [(x + 2, y + 2), (x + col - 2, y + ROW - 2)],
            fill.filled(),
        ))?;
        let baseline = self.sweep.tasks[t].baseline_leads.contains(&i);
        let centre = (HPos::Center, VPos::Center);
        if baseline {
            area.draw(&Rectangle::new(
                [(x + 2, y + 2), (x + col - 2, y + ROW - 2)],
                INK.stroke_width(3),
            ))?;
            area.draw(&Circle::new(
                (x + 12, y + ROW / 2),
                4,
                text_on(fill).filled(),
            ))?;
            put(
                area,
                &pct(f),
                &self.pen.bold(SMALL, text_on(fill)),
                (x + col / 2 + 5, y + ROW / 2),
                centre,
            )?;
        } else if f > 0.0 {
            put(
                area,
                &pct(f),
                &self.pen.text(SMALL - 1.0, text_on(fill)),
                (x + col / 2, y + ROW / 2),
                centre,
            )?;
        }
        Ok(())
    }
}

impl Figure for LeadFrequency<'_> {
    fn size(&self) -> (u32, u32) {
        self.grid.size()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawing {
        let (w, _) = self.size();
        let optimal = self.sweep.optimal_runs().count();
        let subtitle = format!(
            "{}: share of the {optimal} optimal runs (of {}, {} design) in which each country leads each task",
            self.s.name, self.sweep.runs, self.sweep.design
        );
        let y = header(area, self.pen, "Lead frequency across the sweep", &subtitle)?;
        let mut items: Vec<(Swatch, String)> =
            vec![(Swatch::Outline(INK), "baseline plan's lead".into())];
        for v in [0.0, 0.25, 0.5, 0.75, 1.0] {
            items.push((Swatch::Boxed(ramp(v)), pct(v)));
        }
        items.push((
            Swatch::Text,
            "(right: stability of the baseline lead)".into(),
        ));
        legend(area, self.pen, &items, (MARGIN, y), w as i32 - MARGIN)?;
        self.grid.heads(area, TOP, "stability")?;
        let stability = |t: usize| self.sweep.tasks[t].stability.map_or("-".into(), pct);
        self.grid
            .rows(area, TOP, |a, t, i, xy| self.cell(a, t, i, xy), stability)
    }
}
