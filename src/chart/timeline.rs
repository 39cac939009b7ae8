//! The timeline of a horizon plan: who leads each task in each period, and how
//! the lead is spread over the branches of the election tree.
//!
//! Tasks are rows and periods columns. A cell whose task has one lead set in
//! every branch of the period is one block in the lead's colour; where branches
//! differ, the cell is a fan of stacked bands, one per lead set, each as tall as
//! that set's chance in the period (the report's timeline: each node of the
//! period weighted by its probability), the likeliest on top. A country keeps
//! its colour of every other chart ([`super::palette::country`]); a co-led set's
//! band is striped in its leads' colours, lightened so its label stays legible;
//! nobody leading is grey; a period where the task is not active is left blank.
//! The bands are laid out in whole pixels by [`bands`], which both the drawing
//! and the tests read, so what is drawn is what the report says.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{
    header, legend, legend_height, num, put, Drawing, Figure, Pen, Swatch, LABEL, MARGIN, SMALL,
    SUBTITLE, TITLE,
};
use super::palette::{country, mix, text_on, INK, MUTED, PAPER, RULE};
use crate::error::Error;
use crate::fmt::plural;
use crate::horizon::plan::{HorizonReport, Spread};
use crate::scenario::Scenario;

/// The figure's width: readable at 1280 pixels, whatever the number of periods.
pub const WIDTH: i32 = 1280;
/// Width of the task names' column.
const LABEL_W: i32 = 300;
/// Height of a cell, in which the bands are stacked.
pub const CELL_H: i32 = 64;
/// Space between rows and between columns.
const GAP: i32 = 6;
/// Height of the periods' heads.
const COL_HEAD: i32 = 50;
/// Fill of a band where nobody leads.
const NOBODY: RGBColor = RGBColor(0xD9, 0xD9, 0xD9);
/// The smallest band that carries its label.
const LABELLED: i32 = 16;

/// One band of one cell, in canvas pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// Row: the task's index in the report's timeline.
    pub row: usize,
    /// Column: the period's index.
    pub period: usize,
    /// The lead set (country ids; empty: nobody leads).
    pub leads: Vec<String>,
    /// Its chance in the period, as the report gives it.
    pub probability: f64,
    /// Left and right edges.
    pub x: (i32, i32),
    /// Top (inclusive) and bottom (exclusive) edges.
    pub y: (i32, i32),
}

/// Where the grid starts below the header and legend, for a report drawn with `pen`.
fn grid_top(r: &HorizonReport, s: &Scenario, pen: Pen) -> i32 {
    let head = MARGIN - 6 + TITLE as i32 + 10;
    let subtitle = pen
        .wrap(&subtitle(r), SUBTITLE, WIDTH - 2 * MARGIN, 2)
        .len() as i32;
    let y = head + subtitle * (SUBTITLE as i32 + 8) + 10;
    y + legend_height(pen, &legend_items(r, s), MARGIN, WIDTH - MARGIN) + 8
}

fn column_width(r: &HorizonReport) -> i32 {
    (WIDTH - 2 * MARGIN - LABEL_W) / r.periods.len().max(1) as i32
}

fn column_x(r: &HorizonReport, p: usize) -> i32 {
    MARGIN + LABEL_W + column_width(r) * p as i32
}

fn row_y(top: i32, row: usize) -> i32 {
    top + COL_HEAD + (CELL_H + GAP) * row as i32
}

/// A cell's lead sets, likeliest first (ties by their leads), so the fan reads top down.
fn ordered(spread: &[Spread]) -> Vec<&Spread> {
    let mut v: Vec<&Spread> = spread.iter().collect();
    v.sort_by(|a, b| {
        b.probability
            .total_cmp(&a.probability)
            .then_with(|| a.leads.cmp(&b.leads))
    });
    v
}

/// Every band of every cell, with the grid starting at `top`: each cell of
/// [`CELL_H`] pixels is cut at the running sum of its chances (rounded to whole
/// pixels), so a band is within a pixel of its share and the bands fill the cell.
fn layout(r: &HorizonReport, top: i32) -> Vec<Band> {
    let col = column_width(r);
    let mut out = Vec::new();
    for (row, t) in r.timeline.iter().enumerate() {
        let y0 = row_y(top, row);
        for (period, spread) in t.periods.iter().enumerate() {
            let total: f64 = spread.iter().map(|s| s.probability).sum();
            let x0 = column_x(r, period);
            let (mut sum, mut at) = (0.0, y0);
            for s in ordered(spread) {
                sum += s.probability;
                let cut = y0 + (sum / total.max(1e-12) * CELL_H as f64).round() as i32;
                let cut = cut.clamp(at, y0 + CELL_H);
                out.push(Band {
                    row,
                    period,
                    leads: s.leads.clone(),
                    probability: s.probability,
                    x: (x0, x0 + col - GAP),
                    y: (at, cut),
                });
                at = cut;
            }
        }
    }
    out
}

