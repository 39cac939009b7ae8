//! The Pareto front on the page: computed for the open scenario, as edited,
//! or read from a front `leadplan pareto --format json` saved in the folder;
//! either way the report, and so each point's plan, is the command's.

use std::process::Command;

use serde_json::{json, Value};

use super::folder::folder;
use super::{cli_json, serve, trilateral};

/// `leadplan pareto FILE --objectives OBJS [--points N] --format json`.
fn pareto_cli(file: &str, objectives: &str, points: Option<&str>) -> Value {
    let mut args = vec!["pareto", file, "--objectives", objectives];
    if let Some(n) = points {
        args.extend(["--points", n]);
    }
    args.extend(["--format", "json"]);
    cli_json(&args)
}

#[test]
fn the_pages_front_is_what_pareto_prints_point_by_point() {
    let file = trilateral();
    let path = file.to_str().unwrap();
    let srv = serve(&file);
    // The complete front, a grid, and three terms (complete fronts of
    // fairness take seconds in test builds: the grid stands for them).
    for (objectives, points) in [
        ("fit,cost", None),
        ("fit,fairness", Some("6")),
        ("fit,cost,fairness", Some("4")),
    ] {
        let q = match points {
            Some(n) => format!("/api/pareto?objectives={objectives}&points={n}"),
            None => format!("/api/pareto?objectives={objectives}"),
        };
        let got = srv.post(&q, &json!({}));
        let want = pareto_cli(path, objectives, points);
        assert!(
            !want["points"].as_array().unwrap().is_empty(),
            "{objectives}: {want}"
        );
        assert_eq!(got["report"], want, "{objectives}");
        assert_eq!(got["names"]["KR"], "South Korea");
    }
    // As edited: the front of the downloaded edited scenario.
    let edits =
        json!({ "numbers": [["policy.weights.fairness", 0.05], ["country.KR.capacity", 30.0]] });
    let got = srv.post("/api/pareto?objectives=fit,fairness&points=5", &edits);
    let (code, toml) = srv.call("POST", "/api/toml", &edits.to_string());
    assert_eq!(code, 200);
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("edited.toml");
    std::fs::write(&f, toml).unwrap();
    let want = pareto_cli(f.to_str().unwrap(), "fit,fairness", Some("5"));
    assert_eq!(got["report"]["points"], want["points"]);
    // Bad requests are refused with the reason.
    for (q, why) in [
        ("/api/pareto?objectives=fit,speed", "speed"),
        ("/api/pareto?objectives=fit", "two or three"),
        ("/api/pareto?objectives=fit,cost&points=1", "points"),
    ] {
        let (code, body) = srv.call("POST", q, "{}");
        let text = String::from_utf8_lossy(&body);
        assert_eq!(code, 400, "{q}: {text}");
        assert!(text.contains(why), "{q}: {text}");
    }
    let bad = srv.post(
        "/api/pareto?objectives=fit,cost",
        &json!({ "numbers": [["country.JP.capacity", -1.0]] }),
    );
    assert_eq!(bad["status"], "invalid", "{bad}");
}

#[test]
fn a_saved_front_in_the_folder_opens_as_pareto_wrote_it() {
    let dir = folder();
    let root = dir.path().join("root");
    let out = Command::new(env!("CARGO_BIN_EXE_leadplan"))
        .args([
            "pareto",
            "a.toml",
            "--objectives",
            "fit,fairness",
            "--points",
            "5",
        ])
        .args(["--format", "json", "--out", "front.json"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    std::fs::write(root.join("other.json"), "{\"points\": 3}").unwrap();
    let srv = serve(&root);
    let list = srv.get_json("/api/folder");
    let kind = |f: &str| {
        list["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["path"] == f)
            .map(|e| e["kind"].clone())
    };
    assert_eq!(kind("front.json"), Some(json!("pareto_front")));
    assert_eq!(kind("other.json"), Some(json!("other")));
    let got = srv.get_json("/api/pareto?file=front.json");
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("front.json")).unwrap()).unwrap();
    assert_eq!(got["report"], saved);
    let (code, text) = srv.get("/api/pareto?file=other.json");
    assert_eq!(code, 400, "{text}");
    assert!(text.contains("leadplan pareto"), "{text}");
    let (code, _) = srv.get("/api/pareto?file=../outside/secret.txt");
    assert_eq!(code, 403);
}
