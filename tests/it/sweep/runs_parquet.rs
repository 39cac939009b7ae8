//! `--runs-format parquet`: runs.parquet holds exactly the runs of runs.csv
//! (read here with the parquet crate's record reader, not leadplan's code),
//! is byte-identical for any thread count, resumes to the uninterrupted bytes
//! and merges from shards to the single-machine bytes.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Instant;

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

use super::{rows, sweep, Dir, MC};

const GRID_WITH_FAILURES: &str = "[[sweep.param]]\npath = \"country.B.capacity\"\nvalues = [3, 0]\n[[sweep.param]]\npath = \"policy.min_lead_share\"\nvalues = [0.1, 0.8]\n";

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A CSV cell as the Parquet cell it must equal: empty is null, numbers are
/// the same double, `true`/`false` booleans, run ids integers.
fn same_cell(csv: &str, pq: &Field) -> bool {
    match pq {
        Field::Null => csv.is_empty(),
        Field::Long(i) => csv == i.to_string(),
        Field::Double(x) => csv.parse::<f64>().is_ok_and(|c| c.to_bits() == x.to_bits()),
        Field::Bool(b) => csv == b.to_string(),
        Field::Str(s) => csv == s,
        _ => false,
    }
}

/// Asserts `dir/runs.parquet` holds the rows of `dir/runs.csv`, column by
/// column, by the parquet crate's row reader, plus the `blame` of each failed
/// run (a field of `runs.jsonl` that the CSV does not carry), read from the
/// `runs.jsonl` of the same sweep in `jsonl_dir`.
fn assert_parquet_holds_the_csv_runs(dir: &Path, jsonl_dir: &Path) {
    let mut csv = rows(&std::fs::read_to_string(dir.join("runs.csv")).unwrap());
    let jsonl = std::fs::read_to_string(jsonl_dir.join("runs.jsonl")).unwrap();
    for (row, line) in csv.iter_mut().zip(jsonl.lines()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        row.insert(
            "blame".into(),
            v["blame"].as_str().unwrap_or("").to_string(),
        );
    }
    let mut header: Vec<String> = csv::Reader::from_path(dir.join("runs.csv"))
        .unwrap()
        .headers()
        .unwrap()
        .iter()
        .map(String::from)
        .collect();
    header.push("blame".into());
    let reader = SerializedFileReader::new(File::open(dir.join("runs.parquet")).unwrap()).unwrap();
    let pq: Vec<parquet::record::Row> = reader
        .get_row_iter(None)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(pq.len(), csv.len(), "run count");
    for (k, (c, p)) in csv.iter().zip(&pq).enumerate() {
        let names: Vec<&String> = p.get_column_iter().map(|(n, _)| n).collect();
        assert_eq!(names, header.iter().collect::<Vec<_>>(), "columns");
        for (name, field) in p.get_column_iter() {
            assert!(
                same_cell(&c[name], field),
                "run {k}, {name}: csv {:?}, parquet {field:?}",
                c[name]
            );
        }
    }
}

#[test]
fn parquet_runs_are_exactly_the_csv_runs_by_an_independent_reader() {
    let d = Dir::new();
    let mc = d.sweep(
        "mc.toml",
        "design = \"montecarlo\"\nruns = 50\nseed = 3",
        MC,
    );
    let grid = d.sweep("g.toml", "design = \"grid\"", GRID_WITH_FAILURES);
    for (f, name) in [(mc, "mc"), (grid, "grid")] {
        let both = d.path(&format!("{name}-both"));
        let plain = d.path(&format!("{name}-default"));
        sweep(
            &f,
            &both,
            &["--runs-format", "parquet", "--runs-format", "csv"],
        )
        .code(predicates::ord::le(1));
        sweep(&f, &plain, &[]).code(predicates::ord::le(1));
        assert!(!both.join("runs.jsonl").exists(), "jsonl was not asked for");
        assert!(
            !plain.join("runs.parquet").exists(),
            "the default is csv and jsonl"
        );
        assert!(!both.join("runs.parquet.partial").exists());
        // The same runs, whatever else is written.
        for file in ["runs.csv", "summary.json", "summary.md"] {
            assert!(
                read(&both.join(file)) == read(&plain.join(file)),
                "{name}: {file}"
            );
        }
        assert_parquet_holds_the_csv_runs(&both, &plain);
    }
    let statuses: Vec<String> = rows(&d.read("grid-both/runs.csv"))
        .iter()
        .map(|r| r["status"].clone())
        .collect();
    assert_eq!(statuses, ["optimal", "invalid", "infeasible", "invalid"]);
}

