//! `leadplan sweep` end to end: designs, determinism across threads, failing
//! runs, resume, diagnostics, and every run checked against brute force.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use leadplan::plan::{Plan, PlanStatus};
use leadplan::{Scenario, SolverKind};
use tempfile::TempDir;

/// Small enough to brute-force; no money variables (no budget, no fairness).
const SMALL: &str = r#"
[scenario]
name = "small"
[policy]
min_leads_per_country = 1
max_leads_per_domain = 1
weights = { fit = 10, cost = 0.1, sensitivity = 1 }

[[country]]
id = "A"
capacity = 4
sensitivity_tolerance = 0.6
capability = { x = 0.9, y = 0.3, z = 0.5 }

[[country]]
id = "B"
capacity = 3
capability = { x = 0.4, y = 0.8, z = 0.6 }

[[country]]
id = "C"
capacity = 3
capability = { x = 0.5, y = 0.5, z = 0.9 }

[[task]]
id = "t1"
domain = "d1"
effort = 2
cost = { A = 5, B = 3, C = 4 }
requirements = { x = 1 }

[[task]]
id = "t2"
domain = "d1"
effort = 1
cost = 2
sensitivity = 0.7
requirements = { y = 1, z = 0.5 }

[[task]]
id = "t3"
domain = "d2"
effort = 2
cost = 3
leads = 2
requirements = { z = 1 }

[[task]]
id = "t4"
domain = "d2"
effort = 1
cost = 1
requirements = { x = 0.5, y = 0.5 }
"#;

struct Dir {
    tmp: TempDir,
}

impl Dir {
    fn new() -> Dir {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("small.toml"), SMALL).unwrap();
        Dir { tmp }
    }
    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }
    /// Writes a sweep file over `small.toml` with `body` after the `[sweep]` keys.
    fn sweep(&self, name: &str, head: &str, body: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(
            &p,
            format!("[sweep]\nscenario = \"small.toml\"\n{head}\n{body}"),
        )
        .unwrap();
        p
    }
    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }
}

fn sweep(file: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    let mut cmd = Command::cargo_bin("leadplan").unwrap();
    cmd.arg("sweep").arg(file).arg("--out").arg(out).args(extra);
    cmd.assert()
}

