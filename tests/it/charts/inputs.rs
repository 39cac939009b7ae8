//! Honest inputs: every number of a shipped scenario says where it comes from,
//! quotations of the brief are its own words, and the report's "About these inputs"
//! section lists the markers, in HTML and Markdown.

use std::path::Path;

use super::{ok, ROOT, TRILATERAL};

fn report(scenario: &Path, out: &Path) -> String {
    ok(&[
        "report",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-explain",
    ]);
    std::fs::read_to_string(out).unwrap()
}

/// The text of the section, from its heading to the next level-2 heading.
fn section<'a>(doc: &'a str, start: &str, end: &str) -> &'a str {
    let from = doc.find(start).expect("the section is there");
    let to = from + doc[from..].find(end).expect("a section follows");
    &doc[from..to]
}

#[test]
fn the_report_lists_which_inputs_are_judgement_or_illustrative_in_html_and_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let html = report(Path::new(TRILATERAL), &dir.path().join("r.html"));
    assert!(html.contains("<a href=\"#about-these-inputs\">About these inputs</a>"));
    let about = section(&html, "id=\"about-these-inputs\"", "id=\"assumptions\"");
    for item in [
        "<strong>Judgement </strong>",
        "capability scores (54)",
        "task sensitivities (26)",
        "<strong>Illustrative </strong>",
        "costs (26)",
        "budgets (3)",
        "<strong>Approximate </strong>",
        "fair shares (3)",
        "<strong>Sourced </strong>",
        "leads per task (8 of 9)",
        "brief §climate, trilateral burden sharing",
    ] {
        assert!(about.contains(item), "{item} in {about}");
    }
    assert!(!about.contains("Unmarked"), "{about}");
    let md = report(Path::new(TRILATERAL), &dir.path().join("r.md"));
    let about = section(&md, "## About these inputs", "## Assumptions");
    assert!(about.contains("- **Illustrative** (placeholder planning figures"));
    assert!(about.contains(": capacities (3), budgets (3), efforts (30), costs (26)."));
    assert!(about.contains("- **Judgement** (") && about.contains("capability scores (54)"));
}

#[test]
fn a_scenario_that_marks_nothing_is_reported_as_unmarked_not_as_fact() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(ROOT).join("tests/fixtures/base.toml");
    let md = report(&fixture, &dir.path().join("b.md"));
    let about = section(&md, "## About these inputs", "## Assumptions");
    assert!(about.contains("marks none of its 10 numbers"), "{about}");
    assert!(about.contains("treat every number as judgement"), "{about}");
    // Half-marked: the rest is listed as unmarked, and a note that looks like markup stays text.
    let text = std::fs::read_to_string(&fixture).unwrap().replacen(
        "capacity = 6",
        "capacity = 6 # source: <b>Table 1</b>",
        1,
    );
    let half = dir.path().join("half.toml");
    std::fs::write(&half, text).unwrap();
    let html = report(&half, &dir.path().join("h.html"));
    let about = section(&html, "id=\"about-these-inputs\"", "id=\"assumptions\"");
    assert!(about.contains("capacities (1 of 2)"), "{about}");
    assert!(about.contains("<strong>Unmarked </strong>"), "{about}");
    assert!(
        about.contains("capacities (sourced): &lt;b&gt;Table 1&lt;/b&gt;"),
        "{about}"
    );
}

/// Every `.toml` under `scenarios/` (futures included).
fn shipped_toml_files() -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![Path::new(ROOT).join("scenarios")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The lines of `text` that give a number, with their comment (`None`: no comment).
fn number_lines(text: &str) -> Vec<(usize, &str, Option<&str>)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        let Some((_, value)) = line.split_once('=') else {
            continue;
        };
        if line.starts_with('#') || value.trim_start().starts_with(['"', '[']) {
            continue;
        }
        let (value, comment) = match value.split_once('#') {
            Some((v, c)) => (v, Some(c)),
            None => (value, None),
        };
        let has_number = value
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .any(|tok| tok.parse::<f64>().is_ok());
        if has_number {
            out.push((n + 1, line, comment));
        }
    }
    out
}

