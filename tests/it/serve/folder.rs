//! `leadplan serve DIR`: the folder's list, the refusal of every name that
//! leads out of it, and the answers that open its files, each checked against
//! the command line (`compare`, `import`, `sweep`) or the library.

use std::path::Path;
use std::process::Command;

use leadplan::{solve, Outcome, Scenario, SolveOptions};
use serde_json::{json, Value};

use super::{cli_json, dump_dom, leads, serve, trilateral, ROOT};

/// A query value percent-encoded.
pub(super) fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn leadplan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_leadplan"))
        .args(args)
        .output()
        .unwrap()
}

/// A folder `root` holding the trilateral scenario (`a.toml`), a copy with
/// South Korea's capacity cut (`b.toml`), the weights sweep on `a.toml`
/// (`w.sweep.toml`) and a note; beside it, `outside/` with a secret.
pub(super) fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::create_dir_all(dir.path().join("outside")).unwrap();
    std::fs::copy(trilateral(), root.join("a.toml")).unwrap();
    let mut b = Scenario::load(&trilateral()).unwrap();
    let kr = b.countries.iter().position(|c| c.id == "KR").unwrap();
    b.countries[kr].capacity = 20.0;
    let text = leadplan::scenario::to_toml(&b, "South Korea's capacity cut");
    std::fs::write(root.join("b.toml"), text).unwrap();
    let sweep =
        std::fs::read_to_string(Path::new(ROOT).join("scenarios/trilateral-weights.sweep.toml"))
            .unwrap()
            .replace("trilateral-public-goods.toml", "a.toml");
    std::fs::write(root.join("w.sweep.toml"), sweep).unwrap();
    std::fs::write(root.join("notes.md"), "notes\n").unwrap();
    std::fs::write(dir.path().join("outside/secret.txt"), "the secret\n").unwrap();
    std::fs::copy(trilateral(), dir.path().join("outside/base.toml")).unwrap();
    dir
}

#[test]
fn a_folder_lists_its_files_and_refuses_every_name_that_leads_out() {
    let dir = folder();
    let root = dir.path().join("root");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("../outside/secret.txt", root.join("link.txt")).unwrap();
        std::os::unix::fs::symlink("../../outside", root.join("sub/out")).unwrap();
        // A sweep folder whose summary is a link to a file outside.
        std::fs::create_dir_all(root.join("res")).unwrap();
        std::fs::write(root.join("res/manifest.json"), "{}").unwrap();
        std::os::unix::fs::symlink("../../outside/secret.txt", root.join("res/summary.json"))
            .unwrap();
    }
    std::fs::write(
        root.join("escape.sweep.toml"),
        "[sweep]\nscenario = \"../outside/base.toml\"\ndesign = \"montecarlo\"\nruns = 2\n\n[[sweep.param]]\npath = \"country.US.capacity\"\nrelative = 0.1\n",
    )
    .unwrap();
    let srv = serve(&root);
    let host = srv.host();
    let (code, _, _) = http_no_token(&srv, "/api/folder", &host);
    assert_eq!(code, 403, "the token is required");
    let list = srv.get_json("/api/folder");
    let kinds: Vec<(String, String)> = list["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().into(),
                e["kind"].as_str().unwrap().into(),
            )
        })
        .collect();
    let kind = |p: &str| kinds.iter().find(|(q, _)| q == p).map(|(_, k)| k.as_str());
    assert_eq!(kind("a.toml"), Some("scenario"), "{kinds:?}");
    assert_eq!(kind("b.toml"), Some("scenario"));
    assert_eq!(kind("w.sweep.toml"), Some("sweep"));
    assert_eq!(kind("notes.md"), Some("other"));
    assert_eq!(kind("link.txt"), None, "a link out is not listed");
    let (code, text) = srv.get("/api/file?file=notes.md");
    assert_eq!((code, text.as_str()), (200, "notes\n"));
    let secret = dir.path().join("outside/secret.txt");
    let refused = [
        ("../outside/secret.txt", "`..`"),
        ("sub/../../outside/secret.txt", "`..`"),
        (secret.to_str().unwrap(), "absolute"),
        ("/etc/passwd", "absolute"),
        #[cfg(unix)]
        ("link.txt", "link"),
        #[cfg(unix)]
        ("sub/out/secret.txt", "link"),
    ];
    for (name, why) in refused {
        for api in ["/api/file", "/api/scenario", "/api/sweep"] {
            let (code, text) = srv.get(&format!("{api}?file={}", enc(name)));
            assert_eq!(code, 403, "{api} {name}: {text}");
            assert!(
                text.contains(why) && !text.contains("the secret"),
                "{api} {name}: {text}"
            );
        }
        let (code, body) = srv.call("POST", &format!("/api/solve?file={}", enc(name)), "{}");
        assert_eq!(code, 403, "{name}: {}", String::from_utf8_lossy(&body));
    }
    let (code, text) = srv.get("/api/file?file=missing.toml");
    assert_eq!(code, 404);
    assert!(text.contains("no file `missing.toml`"), "{text}");
    // A sweep in the folder may not run on a scenario outside it.
    let (code, text) = srv.get("/api/sweep?file=escape.sweep.toml");
    assert_eq!(code, 403, "{text}");
    #[cfg(unix)]
    {
        let (code, text) = srv.get("/api/sweep?file=res");
        assert_eq!(code, 403, "{text}");
        assert!(
            text.contains("summary.json") && !text.contains("the secret"),
            "{text}"
        );
    }
}

