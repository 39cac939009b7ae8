//! Sweep folders: one writer, files checked on resume, a clean Ctrl-C.

use std::process::Stdio;
use std::time::Instant;

use super::*;

const PARAM: &str = "[[sweep.param]]\npath = \"country.*.capacity\"\nrelative = 0.3\n";

/// A sweep file over BASE with `runs` runs, in a new temporary folder.
fn sweep_dir(runs: u64) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.toml", BASE);
    let f = write(
        dir.path(),
        "x.sweep.toml",
        &format!("[sweep]\nscenario = \"s.toml\"\nruns = {runs}\nseed = 7\n{PARAM}"),
    );
    (dir, f)
}

fn lines(path: &Path) -> usize {
    std::fs::read_to_string(path).map_or(0, |t| t.lines().count())
}

fn spawn_sweep(file: &Path, out: &Path) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("leadplan"))
        .arg("sweep")
        .arg(file)
        .arg("--out")
        .arg(out)
        .args(["--threads", "1", "--chunk", "64"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Regression: a second sweep on a running sweep's
/// folder interleaved its rows; Ctrl-C gave no hint and the manifest said
/// `completed_runs: 0`. Now the second is refused, and Ctrl-C writes every
/// finished run, counts them in the manifest, exits 130 and says how to resume.
#[test]
fn a_second_sweep_is_refused_and_ctrl_c_leaves_a_resumable_folder() {
    let (dir, f) = sweep_dir(5_000_000);
    let out = dir.path().join("out");
    let first = spawn_sweep(&f, &out);
    let t0 = Instant::now();
    while lines(&out.join("runs.jsonl")) < 64 {
        assert!(t0.elapsed().as_secs() < 60, "the first sweep wrote nothing");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    for extra in [&[][..], &["--resume"][..]] {
        let err = refused(
            leadplan()
                .arg("sweep")
                .arg(&f)
                .arg("--out")
                .arg(&out)
                .args(extra),
        );
        assert!(err.contains("another sweep is writing into"), "{err}");
    }
    // SAFETY: sends SIGINT to the child this test started.
    unsafe { libc::kill(first.id() as libc::pid_t, libc::SIGINT) };
    let done = first.wait_with_output().unwrap();
    let err = stderr(&done);
    assert_eq!(done.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted after"), "{err}");
    assert!(err.contains("--resume"), "{err}");
    let recorded = lines(&out.join("runs.jsonl"));
    assert!(
        err.contains(&format!("interrupted after {recorded} of 5000000 runs")),
        "{err}"
    );
    assert_eq!(lines(&out.join("runs.csv")), recorded + 1);
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["completed_runs"].as_u64(), Some(recorded as u64));
    assert_eq!(m["finished"], false);
}

/// Regression: the Ctrl-C hint left out the
/// sweep's flags (`--runs`, `--seed`, `--solver`, `--chunk`, ...), so the
/// command it printed was refused as another sweep. Now it carries the flags
/// the Slurm script passes; the printed command, run as printed, finishes it.
/// SIGTERM (what Slurm sends at a job's time limit) stops the same way, exit 143.
#[test]
fn the_ctrl_c_hint_resumes_the_sweep_as_printed() {
    let cases = [
        (None, 20_000usize, libc::SIGINT, 130),
        (Some("1/2"), 10_000, libc::SIGINT, 130),
        (None, 20_000, libc::SIGTERM, 143),
    ];
    for (shard, total, signal, code) in cases {
        let (dir, f) = sweep_dir(5_000_000);
        let out = dir.path().join("out");
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("leadplan"));
        cmd.arg("sweep").arg(&f).arg("--out").arg(&out).args([
            "--runs",
            "20000",
            "--seed",
            "9",
            "--solver",
            "microlp",
            "--threads",
            "1",
            "--chunk",
            "64",
        ]);
        if let Some(s) = shard {
            cmd.args(["--shard", s]);
        }
        let child = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let t0 = Instant::now();
        while lines(&out.join("runs.jsonl")) < 64 {
            assert!(t0.elapsed().as_secs() < 60, "the sweep wrote nothing");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        // SAFETY: sends a signal to the child this test started.
        unsafe { libc::kill(child.id() as libc::pid_t, signal) };
        let done = child.wait_with_output().unwrap();
        let err = stderr(&done);
        assert_eq!(done.status.code(), Some(code), "{err}");
        let hint = err
            .split("continue with `")
            .nth(1)
            .and_then(|r| r.split('`').next())
            .unwrap_or_else(|| panic!("no resume command in: {err}"));
        for flag in ["--runs 20000", "--seed 9", "--solver microlp", "--chunk 64"] {
            assert!(hint.contains(flag), "{flag} missing from `{hint}`");
        }
        // The temporary paths need no quoting, so the words split on spaces.
        let words: Vec<&str> = hint.split(' ').collect();
        assert_eq!(words[0], "leadplan");
        let out_run = leadplan().args(&words[1..]).output().unwrap();
        let e = stderr(&out_run);
        assert!(out_run.status.code() == Some(0), "`{hint}` failed: {e}");
        assert_eq!(lines(&out.join("runs.jsonl")), total, "{e}");
    }
}

/// Two sweeps started together on one folder: exactly one writes it, each run
/// once, under one header.
#[test]
fn two_sweeps_started_together_never_share_a_folder() {
    for _ in 0..2 {
        let (dir, f) = sweep_dir(3000);
        let out = dir.path().join("out");
        let a = spawn_sweep(&f, &out);
        let b = spawn_sweep(&f, &out);
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let mut codes = [a.status.code(), b.status.code()];
        codes.sort();
        assert_eq!(codes, [Some(0), Some(2)], "{}\n{}", stderr(&a), stderr(&b));
        let loser = if a.status.code() == Some(2) { &a } else { &b };
        let err = stderr(loser);
        assert!(
            err.contains("another sweep is writing into")
                || err.contains("already holds a sweep's output"),
            "{err}"
        );
        let jsonl = std::fs::read_to_string(out.join("runs.jsonl")).unwrap();
        let ids: Vec<u64> = jsonl
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["run"]
                    .as_u64()
                    .unwrap()
            })
            .collect();
        assert_eq!(ids, (0..3000).collect::<Vec<_>>());
        let csv = std::fs::read_to_string(out.join("runs.csv")).unwrap();
        assert_eq!(csv.lines().filter(|l| l.starts_with("run,")).count(), 1);
    }
}

/// Holds `out`'s folder lock the way a running sweep does.
fn hold_lock(out: &Path) -> std::fs::File {
    std::fs::create_dir_all(out).unwrap();
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(out.join("sweep.lock"))
        .unwrap();
    f.try_lock().unwrap();
    f
}

/// Regression: `sweep --shard` and `merge --out`
/// took no folder lock, so two writers interleaved and both exited 0.
#[test]
fn shards_and_merges_take_the_folder_lock() {
    let (dir, f) = sweep_dir(40);
    let locked = dir.path().join("locked");
    let held = hold_lock(&locked);
    let err = refused(
        leadplan()
            .arg("sweep")
            .arg(&f)
            .arg("--out")
            .arg(&locked)
            .args(["--shard", "1/2"]),
    );
    assert!(err.contains("another sweep is writing into"), "{err}");
    assert!(!locked.join("runs.jsonl").exists());
    drop(held);
    let mut dirs = Vec::new();
    for i in 1..=2 {
        let d = dir.path().join(format!("s{i}"));
        leadplan()
            .arg("sweep")
            .arg(&f)
            .arg("--out")
            .arg(&d)
            .args(["--shard", &format!("{i}/2")])
            .assert()
            .code(0);
        dirs.push(d);
    }
    let merged = dir.path().join("merged");
    let held = hold_lock(&merged);
    let err = refused(
        leadplan()
            .current_dir(dir.path())
            .arg("merge")
            .args(&dirs)
            .arg("--out")
            .arg(&merged),
    );
    assert!(err.contains("another sweep is writing into"), "{err}");
    assert!(!merged.join("runs.jsonl").exists());
    drop(held);
}

/// A finished sweep folder, and a way to copy it before damaging the copy.
fn finished() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, f) = sweep_dir(40);
    let out = dir.path().join("out");
    leadplan()
        .arg("sweep")
        .arg(&f)
        .arg("--out")
        .arg(&out)
        .args(["--chunk", "8"])
        .assert()
        .code(0);
    (dir, f, out)
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn edit_line(path: &Path, line: usize, new: Option<&str>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut ls: Vec<String> = text.lines().map(String::from).collect();
    match new {
        Some(n) => ls[line - 1] = n.to_string(),
        None => {
            ls.remove(line - 1);
        }
    }
    std::fs::write(path, ls.join("\n") + "\n").unwrap();
}

