//! Stability and regret: does the baseline plan survive the sweep, and what does keeping it cost?
//!
//! Top: one bar per task, the share of optimal runs whose leads of the task
//! equal the baseline plan's, in the colour of the baseline lead. Bottom left:
//! the histogram of the runs' optimal objective, with the baseline objective
//! marked. Bottom right: the histogram of the baseline plan's regret (run
//! optimum minus the baseline plan's value in that run) over the runs where the
//! baseline plan is still feasible; the runs where it is not are counted in the
//! panel's title. When every parameter is an objective weight the runs share no
//! objective scale, so a sentence replaces the two histograms.

use plotters::chart::ChartContext;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{bar_chart, row_bar, row_y, style_mesh, BarFrame, Plane};
use super::canvas::{header, num, put, put_abs, Drawing, Figure, Pen, LABEL, MARGIN, SMALL};
use super::lead_frequency::pct;
use super::palette::{country, ACCENT, ACCENT2, INK, MUTED, RULE};
use crate::error::Error;
use crate::scenario::Scenario;
use crate::sweep::data::SweepResults;
use crate::sweep::summary::{rescales_objective, share_of_runs};
use plotters::style::text_anchor::{HPos, VPos};

const WIDTH: u32 = 1400;
const TASK_ROW: u32 = 24;
const HIST_H: u32 = 400;

/// The stability-and-regret figure.
pub struct Stability<'a> {
    s: &'a Scenario,
    sweep: &'a SweepResults,
    pen: Pen,
    objective: Vec<f64>,
    regret: Vec<f64>,
}

/// Equal-width bins over the values' range: (low edge, width, counts).
pub fn histogram(values: &[f64]) -> (f64, f64, Vec<u32>) {
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if values.is_empty() {
        return (0.0, 1.0, Vec::new());
    }
    let bins = ((values.len() as f64).sqrt().ceil() as usize).clamp(8, 40);
    let span = hi - lo;
    let width = if span > 1e-12 {
        span / bins as f64
    } else {
        1.0
    };
    let lo = if span > 1e-12 { lo } else { lo - 0.5 };
    let mut counts = vec![0u32; if span > 1e-12 { bins } else { 1 }];
    for v in values {
        let k = (((v - lo) / width).floor() as usize).min(counts.len() - 1);
        counts[k] += 1;
    }
    (lo, width, counts)
}

impl<'a> Stability<'a> {
    /// The figure for `sweep` of `s`; an error when no run ended optimal.
    pub fn new(s: &'a Scenario, sweep: &'a SweepResults, pen: Pen) -> Result<Self, Error> {
        let objective: Vec<f64> = sweep.optimal_runs().filter_map(|r| r.objective).collect();
        if objective.is_empty() || sweep.baseline.is_none() {
            return Err(Error::Usage(format!(
                "{}: no run ended optimal, or the base scenario has no plan: there is no stability to chart",
                sweep.dir.display()
            )));
        }
        let regret = sweep.optimal_runs().filter_map(|r| r.regret).collect();
        Ok(Stability {
            s,
            sweep,
            pen,
            objective,
            regret,
        })
    }

    /// "Task name (US+KR)" per task.
    fn task_labels(&self) -> Vec<String> {
        let s = self.s;
        (0..s.tasks.len())
            .map(|t| {
                let leads: Vec<&str> = self.sweep.tasks[t]
                    .baseline_leads
                    .iter()
                    .map(|&i| s.countries[i].id.as_str())
                    .collect();
                let task = &s.tasks[t];
                let name = self.pen.fit(
                    if task.name.is_empty() {
                        &task.id
                    } else {
                        &task.name
                    },
                    SMALL,
                    250,
                );
                format!("{name} ({})", leads.join("+"))
            })
            .collect()
    }

