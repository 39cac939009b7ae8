//! Correlated inputs (`[[sweep.correlation]]`): bad tables located with a fix,
//! the printed fix confirmed, outputs byte-identical across thread counts and
//! shards, and the correlation recorded and stated wherever drivers and boxes
//! are read.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

use super::engine::{copy_dir, cut_after_lines};
use super::{rows, sweep, Dir, MC};

/// Korea-like and Japan-like staffing that moves with one capability each.
const GROUPS: &str = r#"
[[sweep.correlation]]
params = ["country.A.capacity", "country.A.capability.y"]
rho = 0.8
[[sweep.correlation]]
params = ["country.B.capacity", "country.C.capacity", "task.t1.cost"]
matrix = [[1, 0.5, -0.4], [0.5, 1, -0.2], [-0.4, -0.2, 1]]
"#;

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).unwrap()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

fn check(file: &Path) -> assert_cmd::assert::Assert {
    Command::cargo_bin("leadplan")
        .unwrap()
        .arg("check")
        .arg(file)
        .assert()
}

#[test]
fn bad_correlation_tables_get_every_problem_with_position_key_and_hint() {
    let d = Dir::new();
    let body = format!(
        r#"{MC}
[[sweep.correlation]]
params = ["country.A.capacty", "country.B.capacity"]
rho = 0.5
[[sweep.correlation]]
params = ["country.A.capacity", "country.B.capacity"]
rho = 1.5
[[sweep.correlation]]
params = ["country.*.capacity", "task.t1.cost"]
matrix = [[1, 0.2], [0.2, 1]]
[[sweep.correlation]]
params = ["task.t2.cost", "task.t3.cost"]
matrix = [[1, 0.3], [0.2, 1]]
[[sweep.correlation]]
params = ["task.t2.cost", "task.t4.cost"]
rhoo = 0.3
[[sweep.correlation]]
params = ["country.A.budget", "task.t4.cost"]
rho = 0.3
"#
    );
    let f = d.sweep("bad.toml", "design = \"montecarlo\"\nruns = 20", &body);
    let err = stderr(&sweep(&f, &d.path("out"), &[]).code(2));
    let line = 1 + d
        .read("bad.toml")
        .lines()
        .position(|l| l.contains("capacty"))
        .unwrap();
    assert!(err.contains(&format!("bad.toml:{line}:11")), "{err}");
    for needle in [
        "`country.A.capacty` is not a parameter of this sweep",
        "did you mean `country.A.capacity`",
        "= key: sweep.correlation[0].params[0]",
        "`rho` must be in [-1, 1], found 1.5",
        "`country.*.capacity` is a pattern, but a matrix names its parameters one by one",
        "the matrix is not symmetric: [1][2] is 0.3 but [2][1] is 0.2",
        "unknown key `rhoo`",
        "a correlation has neither `rho` nor `matrix`",
        "`country.A.budget` is a number of the scenario that this sweep does not vary",
        "add a `[[sweep.param]]` for it first",
        "7 problems found",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    assert!(!d.path("out").exists());
}

#[test]
fn contradictory_correlations_are_refused_and_the_printed_fix_works() {
    let d = Dir::new();
    let table = |a: f64, b: f64| {
        format!(
            "{MC}\n[[sweep.correlation]]\nparams = [\"country.A.capacity\", \"country.B.capacity\"]\nrho = {a}\n[[sweep.correlation]]\nparams = [\"country.B.capacity\", \"country.C.capacity\"]\nrho = {a}\n[[sweep.correlation]]\nparams = [\"country.A.capacity\", \"country.C.capacity\"]\nrho = {b}\n"
        )
    };
    let f = d.sweep("pd.toml", "runs = 20", &table(0.9, -0.9));
    let err = stderr(&check(&f).code(2));
    assert!(err.contains("not positive definite"), "{err}");
    assert!(err.contains("= key: sweep.correlation"), "{err}");
    let factor: f64 = err
        .split("multiply every rho by ")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("no factor in {err}"));
    assert!(factor > 0.0 && factor < 1.0, "{factor}");
    // The certificate: the shrunk correlations load; a little more does not.
    let ok = d.sweep("ok.toml", "runs = 20", &table(0.9 * factor, -0.9 * factor));
    check(&ok).success();
    let near = factor + 0.02;
    let bad = d.sweep("bad.toml", "runs = 20", &table(0.9 * near, -0.9 * near));
    check(&bad).code(2);
    // A pair set twice with different values.
    let twice = format!("{MC}\n[[sweep.correlation]]\nparams = [\"country.A.capacity\", \"country.B.capacity\"]\nrho = 0.3\n[[sweep.correlation]]\nparams = [\"country.*.capacity\"]\nrho = 0.4\n");
    let f = d.sweep("twice.toml", "runs = 20", &twice);
    let err = stderr(&check(&f).code(2));
    assert!(err.contains("`country.A.capacity` and `country.B.capacity` already have rho 0.3 from sweep.correlation[0], here 0.4"), "{err}");
}

