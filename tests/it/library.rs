//! The scenario library against the brief: the item table of
//! docs/src/evidence.md names, for every item of the brief, a task that exists
//! in the named file and is encoded as the table says; the as-stated scenario
//! is the public-goods scenario with pins and nothing else; what
//! `solve --price-pins` prints for each pin is what re-solving without that pin
//! gives; and every future differs from its base only in lines marked FUTURE.
//!
//! Files are read with the `toml` crate and pins are removed by editing the
//! file's text, so the checks share no code with the loader or with the
//! pricing they check.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const PUBLIC_GOODS: &str = "scenarios/trilateral-public-goods.toml";
const SECURITY: &str = "scenarios/trilateral-security.toml";
const AS_STATED: &str = "scenarios/trilateral-as-stated.toml";

fn path(rel: &str) -> PathBuf {
    Path::new(ROOT).join(rel)
}

fn raw(rel: &str) -> toml::Table {
    let text = std::fs::read_to_string(path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    text.parse().unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn tasks(t: &toml::Table) -> &Vec<toml::Value> {
    t["task"].as_array().unwrap()
}

fn task<'a>(t: &'a toml::Table, id: &str) -> Option<&'a toml::Value> {
    tasks(t).iter().find(|x| x["id"].as_str() == Some(id))
}

/// `(country, task, lead)` of every `[[policy.pin]]` table.
fn pins(t: &toml::Table) -> Vec<(String, String, bool)> {
    let Some(list) = t
        .get("policy")
        .and_then(|p| p.get("pin"))
        .and_then(|p| p.as_array())
    else {
        return Vec::new();
    };
    list.iter()
        .map(|p| {
            (
                p["country"].as_str().unwrap().to_string(),
                p["task"].as_str().unwrap().to_string(),
                p.get("lead").and_then(toml::Value::as_bool).unwrap_or(true),
            )
        })
        .collect()
}

/// One row of an item table: its cells, and the line it is on.
struct Row {
    line: usize,
    cells: Vec<String>,
}

/// The rows of every table in evidence.md under `## The brief, item by item`
/// whose header names a `task id` column.
fn item_tables() -> Vec<Row> {
    let text = std::fs::read_to_string(path("docs/src/evidence.md")).unwrap();
    let start = text
        .lines()
        .position(|l| l == "## The brief, item by item")
        .expect("evidence.md has the item table");
    let mut rows = Vec::new();
    let mut in_table = false;
    for (n, line) in text.lines().enumerate().skip(start) {
        if !line.starts_with('|') {
            in_table = false;
            continue;
        }
        let cells: Vec<String> = line
            .trim_matches('|')
            .split('|')
            .map(|c| c.trim().to_string())
            .collect();
        if cells.iter().any(|c| c == "task id") {
            in_table = true;
            continue;
        }
        if in_table && !cells[0].starts_with("---") {
            rows.push(Row { line: n + 1, cells });
        }
    }
    rows
}

