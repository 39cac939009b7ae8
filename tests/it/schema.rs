//! The editor schemas: committed and current, every shipped
//! file valid against its schema (checked by an independent validator, the
//! `jsonschema` crate, on the TOML read as JSON), a mistyped key rejected, and
//! the schemas' keys the same as the loader's, table by table.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use leadplan::outputs::schema::{schema, SchemaKind};
use serde_json::Value;

const KINDS: [SchemaKind; 3] = [SchemaKind::Scenario, SchemaKind::Sweep, SchemaKind::Horizon];

fn validator(kind: SchemaKind) -> jsonschema::Validator {
    let s: Value = serde_json::from_str(&schema(kind)).unwrap();
    jsonschema::draft7::new(&s).unwrap()
}

fn as_json(toml_text: &str) -> Value {
    toml::from_str(toml_text).unwrap()
}

/// Every error the validator finds, one per line.
fn errors(kind: SchemaKind, toml_text: &str) -> Vec<String> {
    let v = validator(kind);
    v.iter_errors(&as_json(toml_text))
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Shipped scenario and sweep files, each with its schema kind.
fn shipped() -> Vec<(PathBuf, SchemaKind)> {
    let mut out = Vec::new();
    for dir in [
        "scenarios",
        "scenarios/futures",
        "scenarios/futures/security",
    ] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let name = p.to_string_lossy().to_string();
            if name.ends_with(".sweep.toml") {
                out.push((p, SchemaKind::Sweep));
            } else if name.ends_with(".horizon.toml") {
                out.push((p, SchemaKind::Horizon));
            } else if name.ends_with(".toml") {
                out.push((p, SchemaKind::Scenario));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 8, "{out:?}");
    out
}

#[test]
fn committed_schemas_are_current() {
    for kind in KINDS {
        let path = kind.committed_path();
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        let which = match kind {
            SchemaKind::Scenario => "scenario",
            SchemaKind::Sweep => "sweep",
            _ => "horizon",
        };
        assert!(
            committed == schema(kind),
            "{path} is stale; regenerate it with `cargo run -- schema {which} --out {path}`"
        );
    }
}

#[test]
fn the_cli_prints_each_schema() {
    for (kind, arg) in [
        (SchemaKind::Scenario, "scenario"),
        (SchemaKind::Sweep, "sweep"),
        (SchemaKind::Horizon, "horizon"),
    ] {
        let out = Command::cargo_bin("leadplan")
            .unwrap()
            .args(["schema", arg])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert_eq!(String::from_utf8(out.stdout).unwrap(), schema(kind));
    }
}

#[test]
fn every_shipped_file_validates_against_its_schema() {
    for (path, kind) in shipped() {
        let text = std::fs::read_to_string(&path).unwrap();
        let errs = errors(kind, &text);
        assert!(errs.is_empty(), "{}: {errs:#?}", path.display());
    }
}

#[test]
fn every_shipped_file_names_its_schema_on_its_first_line() {
    for (path, kind) in shipped() {
        let text = std::fs::read_to_string(&path).unwrap();
        let first = text.lines().next().unwrap();
        let rel = first
            .strip_prefix("#:schema ")
            .unwrap_or_else(|| panic!("{}: first line is not `#:schema PATH`", path.display()));
        let target = path.parent().unwrap().join(rel);
        let want = Path::new(kind.committed_path()).canonicalize().unwrap();
        assert_eq!(target.canonicalize().unwrap(), want, "{}", path.display());
    }
}

#[test]
fn a_file_with_an_unknown_key_is_rejected() {
    let text = std::fs::read_to_string("scenarios/trilateral-public-goods.toml").unwrap();
    let typo = text.replacen("capacity =", "capcity =", 1);
    let errs = errors(SchemaKind::Scenario, &typo);
    assert!(
        errs.iter()
            .any(|e| e.contains("capcity") && e.contains("/country/0")),
        "{errs:#?}"
    );
    let wrong_value = text.replacen("funding = \"leads\"", "funding = \"everyone\"", 1);
    assert_ne!(wrong_value, text);
    assert!(!errors(SchemaKind::Scenario, &wrong_value).is_empty());
    let wrong_type = text.replacen("capacity = 34", "capacity = \"thirty-four\"", 1);
    assert_ne!(wrong_type, text);
    assert!(!errors(SchemaKind::Scenario, &wrong_type).is_empty());
    let sweep = std::fs::read_to_string("scenarios/trilateral-montecarlo.sweep.toml").unwrap();
    let typo = sweep.replacen("relative =", "relativ =", 1);
    let errs = errors(SchemaKind::Sweep, &typo);
    assert!(errs.iter().any(|e| e.contains("relativ")), "{errs:#?}");
    let two = sweep.replacen("relative = 0.2", "relative = 0.2\nfactors = [1, 2]", 1);
    assert!(
        !errors(SchemaKind::Sweep, &two).is_empty(),
        "two variations pass"
    );
}

/// The loader's known keys of the table that gets an unknown key `zz_unknown`
/// (its diagnostic lists them).
fn loader_keys(toml_text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.toml");
    std::fs::write(&p, toml_text).unwrap();
    let out = Command::cargo_bin("leadplan")
        .unwrap()
        .arg("check")
        .arg(&p)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    let line = err
        .lines()
        .map(str::to_lowercase)
        .find(|l| l.contains("known keys here:"))
        .unwrap_or_else(|| panic!("no known keys in: {err}"));
    let list = line.split("known keys here:").nth(1).unwrap();
    let mut keys: Vec<String> = list.split(',').map(|k| k.trim().to_string()).collect();
    keys.sort();
    keys
}

/// The property names of the schema object at `pointer` (following `$ref`s).
fn schema_keys(kind: SchemaKind, pointer: &[&str]) -> Vec<String> {
    let root: Value = serde_json::from_str(&schema(kind)).unwrap();
    let resolve = |v: &Value| -> Value {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => root.pointer(r.trim_start_matches('#')).unwrap().clone(),
            None => v.clone(),
        }
    };
    let mut at = resolve(&root);
    for key in pointer {
        let mut next = resolve(&at["properties"][key]);
        // An array of tables and a described `$ref` wrap the object.
        loop {
            if let Some(items) = next.get("items") {
                next = resolve(items);
            } else if let Some(all) = next.get("allOf").and_then(Value::as_array) {
                next = resolve(&all[0]);
            } else {
                break;
            }
        }
        at = next;
    }
    let mut keys: Vec<String> = at["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

#[test]
fn schema_keys_match_the_loaders_keys_table_by_table() {
    let base = std::fs::read_to_string("scenarios/trilateral-public-goods.toml").unwrap();
    let cases: [(&str, &str, Vec<&str>); 6] = [
        ("[scenario]", "[scenario]\nzz_unknown = 1", vec!["scenario"]),
        ("[policy]", "[policy]\nzz_unknown = 1", vec!["policy"]),
        (
            "[[country]]",
            "[[country]]\nzz_unknown = 1",
            vec!["country"],
        ),
        ("[[task]]", "[[task]]\nzz_unknown = 1", vec!["task"]),
        (
            "weights = {",
            "weights = { zz_unknown = 1, ",
            vec!["policy", "weights"],
        ),
        ("[scenario]", "zz_unknown = 1\n[scenario]", vec![]),
    ];
    for (find, replace, pointer) in cases {
        let text = base.replacen(find, replace, 1);
        assert_ne!(text, base, "{find}");
        let want = schema_keys(SchemaKind::Scenario, &pointer);
        assert_eq!(loader_keys(&text), want, "scenario {pointer:?}");
    }
    let pin = format!(
        "{base}\n[[policy.pin]]\ncountry = \"JP\"\ntask = \"judicial-training\"\nzz_unknown = 1\n"
    );
    assert_eq!(
        loader_keys(&pin),
        schema_keys(SchemaKind::Scenario, &["policy", "pin"])
    );
    let sweep = format!("{base}\n[sweep]\nzz_unknown = 1\n");
    assert_eq!(
        loader_keys(&sweep),
        schema_keys(SchemaKind::Sweep, &["sweep"])
    );
    let param = format!("{base}\n[sweep]\n[[sweep.param]]\npath = \"country.JP.capacity\"\nrelative = 0.1\nzz_unknown = 1\n");
    assert_eq!(
        loader_keys(&param),
        schema_keys(SchemaKind::Sweep, &["sweep", "param"])
    );
    let correlation = format!("{base}\n[sweep]\n[[sweep.correlation]]\nparams = [\"country.JP.capacity\"]\nrho = 0.1\nzz_unknown = 1\n");
    assert_eq!(
        loader_keys(&correlation),
        schema_keys(SchemaKind::Sweep, &["sweep", "correlation"])
    );
}

/// The horizon loader's known keys of the table that gets `zz_unknown`.
fn horizon_loader_keys(toml_text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "scenarios/trilateral-public-goods.toml",
        dir.path().join("s.toml"),
    )
    .unwrap();
    let path = dir.path().join("h.horizon.toml");
    std::fs::write(&path, toml_text).unwrap();
    let out = Command::cargo_bin("leadplan")
        .unwrap()
        .args(["horizon", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    let line = err
        .lines()
        .find(|l| l.contains("Known keys here: ") || l.contains("known keys here: "))
        .unwrap_or_else(|| panic!("no key list in {err}"));
    let list = line.split("nown keys here: ").nth(1).unwrap();
    let mut keys: Vec<String> = list.split(", ").map(|k| k.trim().to_string()).collect();
    keys.sort();
    keys
}

#[test]
fn horizon_schema_keys_match_the_loaders_keys_table_by_table() {
    let head = "[horizon]\nscenario = \"s.toml\"\n";
    let period = "[[horizon.period]]\nname = \"a\"\nfrom = 2026\nto = 2027\n";
    let cases: Vec<(String, Vec<&str>)> = vec![
        (format!("{head}zz_unknown = 1\n{period}"), vec!["horizon"]),
        (format!("{head}{period}zz_unknown = 1\n"), vec!["horizon", "period"]),
        (
            format!("{head}{period}[[horizon.period.change]]\npath = \"country.JP.capacity\"\nset = 1\nzz_unknown = 1\n"),
            vec!["horizon", "period", "change"],
        ),
        (
            format!("{head}{period}[[horizon.country]]\nid = \"JP\"\nzz_unknown = 1\n[[horizon.country.state]]\nname = \"a\"\n"),
            vec!["horizon", "country"],
        ),
        (
            format!("{head}{period}[[horizon.country]]\nid = \"JP\"\n[[horizon.country.state]]\nname = \"a\"\nzz_unknown = 1\n"),
            vec!["horizon", "country", "state"],
        ),
        (
            format!("{head}{period}[[horizon.task]]\nid = \"judicial-training\"\nzz_unknown = 1\n"),
            vec!["horizon", "task"],
        ),
    ];
    for (text, pointer) in cases {
        assert_eq!(
            horizon_loader_keys(&text),
            schema_keys(SchemaKind::Horizon, &pointer),
            "horizon {pointer:?}"
        );
    }
}

/// Every `.toml` under `dir`, recursively.
fn tomls(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            tomls(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

#[test]
fn every_test_scenario_the_loader_accepts_validates_against_the_schema() {
    let mut files = Vec::new();
    tomls(Path::new("tests"), &mut files);
    let mut checked = 0;
    for p in files {
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        if leadplan::Scenario::load(&p).is_err() || toml::from_str::<Value>(&text).is_err() {
            continue;
        }
        let errs = errors(SchemaKind::Scenario, &text);
        assert!(
            errs.is_empty(),
            "{} loads but fails the schema: {errs:#?}",
            p.display()
        );
        checked += 1;
    }
    eprintln!("{checked} scenarios checked");
    assert!(checked >= 10, "only {checked} scenarios checked");
}
