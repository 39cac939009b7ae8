//! `leadplan report`: self-contained HTML with every section, Markdown with PNGs, escaping.

use std::path::{Path, PathBuf};

use super::image::check_chart;
use super::{fails, montecarlo, ok, saltelli, shipped, weights, ROOT, TRILATERAL};

/// Text injected through every kind of name a scenario file holds.
pub const INJECTED: &str = "<script>document.title='pwned'</script>";

/// The trilateral scenario with markup in its names, description, domain and sources.
pub fn hostile_scenario(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(TRILATERAL)
        .unwrap()
        .replacen(
            "name = \"US-ROK-Japan public goods (Atlantic Council brief, Dec 2022)\"",
            "name = \"Injection test\"",
            1,
        )
        .replace("name = \"South Korea\"", &format!("name = \"{INJECTED}\""))
        .replace(
            "name = \"Best practices for reducing fatalities\"",
            "name = \"<img src=x onerror=alert(2)>\"",
        )
        .replace("domain = \"climate\"", "domain = \"</style><b>bold</b>\"")
        .replacen(
            "sources = [\n",
            "sources = [\n  \"<a href='https://example.org'>link</a> & more\",\n",
            1,
        );
    let p = dir.join("hostile.toml");
    std::fs::write(&p, text).unwrap();
    p
}

fn html_report(scenario: &Path, sweep: Option<&Path>, out: &Path) -> String {
    let mut args = vec![
        "report",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    if let Some(s) = sweep {
        args.extend(["--sweep", s.to_str().unwrap()]);
    }
    ok(&args);
    std::fs::read_to_string(out).unwrap()
}

/// No way for the file to reach the network or run code.
pub fn assert_self_contained(html: &str) {
    // Text is escaped, so `<`, `="` and `='` only come from the report's own markup.
    for bad in [
        "<script", "<link", "<iframe", "<object", "<embed", "<img", "src=\"", "src='", "url(",
        "@import",
    ] {
        assert!(!html.contains(bad), "found {bad}");
    }
    let urls = html.matches("=\"http").count() + html.matches("='http").count();
    let namespaces = html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
    assert_eq!(
        urls, namespaces,
        "only SVG namespace URIs may appear in attributes"
    );
    assert!(html.contains("Content-Security-Policy") && html.contains("default-src 'none'"));
}

#[test]
fn every_shipped_scenario_gets_a_self_contained_html_report() {
    let dir = tempfile::tempdir().unwrap();
    for scenario in shipped() {
        let out = dir.path().join("r.html");
        let html = html_report(&scenario, None, &out);
        assert_self_contained(&html);
        assert_eq!(
            html.matches("<svg ").count(),
            3,
            "plan matrix, country load, objective"
        );
        for id in [
            "id=\"the-plan\"",
            "id=\"assumptions\"",
            "id=\"binding-limits\"",
            "runner-up",
        ] {
            assert!(html.contains(id), "{}: {id}", scenario.display());
        }
        let text = std::fs::read_to_string(&scenario).unwrap();
        let s = leadplan::Scenario::from_toml_str(&text, "x").unwrap();
        for src in &s.sources {
            assert!(
                html.contains(&leadplan::outputs::document::html::escape(src)),
                "source {src}"
            );
        }
    }
}

#[test]
fn a_sweep_adds_robustness_drivers_and_trade_off_sections() {
    let dir = tempfile::tempdir().unwrap();
    let html = html_report(
        Path::new(TRILATERAL),
        Some(&saltelli()),
        &dir.path().join("s.html"),
    );
    assert_self_contained(&html);
    for id in [
        "id=\"robustness\"",
        "id=\"what-drives-the-plan\"",
        "total index ST",
    ] {
        assert!(html.contains(id), "{id}");
    }
    // The Saltelli design varies the cost and fairness weights, so it has a trade-off
    // section too, with a chart: the fairness weight moves leads, so its plans differ.
    assert!(html.contains("Plan A"), "the trade-off is charted");
    // Seven charts, and the peeling chart of the box that breaks the plan
    // (capacities cut; its noisy limits dropped, the box passes as a finding).
    assert_eq!(html.matches("<svg ").count(), 8);
    let html = html_report(
        Path::new(TRILATERAL),
        Some(&weights()),
        &dir.path().join("w.html"),
    );
    assert!(
        html.contains("id=\"trade-off-between-the-objective-s-terms\"") && html.contains("Plan A")
    );
    assert_eq!(html.matches("<svg ").count(), 7);
    // Monte Carlo over capabilities: rank correlations, no trade-off.
    let html = html_report(
        Path::new(TRILATERAL),
        Some(&montecarlo()),
        &dir.path().join("m.html"),
    );
    assert!(html.contains("rank correlation with whole-plan survival") && !html.contains("Plan A"));
    // Its runs fail, so the report asks which assumptions break the plan; at
    // 200 runs PRIM's best box restricts scores whose limits chance could have
    // drawn: not a finding, so no box and no peeling chart.
    assert!(html.contains("Which assumptions break the plan"));
    assert!(html.contains("No assumption reliably breaks the plan: PRIM on 200 runs"));
    assert_eq!(html.matches("<svg ").count(), 6);
}

#[test]
fn scenario_text_is_escaped_in_the_html_and_in_its_svg_charts() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = hostile_scenario(dir.path());
    let html = html_report(&scenario, None, &dir.path().join("h.html"));
    assert_self_contained(&html);
    assert!(!html.contains("<img") && !html.contains("<b>bold") && !html.contains("</style><"));
    assert!(
        html.contains("&lt;script&gt;document.title="),
        "escaped in tables"
    );
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(html.contains("&lt;a href="));
    let in_svg = html
        .split("<svg ")
        .skip(1)
        .any(|svg| svg.contains("&lt;script&gt;document.title="));
    assert!(in_svg, "escaped inside SVG text too");
}

