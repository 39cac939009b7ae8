//! Names the built-in font cannot draw: a warning naming the option, and the fix working.

use std::path::Path;

use super::image::check_chart;
use super::plan_charts::svg_size;
use super::{fails, ok, ROOT, TRILATERAL};

const HANGUL_FONT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/charts/hangul-test-subset.ttf"
);

/// The trilateral scenario with Korean and Japanese names, and optionally a `font` setting.
fn korean_scenario(dir: &Path, font: Option<&str>) -> std::path::PathBuf {
    let mut text = std::fs::read_to_string(TRILATERAL)
        .unwrap()
        .replace("name = \"South Korea\"", "name = \"대한민국\"")
        .replace("name = \"Japan\"", "name = \"日本\"");
    if let Some(f) = font {
        text = text.replacen("[scenario]\n", &format!("[scenario]\nfont = \"{f}\"\n"), 1);
    }
    let p = dir.join("korean.toml");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn missing_glyphs_are_a_warning_that_names_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = korean_scenario(dir.path(), None);
    let out = dir.path().join("load.png");
    let err = ok(&[
        "chart",
        "country-load",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(err.contains("warning: the chart font"), "{err}");
    assert!(err.contains("대한민국") && err.contains("日本"), "{err}");
    assert!(
        err.contains("--font FILE") && err.contains("[scenario]"),
        "{err}"
    );
}

#[test]
fn a_font_that_covers_the_names_silences_the_warning_and_draws_them() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = korean_scenario(dir.path(), None);
    let png = dir.path().join("load.png");
    let svg = dir.path().join("load.svg");
    for out in [&png, &svg] {
        let err = ok(&[
            "chart",
            "country-load",
            scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--font",
            HANGUL_FONT,
        ]);
        assert!(!err.contains("warning"), "{err}");
    }
    let svg = std::fs::read_to_string(svg).unwrap();
    assert!(svg.contains("대한민국 (KR)") && svg.contains("日本 (JP)"));
    check_chart(&png, svg_size(&svg));
}

#[test]
fn the_scenarios_font_setting_is_read_relative_to_the_scenario_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(HANGUL_FONT, dir.path().join("hangul.ttf")).unwrap();
    let scenario = korean_scenario(dir.path(), Some("hangul.ttf"));
    let out = dir.path().join("m.png");
    let err = ok(&[
        "chart",
        "plan-matrix",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!err.contains("warning"), "{err}");
    // The same scenario with a font that lacks Hangul: the warning says where the font came from.
    std::fs::copy(
        format!("{ROOT}/assets/fonts/DejaVuSans.ttf"),
        dir.path().join("hangul.ttf"),
    )
    .unwrap();
    let err = ok(&[
        "chart",
        "plan-matrix",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        err.contains("`font` under [scenario]") && err.contains("korean.toml"),
        "{err}"
    );
}

#[test]
fn a_file_that_is_not_a_font_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.png");
    let err = fails(
        &[
            "chart",
            "objective",
            TRILATERAL,
            "--out",
            out.to_str().unwrap(),
            "--font",
            TRILATERAL,
        ],
        2,
    );
    assert!(
        err.contains("not a TrueType or OpenType font") && err.contains("--font"),
        "{err}"
    );
    let err = fails(
        &[
            "chart",
            "objective",
            TRILATERAL,
            "--out",
            out.to_str().unwrap(),
            "--font",
            "no/such.ttf",
        ],
        2,
    );
    assert!(err.contains("no/such.ttf"), "{err}");
    assert!(!out.exists());
}