/// The bands of the timeline chart of `r` as drawn (in the built-in font's layout).
pub fn bands(r: &HorizonReport, s: &Scenario, pen: Pen) -> Vec<Band> {
    layout(r, grid_top(r, s, pen))
}

/// The number of branches of a horizon plan: its nodes without children.
pub fn branches(r: &HorizonReport) -> usize {
    let parents: std::collections::BTreeSet<usize> =
        r.nodes.iter().filter_map(|n| n.parent).collect();
    r.nodes.iter().filter(|n| !parents.contains(&n.id)).count()
}

/// How a horizon plan looks ahead: `stochastic foresight, goal expected`,
/// `perfect foresight, along the path "no change"`.
pub fn how_planned(r: &HorizonReport) -> String {
    let mut how = format!("{} foresight", r.foresight);
    if r.foresight == "stochastic" {
        how.push_str(&format!(", goal {}", r.goal));
    }
    if let Some(p) = &r.path {
        how.push_str(&format!(", along the path \"{p}\""));
    }
    how
}

fn subtitle(r: &HorizonReport) -> String {
    let how = how_planned(r);
    format!(
        "{}: {} over {}, {} ({how}); where branches differ a cell is split into bands as tall as each lead's chance",
        r.scenario,
        plural(r.timeline.len(), "task", "tasks"),
        plural(r.periods.len(), "period", "periods"),
        plural(branches(r), "branch", "branches"),
    )
}

fn index_of(s: &Scenario, id: &str) -> Option<usize> {
    s.countries.iter().position(|c| c.id == id)
}

fn colour_of(s: &Scenario, id: &str) -> RGBColor {
    index_of(s, id).map_or(MUTED, country)
}

fn legend_items(r: &HorizonReport, s: &Scenario) -> Vec<(Swatch, String)> {
    let spreads = || r.timeline.iter().flat_map(|t| t.periods.iter().flatten());
    let mut items: Vec<(Swatch, String)> = s
        .countries
        .iter()
        .enumerate()
        .filter(|(_, c)| spreads().any(|sp| sp.leads.contains(&c.id)))
        .map(|(i, c)| (Swatch::Fill(country(i)), format!("{} {}", c.id, c.name)))
        .collect();
    if spreads().any(|sp| sp.leads.len() > 1) {
        items.push((Swatch::Text, "A+B: co-led, striped in both colours".into()));
    }
    if spreads().any(|sp| sp.leads.is_empty()) {
        items.push((Swatch::Boxed(NOBODY), "nobody leads".into()));
    }
    items.push((
        Swatch::Text,
        "a band's height: the lead's chance in the period".into(),
    ));
    items
}

/// The timeline figure of a horizon plan.
pub struct Timeline<'a> {
    r: &'a HorizonReport,
    s: &'a Scenario,
    pen: Pen,
    top: i32,
}

impl<'a> Timeline<'a> {
    /// The figure for `r`, a horizon plan of `s`; an error when the horizon has no plan.
    pub fn new(r: &'a HorizonReport, s: &'a Scenario, pen: Pen) -> Result<Self, Error> {
        if r.status != "planned" && r.status != "time_limit"
            || r.value.is_none()
            || r.timeline.is_empty()
        {
            return Err(Error::Usage(format!(
                "{} has no plan across the horizon to chart (status {}); `leadplan horizon {}` says why",
                r.horizon, r.status, r.horizon
            )));
        }
        Ok(Timeline {
            r,
            s,
            pen,
            top: grid_top(r, s, pen),
        })
    }

    fn heads<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawing {
        let (pen, col) = (self.pen, column_width(self.r));
        put(
            area,
            "Task",
            &pen.bold(LABEL, INK),
            (MARGIN, self.top + COL_HEAD - 30),
            (HPos::Left, VPos::Top),
        )?;
        for (p, period) in self.r.periods.iter().enumerate() {
            let cx = column_x(self.r, p) + (col - GAP) / 2;
            let name = pen.fit(&period.name, LABEL, col - GAP - 4);
            put(
                area,
                &name,
                &pen.bold(LABEL, INK),
                (cx, self.top + 4),
                (HPos::Center, VPos::Top),
            )?;
            let years = if period.from == period.to {
                period.from.to_string()
            } else {
                format!("{}-{}", period.from, period.to)
            };
            put(
                area,
                &years,
                &pen.text(SMALL - 1.0, MUTED),
                (cx, self.top + 26),
                (HPos::Center, VPos::Top),
            )?;
        }
        Ok(())
    }

