//! Issue 9 (honest inputs): the report's "About these inputs" section, in HTML and Markdown.

use std::path::Path;

use crate::{ok, ROOT, TRILATERAL};

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
        "capability scores (39)",
        "task sensitivities (12)",
        "<strong>Illustrative </strong>",
        "costs (12)",
        "budgets (3)",
        "<strong>Approximate </strong>",
        "fair shares (3)",
        "<strong>Sourced </strong>",
        "leads per task (1 of 2)",
        "brief §climate, trilateral burden sharing",
    ] {
        assert!(about.contains(item), "{item} in {about}");
    }
    assert!(!about.contains("Unmarked"), "{about}");
    let md = report(Path::new(TRILATERAL), &dir.path().join("r.md"));
    let about = section(&md, "## About these inputs", "## Assumptions");
    assert!(about.contains("- **Illustrative** (placeholder planning figures"));
    assert!(about.contains(": capacities (3), budgets (3), efforts (14), costs (12)."));
    assert!(about.contains("- **Judgement** (") && about.contains("capability scores (39)"));
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
