//! Regression tests: sweep readings that misled.

use super::{sweep, Dir, MC};

/// The sweep's summary text (stdout).
fn summary(d: &Dir, head: &str, body: &str) -> String {
    let f = d.sweep("s.sweep.toml", head, body);
    let out = sweep(&f, &d.path("out"), &["--threads", "1"])
        .get_output()
        .clone();
    String::from_utf8(out.stdout).unwrap()
}

/// The section of `text` that starts with `title`, up to the next blank line.
fn section<'a>(text: &'a str, title: &str) -> &'a str {
    let start = text
        .find(title)
        .unwrap_or_else(|| panic!("no `{title}` in\n{text}"));
    let rest = &text[start..];
    &rest[..rest.find("\n\n").unwrap_or(rest.len())]
}

#[test]
fn defect6_drivers_of_the_plan_are_apart_from_drivers_of_the_objectives_scale() {
    let d = Dir::new();
    let body = format!(
        "{MC}[[sweep.param]]\npath = \"policy.weights.cost\"\nuniform = {{ min = 0, max = 1 }}\n"
    );
    let text = summary(&d, "design = \"montecarlo\"\nruns = 60\nseed = 5", &body);
    let plan = section(&text, "Drivers of the plan");
    let value = section(&text, "Drivers of the objective's value");
    let scale = section(&text, "Drivers of the objective's scale");
    assert!(
        plan.contains("policy.weights.cost"),
        "every parameter's plan effect is shown"
    );
    assert!(!value.contains("policy.weights.cost"), "{value}");
    assert!(scale.contains("policy.weights.cost"), "{scale}");
    assert!(value.contains("country.A.capacity"));
}

#[test]
fn defect6_a_share_of_runs_gives_both_denominators() {
    let d = Dir::new();
    let text = summary(&d, "design = \"montecarlo\"\nruns = 40\nseed = 3", MC);
    let line = text
        .lines()
        .find(|l| l.contains("survives intact in"))
        .unwrap();
    let optimal: u64 = text
        .lines()
        .find(|l| l.starts_with("Runs: "))
        .and_then(|l| l["Runs: ".len()..].split(' ').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(optimal < 40, "the fixture has infeasible runs: {text}");
    assert!(
        line.contains(&format!("of the {optimal} optimal runs,")) && line.contains("of all 40"),
        "{line}"
    );
    assert!(text.contains(&format!(
        "Leads: share of the {optimal} optimal runs (of all 40)"
    )));
}

#[test]
fn defect6_a_weights_sweep_pools_no_objectives_across_weightings() {
    let d = Dir::new();
    let body = "[[sweep.param]]\npath = \"policy.weights.cost\"\nvalues = [0, 0.5, 1, 2]\n[[sweep.param]]\npath = \"policy.weights.fit\"\nvalues = [5, 10, 20]\n";
    let text = summary(&d, "design = \"grid\"", body);
    assert!(!text.contains("Objective: mean"), "{text}");
    assert!(
        !text.contains("Regret (optimum minus baseline plan): mean"),
        "{text}"
    );
    assert!(text.contains("not pooled across runs"), "{text}");
    assert!(!text.contains("Drivers of the objective's value"), "{text}");
}

#[test]
fn defect6_chart_help_says_what_the_auto_axis_does() {
    let out = assert_cmd::Command::cargo_bin("leadplan")
        .unwrap()
        .args(["chart", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.contains("The axis along which the distinct plans differ"),
        "{help}"
    );
}
