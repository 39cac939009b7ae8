//! Text on the drawing surface: glyphs placed where the font says, and every
//! label's box recorded so a test can prove that no two overlap.
//!
//! plotters' `ab_glyph` text drawing puts each glyph's first inked pixel at the
//! pen position, dropping the glyph's left side bearing, and truncates the pen
//! to whole pixels after every glyph. Letters with a negative bearing ("J")
//! then crowd the next one and letters with a wide one ("P", "i") drift, so
//! "JP" reads as "J P" or "JP" jammed together depending on the size. The
//! [`Typeset`] backend wraps plotters' backends: in PNG it lays glyphs out
//! itself (advance plus kerning, in fractional pixels, each outline drawn at its
//! own bounds), in SVG it passes text through (the viewer lays it out). In both
//! it records the layout box of every text it draws ([`Placed`]), in pixels of
//! the canvas, in the order drawn.

use std::cell::RefCell;

use ab_glyph::{point, Font as _, FontRef, ScaleFont as _};
use plotters::prelude::DrawingBackend;
use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontFamily,
    FontStyle, FontTransform,
};

use super::font::face;

/// The layout box of one text drawn on a chart, in canvas pixels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    /// The text.
    pub text: String,
    /// Left, top, right, bottom (right and bottom exclusive).
    pub rect: (i32, i32, i32, i32),
}

impl Placed {
    /// Whether the two boxes share any pixel.
    pub fn overlaps(&self, other: &Placed) -> bool {
        let (a, b) = (self.rect, other.rect);
        a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
    }

    /// Whether the box lies within a canvas of `size`.
    pub fn inside(&self, (w, h): (u32, u32)) -> bool {
        let r = self.rect;
        r.0 >= 0 && r.1 >= 0 && r.2 <= w as i32 && r.3 <= h as i32
    }
}

/// A backend that draws text with correct glyph placement (when `glyphs`) and
/// records every text's box into `placed`.
pub struct Typeset<'r, B> {
    /// The backend drawn on.
    pub inner: B,
    /// Lay glyphs out here (PNG) rather than leave text to `inner` (SVG).
    pub glyphs: bool,
    /// The boxes of the texts drawn so far.
    pub placed: &'r RefCell<Vec<Placed>>,
}

/// The box of `text` drawn with `style` at `pos`, as plotters' backends anchor it.
fn layout_rect<S: BackendTextStyle>(text: &str, style: &S, pos: BackendCoord) -> Option<Placed> {
    let ((x0, y0), (x1, y1)) = style.layout_box(text).ok()?;
    let (w, h) = (x1 - x0, y1 - y0);
    let dx = match style.anchor().h_pos {
        HPos::Left => 0,
        HPos::Right => -w,
        HPos::Center => -w / 2,
    };
    let dy = match style.anchor().v_pos {
        VPos::Top => 0,
        VPos::Center => -h / 2,
        VPos::Bottom => -h,
    };
    let t = style.transform();
    let (ax, ay) = t.transform(dx, dy);
    let (bx, by) = t.transform(dx + w, dy + h);
    Some(Placed {
        text: text.to_string(),
        rect: (
            pos.0 + ax.min(bx),
            pos.1 + ay.min(by),
            pos.0 + ax.max(bx),
            pos.1 + ay.max(by),
        ),
    })
}

/// A text style whose glyphs are laid out with their bearings (see the module's note).
struct Glyphs<'s, S> {
    style: &'s S,
    face: FontRef<'static>,
}

impl<S: BackendTextStyle> BackendTextStyle for Glyphs<'_, S> {
    type FontError = S::FontError;
    fn color(&self) -> BackendColor {
        self.style.color()
    }
    fn size(&self) -> f64 {
        self.style.size()
    }
    fn transform(&self) -> FontTransform {
        self.style.transform()
    }
    fn style(&self) -> FontStyle {
        self.style.style()
    }
    fn anchor(&self) -> Pos {
        self.style.anchor()
    }
    fn family(&self) -> FontFamily<'_> {
        self.style.family()
    }
    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), Self::FontError> {
        self.style.layout_box(text)
    }
    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        text: &str,
        (x, y): BackendCoord,
        mut draw: F,
    ) -> Result<Result<(), E>, Self::FontError> {
        let size = self.style.size() as f32;
        let color = self.style.color();
        let font = self.face.as_scaled(size);
        let mut pen = 0.0_f32;
        let mut prev = None;
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = prev {
                pen += font.kern(p, id);
            }
            prev = Some(id);
            let glyph = id.with_scale_and_position(size, point(pen, 0.0));
            pen += font.h_advance(id);
            let Some(outline) = font.outline_glyph(glyph) else {
                continue;
            };
            let b = outline.px_bounds();
            // vertically as plotters does, so PNG and SVG text keep their places
            let (gx, gy) = (x + b.min.x as i32, y + (size / 2.0 + b.min.y) as i32);
            let mut result = Ok(());
            outline.draw(|px, py, cover| {
                if result.is_ok() && cover > 0.0 {
                    let alpha = color.alpha * f64::from(cover.min(1.0));
                    let c = BackendColor {
                        alpha,
                        rgb: color.rgb,
                    };
                    result = draw(gx + px as i32, gy + py as i32, c);
                }
            });
            if result.is_err() {
                return Ok(result);
            }
        }
        Ok(Ok(()))
    }
}

