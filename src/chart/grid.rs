//! The task-by-country grid shared by the plan matrix and the lead-frequency heatmap.
//!
//! Tasks are rows grouped under their domain (in order of first appearance),
//! countries are columns in scenario order with a strip of their colour on top,
//! and a narrow column on the right carries one number per task. Rows stay 26
//! pixels high and columns shrink from 150 to 64 pixels, so 3 x 12 and 14 x 60
//! grids are both readable; names too long for their space are cut with "...".

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{put, Drawing, Pen, LABEL, MARGIN, SMALL};
use super::palette::{country, BAND, INK, MUTED};
use crate::scenario::Scenario;

/// Row height.
pub const ROW: i32 = 26;
const DOMAIN_ROW: i32 = 30;
const LABEL_W: i32 = 400;
const RIGHT_W: i32 = 100;
const COL_HEAD: i32 = 58;
/// Space above the grid for the header and legend.
pub const TOP: i32 = 168;

/// The grid's geometry for one scenario.
#[derive(Clone, Copy)]
pub struct Grid<'a> {
    s: &'a Scenario,
    pen: Pen,
    /// Column width.
    pub col: i32,
}

/// Width and height of a grid for `countries` x `tasks` in `domains` domains.
pub fn size(countries: usize, tasks: usize, domains: usize) -> (u32, u32) {
    let col = column_width(countries);
    let w = (2 * MARGIN + LABEL_W + col * countries as i32 + RIGHT_W).max(1000);
    let h = TOP + COL_HEAD + ROW * tasks as i32 + DOMAIN_ROW * domains as i32 + MARGIN + 8;
    (w as u32, h as u32)
}

fn column_width(countries: usize) -> i32 {
    (900 / countries.max(1) as i32).clamp(64, 150)
}

impl<'a> Grid<'a> {
    /// The grid of `s`.
    pub fn new(s: &'a Scenario, pen: Pen) -> Self {
        Grid {
            s,
            pen,
            col: column_width(s.countries.len()),
        }
    }

    /// The figure's size.
    pub fn size(&self) -> (u32, u32) {
        size(
            self.s.countries.len(),
            self.s.tasks.len(),
            self.s.domains().len(),
        )
    }

    /// Left edge of country `i`'s column.
    pub fn x(&self, i: usize) -> i32 {
        MARGIN + LABEL_W + self.col * i as i32
    }

    fn right(&self) -> i32 {
        self.x(self.s.countries.len()) + RIGHT_W
    }

    /// Column heads at `y`: "Task", each country's colour strip, id and name, and the right column's title.
    pub fn heads<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        y: i32,
        right: &str,
    ) -> Drawing {
        let pen = self.pen;
        put(
            area,
            "Task",
            &pen.bold(LABEL, INK),
            (MARGIN, y + COL_HEAD - 24),
            (HPos::Left, VPos::Top),
        )?;
        for (i, c) in self.s.countries.iter().enumerate() {
            let (x, cx) = (self.x(i), self.x(i) + self.col / 2);
            area.draw(&Rectangle::new(
                [(x + 3, y), (x + self.col - 3, y + 6)],
                country(i).filled(),
            ))?;
            let id = pen.fit(&c.id, LABEL, self.col - 6);
            put(
                area,
                &id,
                &pen.bold(LABEL, INK),
                (cx, y + 12),
                (HPos::Center, VPos::Top),
            )?;
            let name = pen.fit(&c.name, SMALL - 1.0, self.col - 6);
            put(
                area,
                &name,
                &pen.text(SMALL - 1.0, MUTED),
                (cx, y + 34),
                (HPos::Center, VPos::Top),
            )?;
        }
        let anchor = (HPos::Right, VPos::Top);
        put(
            area,
            right,
            &pen.bold(LABEL, INK),
            (self.right() - 8, y + COL_HEAD - 24),
            anchor,
        )
    }

    /// A domain's heading (a rule, its name and task count) at `y`.
    fn domain_heading<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        domain: &str,
        y: i32,
    ) -> Drawing {
        let pen = self.pen;
        area.draw(&Rectangle::new(
            [(MARGIN, y + 6), (self.right(), y + 7)],
            INK.filled(),
        ))?;
        let n = self.s.tasks.iter().filter(|t| t.domain == domain).count();
        let label = format!(
            "{} ({n})",
            pen.fit(&domain.replace('_', " "), LABEL, LABEL_W - 60)
        );
        put(
            area,
            &label,
            &pen.bold(LABEL, INK),
            (MARGIN, y + 11),
            (HPos::Left, VPos::Top),
        )
    }

    /// Task `t`'s label at the left of the row at `y`, banded when `band`.
    fn task_label<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        t: usize,
        y: i32,
        band: bool,
    ) -> Drawing {
        if band {
            area.draw(&Rectangle::new(
                [(MARGIN, y), (self.right(), y + ROW)],
                BAND.filled(),
            ))?;
        }
        let task = &self.s.tasks[t];
        let label = self.pen.fit(
            if task.name.is_empty() {
                &task.id
            } else {
                &task.name
            },
            SMALL,
            LABEL_W - 24,
        );
        put(
            area,
            &label,
            &self.pen.text(SMALL, INK),
            (MARGIN + 14, y + ROW / 2),
            (HPos::Left, VPos::Center),
        )
    }

    /// Draws the rows from `y`: domain headings, banded task rows, `cell(area, t, i, (x, y))` for each
    /// cell and `right(t)` in the right column.
    pub fn rows<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        mut y: i32,
        cell: impl Fn(&DrawingArea<DB, Shift>, usize, usize, (i32, i32)) -> Drawing,
        right: impl Fn(usize) -> String,
    ) -> Drawing {
        y += COL_HEAD;
        for domain in self.s.domains() {
            self.domain_heading(area, &domain, y)?;
            y += DOMAIN_ROW;
            let tasks = (0..self.s.tasks.len()).filter(|&t| self.s.tasks[t].domain == domain);
            for (k, t) in tasks.enumerate() {
                self.task_label(area, t, y, k % 2 == 1)?;
                for i in 0..self.s.countries.len() {
                    cell(area, t, i, (self.x(i), y))?;
                }
                let anchor = (HPos::Right, VPos::Center);
                put(
                    area,
                    &right(t),
                    &self.pen.text(SMALL, INK),
                    (self.right() - 8, y + ROW / 2),
                    anchor,
                )?;
                y += ROW;
            }
        }
        Ok(())
    }
}
