//! Colours that colour-blind readers can tell apart, the same for a country on every chart.
//!
//! Countries take the Okabe-Ito palette (Okabe and Ito, "Color Universal
//! Design", 2008) by their index in the scenario, so the United States is the
//! same blue on the plan matrix, the load chart and the sweep charts. After seven
//! countries the hues repeat darker, then lighter; charts always print the
//! country's id too, so colour is never the only cue. Quantities (frequencies,
//! shares) use one blue ramp whose lightness alone carries the value.

use plotters::style::RGBColor;

/// Okabe-Ito hues, without black (kept for text and outlines).
const OKABE_ITO: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0xF0, 0xE4, 0x42), // yellow
];

/// Text and outlines.
pub const INK: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);
/// Secondary text (subtitles, notes, tick labels).
pub const MUTED: RGBColor = RGBColor(0x59, 0x59, 0x59);
/// Grid lines and frames.
pub const RULE: RGBColor = RGBColor(0xD0, 0xD0, 0xD0);
/// Alternating row bands.
pub const BAND: RGBColor = RGBColor(0xF4, 0xF5, 0xF7);
/// Page background.
pub const PAPER: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
/// Good (rewarded) quantities: Okabe-Ito bluish green.
pub const GAIN: RGBColor = OKABE_ITO[2];
/// Bad (penalised) quantities: Okabe-Ito vermillion.
pub const LOSS: RGBColor = OKABE_ITO[3];
/// Data that belongs to no country (sweep statistics): dark slate, so it is never read as a country.
pub const ACCENT: RGBColor = RGBColor(0x52, 0x66, 0x7C);
/// A second such series: light slate (told from the first by lightness alone).
pub const ACCENT2: RGBColor = RGBColor(0xB3, 0xC1, 0xCF);

/// The colour of the country at `index` in the scenario.
pub fn country(index: usize) -> RGBColor {
    let base = OKABE_ITO[index % OKABE_ITO.len()];
    match (index / OKABE_ITO.len()) % 3 {
        0 => base,
        1 => mix(base, RGBColor(0, 0, 0), 0.35),
        _ => mix(base, PAPER, 0.45),
    }
}

/// `a` moved a fraction `t` of the way towards `b`.
pub fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let m = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * t).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// The sequential blue ramp at `v` in [0, 1]: near white at 0, dark blue at 1.
pub fn ramp(v: f64) -> RGBColor {
    let light = RGBColor(0xF2, 0xF7, 0xFB);
    let dark = RGBColor(0x08, 0x3A, 0x6B);
    mix(light, dark, v.clamp(0.0, 1.0).powf(0.85))
}

/// Relative luminance (WCAG), to pick black or white text on a fill.
pub fn luminance(c: RGBColor) -> f64 {
    let lin = |x: u8| {
        let s = x as f64 / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// Black or white, whichever reads better on `fill`.
pub fn text_on(fill: RGBColor) -> RGBColor {
    if luminance(fill) > 0.33 {
        INK
    } else {
        PAPER
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fourteen_countries_get_fourteen_distinct_colours() {
        let colours: Vec<RGBColor> = (0..14).map(country).collect();
        for i in 0..14 {
            for j in 0..i {
                assert_ne!(colours[i], colours[j], "countries {i} and {j}");
            }
        }
        assert_eq!(country(0), RGBColor(0x00, 0x72, 0xB2));
    }

    #[test]
    fn the_ramp_darkens_monotonically_and_text_stays_readable() {
        let l: Vec<f64> = (0..=10).map(|k| luminance(ramp(k as f64 / 10.0))).collect();
        assert!(l.windows(2).all(|w| w[1] < w[0]), "{l:?}");
        assert_eq!(text_on(ramp(0.0)), INK);
        assert_eq!(text_on(ramp(1.0)), PAPER);
    }
}
