//! Run files edited by hand after the sweep wrote them: every reader refuses
//! them, naming the file and the chunk (or line), because the manifest records
//! a digest of each chunk of each run file. The same edits as
//! `scripts/tamper-runs`, on smaller sweeps.

use serde_json::Value;

use super::*;

const FORMATS: [&str; 6] = [
    "--runs-format",
    "csv",
    "--runs-format",
    "jsonl",
    "--runs-format",
    "parquet",
];

struct Setup {
    dir: tempfile::TempDir,
    sweep: PathBuf,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "s.toml", BASE);
        let sweep = write(
            dir.path(),
            "x.sweep.toml",
            "[sweep]\nscenario = \"s.toml\"\nruns = 240\nseed = 7\n[[sweep.param]]\npath = \"country.*.capacity\"\nrelative = 0.3\n",
        );
        Setup { dir, sweep }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn cmd(&self, args: &[&str]) -> std::process::Output {
        leadplan()
            .current_dir(self.dir.path())
            .args(args)
            .output()
            .unwrap()
    }

    fn sweep(&self, out: &str, extra: &[&str]) -> std::process::Output {
        let f = self.sweep.to_str().unwrap();
        let mut args = vec!["sweep", f, "--out", out, "--chunk", "32"];
        args.extend(FORMATS);
        args.extend(extra);
        self.cmd(&args)
    }

    /// A copy of folder `from` named `to`, edited by `edit`.
    fn copy(&self, from: &str, to: &str, edit: impl Fn(&Path)) -> PathBuf {
        let to = self.path(to);
        std::fs::create_dir_all(&to).unwrap();
        for e in std::fs::read_dir(self.path(from)).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
        edit(&to);
        to
    }

    /// Exit code and stderr of each reader of the whole-sweep folder `dir`.
    fn readers(&self, dir: &Path) -> Vec<(&'static str, Option<i32>, String)> {
        let d = dir.to_str().unwrap();
        let x = self.path("x.xlsx");
        let r = self.path("r.md");
        let cases: [(&str, Vec<&str>); 3] = [
            (
                "discover",
                vec![
                    "discover",
                    d,
                    "--scenario",
                    "s.toml",
                    "--target",
                    "survival",
                ],
            ),
            (
                "export",
                vec![
                    "export",
                    d,
                    "--scenario",
                    "s.toml",
                    "--out",
                    x.to_str().unwrap(),
                ],
            ),
            (
                "report",
                vec![
                    "report",
                    "s.toml",
                    "--sweep",
                    d,
                    "--out",
                    r.to_str().unwrap(),
                ],
            ),
        ];
        cases
            .into_iter()
            .map(|(name, args)| {
                let o = self.cmd(&args);
                (name, o.status.code(), stderr(&o))
            })
            .collect()
    }
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The first optimal run (its index in the file), its objective + 1 and its regret then.
fn pick(dir: &Path) -> (usize, f64, f64) {
    for (i, l) in lines(&dir.join("runs.jsonl")).iter().enumerate() {
        let v: Value = serde_json::from_str(l).unwrap();
        if v["status"] == "optimal" && v["regret"].is_f64() {
            let o = v["objective"].as_f64().unwrap() + 1.0;
            return (i, o, o - v["baseline_objective"].as_f64().unwrap());
        }
    }
    panic!("no optimal run");
}

/// Sets run `i`'s objective (and regret) in runs.jsonl, exactly as the sweep would write them.
fn edit_jsonl(dir: &Path, i: usize, objective: f64, regret: Option<f64>) {
    let p = dir.join("runs.jsonl");
    let mut ls = lines(&p);
    let mut v: Value = serde_json::from_str(&ls[i]).unwrap();
    v["objective"] = objective.into();
    if let Some(r) = regret {
        v["regret"] = r.into();
    }
    ls[i] = format!("{v}\n");
    std::fs::write(&p, ls.concat()).unwrap();
}

/// Sets cells of run `i`'s row in runs.csv (2: objective, 5: regret, 1: status).
fn edit_csv(dir: &Path, i: usize, cells: &[(usize, String)]) {
    let p = dir.join("runs.csv");
    let mut ls = lines(&p);
    let mut row: Vec<String> = ls[i + 1].trim_end().split(',').map(String::from).collect();
    for (k, v) in cells {
        row[*k] = v.clone();
    }
    ls[i + 1] = row.join(",") + "\n";
    std::fs::write(&p, ls.concat()).unwrap();
}

