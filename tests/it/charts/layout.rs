//! Charts that read: every chart of every shipped scenario (the sweep charts from
//! the shipped sweeps) draws its texts without overlap and inside the canvas,
//! checked on the boxes the chart records as it draws ([`Chart::labels`]).

use std::path::Path;

use leadplan::outputs::chart::{draw, Chart, ChartFont, ChartKind, ImageFormat, Inputs};
use leadplan::studies::sweep::data::{frontier, Against, SweepResults};

use super::{montecarlo, saltelli, shipped, weights, TRILATERAL};

/// Panics naming every pair of texts that overlap and every text that leaves the canvas.
pub fn assert_reads(chart: &Chart, what: &str) {
    let mut problems = Vec::new();
    for (k, a) in chart.labels.iter().enumerate() {
        if !a.inside(chart.size) {
            problems.push(format!("{:?} {:?} leaves the canvas", a.text, a.rect));
        }
        for b in &chart.labels[k + 1..] {
            if a.overlaps(b) {
                problems.push(format!(
                    "{:?} {:?} overlaps {:?} {:?}",
                    a.text, a.rect, b.text, b.rect
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{what}: {} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn check_both(kind: ChartKind, inputs: &Inputs, what: &str) {
    for format in [ImageFormat::Png, ImageFormat::Svg] {
        let chart = draw(kind, inputs, format).unwrap();
        assert!(!chart.labels.is_empty(), "{what}: no text recorded");
        assert_reads(&chart, &format!("{what} ({format:?})"));
    }
}

#[test]
fn every_plan_chart_of_every_shipped_scenario_has_no_overlapping_text() {
    let font = ChartFont::builtin();
    let mut files = shipped();
    files.push(Path::new(super::ROOT).join("examples/indo-pacific-five.toml"));
    for file in files {
        let scenario = leadplan::Scenario::load(&file).unwrap();
        let leadplan::Outcome::Planned(plan) =
            leadplan::solve(&scenario, &Default::default()).unwrap()
        else {
            panic!("{}: no plan", file.display())
        };
        let inputs = Inputs {
            scenario: &scenario,
            plan: Some(&plan),
            sweep: None,
            font: &font,
            frontier: None,
            horizon: None,
        };
        for kind in ChartKind::ALL
            .into_iter()
            .filter(|k| !k.needs_sweep() && !k.needs_horizon())
        {
            check_both(
                kind,
                &inputs,
                &format!("{} {}", file.display(), kind.name()),
            );
        }
    }
}

#[test]
fn every_sweep_chart_of_the_shipped_sweeps_has_no_overlapping_text() {
    let font = ChartFont::builtin();
    let file = Path::new(TRILATERAL);
    let scenario = leadplan::Scenario::load(file).unwrap();
    let opts = Default::default();
    for (dir, kinds) in [
        (
            montecarlo(),
            &[
                ChartKind::LeadFrequency,
                ChartKind::Stability,
                ChartKind::Drivers,
                ChartKind::Peeling,
            ][..],
        ),
        (saltelli(), &[ChartKind::Drivers, ChartKind::Stability][..]),
        (weights(), &[ChartKind::TradeOff][..]),
    ] {
        let sweep = SweepResults::open(&dir, file, &scenario).unwrap();
        for &kind in kinds {
            let front = (kind == ChartKind::TradeOff)
                .then(|| frontier(&scenario, &sweep, Against::Auto, &opts).unwrap());
            let inputs = Inputs {
                scenario: &scenario,
                plan: None,
                sweep: Some(&sweep),
                font: &font,
                frontier: front.as_ref(),
                horizon: None,
            };
            check_both(kind, &inputs, &format!("{} {}", dir.display(), kind.name()));
        }
    }
}

#[test]
fn the_resilience_charts_of_every_shipped_scenario_have_no_overlapping_text() {
    use leadplan::outputs::chart::resilience::{contingency_losses, robust_across_futures};
    use leadplan::planning::resilience::contingency::{analyse, ContingencyOptions};
    use leadplan::planning::resilience::robust::{robust, RobustGoal};
    use leadplan::planning::resilience::robust_metrics::Future;
    let font = ChartFont::builtin();
    let opts = Default::default();
    let mut files = shipped();
    files.push(Path::new(super::ROOT).join("examples/indo-pacific-five.toml"));
    for file in &files {
        let scenario = leadplan::Scenario::load(file).unwrap();
        let leadplan::Outcome::Planned(plan) = leadplan::solve(&scenario, &opts).unwrap() else {
            panic!("{}: no plan", file.display())
        };
        // Withdrawals, cuts and pairs: every panel and label the chart can draw.
        let o = ContingencyOptions {
            cut: Some(0.5),
            pairs: scenario.countries.len() <= 5,
        };
        let report = analyse(&scenario, &plan, &o, &opts).unwrap();
        for format in [ImageFormat::Png, ImageFormat::Svg] {
            let chart = contingency_losses(&report, &font, format).unwrap();
            assert!(!chart.labels.is_empty());
            assert_reads(
                &chart,
                &format!("{} contingencies ({format:?})", file.display()),
            );
        }
    }
    // The shipped futures of the trilateral scenario.
    let base = leadplan::Scenario::load(Path::new(TRILATERAL)).unwrap();
    let leadplan::Outcome::Planned(plan) = leadplan::solve(&base, &opts).unwrap() else {
        panic!("no plan")
    };
    let mut futures = vec![Future {
        label: "base".into(),
        scenario: base.clone(),
    }];
    let dir = Path::new(super::ROOT).join("scenarios/futures");
    // Every shipped future of the public-goods scenario but the one no plan
    // shares with today (South Korea stepping back: robust has no plan to chart).
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.to_string_lossy().contains("kr-steps-back"))
        .collect();
    names.sort();
    for f in names {
        futures.push(Future {
            label: f.file_name().unwrap().to_string_lossy().into_owned(),
            scenario: leadplan::Scenario::load(&f).unwrap(),
        });
    }
    let r = robust(&futures, &plan, RobustGoal::Worst, &opts).unwrap();
    for format in [ImageFormat::Png, ImageFormat::Svg] {
        let chart = robust_across_futures(&r, &font, format).unwrap();
        assert!(!chart.labels.is_empty());
        assert_reads(&chart, &format!("robust across futures ({format:?})"));
    }
}
