//! `leadplan serve` over HTTP, as a browser would use it: the token and Host
//! checks, the folder's confinement, and every answer of the what-if page
//! checked against the command line (`solve`, `contingency`, `check`,
//! `compare`, `import`, `sweep`) or by re-solving the edit it claims; then
//! the page itself in headless Chromium.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

/// The accessibility tree of the main views in Chromium.
mod a11y;
/// A DevTools Protocol client for Chromium.
mod cdp;
/// Random edits, a fix and a screenshot in Chromium.
mod edits;
/// The folder, comparison, download, saved-link and sweep answers.
mod folder;
/// The Pareto front, computed or saved.
mod front;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A running `leadplan serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    token: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(file: &Path) -> Server {
    serve_with(Path::new(env!("CARGO_BIN_EXE_leadplan")), file)
}

/// [`serve`], with the `leadplan` binary `bin`.
fn serve_with(bin: &Path, file: &Path) -> Server {
    let mut child = Command::new(bin)
        .arg("serve")
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The address is printed once the port is bound.
    let mut url = None;
    let mut lines = Vec::new();
    for stream in [
        Box::new(child.stderr.take().unwrap()) as Box<dyn Read + Send>,
        Box::new(child.stdout.take().unwrap()),
    ] {
        let mut r = BufReader::new(stream);
        for _ in 0..3 {
            let mut line = String::new();
            if r.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            if let Some(at) = line.find("http://127.0.0.1:") {
                url = Some(line[at..].trim().to_string());
                break;
            }
            lines.push(line);
        }
        if url.is_some() {
            break;
        }
    }
    let url = url.unwrap_or_else(|| panic!("no address printed: {lines:?}"));
    let rest = url.strip_prefix("http://127.0.0.1:").unwrap();
    let (port, token) = rest.split_once("/?token=").unwrap();
    Server {
        child,
        port: port.parse().unwrap(),
        token: token.to_string(),
    }
}

/// One HTTP/1.1 request; returns the status, the headers and the body.
fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, String) {
    let (code, head, bytes) = http_bytes(port, method, path, headers, body);
    (code, head, String::from_utf8_lossy(&bytes).into_owned())
}

/// [`http`], with the body as bytes.
fn http_bytes(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let at = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..at]).into_owned();
    let body = raw.get(at + 4..).unwrap_or_default().to_vec();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head, body)
}

impl Server {
    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// A request with the token; returns the status and the body.
    fn call(&self, method: &str, path: &str, body: &str) -> (u16, Vec<u8>) {
        let host = self.host();
        let (code, _, bytes) = http_bytes(
            self.port,
            method,
            path,
            &[("Host", &host), ("X-Leadplan-Token", &self.token)],
            body,
        );
        (code, bytes)
    }

    /// A GET with the token; returns the status and the body as text.
    fn get(&self, path: &str) -> (u16, String) {
        let (code, body) = self.call("GET", path, "");
        (code, String::from_utf8_lossy(&body).into_owned())
    }

    /// A GET answered 200 with JSON.
    fn get_json(&self, path: &str) -> Value {
        let (code, text) = self.get(path);
        assert_eq!(code, 200, "{path}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    fn post(&self, path: &str, body: &Value) -> Value {
        let host = self.host();
        let (code, _, text) = http(
            self.port,
            "POST",
            path,
            &[("Host", &host), ("X-Leadplan-Token", &self.token)],
            &body.to_string(),
        );
        assert_eq!(code, 200, "{path}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }
}

fn cli_json(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_leadplan"))
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stderr)))
}

/// Each task's leads, sorted, from the `assignments` of a solve's JSON.
fn leads(v: &Value) -> Vec<(String, Vec<String>)> {
    task_leads(&v["assignments"])
}

/// Each task's leads, sorted, from a list of `{task, leads}`.
fn task_leads(list: &Value) -> Vec<(String, Vec<String>)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let mut l: Vec<String> = a["leads"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect();
            l.sort();
            (a["task"].as_str().unwrap().to_string(), l)
        })
        .collect()
}

fn trilateral() -> std::path::PathBuf {
    Path::new(ROOT).join("scenarios/trilateral-public-goods.toml")
}

fn five() -> std::path::PathBuf {
    Path::new(ROOT).join("examples/indo-pacific-five.toml")
}

#[test]
fn only_the_token_and_the_served_address_get_answers() {
    let srv = serve(&trilateral());
    let host = srv.host();
    let (code, _, _) = http(srv.port, "GET", "/", &[("Host", &host)], "");
    assert_eq!(code, 403);
    let (code, _, _) = http(srv.port, "GET", "/?token=0000", &[("Host", &host)], "");
    assert_eq!(code, 403);
    let page = format!("/?token={}", srv.token);
    let (code, _, _) = http(srv.port, "GET", &page, &[("Host", "evil.example:80")], "");
    assert_eq!(code, 421, "a rebound name is refused");
    let (code, _, _) = http(srv.port, "POST", "/api/solve", &[("Host", &host)], "{}");
    assert_eq!(code, 403, "the API needs the token header");
    let (code, head, body) = http(srv.port, "GET", &page, &[("Host", &host)], "");
    assert_eq!(code, 200);
    assert!(
        head.contains("Content-Security-Policy: default-src 'none'"),
        "{head}"
    );
    assert!(body.contains(&srv.token) && body.contains("/app.js"));
    // Nothing is fetched from anywhere else.
    for asset in ["/app.js", "/app.css"] {
        let (code, _, text) = http(srv.port, "GET", asset, &[("Host", &host)], "");
        assert_eq!(code, 200);
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{asset}"
        );
        assert!(!text.contains("innerHTML"), "{asset} builds text as text");
    }
    assert!(!body.contains("https://"));
    // A body past the limit is refused, not read.
    let big = "x".repeat(2 << 20);
    let (code, _, _) = http(
        srv.port,
        "POST",
        "/api/solve",
        &[("Host", &host), ("X-Leadplan-Token", &srv.token)],
        &big,
    );
    assert_eq!(code, 400);
}

#[test]
fn the_plan_without_edits_is_what_solve_prints() {
    for file in [trilateral(), five()] {
        let srv = serve(&file);
        let got = srv.post("/api/solve", &json!({}));
        let want = cli_json(&[
            "solve",
            "--explain",
            "--format",
            "json",
            file.to_str().unwrap(),
        ]);
        assert_eq!(got["status"], want["status"]);
        assert_eq!(got["objective"], want["objective"]);
        assert_eq!(leads(&got), leads(&want));
        assert_eq!(got["binding"], want["binding"]);
        for (a, b) in got["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .zip(want["assignments"].as_array().unwrap())
        {
            assert_eq!(a["runner_up"], b["runner_up"]);
            assert_eq!(a["runner_up_loss"], b["runner_up_loss"]);
        }
    }
}

#[test]
fn a_partner_stepping_back_gives_contingencys_plan() {
    let file = five();
    let srv = serve(&file);
    let cont = cli_json(&["contingency", "--format", "json", file.to_str().unwrap()]);
    for c in cont["contingencies"].as_array().unwrap() {
        let id = c["countries"][0].as_str().unwrap();
        let got = srv.post("/api/solve", &json!({ "steps_back": [id] }));
        assert_eq!(got["status"], c["plan"], "{id}");
        let want = task_leads(&c["leads"]);
        assert_eq!(leads(&got), want, "{id}");
    }
}

#[test]
fn every_fix_offered_for_an_edit_without_a_plan_makes_one_when_applied() {
    let srv = serve(&trilateral());
    // Japan's capacity cut to 2 leaves its share of the agenda without a lead.
    let cut = json!({ "numbers": [["country.JP.capacity", 2.0]] });
    let got = srv.post("/api/solve", &cut);
    assert_eq!(got["status"], "infeasible", "{got}");
    let fixes = got["fixes"].as_array().unwrap();
    assert!(!fixes.is_empty());
    let mut applied = 0;
    for set in fixes {
        let changes = set.as_array().unwrap();
        if !changes.iter().all(|c| !c["apply"].is_null()) {
            continue;
        }
        let mut edits =
            json!({ "numbers": [["country.JP.capacity", 2.0]], "unpins": [], "optional": [] });
        for c in changes {
            for key in ["numbers", "unpins", "optional"] {
                if let Some(items) = c["apply"][key].as_array() {
                    edits[key]
                        .as_array_mut()
                        .unwrap()
                        .extend(items.iter().cloned());
                }
            }
        }
        let fixed = srv.post("/api/solve", &edits);
        assert_eq!(fixed["status"], "optimal", "{set} applied: {fixed}");
        applied += 1;
    }
    assert!(
        applied > 0,
        "no fix could be applied from the page: {fixes:?}"
    );
    // A value the scenario file could not hold is refused with the reason.
    let bad = srv.post(
        "/api/solve",
        &json!({ "numbers": [["country.JP.capacity", -1.0]] }),
    );
    assert_eq!(bad["status"], "invalid");
    assert!(
        bad["problems"][0].as_str().unwrap().contains("capacity"),
        "{bad}"
    );
}

#[test]
fn what_it_takes_is_a_fit_at_which_the_country_leads() {
    let srv = serve(&trilateral());
    let plan = srv.post("/api/solve", &json!({}));
    let mut checked = 0;
    for a in plan["assignments"].as_array().unwrap().iter().take(6) {
        let task = a["task"].as_str().unwrap();
        for c in ["US", "KR", "JP"] {
            if a["leads"].as_array().unwrap().iter().any(|l| l == c) {
                continue;
            }
            let what = srv.post(&format!("/api/what?task={task}&country={c}"), &json!({}));
            let Some(need) = what["threshold"]["fit_needed"].as_f64() else {
                continue;
            };
            // Applied through the page's own edits: at that fit, the country leads.
            let path = format!("task.{task}.fit.{c}");
            let at = srv.post("/api/solve", &json!({ "numbers": [[path, need]] }));
            let row = at["assignments"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["task"] == task)
                .unwrap();
            assert!(
                row["leads"].as_array().unwrap().iter().any(|l| l == c),
                "{c} at fit {need} for {task}: {row}"
            );
            assert!(what["sentence"]
                .as_str()
                .unwrap()
                .contains("It would take the lead"));
            checked += 1;
        }
    }
    assert!(checked >= 3, "only {checked} thresholds");
}

#[test]
fn the_edited_scenario_downloads_as_a_file_check_accepts_and_solve_agrees_with() {
    let srv = serve(&trilateral());
    let edits = json!({ "numbers": [["country.KR.capacity", 30.0], ["task.legal-code-drafting.cost.JP", 25.0]] });
    let host = srv.host();
    let (code, _, toml) = http(
        srv.port,
        "POST",
        "/api/toml",
        &[("Host", &host), ("X-Leadplan-Token", &srv.token)],
        &edits.to_string(),
    );
    assert_eq!(code, 200, "{toml}");
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("edited.toml");
    std::fs::write(&f, &toml).unwrap();
    let st = Command::new(env!("CARGO_BIN_EXE_leadplan"))
        .arg("check")
        .arg(&f)
        .status()
        .unwrap();
    assert!(st.success());
    let want = cli_json(&[
        "solve",
        "--no-explain",
        "--format",
        "json",
        f.to_str().unwrap(),
    ]);
    let got = srv.post("/api/solve", &edits);
    assert_eq!(got["objective"], want["objective"]);
    assert_eq!(leads(&got), leads(&want));
}

#[test]
fn the_page_shows_the_plan_in_a_real_browser() {
    let Some(bin) = crate::charts::browser::browser() else {
        return;
    };
    let srv = serve(&trilateral());
    let url = format!("http://127.0.0.1:{}/?token={}", srv.port, srv.token);
    let dom = dump_dom(&bin, &url);
    let want = cli_json(&[
        "solve",
        "--no-explain",
        "--format",
        "json",
        trilateral().to_str().unwrap(),
    ]);
    // The page has re-solved and drawn every task with its lead.
    for a in want["assignments"].as_array().unwrap() {
        let name = a["name"].as_str().unwrap().replace('&', "&amp;");
        assert!(dom.contains(&name), "{name} not on the page:\n{dom}");
    }
    assert!(dom.contains("the plan scores"), "{dom}");
    assert!(dom.contains("data-path=\"country.JP.capacity\""));
}

/// Chromium's flags in every test: headless, as root, nothing fetched by the
/// browser itself.
const HEADLESS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
];

/// The page at `url` as headless Chromium leaves it once its script has run.
fn dump_dom(bin: &Path, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("timeout")
        .arg("120")
        .arg(bin)
        .args(HEADLESS)
        .args(["--virtual-time-budget=15000", "--dump-dom"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(url)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}