#[test]
fn designs_without_a_random_sample_refuse_correlation_and_say_why() {
    let d = Dir::new();
    let group = "[[sweep.correlation]]\nparams = [\"task.t1.cost\", \"task.t2.cost\"]\nrho = 0.5\n";
    let grid = format!("[[sweep.param]]\npath = \"task.t1.cost\"\nvalues = [1, 2]\n[[sweep.param]]\npath = \"task.t2.cost\"\nvalues = [1, 2]\n{group}");
    for (design, head, body, why) in [
        (
            "grid",
            "design = \"grid\"",
            grid.as_str(),
            "a grid has no random sample",
        ),
        (
            "saltelli",
            "design = \"saltelli\"\nruns = 8",
            MC,
            "Sobol indices assume independent inputs",
        ),
        (
            "morris",
            "design = \"morris\"\nruns = 4",
            MC,
            "elementary effects move one parameter at a time",
        ),
    ] {
        let body = if design == "grid" {
            body.to_string()
        } else {
            format!("{body}{group}")
        };
        let f = d.sweep(&format!("{design}.toml"), head, &body);
        let err = stderr(&check(&f).code(2));
        assert!(
            err.contains(&format!("a {design} design takes no correlation: {why}")),
            "{err}"
        );
        assert!(
            err.contains("use design = \"montecarlo\" or \"lhs\""),
            "{err}"
        );
    }
}

const SAME: [&str; 4] = ["runs.csv", "runs.jsonl", "summary.json", "summary.md"];

fn same_files(a: &Path, b: &Path) {
    for name in SAME {
        let x = std::fs::read(a.join(name)).unwrap();
        let y = std::fs::read(b.join(name)).unwrap();
        assert!(x == y, "{name} differs between {a:?} and {b:?}");
    }
}

#[test]
fn a_correlated_sweep_is_the_same_on_any_thread_count_in_shards_and_resumed() {
    let d = Dir::new();
    let f = d.sweep(
        "c.toml",
        "design = \"lhs\"\nruns = 40\nseed = 3",
        &format!("{MC}{GROUPS}"),
    );
    let one = d.path("one");
    sweep(&f, &one, &["--threads", "1"]).code(predicates::ord::le(1));
    let mut two = Command::cargo_bin("leadplan").unwrap();
    two.env("RAYON_NUM_THREADS", "2")
        .args(["sweep", f.to_str().unwrap(), "--out"])
        .arg(d.path("two"))
        .args(["--threads", "2", "--chunk", "3"])
        .assert()
        .code(predicates::ord::le(1));
    same_files(&one, &d.path("two"));
    // Interrupted mid-chunk and resumed: the reordering is computed again, the same.
    let cut = d.path("cut");
    copy_dir(&one, &cut);
    cut_after_lines(&cut.join("runs.jsonl"), 13, 25);
    cut_after_lines(&cut.join("runs.csv"), 21, 0);
    std::fs::remove_file(cut.join("summary.json")).unwrap();
    sweep(&f, &cut, &["--resume", "--threads", "2"]).code(predicates::ord::le(1));
    same_files(&one, &cut);
    let shards: Vec<PathBuf> = (1..=3)
        .map(|i| {
            let out = d.path(&format!("shard-{i}"));
            sweep(&f, &out, &["--shard", &format!("{i}/3"), "--threads", "2"])
                .code(predicates::ord::le(1));
            out
        })
        .collect();
    Command::cargo_bin("leadplan")
        .unwrap()
        .arg("merge")
        .args(&shards)
        .arg("--out")
        .arg(d.path("merged"))
        .assert()
        .code(predicates::ord::le(1));
    same_files(&one, &d.path("merged"));
    let manifest = |dir: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap()
    };
    for dir in [&shards[0], &shards[2], &d.path("merged")] {
        assert_eq!(manifest(dir)["correlation"], manifest(&one)["correlation"]);
    }
}

