//! Unbounded, hostile and odd inputs: refused before they take memory or time.

use super::*;

/// Regression: `check /dev/zero` never returned.
#[test]
fn devices_and_fifos_are_refused_as_inputs_without_reading_them() {
    let err = refused(leadplan().args(["check", "/dev/zero"]));
    assert!(
        err.contains("/dev/zero is a device, FIFO or socket, not a regular file"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.toml");
    mkfifo(&fifo);
    let err = refused(leadplan().arg("solve").arg(&fifo));
    assert!(err.contains("not a regular file"), "{err}");
    let scenario = write(dir.path(), "s.toml", BASE);
    let err = refused(
        leadplan()
            .args(["replan"])
            .arg(&scenario)
            .args(["--baseline", "/dev/zero"]),
    );
    assert!(err.contains("not a regular file"), "{err}");
}

/// Regression: `--font /dev/zero` and `font = "/dev/zero"` hung.
#[test]
fn a_device_as_font_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "s.toml", BASE);
    let png = dir.path().join("m.png");
    let err = refused(
        leadplan()
            .args(["chart", "plan-matrix"])
            .arg(&s)
            .args(["--font", "/dev/zero", "--out"])
            .arg(&png),
    );
    assert!(err.contains("not a regular file"), "{err}");
    let with_font = BASE.replace(
        "name = \"fixture\"",
        "name = \"fixture\"\nfont = \"/dev/zero\"",
    );
    let s2 = write(dir.path(), "f.toml", &with_font);
    let err = refused(
        leadplan()
            .args(["chart", "plan-matrix"])
            .arg(&s2)
            .arg("--out")
            .arg(&png),
    );
    assert!(err.contains("not a regular file"), "{err}");
    assert!(!png.exists());
}

/// Inputs above the size limit are refused before parsing; the flag raises it.
#[test]
fn an_oversized_scenario_is_refused_and_the_flag_raises_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let padded = format!("{BASE}\n{}", "# padding\n".repeat(120_000));
    let s = write(dir.path(), "big.toml", &padded);
    let err = refused(leadplan().args(["--max-input-mb", "1", "check"]).arg(&s));
    assert!(
        err.contains("above the 1 MB limit for scenario files"),
        "{err}"
    );
    assert!(err.contains("--max-input-mb"), "{err}");
    leadplan()
        .args(["--max-input-mb", "2", "check"])
        .arg(&s)
        .assert()
        .code(0);
}

/// Regression: one long line with 10,000 bad entries took
/// 1.3 GB, each diagnostic holding the whole line. Now each quotes a window and
/// the list stops at 200.
#[test]
fn a_long_line_of_bad_entries_gives_short_bounded_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let entries: Vec<String> = (0..10_000).map(|i| format!("d{i} = \"x\"")).collect();
    let line = format!("capability = {{ {} }}", entries.join(", "));
    let text = BASE.replacen(
        "capability = { legal_drafting = 0.9, judicial_training = 0.5 }",
        &line,
        1,
    );
    let s = write(dir.path(), "long.toml", &text);
    let err = refused(leadplan().arg("check").arg(&s));
    assert!(err.len() < 200_000, "{} bytes of diagnostics", err.len());
    assert!(
        err.lines().all(|l| l.chars().count() < 400),
        "a quoted line is too long"
    );
    assert!(
        err.contains("the rest are not listed"),
        "{}",
        &err[err.len() - 500..]
    );
}

/// Regression: time limits of 1e19 s panicked in every command.
#[test]
fn time_limits_beyond_the_maximum_are_refused_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "s.toml", BASE);
    let s = s.to_str().unwrap();
    let plan = dir.path().join("plan.json");
    let commands: Vec<Vec<&str>> = vec![
        vec!["solve", s],
        vec!["contingency", s],
        vec!["alternatives", s],
        vec!["replan", s, "--baseline", plan.to_str().unwrap()],
        vec!["robust", s, "--futures", s],
        vec!["report", s, "--out", "r.html"],
        vec!["gap", "g.txt"],
        vec!["sweep", "x.sweep.toml", "--out", "o"],
    ];
    for args in commands {
        for limit in ["1e19", "1e300", "1000001"] {
            let err = refused(leadplan().args(&args).args(["--time-limit", limit]));
            assert!(
                err.contains("beyond the longest time limit"),
                "{args:?}: {err}"
            );
        }
    }
    leadplan()
        .args(["solve", s, "--time-limit", "1000000"])
        .assert()
        .code(0);
}