/// A number as runs.csv writes it.
fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:?}")
    }
}

fn cut(path: &Path) {
    let b = std::fs::read(path).unwrap();
    std::fs::write(path, &b[..b.len() - 15]).unwrap();
}

fn strip_digests(dir: &Path) {
    let p = dir.join("manifest.json");
    let mut m: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    m.as_object_mut().unwrap().remove("run_files");
    std::fs::write(&p, serde_json::to_string_pretty(&m).unwrap()).unwrap();
}

fn raise_count(dir: &Path) {
    let p = dir.join("manifest.json");
    let mut m: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    m["completed_runs"] = (m["completed_runs"].as_u64().unwrap() + 100).into();
    std::fs::write(&p, serde_json::to_string_pretty(&m).unwrap()).unwrap();
}

fn consistent(dir: &Path, i: usize, o: f64, r: f64) {
    edit_jsonl(dir, i, o, Some(r));
    edit_csv(dir, i, &[(2, num(o)), (5, num(r))]);
}

fn assert_refused(what: &str, results: &[(&str, Option<i32>, String)], says: &[&str]) {
    for (reader, code, err) in results {
        assert_eq!(*code, Some(2), "{what}: {reader} accepted it: {err}");
        assert!(!err.contains("panicked"), "{what}: {reader}: {err}");
        for s in says {
            assert!(err.contains(s), "{what}: {reader}: wanted `{s}` in: {err}");
        }
    }
}

fn resume(s: &Setup, dir: &Path, extra: &[&str]) -> std::process::Output {
    s.sweep(dir.to_str().unwrap(), &[&["--resume"][..], extra].concat())
}

/// An edit: its name, what it does to a folder, what the refusal says.
type Edit<'a> = (&'a str, &'a dyn Fn(&Path), &'a str);

const DIGEST: &str = "do not match the digest the sweep recorded in manifest.json";

/// Regression: run files edited by hand passed every reader: the same
/// objective changed in runs.jsonl and runs.csv, an objective with its
/// regret, statuses flipped in runs.csv (read by discover alone), a rewritten
/// runs.parquet, a manifest counting more runs, a file cut mid-line.
#[test]
fn every_reader_refuses_run_files_edited_by_hand() {
    let s = Setup::new();
    assert_eq!(s.sweep("whole", &[]).status.code(), Some(0));
    let whole = s.path("whole");
    let (i, o, r) = pick(&whole);

    // Objective and regret, in runs.jsonl and runs.csv: each line re-encodes to itself.
    let edited = s.copy("whole", "both", |d| consistent(d, i, o, r));
    let err = stderr(&resume(&s, &edited, &[]));
    assert!(
        err.contains("cannot resume") && err.contains(DIGEST),
        "{err}"
    );
    let edited = s.copy("whole", "both2", |d| consistent(d, i, o, r));
    assert_refused("objective and regret", &s.readers(&edited), &[DIGEST]);

    // One file alone: discover reads runs.csv, yet the edited JSON lines are refused.
    let edited = s.copy("whole", "jsonl", |d| edit_jsonl(d, i, o, None));
    assert_refused(
        "runs.jsonl",
        &s.readers(&edited),
        &["runs.jsonl: bytes 0-", "(runs 0-99, lines 1-100)", DIGEST],
    );
    let edited = s.copy("whole", "statuses", |d| {
        for k in 0..40 {
            edit_csv(d, k, &[(1, "infeasible".into())]);
        }
    });
    assert_refused("statuses in runs.csv", &s.readers(&edited), &["runs.csv"]);

    // runs.parquet with one objective changed, written by leadplan itself
    // from edited lines in a folder without digests (which reads, with a note).
    let launder = s.copy("whole", "launder", |d| {
        consistent(d, i, o, r);
        strip_digests(d);
    });
    let out = resume(&s, &launder, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot be verified"),
        "{}",
        stderr(&out)
    );
    let parquet = std::fs::read(launder.join("runs.parquet")).unwrap();
    assert_ne!(parquet, std::fs::read(whole.join("runs.parquet")).unwrap());
    let edited = s.copy("whole", "parquet", |d| {
        std::fs::write(d.join("runs.parquet"), &parquet).unwrap();
    });
    assert_refused(
        "runs.parquet",
        &s.readers(&edited),
        &["runs.parquet: bytes 0-", DIGEST],
    );
    let err = stderr(&resume(&s, &edited, &[]));
    assert!(
        err.contains("runs.parquet") && err.contains(DIGEST),
        "{err}"
    );

    // A manifest counting 100 more runs.
    let edited = s.copy("whole", "count", raise_count);
    assert_refused(
        "raised count",
        &s.readers(&edited),
        &["340 runs are recorded"],
    );
    let err = stderr(&resume(&s, &edited, &[]));
    assert!(err.contains("340 runs are recorded"), "{err}");

    // Cut mid-line: every reader names the line; --resume repairs it.
    let edited = s.copy("whole", "cut", |d| cut(&d.join("runs.jsonl")));
    let results = s.readers(&edited);
    assert_refused("cut", &results, &["runs.jsonl"]);
    assert!(results[0].2.contains("inside line 240"), "{}", results[0].2);
    // The resume command a reader prints names the sweep file of the manifest.
    let hinted: Vec<_> = results
        .iter()
        .filter(|r| r.2.contains("finish it with `leadplan sweep"))
        .collect();
    assert!(!hinted.is_empty(), "{results:?}");
    let command = format!("leadplan sweep {} --out", s.sweep.display());
    for (reader, _, err) in hinted {
        assert!(err.contains(&command), "{reader}: {err}");
    }
    assert_eq!(resume(&s, &edited, &[]).status.code(), Some(0));
    for f in ["runs.jsonl", "runs.csv", "runs.parquet", "summary.json"] {
        assert!(
            std::fs::read(edited.join(f)).unwrap() == std::fs::read(whole.join(f)).unwrap(),
            "{f}"
        );
    }

    // A folder of an older version reads, with a note.
    let old = s.copy("whole", "old", strip_digests);
    for (reader, code, err) in s.readers(&old) {
        assert_eq!(code, Some(0), "{reader}: {err}");
        assert!(err.contains("cannot be verified"), "{reader}: {err}");
    }
}

