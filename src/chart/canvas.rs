//! The drawing surface every chart shares: PNG or SVG output, titles, legends, text.
//!
//! A chart is a [`Figure`]: a size and a `draw` function generic over the
//! plotters backend, so one piece of code makes both the PNG (encoded here with
//! the `png` crate, deterministic bytes) and the SVG (text kept as text, so the
//! names are searchable and a browser renders them). The helpers give every
//! chart the same header, legend and type scale.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use std::cell::RefCell;

use super::palette::{INK, MUTED, PAPER};
use super::typeset::{Placed, Typeset};
use crate::error::Error;

/// A drawing failure inside plotters (never expected; reported, not panicked).
#[derive(Debug)]
pub struct DrawError(pub String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for DrawError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        DrawError(e.to_string())
    }
}

/// The result of a drawing step.
pub type Drawing = Result<(), DrawError>;

/// A chart ready to draw on any backend.
pub trait Figure {
    /// Width and height in pixels.
    fn size(&self) -> (u32, u32);
    /// Draws the whole chart on `root` (already filled with the background).
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawing;
}

fn failed(e: DrawError) -> Error {
    Error::Usage(format!("could not draw the chart: {}", e.0))
}

/// Draws `fig` into a PNG (8-bit RGB); also returns the boxes of its texts.
pub fn render_png(fig: &impl Figure) -> Result<(Vec<u8>, Vec<Placed>), Error> {
    let (w, h) = fig.size();
    let mut pixels = vec![255u8; (w * h * 3) as usize];
    let placed = RefCell::new(Vec::new());
    {
        let root = Typeset {
            inner: BitMapBackend::with_buffer(&mut pixels, (w, h)),
            glyphs: true,
            placed: &placed,
        }
        .into_drawing_area();
        root.fill(&PAPER).map_err(|e| failed(e.into()))?;
        fig.draw(&root).map_err(failed)?;
        root.present().map_err(|e| failed(e.into()))?;
    }
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    let png_err = |e: png::EncodingError| Error::Usage(format!("could not encode the PNG: {e}"));
    let mut writer = enc.write_header().map_err(png_err)?;
    writer.write_image_data(&pixels).map_err(png_err)?;
    writer.finish().map_err(png_err)?;
    Ok((out, placed.into_inner()))
}

/// Draws `fig` into an SVG document, with the control and bidirectional
/// characters of its text shown as escapes ([`crate::fmt::escape_block`]);
/// also returns the boxes of its texts.
pub fn render_svg(fig: &impl Figure) -> Result<(String, Vec<Placed>), Error> {
    let mut out = String::new();
    let placed = RefCell::new(Vec::new());
    {
        let root = Typeset {
            inner: SVGBackend::with_string(&mut out, fig.size()),
            glyphs: false,
            placed: &placed,
        }
        .into_drawing_area();
        root.fill(&PAPER).map_err(|e| failed(e.into()))?;
        fig.draw(&root).map_err(failed)?;
        root.present().map_err(|e| failed(e.into()))?;
    }
    // plotters escapes XML's special characters, not control or
    // bidirectional ones: those in labels are shown as escapes
    let svg = match crate::fmt::escape_block(&out) {
        std::borrow::Cow::Borrowed(_) => out,
        std::borrow::Cow::Owned(safe) => safe,
    };
    Ok((svg, placed.into_inner()))
}

/// Text styles in the chart's font.
#[derive(Clone, Copy, Debug)]
pub struct Pen {
    /// The registered font family.
    pub family: &'static str,
}

/// Type scale, in pixels.
pub const TITLE: f64 = 26.0;
/// Subtitle size.
pub const SUBTITLE: f64 = 16.0;
/// Axis titles and legend text.
pub const LABEL: f64 = 16.0;
/// Tick labels and cell text.
pub const SMALL: f64 = 14.0;
/// Margin around the chart.
pub const MARGIN: i32 = 28;