/// Regression: `runs = 9223372036854775807` panicked with
/// "capacity overflow" and `check` said ok.
#[test]
fn run_counts_beyond_the_maximum_are_refused_by_check_and_sweep() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.toml", BASE);
    let body = "[[sweep.param]]\npath = \"country.*.capacity\"\nrelative = 0.2\n";
    for runs in ["9223372036854775807", "100000000000000", "10000001"] {
        let f = write(
            dir.path(),
            "x.sweep.toml",
            &format!("[sweep]\nscenario = \"s.toml\"\nruns = {runs}\n{body}"),
        );
        let err = refused(leadplan().arg("check").arg(&f));
        assert!(
            err.contains("more than the 10000000 a sweep takes"),
            "{err}"
        );
        let out = dir.path().join("out");
        let err = refused(leadplan().arg("sweep").arg(&f).arg("--out").arg(&out));
        assert!(
            err.contains("more than the 10000000 a sweep takes"),
            "{err}"
        );
    }
    let f = write(
        dir.path(),
        "ok.sweep.toml",
        &format!("[sweep]\nscenario = \"s.toml\"\nruns = 10\n{body}"),
    );
    let err = refused(
        leadplan()
            .arg("sweep")
            .arg(&f)
            .args(["--runs", "100000000000000", "--out"])
            .arg(dir.path().join("o2")),
    );
    assert!(err.contains("--runs"), "{err}");
}

/// Regression: `--threads 100000` spawned thousands of threads.
#[test]
fn threads_beyond_four_per_core_are_capped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.toml", BASE);
    let f = write(
        dir.path(),
        "x.sweep.toml",
        "[sweep]\nscenario = \"s.toml\"\nruns = 4\n[[sweep.param]]\npath = \"country.*.capacity\"\nrelative = 0.2\n",
    );
    let out = leadplan()
        .arg("sweep")
        .arg(&f)
        .args(["--threads", "100000", "--out"])
        .arg(dir.path().join("o"))
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning: --threads 100000 is more than 4 per core"),
        "{err}"
    );
    let manifest = std::fs::read_to_string(dir.path().join("o/manifest.json")).unwrap();
    let m: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    let cores = std::thread::available_parallelism().unwrap().get() as u64;
    assert_eq!(m["threads"].as_u64(), Some(4 * cores));
}

/// Regression: a sweep file's `scenario` printed any
/// readable file inside TOML syntax errors.
#[test]
fn a_sweep_file_cannot_print_another_file() {
    let dir = tempfile::tempdir().unwrap();
    let secret = write(dir.path(), "secret.txt", "root:x:0:0:SECRET-LINE\n");
    let link = dir.path().join("link.toml");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    write(dir.path(), "other.toml", "password = \"SECRET-LINE\"\n");
    let body = "runs = 4\n[[sweep.param]]\npath = \"country.*.capacity\"\nrelative = 0.2\n";
    for (target, says) in [
        ("../../../../../../etc/passwd", "is not a .toml file"),
        ("secret.txt", "is not a .toml file"),
        ("link.toml", "is not a regular .toml file"),
        ("other.toml", "does not load as a scenario"),
    ] {
        let f = write(
            dir.path(),
            "x.sweep.toml",
            &format!("[sweep]\nscenario = \"{target}\"\n{body}"),
        );
        for cmd in ["check", "sweep"] {
            let mut c = leadplan();
            c.arg(cmd).arg(&f);
            if cmd == "sweep" {
                c.arg("--out").arg(dir.path().join("o"));
            }
            let out = c.output().unwrap();
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{target}: {err}");
            assert!(err.contains(says), "{target}: {err}");
            assert!(
                !err.contains("SECRET") && !err.contains("root:"),
                "{target}: {err}"
            );
        }
    }
}

