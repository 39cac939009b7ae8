//! The sweep charts, drawn from real `leadplan sweep` outputs of the shipped sweep files.

use std::path::Path;

use serde_json::Value;

use super::image::{check_chart, shows, svg_texts};
use super::plan_charts::{draw, svg_size};
use super::{correlated, montecarlo, saltelli, scratch, weights, TRILATERAL};

/// How the charts print a share: whole percent, never rounding a share that is not 0 or 1 to "0%" or "100%".
fn pct(x: f64) -> String {
    if x > 0.0 && x < 0.005 {
        "<1%".into()
    } else if (0.995..1.0).contains(&x) {
        ">99%".into()
    } else {
        format!("{}%", (100.0 * x).round())
    }
}

fn summary(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap()
}

fn draw_from(kind: &str, sweep: &Path, extra: &[&str]) -> (std::path::PathBuf, String) {
    let dir = scratch().join(format!(
        "{}-{kind}",
        sweep.file_name().unwrap().to_string_lossy()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let mut args = vec!["--sweep", sweep.to_str().unwrap()];
    args.extend(extra);
    draw(kind, Path::new(TRILATERAL), &args, &dir)
}

#[test]
fn every_sweep_chart_is_drawn_from_the_shipped_sweeps() {
    for (kind, sweep) in [
        ("lead-frequency", montecarlo()),
        ("stability", montecarlo()),
        ("drivers", montecarlo()),
        ("drivers", saltelli()),
        ("stability", saltelli()),
        ("trade-off", weights()),
    ] {
        let (png, svg) = draw_from(kind, &sweep, &[]);
        check_chart(&png, svg_size(&svg));
    }
}

#[test]
fn the_heatmap_prints_the_summarys_frequencies_and_every_name() {
    let sweep = montecarlo();
    let (_, svg) = draw_from("lead-frequency", &sweep, &[]);
    let texts = svg_texts(&svg);
    let s = summary(&sweep);
    for t in s["tasks"].as_array().unwrap() {
        for (id, f) in t["lead_frequency"].as_object().unwrap() {
            let f = f.as_f64().unwrap();
            if f > 0.0 {
                let label = pct(f);
                assert!(texts.contains(&label), "{} {id}: {label}", t["task"]);
            }
        }
    }
    for name in [
        "United States",
        "South Korea",
        "Japan",
        "Best practices for reducing fatalities",
    ] {
        assert!(shows(&texts, name), "{name}");
    }
}

#[test]
fn the_stability_chart_gives_each_tasks_survival() {
    let sweep = montecarlo();
    let (_, svg) = draw_from("stability", &sweep, &[]);
    let texts = svg_texts(&svg);
    for t in summary(&sweep)["tasks"].as_array().unwrap() {
        let label = pct(t["stability"].as_f64().unwrap());
        assert!(texts.contains(&label), "{}: {label}", t["task"]);
    }
}

#[test]
fn defect6_stability_pools_no_objectives_across_weightings_and_gives_both_denominators() {
    let (_, svg) = draw_from("stability", &weights(), &[]);
    assert!(
        svg.contains("No objective or regret histogram"),
        "weights-only sweep"
    );
    assert!(!svg.contains("Optimal objective of the runs"));
    let (_, svg) = draw_from("stability", &montecarlo(), &[]);
    assert!(svg.contains("Optimal objective of the runs"));
    let sw = summary(&montecarlo());
    let runs = sw["runs"].as_u64().unwrap();
    assert!(
        svg.contains("optimal runs, ") && svg.contains(&format!("of all {}", runs_text(runs))),
        "both denominators"
    );
}

/// `2,000`.
fn runs_text(n: u64) -> String {
    let d = n.to_string();
    let mut out = String::new();
    for (k, c) in d.chars().enumerate() {
        if k > 0 && (d.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn drivers_rank_sobol_indices_with_intervals_or_correlations() {
    let (_, svg) = draw_from("drivers", &saltelli(), &[]);
    assert!(svg.contains("total index ST") && svg.contains("95% interval"));
    let texts = svg_texts(&svg);
    for p in summary(&saltelli())["parameters"].as_array().unwrap() {
        assert!(shows(&texts, p.as_str().unwrap()), "{p}");
    }
    let (_, svg) = draw_from("drivers", &montecarlo(), &[]);
    assert!(svg.contains("Spearman") && !svg.contains("total index ST"));
}

#[test]
fn the_drivers_of_a_correlated_sweep_mark_its_correlated_parameters_and_say_why() {
    let sweep = correlated();
    let (png, svg) = draw_from("drivers", &sweep, &[]);
    check_chart(&png, svg_size(&svg));
    let texts = svg_texts(&svg);
    let s = summary(&sweep);
    let correlated: Vec<&str> = s["correlation"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(correlated.len(), 15);
    let marked: Vec<&String> = texts.iter().filter(|t| t.starts_with("[corr] ")).collect();
    assert!(!marked.is_empty(), "{texts:?}");
    for t in &marked {
        // The label may be cut ("...") and carry " (noise)".
        let name = t["[corr] ".len()..].split(" (").next().unwrap();
        let cut = name.split("...").next().unwrap();
        assert!(correlated.iter().any(|c| c.starts_with(cut)), "{t}");
    }
    assert!(
        texts
            .iter()
            .any(|t| t.contains("sampled with rank correlations")),
        "{texts:?}"
    );
    let (_, plain) = draw_from("drivers", &montecarlo(), &[]);
    assert!(!plain.contains("[corr]"));
}

#[test]
fn the_trade_off_counts_the_sweeps_distinct_plans_and_labels_its_front() {
    let sweep = weights();
    let (_, svg) = draw_from("trade-off", &sweep, &[]);
    let texts = svg_texts(&svg);
    // Independently: the distinct lead sets among the optimal runs of runs.jsonl.
    let mut plans: Vec<String> = Vec::new();
    let mut optimal = 0;
    for line in std::fs::read_to_string(sweep.join("runs.jsonl"))
        .unwrap()
        .lines()
    {
        let run: Value = serde_json::from_str(line).unwrap();
        if run["status"] == "optimal" {
            optimal += 1;
            let leads = run["leads"].to_string();
            if !plans.contains(&leads) {
                plans.push(leads);
            }
        }
    }
    let subtitle = texts
        .iter()
        .find(|t| t.contains("distinct plans"))
        .expect("subtitle");
    assert!(
        subtitle.contains(&format!(
            "{} distinct plans in {optimal} optimal runs",
            plans.len()
        )),
        "{subtitle}"
    );
    let front: usize = subtitle
        .split("; ")
        .find_map(|p| p.strip_suffix(" non-dominated"))
        .unwrap()
        .parse()
        .unwrap();
    // One label per non-dominated plan: "A: 12 runs", "B: 3 runs, baseline", ...
    let labels: Vec<&String> = texts
        .iter()
        .filter(|t| t.as_bytes().get(1) == Some(&b':') && t.contains(" runs"))
        .collect();
    assert_eq!(labels.len(), front, "{labels:?}");
    assert!(front >= 2 && front <= plans.len());
    let letters: Vec<char> = labels.iter().map(|t| t.chars().next().unwrap()).collect();
    let mut sorted = letters.clone();
    sorted.sort();
    assert_eq!(sorted, ('A'..).take(front).collect::<Vec<_>>());
    assert!(
        texts.iter().any(|t| t.contains("baseline")),
        "the baseline plan is marked"
    );
    assert!(
        texts.iter().any(|t| t.contains("against fairness")),
        "the scenario's costs do not depend on the lead: {texts:?}"
    );
}

/// The sweep charts read `runs.parquet` when the sweep wrote no `runs.jsonl`:
/// the same runs, so the same picture.
#[test]
fn a_parquet_only_sweep_draws_the_same_trade_off() {
    let spec = format!("{}/scenarios/trilateral-weights.sweep.toml", super::ROOT);
    let out = super::scratch().join("sweep-weights-parquet-only");
    if !out.join("manifest.json").exists() {
        let run = super::leadplan()
            .args(["sweep", &spec, "--runs-format", "parquet", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(run.status.code().is_some_and(|c| c <= 1), "{run:?}");
    }
    assert!(!out.join("runs.jsonl").exists() && out.join("runs.parquet").exists());
    let (_, from_jsonl) = draw_from("trade-off", &weights(), &[]);
    let (_, from_parquet) = draw_from("trade-off", &out, &[]);
    assert_eq!(from_jsonl, from_parquet);
}
