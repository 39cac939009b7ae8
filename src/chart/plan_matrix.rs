//! The plan matrix: who leads what, who pays what, and how well each country fits.
//!
//! Tasks are rows, grouped under their domain; countries are columns in the
//! scenario's order and colours ([`super::grid`]). A lead's cell is ringed in
//! the country's colour with a dot; every cell is shaded by the share of the
//! task's cost the country pays and shows the country's fit for the task, so a
//! reader sees at once the division of labour, who carries the money, and why
//! (the fits). A cell the country may not lead (sensitivity rule, or a pin) is
//! grey. The right column gives the task's realised cost.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{header, legend, num, put, Drawing, Figure, Pen, Swatch, MARGIN, SMALL};
use super::grid::{Grid, ROW, TOP};
use super::palette::{country, mix, text_on, INK, MUTED, PAPER};

/// Fill of a cell whose country may not lead the task.
const BARRED: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
use crate::fmt::plural;
use crate::plan::Plan;
use crate::scenario::{Scenario, SensitivityRule};

/// The plan-matrix figure.
pub struct PlanMatrix<'a> {
    s: &'a Scenario,
    plan: &'a Plan,
    pen: Pen,
    grid: Grid<'a>,
}

/// Whether country `i` may not lead task `t` (sensitivity rule `forbid`, or a pin).
pub fn blocked(s: &Scenario, i: usize, t: usize) -> bool {
    let forbid =
        s.policy.sensitivity_rule == SensitivityRule::Forbid && !s.sensitivity_allows(i, t);
    forbid
        || s.policy
            .pins
            .iter()
            .any(|p| p.country == i && p.task == t && !p.lead)
}

impl<'a> PlanMatrix<'a> {
    /// The figure for `plan` of `s`.
    pub fn new(s: &'a Scenario, plan: &'a Plan, pen: Pen) -> Self {
        PlanMatrix {
            s,
            plan,
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
        let (x1, y1) = (x + col - 2, y + ROW - 2);
        let share = self.plan.share(self.s, i, t);
        let fill = mix(PAPER, country(i), 0.15 + 0.7 * share);
        let paid = share > 1e-9;
        let barred = blocked(self.s, i, t);
        if paid {
            area.draw(&Rectangle::new([(x + 2, y + 2), (x1, y1)], fill.filled()))?;
        } else if barred {
            area.draw(&Rectangle::new([(x + 2, y + 2), (x1, y1)], BARRED.filled()))?;
        }
        let fit = format!("{:.2}", self.s.tasks[t].fit[i]);
        let centre = (HPos::Center, VPos::Center);
        if self.plan.leads_task(i, t) {
            area.draw(&Rectangle::new(
                [(x + 2, y + 2), (x1, y1)],
                country(i).stroke_width(3),
            ))?;
            area.draw(&Circle::new(
                (x + 12, y + ROW / 2),
                4,
                mix(country(i), INK, 0.3).filled(),
            ))?;
            let ink = if paid { text_on(fill) } else { INK };
            put(
                area,
                &fit,
                &self.pen.bold(SMALL, ink),
                (x + col / 2 + 5, y + ROW / 2),
                centre,
            )?;
        } else {
            let ink = if paid {
                text_on(fill)
            } else if barred {
                mix(MUTED, PAPER, 0.35)
            } else {
                MUTED
            };
            put(
                area,
                &fit,
                &self.pen.text(SMALL - 1.0, ink),
                (x + col / 2, y + ROW / 2),
                centre,
            )?;
        }
        Ok(())
    }

    fn legend_items(&self) -> Vec<(Swatch, String)> {
        let mut items = vec![
            (
                Swatch::Outline(country(0)),
                "lead (ringed, in the country's colour)".to_string(),
            ),
            (
                Swatch::Fill(mix(PAPER, country(0), 0.85)),
                "shade: share of the task's cost paid".to_string(),
            ),
            (
                Swatch::Number,
                "fit of the country for the task (0-1)".to_string(),
            ),
        ];
        let (nt, nc) = (self.s.tasks.len(), self.s.countries.len());
        if (0..nt).any(|t| (0..nc).any(|i| blocked(self.s, i, t))) {
            items.push((
                Swatch::Boxed(BARRED),
                "grey: may not lead (sensitivity or pin)".to_string(),
            ));
        }
        items
    }
}

impl Figure for PlanMatrix<'_> {
    fn size(&self) -> (u32, u32) {
        self.grid.size()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawing {
        let (w, _) = self.size();
        let leads: usize = self.plan.leads.iter().map(Vec::len).sum();
        let subtitle = format!(
            "{}: {} in {}, {}, {}; objective {} ({})",
            self.s.name,
            plural(self.s.tasks.len(), "task", "tasks"),
            plural(self.s.domains().len(), "domain", "domains"),
            plural(self.s.countries.len(), "country", "countries"),
            plural(leads, "lead", "leads"),
            num(self.plan.objective, 2),
            self.plan.status.name().replace('_', " ")
        );
        let y = header(area, self.pen, "Who leads what", &subtitle)?;
        legend(
            area,
            self.pen,
            &self.legend_items(),
            (MARGIN, y),
            w as i32 - MARGIN,
        )?;
        self.grid.heads(area, TOP, "cost")?;
        let cost = |t: usize| {
            if self.plan.leads[t].is_empty() {
                "left out".to_string()
            } else {
                num(self.plan.task_cost(self.s, t), 1)
            }
        };
        self.grid
            .rows(area, TOP, |a, t, i, xy| self.cell(a, t, i, xy), cost)
    }
}