/// Regression: `solve` on a sweep file said "no countries".
#[test]
fn solve_on_a_sweep_file_says_it_is_a_sweep_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.toml", BASE);
    let f = write(
        dir.path(),
        "x.sweep.toml",
        "[sweep]\nscenario = \"s.toml\"\nruns = 4\n[[sweep.param]]\npath = \"country.*.capacity\"\nrelative = 0.2\n",
    );
    let err = refused(leadplan().arg("solve").arg(&f));
    assert!(err.contains("this is a sweep file"), "{err}");
    assert!(err.contains("leadplan sweep"), "{err}");
    assert!(!err.contains("no countries"), "{err}");
}

/// Regression: a baseline with a byte-order mark was
/// rejected; one giving 3 leads to a 1-lead task was accepted.
#[test]
fn baselines_with_a_bom_are_read_and_extra_leads_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "s.toml", BASE);
    let plan = dir.path().join("plan.json");
    leadplan()
        .arg("solve")
        .arg(&s)
        .args(["--format", "json", "--out"])
        .arg(&plan)
        .assert()
        .code(0);
    let json = std::fs::read_to_string(&plan).unwrap();
    let bom = write(dir.path(), "bom.json", &format!("\u{feff}{json}"));
    leadplan()
        .arg("replan")
        .arg(&s)
        .arg("--baseline")
        .arg(&bom)
        .assert()
        .code(0);
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["assignments"][0]["leads"] = serde_json::json!(["JP", "KR"]);
    let three = write(dir.path(), "three.json", &v.to_string());
    let err = refused(
        leadplan()
            .arg("replan")
            .arg(&s)
            .arg("--baseline")
            .arg(&three),
    );
    assert!(
        err.contains("leads in the baseline, but the scenario gives it 1"),
        "{err}"
    );
}

/// A scenario of `countries` x `tasks` (every task effort 1, room for all).
fn large_scenario(countries: usize, tasks: usize) -> String {
    let mut s = String::from("[scenario]\nname = \"large\"\n");
    for c in 0..countries {
        let cap = tasks / countries + 2;
        let x = (c as f64 * 0.37) % 1.0;
        s.push_str(&format!(
            "[[country]]\nid = \"C{c}\"\ncapacity = {cap}\ncapability = {{ a = {x:.2}, b = {:.2} }}\n",
            1.0 - x
        ));
    }
    for t in 0..tasks {
        let w = (t as f64 * 0.61) % 1.0;
        s.push_str(&format!(
            "[[task]]\nid = \"t{t}\"\neffort = 1\nrequirements = {{ a = {w:.2}, b = {:.2} }}\n",
            1.0 - w
        ));
    }
    s
}

/// `solve --no-explain --time-limit 3 --format json` with `extra` flags: its
/// exit code, JSON (whose status must be optimal or time_limit) and stderr.
fn solve_in_3_seconds(s: &Path, extra: &[&str]) -> (Option<i32>, serde_json::Value, String) {
    let out = leadplan()
        // The search's timings go to stderr, which a failure prints.
        .env("LEADPLAN_BNB_DEBUG", "1")
        .args([
            "solve",
            "--no-explain",
            "--time-limit",
            "3",
            "--format",
            "json",
        ])
        .args(extra)
        .arg(s)
        .output()
        .unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    assert!(
        ["optimal", "time_limit"].contains(&json["status"].as_str().unwrap()),
        "{json}"
    );
    (out.status.code(), json, stderr(&out))
}

/// Regression: `solve` on a 10 x 5,000 scenario grew to
/// 15 GB with no end in sight. microlp now needs a time limit above 5,000 lead
/// variables (a sentence and exit 2 at once), and ends at that limit.
#[test]
fn a_large_scenario_ends_with_a_sentence_a_plan_or_a_bound() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "large.toml", &large_scenario(10, 600));
    let err = refused(leadplan().args(["solve", "--solver", "microlp"]).arg(&s));
    assert!(err.contains("6000 lead variables"), "{err}");
    assert!(err.contains("runs only with --time-limit"), "{err}");
    let (code, json, _) = solve_in_3_seconds(&s, &["--solver", "microlp"]);
    assert!(matches!(code, Some(0 | 1)), "{json}");
}

