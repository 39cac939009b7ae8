//! The page's main views in headless Chromium, read through the browser's
//! accessibility tree (DevTools `Accessibility.getFullAXTree`): the plan
//! table, every editor input, every button and the Pareto front's points
//! have a role and a name, and no interactive element is unnamed. The front's
//! points work from the keyboard and show `leadplan pareto`'s plan; the page
//! logs no error and asks nothing of any server but its own.

use serde_json::{json, Value};

use super::cdp::Browser;
use super::folder::folder;
use super::{cli_json, serve};

/// Roles a user acts on: each must have a name.
const INTERACTIVE: &[&str] = &[
    "button",
    "checkbox",
    "combobox",
    "link",
    "listbox",
    "menuitem",
    "radio",
    "searchbox",
    "slider",
    "spinbutton",
    "switch",
    "tab",
    "textbox",
];

/// The interactive nodes without a name, as (role, name).
fn unnamed(nodes: &[(String, String)]) -> Vec<&(String, String)> {
    nodes
        .iter()
        .filter(|(role, name)| INTERACTIVE.contains(&role.as_str()) && name.is_empty())
        .collect()
}

fn count(nodes: &[(String, String)], role: &str, name: impl Fn(&str) -> bool) -> usize {
    nodes.iter().filter(|(r, n)| r == role && name(n)).count()
}

/// With `LEADPLAN_SERVE_SHOTS=DIR`, the page scrolled to the element `id`,
/// saved as `DIR/name` (the manual's screenshots).
fn shoot(b: &mut Browser, name: &str, id: &str) {
    let Some(dir) = std::env::var_os("LEADPLAN_SERVE_SHOTS") else {
        return;
    };
    b.eval(&format!(
        "document.getElementById('{id}').scrollIntoView(); true"
    ));
    std::fs::write(std::path::Path::new(&dir).join(name), b.screenshot()).unwrap();
}

/// A `pareto` point's plan: each task with its leads joined by `+`.
fn plan(point: &Value) -> Vec<(String, String)> {
    let ids = |l: &Value| -> Vec<String> {
        let list = l.as_array().unwrap();
        list.iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect()
    };
    point["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["task"].as_str().unwrap().to_string(),
                ids(&l["leads"]).join("+"),
            )
        })
        .collect()
}