impl Pen {
    /// Regular text of `size` in `color`, anchored at its top left.
    pub fn text(&self, size: f64, color: RGBColor) -> TextStyle<'static> {
        FontDesc::new(FontFamily::Name(self.family), size, FontStyle::Normal)
            .color(&color)
            .pos(Pos::new(HPos::Left, VPos::Top))
    }

    /// Bold text of `size` in `color`, anchored at its top left.
    pub fn bold(&self, size: f64, color: RGBColor) -> TextStyle<'static> {
        FontDesc::new(FontFamily::Name(self.family), size, FontStyle::Bold)
            .color(&color)
            .pos(Pos::new(HPos::Left, VPos::Top))
    }

    /// The font of `size` (for plotters' chart builder).
    pub fn font(&self, size: f64) -> FontDesc<'static> {
        FontDesc::new(FontFamily::Name(self.family), size, FontStyle::Normal)
    }

    /// Width of `text` at `size`, in pixels.
    pub fn width(&self, text: &str, size: f64) -> i32 {
        self.font(size).box_size(text).map_or(0, |(w, _)| w as i32)
    }

    /// `text` broken at spaces into at most `lines` lines of `max` pixels; the last one cut with "..." if needed.
    pub fn wrap(&self, text: &str, size: f64, max: i32, lines: usize) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut rest = text.trim();
        while !rest.is_empty() && out.len() + 1 < lines && self.width(rest, size) > max {
            let mut cut = 0;
            for (k, _) in rest.match_indices(' ') {
                if self.width(&rest[..k], size) > max {
                    break;
                }
                cut = k;
            }
            if cut == 0 {
                break;
            }
            out.push(rest[..cut].to_string());
            rest = rest[cut..].trim_start();
        }
        if !rest.is_empty() {
            out.push(self.fit(rest, size, max));
        }
        out
    }

    /// `text`, cut with "..." to fit `max` pixels at `size`.
    pub fn fit(&self, text: &str, size: f64, max: i32) -> String {
        if self.width(text, size) <= max {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        let mut n = chars.len();
        while n > 1 {
            n -= 1;
            let cut: String = chars[..n].iter().collect::<String>().trim_end().to_string() + "...";
            if self.width(&cut, size) <= max {
                return cut;
            }
        }
        "...".into()
    }
}

/// Draws `text` with `style` at (x, y) with the given anchor.
pub fn put<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle<'static>,
    (x, y): (i32, i32),
    anchor: (HPos, VPos),
) -> Drawing {
    let style = style.pos(Pos::new(anchor.0, anchor.1));
    area.draw(&Text::new(text.to_string(), (x, y), style))?;
    Ok(())
}

/// Like [`put`], at a position in backend pixels (as a chart's `backend_coord` gives).
pub fn put_abs<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle<'static>,
    (x, y): (i32, i32),
    anchor: (HPos, VPos),
) -> Drawing {
    let (bx, by) = area.get_base_pixel();
    put(area, text, style, (x - bx, y - by), anchor)
}

/// Draws the title and subtitle at the top; returns the y where content may start.
pub fn header<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pen: Pen,
    title: &str,
    subtitle: &str,
) -> Result<i32, DrawError> {
    let (w, _) = area.dim_in_pixel();
    let max = w as i32 - 2 * MARGIN;
    put(
        area,
        &pen.fit(title, TITLE, max),
        &pen.bold(TITLE, INK),
        (MARGIN, MARGIN - 6),
        (HPos::Left, VPos::Top),
    )?;
    let mut y = MARGIN - 6 + TITLE as i32 + 10;
    for line in pen.wrap(subtitle, SUBTITLE, max, 2) {
        put(
            area,
            &line,
            &pen.text(SUBTITLE, MUTED),
            (MARGIN, y),
            (HPos::Left, VPos::Top),
        )?;
        y += SUBTITLE as i32 + 8;
    }
    Ok(y + 10)
}

/// A legend entry's mark.
#[derive(Clone, Copy, Debug)]
pub enum Swatch {
    /// A filled square.
    Fill(RGBColor),
    /// A filled square with a dark outline.
    Boxed(RGBColor),
    /// An empty square with a thick outline.
    Outline(RGBColor),
    /// A filled circle.
    Dot(RGBColor),
    /// A hollow circle.
    Ring(RGBColor),
    /// A short thick line.
    Line(RGBColor),
    /// A sample number ("0.85") in place of a mark.
    Number,
    /// No mark: the label alone.
    Text,
}

/// Draws a swatch in a `s`-pixel square at (x, y).
pub fn swatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    mark: Swatch,
    (x, y): (i32, i32),
    s: i32,
) -> Drawing {
    let sq = [(x, y), (x + s, y + s)];
    match mark {
        Swatch::Fill(c) => area.draw(&Rectangle::new(sq, c.filled()))?,
        Swatch::Boxed(c) => {
            area.draw(&Rectangle::new(sq, c.filled()))?;
            area.draw(&Rectangle::new(sq, INK.stroke_width(1)))?;
        }
        Swatch::Outline(c) => area.draw(&Rectangle::new(sq, c.stroke_width(3)))?,
        Swatch::Dot(c) => area.draw(&Circle::new((x + s / 2, y + s / 2), s / 2, c.filled()))?,
        Swatch::Ring(c) => area.draw(&Circle::new(
            (x + s / 2, y + s / 2),
            s / 2 - 1,
            c.stroke_width(2),
        ))?,
        Swatch::Line(c) => area.draw(&Rectangle::new(
            [(x, y + s / 2 - 2), (x + s, y + s / 2 + 2)],
            c.filled(),
        ))?,
        Swatch::Number | Swatch::Text => {}
    }
    Ok(())
}