/// The `code spans` of a cell.
fn code_spans(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The country ids after `word` in `cell` ("pinned JP, KR" gives JP and KR).
fn ids_after(cell: &str, word: &str) -> Vec<String> {
    let Some((_, rest)) = cell.split_once(word) else {
        return Vec::new();
    };
    rest.split([',', ' ', ';', ')'])
        .map(str::trim)
        .take_while(|w| w.is_empty() || (w.len() == 2 && w.chars().all(|c| c.is_ascii_uppercase())))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The number after `sensitivity ` in a cell, if any.
fn sensitivity_in(cell: &str) -> Option<f64> {
    let (_, rest) = cell.split_once("sensitivity ")?;
    let n: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    n.parse().ok()
}

/// The scenario a file belongs to: a future's base, else the file itself.
fn base_of(file: &str) -> &str {
    if file.starts_with("scenarios/futures/security/") {
        SECURITY
    } else if file.starts_with("scenarios/futures/") {
        PUBLIC_GOODS
    } else {
        file
    }
}

#[test]
fn every_item_of_the_brief_has_its_task_encoded_as_the_table_says() {
    let rows = item_tables();
    assert!(rows.len() >= 40, "{} rows", rows.len());
    let mut listed: BTreeSet<(String, String)> = BTreeSet::new();
    let mut claimed: BTreeSet<(String, String, bool)> = BTreeSet::new();
    for row in &rows {
        let at = format!("evidence.md:{}", row.line);
        assert_eq!(row.cells.len(), 5, "{at}: five columns");
        let file = code_spans(&row.cells[2]);
        assert_eq!(file.len(), 1, "{at}: one scenario file");
        let scenario = raw(&file[0]);
        let ids = code_spans(&row.cells[3]);
        assert!(!ids.is_empty(), "{at}: a task id");
        let how = &row.cells[4];
        let spans = code_spans(how);
        let pin_file = if file[0] == PUBLIC_GOODS {
            AS_STATED
        } else {
            &file[0]
        };
        let pinned = pins(&raw(pin_file));
        for id in &ids {
            let t =
                task(&scenario, id).unwrap_or_else(|| panic!("{at}: no task {id} in {}", file[0]));
            listed.insert((base_of(&file[0]).to_string(), id.clone()));
            let leads = t
                .get("leads")
                .and_then(toml::Value::as_integer)
                .unwrap_or(1);
            let optional = t
                .get("optional")
                .and_then(toml::Value::as_bool)
                .unwrap_or(false);
            for span in &spans {
                if let Some(n) = span.strip_prefix("leads = ") {
                    assert_eq!(leads.to_string(), n, "{at}: {id} leads");
                }
                if span == "optional" {
                    assert!(optional, "{at}: {id} is not optional");
                }
            }
            if !spans.iter().any(|s| s.starts_with("leads = ")) && how.starts_with("one lead") {
                assert_eq!(leads, 1, "{at}: {id} has one lead");
            }
            if let Some(x) = sensitivity_in(how) {
                let s = t["sensitivity"].as_float().unwrap();
                assert!(
                    (s - x).abs() < 1e-12,
                    "{at}: {id} sensitivity {s}, table {x}"
                );
            }
        }
        // "pinned JP, KR": those lead pins on the (single) task; "US barred": a lead = false pin.
        for (word, lead) in [("pinned ", true), ("barred", false)] {
            let named = if lead {
                ids_after(how, word)
            } else if how.contains(word) {
                vec![how
                    .split(word)
                    .next()
                    .unwrap()
                    .split_whitespace()
                    .last()
                    .unwrap()
                    .to_string()]
            } else {
                Vec::new()
            };
            for c in named {
                for id in &ids {
                    let pin = (c.clone(), id.clone(), lead);
                    assert!(pinned.contains(&pin), "{at}: {pin_file} has no pin {pin:?}");
                    if pin_file == AS_STATED {
                        claimed.insert(pin);
                    }
                }
            }
        }
    }
    for file in [PUBLIC_GOODS, SECURITY] {
        for t in tasks(&raw(file)) {
            let id = t["id"].as_str().unwrap().to_string();
            assert!(
                listed.contains(&(file.to_string(), id.clone())),
                "{file}: task {id} is in no row of the item table"
            );
        }
    }
    // Every pin of the as-stated scenario is a row's "pinned" or "barred".
    let declared: BTreeSet<(String, String, bool)> = pins(&raw(AS_STATED)).into_iter().collect();
    assert_eq!(claimed, declared);
}

#[test]
fn the_as_stated_scenario_is_the_public_goods_scenario_with_pins() {
    let mut base = raw(PUBLIC_GOODS);
    let mut stated = raw(AS_STATED);
    assert!(pins(&stated).len() >= 15);
    assert!(pins(&base).is_empty());
    for t in [&mut base, &mut stated] {
        t["scenario"].as_table_mut().unwrap().remove("name");
        t["policy"].as_table_mut().unwrap().remove("pin");
    }
    assert_eq!(base, stated);
}

fn leadplan(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("leadplan")
        .unwrap()
        .current_dir(ROOT)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The optimum `leadplan solve` reports for a scenario file.
fn optimum(file: &Path) -> f64 {
    let (code, out, err) = leadplan(&[
        "solve",
        file.to_str().unwrap(),
        "--format",
        "json",
        "--no-explain",
    ]);
    assert_eq!(code, 0, "{}: {err}", file.display());
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["status"], "optimal");
    v["objective"].as_f64().unwrap()
}

/// The text of `file` without its `k`-th `[[policy.pin]]` table (the table
/// header and the lines up to the next blank line).
fn without_pin(text: &str, k: usize) -> String {
    let mut out = Vec::new();
    let mut seen = 0;
    let mut skipping = false;
    for line in text.lines() {
        if line.starts_with("[[policy.pin]]") {
            skipping = seen == k;
            seen += 1;
        } else if line.trim().is_empty() {
            skipping = false;
        }
        if !skipping {
            out.push(line);
        }
    }
    assert!(seen > k, "pin {k} of {seen}");
    out.join("\n")
}

#[test]
fn each_pin_costs_what_re_solving_without_it_shows() {
    let (code, out, err) = leadplan(&[
        "solve",
        AS_STATED,
        "--price-pins",
        "--no-explain",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let prices = &v["pin_prices"];
    let pinned = v["objective"].as_f64().unwrap();
    assert_eq!(prices["objective"].as_f64().unwrap(), pinned);
    // Without any pin: the public-goods scenario's own optimum.
    let free = optimum(&path(PUBLIC_GOODS));
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * (1.0 + b.abs());
    assert!(close(
        prices["objective_without_pins"].as_f64().unwrap(),
        free
    ));
    assert!(close(prices["cost"].as_f64().unwrap(), free - pinned));
    assert!(free - pinned > 1.0, "following the brief costs something");
    let text = std::fs::read_to_string(path(AS_STATED)).unwrap();
    let declared = pins(&raw(AS_STATED));
    let rows = prices["pins"].as_array().unwrap();
    assert_eq!(rows.len(), declared.len());
    let dir = tempfile::tempdir().unwrap();
    let mut costs = Vec::new();
    for (k, (row, (country, task, lead))) in rows.iter().zip(&declared).enumerate() {
        assert_eq!(row["country"], country.as_str());
        assert_eq!(row["task"], task.as_str());
        assert_eq!(row["lead"], *lead);
        let file = dir.path().join(format!("without-{k}.toml"));
        std::fs::write(&file, without_pin(&text, k)).unwrap();
        assert_eq!(
            pins(&std::fs::read_to_string(&file).unwrap().parse().unwrap()).len(),
            declared.len() - 1
        );
        let without = optimum(&file);
        assert!(
            without >= pinned - 1e-6,
            "lifting a pin never lowers the optimum"
        );
        assert!(
            close(row["objective_without"].as_f64().unwrap(), without),
            "{row}"
        );
        let cost = row["cost"].as_f64().unwrap();
        assert!(
            (cost - (without - pinned)).abs() <= 1e-6,
            "{row}: re-solved {without}"
        );
        costs.push((
            without - pinned,
            format!(
                "{country} {} {task}",
                if *lead { "leads" } else { "does not lead" }
            ),
        ));
    }
    // The sentence names the whole set's price and the three dearest pins, dearest first.
    costs.sort_by(|a, b| b.0.total_cmp(&a.0));
    assert!(
        costs[2].0 > costs[3].0 + 1e-6,
        "the three dearest are distinct: {costs:?}"
    );
    let (code, out, err) = leadplan(&["solve", AS_STATED, "--price-pins", "--no-explain"]);
    assert_eq!(code, 0, "{err}");
    let four = |x: f64| format!("{}", (x * 1e4).round() / 1e4);
    let sentence = format!(
        "following every pin costs {} (objective {} with the pins, {} without any); the pins that cost most: {} ({}), {} ({}) and {} ({}).",
        four(free - pinned),
        four(pinned),
        four(free),
        costs[0].1,
        four(costs[0].0),
        costs[1].1,
        four(costs[1].0),
        costs[2].1,
        four(costs[2].0),
    );
    assert!(out.contains(&sentence), "expected\n{sentence}\nin\n{out}");
}

#[test]
fn price_pins_needs_pins() {
    let (code, _, err) = leadplan(&["solve", PUBLIC_GOODS, "--price-pins"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no [[policy.pin]] tables"), "{err}");
}

/// The lines of a scenario's text that carry data: no comment-only or blank
/// lines, and each line without its comment.
fn data_lines(text: &str) -> Vec<(String, bool)> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let code = match l.find(" #") {
                Some(i) if !l[..i].contains('"') || l[..i].matches('"').count() % 2 == 0 => &l[..i],
                _ => l,
            };
            (code.trim_end().to_string(), l.contains("FUTURE"))
        })
        .collect()
}

#[test]
fn every_future_is_its_base_except_for_the_lines_marked_future() {
    let futures = [
        ("scenarios/futures", PUBLIC_GOODS),
        ("scenarios/futures/security", SECURITY),
    ];
    let mut seen = 0;
    for (dir, base) in futures {
        let base_lines = data_lines(&std::fs::read_to_string(path(base)).unwrap());
        let mut files: Vec<PathBuf> = std::fs::read_dir(path(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        for file in files {
            seen += 1;
            let lines = data_lines(&std::fs::read_to_string(&file).unwrap());
            // Walk both: every line of the future that is not the base's next
            // line must be marked FUTURE (or be the scenario's name); every base
            // line must be matched or replaced.
            let (mut i, mut changed) = (0, 0);
            for (line, marked) in &lines {
                if i < base_lines.len() && *line == base_lines[i].0 {
                    i += 1;
                    continue;
                }
                let is_name = line.starts_with("name = ")
                    && base_lines
                        .get(i)
                        .is_some_and(|b| b.0.starts_with("name = "));
                assert!(
                    *marked || is_name,
                    "{}: `{line}` differs from {base} (base line `{}`) without a FUTURE mark",
                    file.display(),
                    base_lines.get(i).map_or("", |b| b.0.as_str())
                );
                // A replaced line (same key) consumes the base line; an added one does not.
                let key = |l: &str| l.split('=').next().unwrap_or("").trim().to_string();
                if base_lines
                    .get(i)
                    .is_some_and(|b| key(&b.0) == key(line) && line.contains('='))
                {
                    i += 1;
                }
                changed += usize::from(!is_name);
            }
            assert_eq!(
                i,
                base_lines.len(),
                "{}: lines of {base} missing",
                file.display()
            );
            assert!(changed >= 1, "{}: no FUTURE line", file.display());
        }
    }
    assert!(seen >= 5, "{seen} futures");
}
