//! The Pareto front chart (`pareto --chart`), checked as an image: every plan
//! of the command's own JSON is one marker, placed in the order of its values.

use serde_json::Value;

use super::image::{check_chart, Image};
use super::leadplan;

/// A front of a few plans, so that no two markers overlap and each can be found
/// in the image (the public-goods scenario's complete front of fit against
/// fairness has 29 plans, some closer than a marker's width).
const SCENARIO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/scenarios/trilateral-security.toml"
);

/// The front's marker colour (the chart palette's accent, #52667C).
const MARKER: [u8; 3] = [0x52, 0x66, 0x7C];

fn is_marker(p: [u8; 3]) -> bool {
    p.iter().zip(MARKER).all(|(a, b)| a.abs_diff(b) <= 8)
}

/// Centres of the filled markers: the groups of pixels whose 7 x 7 neighbourhood
/// is all marker colour (the 2-pixel line joining them never fills one).
fn markers(img: &Image) -> Vec<(f64, f64)> {
    let core = |x: u32, y: u32| {
        (x.saturating_sub(3)..=x + 3).all(|i| {
            (y.saturating_sub(3)..=y + 3)
                .all(|j| i < img.width && j < img.height && is_marker(img.pixel(i, j)))
        })
    };
    let mut groups: Vec<Vec<(u32, u32)>> = Vec::new();
    for y in 3..img.height - 3 {
        for x in 3..img.width - 3 {
            if !core(x, y) {
                continue;
            }
            let near = |g: &Vec<(u32, u32)>| {
                g.iter()
                    .any(|&(a, b)| a.abs_diff(x) <= 1 && b.abs_diff(y) <= 1)
            };
            match groups.iter_mut().find(|g| near(g)) {
                Some(g) => g.push((x, y)),
                None => groups.push(vec![(x, y)]),
            }
        }
    }
    groups
        .iter()
        .map(|g| {
            let n = g.len() as f64;
            let sx: f64 = g.iter().map(|p| p.0 as f64).sum();
            let sy: f64 = g.iter().map(|p| p.1 as f64).sum();
            (sx / n, sy / n)
        })
        .collect()
}

/// `pareto SCENARIO --objectives fit,fairness EXTRA --chart FILE --format json`.
fn front(extra: &[&str], chart: &std::path::Path) -> Value {
    let out = leadplan()
        .args(["pareto", SCENARIO, "--objectives", "fit,fairness"])
        .args(extra)
        .args(["--chart", chart.to_str().unwrap(), "--format", "json"])
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
fn front_chart_draws_one_marker_per_plan_where_its_values_put_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut counts = Vec::new();
    for (extra, name) in [(&["--points", "2"][..], "grid.png"), (&[][..], "full.png")] {
        let png = dir.path().join(name);
        let r = front(extra, &png);
        let img = check_chart(&png, (1200, 760));
        let mut found = markers(&img);
        let mut plans: Vec<(f64, f64)> = r["points"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["values"][1].as_f64().unwrap(),
                    p["values"][0].as_f64().unwrap(),
                )
            })
            .collect();
        assert_eq!(found.len(), plans.len(), "{name}: markers at {found:?}");
        // fairness runs left to right, fit bottom to top: sorted by x, the
        // markers rise and fall with the plans' fit, and each lies where its
        // fairness puts it between the two ends
        found.sort_by(|a, b| a.0.total_cmp(&b.0));
        plans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (f0, f1) = (plans[0], plans[plans.len() - 1]);
        let (m0, m1) = (found[0], found[found.len() - 1]);
        for (m, p) in found.iter().zip(&plans) {
            let want_x = m0.0 + (p.0 - f0.0) / (f1.0 - f0.0) * (m1.0 - m0.0);
            let want_y = m0.1 + (p.1 - f0.1) / (f1.1 - f0.1) * (m1.1 - m0.1);
            assert!(
                (m.0 - want_x).abs() < 2.0 && (m.1 - want_y).abs() < 2.0,
                "{name}: plan {p:?} drawn at {m:?}, expected ({want_x}, {want_y})"
            );
        }
        assert!(m1.1 < m0.1, "{name}: the fitter plan is drawn higher");
        counts.push(found.len());
    }
    assert!(
        counts[1] > counts[0],
        "the complete front has more plans: {counts:?}"
    );
}