#[test]
fn the_main_views_name_every_control_and_the_fronts_points_show_paretos_plan() {
    let Some(bin) = crate::charts::browser::browser() else {
        return;
    };
    let dir = folder();
    let root = dir.path().join("root");
    let srv = serve(&root);
    let base = format!("http://127.0.0.1:{}/?token={}", srv.port, srv.token);
    let scen = srv.get_json("/api/scenario?file=a.toml");
    let tasks = scen["tasks"].as_array().unwrap().len();
    let numbers = scen["numbers"].as_array().unwrap().len();
    let mut b = Browser::start(&bin);

    // The scenario: the plan table and the editor.
    b.open(&format!("{base}#file=a.toml"));
    b.wait_for(&format!(
        "document.querySelectorAll('#plan tbody tr').length === {tasks}"
    ));
    // Every group of numbers opened, so that each input is in the tree.
    b.eval("document.querySelectorAll('#editor details').forEach((d) => { d.open = true; }); true");
    let nodes = b.ax_nodes();
    assert_eq!(unnamed(&nodes), Vec::<&(String, String)>::new());
    assert_eq!(count(&nodes, "table", |n| n == "Who leads what"), 1);
    assert!(count(&nodes, "row", |_| true) > tasks);
    assert!(count(&nodes, "columnheader", |n| n == "lead(s)") >= 1);
    // Each number of the scenario, and the front's grid points.
    let inputs = count(&nodes, "spinbutton", |n| !n.is_empty());
    assert_eq!(inputs, numbers + 1, "named number inputs");
    assert!(count(&nodes, "checkbox", |n| !n.is_empty()) >= 3);
    for name in ["Save as baseline", "Undo every edit", "Compute the front"] {
        assert_eq!(count(&nodes, "button", |n| n == name), 1, "{name}");
    }

    // The front of fit against fairness, five grid points, computed by the page.
    b.eval("document.getElementById('front-b').value = 'fairness'; document.getElementById('front-points').value = '5'; document.getElementById('front-go').click(); true");
    b.wait_for("document.querySelectorAll('#front-chart .pt').length > 0");
    let want = cli_json(&[
        "pareto",
        root.join("a.toml").to_str().unwrap(),
        "--objectives",
        "fit,fairness",
        "--points",
        "5",
        "--format",
        "json",
    ]);
    let points = want["points"].as_array().unwrap();
    let nodes = b.ax_nodes();
    assert_eq!(unnamed(&nodes), Vec::<&(String, String)>::new());
    assert_eq!(
        count(&nodes, "button", |n| n.starts_with("Plan ")
            && n.contains(&format!(" of {}: fit ", points.len()))),
        points.len(),
        "each point a named button"
    );
    // From the keyboard: the second point focused, Enter shows its plan.
    let k = points.len().min(2);
    b.eval(&format!(
        "document.querySelector('#front-chart .pt[data-point=\"{k}\"]').focus(); true"
    ));
    b.press("Enter");
    b.wait_for("!document.getElementById('front-plan').hidden");
    let shown = b.eval("[...document.querySelectorAll('#front-plan tbody tr')].map((r) => [r.dataset.task, r.dataset.leads])");
    let expected: Vec<Value> = plan(&points[k - 1])
        .into_iter()
        .map(|(t, l)| json!([t, l]))
        .collect();
    assert_eq!(shown, json!(expected));
    shoot(&mut b, "serve-front.png", "front");
    let said = b.eval("document.getElementById('front-point').textContent");
    assert!(
        said.as_str().unwrap().starts_with(&format!("Plan {k} of")),
        "{said}"
    );

    // The same front saved by `pareto` in the folder, opened from it.
    std::fs::write(root.join("front.json"), want.to_string()).unwrap();
    b.open(&format!("{base}#file=front.json"));
    b.wait_for("document.querySelectorAll('#front-chart .pt').length > 0");
    let nodes = b.ax_nodes();
    assert_eq!(unnamed(&nodes), Vec::<&(String, String)>::new());
    assert_eq!(
        count(&nodes, "button", |n| n.starts_with("Plan ")),
        points.len()
    );
    b.eval("document.querySelector('#front-chart .pt[data-point=\"1\"]').dispatchEvent(new MouseEvent('click')); true");
    let first = b
        .eval("[...document.querySelectorAll('#front-plan tbody tr')].map((r) => r.dataset.leads)");
    let want_first: Vec<String> = plan(&points[0]).into_iter().map(|(_, l)| l).collect();
    assert_eq!(first, json!(want_first));

    // A sweep run by the page: frequencies, discover's box and its trajectory.
    b.open(&format!("{base}#file=w.sweep.toml"));
    b.wait_for("document.querySelectorAll('#disc-trajectory tbody tr').length > 0");
    let nodes = b.ax_nodes();
    assert_eq!(unnamed(&nodes), Vec::<&(String, String)>::new());
    assert!(count(&nodes, "table", |n| n.starts_with("Who leads each task")) == 1);
    assert!(count(&nodes, "button", |n| n.contains("(chosen)")) == 1);
    shoot(&mut b, "serve-discover.png", "disc-summary");

    // No script error, no console error, no request beyond the server.
    let origin = format!("http://127.0.0.1:{}/", srv.port);
    for e in &b.events {
        let method = e["method"].as_str().unwrap_or_default();
        assert_ne!(method, "Runtime.exceptionThrown", "{e}");
        if method == "Runtime.consoleAPICalled" {
            assert_ne!(e["params"]["type"], "error", "{e}");
        }
        if method == "Log.entryAdded" {
            assert_ne!(e["params"]["entry"]["level"], "error", "{e}");
        }
        if method == "Network.requestWillBeSent" {
            let url = e["params"]["request"]["url"].as_str().unwrap_or_default();
            assert!(
                url.starts_with(&origin) || url == "about:blank",
                "a request outside the server: {url}"
            );
        }
    }
    assert!(b
        .events
        .iter()
        .any(|e| e["method"] == "Network.requestWillBeSent"));
}
