//! The plan charts for every shipped scenario and for a generated 14 x 60 one.

use std::path::Path;

use serde_json::Value;

use super::image::{check_chart, check_png, shows, svg_texts};
use super::{leadplan, ok, scratch, shipped, TRILATERAL};

/// Width and height an SVG declares.
pub fn svg_size(svg: &str) -> (u32, u32) {
    let attr = |name: &str| -> u32 {
        let k = svg.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        svg[k..].split('"').next().unwrap().parse().unwrap()
    };
    (attr("width"), attr("height"))
}

/// Draws `kind` for `scenario` as PNG and SVG into `dir`; returns (png path, svg text).
pub fn draw(
    kind: &str,
    scenario: &Path,
    extra: &[&str],
    dir: &Path,
) -> (std::path::PathBuf, String) {
    let stem = scenario.file_stem().unwrap().to_string_lossy().to_string();
    let png = dir.join(format!("{stem}-{kind}.png"));
    let svg = dir.join(format!("{stem}-{kind}.svg"));
    for out in [&png, &svg] {
        let mut args = vec![
            "chart",
            kind,
            scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend(extra);
        ok(&args);
    }
    (png, std::fs::read_to_string(svg).unwrap())
}

fn solve_json(scenario: &Path) -> Value {
    let out = leadplan()
        .args([
            "solve",
            scenario.to_str().unwrap(),
            "--format",
            "json",
            "--no-explain",
        ])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn check_names(texts: &[String], scenario: &Value, file: &Path) {
    for c in scenario["countries"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        assert!(
            texts
                .iter()
                .any(|t| t == id || t.contains(&format!("({id})"))),
            "{}: country {id}",
            file.display()
        );
    }
    for a in scenario["assignments"].as_array().unwrap() {
        let name = a["name"].as_str().unwrap();
        assert!(shows(texts, name), "{}: task {name}", file.display());
    }
}

/// Every plan chart of every shipped scenario, in both formats. The library draws them from one
/// solve per scenario (the IPEF scenario takes seconds to solve); the CLI is driven on the others.
#[test]
fn every_plan_chart_is_drawn_for_every_shipped_scenario() {
    use leadplan::outputs::chart::{draw, ChartFont, ChartKind, ImageFormat, Inputs};
    let font = ChartFont::builtin();
    for file in shipped() {
        let scenario = leadplan::Scenario::load(&file).unwrap();
        let leadplan::Outcome::Planned(plan) =
            leadplan::solve(&scenario, &Default::default()).unwrap()
        else {
            panic!()
        };
        let inputs = Inputs {
            scenario: &scenario,
            plan: Some(&plan),
            sweep: None,
            font: &font,
            frontier: None,
            horizon: None,
        };
        for kind in [
            ChartKind::PlanMatrix,
            ChartKind::CountryLoad,
            ChartKind::Objective,
        ] {
            let svg =
                String::from_utf8(draw(kind, &inputs, ImageFormat::Svg).unwrap().bytes).unwrap();
            let png = draw(kind, &inputs, ImageFormat::Png).unwrap();
            assert_eq!(png.size, svg_size(&svg), "both formats have one size");
            check_png(&png.bytes, png.size, &file.join(kind.name()));
            let texts = svg_texts(&svg);
            for c in &scenario.countries {
                let present = texts
                    .iter()
                    .any(|t| *t == c.id || t.contains(&format!("({})", c.id)));
                assert!(
                    kind == ChartKind::Objective || present,
                    "{kind:?} {}: {}",
                    file.display(),
                    c.id
                );
            }
            if kind == ChartKind::PlanMatrix {
                for t in &scenario.tasks {
                    assert!(
                        shows(&texts, &t.name),
                        "{}: task {}",
                        file.display(),
                        t.name
                    );
                }
            }
        }
    }
}

#[test]
fn the_plan_matrix_rings_exactly_the_plans_leads() {
    let json = solve_json(Path::new(TRILATERAL));
    let (_, svg) = draw("plan-matrix", Path::new(TRILATERAL), &[], scratch());
    // Lead cells print the fit in bold; every other cell in regular type.
    let bold_fits = svg
        .split("<text")
        .filter(|t| t.contains("font-weight=\"bold\""))
        .filter_map(|t| t.split('>').nth(1))
        .filter(|t| t.split('<').next().unwrap().trim().parse::<f64>().is_ok())
        .count();
    let leads: usize = json["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["leads"].as_array().unwrap().len())
        .sum();
    assert_eq!(bold_fits, leads);
}

#[test]
fn the_load_and_objective_charts_show_the_solved_numbers() {
    let json = solve_json(Path::new(TRILATERAL));
    let (_, load) = draw("country-load", Path::new(TRILATERAL), &[], scratch());
    let texts = svg_texts(&load);
    for c in json["countries"].as_array().unwrap() {
        let used = c["effort_used"].as_f64().unwrap();
        let cap = c["capacity"].as_f64().unwrap();
        let label = format!("{} of {} (", used.round(), cap.round());
        assert!(
            texts.iter().any(|t| t.starts_with(&label)),
            "{label} in {texts:?}"
        );
    }
    let (_, obj) = draw("objective", Path::new(TRILATERAL), &[], scratch());
    let texts = svg_texts(&obj);
    for term in json["objective_terms"].as_array().unwrap() {
        let c = term["contribution"].as_f64().unwrap();
        let shown = format!("{:.3}", c.abs());
        let shown = shown.trim_end_matches('0').trim_end_matches('.');
        assert!(
            texts.iter().any(|t| t.contains(shown)),
            "{} = {c} in {texts:?}",
            term["term"]
        );
    }
}

#[test]
fn a_country_keeps_its_colour_on_every_chart() {
    let (_, matrix) = draw("plan-matrix", Path::new(TRILATERAL), &[], scratch());
    let (_, load) = draw("country-load", Path::new(TRILATERAL), &[], scratch());
    // Okabe-Ito blue, orange and bluish green for the first three countries (US, KR, JP).
    for fill in ["#0072B2", "#E69F00", "#009E73"] {
        let attr = format!("fill=\"{fill}\"");
        assert!(matrix.contains(&attr) && load.contains(&attr), "{fill}");
    }
}

#[test]
fn fourteen_countries_and_sixty_tasks_stay_readable() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("large.toml");
    std::fs::write(&scenario, super::gen::large_scenario()).unwrap();
    let (png, svg) = draw("plan-matrix", &scenario, &[], dir.path());
    let (w, h) = svg_size(&svg);
    let img = check_chart(&png, (w, h));
    // 60 rows and 8 domain headings, each at least 26 pixels high; 14 columns at least 64 wide.
    assert!(h >= 60 * 26 + 8 * 30, "height {h}");
    assert!(w >= 400 + 14 * 64, "width {w}");
    let texts = svg_texts(&svg);
    check_names(&texts, &solve_json(&scenario), &scenario);
    // Every row has ink: no row is left blank by a layout overflow.
    assert!(img.ink((40, h - 60, w - 40, h - 30)) > 1000);
    // The lead-frequency grid of a small sweep of it has the same layout.
    let spec = dir.path().join("large.sweep.toml");
    let sweep_text = "[sweep]\nscenario = \"large.toml\"\ndesign = \"montecarlo\"\nruns = 24\nseed = 3\n\n[[sweep.param]]\npath = \"country.*.capacity\"\nrelative = 0.3\n";
    std::fs::write(&spec, sweep_text).unwrap();
    let sweep = super::sweep(spec.to_str().unwrap(), None);
    let (png, svg) = draw(
        "lead-frequency",
        &scenario,
        &["--sweep", sweep.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(svg_size(&svg), (w, h));
    check_chart(&png, (w, h));
    check_names(&svg_texts(&svg), &solve_json(&scenario), &scenario);
}

#[test]
fn charts_are_byte_identical_when_drawn_twice() {
    let a = draw("plan-matrix", Path::new(TRILATERAL), &[], scratch());
    let b_dir = tempfile::tempdir().unwrap();
    let b = draw("plan-matrix", Path::new(TRILATERAL), &[], b_dir.path());
    assert_eq!(std::fs::read(a.0).unwrap(), std::fs::read(b.0).unwrap());
    assert_eq!(a.1, b.1);
}

#[test]
fn an_unknown_extension_is_refused_before_any_work() {
    let err = super::fails(
        &["chart", "plan-matrix", TRILATERAL, "--out", "chart.jpg"],
        2,
    );
    assert!(err.contains(".png or .svg"), "{err}");
}
