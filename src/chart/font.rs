//! Fonts for charts, with no system font library.
//!
//! plotters draws text through `ab_glyph` from fonts registered by name. The
//! built-in font (DejaVu Sans, subset to Latin, Greek and Cyrillic; see
//! `assets/fonts/README.md`) is embedded in the binary and registered on first
//! use. A user font (`--font FILE`, or `font = "..."` under `[scenario]`) is read
//! once, kept for the life of the process and registered under its own family
//! name. Before drawing, every label that comes from an input file is checked
//! against the font: characters it has no glyph for would be drawn as empty
//! boxes, so they are reported as a warning that names the option to use.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use ab_glyph::{Font as _, FontRef};
use plotters::style::{register_font, FontStyle};

use crate::error::Error;

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The family the built-in font is registered under. SVG files name it in
/// `font-family`, so a viewer uses DejaVu Sans if it has it, else its sans-serif.
pub const BUILTIN_FAMILY: &str = "DejaVu Sans, sans-serif";

/// Where a user font was named, for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FontOrigin {
    /// `--font FILE`.
    Option,
    /// `font = "..."` under `[scenario]` in this scenario file.
    Scenario(PathBuf),
}

/// The font a chart is drawn with.
#[derive(Clone, Debug)]
pub struct ChartFont {
    family: &'static str,
    regular: &'static [u8],
    user: Option<(PathBuf, FontOrigin)>,
}

/// User fonts registered so far: (path, bytes, family), so a font read twice is registered once.
static USER_FONTS: Mutex<Vec<(PathBuf, &'static [u8], &'static str)>> = Mutex::new(Vec::new());

impl ChartFont {
    /// The built-in font (registered with plotters on first call).
    pub fn builtin() -> ChartFont {
        static REGISTERED: OnceLock<()> = OnceLock::new();
        REGISTERED.get_or_init(|| {
            // The embedded files are valid fonts; a test checks they parse.
            let _ = register_font(BUILTIN_FAMILY, FontStyle::Normal, REGULAR);
            let _ = register_font(BUILTIN_FAMILY, FontStyle::Bold, BOLD);
        });
        ChartFont {
            family: BUILTIN_FAMILY,
            regular: REGULAR,
            user: None,
        }
    }

