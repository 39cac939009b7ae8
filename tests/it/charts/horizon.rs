//! The horizon plan on paper: `chart timeline` and `report --horizon`, on a
//! two-country, three-period fixture whose South Korean government may step back
//! from two tasks after the 2028 election. Every figure checked is read from
//! `leadplan horizon --format json` on the same file.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::image::{check_chart, svg_texts};
use super::plan_charts::svg_size;
use super::{fails, leadplan, ok, ROOT};

fn fixture(name: &str) -> PathBuf {
    Path::new(ROOT).join("tests/fixtures/horizon").join(name)
}

fn horizon_file() -> PathBuf {
    fixture("tiny.horizon.toml")
}

fn horizon_json(extra: &[&str]) -> Value {
    let file = horizon_file();
    let mut args = vec!["horizon", file.to_str().unwrap(), "--format", "json"];
    args.extend(extra);
    let out = leadplan().args(&args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The horizon file and its plan, through the library (no values: the chart does not draw them).
fn planned(
    file: &Path,
    foresight: leadplan::studies::horizon::Foresight,
) -> (
    leadplan::studies::horizon::Horizon,
    leadplan::studies::horizon::HorizonReport,
) {
    use leadplan::studies::horizon::{Goal, Horizon, HorizonOptions};
    let h = Horizon::load(file).unwrap();
    let o = HorizonOptions {
        foresight,
        goal: Goal::Expected,
        path: None,
        solve: Default::default(),
        values: false,
    };
    let report = leadplan::studies::horizon::run(&h, &o).unwrap();
    (h, report)
}

fn chart(out: &Path, threads: &str) -> Vec<u8> {
    let file = horizon_file();
    let run = leadplan()
        .env("RAYON_NUM_THREADS", threads)
        .args(["chart", "timeline", "--horizon", file.to_str().unwrap()])
        .args(["--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read(out).unwrap()
}

/// A percent as the chart and the tables print it: `70%`, `12.5%`.
fn pct(p: f64) -> String {
    let x = (p * 1000.0).round() / 10.0;
    if x == x.round() {
        format!("{}%", x as i64)
    } else {
        format!("{x}%")
    }
}

fn leads(s: &Value) -> String {
    let v: Vec<&str> = s["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    if v.is_empty() {
        "nobody".into()
    } else {
        v.join("+")
    }
}

#[test]
fn the_timeline_draws_a_band_per_lead_set_as_tall_as_its_chance() {
    use leadplan::outputs::chart::canvas::Pen;
    use leadplan::outputs::chart::timeline::{bands, CELL_H};
    use leadplan::studies::horizon::Foresight;
    let json = horizon_json(&[]);
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("t.png");
    chart(&png, "2");
    let svg = String::from_utf8(chart(&dir.path().join("t.svg"), "2")).unwrap();
    check_chart(&png, svg_size(&svg));

    let (h, report) = planned(&horizon_file(), Foresight::Stochastic);
    let pen = Pen {
        family: leadplan::outputs::chart::ChartFont::builtin().family(),
    };
    let drawn = bands(&report, &h.base, pen);
    // Okabe-Ito by the country's place in the scenario: JP first, KR second.
    let colour = |id: &str| match id {
        "JP" => "#0072B2",
        "KR" => "#E69F00",
        other => panic!("unexpected lead {other}"),
    };
    let texts = svg_texts(&svg);
    let timeline = json["timeline"].as_array().unwrap();
    let mut split = 0;
    for (row, t) in timeline.iter().enumerate() {
        for (period, spread) in t["periods"].as_array().unwrap().iter().enumerate() {
            let here: Vec<_> = drawn
                .iter()
                .filter(|b| b.row == row && b.period == period)
                .collect();
            let spread = spread.as_array().unwrap();
            assert_eq!(here.len(), spread.len(), "{} period {period}", t["task"]);
            let mut height = 0;
            for s in spread {
                let p = s["probability"].as_f64().unwrap();
                let b = here
                    .iter()
                    .find(|b| b.leads.join("+") == leads(s))
                    .unwrap_or_else(|| panic!("{}: no band for {}", t["task"], leads(s)));
                assert!((b.probability - p).abs() < 1e-9);
                let h = b.y.1 - b.y.0;
                assert!(
                    (h as f64 - p * CELL_H as f64).abs() <= 1.0,
                    "{}: band {h} px for chance {p}",
                    t["task"]
                );
                height += h;
                let rect = format!(
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" opacity=\"1\" fill=\"{}\"",
                    b.x.0,
                    b.y.0,
                    b.x.1 - b.x.0,
                    h,
                    colour(&leads(s))
                );
                assert!(svg.contains(&rect), "not drawn: {rect}");
                if spread.len() > 1 {
                    split += 1;
                    let label = format!("{} {}", leads(s), pct(p));
                    assert!(texts.contains(&label), "no label {label}: {texts:?}");
                }
            }
            assert_eq!(
                height, CELL_H,
                "{} period {period}: bands fill the cell",
                t["task"]
            );
        }
    }
    assert!(split >= 2, "the fixture has a cell where branches differ");
}

/// The fixture's stochastic plan and the shipped horizon's along its likeliest path:
/// no text overlaps another or leaves the canvas, at 1,280 pixels wide.
#[test]
fn the_timeline_reads_at_1280_pixels() {
    use leadplan::outputs::chart::{draw, ChartFont, ChartKind, ImageFormat, Inputs};
    use leadplan::studies::horizon::Foresight;
    let shipped = Path::new(ROOT).join("scenarios/trilateral-2026-2032.horizon.toml");
    let font = ChartFont::builtin();
    for (file, foresight) in [
        (horizon_file(), Foresight::Stochastic),
        (shipped, Foresight::Perfect),
    ] {
        let (h, report) = planned(&file, foresight);
        let inputs = Inputs {
            scenario: &h.base,
            plan: None,
            sweep: None,
            font: &font,
            frontier: None,
            horizon: Some(&report),
        };
        for format in [ImageFormat::Png, ImageFormat::Svg] {
            let chart = draw(ChartKind::Timeline, &inputs, format).unwrap();
            assert_eq!(chart.size.0, 1280);
            assert!(chart.warnings.is_empty(), "{:?}", chart.warnings);
            super::layout::assert_reads(&chart, &format!("{} {format:?}", file.display()));
        }
    }
}

#[test]
fn the_timeline_is_byte_identical_across_runs_and_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["svg", "png"] {
        let one = chart(&dir.path().join(format!("a.{ext}")), "1");
        let two = chart(&dir.path().join(format!("b.{ext}")), "2");
        let again = chart(&dir.path().join(format!("c.{ext}")), "2");
        assert!(one == two && two == again, "{ext} differs");
    }
}

#[test]
fn a_horizon_of_another_scenario_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let other = Path::new(ROOT).join("tests/fixtures/base.toml");
    let h = horizon_file();
    let err = fails(
        &[
            "report",
            other.to_str().unwrap(),
            "--horizon",
            h.to_str().unwrap(),
            "--out",
            dir.path().join("r.md").to_str().unwrap(),
        ],
        2,
    );
    assert!(
        err.contains("plans the scenario")
            && err.contains("tiny.toml")
            && err.contains("base.toml"),
        "{err}"
    );
    assert!(!dir.path().join("r.md").exists());
    let err = fails(
        &[
            "chart",
            "timeline",
            other.to_str().unwrap(),
            "--horizon",
            h.to_str().unwrap(),
            "--out",
            dir.path().join("t.svg").to_str().unwrap(),
        ],
        2,
    );
    assert!(err.contains("plans the scenario"), "{err}");
    let err = fails(
        &[
            "chart",
            "timeline",
            other.to_str().unwrap(),
            "--out",
            dir.path().join("t.svg").to_str().unwrap(),
        ],
        2,
    );
    assert!(err.contains("--horizon"), "{err}");
}

fn report(dir: &Path, audience: &str, ext: &str) -> String {
    let out = dir.join(format!("report-{audience}.{ext}"));
    ok(&[
        "report",
        fixture("tiny.toml").to_str().unwrap(),
        "--horizon",
        horizon_file().to_str().unwrap(),
        "--audience",
        audience,
        "--out",
        out.to_str().unwrap(),
    ]);
    std::fs::read_to_string(out).unwrap()
}

fn num(v: &Value) -> String {
    let x = v.as_f64().unwrap();
    let s = format!("{x}");
    s.strip_suffix(".0").map_or(s.clone(), String::from)
}

#[test]
fn the_report_gives_the_horizon_plans_numbers() {
    let json = horizon_json(&[]);
    let dir = tempfile::tempdir().unwrap();
    let md = report(dir.path(), "analyst", "md");
    assert!(
        md.contains("## The plan across periods and elections"),
        "{md}"
    );
    // the timeline table: one row per task, each cell from the JSON
    for t in json["timeline"].as_array().unwrap() {
        let cells: Vec<String> = t["periods"]
            .as_array()
            .unwrap()
            .iter()
            .map(|spread| match spread.as_array().unwrap().as_slice() {
                [] => "-".to_string(),
                [one] => leads(one),
                many => many
                    .iter()
                    .map(|s| format!("{} {}", leads(s), pct(s["probability"].as_f64().unwrap())))
                    .collect::<Vec<_>>()
                    .join(" / "),
            })
            .collect();
        let row = format!(
            "| {} | {} |",
            t["name"].as_str().unwrap(),
            cells.join(" | ")
        );
        assert!(md.contains(&row), "missing {row}\n{md}");
    }
    // leads that may not last: exactly those with a last chance below one
    let fragile: Vec<&Value> = json["survival"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            s["probability"]
                .as_array()
                .unwrap()
                .last()
                .unwrap()
                .as_f64()
                .unwrap()
                < 1.0
        })
        .collect();
    assert_eq!(fragile.len(), 1, "the fixture has one fragile lead");
    let chances: Vec<String> = fragile[0]["probability"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| pct(p.as_f64().unwrap()))
        .collect();
    let row = format!(
        "| Court exchange | {} | {} |",
        fragile[0]["country"].as_str().unwrap(),
        chances.join(" | ")
    );
    assert!(md.contains(&row), "missing {row}\n{md}");
    // institutions worth taking: value > 0 only
    for i in json["institutions"].as_array().unwrap() {
        let v = i["value"].as_f64().unwrap();
        let name = if i["task"] == "code-drafting" {
            "Code drafting"
        } else {
            "Judicial training"
        };
        let row = format!("| {name} | {} | {} |", num(&i["price"]), num(&i["value"]));
        assert_eq!(md.contains(&row), v > 0.0, "{row}\n{md}");
    }
    for (key, label) in [
        ("vss", "Value of the stochastic solution (VSS): "),
        ("evpi", "Expected value of perfect information (EVPI): "),
    ] {
        let want = format!("**{label}{}.**", num(&json[key]));
        assert!(md.contains(&want), "missing {want}\n{md}");
    }
    assert!(md.contains(&format!("is worth {} on average", num(&json["eev"]))));
    assert!(md.contains(&format!(
        "is worth {} on average",
        num(&json["wait_and_see"])
    )));
    assert!(
        md.contains("![Who leads each task"),
        "the timeline chart is linked"
    );
    assert!(dir.path().join("report-analyst-timeline.png").exists());
    assert!(
        !md.contains("### Across the elections"),
        "no briefing for analysts"
    );
}

#[test]
fn the_briefing_says_what_lasts_and_what_is_at_risk_in_plain_words() {
    let json = horizon_json(&[]);
    let dir = tempfile::tempdir().unwrap();
    let md = report(dir.path(), "minister", "md");
    let brief = md
        .split("### Across the elections\n")
        .nth(1)
        .expect("a briefing paragraph")
        .split("\n#")
        .next()
        .unwrap();
    let timeline = json["timeline"].as_array().unwrap();
    let stay = timeline
        .iter()
        .filter(|t| {
            let sets: Vec<String> = t["periods"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|p| p.as_array().unwrap().iter().map(leads))
                .collect();
            sets.iter().all(|s| *s == sets[0])
        })
        .count();
    assert!(
        brief.contains(&format!(
            "{stay} of the {} tasks keep the same lead",
            timeline.len()
        )),
        "{brief}"
    );
    assert!(
        brief.contains("Across the elections of 2028 in South Korea"),
        "{brief}"
    );
    assert!(
        brief.contains(
            "South Korea's lead of Court exchange (70% chance it is still held in 2030-31)"
        ),
        "{brief}"
    );
    let worth = json["institutions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["task"] == "judicial-training")
        .unwrap();
    // its worth as a share of the plan's expected score over the horizon
    let share = worth["value"].as_f64().unwrap() / json["expected_value"].as_f64().unwrap();
    assert!(
        brief.contains(&format!(
            "Institutionalising Judicial training (an arrangement that keeps its first-period lead whatever later governments decide) adds {}% to the plan's expected score over the horizon, after paying its price.",
            (share * 1000.0).round() / 10.0
        )),
        "{brief}"
    );
    assert!(
        !brief.contains("institutionalising Code drafting"),
        "not worth its price: {brief}"
    );
    // the analyst's detail follows in the appendix, chart and all, in HTML too
    let html = report(dir.path(), "minister", "html");
    assert!(html.contains("The plan across periods and elections"));
    assert!(
        html.contains("Who leads when, across the elections"),
        "the chart is inline"
    );
}
