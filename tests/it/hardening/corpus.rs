//! The fixed corpus of hostile inputs (tests/corpus), fed to every reader: in
//! process (each reader returns a value or an error, never panics) and through
//! the binary (exit 0, 1 or 2 with a sentence, no panic, no escape sequence and
//! no line of another file on the terminal, within the command's time limit).
//! Random damage to valid files is covered by the property tests below.

use std::panic::catch_unwind;

use proptest::prelude::*;

use super::*;

fn corpus(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus files for {kind}");
    files
}

fn base_scenario() -> leadplan::Scenario {
    leadplan::Scenario::from_toml_str(BASE, "base.toml").unwrap()
}

/// What no answer may contain: escape sequences, or lines of /etc/passwd.
fn assert_harmless(text: &str, file: &Path) {
    assert!(!text.contains("panicked"), "{}: {text}", file.display());
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{}: control character in {text:?}",
        file.display()
    );
    assert!(!text.contains("root:x:0:0"), "{}: {text}", file.display());
}

#[test]
fn every_reader_answers_every_corpus_file_in_process() {
    for f in corpus("scenario") {
        let r = catch_unwind(|| leadplan::Scenario::load(&f).map(|_| ()));
        assert!(r.is_ok(), "Scenario::load panicked on {}", f.display());
        if let Ok(Err(e)) = r {
            assert_harmless(&e.to_string(), &f);
        }
    }
    for f in corpus("sweep") {
        let over = leadplan::studies::sweep::Overrides::default();
        let r = catch_unwind(|| leadplan::studies::sweep::Sweep::load(&f, over).map(|_| ()));
        assert!(r.is_ok(), "Sweep::load panicked on {}", f.display());
        assert!(r.unwrap().is_err(), "{} was accepted", f.display());
    }
    for f in corpus("gap") {
        let r = catch_unwind(|| leadplan::studies::orlib::load(&f, None).map(|_| ()));
        assert!(r.is_ok(), "gap::load panicked on {}", f.display());
    }
    for f in corpus("font") {
        let r = catch_unwind(|| {
            leadplan::outputs::chart::ChartFont::from_file(
                &f,
                leadplan::outputs::chart::FontOrigin::Option,
            )
            .map(|_| ())
        });
        assert!(matches!(r, Ok(Err(_))), "{} was not refused", f.display());
    }
}

#[test]
fn the_binary_answers_every_corpus_file_with_exit_0_1_or_2() {
    let mut all = corpus("scenario");
    all.extend(corpus("sweep"));
    let out = leadplan().arg("check").args(&all).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_harmless(&stderr(&out), Path::new("check"));
    assert_harmless(&stdout(&out), Path::new("check"));
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "s.toml", BASE);
    for f in corpus("baseline") {
        let out = leadplan()
            .arg("replan")
            .arg(&s)
            .arg("--baseline")
            .arg(&f)
            .output()
            .unwrap();
        assert!(matches!(out.status.code(), Some(0..=2)), "{}", f.display());
        assert_harmless(&stderr(&out), &f);
    }
    for f in corpus("gap") {
        let out = leadplan()
            .arg("gap")
            .arg(&f)
            .args(["--time-limit", "5"])
            .output()
            .unwrap();
        assert!(matches!(out.status.code(), Some(0..=2)), "{}", f.display());
        assert_harmless(&stderr(&out), &f);
    }
}

fn damage(text: &str, cuts: &[(usize, String)]) -> String {
    let mut t = text.to_string();
    for (at, junk) in cuts {
        let mut at = (*at).min(t.len());
        while !t.is_char_boundary(at) {
            at -= 1;
        }
        t.insert_str(at, junk);
    }
    t
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]
    /// Random damage to a valid scenario: an answer, never a panic, and no
    /// control character in any diagnostic.
    #[test]
    fn damaged_scenarios_never_panic(cuts in prop::collection::vec((0usize..1200, "[\\[\\]{}=\"'#\\\\.,a-z0-9 \n\u{1b}\u{0}é-]{0,6}"), 1..6)) {
        let text = damage(BASE, &cuts);
        if let Err(diags) = leadplan::Scenario::from_toml_str(&text, "d.toml") {
            let shown = leadplan::scenario::diag::render_all(&diags);
            prop_assert!(!shown.chars().any(|c| c.is_control() && c != '\n'), "{shown:?}");
        }
    }

    /// Random damage to a valid baseline plan: an answer, never a panic.
    #[test]
    fn damaged_baselines_never_panic(cuts in prop::collection::vec((0usize..400, "[\\[\\]{}:,\"a-zA-Z0-9 \n\u{feff}-]{0,6}"), 1..6)) {
        let plan = r#"{"assignments": [{"task": "legal-code-drafting", "leads": ["JP"]}, {"task": "judicial-training", "leads": ["KR"]}]}"#;
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "p.json", &damage(plan, &cuts));
        let s = base_scenario();
        let _ = leadplan::planning::resilience::replan::read_baseline(&p, &s);
    }
}

