//! The what-if page in headless Chromium, edited as a planner would: random
//! number edits typed into the editor, each plan on screen checked against
//! `leadplan solve --format json` on the edited scenario (downloaded from the
//! server and solved by the command line); an edit that leaves no plan shows
//! the certified fixes, and one applied from the keyboard gives a plan; a
//! screenshot of the page is not blank. The time from each edit to its plan in
//! the page is measured in the page and printed (docs/src/benchmarks.md).

use std::path::Path;
use std::process::Command;

use rand_chacha::rand_core::{Rng, SeedableRng};
use serde_json::{json, Value};

use super::cdp::Browser;
use super::{leads, serve, trilateral, Server};

/// Records, in the page, when the status line leaves "Re-planning...": the
/// moment the new plan is in the page (the table is drawn in the same call).
const OBSERVE: &str = "{ window.__done = null; const st = document.getElementById('status'); new MutationObserver(() => { if (window.__done === null && st.textContent !== 'Re-planning...') window.__done = performance.now(); }).observe(st, { childList: true, characterData: true, subtree: true }); true }";

/// The page's plan: its status line and each task's leads (ids, sorted).
fn on_screen(b: &mut Browser) -> (String, Vec<(String, Vec<String>)>) {
    let v = b.eval("[document.getElementById('status').textContent, [...document.querySelectorAll('#plan tbody tr')].map((r) => [r.dataset.task, r.dataset.leads])]");
    let rows = v[1]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let l = r[1].as_str().unwrap();
            let ids = l.split('+').filter(|x| !x.is_empty()).map(String::from);
            (r[0].as_str().unwrap().to_string(), ids.collect())
        })
        .collect();
    (v[0].as_str().unwrap().to_string(), rows)
}