/// Spearman's rho of two columns without ties, from the formula.
fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let rank = |v: &[f64]| {
        let mut o: Vec<usize> = (0..v.len()).collect();
        o.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
        let mut r = vec![0.0; v.len()];
        for (k, &i) in o.iter().enumerate() {
            r[i] = k as f64;
        }
        r
    };
    let (rx, ry) = (rank(x), rank(y));
    let n = x.len() as f64;
    let d2: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - b) * (a - b)).sum();
    1.0 - 6.0 * d2 / (n * (n * n - 1.0))
}

#[test]
fn the_outputs_record_the_correlation_and_its_readers_state_it() {
    let d = Dir::new();
    let f = d.sweep("c.toml", "runs = 300\nseed = 8", &format!("{MC}{GROUPS}"));
    let out = d.path("out");
    let text = stdout(&sweep(&f, &out, &[]).code(predicates::ord::le(1)));
    let summary: serde_json::Value = serde_json::from_str(&d.read("out/summary.json")).unwrap();
    let c = &summary["correlation"];
    let names: Vec<&str> = c["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "country.A.capability.y",
            "country.A.capacity",
            "country.B.capacity",
            "country.C.capacity",
            "task.t1.cost"
        ]
    );
    assert_eq!(c["requested"][0][1], 0.8);
    assert_eq!(c["requested"][2][4], -0.4);
    assert_eq!(c["requested"][0][2], 0.0);
    // The achieved matrix is what runs.csv holds (values continuous here: no ties).
    let runs = rows(&d.read("out/runs.csv"));
    let col = |name: &str| -> Vec<f64> { runs.iter().map(|r| super::num(r, name)).collect() };
    for (i, j) in [(0, 1), (2, 3), (2, 4), (3, 4), (1, 4)] {
        let rho = spearman(&col(names[i]), &col(names[j]));
        let achieved = c["achieved"][i][j].as_f64().unwrap();
        assert!(
            (rho - achieved).abs() < 1e-5,
            "{i},{j}: {rho} vs {achieved}"
        );
        let asked = c["requested"][i][j].as_f64().unwrap();
        assert!((rho - asked).abs() < 0.12, "{i},{j}: {rho} asked {asked}");
    }
    let manifest: serde_json::Value = serde_json::from_str(&d.read("out/manifest.json")).unwrap();
    assert_eq!(manifest["correlation"], *c);
    assert!(
        text.contains("Correlated inputs: 5 parameters sampled with rank correlations"),
        "{text}"
    );
    assert!(
        text.contains("5 parameters were sampled with rank correlations between them"),
        "{text}"
    );
    let disc = Command::cargo_bin("leadplan")
        .unwrap()
        .args(["discover", out.to_str().unwrap(), "--target", "survival"])
        .assert()
        .success();
    assert!(
        stdout(&disc).contains("inputs: 5 of the "),
        "{}",
        stdout(&disc)
    );
    let report = d.path("report.md");
    Command::cargo_bin("leadplan")
        .unwrap()
        .args([
            "report",
            d.path("small.toml").to_str().unwrap(),
            "--sweep",
            out.to_str().unwrap(),
            "--out",
        ])
        .arg(&report)
        .assert()
        .success();
    let report = std::fs::read_to_string(report).unwrap();
    assert!(
        report.contains("Correlated inputs: 5 parameters"),
        "{report}"
    );
    assert!(
        report.contains("can pass the test without driving anything itself"),
        "{report}"
    );
    // An independent sweep says none of it.
    let plain = d.sweep("p.toml", "runs = 30\nseed = 8", MC);
    let text = stdout(&sweep(&plain, &d.path("plain"), &[]).code(predicates::ord::le(1)));
    assert!(
        !text.contains("rank correlations between them") && !text.contains("Correlated inputs")
    );
    assert!(!d.read("plain/summary.json").contains("\"correlation\""));
}