/// Regression: merge checked less than `--resume` (an objective edited with
/// its regret, or in both text files, was merged into the summary) and
/// ignored `--max-input-mb`.
#[test]
fn merge_refuses_edited_shards_and_honours_the_input_limit() {
    let s = Setup::new();
    for k in 1..=2 {
        let out = format!("shard{k}");
        assert_eq!(
            s.sweep(&out, &["--shard", &format!("{k}/2")]).status.code(),
            Some(0)
        );
    }
    let one = s.path("shard1");
    let merge = |second: &Path, out: &str, extra: &[&str]| {
        let o = leadplan()
            .current_dir(s.dir.path())
            .args(extra)
            .arg("merge")
            .arg(&one)
            .arg(second)
            .arg("--out")
            .arg(s.path(out))
            .output()
            .unwrap();
        assert!(!s.path(out).join("manifest.json").exists() || o.status.code() == Some(0));
        (o.status.code(), stderr(&o))
    };
    let (i, o, r) = pick(&s.path("shard2"));
    let cases: [Edit; 4] = [
        ("both", &|d: &Path| consistent(d, i, o, r), DIGEST),
        (
            "objective",
            &|d: &Path| {
                edit_jsonl(d, i, o, None);
                edit_csv(d, i, &[(2, num(o))]);
            },
            "runs.jsonl",
        ),
        ("count", &raise_count, "220 runs are recorded"),
        ("cut", &|d: &Path| cut(&d.join("runs.csv")), "runs.csv"),
    ];
    for (name, edit, says) in cases {
        let edited = s.copy("shard2", name, edit);
        let (code, err) = merge(&edited, &format!("m-{name}"), &[]);
        assert!(matches!(code, Some(1 | 2)), "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
    }
    let old = s.copy("shard2", "old", strip_digests);
    let (code, err) = merge(&old, "m-old", &[]);
    assert!(matches!(code, Some(0 | 1)), "{err}");
    assert!(err.contains("cannot be verified"), "{err}");
    let big = s.copy("shard2", "big", |d| {
        let p = d.join("runs.jsonl");
        let mut text = std::fs::read(&p).unwrap();
        text.resize(text.len() + (1 << 20), b'\n');
        std::fs::write(&p, text).unwrap();
    });
    let (code, err) = merge(&big, "m-big", &["--max-input-mb", "1"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("above the 1 MB limit") && err.contains("--max-input-mb"),
        "{err}"
    );
}