/// `leadplan solve --format json` on the scenario with `edits`, or `None`
/// when the edits do not make a valid scenario.
fn solved(srv: &Server, edits: &Value, dir: &Path) -> Option<Value> {
    let (code, body) = srv.call("POST", "/api/toml", &edits.to_string());
    if code != 200 {
        return None;
    }
    let f = dir.join("edited.toml");
    std::fs::write(&f, body).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_leadplan"))
        .args(["solve", "--no-explain", "--format", "json"])
        .arg(&f)
        .output()
        .unwrap();
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

/// Types `value` into the input of `path` and waits for the plan; returns
/// the milliseconds from the edit to the plan in the page.
fn edit(b: &mut Browser, path: &str, value: f64) -> f64 {
    b.eval(&format!(
        "{{ window.__done = null; const i = document.querySelector('input[data-path=\"{path}\"]'); i.value = '{value}'; window.__t0 = performance.now(); i.dispatchEvent(new Event('change')); true }}"
    ));
    b.wait_for("window.__done !== null");
    b.eval("window.__done - window.__t0").as_f64().unwrap()
}

/// A value for number `n` of the scenario: its own times 0.5 to 1.5, within its bounds.
fn draw(rng: &mut rand_chacha::ChaCha8Rng, n: &Value) -> f64 {
    let v = n["value"].as_f64().unwrap();
    let f = 0.5 + (rng.next_u32() as f64 / u32::MAX as f64);
    let mut x = (v * f * 1000.0).round() / 1000.0;
    if n["integer"] == true {
        x = x.round();
    }
    x = x.max(n["lo"].as_f64().unwrap_or(f64::MIN));
    if let Some(hi) = n["hi"].as_f64() {
        x = x.min(hi);
    }
    x
}

/// The edit-to-plan times of docs/src/benchmarks.md: with
/// `LEADPLAN_SERVE_BENCH=path/to/release/leadplan`, 50 random edits of the
/// trilateral scenario and 20 of the IPEF one, each checked as above, timed
/// in the page and printed (a measurement, never an assertion on time).
#[test]
fn edit_to_plan_times_with_a_release_build() {
    let Some(release) = std::env::var_os("LEADPLAN_SERVE_BENCH") else {
        return;
    };
    let Some(bin) = crate::charts::browser::browser() else {
        return;
    };
    let mut b = Browser::start(&bin);
    let ipef = Path::new(super::ROOT).join("scenarios/ipef-partners.toml");
    for (file, n) in [(trilateral(), 50), (ipef, 20)] {
        let t = random_edits(&mut b, Path::new(&release), &file, n, 7);
        let (lo, hi) = (
            t.iter().copied().fold(f64::INFINITY, f64::min),
            t.iter().copied().fold(0.0, f64::max),
        );
        eprintln!(
            "{}: edit to plan in the page, median {:.1} ms over {n} edits (min {lo:.1}, max {hi:.1})",
            file.display(),
            median(t)
        );
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Opens `file` in the page and checks `count` random edits; returns the
/// milliseconds of each.
fn random_edits(b: &mut Browser, bin: &Path, file: &Path, count: usize, seed: u64) -> Vec<f64> {
    let srv = super::serve_with(bin, file);
    let scen = srv.get_json("/api/scenario");
    let tasks = scen["tasks"].as_array().unwrap().len();
    b.open(&format!(
        "http://127.0.0.1:{}/?token={}",
        srv.port, srv.token
    ));
    b.wait_for(&format!(
        "document.querySelectorAll('#plan tbody tr').length === {tasks} && document.getElementById('status').textContent.includes('the plan scores')"
    ));
    b.eval(OBSERVE);
    let numbers: Vec<&Value> = scen["numbers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["value"].as_f64().is_some_and(|v| v != 0.0))
        .collect();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut set: Vec<(String, f64)> = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    let mut times = Vec::new();
    for k in 0..count {
        let n = numbers[rng.next_u32() as usize % numbers.len()];
        let path = n["path"].as_str().unwrap();
        let value = draw(&mut rng, n);
        let before = set.clone();
        set.retain(|(p, _)| p != path);
        if Some(value) != n["value"].as_f64() {
            set.push((path.to_string(), value));
        }
        times.push(edit(b, path, value));
        let edits = json!({ "numbers": set });
        let (status, rows) = on_screen(b);
        let Some(want) = solved(&srv, &edits, dir.path()) else {
            assert!(
                status.contains("do not make a valid scenario"),
                "edit {k}: {status}"
            );
            // Back to the last valid value, so the next edits count.
            let old = before
                .iter()
                .find(|(p, _)| p == path)
                .map_or(n["value"].as_f64().unwrap(), |x| x.1);
            edit(b, path, old);
            set = before;
            continue;
        };
        let st = want["status"].as_str().unwrap();
        assert!(
            status.starts_with(st),
            "edit {k} ({path} = {value}): {status} vs {st}"
        );
        if st == "optimal" {
            assert_eq!(rows, leads(&want), "edit {k} ({path} = {value})");
            let score = format!(
                "the plan scores {}",
                round4(want["objective"].as_f64().unwrap())
            );
            assert!(status.contains(&score), "edit {k}: {status} vs {score}");
        }
    }
    times
}

/// The page's `round(x, 4)`.
fn round4(x: f64) -> String {
    let v = (x * 1e4).round() / 1e4;
    let v = if v == 0.0 { 0.0 } else { v };
    let s = format!("{v}");
    s.strip_suffix(".0").map_or(s.clone(), String::from)
}

#[test]
fn random_edits_in_the_browser_show_what_solve_prints_and_a_fix_applies_from_the_keyboard() {
    let Some(bin) = crate::charts::browser::browser() else {
        return;
    };
    let mut b = Browser::start(&bin);
    let test_build = Path::new(env!("CARGO_BIN_EXE_leadplan"));
    random_edits(&mut b, test_build, &trilateral(), 50, 7);

    // Japan's capacity cut to 2 leaves no plan: the fixes are shown, and one,
    // reached with Tab and pressed with Enter, gives a plan.
    let srv = serve(&trilateral());
    b.open(&format!(
        "http://127.0.0.1:{}/?token={}",
        srv.port, srv.token
    ));
    b.wait_for("document.getElementById('status').textContent.includes('the plan scores')");
    b.eval(OBSERVE);
    edit(&mut b, "country.JP.capacity", 2.0);
    let (status, _) = on_screen(&mut b);
    assert!(status.starts_with("infeasible"), "{status}");
    b.wait_for("document.querySelectorAll('#fixes button[data-fix]').length > 0");
    // Focus the capacity input, then Tab until a fix's button has the focus.
    b.eval("document.querySelector('input[data-path=\"country.JP.capacity\"]').focus(); true");
    for _ in 0..400 {
        if b.eval("document.activeElement.dataset.fix !== undefined") == json!(true) {
            break;
        }
        b.press("Tab");
    }
    let name = b.eval("document.activeElement.getAttribute('aria-label')");
    assert!(name.as_str().unwrap().starts_with("apply: "), "{name}");
    b.eval("window.__done = null; window.__t0 = performance.now(); true");
    b.press("Enter");
    b.wait_for("window.__done !== null");
    let (status, rows) = on_screen(&mut b);
    assert!(status.starts_with("optimal"), "{status}");
    assert!(!rows.is_empty());

    // A screenshot at 1280 x 800 is not blank: dark text over a good part of it.
    let (w, h, dark) = dark_pixels(&b.screenshot());
    assert_eq!((w, h), (1280, 800));
    assert!(dark > 5_000, "{dark} dark pixels: a blank page?");
}

/// Width, height and the count of pixels darker than mid-grey.
fn dark_pixels(png_bytes: &[u8]) -> (u32, u32, usize) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png_bytes))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let step = info.color_type.samples();
    let dark = buf[..info.buffer_size()]
        .chunks(step)
        .filter(|p| p.iter().take(3).map(|&c| c as u32).sum::<u32>() < 3 * 128)
        .count();
    (info.width, info.height, dark)
}
