//! The minister's briefing, the first section of `leadplan report`: no method
//! jargon and no unexplained decimals, and every fact it states is what `solve`
//! and `contingency` compute for the same scenario.

use std::path::{Path, PathBuf};

use super::{leadplan, montecarlo, ok, shipped, ROOT, TRILATERAL};

/// Words a minister should not meet on the first page.
const BANNED: &[&str] = &[
    "objective",
    "runner-up",
    "prim",
    "augmecon",
    "peel",
    "peeling",
    "trajectory",
    "rho",
    "spearman",
    "sobol",
    "saltelli",
    "milp",
    "mip",
    "lp",
    "solver",
    "microlp",
    "highs",
    "binding",
    "p-value",
    "quasi",
    "density",
    "coverage",
    "hypercube",
    "monte",
    "pareto",
    "epsilon",
    "lexicographic",
    "infeasible",
    "feasible",
    "n-1",
];

fn five() -> PathBuf {
    Path::new(ROOT).join("examples/indo-pacific-five.toml")
}

/// The markdown report's text from its first line to the appendix heading.
fn briefing(scenario: &Path, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.md");
    let mut args = vec![
        "report",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let code = leadplan().args(&args).output().unwrap().status.code();
    assert!(matches!(code, Some(0 | 1)), "{args:?}");
    let md = std::fs::read_to_string(&out).unwrap();
    let end = md.find("\n# Appendix").unwrap_or(md.len());
    assert!(md.contains("\n## In brief\n"), "{md}");
    // Markdown's backslash escapes (`S\&T`, `supply\_chain`) read as the text.
    md[..end].replace('\\', "")
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn assert_plain(text: &str, what: &str) {
    let ws = words(text);
    for bad in BANNED {
        assert!(
            !ws.iter().any(|w| w == bad),
            "{what}: the briefing uses `{bad}`:\n{text}"
        );
    }
    // Raw ids and key paths: `supply_chain`, `country.JP.capacity`.
    for w in text.split_whitespace() {
        assert!(!w.contains('_'), "{what}: raw id `{w}` in the briefing");
        assert!(
            !(w.starts_with("country.") || w.starts_with("task.") || w.starts_with("policy.")),
            "{what}: key path `{w}`"
        );
    }
    // No number with more than one decimal: money is rounded as the inputs
    // were written (whole numbers in these scenarios), shares in percent.
    let chars: Vec<char> = text.chars().collect();
    for (k, c) in chars.iter().enumerate() {
        if *c == '.' && k > 0 && chars[k - 1].is_ascii_digit() {
            let decimals = chars[k + 1..]
                .iter()
                .take_while(|d| d.is_ascii_digit())
                .count();
            let at: String = chars[k.saturating_sub(20)..(k + 10).min(chars.len())]
                .iter()
                .collect();
            assert!(decimals <= 1, "{what}: unexplained decimals in `{at}`");
        }
    }
}

#[test]
fn the_briefing_has_no_method_terms_and_no_unexplained_decimals() {
    let mut files = shipped();
    files.push(five());
    files.push(Path::new(ROOT).join("tests/fixtures/infeasible-capacity.toml"));
    for f in &files {
        let text = briefing(f, &[]);
        assert_plain(&text, &f.display().to_string());
    }
    let swept = briefing(
        Path::new(TRILATERAL),
        &["--sweep", montecarlo().to_str().unwrap()],
    );
    assert_plain(&swept, "with a sweep");
    let fixtures = Path::new(ROOT).join("tests/fixtures/horizon");
    let horizon = fixtures.join("tiny.horizon.toml");
    let across = briefing(
        &fixtures.join("tiny.toml"),
        &["--horizon", horizon.to_str().unwrap()],
    );
    assert!(across.contains("### Across the elections"), "{across}");
    assert_plain(&across, "with a horizon");
    assert!(
        swept.contains("The plan was tested in 200 trials in which"),
        "{swept}"
    );
}

#[test]
fn the_analyst_audience_has_no_briefing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.md");
    ok(&[
        "report",
        TRILATERAL,
        "--audience",
        "analyst",
        "--out",
        out.to_str().unwrap(),
    ]);
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(!md.contains("## In brief") && !md.contains("# Appendix"));
    assert!(md.contains("objective") && md.contains("## If a partner steps back"));
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = leadplan().args(args).output().unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stderr)))
}