/// Rows of runs.csv as maps from column to cell.
fn rows(csv_text: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

fn num(row: &std::collections::BTreeMap<String, String>, col: &str) -> f64 {
    row[col]
        .parse()
        .unwrap_or_else(|_| panic!("{col} = {:?}", row[col]))
}

const MC: &str = r#"
[[sweep.param]]
path = "country.*.capability.*"
relative = 0.3
[[sweep.param]]
path = "country.*.capacity"
relative = 0.3
[[sweep.param]]
path = "task.*.cost"
uniform = { min = 0, max = 8 }
[[sweep.param]]
path = "country.A.sensitivity_tolerance"
triangular = { min = 0.4, mode = 0.6, max = 0.9 }
"#;

// ------------------------------------------------------------- brute force

/// Every lead plan that meets the small scenario's rules in `s`, with its objective.
fn feasible_plans(s: &Scenario) -> Vec<(Vec<Vec<usize>>, f64)> {
    let n = s.countries.len();
    let options: Vec<Vec<Vec<usize>>> = s
        .tasks
        .iter()
        .enumerate()
        .map(|(t, task)| {
            (0u32..1 << n)
                .filter(|m| m.count_ones() as usize == task.leads)
                .map(|m| (0..n).filter(|i| m & (1 << i) != 0).collect::<Vec<_>>())
                .filter(|set| set.iter().all(|&i| s.sensitivity_allows(i, t)))
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    let mut pick = vec![0usize; s.tasks.len()];
    loop {
        let leads: Vec<Vec<usize>> = pick
            .iter()
            .enumerate()
            .map(|(t, &k)| options[t].get(k).cloned().unwrap_or_default())
            .collect();
        if options.iter().all(|o| !o.is_empty()) && meets_rules(s, &leads) {
            let p = Plan::from_parts(
                s,
                leads.clone(),
                None,
                PlanStatus::Optimal,
                SolverKind::Microlp,
                0.0,
            );
            out.push((leads, p.objective));
        }
        let mut t = 0;
        loop {
            if t == pick.len() {
                return out;
            }
            pick[t] += 1;
            if pick[t] < options[t].len().max(1) {
                break;
            }
            pick[t] = 0;
            t += 1;
        }
    }
}

fn meets_rules(s: &Scenario, leads: &[Vec<usize>]) -> bool {
    (0..s.countries.len()).all(|i| {
        let led: Vec<usize> = (0..s.tasks.len())
            .filter(|&t| leads[t].contains(&i))
            .collect();
        let effort: f64 = led.iter().map(|&t| s.tasks[t].effort[i]).sum();
        let per_domain_ok = s.domains().iter().all(|d| {
            led.iter().filter(|&&t| &s.tasks[t].domain == d).count()
                <= s.policy.max_per_domain.unwrap_or(usize::MAX)
        });
        effort <= s.countries[i].capacity + 1e-9 && led.len() >= s.min_leads_of(i) && per_domain_ok
    })
}

fn ids_to_leads(s: &Scenario, row: &std::collections::BTreeMap<String, String>) -> Vec<Vec<usize>> {
    s.tasks
        .iter()
        .map(|t| {
            row[&format!("lead.{}", t.id)]
                .split('+')
                .map(|id| s.country_index(id).unwrap())
                .collect()
        })
        .collect()
}

#[test]
fn every_run_matches_brute_force_on_its_own_scenario() {
    let d = Dir::new();
    let f = d.sweep(
        "mc.sweep.toml",
        "design = \"montecarlo\"\nruns = 40\nseed = 3",
        MC,
    );
    let out = d.path("out");
    sweep(&f, &out, &["--dump-scenarios", "40", "--threads", "2"]).code(predicates::ord::ge(0));
    let base = Scenario::from_toml_str(SMALL, "small.toml").unwrap();
    let plans = feasible_plans(&base);
    let best = plans.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let baseline = plans.iter().find(|p| p.1 == best).unwrap().0.clone();
    let (mut optimal, mut infeasible) = (0, 0);
    for row in rows(&d.read("out/runs.csv")) {
        let run: u64 = row["run"].parse().unwrap();
        let s = Scenario::load(&out.join(format!("scenarios/run-{run:06}.toml"))).unwrap();
        let plans = feasible_plans(&s);
        if plans.is_empty() {
            assert_eq!(row["status"], "infeasible", "run {run}");
            infeasible += 1;
            continue;
        }
        optimal += 1;
        assert_eq!(row["status"], "optimal", "run {run}");
        let best = plans.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
        let obj = num(&row, "objective");
        assert!(
            (obj - best).abs() <= 1e-9 * best.abs().max(1.0),
            "run {run}: {obj} vs brute force {best}"
        );
        let found = ids_to_leads(&s, &row);
        assert!(
            plans
                .iter()
                .any(|p| p.0 == found && (p.1 - best).abs() < 1e-9),
            "run {run}: reported leads are not an optimal plan"
        );
        match plans.iter().find(|p| p.0 == baseline) {
            Some((_, value)) => {
                assert_eq!(row["baseline_feasible"], "true", "run {run}");
                assert!((num(&row, "baseline_objective") - value).abs() < 1e-9);
                assert!((num(&row, "regret") - (best - value)).abs() < 1e-9);
            }
            None => assert_eq!(row["baseline_feasible"], "false", "run {run}"),
        }
    }
    assert!(
        optimal > 10 && infeasible > 0,
        "optimal {optimal}, infeasible {infeasible}: the sweep should exercise both"
    );
}

/// One lead per task, with budgets and a fairness term: the money each country
/// pays is fixed by the leads, so brute force over lead plans is exact.
const SMALL_MONEY: &str = r#"
[policy]
min_leads_per_country = 1
min_lead_share = 0.2
weights = { fit = 10, cost = 0.05, sensitivity = 1, fairness = 0.3 }

[[country]]
id = "A"
capacity = 4
budget = 9
fair_share = 3
capability = { x = 0.9, y = 0.3 }

[[country]]
id = "B"
capacity = 3
budget = 6
fair_share = 1
capability = { x = 0.4, y = 0.8 }

[[country]]
id = "C"
capacity = 3
capability = { x = 0.6, y = 0.6 }

[[task]]
id = "t1"
effort = 2
cost = { A = 5, B = 3, C = 4 }
requirements = { x = 1 }

[[task]]
id = "t2"
effort = 1
cost = 4
requirements = { y = 1 }

[[task]]
id = "t3"
effort = 2
cost = { A = 2, B = 6, C = 3 }
requirements = { x = 0.5, y = 0.5 }

[[task]]
id = "t4"
effort = 1
cost = 2
requirements = { y = 1 }
"#;

fn within_budgets(s: &Scenario, leads: &[Vec<usize>]) -> bool {
    (0..s.countries.len()).all(|i| {
        let spent: f64 = (0..s.tasks.len())
            .filter(|&t| leads[t].contains(&i))
            .map(|t| s.tasks[t].cost[i])
            .sum();
        s.countries[i].budget.is_none_or(|b| spent <= b + 1e-9)
    })
}

#[test]
fn runs_with_budgets_and_fairness_match_brute_force() {
    let d = Dir::new();
    std::fs::write(d.path("money.toml"), SMALL_MONEY).unwrap();
    let p = d.path("m.sweep.toml");
    let body = "[[sweep.param]]\npath = \"country.*.budget\"\nuniform = { min = 2, max = 12 }\n[[sweep.param]]\npath = \"task.*.cost.*\"\nrelative = 0.5\n[[sweep.param]]\npath = \"policy.weights.fairness\"\nuniform = { min = 0, max = 1 }\n";
    std::fs::write(
        &p,
        format!("[sweep]\nscenario = \"money.toml\"\nruns = 30\nseed = 8\n{body}"),
    )
    .unwrap();
    let out = d.path("out");
    sweep(&p, &out, &["--dump-scenarios", "30"]).code(predicates::ord::le(1));
    let mut optimal = 0;
    for row in rows(&d.read("out/runs.csv")) {
        let run: u64 = row["run"].parse().unwrap();
        let s = Scenario::load(&out.join(format!("scenarios/run-{run:06}.toml"))).unwrap();
        let plans: Vec<_> = feasible_plans(&s)
            .into_iter()
            .filter(|p| within_budgets(&s, &p.0))
            .collect();
        if plans.is_empty() {
            assert_eq!(row["status"], "infeasible", "run {run}");
            continue;
        }
        optimal += 1;
        let best = plans.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
        let obj = num(&row, "objective");
        assert!(
            (obj - best).abs() <= 1e-7 * best.abs().max(1.0),
            "run {run}: {obj} vs brute force {best}"
        );
    }
    assert!(optimal > 5, "only {optimal} feasible runs");
}

// ------------------------------------------------------------- designs

#[test]
fn a_grid_is_the_cartesian_product_last_parameter_fastest() {
    let d = Dir::new();
    let body = "[[sweep.param]]\npath = \"policy.weights.cost\"\nvalues = [0, 0.5, 1]\n[[sweep.param]]\npath = \"country.B.capacity\"\nrange = { from = 3, to = 5, steps = 2 }\n";
    let f = d.sweep("grid.toml", "design = \"grid\"", body);
    sweep(&f, &d.path("out"), &[]).success();
    let got: Vec<(f64, f64)> = rows(&d.read("out/runs.csv"))
        .iter()
        .map(|r| (num(r, "policy.weights.cost"), num(r, "country.B.capacity")))
        .collect();
    assert_eq!(
        got,
        vec![
            (0.0, 3.0),
            (0.0, 5.0),
            (0.5, 3.0),
            (0.5, 5.0),
            (1.0, 3.0),
            (1.0, 5.0)
        ]
    );
}

#[test]
fn monte_carlo_draws_stay_in_their_ranges_and_follow_the_seed() {
    let d = Dir::new();
    let body = "[[sweep.param]]\npath = \"country.A.capability.x\"\nnormal = { mean = 0.5, sd = 1.0 }\n[[sweep.param]]\npath = \"policy.weights.cost\"\nuniform = { min = 0.2, max = 0.4 }\n";
    let f = d.sweep(
        "mc.toml",
        "design = \"montecarlo\"\nruns = 30\nseed = 11",
        body,
    );
    sweep(&f, &d.path("a"), &[]).success();
    sweep(&f, &d.path("b"), &[]).success();
    sweep(&f, &d.path("c"), &["--seed", "12"]).success();
    let a = rows(&d.read("a/runs.csv"));
    assert_eq!(a.len(), 30);
    let xs: Vec<f64> = a.iter().map(|r| num(r, "country.A.capability.x")).collect();
    assert!(
        xs.iter().all(|x| (0.0..=1.0).contains(x)),
        "capability clamped to [0, 1]"
    );
    assert!(
        xs.contains(&0.0) && xs.contains(&1.0),
        "a wide normal hits both clamps"
    );
    assert!(a
        .iter()
        .all(|r| (0.2..=0.4).contains(&num(r, "policy.weights.cost"))));
    assert_eq!(
        d.read("a/runs.csv"),
        d.read("b/runs.csv"),
        "same seed, same runs"
    );
    assert_ne!(
        d.read("a/runs.csv"),
        d.read("c/runs.csv"),
        "--seed changes the draws"
    );
}

#[test]
fn a_latin_hypercube_uses_each_stratum_once() {
    let d = Dir::new();
    let body = "[[sweep.param]]\npath = \"policy.weights.cost\"\nuniform = { min = 0, max = 1 }\n[[sweep.param]]\npath = \"country.C.sensitivity_tolerance\"\nuniform = { min = 0, max = 1 }\n";
    let f = d.sweep("lhs.toml", "design = \"lhs\"\nruns = 25\nseed = 5", body);
    sweep(&f, &d.path("out"), &[]).code(predicates::ord::le(1));
    let rows = rows(&d.read("out/runs.csv"));
    assert_eq!(rows.len(), 25);
    for col in ["policy.weights.cost", "country.C.sensitivity_tolerance"] {
        let mut strata: Vec<usize> = rows.iter().map(|r| (num(r, col) * 25.0) as usize).collect();
        strata.sort();
        assert_eq!(strata, (0..25).collect::<Vec<_>>(), "{col}");
    }
}

#[test]
fn a_saltelli_design_has_the_a_b_ab_structure() {
    let d = Dir::new();
    let body = "[[sweep.param]]\npath = \"policy.weights.cost\"\nuniform = { min = 0, max = 1 }\n[[sweep.param]]\npath = \"policy.weights.sensitivity\"\nuniform = { min = 0, max = 2 }\n";
    let f = d.sweep(
        "s.toml",
        "design = \"saltelli\"\nruns = 8\nseed = 9\nbootstrap = 50",
        body,
    );
    sweep(&f, &d.path("out"), &[]).success();
    let rows = rows(&d.read("out/runs.csv"));
    assert_eq!(rows.len(), 8 * (2 + 2));
    let v = |r: usize, c: &str| num(&rows[r], c);
    let (c0, c1) = ("policy.weights.cost", "policy.weights.sensitivity");
    for i in 0..8 {
        let (a, b, ab0, ab1) = (i * 4, i * 4 + 1, i * 4 + 2, i * 4 + 3);
        assert_eq!(
            (v(ab0, c0), v(ab0, c1)),
            (v(b, c0), v(a, c1)),
            "A_B^0 takes column 0 from B"
        );
        assert_eq!(
            (v(ab1, c0), v(ab1, c1)),
            (v(a, c0), v(b, c1)),
            "A_B^1 takes column 1 from B"
        );
        assert_ne!(v(a, c0), v(b, c0));
    }
    let summary: serde_json::Value = serde_json::from_str(&d.read("out/summary.json")).unwrap();
    assert_eq!(summary["sobol"]["base_samples"], 8);
    let obj = summary["sobol"]["objective"].as_array().unwrap();
    assert_eq!(obj[0]["parameter"], c0);
    assert!(obj[0]["st"].as_f64().unwrap() >= 0.0);
}

#[test]
fn a_saltelli_sample_count_must_be_a_power_of_two() {
    let d = Dir::new();
    let body = "[[sweep.param]]\npath = \"policy.weights.cost\"\nuniform = { min = 0, max = 1 }\n";
    let f = d.sweep("s.toml", "design = \"saltelli\"\nruns = 100", body);
    sweep(&f, &d.path("out"), &[])
        .code(2)
        .stderr(predicates::str::contains("needs a power of two"))
        .stderr(predicates::str::contains("s.toml:4:8"))
        .stderr(predicates::str::contains("use 64 or 128"));
    let ok = d.sweep("s2.toml", "design = \"saltelli\"\nruns = 4", body);
    sweep(&ok, &d.path("out2"), &["--runs", "12"])
        .code(2)
        .stderr(predicates::str::contains(
            "--runs: a Saltelli design needs a power of two",
        ));
}

// ------------------------------------------------------------- engine

const DETERMINISTIC: [&str; 4] = ["runs.csv", "runs.jsonl", "summary.json", "summary.md"];

#[test]
fn outputs_are_byte_identical_for_any_thread_count_and_chunk_size() {
    let d = Dir::new();
    let f = d.sweep(
        "mc.toml",
        "design = \"montecarlo\"\nruns = 60\nseed = 21",
        MC,
    );
    for (dir, threads, chunk) in [("t1", "1", "7"), ("t2", "2", "0"), ("t4", "4", "13")] {
        sweep(&f, &d.path(dir), &["--threads", threads, "--chunk", chunk])
            .code(predicates::ord::le(1));
    }
    for name in DETERMINISTIC {
        let one = d.read(&format!("t1/{name}"));
        assert_eq!(one, d.read(&format!("t2/{name}")), "{name}: 1 vs 2 threads");
        assert_eq!(one, d.read(&format!("t4/{name}")), "{name}: 1 vs 4 threads");
    }
    let manifest: serde_json::Value = serde_json::from_str(&d.read("t4/manifest.json")).unwrap();
    assert_eq!(manifest["threads"], 4);
    assert_eq!(manifest["runs"], 60);
    assert!(manifest["scenario_hash"]
        .as_str()
        .unwrap()
        .starts_with("sha256:"));
    assert_eq!(d.read("t4/timings.csv").lines().count(), 61);
}

#[test]
fn failing_runs_are_recorded_and_the_sweep_goes_on() {
    let d = Dir::new();
    // B with capacity 0 cannot lead anything but must lead one task: infeasible.
    // Two co-leads each carrying at least 80 percent of a cost: invalid.
    let body = "[[sweep.param]]\npath = \"country.B.capacity\"\nvalues = [3, 0]\n[[sweep.param]]\npath = \"policy.min_lead_share\"\nvalues = [0.1, 0.8]\n";
    let f = d.sweep("g.toml", "design = \"grid\"", body);
    sweep(&f, &d.path("out"), &[])
        .code(1)
        .stderr(predicates::str::contains("3 of 4 runs failed"));
    let rows = rows(&d.read("out/runs.csv"));
    let status: Vec<&str> = rows.iter().map(|r| r["status"].as_str()).collect();
    assert_eq!(status, ["optimal", "invalid", "infeasible", "invalid"]);
    assert!(
        rows[1]["message"].contains("min_lead_share 0.8"),
        "{}",
        rows[1]["message"]
    );
    assert!(rows[2]["objective"].is_empty() && rows[2]["lead.t1"].is_empty());
    let summary: serde_json::Value = serde_json::from_str(&d.read("out/summary.json")).unwrap();
    assert_eq!(summary["failed"], 3);
    assert_eq!(summary["status"]["infeasible"], 1);
    assert_eq!(summary["status"]["invalid"], 2);
    assert_eq!(summary["plan_survival"], 1.0);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn cut_after_lines(path: &Path, lines: usize, extra_bytes: usize) {
    let text = std::fs::read(path).unwrap();
    let mut end = 0;
    for _ in 0..lines {
        end += text[end..].iter().position(|&b| b == b'\n').unwrap() + 1;
    }
    std::fs::write(path, &text[..end + extra_bytes]).unwrap();
}

#[test]
fn resume_after_an_interruption_gives_the_uninterrupted_outputs() {
    let d = Dir::new();
    let f = d.sweep(
        "mc.toml",
        "design = \"montecarlo\"\nruns = 40\nseed = 4",
        MC,
    );
    let full = d.path("full");
    sweep(&f, &full, &["--threads", "2", "--chunk", "8"]).code(predicates::ord::le(1));
    // An interruption mid-chunk: the JSON lines stop inside run 13, the CSV after run 20.
    let cut = d.path("cut");
    copy_dir(&full, &cut);
    cut_after_lines(&cut.join("runs.jsonl"), 13, 25);
    cut_after_lines(&cut.join("runs.csv"), 21, 0);
    std::fs::remove_file(cut.join("summary.json")).unwrap();
    sweep(&f, &cut, &[])
        .code(2)
        .stderr(predicates::str::contains("pass --resume"));
    sweep(&f, &cut, &["--resume", "--threads", "1"]).code(predicates::ord::le(1));
    for name in DETERMINISTIC {
        assert_eq!(
            d.read(&format!("full/{name}")),
            d.read(&format!("cut/{name}")),
            "{name}"
        );
    }
    let manifest: serde_json::Value = serde_json::from_str(&d.read("cut/manifest.json")).unwrap();
    assert_eq!(manifest["started_at_run"], 13);
    // Another seed is another sweep: refuse to mix them.
    sweep(&f, &cut, &["--resume", "--seed", "5"])
        .code(2)
        .stderr(predicates::str::contains("holds another sweep"));
}

// ------------------------------------------------------------- files

#[test]
fn a_scenario_may_carry_its_own_sweep_table() {
    let d = Dir::new();
    let text = format!("{SMALL}\n[sweep]\ndesign = \"grid\"\n[[sweep.param]]\npath = \"task.t4.cost\"\nvalues = [1, 2]\n");
    std::fs::write(d.path("own.toml"), text).unwrap();
    let mut check = Command::cargo_bin("leadplan").unwrap();
    check
        .arg("check")
        .arg(d.path("own.toml"))
        .assert()
        .success();
    sweep(&d.path("own.toml"), &d.path("out"), &["--format", "json"])
        .success()
        .stdout(predicates::str::contains("\"design\": \"grid\""));
    let manifest: serde_json::Value = serde_json::from_str(&d.read("out/manifest.json")).unwrap();
    assert_eq!(manifest["scenario_file"], manifest["sweep_file"]);
    assert!(d
        .read("out/summary.md")
        .starts_with("# Sweep of \"small\": grid design, 2 runs, 1 parameters"));
}

#[test]
fn bad_sweep_files_get_every_problem_with_position_key_and_hint() {
    let d = Dir::new();
    let body = r#"desing = "grid"
[[sweep.param]]
path = "country.AA.capacity"
relative = 0.1
[[sweep.param]]
path = "task.*.costs"
values = [1]
[[sweep.param]]
path = "policy.weights.cost"
uniform = { min = 2, max = 1 }
[[sweep.param]]
path = "country.A.budget"
relative = 0.2
"#;
    let f = d.sweep("bad.toml", "design = \"montecarlo\"\nruns = 5", body);
    let out = sweep(&f, &d.path("out"), &[]).code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    for needle in [
        "unknown key `desing`",
        "did you mean `design`",
        "bad.toml:5:1",
        "unknown country `AA`",
        "= key: sweep.param[0].path",
        "unknown task field `costs`",
        "did you mean `cost`",
        "`min` (2) must be below `max` (1)",
        "`country.A.budget` is not set in the scenario",
        "5 problems found",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    assert!(
        !d.path("out").exists(),
        "nothing is written for a bad sweep file"
    );
}

#[test]
fn design_mismatches_and_missing_files_are_diagnosed() {
    let d = Dir::new();
    let body = "[[sweep.param]]\npath = \"policy.weights.cost\"\nnormal = { mean = 1, sd = 0.1 }\n";
    let f = d.sweep("g.toml", "design = \"grid\"\nruns = 3", body);
    sweep(&f, &d.path("o1"), &[])
        .code(2)
        .stderr(predicates::str::contains("a grid takes no `runs`"))
        .stderr(predicates::str::contains(
            "a grid needs listed values, found `normal`",
        ));
    let p = d.path("missing.toml");
    std::fs::write(&p, "[sweep]\nscenario = \"nope.toml\"\nruns = 3\n[[sweep.param]]\npath = \"x\"\nrelative = 0.1\n").unwrap();
    sweep(&p, &d.path("o2"), &[])
        .code(2)
        .stderr(predicates::str::contains("missing.toml:2:12"))
        .stderr(predicates::str::contains("no scenario file at"));
    let q = d.path("mixed.toml");
    std::fs::write(&q, format!("[sweep]\nscenario = \"small.toml\"\nruns = 3\n[[sweep.param]]\npath = \"policy.weights.cost\"\nrelative = 0.1\n{SMALL}")).unwrap();
    sweep(&q, &d.path("o3"), &[])
        .code(2)
        .stderr(predicates::str::contains(
            "a sweep file with `scenario = ...` holds only `[sweep]`",
        ));
}
