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