    /// Task `t`'s survival bar, striped in its baseline leads' colours.
    fn bar<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        chart: &mut ChartContext<'_, DB, Plane>,
        t: usize,
    ) -> Drawing {
        let n = self.s.tasks.len();
        let v = self.sweep.tasks[t].stability.unwrap_or(0.0);
        let leads = &self.sweep.tasks[t].baseline_leads;
        if leads.is_empty() {
            chart.draw_series([row_bar(n, t, (0.0, v), (4, 4), MUTED.filled())])?;
        }
        let band = (TASK_ROW - 8) / leads.len().max(1) as u32;
        for (k, &i) in leads.iter().enumerate() {
            let top = 4 + band * k as u32;
            chart.draw_series([row_bar(
                n,
                t,
                (0.0, v),
                (top, TASK_ROW - top - band),
                country(i).filled(),
            )])?;
        }
        let (x, y) = chart.backend_coord(&(v, row_y(n, t) + 0.5));
        put_abs(
            area,
            &pct(v),
            &self.pen.text(SMALL - 1.0, INK),
            (x + 6, y),
            (HPos::Left, VPos::Center),
        )
    }

    fn tasks<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawing {
        let n = self.s.tasks.len();
        let labels = self.task_labels();
        let frame = BarFrame {
            labels: &labels,
            x: 0.0..1.08,
            label_width: 340,
            x_desc:
                "share of optimal runs in which the baseline plan's lead(s) of the task survive",
            ticks: &|x| {
                if *x <= 1.0 + 1e-9 {
                    pct(*x)
                } else {
                    String::new()
                }
            },
        };
        let mut chart = bar_chart(area, self.pen, &frame)?;
        for t in 0..n {
            self.bar(area, &mut chart, t)?;
        }
        Ok(())
    }

    fn hist<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        values: &[f64],
        xdesc: &str,
        colour: RGBColor,
        mark: Option<f64>,
    ) -> Drawing {
        let (lo, width, counts) = histogram(values);
        let top = counts.iter().copied().max().unwrap_or(1).max(1);
        let hi = lo + width * counts.len() as f64;
        let (x0, x1) = match mark {
            Some(m) => (lo.min(m), hi.max(m)),
            None => (lo, hi),
        };
        let pad = (x1 - x0) * 0.03;
        let mut chart = ChartBuilder::on(area)
            .margin_right(20)
            .x_label_area_size(48)
            .y_label_area_size(60)
            .build_cartesian_2d((x0 - pad)..(x1 + pad), 0u32..(top + top / 8 + 1))?;
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh, self.pen);
        let fmt_x = |x: &f64| num(*x, 2);
        mesh.disable_x_mesh()
            .x_labels(6)
            .x_label_formatter(&fmt_x)
            .x_desc(xdesc)
            .y_desc("runs")
            .draw()?;
        chart.draw_series(counts.iter().enumerate().map(|(k, &c)| {
            let a = lo + width * k as f64;
            Rectangle::new([(a, 0), (a + width, c)], colour.filled())
        }))?;
        chart.draw_series(counts.iter().enumerate().map(|(k, &c)| {
            let a = lo + width * k as f64;
            Rectangle::new([(a, 0), (a + width, c)], RULE.stroke_width(1))
        }))?;
        if let Some(m) = mark {
            let y1 = top + top / 8;
            chart.draw_series([PathElement::new(vec![(m, 0), (m, y1)], INK.stroke_width(2))])?;
            let (px, py) = chart.backend_coord(&(m, y1));
            let (bx, by) = area.get_base_pixel();
            put(
                area,
                &format!("baseline {}", num(m, 2)),
                &self.pen.text(SMALL, INK),
                (px - bx + 6, py - by),
                (HPos::Left, VPos::Top),
            )?;
        }
        Ok(())
    }
    /// Every parameter rescales the objective: no two runs share its scale.
    fn all_weights(&self) -> bool {
        let p = &self.sweep.parameters;
        !p.is_empty() && p.iter().all(|p| rescales_objective(p))
    }

    /// The two histograms side by side: the runs' optimum, and the baseline plan's regret
    /// (a sentence instead when every parameter is a weight).
    fn histograms<DB: DrawingBackend>(&self, bottom: &DrawingArea<DB, Shift>) -> Drawing {
        let sw = self.sweep;
        if self.all_weights() {
            let area = bottom.margin(20, MARGIN as u32 - 8, MARGIN as u32 - 8, MARGIN as u32);
            for (k, line) in [
                "No objective or regret histogram: every parameter of this sweep is an objective weight,",
                "so each run measures the objective on its own scale. Compare plans, not objectives.",
            ]
            .iter()
            .enumerate()
            {
                let style = self.pen.text(LABEL, MUTED);
                put(&area, line, &style, (0, 28 * k as i32), (HPos::Left, VPos::Top))?;
            }
            return Ok(());
        }
        let halves = bottom
            .margin(20, MARGIN as u32 - 8, MARGIN as u32 - 8, MARGIN as u32)
            .split_evenly((1, 2));
        let (title, body) = (self.pen.bold(LABEL, INK), (HPos::Left, VPos::Top));
        put(
            &halves[0],
            "Optimal objective of the runs",
            &title,
            (0, 0),
            body,
        )?;
        let baseline = sw.baseline.as_ref().map(|b| b.objective);
        let xdesc = "objective of the run's optimal plan";
        self.hist(
            &halves[0].margin(30, 0, 0, 16),
            &self.objective,
            xdesc,
            ACCENT,
            baseline,
        )?;
        let infeasible = sw.regret.as_ref().map_or(0, |r| r.baseline_infeasible);
        let text = format!("Regret of keeping the baseline plan (where feasible; it breaks a limit in {infeasible} runs)");
        put(
            &halves[1],
            &self.pen.fit(&text, LABEL, (WIDTH / 2) as i32 - 60),
            &title,
            (16, 0),
            body,
        )?;
        if self.regret.is_empty() {
            let none = "the baseline plan is infeasible in every optimal run";
            return put(
                &halves[1],
                none,
                &self.pen.text(LABEL, MUTED),
                (16, 60),
                body,
            );
        }
        let xdesc = "run optimum minus the baseline plan's objective";
        self.hist(
            &halves[1].margin(30, 0, 16, 0),
            &self.regret,
            xdesc,
            ACCENT2,
            None,
        )
    }
}

