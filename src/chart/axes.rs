//! Axes shared by the bar and histogram charts: the mesh's look, and rows of horizontal bars.
//!
//! plotters' segmented axes add an empty category after the last one, so the
//! horizontal-bar charts use a plain numeric axis with one unit per row (row 0
//! at the top) and draw their row labels themselves, right-aligned against the
//! plot's left edge.

use plotters::chart::{ChartContext, MeshStyle};
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{put_abs, DrawError, Drawing, Pen, LABEL, SMALL};
use super::palette::{INK, MUTED, RULE};

/// Gives a chart's mesh the shared look: muted tick labels, light grid, no minor lines.
pub fn style_mesh<X, Y, XT, YT, DB>(m: &mut MeshStyle<'_, '_, X, Y, DB>, pen: Pen)
where
    X: Ranged<ValueType = XT> + ValueFormatter<XT>,
    Y: Ranged<ValueType = YT> + ValueFormatter<YT>,
    DB: DrawingBackend,
{
    m.axis_desc_style(pen.font(LABEL).color(&INK))
        .label_style(pen.font(SMALL).color(&MUTED))
        .axis_style(MUTED.stroke_width(1))
        .bold_line_style(RULE.mix(0.7).stroke_width(1))
        .light_line_style(TRANSPARENT);
}

/// Coordinates of the charts with two numeric axes (a bar chart's rows are units of y, row 0 at the top).
pub type Plane = Cartesian2d<RangedCoordf64, RangedCoordf64>;

/// Chart y of the bottom of row `k` (of `n`, row 0 at the top).
pub fn row_y(n: usize, k: usize) -> f64 {
    (n - 1 - k) as f64
}

/// Draws row labels right-aligned against the plot's left edge, one per row from the top.
pub fn row_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &ChartContext<'_, DB, Plane>,
    labels: &[String],
    pen: Pen,
) -> Drawing {
    let x0 = chart.x_range().start;
    for (k, label) in labels.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(x0, row_y(labels.len(), k) + 0.5));
        put_abs(
            area,
            label,
            &pen.text(SMALL, INK),
            (px - 10, py),
            (HPos::Right, VPos::Center),
        )?;
    }
    Ok(())
}

/// A bar of row `k` (of `n`) from `a` to `b`, inset `top` and `bottom` pixels.
pub fn row_bar(
    n: usize,
    k: usize,
    (a, b): (f64, f64),
    (top, bottom): (u32, u32),
    style: ShapeStyle,
) -> Rectangle<(f64, f64)> {
    let y = row_y(n, k);
    let mut r = Rectangle::new([(a, y + 1.0), (b, y)], style);
    r.set_margin(top, bottom, 0, 0);
    r
}

/// The frame of a horizontal-bar chart.
pub struct BarFrame<'f> {
    /// One label per row, top to bottom.
    pub labels: &'f [String],
    /// The bars' value range.
    pub x: std::ops::Range<f64>,
    /// Width of the label column.
    pub label_width: u32,
    /// The value axis' title.
    pub x_desc: &'f str,
    /// How tick values are written.
    pub ticks: &'f dyn Fn(&f64) -> String,
}

/// Builds a horizontal-bar chart on `area`: value axis at the bottom, row labels at the left.
pub fn bar_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    pen: Pen,
    frame: &BarFrame,
) -> Result<ChartContext<'a, DB, Plane>, DrawError> {
    let n = frame.labels.len();
    let mut chart = ChartBuilder::on(area)
        .margin_right(24)
        .x_label_area_size(52)
        .y_label_area_size(frame.label_width)
        .build_cartesian_2d(frame.x.clone(), 0.0..n as f64)?;
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, pen);
    mesh.disable_y_mesh()
        .y_labels(0)
        .x_labels(8)
        .x_label_formatter(frame.ticks)
        .x_desc(frame.x_desc)
        .draw()?;
    row_labels(area, &chart, frame.labels, pen)?;
    Ok(chart)
}
