//! The engine: determinism across threads and chunks, failing runs, resume.

use std::path::Path;

use super::{rows, sweep, Dir, MC};

const DETERMINISTIC: [&str; 4] = ["runs.csv", "runs.jsonl", "summary.json", "summary.md"];

#[test]
fn outputs_are_byte_identical_for_any_thread_count_and_chunk_size() {
    let d = Dir::new();
    let f = d.sweep(
        "mc.toml",
        "design = \"montecarlo\"\nruns = 60\nseed = 21",
        MC,
    );
    for (dir, threads, chunk) in [("t1", "1", "7"), ("t2", "2", "0"), ("t4", "4", "13")] {
        sweep(&f, &d.path(dir), &["--threads", threads, "--chunk", chunk])
            .code(predicates::ord::le(1));
    }
    for name in DETERMINISTIC {
        let one = d.read(&format!("t1/{name}"));
        assert_eq!(one, d.read(&format!("t2/{name}")), "{name}: 1 vs 2 threads");
        assert_eq!(one, d.read(&format!("t4/{name}")), "{name}: 1 vs 4 threads");
    }
    let manifest: serde_json::Value = serde_json::from_str(&d.read("t4/manifest.json")).unwrap();
    assert_eq!(manifest["threads"], 4);
    assert_eq!(manifest["runs"], 60);
    assert!(manifest["scenario_hash"]
        .as_str()
        .unwrap()
        .starts_with("sha256:"));
    assert_eq!(d.read("t4/timings.csv").lines().count(), 61);
}

#[test]
fn failing_runs_are_recorded_and_the_sweep_goes_on() {
    let d = Dir::new();
    // B with capacity 0 cannot lead anything but must lead one task: infeasible.
    // Two co-leads each carrying at least 80 percent of a cost: invalid.
    let body = "[[sweep.param]]\npath = \"country.B.capacity\"\nvalues = [3, 0]\n[[sweep.param]]\npath = \"policy.min_lead_share\"\nvalues = [0.1, 0.8]\n";
    let f = d.sweep("g.toml", "design = \"grid\"", body);
    sweep(&f, &d.path("out"), &[])
        .code(1)
        .stderr(predicates::str::contains("3 of 4 runs failed"));
    let rows = rows(&d.read("out/runs.csv"));
    let status: Vec<&str> = rows.iter().map(|r| r["status"].as_str()).collect();
    assert_eq!(status, ["optimal", "invalid", "infeasible", "invalid"]);
    assert!(
        rows[1]["message"].contains("min_lead_share 0.8"),
        "{}",
        rows[1]["message"]
    );
    assert!(rows[2]["objective"].is_empty() && rows[2]["lead.t1"].is_empty());
    let summary: serde_json::Value = serde_json::from_str(&d.read("out/summary.json")).unwrap();
    assert_eq!(summary["failed"], 3);
    assert_eq!(summary["status"]["infeasible"], 1);
    assert_eq!(summary["status"]["invalid"], 2);
    assert_eq!(summary["plan_survival"], 1.0);
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

pub(crate) fn cut_after_lines(path: &Path, lines: usize, extra_bytes: usize) {
    let text = std::fs::read(path).unwrap();
    let mut end = 0;
    for _ in 0..lines {
        end += text[end..].iter().position(|&b| b == b'\n').unwrap() + 1;
    }
    std::fs::write(path, &text[..end + extra_bytes]).unwrap();
}

#[test]
fn resume_after_an_interruption_gives_the_uninterrupted_outputs() {
    let d = Dir::new();
    let f = d.sweep(
        "mc.toml",
        "design = \"montecarlo\"\nruns = 40\nseed = 4",
        MC,
    );
    let full = d.path("full");
    sweep(&f, &full, &["--threads", "2", "--chunk", "8"]).code(predicates::ord::le(1));
    // An interruption mid-chunk: the JSON lines stop inside run 13, the CSV after run 20.
    let cut = d.path("cut");
    copy_dir(&full, &cut);
    cut_after_lines(&cut.join("runs.jsonl"), 13, 25);
    cut_after_lines(&cut.join("runs.csv"), 21, 0);
    std::fs::remove_file(cut.join("summary.json")).unwrap();
    sweep(&f, &cut, &[])
        .code(2)
        .stderr(predicates::str::contains("pass --resume"));
    sweep(&f, &cut, &["--resume", "--threads", "1"]).code(predicates::ord::le(1));
    for name in DETERMINISTIC {
        assert_eq!(
            d.read(&format!("full/{name}")),
            d.read(&format!("cut/{name}")),
            "{name}"
        );
    }
    let manifest: serde_json::Value = serde_json::from_str(&d.read("cut/manifest.json")).unwrap();
    assert_eq!(manifest["started_at_run"], 13);
    // Another seed is another sweep: refuse to mix them.
    sweep(&f, &cut, &["--resume", "--seed", "5"])
        .code(2)
        .stderr(predicates::str::contains("holds another sweep"));
}