/// Regression: `--resume` trusted the run files: a deleted
/// middle line lost one run and doubled another, an edited objective flowed
/// into the summary. Every line is now checked in both files.
#[test]
fn resume_refuses_edited_deleted_or_garbage_lines_with_the_line() {
    let (dir, f, out) = finished();
    let resume = |o: &Path| {
        leadplan()
            .arg("sweep")
            .arg(&f)
            .arg("--out")
            .arg(o)
            .arg("--resume")
            .output()
            .unwrap()
    };
    let intact = dir.path().join("intact");
    copy_folder(&out, &intact);
    assert_eq!(
        resume(&intact).status.code(),
        Some(0),
        "{}",
        stderr(&resume(&intact))
    );

    let deleted = dir.path().join("deleted");
    copy_folder(&out, &deleted);
    edit_line(&deleted.join("runs.csv"), 10, None);
    let err = refused(
        leadplan()
            .arg("sweep")
            .arg(&f)
            .arg("--out")
            .arg(&deleted)
            .arg("--resume"),
    );
    assert!(
        err.contains("runs.csv:10 does not match run 8 of runs.jsonl"),
        "{err}"
    );

    let garbage = dir.path().join("garbage");
    copy_folder(&out, &garbage);
    edit_line(&garbage.join("runs.csv"), 6, Some("garbage,,,"));
    let err = refused(
        leadplan()
            .arg("sweep")
            .arg(&f)
            .arg("--out")
            .arg(&garbage)
            .arg("--resume"),
    );
    assert!(
        err.contains("runs.csv:6") && err.contains("`garbage,,,`"),
        "{err}"
    );

    let edited = dir.path().join("edited");
    copy_folder(&out, &edited);
    let jpath = edited.join("runs.jsonl");
    let line5 = std::fs::read_to_string(&jpath)
        .unwrap()
        .lines()
        .nth(4)
        .unwrap()
        .to_string();
    let mut v: serde_json::Value = serde_json::from_str(&line5).unwrap();
    let obj = v["objective"].as_f64().unwrap();
    v["objective"] = serde_json::json!(obj + 1000.0);
    edit_line(&jpath, 5, Some(&v.to_string()));
    let err = refused(
        leadplan()
            .arg("sweep")
            .arg(&f)
            .arg("--out")
            .arg(&edited)
            .arg("--resume"),
    );
    assert!(
        err.contains("cannot resume") && err.contains("runs.jsonl:5"),
        "{err}"
    );
    let summary = std::fs::read_to_string(edited.join("summary.json")).unwrap();
    assert!(!summary.contains(&format!("{}", obj + 1000.0)));
}