impl Figure for Stability<'_> {
    fn size(&self) -> (u32, u32) {
        let bottom = if self.all_weights() { 110 } else { HIST_H };
        (
            WIDTH,
            130 + 30 + TASK_ROW * self.s.tasks.len() as u32 + 48 + bottom,
        )
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawing {
        let sw = self.sweep;
        let optimal = self.objective.len() as u64;
        let weights = sw.parameters.iter().any(|p| rescales_objective(p));
        let subtitle = format!(
            "{}: {} design; the whole baseline plan survives in {}{}",
            self.s.name,
            sw.design,
            sw.plan_survival
                .map_or("-".into(), |v| share_of_runs(v, optimal, sw.runs)),
            if weights && !self.all_weights() {
                "; objectives pooled over different weights (a change of scale, not only of value)"
            } else {
                ""
            }
        );
        let y = header(area, self.pen, "Stability of the baseline plan", &subtitle)?;
        let tasks_h = TASK_ROW * self.s.tasks.len() as u32 + 48;
        let (top, bottom) = area.split_vertically(y + 30 + tasks_h as i32);
        put(
            &top,
            "Survival of each baseline lead (bar in the lead's colour; co-leads share it)",
            &self.pen.bold(LABEL, INK),
            (MARGIN, y),
            (HPos::Left, VPos::Top),
        )?;
        self.tasks(&top.margin(y as u32 + 30, 0, MARGIN as u32 - 8, MARGIN as u32))?;
        self.histograms(&bottom)
    }
}