    fn row_label<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, row: usize) -> Drawing {
        let t = &self.r.timeline[row];
        let y = row_y(self.top, row);
        let name = if t.name.is_empty() { &t.task } else { &t.name };
        put(
            area,
            &self.pen.fit(name, SMALL, LABEL_W - 20),
            &self.pen.text(SMALL, INK),
            (MARGIN, y + CELL_H / 2),
            (HPos::Left, VPos::Center),
        )?;
        area.draw(&Rectangle::new(
            [
                (MARGIN, y + CELL_H + GAP / 2),
                (WIDTH - MARGIN, y + CELL_H + GAP / 2 + 1),
            ],
            RULE.filled(),
        ))?;
        Ok(())
    }

    /// Fills a band: one colour, stripes of its co-leads' colours, or grey for nobody.
    fn fill<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        b: &Band,
    ) -> Result<RGBColor, super::canvas::DrawError> {
        let ((x0, x1), (y0, y1)) = (b.x, b.y);
        match b.leads.as_slice() {
            [] => {
                area.draw(&Rectangle::new([(x0, y0), (x1, y1)], NOBODY.filled()))?;
                Ok(NOBODY)
            }
            [one] => {
                let c = colour_of(self.s, one);
                area.draw(&Rectangle::new([(x0, y0), (x1, y1)], c.filled()))?;
                Ok(c)
            }
            many => {
                let n = many.len() as i32;
                let mut light = PAPER;
                for (k, id) in many.iter().enumerate() {
                    let k = k as i32;
                    let (a, z) = (x0 + (x1 - x0) * k / n, x0 + (x1 - x0) * (k + 1) / n);
                    light = mix(colour_of(self.s, id), PAPER, 0.5);
                    area.draw(&Rectangle::new([(a, y0), (z, y1)], light.filled()))?;
                }
                Ok(light)
            }
        }
    }

    fn band<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        b: &Band,
        alone: bool,
    ) -> Drawing {
        if b.y.1 <= b.y.0 {
            return Ok(());
        }
        let fill = self.fill(area, b)?;
        if b.y.1 - b.y.0 < LABELLED {
            return Ok(());
        }
        let who = if b.leads.is_empty() {
            "nobody".to_string()
        } else {
            b.leads.join("+")
        };
        let label = if alone {
            who
        } else {
            format!("{who} {}%", num(b.probability * 100.0, 1))
        };
        let ink = if b.leads.is_empty() || b.leads.len() > 1 {
            INK
        } else {
            text_on(fill)
        };
        let size = if b.y.1 - b.y.0 >= 24 { LABEL } else { SMALL };
        put(
            area,
            &self.pen.fit(&label, size, b.x.1 - b.x.0 - 8),
            &self.pen.bold(size, ink),
            ((b.x.0 + b.x.1) / 2, (b.y.0 + b.y.1) / 2),
            (HPos::Center, VPos::Center),
        )
    }

    fn cells<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawing {
        let all = layout(self.r, self.top);
        for (row, t) in self.r.timeline.iter().enumerate() {
            for (period, spread) in t.periods.iter().enumerate() {
                let x0 = column_x(self.r, period);
                let (x1, y0) = (x0 + column_width(self.r) - GAP, row_y(self.top, row));
                if spread.is_empty() {
                    put(
                        area,
                        "not active",
                        &self.pen.text(SMALL - 1.0, MUTED),
                        ((x0 + x1) / 2, y0 + CELL_H / 2),
                        (HPos::Center, VPos::Center),
                    )?;
                    continue;
                }
                let here: Vec<&Band> = all
                    .iter()
                    .filter(|b| b.row == row && b.period == period)
                    .collect();
                for b in &here {
                    self.band(area, b, spread.len() == 1)?;
                }
                // A white rule between bands, so two striped sets never run together.
                for b in here.iter().skip(1).filter(|b| b.y.0 > y0) {
                    area.draw(&Rectangle::new(
                        [(x0, b.y.0), (x1, b.y.0 + 1)],
                        PAPER.filled(),
                    ))?;
                }
                area.draw(&Rectangle::new(
                    [(x0, y0), (x1, y0 + CELL_H)],
                    RULE.stroke_width(1),
                ))?;
            }
        }
        Ok(())
    }
}

impl Figure for Timeline<'_> {
    fn size(&self) -> (u32, u32) {
        let h = row_y(self.top, self.r.timeline.len()) + MARGIN;
        (WIDTH as u32, h as u32)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawing {
        let y = header(
            area,
            self.pen,
            "Who leads when, across the elections",
            &subtitle(self.r),
        )?;
        legend(
            area,
            self.pen,
            &legend_items(self.r, self.s),
            (MARGIN, y),
            WIDTH - MARGIN,
        )?;
        self.heads(area)?;
        for row in 0..self.r.timeline.len() {
            self.row_label(area, row)?;
        }
        self.cells(area)
    }
}