/// A GET with the Host but no token.
fn http_no_token(srv: &super::Server, path: &str, host: &str) -> (u16, String, String) {
    super::http(srv.port, "GET", path, &[("Host", host)], "")
}

#[test]
fn comparing_two_files_or_states_counts_the_changes_compare_counts() {
    let dir = folder();
    let root = dir.path().join("root");
    let srv = serve(&root);
    let got = srv.post(
        "/api/compare",
        &json!({ "a": { "file": "a.toml" }, "b": { "file": "b.toml" } }),
    );
    // The command line: each file solved, the two plans compared.
    let mut plans = Vec::new();
    for f in ["a.toml", "b.toml"] {
        let out = leadplan(&[
            "solve",
            "--no-explain",
            "--format",
            "json",
            root.join(f).to_str().unwrap(),
        ]);
        let p = dir.path().join(format!("{f}.json"));
        std::fs::write(&p, &out.stdout).unwrap();
        plans.push(p);
    }
    let want = cli_json(&[
        "compare",
        "--format",
        "json",
        root.join("a.toml").to_str().unwrap(),
        plans[0].to_str().unwrap(),
        plans[1].to_str().unwrap(),
    ]);
    let differ = want["differ"].as_array().unwrap();
    assert!(!differ.is_empty(), "the cut changes some lead");
    assert_eq!(got["changes"], json!(differ.len()), "{got}");
    assert_eq!(got["differ"], want["differ"]);
    let marked: Vec<&Value> = got["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["changed"] == true)
        .map(|r| &r["task"])
        .collect();
    let tasks: Vec<&Value> = differ.iter().map(|d| &d["task"]).collect();
    assert_eq!(marked, tasks);
    // The same cut as a saved state of a.toml compares the same.
    let hash = srv.get_json("/api/scenario?file=a.toml")["hash"].clone();
    let state = json!({ "file": "a.toml", "hash": hash, "edits": { "numbers": [["country.KR.capacity", 20.0]] } });
    let as_state = srv.post(
        "/api/compare",
        &json!({ "a": { "file": "a.toml" }, "b": state }),
    );
    assert_eq!(as_state["changes"], got["changes"]);
    // A state saved on another version of the file is refused, not compared.
    let stale =
        json!({ "a": { "file": "a.toml", "hash": "0123456789abcdef" }, "b": { "file": "b.toml" } });
    let (code, body) = srv.call("POST", "/api/compare", &stale.to_string());
    assert_eq!(code, 409);
    assert!(String::from_utf8_lossy(&body).contains("another version"));
}

/// Applies the edits the download tests make, on the library's own types.
fn edited_by_hand() -> Scenario {
    let mut s = Scenario::load(&trilateral()).unwrap();
    let kr = s.countries.iter().position(|c| c.id == "KR").unwrap();
    let jp = s.countries.iter().position(|c| c.id == "JP").unwrap();
    s.countries[kr].capacity = 30.0;
    let t = s
        .tasks
        .iter()
        .position(|t| t.id == "legal-code-drafting")
        .unwrap();
    s.tasks[t].cost[jp] = 25.0;
    s
}

#[test]
fn the_toml_and_xlsx_downloads_reload_as_the_edited_scenario() {
    let srv = serve(&trilateral());
    let edits = json!({ "numbers": [["country.KR.capacity", 30.0], ["task.legal-code-drafting.cost.JP", 25.0]] });
    let (code, toml) = srv.call("POST", "/api/toml", &edits.to_string());
    assert_eq!(code, 200);
    let toml = String::from_utf8(toml).unwrap();
    let reloaded = Scenario::from_toml_str(&toml, "edited.toml").unwrap();
    let want = edited_by_hand();
    assert_eq!(reloaded, want);
    let Outcome::Planned(plan) = solve(&reloaded, &SolveOptions::default()).unwrap() else {
        panic!("the edited scenario has a plan");
    };
    let page = srv.post("/api/solve", &edits);
    let ids = |ls: &[usize]| {
        let mut v: Vec<String> = ls
            .iter()
            .map(|&i| reloaded.countries[i].id.clone())
            .collect();
        v.sort();
        v
    };
    let mine: Vec<(String, Vec<String>)> = reloaded
        .tasks
        .iter()
        .zip(&plan.leads)
        .map(|(t, l)| (t.id.clone(), ids(l)))
        .collect();
    assert_eq!(leads(&page), mine);
    // The workbook is the import template: `import` reads it back.
    let (code, book) = srv.call("POST", "/api/xlsx", &edits.to_string());
    assert_eq!(code, 200);
    assert_eq!(&book[..2], b"PK", "a zip archive");
    let dir = tempfile::tempdir().unwrap();
    let (x, t) = (dir.path().join("e.xlsx"), dir.path().join("e.toml"));
    std::fs::write(&x, &book).unwrap();
    let out = leadplan(&["import", x.to_str().unwrap(), "-o", t.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let imported = Scenario::load(&t).unwrap();
    assert_eq!(imported.countries, want.countries);
    assert_eq!(imported.tasks, want.tasks);
    assert_eq!(imported.policy, want.policy);
    // Edits the scenario file could not hold are refused with the reason.
    let bad = json!({ "numbers": [["country.KR.capacity", -1.0]] });
    let (code, body) = srv.call("POST", "/api/xlsx", &bad.to_string());
    assert_eq!(code, 400);
    assert!(String::from_utf8_lossy(&body).contains("capacity"));
}

#[test]
fn a_saved_link_restores_its_edits_until_the_file_changes() {
    let dir = folder();
    let root = dir.path().join("root");
    let srv = serve(&root);
    let hash = srv.get_json("/api/scenario?file=a.toml")["hash"]
        .as_str()
        .unwrap()
        .to_string();
    let edits = json!({ "numbers": [["country.KR.budget", 40.0]], "steps_back": ["JP"], "unpins": [], "optional": [] });
    let link = format!(
        "/api/view?file=a.toml&h={hash}&v={}",
        enc(&edits.to_string())
    );
    let back = srv.get_json(&link);
    assert_eq!(back["edits"], edits);
    let (code, text) = srv.get(&format!(
        "/api/view?file=a.toml&h=0000&v={}",
        enc(&edits.to_string())
    ));
    assert_eq!(code, 409);
    assert!(
        text.contains("another version") && text.contains("not applied"),
        "{text}"
    );
    // The file changes: the same link now says so instead of applying.
    let mut text = std::fs::read_to_string(root.join("a.toml")).unwrap();
    text.push_str("# edited since\n");
    std::fs::write(root.join("a.toml"), text).unwrap();
    let (code, text) = srv.get(&link);
    assert_eq!(code, 409, "{text}");
    assert!(text.contains(&hash), "{text}");
}

#[test]
fn a_sweeps_lead_frequencies_are_what_sweep_reports() {
    let dir = folder();
    let root = dir.path().join("root");
    let srv = serve(&root);
    let got = srv.get_json("/api/sweep?file=w.sweep.toml");
    let out = root.join("out");
    let want = cli_json(&[
        "sweep",
        root.join("w.sweep.toml").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(got["runs"], want["runs"]);
    let freq = |v: &Value| -> Vec<(Value, Value, Value)> {
        v["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["task"].clone(),
                    t["lead_frequency"].clone(),
                    t["stability"].clone(),
                )
            })
            .collect()
    };
    assert_eq!(freq(&got), freq(&want));
    // The finished sweep's folder, read as `discover` reads it: the same
    // frequencies, and the default box with its whole trajectory.
    let done = srv.get_json("/api/sweep?file=out");
    assert_eq!(freq(&done), freq(&want));
    let disc = cli_json(&[
        "discover",
        out.to_str().unwrap(),
        "--target",
        "survival",
        "--format",
        "json",
        "--scenario",
        root.join("a.toml").to_str().unwrap(),
    ]);
    assert_eq!(
        done["discovery"]["boxes"][0]["trajectory"],
        disc["boxes"][0]["trajectory"]
    );
    // The sweep the page ran itself gets the same default box, trajectory,
    // restrictions and sentence as `discover` on the folder `sweep` wrote.
    assert_eq!(disc["target"], "survival", "the default question");
    assert!(!disc["boxes"].as_array().unwrap().is_empty());
    assert_eq!(got["discovery"]["boxes"], disc["boxes"]);
    assert_eq!(got["discovery"]["cases"], disc["cases"]);
    assert_eq!(done["discovery"]["boxes"], disc["boxes"]);
    // A sweep too large for the page is refused with its run count.
    let big = std::fs::read_to_string(root.join("w.sweep.toml"))
        .unwrap()
        .replace("runs = 60", "runs = 6000");
    std::fs::write(root.join("big.sweep.toml"), big).unwrap();
    let (code, text) = srv.get("/api/sweep?file=big.sweep.toml");
    assert_eq!(code, 413, "{text}");
    assert!(
        text.contains("6000 runs") && text.contains("leadplan sweep"),
        "{text}"
    );
}

#[test]
fn the_folder_page_lists_the_files_and_opens_the_one_in_its_address() {
    let Some(bin) = crate::charts::browser::browser() else {
        return;
    };
    let dir = folder();
    let srv = serve(&dir.path().join("root"));
    let url = format!(
        "http://127.0.0.1:{}/?token={}#file=b.toml",
        srv.port, srv.token
    );
    let dom = dump_dom(&bin, &url);
    for f in ["a.toml", "b.toml", "w.sweep.toml", "notes.md"] {
        assert!(
            dom.contains(&format!("data-open=\"{f}\"")),
            "{f} not listed:\n{dom}"
        );
    }
    assert!(dom.contains("the plan scores"), "b.toml re-planned:\n{dom}");
    assert!(
        dom.contains("b.toml, as loaded"),
        "a comparison choice:\n{dom}"
    );
}
