//! Shards (`sweep --shard I/N`) and `leadplan merge`: the merged folder is the
//! single-machine sweep's, byte for byte, in any order; missing, overlapping,
//! foreign, unfinished and truncated shards are refused with what to rerun;
//! the Slurm script's commands, run by bash, do the same.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::str::contains;
use proptest::prelude::*;

use super::{sweep, Dir, MC};

const SAME: [&str; 4] = ["runs.csv", "runs.jsonl", "summary.json", "summary.md"];

fn merge(dirs: &[PathBuf], out: &Path) -> assert_cmd::assert::Assert {
    Command::cargo_bin("leadplan")
        .unwrap()
        .arg("merge")
        .args(dirs)
        .arg("--out")
        .arg(out)
        .assert()
}

/// The manifest without what describes the session (threads, timing).
fn manifest_facts(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    let mut m: serde_json::Value = serde_json::from_str(&text).unwrap();
    for k in ["threads", "wall_seconds", "runs_per_second"] {
        m.as_object_mut().unwrap().remove(k);
    }
    m
}

fn assert_same_sweep(one: &Path, merged: &Path) {
    for name in SAME {
        let a = std::fs::read(one.join(name)).unwrap();
        let b = std::fs::read(merged.join(name)).unwrap();
        assert!(a == b, "{name} differs between {one:?} and {merged:?}");
    }
    assert_eq!(manifest_facts(one), manifest_facts(merged));
    let timings = std::fs::read_to_string(merged.join("timings.csv")).unwrap();
    let runs: Vec<&str> = timings
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let want: Vec<String> = (0..runs.len()).map(|r| r.to_string()).collect();
    assert_eq!(runs, want, "timings.csv holds every run once, in order");
}

/// A Monte Carlo sweep of `runs` runs, its single-machine outputs in `one`.
fn setup(runs: u64) -> (Dir, PathBuf) {
    let d = Dir::new();
    let head = format!("design = \"montecarlo\"\nruns = {runs}\nseed = 11");
    let f = d.sweep("mc.toml", &head, MC);
    sweep(&f, &d.path("one"), &["--threads", "2"]).code(predicates::ord::le(1));
    (d, f)
}

/// Runs shards `which` of `n` into `dir/shard-I`; returns their folders.
fn shards(d: &Dir, f: &Path, n: u64, which: &[u64], extra: &[&str]) -> Vec<PathBuf> {
    which
        .iter()
        .map(|i| {
            let out = d.path(&format!("shard-{i}-of-{n}"));
            let threads = (1 + i % 3).to_string();
            let mut args = vec!["--shard".to_string(), format!("{i}/{n}")];
            args.extend(["--threads".into(), threads, "--chunk".into(), "5".into()]);
            args.extend(extra.iter().map(|s| s.to_string()));
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            sweep(f, &out, &args).code(0);
            out
        })
        .collect()
}

/// Regression: merge refused every shard run
/// with `--solver bnb` (its manifest's solver name had no arm in merge).
#[test]
fn shards_run_with_every_solver_merge() {
    let d = Dir::new();
    let f = d.sweep(
        "mc.toml",
        "design = \"montecarlo\"\nruns = 12\nseed = 11",
        MC,
    );
    for solver in ["bnb", "microlp"] {
        let one = d.path(&format!("one-{solver}"));
        sweep(&f, &one, &["--solver", solver]).code(predicates::ord::le(1));
        let dirs: Vec<PathBuf> = (1..=2)
            .map(|i| {
                let out = d.path(&format!("{solver}-{i}"));
                sweep(
                    &f,
                    &out,
                    &["--shard", &format!("{i}/2"), "--solver", solver],
                )
                .code(0);
                out
            })
            .collect();
        let out = d.path(&format!("merged-{solver}"));
        merge(&dirs, &out).code(predicates::ord::le(1));
        assert_same_sweep(&one, &out);
    }
}

#[test]
fn shards_merged_in_any_order_give_the_single_machine_bytes() {
    let (d, f) = setup(47);
    let dirs = shards(&d, &f, 3, &[1, 2, 3], &[]);
    let orders = [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ];
    for (k, order) in orders.iter().enumerate() {
        let given: Vec<PathBuf> = order.iter().map(|&i| dirs[i].clone()).collect();
        let out = d.path(&format!("merged-{k}"));
        merge(&given, &out).code(predicates::ord::le(1));
        assert_same_sweep(&d.path("one"), &out);
    }
    let m: serde_json::Value = serde_json::from_str(&d.read("shard-2-of-3/manifest.json")).unwrap();
    assert_eq!(m["shard"]["first_run"], 15);
    assert_eq!(m["shard"]["end_run"], 31);
    assert_eq!(m["completed_runs"], 16);
    assert!(
        !d.path("shard-2-of-3/summary.json").exists(),
        "a shard has no summary"
    );
}