#[test]
fn parquet_bytes_are_identical_for_any_thread_count() {
    let d = Dir::new();
    let f = d.sweep(
        "mc.toml",
        "design = \"montecarlo\"\nruns = 60\nseed = 21",
        MC,
    );
    for (dir, threads, chunk) in [("t1", "1", "7"), ("t2", "2", "0")] {
        let args = [
            "--threads",
            threads,
            "--chunk",
            chunk,
            "--runs-format",
            "parquet",
        ];
        sweep(&f, &d.path(dir), &args).code(predicates::ord::le(1));
    }
    assert!(read(&d.path("t1/runs.parquet")) == read(&d.path("t2/runs.parquet")));
    let manifest: serde_json::Value = serde_json::from_str(&d.read("t1/manifest.json")).unwrap();
    assert_eq!(manifest["runs_formats"], serde_json::json!(["parquet"]));
}

fn cut_after_lines(path: &Path, lines: usize) {
    let text = read(path);
    let end = text
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(lines - 1)
        .map_or(0, |(i, _)| i + 1);
    std::fs::write(path, &text[..end]).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// Regression guard for `--resume` on Parquet: the file is read back (or the
/// JSON lines are), and rewritten with the new runs to the uninterrupted bytes.
#[test]
fn resuming_a_cut_parquet_sweep_gives_the_uninterrupted_bytes() {
    let d = Dir::new();
    let f = d.sweep(
        "mc.toml",
        "design = \"montecarlo\"\nruns = 40\nseed = 4",
        MC,
    );
    for formats in [&["parquet", "csv"][..], &["parquet", "jsonl"][..]] {
        let mut args = vec!["--threads", "2", "--chunk", "8"];
        for fmt in formats {
            args.extend(["--runs-format", fmt]);
        }
        let tag = formats.join("-");
        let full = d.path(&format!("full-{tag}"));
        sweep(&f, &full, &args).code(predicates::ord::le(1));
        let cut = d.path(&format!("cut-{tag}"));
        copy_dir(&full, &cut);
        std::fs::remove_file(cut.join("summary.json")).unwrap();
        if formats.contains(&"csv") {
            // Parquet is the source: the CSV ends after run 12, so 13 runs count.
            cut_after_lines(&cut.join("runs.csv"), 14);
        } else {
            // A killed sweep: no closed runs.parquet, JSON lines up to run 12.
            cut_after_lines(&cut.join("runs.jsonl"), 13);
            std::fs::remove_file(cut.join("runs.parquet")).unwrap();
        }
        args.push("--resume");
        args[1] = "1";
        sweep(&f, &cut, &args).code(predicates::ord::le(1));
        for name in [
            "runs.parquet",
            "summary.json",
            "summary.md",
            "runs.csv",
            "runs.jsonl",
        ] {
            if full.join(name).exists() {
                assert!(
                    read(&full.join(name)) == read(&cut.join(name)),
                    "{tag}: {name}"
                );
            }
        }
        let m: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(cut.join("manifest.json")).unwrap())
                .unwrap();
        assert_eq!(m["started_at_run"], 13, "{tag}");
    }
}