/// The table rows (cells) that follow heading `h` in the markdown `text`.
fn table_after(text: &str, h: &str) -> Vec<Vec<String>> {
    let from = text.find(h).unwrap_or_else(|| panic!("no {h}"));
    text[from..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                // Markdown escapes punctuation with a backslash: `S\&T`.
                .map(|c| c.trim().replace('\\', ""))
                .collect()
        })
        .collect()
}

/// Every fact of the briefing, checked against `solve` and `contingency`.
fn check_facts(scenario: &Path) {
    let file = scenario.to_str().unwrap();
    let text = briefing(scenario, &[]);
    let solved = json(&["solve", "--explain", "--format", "json", file]);
    let objective = solved["objective"].as_f64().unwrap();
    let names: std::collections::HashMap<String, String> = solved["countries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // What it costs: leads, money and effort per country, rounded whole.
    let costs = table_after(&text, "### What it costs");
    let countries = solved["countries"].as_array().unwrap();
    assert_eq!(costs.len(), countries.len());
    for (row, c) in costs.iter().zip(countries) {
        assert_eq!(row[0], c["name"].as_str().unwrap());
        assert_eq!(row[1], c["leads"].to_string());
        let paid = c["cost_paid"].as_f64().unwrap().round();
        assert!(row[2].starts_with(&format!("{paid} of")), "{row:?} {c}");
        let used = c["effort_used"].as_f64().unwrap().round();
        assert!(row[3].starts_with(&format!("{used} of")), "{row:?} {c}");
    }
    // Who leads what: leads by name, and close calls exactly below 1% of the score.
    let leads = table_after(&text, "### Who leads what");
    let tasks = solved["assignments"].as_array().unwrap();
    assert_eq!(leads.len(), tasks.len());
    for (row, t) in leads.iter().zip(tasks) {
        assert_eq!(row[0], t["name"].as_str().unwrap());
        for id in t["leads"].as_array().unwrap() {
            assert!(row[1].contains(&names[id.as_str().unwrap()]), "{row:?}");
        }
        if let Some(loss) = t["runner_up_loss"].as_f64() {
            let runner = &names[t["runner_up"].as_str().unwrap()];
            assert!(row[3].contains(runner.as_str()), "{row:?}");
            if t["leads"].as_array().unwrap().is_empty() {
                assert!(row[3].starts_with("optional, left out"), "{row:?}");
                continue;
            }
            assert_eq!(
                row[3].starts_with("close call"),
                loss < 0.01 * objective,
                "{row:?} loss {loss} of {objective}"
            );
        }
    }
    // What would change it: one sentence per withdrawal, as `contingency` finds.
    let cont = json(&["contingency", "--format", "json", file]);
    for c in cont["contingencies"].as_array().unwrap() {
        let id = c["countries"][0].as_str().unwrap();
        let name = &names[id];
        let line = text
            .lines()
            .find(|l| l.starts_with("- If ") && l.contains(&format!("{name} stepped back")))
            .unwrap_or_else(|| panic!("no sentence for {name}:\n{text}"));
        let feasible = c["feasible"].as_bool().unwrap();
        assert_eq!(
            line.contains("no division of labour would meet every rule"),
            !feasible && c["plan"] == "best_effort",
            "{line}"
        );
        if feasible {
            let moved = c["reassigned"].as_array().unwrap().len();
            let said = if moved == 1 {
                "1 task would change hands".to_string()
            } else {
                format!("{moved} tasks would change hands")
            };
            assert!(line.contains(&said), "{line} vs {c}");
        } else {
            for sh in c["short"].as_array().unwrap() {
                let t = tasks.iter().find(|t| t["task"] == sh["task"]).unwrap();
                assert!(line.contains(t["name"].as_str().unwrap()), "{line}");
            }
        }
    }
}

#[test]
fn the_briefing_states_what_solve_and_contingency_compute() {
    check_facts(Path::new(TRILATERAL));
    check_facts(&five());
}