/// Regression: a summary with stability -5 was drawn as -500%.
#[test]
fn charts_refuse_a_summary_with_values_out_of_range() {
    let (dir, _f, out) = finished();
    let s = dir.path().join("s.toml");
    let path = out.join("summary.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for bad in [-5.0, 17.7] {
        v["tasks"][0]["stability"] = serde_json::json!(bad);
        std::fs::write(&path, v.to_string()).unwrap();
        let png = dir.path().join("st.png");
        let err = refused(
            leadplan()
                .args(["chart", "stability"])
                .arg(&s)
                .arg("--sweep")
                .arg(&out)
                .arg("--out")
                .arg(&png),
        );
        assert!(err.contains("outside [0, 1]"), "{err}");
        assert!(!png.exists());
    }
}

/// Regression: a symbolic link or a FIFO in
/// place of a run file made the sweep write outside --out (appending to the
/// link's target) or block; a shard folder's FIFO made `merge` hang.
#[cfg(unix)]
#[test]
fn run_files_that_are_links_or_fifos_are_refused_not_followed() {
    let (dir, file) = sweep_dir(8);
    let victim = write(dir.path(), "victim.txt", "keep me\n");
    let out = dir.path().join("linked");
    std::fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink(&victim, out.join("runs.csv")).unwrap();
    let msg = refused(leadplan().arg("sweep").arg(&file).arg("--out").arg(&out));
    assert!(msg.contains("not a regular file"), "{msg}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me\n");

    let shard = dir.path().join("shard");
    leadplan()
        .arg("sweep")
        .arg(&file)
        .args(["--shard", "1/1", "--threads", "1", "--out"])
        .arg(&shard)
        .assert()
        .success();
    std::fs::remove_file(shard.join("timings.csv")).unwrap();
    mkfifo(&shard.join("timings.csv"));
    // Merge refuses shards it cannot use with exit 1 and writes nothing.
    let out = leadplan()
        .arg("merge")
        .arg(&shard)
        .arg("--out")
        .arg(dir.path().join("merged"))
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let msg = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{msg}");
    assert!(msg.contains("not a regular file"), "{msg}");
}