/// The memory limit stops leadplan with a sentence (exit 1), never the machine.
#[test]
fn the_memory_limit_stops_with_a_sentence() {
    let out = leadplan()
        .args(["--max-memory-mb", "1", "check"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("past the limit of 1 MB (--max-memory-mb)"),
        "{}",
        stderr(&out)
    );
}

/// Regression: a fit weight of 1e308 was a solver error and 1e300 printed an
/// objective of "inf"; a cost of 1e300 printed three hundred digits. Every
/// number is now at most 1e15, refused at its line with a fix.
#[test]
fn numbers_beyond_1e15_are_refused_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let huge = format!("{BASE}\n[policy]\nweights = {{ fit = 1e308 }}\n");
    let s = write(dir.path(), "w.toml", &huge);
    for cmd in ["check", "solve"] {
        let err = refused(leadplan().arg(cmd).arg(&s));
        assert!(
            err.contains("an objective weight must be at most 1e15, found 1e308"),
            "{err}"
        );
        assert!(err.contains("policy.weights.fit"), "{err}");
        assert!(err.contains("w.toml:"), "{err}");
        assert!(err.contains("divide every weight"), "{err}");
    }
    let ok = format!("{BASE}\n[policy]\nweights = {{ fit = 1e15 }}\n");
    let s = write(dir.path(), "ok.toml", &ok);
    leadplan().arg("check").arg(&s).assert().code(0);
}

/// Regression: a trivially feasible 3 x 10,000 scenario found no plan within
/// 30 s (the root LP took the whole limit). A greedy plan, completed and
/// checked, now comes first on models above 5,000 lead variables.
#[test]
fn a_large_feasible_scenario_gets_a_plan_within_a_short_limit() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "wide.toml", &large_scenario(3, 10_000));
    // The embedded branch and bound's greedy first plan; a build with HiGHS
    // would pick HiGHS here, which has no such plan under a 3 s limit.
    let (code, json, err) = solve_in_3_seconds(&s, &["--solver", "bnb"]);
    assert_eq!(code, Some(0), "{json}\n{err}");
    assert!(json["objective"].as_f64().is_some(), "{json}");
    assert_eq!(json["assignments"].as_array().unwrap().len(), 10_000);
    if json["status"] == "time_limit" && json["bound"].is_null() {
        let msg = json["message"].as_str().unwrap();
        assert!(msg.contains("before it proved any bound"), "{msg}");
    }
}

/// A capability matrix outside the scenario's folder is refused without a
/// word of it quoted, unless the user names its folder with --read-root;
/// the same flag lets a CSV folder link to a file there.
#[test]
fn read_root_allows_a_named_folder_and_nothing_else() {
    let root = tempfile::tempdir().unwrap();
    let (scen, common, other) = (
        root.path().join("scenarios"),
        root.path().join("common-data"),
        root.path().join("other"),
    );
    for d in [&scen, &common, &other] {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::write(
        common.join("scores.csv"),
        "country,a\nA,0.25\nSECRET-ROW,0.5\n",
    )
    .unwrap();
    let s = write(
        &scen,
        "s.toml",
        "[scenario]\nname = \"x\"\ncapabilities = \"../common-data/scores.csv\"\n[[country]]\nid = \"A\"\ncapacity = 1\n[[task]]\nid = \"t\"\neffort = 1\nrequirements = { a = 1 }\n",
    );
    let err = refused(leadplan().arg("check").arg(&s));
    assert!(err.contains("climbs out of the scenario's folder"), "{err}");
    assert!(err.contains("--read-root"), "{err}");
    assert!(!err.contains("SECRET-ROW"), "quoted: {err}");
    // Another folder named does not open this one.
    let err = refused(
        leadplan()
            .arg("--read-root")
            .arg(&other)
            .arg("check")
            .arg(&s),
    );
    assert!(err.contains("climbs out"), "{err}");
    // Its own folder named: read (and its unknown country reported).
    let out = leadplan()
        .arg("--read-root")
        .arg(&common)
        .arg("check")
        .arg(&s)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(!err.contains("climbs out"), "{err}");
    assert!(
        err.contains("SECRET-ROW"),
        "the allowed matrix was read: {err}"
    );
    let err = refused(
        leadplan()
            .args(["--read-root", "/no/such/folder", "check"])
            .arg(&s),
    );
    assert!(
        err.contains("--read-root /no/such/folder: not an existing folder"),
        "{err}"
    );
}