type Fail<B> = DrawingErrorKind<<B as DrawingBackend>::ErrorType>;

impl<B: DrawingBackend> DrawingBackend for Typeset<'_, B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), Fail<B>> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), Fail<B>> {
        self.inner.present()
    }
    fn draw_pixel(&mut self, p: BackendCoord, c: BackendColor) -> Result<(), Fail<B>> {
        self.inner.draw_pixel(p, c)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        s: &S,
    ) -> Result<(), Fail<B>> {
        self.inner.draw_line(a, b, s)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        s: &S,
        fill: bool,
    ) -> Result<(), Fail<B>> {
        self.inner.draw_rect(a, b, s, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        s: &S,
    ) -> Result<(), Fail<B>> {
        self.inner.draw_path(path, s)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        c: BackendCoord,
        r: u32,
        s: &S,
        fill: bool,
    ) -> Result<(), Fail<B>> {
        self.inner.draw_circle(c, r, s, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        s: &S,
    ) -> Result<(), Fail<B>> {
        self.inner.fill_polygon(vert, s)
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), Fail<B>> {
        self.inner.blit_bitmap(pos, size, src)
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), Fail<B>> {
        self.inner.estimate_text_size(text, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), Fail<B>> {
        if style.color().alpha == 0.0 || text.trim().is_empty() {
            return Ok(());
        }
        if let Some(p) = layout_rect(text, style, pos) {
            self.placed.borrow_mut().push(p);
        }
        let bold = matches!(style.style(), FontStyle::Bold);
        match face(style.family().as_str(), bold) {
            Some(face) if self.glyphs => self.inner.draw_text(text, &Glyphs { style, face }, pos),
            _ => self.inner.draw_text(text, style, pos),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::style::{FontDesc, FontFamily as Family};

    /// The ink columns of `text` at 40 px in the built-in font, as laid out here.
    fn ink(text: &str) -> Vec<i32> {
        let family = crate::chart::ChartFont::builtin().family();
        let style = FontDesc::new(Family::Name(family), 40.0, FontStyle::Normal)
            .color(&plotters::prelude::BLACK);
        let g = Glyphs {
            style: &style,
            face: face(family, false).unwrap(),
        };
        let mut cols = Vec::new();
        let _ = g.draw(text, (0, 0), |x, _, c| {
            if c.alpha > 0.5 && !cols.contains(&x) {
                cols.push(x);
            }
            Ok::<(), ()>(())
        });
        cols.sort();
        cols
    }

    #[test]
    fn jp_is_drawn_as_j_then_p_one_advance_later() {
        let face = face(crate::chart::font::BUILTIN_FAMILY, false).unwrap();
        let font = face.as_scaled(40.0);
        let (j, p) = (font.glyph_id('J'), font.glyph_id('P'));
        let advance = font.h_advance(j) + font.kern(j, p);
        let jp = ink("JP");
        let p_alone = ink("P");
        // J hangs left of the pen (negative bearing): plotters drew it from the pen
        assert!(jp[0] < 0, "{jp:?}");
        let p_start = (advance + p_alone[0] as f32).floor() as i32;
        assert!(
            (jp.iter()
                .copied()
                .filter(|x| *x >= p_start - 1)
                .min()
                .unwrap()
                - p_start)
                .abs()
                <= 1,
            "P should start at {p_start}: {jp:?}"
        );
        // the gap between J's ink and P's ink is J's right bearing plus P's left one
        let j_alone = ink("J");
        let gap = p_start - (j_alone.last().unwrap() + 1);
        let bearings =
            font.h_advance(j) - (j_alone.last().unwrap() + 1) as f32 + font.h_side_bearing(p);
        assert!(
            (gap as f32 - bearings).abs() <= 1.5,
            "gap {gap}, bearings {bearings}"
        );
    }

    #[test]
    fn boxes_overlap_only_when_they_share_a_pixel() {
        let b = |r| Placed {
            text: String::new(),
            rect: r,
        };
        assert!(b((0, 0, 10, 10)).overlaps(&b((9, 9, 20, 20))));
        assert!(!b((0, 0, 10, 10)).overlaps(&b((10, 0, 20, 10))));
        assert!(b((0, 0, 10, 10)).inside((10, 10)));
        assert!(!b((-1, 0, 10, 10)).inside((10, 10)));
    }
}
