//! The HTML report in a real browser (Debian's `chromium`, headless): it loads without errors or
//! network requests, its screenshot is not blank, and injected script does not run.
//!
//! Without chromium these tests say so and pass, unless CI is set: CI installs it (.ci/run).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::image::Image;
use super::report::{assert_self_contained, hostile_scenario, INJECTED};
use super::{ok, saltelli, TRILATERAL};

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// The browser, or `None` (after saying why) when the test should be skipped.
pub(crate) fn browser() -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser tests: install chromium (see .ci/run)"
        );
        eprintln!(
            "skipping the browser test: chromium is not installed (apt-get install chromium)"
        );
    }
    found
}

/// Runs headless chromium on `page` with `extra` flags and a fresh profile; returns (stdout, stderr).
fn run(bin: &Path, page: &Path, extra: &[&str]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("timeout")
        .arg("120")
        .arg(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Console messages about blocked loads, failed requests or errors in the browser's log.
fn problems(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| {
            (l.contains("CONSOLE")
                && (l.contains("violates")
                    || l.contains("Failed to load")
                    || l.contains("Uncaught")))
                || l.contains("net::ERR_")
        })
        .collect()
}

#[test]
fn the_log_check_catches_a_page_that_tries_the_network() {
    let Some(bin) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("probe.html");
    let csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">";
    std::fs::write(&page, format!("<!DOCTYPE html><html><head>{csp}</head><body><img src=\"http://example.invalid/x.png\"></body></html>")).unwrap();
    let (_, stderr) = run(&bin, &page, &["--dump-dom"]);
    assert!(
        !problems(&stderr).is_empty(),
        "a blocked request must show in the log:\n{stderr}"
    );
}

#[test]
fn the_report_loads_offline_without_errors_and_is_not_blank() {
    let Some(bin) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    ok(&[
        "report",
        TRILATERAL,
        "--sweep",
        saltelli().to_str().unwrap(),
        // The analyst's report opens with the plan matrix, which the pixels below look for.
        "--audience",
        "analyst",
        "--out",
        page.to_str().unwrap(),
    ]);
    let shot = dir.path().join("shot.png");
    let (_, stderr) = run(
        &bin,
        &page,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000",
        ],
    );
    assert!(problems(&stderr).is_empty(), "{:?}", problems(&stderr));
    let img = Image::open(&shot);
    assert_eq!((img.width, img.height), (1280, 2000));
    let inked = img.ink((0, 0, 1280, 2000));
    assert!(inked > 1280 * 2000 / 20, "{inked} inked pixels");
    assert!(img.colours() > 100, "{} colours", img.colours());
    // The title (an h1 at the top left) is rendered text.
    assert!(img.dark((30, 20, 900, 80)) > 2000);
    // The plan matrix (the first chart) shows the countries' colours: Okabe-Ito blue of the US.
    let blue = (0..2000)
        .flat_map(|y| (0..1280).map(move |x| (x, y)))
        .filter(|&(x, y)| img.pixel(x, y) == [0x00, 0x72, 0xB2])
        .count();
    assert!(blue > 500, "{blue} US-blue pixels");
}

#[test]
fn injected_script_in_a_scenario_does_not_run_and_shows_as_text() {
    let Some(bin) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let scenario = hostile_scenario(dir.path());
    let page = dir.path().join("hostile.html");
    ok(&[
        "report",
        scenario.to_str().unwrap(),
        "--out",
        page.to_str().unwrap(),
    ]);
    assert_self_contained(&std::fs::read_to_string(&page).unwrap());
    let (dom, stderr) = run(&bin, &page, &["--dump-dom", "--virtual-time-budget=2000"]);
    assert!(problems(&stderr).is_empty(), "{:?}", problems(&stderr));
    assert!(
        dom.contains("<title>Injection test</title>"),
        "the title is unchanged"
    );
    assert!(!dom.contains("pwned</title>"));
    assert!(
        !dom.contains("<script") && !dom.contains("<img"),
        "no element was injected"
    );
    let shown = INJECTED.replace('<', "&lt;").replace('>', "&gt;");
    assert!(dom.contains(&shown), "the name shows as text");
}
