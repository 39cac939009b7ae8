//! The resilience charts (`contingency --chart`, `robust --chart`), checked as
//! images and against the commands' own JSON.

use assert_cmd::Command;
use serde_json::Value;

use super::image::Image;

const TRILATERAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/scenarios/trilateral-public-goods.toml"
);
/// Futures one plan serves together with the base scenario.
const FUTURES: [&str; 2] = [
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/futures/trilateral-us-aid-cut.toml"
    ),
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/futures/trilateral-secretariat.toml"
    ),
];

fn run(args: &[&str]) -> Value {
    let out = Command::cargo_bin("leadplan")
        .unwrap()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn contingency_chart_shows_every_contingency_and_its_loss() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("c.svg");
    let json = run(&[
        "contingency",
        TRILATERAL,
        "--cut",
        "0.5",
        "--chart",
        svg.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&svg).unwrap();
    for c in json["contingencies"].as_array().unwrap() {
        assert!(text.contains(c["name"].as_str().unwrap()), "{}", c["name"]);
        // A plan within every constraint shows its objective lost; a best-effort plan
        // (in its own panel) the agenda it leaves uncovered, then its objective lost.
        let lost = match c["best_effort"].as_object() {
            Some(b) => {
                let cov = b["coverage_lost"].as_f64().unwrap();
                let label = format!("{} task(s) uncovered", (cov * 1000.0).round() / 1000.0);
                assert!(text.contains(&label), "{label} not labelled");
                b["objective_lost"].as_f64().unwrap()
            }
            None => c["objective_lost"].as_f64().unwrap(),
        };
        assert!(
            text.contains(&format!("-{}", (lost * 1000.0).round() / 1000.0)),
            "loss {lost} not labelled"
        );
    }
    let png = dir.path().join("c.png");
    run(&["contingency", TRILATERAL, "--chart", png.to_str().unwrap()]);
    let img = Image::open(&png);
    assert_eq!(img.width, 1200);
    assert!(img.dark((0, 0, 1200, 50)) > 200, "the title is drawn");
    assert!(
        img.ink((280, 120, 1150, img.height - 80)) > 5000,
        "bars are drawn"
    );
}

#[test]
fn robust_chart_shows_both_plans_in_every_future() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("r.svg");
    let json = run(&[
        "robust",
        TRILATERAL,
        "--futures",
        FUTURES[0],
        FUTURES[1],
        "--chart",
        svg.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&svg).unwrap();
    for f in json["futures"].as_array().unwrap() {
        let stem = std::path::Path::new(f["future"].as_str().unwrap())
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .to_string();
        assert!(
            text.contains(&format!("{stem}: robust"))
                && text.contains(&format!("{stem}: baseline")),
            "{stem}"
        );
        if f["baseline"].is_null() {
            assert!(text.contains("infeasible in this future"));
        }
    }
    let bad = dir.path().join("r.gif");
    let out = Command::cargo_bin("leadplan")
        .unwrap()
        .args([
            "robust",
            TRILATERAL,
            "--futures",
            FUTURES[0],
            FUTURES[1],
            "--chart",
            bad.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!bad.exists());
}
