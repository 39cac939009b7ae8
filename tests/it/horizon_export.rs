//! `leadplan horizon --write-scenarios DIR`: the tree a peer needs to build
//! the same extensive form (DIR/tree.json), checked against the horizon file's
//! own calendar and terms, and the scenario files it names.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// The tiny fixture's tree, written into a temporary directory.
fn tiny_tree(dir: &Path, extra: &[&str]) -> Value {
    let out_dir = dir.join("nodes");
    let mut args = vec![
        "horizon",
        "tests/fixtures/horizon/tiny.horizon.toml",
        "--no-values",
        "--write-scenarios",
        out_dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = Command::cargo_bin("leadplan")
        .unwrap()
        .args(&args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = std::fs::read_to_string(out_dir.join("tree.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_tree_file_follows_the_calendar_and_the_horizon_terms() {
    let dir = tempfile::tempdir().unwrap();
    let tree = tiny_tree(dir.path(), &[]);
    assert_eq!(tree["goal"], "expected");
    assert_eq!(tree["countries"], serde_json::json!(["JP", "KR"]));
    assert_eq!(tree["min_tenure"], 1);
    assert_eq!(tree["max_handovers"], Value::Null);
    // per task as the fixture writes it: a handover cost of 0.1 for all, a
    // price for two of them
    let tasks = tree["tasks"].as_array().unwrap();
    let terms: Vec<(&str, f64, Option<f64>)> = (tasks.iter())
        .map(|t| {
            (
                t["id"].as_str().unwrap(),
                t["handover_cost"].as_f64().unwrap(),
                t["institutionalise_cost"].as_f64(),
            )
        })
        .collect();
    assert_eq!(
        terms,
        vec![
            ("code-drafting", 0.1, Some(1.0)),
            ("judicial-training", 0.1, Some(0.05)),
            ("court-exchange", 0.1, None),
        ]
    );
    // KR's April 2028 election counts from 2030-31: one chain, then a branch
    // with the transition's chances from continuity (0.7 and 0.3)
    let nodes = tree["nodes"].as_array().unwrap();
    let parents: Vec<Option<u64>> = nodes.iter().map(|n| n["parent"].as_u64()).collect();
    assert_eq!(parents, vec![None, Some(0), Some(1), Some(1)]);
    let periods: Vec<u64> = nodes
        .iter()
        .map(|n| n["period"].as_u64().unwrap())
        .collect();
    assert_eq!(periods, vec![0, 1, 2, 2]);
    let probs: Vec<f64> = (nodes.iter())
        .map(|n| n["probability"].as_f64().unwrap())
        .collect();
    for (p, want) in probs.iter().zip([1.0, 1.0, 0.7, 0.3]) {
        assert!((p - want).abs() < 1e-12, "{probs:?}");
    }
    // each period two years, undiscounted
    for n in nodes {
        assert_eq!(n["weight"].as_f64(), Some(2.0), "{n}");
    }
    assert_eq!(nodes[3]["history"], "KR:steps-back@2030-31");
}

#[test]
fn the_exempt_scenario_lifts_only_the_bans_on_tasks_that_may_be_institutionalised() {
    let dir = tempfile::tempdir().unwrap();
    let tree = tiny_tree(dir.path(), &["--goal", "worst"]);
    assert_eq!(tree["goal"], "worst");
    let nodes = tree["nodes"].as_array().unwrap();
    // no ban to lift before the branch: the same file
    for n in &nodes[..3] {
        assert_eq!(n["scenario"], n["exempt_scenario"], "{n}");
    }
    let read = |key: &str| {
        let name = nodes[3][key].as_str().unwrap();
        let path = dir.path().join("nodes").join(name);
        (path.clone(), std::fs::read_to_string(path).unwrap())
    };
    let ((_, strict), (exempt_path, exempt)) = (read("scenario"), read("exempt_scenario"));
    let pin = |task: &str| format!("country = \"KR\"\ntask = \"{task}\"\nlead = false");
    // KR steps back from both tasks; judicial training may be institutionalised,
    // so only its ban is lifted
    assert!(strict.contains(&pin("judicial-training")), "{strict}");
    assert!(strict.contains(&pin("court-exchange")), "{strict}");
    assert!(!exempt.contains(&pin("judicial-training")), "{exempt}");
    assert!(exempt.contains(&pin("court-exchange")), "{exempt}");
    // and it is a scenario like any other
    let solve = Command::cargo_bin("leadplan")
        .unwrap()
        .args(["solve", exempt_path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(solve.status.code(), Some(0), "{solve:?}");
}