    /// A TrueType or OpenType font file (the first face of a collection).
    pub fn from_file(path: &Path, origin: FontOrigin) -> Result<ChartFont, Error> {
        let bytes = crate::input::read_bounded(path, crate::input::InputKind::Font)?;
        if FontRef::try_from_slice(&bytes).is_err() {
            return Err(Error::Usage(format!(
                "{}: not a TrueType or OpenType font{}; name a .ttf, .otf or .ttc file",
                path.display(),
                origin_note(&origin)
            )));
        }
        let mut fonts = USER_FONTS.lock().unwrap_or_else(|p| p.into_inner());
        let known = fonts
            .iter()
            .find(|(p, b, _)| p == path && *b == bytes.as_slice());
        let (regular, family) = match known {
            Some((_, b, f)) => (*b, *f),
            None => {
                let b: &'static [u8] = Box::leak(bytes.into_boxed_slice());
                let f: &'static str = Box::leak(
                    format!("leadplan-font-{}, sans-serif", fonts.len()).into_boxed_str(),
                );
                let _ = register_font(f, FontStyle::Normal, b);
                fonts.push((path.to_path_buf(), b, f));
                (b, f)
            }
        };
        Ok(ChartFont {
            family,
            regular,
            user: Some((path.to_path_buf(), origin)),
        })
    }

    /// The font to use: `--font`, else the scenario's `font` (relative to the scenario file), else the built-in one.
    pub fn choose(
        option: Option<&Path>,
        scenario_font: Option<&str>,
        scenario_file: &Path,
    ) -> Result<ChartFont, Error> {
        match (option, scenario_font) {
            (Some(p), _) => ChartFont::from_file(p, FontOrigin::Option),
            (None, Some(f)) => {
                let dir = scenario_file.parent().unwrap_or(Path::new(""));
                ChartFont::from_file(
                    &dir.join(f),
                    FontOrigin::Scenario(scenario_file.to_path_buf()),
                )
            }
            (None, None) => Ok(ChartFont::builtin()),
        }
    }

    /// The family name charts use (and SVG files name).
    pub fn family(&self) -> &'static str {
        self.family
    }

    /// Characters of `text` the font has no glyph for (control characters aside), in order, without repeats.
    pub fn missing_glyphs(&self, text: &str) -> Vec<char> {
        let Ok(font) = FontRef::try_from_slice(self.regular) else {
            return Vec::new();
        };
        let mut out: Vec<char> = Vec::new();
        for c in text.chars() {
            if !c.is_control() && font.glyph_id(c).0 == 0 && !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }

    /// A warning for the labels that have glyphs this font lacks, if any.
    pub fn coverage_warning<'a>(
        &self,
        labels: impl IntoIterator<Item = &'a str>,
    ) -> Option<String> {
        let mut chars: Vec<char> = Vec::new();
        let mut examples: Vec<&str> = Vec::new();
        for label in labels {
            let missing = self.missing_glyphs(label);
            if missing.is_empty() {
                continue;
            }
            if examples.len() < 3 && !examples.contains(&label) {
                examples.push(label);
            }
            for c in missing {
                if !chars.contains(&c) {
                    chars.push(c);
                }
            }
        }
        if chars.is_empty() {
            return None;
        }
        let shown: String = chars.iter().take(12).collect();
        let more = if chars.len() > 12 { " and more" } else { "" };
        let quoted: Vec<String> = examples.iter().map(|e| format!("\"{e}\"")).collect();
        Some(format!(
            "the chart font ({}) has no glyph for {shown}{more} (in {}): those characters would show as empty boxes. {}",
            self.describe(),
            quoted.join(", "),
            self.fix_hint()
        ))
    }

    fn describe(&self) -> String {
        match &self.user {
            None => "the built-in DejaVu Sans".into(),
            Some((p, _)) => p.display().to_string(),
        }
    }

    fn fix_hint(&self) -> String {
        let how = "pass --font FILE, or set font = \"FILE\" under [scenario] in the scenario file, naming a font that covers them (for Korean, Japanese and Chinese: Noto Sans CJK, Nanum Gothic, ...)";
        match &self.user {
            Some((_, FontOrigin::Scenario(s))) => format!(
                "The font comes from `font` under [scenario] in {}: {how}",
                s.display()
            ),
            _ => format!("To fix it, {how}"),
        }
    }
}

/// The face registered under `family` (bold falling back to regular, as plotters does).
pub fn face(family: &str, bold: bool) -> Option<FontRef<'static>> {
    let bytes = if family == BUILTIN_FAMILY {
        if bold {
            BOLD
        } else {
            REGULAR
        }
    } else {
        let fonts = USER_FONTS.lock().unwrap_or_else(|p| p.into_inner());
        fonts.iter().find(|(_, _, f)| *f == family)?.1
    };
    FontRef::try_from_slice(bytes).ok()
}

fn origin_note(origin: &FontOrigin) -> String {
    match origin {
        FontOrigin::Option => " (given by --font)".into(),
        FontOrigin::Scenario(s) => {
            format!(" (named by `font` under [scenario] in {})", s.display())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_fonts_parse_and_cover_latin_greek_and_cyrillic() {
        for bytes in [REGULAR, BOLD] {
            let f = FontRef::try_from_slice(bytes).unwrap();
            for c in "Aé Ωω Жж 0-9%".chars() {
                assert_ne!(f.glyph_id(c).0, 0, "no glyph for {c:?}");
            }
        }
    }

    #[test]
    fn hangul_is_reported_missing_with_the_option_to_use() {
        let font = ChartFont::builtin();
        assert_eq!(
            font.missing_glyphs("대한민국 (KR)"),
            vec!['대', '한', '민', '국']
        );
        let w = font
            .coverage_warning(["United States", "대한민국", "日本"])
            .unwrap();
        assert!(w.contains("대한민국日本"), "{w}");
        assert!(w.contains("--font FILE"), "{w}");
        assert!(font.coverage_warning(["Japan", "Ελλάδα"]).is_none());
    }

    #[test]
    fn a_file_that_is_not_a_font_is_refused_with_its_origin() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.ttf");
        std::fs::write(&p, "not a font").unwrap();
        let e = ChartFont::from_file(&p, FontOrigin::Option).unwrap_err();
        assert!(e.to_string().contains("--font"), "{e}");
    }
}
