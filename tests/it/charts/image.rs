//! Looking at a drawn chart: decode the PNG and measure ink, independently of the drawing code.

use std::path::Path;

/// A decoded 8-bit RGB image.
pub struct Image {
    pub width: u32,
    pub height: u32,
    rgb: Vec<u8>,
}

impl Image {
    pub fn open(path: &Path) -> Image {
        Image::decode(&std::fs::read(path).unwrap(), &path.display().to_string())
    }

    pub fn decode(bytes: &[u8], what: &str) -> Image {
        let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
            .read_info()
            .unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.color_type, png::ColorType::Rgb, "{what}");
        assert_eq!(info.bit_depth, png::BitDepth::Eight);
        buf.truncate(info.buffer_size());
        Image {
            width: info.width,
            height: info.height,
            rgb: buf,
        }
    }

    pub fn pixel(&self, x: u32, y: u32) -> [u8; 3] {
        let k = ((y * self.width + x) * 3) as usize;
        [self.rgb[k], self.rgb[k + 1], self.rgb[k + 2]]
    }

    /// Pixels in the rectangle that differ from the white background.
    pub fn ink(&self, (x0, y0, x1, y1): (u32, u32, u32, u32)) -> usize {
        let mut n = 0;
        for y in y0..y1.min(self.height) {
            for x in x0..x1.min(self.width) {
                if self.pixel(x, y) != [255, 255, 255] {
                    n += 1;
                }
            }
        }
        n
    }

    /// Dark pixels (text, outlines) in the rectangle.
    pub fn dark(&self, (x0, y0, x1, y1): (u32, u32, u32, u32)) -> usize {
        let mut n = 0;
        for y in y0..y1.min(self.height) {
            for x in x0..x1.min(self.width) {
                let [r, g, b] = self.pixel(x, y);
                if (r as u32 + g as u32 + b as u32) < 3 * 90 {
                    n += 1;
                }
            }
        }
        n
    }

    /// Distinct colours in the whole image.
    pub fn colours(&self) -> usize {
        let mut seen = std::collections::HashSet::new();
        for p in self.rgb.chunks(3) {
            seen.insert([p[0], p[1], p[2]]);
        }
        seen.len()
    }
}

/// The checks every chart passes: expected size, a rendered title, ink in the plot area.
pub fn check_chart(path: &Path, size: (u32, u32)) -> Image {
    check_png(&std::fs::read(path).unwrap(), size, path)
}

/// [`check_chart`] on PNG bytes; `path` names them in messages.
pub fn check_png(bytes: &[u8], size: (u32, u32), path: &Path) -> Image {
    let img = Image::decode(bytes, &path.display().to_string());
    assert_eq!((img.width, img.height), size, "{}", path.display());
    // The title sits in the top-left band: rendered text leaves dark pixels there.
    let title = img.dark((20, 14, 420, 56));
    assert!(
        title > 300,
        "{}: title band has {title} dark pixels",
        path.display()
    );
    // The plot area (below the header, inside the margins) carries bars, cells or points.
    let plot = (40, 150, img.width - 40, img.height - 40);
    let area = ((plot.2 - plot.0) * (plot.3 - plot.1)) as usize;
    let ink = img.ink(plot);
    assert!(
        ink > area / 50,
        "{}: only {ink} of {area} plot pixels inked",
        path.display()
    );
    assert!(
        img.colours() > 20,
        "{}: {} colours",
        path.display(),
        img.colours()
    );
    img
}

/// Texts of the SVG's `<text>` elements, unescaped.
pub fn svg_texts(svg: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        let after = &rest[start..];
        let open_end = after.find('>').unwrap() + 1;
        let close = after.find("</text>").unwrap();
        let raw = after[open_end..close].trim();
        out.push(
            raw.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&"),
        );
        rest = &after[close..];
    }
    out
}

/// Whether `name` is drawn in full, or cut to a prefix of at least 16 characters ending in "...".
pub fn shows(texts: &[String], name: &str) -> bool {
    texts.iter().any(|t| {
        t.contains(name)
            || t.split("...").next().is_some_and(|cut| {
                t.contains("...")
                    && cut.trim_end().chars().count() >= 16
                    && name.starts_with(cut.trim_end())
            })
    })
}