/// Honest inputs: a scenario's numbers say whether they are sourced or judgement.
#[test]
fn every_number_in_a_shipped_scenario_is_marked_sourced_or_judgement() {
    const MARKERS: [&str; 4] = ["source", "approximate", "judgement", "illustrative"];
    for path in shipped_toml_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        if !text.contains("[[country]]") {
            continue; // a sweep design, not a scenario
        }
        for (n, line, comment) in number_lines(&text) {
            let first = comment.unwrap_or("").trim_start();
            let word: String = first
                .chars()
                .take_while(char::is_ascii_alphabetic)
                .collect();
            assert!(
                MARKERS.contains(&word.as_str()),
                "{}:{n}: the comment must start with one of {MARKERS:?}: {line}",
                path.display()
            );
            // A sourced number names its source after the marker.
            if word == "source" {
                assert!(
                    first.len() > "source: ".len() + 5,
                    "{}:{n}: {line}",
                    path.display()
                );
            }
        }
    }
}

/// Honest inputs: a quotation in a comment is the brief's title, one of the phrases the
/// brief itself uses, or a term of the file's own; anything else the brief says
/// is paraphrased, without quotation marks.
#[test]
fn shipped_scenarios_quote_the_brief_only_in_its_own_words() {
    const ALLOWED: [&str; 7] = [
        "A Next-Generation Agenda for US-ROK-Japan Trilateral Cooperation",
        "divide and conquer",
        "ally-shoring",
        "no stated edge",
        "brief §<section>",
        "brief §...",
        "approximate",
    ];
    for path in shipped_toml_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let comments: Vec<&str> = text
            .lines()
            .filter_map(|l| l.split_once('#').map(|(_, c)| c.trim()))
            .collect();
        let comments = comments.join(" ");
        for quoted in comments.split('"').skip(1).step_by(2) {
            assert!(
                ALLOWED.contains(&quoted) || quoted == "About these inputs",
                "{}: unverified quotation \"{quoted}\"",
                path.display()
            );
        }
    }
}

/// The capability scores of a scenario file: (line number, score, comment), read from the
/// lines under each `[country.capability]` header.
fn capability_scores(text: &str) -> Vec<(usize, f64, String)> {
    let mut out = Vec::new();
    let mut in_capability = false;
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_capability = trimmed == "[country.capability]";
            continue;
        }
        if !in_capability {
            continue;
        }
        for (_, numbered, comment) in number_lines(line) {
            let value = numbered.split_once('=').unwrap().1;
            let value = value.split('#').next().unwrap().trim();
            out.push((n + 1, value.parse().unwrap(), comment.unwrap_or("").into()));
        }
    }
    out
}

/// The normalisation written at the end of a sourced score's comment, `raw/max`, evaluated.
fn stated_ratio(comment: &str) -> Option<f64> {
    let last = comment.rsplit(';').next()?.trim();
    let (a, b) = last.split_once('/')?;
    Some(a.trim().parse::<f64>().ok()? / b.trim().parse::<f64>().ok()?)
}

/// Evidence scenarios: in an evidence scenario every capability score is either sourced, naming the
/// indicator's publication with its edition year and ending with the normalisation whose
/// value is the score, or a judgement that says no figure was read for it.
#[test]
fn evidence_scores_name_indicator_edition_and_normalisation() {
    let mut checked = 0;
    for path in shipped_toml_files() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        if !name.contains("evidence") || !text.contains("[[country]]") {
            continue;
        }
        for (n, score, comment) in capability_scores(&text) {
            let comment = comment.trim();
            let at = format!("{name}:{n}");
            if let Some(rest) = comment.strip_prefix("source:") {
                let year = rest
                    .split(|c: char| !c.is_ascii_digit())
                    .any(|w| w.len() == 4 && (w.starts_with("201") || w.starts_with("202")));
                assert!(
                    year,
                    "{at}: a sourced score names its edition year: {comment}"
                );
                let ratio = stated_ratio(rest)
                    .unwrap_or_else(|| panic!("{at}: ends with its normalisation raw/max"));
                assert!(
                    (ratio - score).abs() <= 0.0015,
                    "{at}: score {score} but the stated normalisation gives {ratio:.4}"
                );
            } else {
                assert!(
                    comment.starts_with("judgement:")
                        && (comment.contains("not read") || comment.contains("not found")
                            || comment.contains("no ") && comment.contains(" read")),
                    "{at}: a score without a source is a judgement saying no figure was read: {comment}"
                );
            }
            checked += 1;
        }
    }
    assert!(
        checked >= 30,
        "the evidence scenario's scores were found ({checked})"
    );
}