#[test]
fn markdown_reports_link_png_charts_written_beside_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("brief.md");
    ok(&[
        "report",
        TRILATERAL,
        "--sweep",
        montecarlo().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let md = std::fs::read_to_string(&out).unwrap();
    let links: Vec<&str> = md
        .lines()
        .filter_map(|l| l.strip_prefix("!["))
        .filter_map(|l| l.split("](").nth(1))
        .map(|l| l.trim_end_matches(')'))
        .collect();
    // No peeling chart: the 200-run sweep's best box is not a finding.
    assert_eq!(links.len(), 6, "{links:?}");
    for link in links {
        let png = dir.path().join(link);
        let (w, h) = {
            let d = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
            let r = d.read_info().unwrap();
            (r.info().width, r.info().height)
        };
        check_chart(&png, (w, h));
        assert!(link.starts_with("brief-"), "{link}");
    }
    let hostile = hostile_scenario(dir.path());
    let out = dir.path().join("h.md");
    ok(&[
        "report",
        hostile.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "markdown",
    ]);
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("\\<script\\>") && md.contains("\\<img src=x"));
    let unescaped = md
        .match_indices('<')
        .filter(|(k, _)| !md[..*k].ends_with('\\'))
        .count();
    assert_eq!(unescaped, 0, "every < is escaped");
}

#[test]
fn the_report_is_byte_identical_when_made_twice() {
    let dir = tempfile::tempdir().unwrap();
    let a = html_report(
        Path::new(TRILATERAL),
        Some(&saltelli()),
        &dir.path().join("a.html"),
    );
    let b = html_report(
        Path::new(TRILATERAL),
        Some(&saltelli()),
        &dir.path().join("b.html"),
    );
    assert_eq!(a, b);
}

#[test]
fn an_infeasible_scenario_gets_a_report_of_what_would_make_a_plan_possible() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("i.html");
    let scenario = format!("{ROOT}/tests/fixtures/infeasible-capacity.toml");
    fails(&["report", &scenario, "--out", out.to_str().unwrap()], 1);
    let html = std::fs::read_to_string(out).unwrap();
    assert!(
        html.contains("What would make a plan possible") && html.contains("id=\"assumptions\"")
    );
    assert_eq!(html.matches("<svg ").count(), 0);
}