/// How one run of the binary ended: exit code, standard error, seconds, and
/// peak resident memory in MB.
struct Measured {
    code: Option<i32>,
    stderr: String,
    secs: f64,
    peak_mb: u64,
}

/// Runs the binary with `args` and measures it. The peak memory is the
/// child's own `ru_maxrss`, from `wait4` on its pid: `getrusage(RUSAGE_CHILDREN)`
/// would give the largest of every child this test process ever waited for,
/// other tests' runs included. A run past 60 s is killed.
#[cfg(target_os = "linux")]
fn run_measured(args: &[&std::ffi::OsStr]) -> Measured {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let err_path = dir.path().join("stderr");
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("leadplan"))
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let done = Arc::new(AtomicBool::new(false));
    let watch = {
        let done = done.clone();
        std::thread::spawn(move || {
            let until = Instant::now() + Duration::from_secs(60);
            while !done.load(Ordering::SeqCst) && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(20));
            }
            if !done.load(Ordering::SeqCst) {
                // SAFETY: the child is not reaped yet (done is unset), so the pid is still ours.
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
        })
    };
    let start = Instant::now();
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid out-parameter for wait4.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our unreaped child; status and usage are valid pointers.
    let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    done.store(true, Ordering::SeqCst);
    let secs = start.elapsed().as_secs_f64();
    watch.join().unwrap();
    drop(child);
    assert_eq!(got, pid, "wait4 failed");
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Measured {
        code,
        stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
        secs,
        peak_mb: usage.ru_maxrss as u64 / 1024,
    }
}

/// A scenario whose capability matrix is sheet `tasks` of `book`.
fn scenario_reading(dir: &Path, book: &Path) -> PathBuf {
    let text = BASE.replacen(
        "dimensions = [",
        &format!(
            "capabilities = {:?}\ndimensions = [",
            format!("{}#tasks", book.display())
        ),
        1,
    );
    let text = text
        .lines()
        .filter(|l| !l.starts_with("capability = "))
        .collect::<Vec<_>>()
        .join("\n");
    write(dir, "reads-book.toml", &text)
}

/// Every hostile workbook is refused by `import` and by `check` (through a
/// scenario that takes its capability matrix from the workbook): exit 2, a
/// sentence naming the file, within 10 s and 500 MB, never the memory
/// watchdog's advice about `--time-limit`.
#[cfg(target_os = "linux")]
#[test]
fn every_corpus_workbook_is_refused_quickly_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.toml");
    for f in corpus("workbook") {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let s = scenario_reading(dir.path(), &f);
        let runs = [
            run_measured(&[
                "import".as_ref(),
                f.as_os_str(),
                "--out".as_ref(),
                out.as_os_str(),
            ]),
            run_measured(&["check".as_ref(), s.as_os_str()]),
        ];
        for (cmd, m) in ["import", "check"].iter().zip(&runs) {
            let at = format!(
                "{cmd} {name}: {:.2} s, {} MB: {}",
                m.secs, m.peak_mb, m.stderr
            );
            assert_eq!(m.code, Some(2), "{at}");
            assert!(m.stderr.contains(&name), "the file is not named: {at}");
            assert!(!m.stderr.contains("--time-limit"), "{at}");
            assert_harmless(&m.stderr, &f);
            assert!(m.secs < 10.0, "{at}");
            assert!(m.peak_mb < 500, "{at}");
        }
        assert!(!out.exists(), "{name}: a scenario was written");
    }
}

/// In process: the scenario loader answers every hostile workbook it is
/// pointed at with an error naming it, never a panic.
#[test]
fn the_scenario_loader_refuses_every_corpus_workbook_in_process() {
    let dir = tempfile::tempdir().unwrap();
    for f in corpus("workbook") {
        let s = scenario_reading(dir.path(), &f);
        let r = catch_unwind(|| leadplan::Scenario::load(&s).map(|_| ()));
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        match r {
            Ok(Err(e)) => {
                let e = e.to_string();
                assert!(e.contains(&name), "{name}: {e}");
                assert_harmless(&e, &f);
            }
            Ok(Ok(())) => panic!("{name} was accepted"),
            Err(_) => panic!("Scenario::load panicked on {name}"),
        }
    }
}
