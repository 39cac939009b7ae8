//! Plans across election calendars, against independent truth: on small
//! random horizons the stochastic optimum equals a brute-force enumeration of
//! every lead choice in every node of the tree (handovers, minimum tenure,
//! the handover cap and institutions written out here from their
//! definitions in docs/src/horizon.md); the values of information are
//! consistent with their definitions; and bad horizon files get located errors.

use std::path::Path;

use assert_cmd::Command;
use leadplan::studies::horizon::tree::{self, node_scenario, Tree};
use leadplan::studies::horizon::{run, Foresight, Goal, Horizon, HorizonOptions};
use leadplan::{solve_restricted, Attempt, Restrictions, SolveOptions};

/// A small deterministic generator (xorshift), so cases are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn unit(&mut self) -> f64 {
        (self.next() % 1000) as f64 / 1000.0
    }
    fn pick(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A random scenario (2 countries, 2 or 3 tasks) and horizon (2 or 3 periods,
/// one or two calendars), written into `dir`.
fn write_case(dir: &Path, seed: u64) -> std::path::PathBuf {
    let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let tasks = 2 + r.pick(2) as usize;
    let mut s = String::from("[scenario]\nname = \"case\"\ndimensions = [\"a\", \"b\"]\n[policy]\nmax_leads_per_country = 2\n");
    for id in ["JP", "KR"] {
        s += &format!(
            "[[country]]\nid = \"{id}\"\ncapacity = {}\nsensitivity_tolerance = {}\ncapability = {{ a = {}, b = {} }}\n",
            3 + r.pick(4),
            0.3 + 0.7 * r.unit(),
            r.unit(),
            r.unit()
        );
    }
    for t in 0..tasks {
        s += &format!(
            "[[task]]\nid = \"t{t}\"\ndomain = \"d\"\nrequirements = {{ a = {}, b = {} }}\neffort = {}\nsensitivity = {}\n{}",
            r.unit(),
            r.unit() + 0.1,
            1 + r.pick(3),
            0.5 * r.unit(),
            if r.pick(3) == 0 { "optional = true\n" } else { "" }
        );
    }
    std::fs::write(dir.join("s.toml"), s).unwrap();
    let periods = 2 + r.pick(2) as i32;
    let mut h = format!(
        "[horizon]\nscenario = \"s.toml\"\nhandover_cost = {}\nmin_tenure = {}\n",
        2.0 * r.unit(),
        1 + r.pick(2)
    );
    if r.pick(2) == 0 {
        h += &format!("max_handovers = {}\n", r.pick(2));
    }
    for p in 0..periods {
        let y = 2026 + 2 * p;
        h += &format!(
            "[[horizon.period]]\nname = \"p{p}\"\nfrom = {y}\nto = {}\n",
            y + 1
        );
    }
    let calendars = 1 + r.pick(2);
    for (c, id) in ["KR", "JP"].iter().take(calendars as usize).enumerate() {
        let election = 2026 + 2 * r.pick(periods as u64 - 1) + r.pick(2);
        let stay = 0.3 + 0.6 * r.unit();
        h += &format!(
            "[[horizon.country]]\nid = \"{id}\"\nelections = [{election}]\n[[horizon.country.state]]\nname = \"on\"\n[[horizon.country.state]]\nname = \"off\"\nchange = [{{ path = \"country.{id}.capacity\", multiply = {} }}, {{ path = \"country.{id}.capability.a\", set = {} }}]\n{}[horizon.country.transition]\non = {{ on = {stay}, off = {} }}\noff = {{ on = 0.5, off = 0.5 }}\n",
            0.4 + 0.6 * r.unit(),
            r.unit(),
            if r.pick(2) == 0 { format!("steps_back = [\"t{}\"]\n", (c as u64 + r.pick(tasks as u64)) % tasks as u64) } else { String::new() },
            1.0 - stay
        );
    }
    if r.pick(2) == 0 {
        h += &format!(
            "[[horizon.task]]\nid = \"t0\"\ninstitutionalise_cost = {}\n",
            0.5 * r.unit()
        );
    }
    let path = dir.join("h.horizon.toml");
    std::fs::write(&path, h).unwrap();
    path
}

/// A node's objective for `leads` on scenario `s` (leads per node task), or
/// `None` when they break one of its rules.
fn node_value(s: &leadplan::Scenario, leads: &[Vec<usize>], opts: &SolveOptions) -> Option<f64> {
    let fixes = (0..s.tasks.len())
        .flat_map(|t| (0..s.countries.len()).map(move |i| (i, t, leads[t].contains(&i))))
        .collect();
    let r = Restrictions {
        fixes,
        ..Default::default()
    };
    match solve_restricted(s, &r, opts).unwrap() {
        Attempt::Planned(p) => Some(p.objective),
        _ => None,
    }
}

/// Every lead choice of a node's scenario: per task, `leads` countries (or none if optional).
fn choices(s: &leadplan::Scenario) -> Vec<Vec<Vec<usize>>> {
    let n = s.countries.len();
    let mut out: Vec<Vec<Vec<usize>>> = vec![Vec::new()];
    for task in &s.tasks {
        let mut sets: Vec<Vec<usize>> = (0u32..1 << n)
            .filter(|m| m.count_ones() as usize == task.leads)
            .map(|m| (0..n).filter(|i| m & (1 << i) != 0).collect())
            .collect();
        if task.optional {
            sets.push(Vec::new());
        }
        out = out
            .into_iter()
            .flat_map(|prefix| {
                sets.iter().map(move |set| {
                    let mut p = prefix.clone();
                    p.push(set.clone());
                    p
                })
            })
            .collect();
    }
    out
}

/// A node's horizon tasks (by node task) and every lead choice with its value.
type NodeChoices = (Vec<usize>, Vec<(Vec<Vec<usize>>, f64)>);

/// The expected value of the best plan over the tree, by enumeration.
fn brute_force(h: &Horizon, tree: &Tree, opts: &SolveOptions) -> Option<f64> {
    let priced: Vec<usize> = (0..h.tasks.len())
        .filter(|&t| h.tasks[t].institutionalise.is_some())
        .collect();
    let mut best: Option<f64> = None;
    for mask in 0u32..1 << priced.len() {
        let z: Vec<bool> = (0..h.tasks.len())
            .map(|t| {
                priced
                    .iter()
                    .position(|&p| p == t)
                    .is_some_and(|k| mask & (1 << k) != 0)
            })
            .collect();
        // per node: its scenario under z, its task map, and every choice with its value
        let per_node: Vec<NodeChoices> = tree
            .nodes
            .iter()
            .map(|n| {
                let (s, tasks) = if n.period == 0 {
                    let sc = &tree.scenarios[n.scenario];
                    (sc.strict.clone(), sc.tasks.clone())
                } else {
                    node_scenario(h, n.period, &n.states, &z).unwrap()
                };
                let opts_here = choices(&s)
                    .into_iter()
                    .filter_map(|c| node_value(&s, &c, opts).map(|v| (c, v)))
                    .collect();
                (tasks, opts_here)
            })
            .collect();
        let strict: Vec<&leadplan::Scenario> = tree
            .nodes
            .iter()
            .map(|n| &tree.scenarios[n.scenario].strict)
            .collect();
        // depth-first over nodes in order (parents first)
        let mut pick = vec![0usize; tree.nodes.len()];
        let price: f64 = priced
            .iter()
            .filter(|&&t| z[t])
            .map(|&t| h.tasks[t].institutionalise.unwrap())
            .sum();
        search(
            h, tree, &per_node, &strict, &z, 0, &mut pick, -price, &mut best,
        );
    }
    best
}

/// Horizon-task leads of node `d` under its choice.
fn leads_of(per_node: &[NodeChoices], pick: &[usize], d: usize, t: usize) -> Option<Vec<usize>> {
    let (tasks, opts) = &per_node[d];
    tasks
        .iter()
        .position(|&u| u == t)
        .map(|k| opts[pick[d]].0[k].clone())
}

#[allow(clippy::too_many_arguments)]
fn search(
    h: &Horizon,
    tree: &Tree,
    per_node: &[NodeChoices],
    strict: &[&leadplan::Scenario],
    z: &[bool],
    d: usize,
    pick: &mut Vec<usize>,
    acc: f64,
    best: &mut Option<f64>,
) {
    if d == tree.nodes.len() {
        if best.is_none_or(|b| acc > b + 1e-9) {
            *best = Some(acc);
        }
        return;
    }
    let node = &tree.nodes[d];
    for k in 0..per_node[d].1.len() {
        pick[d] = k;
        let mut ok = true;
        let mut handovers = 0usize;
        let mut cost = 0.0;
        for (t, terms) in h.tasks.iter().enumerate() {
            let Some(now) = leads_of(per_node, pick, d, t) else {
                continue;
            };
            // institutions: frozen at the root's leads
            if z[t] && d != 0 && leads_of(per_node, pick, 0, t).is_some_and(|root| root != now) {
                ok = false;
            }
            let Some(p) = node.parent else { continue };
            if let Some(before) = leads_of(per_node, pick, p, t) {
                if !before.is_empty() && !now.is_empty() {
                    let arrived = now.iter().filter(|i| !before.contains(i)).count();
                    handovers += arrived;
                    cost += terms.handover_cost * arrived as f64;
                }
            }
            // tenure: a lead taken in an ancestor c less than min_tenure periods
            // ago is still held, unless this node's scenario bars it
            let mut c = node.parent;
            while let Some(a) = c {
                if node.period - tree.nodes[a].period >= h.min_tenure {
                    break;
                }
                let took: Vec<usize> = leads_of(per_node, pick, a, t).unwrap_or_default();
                let had: Vec<usize> = tree.nodes[a]
                    .parent
                    .and_then(|q| leads_of(per_node, pick, q, t))
                    .unwrap_or_default();
                let local = tree.scenarios[node.scenario]
                    .tasks
                    .iter()
                    .position(|&u| u == t)
                    .unwrap();
                for i in took.iter().filter(|i| !had.contains(i)) {
                    if !now.contains(i) && strict[d].may_lead(*i, local) {
                        ok = false;
                    }
                }
                c = tree.nodes[a].parent;
            }
        }
        if h.max_handovers.is_some_and(|cap| handovers > cap) {
            ok = false;
        }
        if !ok {
            continue;
        }
        let v = per_node[d].1[k].1;
        let value = node.prob * (h.periods[node.period].weight * v - cost);
        search(h, tree, per_node, strict, z, d + 1, pick, acc + value, best);
    }
}

fn options(foresight: Foresight, goal: Goal) -> HorizonOptions {
    HorizonOptions {
        foresight,
        goal,
        path: None,
        solve: SolveOptions::default(),
        values: true,
    }
}

#[test]
fn the_stochastic_optimum_equals_brute_force_on_small_random_horizons() {
    let cases = if std::env::var_os("LEADPLAN_LONG_TESTS").is_some() {
        60
    } else {
        12
    };
    let mut planned = 0;
    for seed in 1..=cases {
        let dir = tempfile::tempdir().unwrap();
        let file = write_case(dir.path(), seed);
        let h = Horizon::load(&file).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let tree = tree::build(&h).unwrap();
        let truth = brute_force(&h, &tree, &SolveOptions::default());
        let report = run(&h, &options(Foresight::Stochastic, Goal::Expected)).unwrap();
        match truth {
            None => assert_eq!(report.status, "infeasible", "seed {seed}"),
            Some(v) => {
                planned += 1;
                assert_eq!(report.status, "planned", "seed {seed}");
                let got = report.expected_value.unwrap();
                assert!(
                    (got - v).abs() < 1e-6 * v.abs().max(1.0),
                    "seed {seed}: model {got}, brute force {v}"
                );
                // the values of information, from their definitions
                if let (Some(evpi), Some(ws)) = (report.evpi, report.wait_and_see) {
                    assert!(evpi >= 0.0 && (ws - got - evpi).abs() < 1e-6, "seed {seed}");
                }
                if let (Some(vss), Some(eev)) = (report.vss, report.eev) {
                    assert!(
                        vss >= 0.0 && eev <= got + 1e-6 && (got - eev - vss).abs() < 1e-6,
                        "seed {seed}"
                    );
                }
                // CVaR at level 1 is the expected value; the worst path is no better
                let all = run(&h, &options(Foresight::Stochastic, Goal::Cvar(1.0))).unwrap();
                assert!((all.value.unwrap() - got).abs() < 1e-6, "seed {seed}");
                let worst = run(&h, &options(Foresight::Stochastic, Goal::Worst)).unwrap();
                assert!(worst.value.unwrap() <= got + 1e-6, "seed {seed}");
                // survival chances never rise over time
                for s in &report.survival {
                    assert!(
                        s.probability.windows(2).all(|w| w[1] <= w[0] + 1e-9),
                        "seed {seed}"
                    );
                }
            }
        }
    }
    assert!(
        planned >= cases / 3,
        "too few cases have a plan: {planned} of {cases}"
    );
}

#[test]
fn myopic_foresight_that_sees_every_period_is_perfect_foresight() {
    for seed in 1..=6 {
        let dir = tempfile::tempdir().unwrap();
        let file = write_case(dir.path(), seed);
        let h = Horizon::load(&file).unwrap();
        let n = h.periods.len();
        let perfect = run(&h, &options(Foresight::Perfect, Goal::Expected)).unwrap();
        let myopic = run(
            &h,
            &options(Foresight::Myopic { view: n, step: n }, Goal::Expected),
        )
        .unwrap();
        assert_eq!(perfect.status, myopic.status, "seed {seed}");
        assert_eq!(perfect.value, myopic.value, "seed {seed}");
        assert_eq!(perfect.path, myopic.path, "seed {seed}");
    }
}

fn horizon_cli(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("leadplan")
        .unwrap()
        .arg("horizon")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_bad_horizon_file_gets_every_problem_with_its_line_and_a_fix() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "tests/fixtures/horizon/tiny.toml",
        dir.path().join("tiny.toml"),
    )
    .unwrap();
    let text = r#"[horizon]
scenario = "tiny.toml"
handover_cots = 1
[[horizon.period]]
name = "a"
from = 2028
to = 2027
[[horizon.country]]
id = "KX"
[[horizon.country.state]]
name = "on"
[[horizon.country]]
id = "KR"
elections = [2027]
[[horizon.country.state]]
name = "on"
[[horizon.country.state]]
name = "off"
steps_back = ["judicial-trainin"]
[horizon.country.transition]
on = { on = 0.5, off = 0.6 }
"#;
    let file = dir.path().join("bad.horizon.toml");
    std::fs::write(&file, text).unwrap();
    let out = horizon_cli(&[file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    for want in [
        "bad.horizon.toml:3:1",
        "did you mean `handover_cost`",
        "the period ends (2027) before it starts (2028)",
        "the scenario has no country `KX`",
        "did you mean `judicial-training`",
        "add up to 1.1",
        "no line for state `off`",
    ] {
        assert!(err.contains(want), "missing `{want}` in:\n{err}");
    }
}

#[test]
fn the_shipped_horizon_plans_along_its_most_likely_path_and_names_it() {
    let out = horizon_cli(&[
        "scenarios/trilateral-2026-2032.horizon.toml",
        "--foresight",
        "perfect",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "planned");
    assert_eq!(v["path"], "no change");
    assert_eq!(v["certified"], true);
    // a path that is not in the tree is refused with the tree's paths
    let out = horizon_cli(&[
        "scenarios/trilateral-2026-2032.horizon.toml",
        "--foresight",
        "perfect",
        "--path",
        "KR:nowhere@2031-32",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("is not a path of the tree") && err.contains("no change"),
        "{err}"
    );
}

#[test]
fn a_period_without_a_plan_is_named_and_its_scenario_written_for_solve() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "tests/fixtures/horizon/tiny.toml",
        dir.path().join("tiny.toml"),
    )
    .unwrap();
    let text = r#"[horizon]
scenario = "tiny.toml"
[[horizon.period]]
name = "2026-27"
from = 2026
to = 2027
[[horizon.period]]
name = "2028-29"
from = 2028
to = 2029
[[horizon.country]]
id = "KR"
elections = [2027]
[[horizon.country.state]]
name = "on"
[[horizon.country.state]]
name = "off"
change = [{ path = "country.*.capacity", set = 1 }]
[horizon.country.transition]
on = { on = 0.5, off = 0.5 }
off = { off = 1 }
"#;
    let file = dir.path().join("h.horizon.toml");
    std::fs::write(&file, text).unwrap();
    let out_dir = dir.path().join("nodes");
    let out = horizon_cli(&[
        file.to_str().unwrap(),
        "--write-scenarios",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("these periods have no plan of their own: 2028-29 (KR:off@2028-29)"),
        "{text}"
    );
    let written = out_dir.join("2028-29--KR_off_2028-29.toml");
    assert!(
        written.exists(),
        "{:?}",
        std::fs::read_dir(&out_dir).unwrap().collect::<Vec<_>>()
    );
    // the written scenario is the period's: solve finds no plan and says why
    let solve = Command::cargo_bin("leadplan")
        .unwrap()
        .args(["solve", written.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(solve.status.code(), Some(1));
    // and the other branch's scenario solves
    let fine = out_dir.join("2028-29--no_change.toml");
    let solve = Command::cargo_bin("leadplan")
        .unwrap()
        .args(["solve", fine.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(solve.status.code(), Some(0));
}