/// Regression: `--shard 1/1000000000000` was
/// accepted, and merge then hung listing a trillion shards to name a gap.
/// Shard counts above the run count (or the 10,000,000-run cap) are refused,
/// on the command line and in a shard's manifest.
#[test]
fn shard_counts_above_the_run_count_are_refused() {
    let d = Dir::new();
    let f = d.sweep(
        "mc.toml",
        "design = \"montecarlo\"\nruns = 40\nseed = 11",
        MC,
    );
    for (shard, says) in [
        (
            "1/1000000000000",
            "more than a sweep can have runs (10000000)",
        ),
        ("1/41", "41 shards are more than the sweep's 40 runs"),
    ] {
        sweep(&f, &d.path("big"), &["--shard", shard])
            .code(2)
            .stderr(contains(says));
    }
    assert!(!d.path("big").join("runs.jsonl").exists());
    let dirs = shards(&d, &f, 4, &[1, 3], &[]);
    let p = dirs[1].join("manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    m["shard"]["count"] = 1_000_000_000_000u64.into();
    m["shard"]["index"] = 750_000_000_000u64.into();
    std::fs::write(&p, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    Command::cargo_bin("leadplan")
        .unwrap()
        .timeout(std::time::Duration::from_secs(30))
        .arg("merge")
        .args(&dirs)
        .arg("--out")
        .arg(d.path("merged"))
        .assert()
        .code(1)
        .stderr(contains("is damaged"));
}

/// Gaps name the shards that fill them, whatever the shard count.
#[test]
fn a_gap_of_many_shards_is_named_by_its_first_and_last() {
    let (d, f) = setup(40);
    let dirs = shards(&d, &f, 20, &[1, 20], &[]);
    merge(&dirs, &d.path("merged"))
        .code(1)
        .stderr(contains("runs 2-37 are missing (shards 2/20 to 19/20"));
    let dirs = shards(
        &d,
        &f,
        20,
        &[
            2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
        ],
        &[],
    );
    merge(&dirs, &d.path("merged"))
        .code(1)
        .stderr(contains("runs 0-1 are missing (shard 1/20:"))
        .stderr(contains("runs 38-39 are missing (shard 20/20:"));
}

/// Replaces line `n` (1-based) of `path` with `with(old line)`.
fn edit_line(path: &Path, n: usize, with: impl Fn(&str) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == n { with(l) } else { l.to_string() })
        .collect();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

/// Regression: merge only counted a shard's
/// records, so a `runs.csv` row replaced by another run's, or an edited
/// objective in `runs.jsonl`, was merged. Now every line is checked as
/// `--resume` checks it, and the refusal names the file and line.
#[test]
fn merge_refuses_edited_shard_lines_naming_them() {
    let (d, f) = setup(20);
    let dirs = shards(&d, &f, 2, &[1, 2], &[]);
    let csv = dirs[0].join("runs.csv");
    let other = std::fs::read_to_string(&csv)
        .unwrap()
        .lines()
        .nth(4)
        .unwrap()
        .to_string();
    edit_line(&csv, 3, |_| other.clone());
    merge(&dirs, &d.path("m1")).code(2).stderr(contains(format!(
        "{}:3 does not match run 1",
        csv.display()
    )));
    assert!(!d.path("m1").join("runs.csv").exists());
    std::fs::remove_dir_all(&dirs[0]).unwrap();
    shards(&d, &f, 2, &[1], &[]);
    let jsonl = dirs[1].join("runs.jsonl");
    edit_line(&jsonl, 2, |l| {
        let at = l.find("\"objective\":").unwrap() + "\"objective\":".len();
        let end = at + l[at..].find(',').unwrap();
        format!("{}12345.5{}", &l[..at], &l[end..])
    });
    // The edited line is itself well formed: its CSV row no longer matches.
    merge(&dirs, &d.path("m2")).code(2).stderr(contains(format!(
        "{}:3 does not match run 11 of runs.jsonl",
        dirs[1].join("runs.csv").display()
    )));
    assert!(!d.path("m2").join("runs.jsonl").exists());
}

/// Regression: a shard killed between a chunk's
/// writes (`scancel`) left `timings.csv` behind `runs.jsonl`; `--resume` went
/// by `runs.jsonl` only, so it repaired nothing and merge refused forever.
/// Now a run counts as recorded only when all three files hold it.
#[test]
fn resume_repairs_a_shard_whose_timings_lag() {
    let (d, f) = setup(20);
    let dirs = shards(&d, &f, 2, &[1, 2], &[]);
    let timings = dirs[1].join("timings.csv");
    let text = std::fs::read_to_string(&timings).unwrap();
    let kept: Vec<&str> = text.lines().take(8).collect();
    std::fs::write(&timings, kept.join("\n") + "\n").unwrap();
    let mpath = dirs[1].join("manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&mpath).unwrap()).unwrap();
    m["finished"] = false.into();
    std::fs::write(&mpath, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    sweep(&f, &dirs[1], &["--shard", "2/2", "--resume"]).code(0);
    merge(&dirs, &d.path("merged")).code(predicates::ord::le(1));
    assert_same_sweep(&d.path("one"), &d.path("merged"));
}

#[test]
fn merge_names_the_missing_ranges_and_writes_nothing() {
    let (d, f) = setup(40);
    let dirs = shards(&d, &f, 4, &[1, 3], &[]);
    let out = d.path("merged");
    merge(&dirs, &out)
        .code(1)
        .stderr(contains("runs 10-19 are missing (shard 2/4"))
        .stderr(contains("runs 30-39 are missing (shard 4/4"));
    assert!(!out.join("runs.csv").exists() && !out.join("manifest.json").exists());
}

#[test]
fn merge_refuses_overlapping_and_repeated_shards() {
    let (d, f) = setup(40);
    let mut dirs = shards(&d, &f, 4, &[2, 3, 4], &[]);
    dirs.extend(shards(&d, &f, 2, &[1], &[]));
    merge(&dirs, &d.path("merged"))
        .code(1)
        .stderr(contains("runs 10-19 are in two shards"))
        .stderr(contains("shard 1/2 (runs 0-19)"));
    let twice = vec![dirs[0].clone(), dirs[0].clone()];
    merge(&twice, &d.path("merged"))
        .code(1)
        .stderr(contains("shard 2/4 is given twice"));
}

#[test]
fn merge_refuses_shards_of_another_sweep() {
    let (d, f) = setup(40);
    let mut dirs = shards(&d, &f, 2, &[1], &[]);
    let other = d.path("other-seed");
    sweep(&f, &other, &["--shard", "2/2", "--seed", "12"]).code(0);
    dirs.push(other);
    merge(&dirs, &d.path("merged"))
        .code(1)
        .stderr(contains("other-seed belongs to another sweep"))
        .stderr(contains("its seed is 12, not 11"));
    merge(&[d.path("one")], &d.path("merged"))
        .code(1)
        .stderr(contains("holds a whole sweep, not a shard"));
}

#[test]
fn merge_refuses_truncated_and_unfinished_shards_until_they_are_resumed() {
    let (d, f) = setup(40);
    let dirs = shards(&d, &f, 2, &[1, 2], &[]);
    let jsonl = dirs[1].join("runs.jsonl");
    let text = std::fs::read(&jsonl).unwrap();
    std::fs::write(&jsonl, &text[..text.len() - 30]).unwrap();
    merge(&dirs, &d.path("merged")).code(1).stderr(contains(
        "runs.jsonl holds 19 complete records and a partial one, but shard 2/2 (runs 20-39) has 20",
    ));
    let manifest = dirs[1].join("manifest.json");
    let m = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        m.replace("\"finished\": true", "\"finished\": false"),
    )
    .unwrap();
    merge(&dirs, &d.path("merged"))
        .code(1)
        .stderr(contains("is not finished"))
        .stderr(contains("--resume"));
    sweep(&f, &dirs[1], &["--shard", "2/2", "--resume"]).code(0);
    merge(&dirs, &d.path("merged")).code(predicates::ord::le(1));
    assert_same_sweep(&d.path("one"), &d.path("merged"));
}

#[test]
fn a_shard_resumes_only_its_own_folder() {
    let (d, f) = setup(20);
    let dirs = shards(&d, &f, 2, &[1], &[]);
    sweep(&f, &dirs[0], &["--shard", "2/2", "--resume"])
        .code(2)
        .stderr(contains(
            "it holds shard 1/2 (runs 0-9), now shard 2/2 (runs 10-19)",
        ));
    sweep(&f, &d.path("one"), &["--shard", "1/2", "--resume"])
        .code(2)
        .stderr(contains("it holds the whole sweep, now shard 1/2"));
    // `--runs` equal to the file's is the same sweep: the shard resumes.
    sweep(
        &f,
        &dirs[0],
        &["--shard", "1/2", "--resume", "--runs", "20"],
    )
    .code(0);
}

/// The script's own commands, run by bash as Slurm would run each array task.
#[test]
fn the_slurm_script_run_task_by_task_then_merged_gives_the_single_machine_bytes() {
    let (d, _) = setup(30);
    // Paths as typed in the folder the script runs in: the manifests name them.
    Command::cargo_bin("leadplan")
        .unwrap()
        .current_dir(d.path(""))
        .args(["sweep", "mc.toml", "--out", "one-here"])
        .assert()
        .code(predicates::ord::le(1));
    let out = Command::cargo_bin("leadplan")
        .unwrap()
        .current_dir(d.path(""))
        .args([
            "sweep",
            "mc.toml",
            "--out",
            "cluster",
            "--slurm-script",
            "--shards",
            "3",
        ])
        .args(["--cpus", "2", "--time", "00:10:00"])
        .assert()
        .code(0)
        .stderr(contains("merge cluster/shards/*-of-3 --out cluster"));
    let script = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(script.contains("#SBATCH --array=1-3\n"), "{script}");
    std::fs::write(d.path("job.sbatch"), &script).unwrap();
    for task in 1..=3 {
        let status = std::process::Command::new("bash")
            .arg(d.path("job.sbatch"))
            .env("SLURM_ARRAY_TASK_ID", task.to_string())
            .env("SLURM_CPUS_PER_TASK", "2")
            .status()
            .unwrap();
        assert!(status.success(), "array task {task}");
    }
    let merge_line = script
        .lines()
        .find_map(|l| l.strip_prefix("#   cd "))
        .expect("the merge command in the header");
    let status = std::process::Command::new("bash")
        .args(["-c", &format!("cd {merge_line}")])
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.code() == Some(0) || status.code() == Some(1));
    assert_same_sweep(&d.path("one-here"), &d.path("cluster"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]
    /// Any run count and shard count (up to the run count: more shards than
    /// runs are refused) merge to the single sweep.
    #[test]
    fn any_shard_count_merges_to_the_single_machine_bytes(runs in 1u64..30, n in 1u64..7) {
        let n = n.min(runs);
        let (d, f) = setup(runs);
        let all: Vec<u64> = (1..=n).rev().collect();
        let dirs = shards(&d, &f, n, &all, &[]);
        merge(&dirs, &d.path("merged")).code(predicates::ord::le(1));
        assert_same_sweep(&d.path("one"), &d.path("merged"));
    }
}

#[test]
fn merge_reads_the_sweep_file_the_manifests_name_or_the_one_given() {
    let (d, _) = setup(20);
    let here = |args: &[&str]| {
        Command::cargo_bin("leadplan")
            .unwrap()
            .current_dir(d.path(""))
            .args(args)
            .assert()
    };
    here(&["sweep", "mc.toml", "--out", "s1", "--shard", "1/2"]).code(0);
    here(&["sweep", "mc.toml", "--out", "s2", "--shard", "2/2"]).code(0);
    let elsewhere = tempfile::tempdir().unwrap();
    let merge_from = |extra: &[&str]| {
        Command::cargo_bin("leadplan")
            .unwrap()
            .current_dir(elsewhere.path())
            .arg("merge")
            .args([d.path("s1"), d.path("s2")])
            .arg("--out")
            .arg(d.path("merged"))
            .args(extra)
            .assert()
    };
    merge_from(&[])
        .code(1)
        .stderr(contains("cannot read the sweep file the shards ran"))
        .stderr(contains("pass --sweep FILE"));
    std::fs::write(
        d.path("edited.toml"),
        d.read("mc.toml").replace("seed = 11", "seed = 12"),
    )
    .unwrap();
    merge_from(&["--sweep", d.path("edited.toml").to_str().unwrap()])
        .code(1)
        .stderr(contains("is not the sweep the shards ran: its design hash"));
    merge_from(&["--sweep", d.path("mc.toml").to_str().unwrap()]).code(predicates::ord::le(1));
    for name in SAME {
        assert_eq!(
            d.read(&format!("one/{name}")),
            d.read(&format!("merged/{name}")),
            "{name}"
        );
    }
}