#[test]
fn a_damaged_parquet_file_is_refused_on_resume_with_its_name() {
    let d = Dir::new();
    let f = d.sweep(
        "mc.toml",
        "design = \"montecarlo\"\nruns = 20\nseed = 4",
        MC,
    );
    let out = d.path("out");
    sweep(&f, &out, &["--runs-format", "parquet"]).code(predicates::ord::le(1));
    let p = out.join("runs.parquet");
    let bytes = read(&p);
    std::fs::write(&p, &bytes[..bytes.len() - 10]).unwrap();
    sweep(&f, &out, &["--runs-format", "parquet", "--resume"])
        .code(2)
        .stderr(predicates::str::contains(
            "runs.parquet: is not a complete Parquet file",
        ));
    // Other formats than the sweep wrote are another sweep's flags.
    sweep(&f, &out, &["--resume"])
        .code(2)
        .stderr(predicates::str::contains(
            "it wrote --runs-format parquet, now csv+jsonl",
        ));
}

#[test]
fn csv_alone_is_refused_as_it_cannot_be_read_back() {
    let d = Dir::new();
    let f = d.sweep("mc.toml", "design = \"montecarlo\"\nruns = 5\nseed = 4", MC);
    sweep(&f, &d.path("out"), &["--runs-format", "csv"])
        .code(2)
        .stderr(predicates::str::contains("add --runs-format parquet"));
}

#[test]
fn parquet_shards_merge_to_the_single_machine_bytes() {
    let d = Dir::new();
    let f = d.sweep(
        "mc.toml",
        "design = \"montecarlo\"\nruns = 37\nseed = 11",
        MC,
    );
    let fmt = ["--runs-format", "parquet"];
    sweep(&f, &d.path("one"), &fmt).code(predicates::ord::le(1));
    let dirs: Vec<PathBuf> = (1..=3)
        .map(|i| {
            let out = d.path(&format!("shard-{i}"));
            let shard = format!("{i}/3");
            let threads = i.to_string();
            let args = [
                "--shard",
                &shard,
                "--threads",
                &threads,
                "--chunk",
                "5",
                fmt[0],
                fmt[1],
            ];
            sweep(&f, &out, &args).code(0);
            out
        })
        .collect();
    let merged = d.path("merged");
    assert_cmd::Command::cargo_bin("leadplan")
        .unwrap()
        .arg("merge")
        .args(&dirs)
        .arg("--out")
        .arg(&merged)
        .assert()
        .code(predicates::ord::le(1));
    for name in ["runs.parquet", "summary.json", "summary.md"] {
        assert!(
            read(&d.path("one").join(name)) == read(&merged.join(name)),
            "{name}"
        );
    }
    assert!(!merged.join("runs.jsonl").exists());
}

/// A Parquet-only sweep stopped by Ctrl-C closes its file; `--resume` reads it
/// back and finishes with the bytes of an uninterrupted sweep.
#[test]
fn ctrl_c_on_a_parquet_sweep_then_resume_gives_the_uninterrupted_bytes() {
    let d = Dir::new();
    let f = d.sweep(
        "mc.toml",
        "design = \"montecarlo\"\nruns = 6000\nseed = 8",
        MC,
    );
    let args = [
        "--threads",
        "1",
        "--chunk",
        "64",
        "--runs-format",
        "parquet",
    ];
    let cut = d.path("cut");
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("leadplan"))
        .arg("sweep")
        .arg(&f)
        .arg("--out")
        .arg(&cut)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    let lines = |p: &Path| std::fs::read_to_string(p).map_or(0, |t| t.lines().count());
    while lines(&cut.join("timings.csv")) < 65 {
        assert!(t0.elapsed().as_secs() < 120, "the sweep wrote nothing");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // SAFETY: sends SIGINT to the child this test started.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let done = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(130), "{err}");
    let rows = SerializedFileReader::new(File::open(cut.join("runs.parquet")).unwrap())
        .unwrap()
        .metadata()
        .file_metadata()
        .num_rows();
    assert!((64..6000).contains(&rows), "{rows} runs in the closed file");
    let mut resume = args.to_vec();
    resume.push("--resume");
    sweep(&f, &cut, &resume).code(predicates::ord::le(1));
    sweep(&f, &d.path("full"), &args).code(predicates::ord::le(1));
    for name in ["runs.parquet", "summary.json"] {
        assert!(
            read(&d.path("full").join(name)) == read(&cut.join(name)),
            "{name}"
        );
    }
}