/// A legend entry's mark width, label and top left.
type LegendPlace = (i32, String, (i32, i32));

/// Where each legend entry goes, left to right from (x, y) wrapping at
/// `right`: per entry its mark's width, its label and its top left; and the y
/// below the last line.
fn legend_layout(
    pen: Pen,
    items: &[(Swatch, String)],
    (x0, y0): (i32, i32),
    right: i32,
) -> (Vec<LegendPlace>, i32) {
    let line = LABEL as i32 + 10;
    let (mut x, mut y) = (x0, y0);
    let mut out = Vec::with_capacity(items.len());
    for (mark, label) in items {
        let (mark_w, label) = match mark {
            Swatch::Number => (0, format!("0.85 {label}")),
            Swatch::Text => (0, label.clone()),
            _ => (LEGEND_SWATCH + 8, label.clone()),
        };
        let w = mark_w + pen.width(&label, LABEL) + 26;
        if x > x0 && x + w > right {
            x = x0;
            y += line;
        }
        out.push((mark_w, label, (x, y)));
        x += w;
    }
    (out, y + line)
}

const LEGEND_SWATCH: i32 = 14;

/// The height a [`legend`] of `items` takes between `x0` and `right`.
pub fn legend_height(pen: Pen, items: &[(Swatch, String)], x0: i32, right: i32) -> i32 {
    legend_layout(pen, items, (x0, 0), right).1
}

/// Draws legend entries left to right from (x, y), wrapping at `right`; returns the y below them.
pub fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pen: Pen,
    items: &[(Swatch, String)],
    at: (i32, i32),
    right: i32,
) -> Result<i32, DrawError> {
    let (placed, below) = legend_layout(pen, items, at, right);
    for ((mark, _), (mark_w, label, (x, y))) in items.iter().zip(placed) {
        swatch(area, *mark, (x, y + 2), LEGEND_SWATCH)?;
        put(
            area,
            &label,
            &pen.text(LABEL, INK),
            (x + mark_w, y),
            (HPos::Left, VPos::Top),
        )?;
    }
    Ok(below)
}

/// A number for a label: up to `digits` decimals, trailing zeros dropped.
pub fn num(x: f64, digits: usize) -> String {
    let s = format!("{x:.digits$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// A signed number for a label: "+1.5", "-0.161", and "0" for zero and
/// anything that rounds to it (never "-0" or "+0").
pub fn signed(x: f64, digits: usize) -> String {
    let s = num(x, digits);
    if s != "0" && !s.starts_with('-') {
        format!("+{s}")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_are_printed_once_and_zero_has_none() {
        assert_eq!(signed(-0.161, 3), "-0.161");
        assert_eq!(signed(0.161, 3), "+0.161");
        assert_eq!(signed(-0.0, 3), "0");
        assert_eq!(signed(-0.0002, 3), "0");
        assert_eq!(signed(0.0004, 3), "0");
        assert_eq!(signed(-16.8, 3), "-16.8");
        assert_eq!(num(-0.161, 3), "-0.161");
        assert_eq!(num(-0.0, 3), "0");
    }

    #[test]
    fn numbers_drop_trailing_zeros_and_negative_zero() {
        assert_eq!(num(0.5, 2), "0.5");
        assert_eq!(num(14.0, 2), "14");
        assert_eq!(num(-0.0001, 2), "0");
        assert_eq!(num(98.29357, 1), "98.3");
    }

    #[test]
    fn subtitles_wrap_at_spaces_onto_two_lines_at_most() {
        let pen = Pen {
            family: super::super::font::ChartFont::builtin().family(),
        };
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let lines = pen.wrap(text, SMALL, 150, 2);
        assert_eq!(lines.len(), 2);
        assert!(
            text.starts_with(&lines[0]) && lines[1].ends_with("..."),
            "{lines:?}"
        );
        assert!(lines.iter().all(|l| pen.width(l, SMALL) <= 150));
        assert_eq!(pen.wrap("short", SMALL, 150, 2), vec!["short"]);
    }

    #[test]
    fn long_text_is_cut_to_fit() {
        let pen = Pen {
            family: super::super::font::ChartFont::builtin().family(),
        };
        let long = "Strategies for high-tech health systems in every partner";
        let cut = pen.fit(long, SMALL, 120);
        assert!(
            cut.ends_with("...") && pen.width(&cut, SMALL) <= 120,
            "{cut}"
        );
        assert_eq!(pen.fit("Japan", SMALL, 120), "Japan");
    }
}
