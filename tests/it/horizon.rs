//! Plans across election calendars, against independent truth: on small
//! random horizons the stochastic optimum equals a brute-force enumeration of
//! every lead choice in every node of the tree (handovers, minimum tenure,
//! the handover cap and institutions written out here from their
//! definitions in docs/src/horizon.md); the values of information are
//! consistent with their definitions; and bad horizon files get located errors.

use std::path::Path;

use assert_cmd::Command;
use leadplan::studies::horizon::tree::{self, node_scenario, Tree};
use leadplan::studies::horizon::{run, Foresight, Goal, Horizon};
use leadplan::SolveOptions;

use super::horizon_support::{choices, node_value, options, Rng};

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

/// A node's horizon tasks (by node task) and every lead choice with its value.
type NodeChoices = (Vec<usize>, Vec<(Vec<Vec<usize>>, f64)>);

/// A plan of the tree: its expected value and its value on each path.
type PlanValues = (f64, Vec<f64>);

/// Every plan of the tree that keeps every rule, by enumeration: its expected
/// value and its value on each path (in the order of `tree.leaves()`).
fn brute_force(h: &Horizon, tree: &Tree, opts: &SolveOptions) -> Vec<(f64, Vec<f64>)> {
    let priced: Vec<usize> = (0..h.tasks.len())
        .filter(|&t| h.tasks[t].institutionalise.is_some())
        .collect();
    let mut found: Vec<(f64, Vec<f64>)> = Vec::new();
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
        let mut vals = vec![0.0; tree.nodes.len()];
        let walk = Walk {
            h,
            tree,
            per_node: &per_node,
            strict: &strict,
            z: &z,
            price,
        };
        walk.search(0, &mut pick, &mut vals, &mut found);
    }
    found
}

/// Horizon-task leads of node `d` under its choice.
fn leads_of(per_node: &[NodeChoices], pick: &[usize], d: usize, t: usize) -> Option<Vec<usize>> {
    let (tasks, opts) = &per_node[d];
    tasks
        .iter()
        .position(|&u| u == t)
        .map(|k| opts[pick[d]].0[k].clone())
}

/// The enumeration's fixed parts.
struct Walk<'a> {
    h: &'a Horizon,
    tree: &'a Tree,
    per_node: &'a [NodeChoices],
    strict: &'a [&'a leadplan::Scenario],
    z: &'a [bool],
    price: f64,
}

impl Walk<'_> {
    fn search(
        &self,
        d: usize,
        pick: &mut Vec<usize>,
        vals: &mut Vec<f64>,
        found: &mut Vec<(f64, Vec<f64>)>,
    ) {
        let (h, tree, per_node, z) = (self.h, self.tree, self.per_node, self.z);
        if d == tree.nodes.len() {
            let expected: f64 =
                (0..d).map(|k| tree.nodes[k].prob * vals[k]).sum::<f64>() - self.price;
            let paths = tree
                .leaves()
                .into_iter()
                .map(|leaf| tree.path(leaf).into_iter().map(|k| vals[k]).sum::<f64>() - self.price)
                .collect();
            found.push((expected, paths));
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
                if z[t] && d != 0 && leads_of(per_node, pick, 0, t).is_some_and(|root| root != now)
                {
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
                // tenure: a lead taken in an ancestor less than min_tenure periods
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
                        if !now.contains(i) && self.strict[d].may_lead(*i, local) {
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
            vals[d] = h.periods[node.period].weight * per_node[d].1[k].1 - cost;
            self.search(d + 1, pick, vals, found);
        }
    }
}

/// The mean of the worst `alpha` share of outcomes `(chance, value)`.
fn cvar(outcomes: &[(f64, f64)], alpha: f64) -> f64 {
    let mut sorted = outcomes.to_vec();
    sorted.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (mut left, mut sum) = (alpha, 0.0);
    for (p, v) in sorted {
        let take = p.min(left);
        sum += take * v;
        left -= take;
    }
    sum / alpha
}

/// The path from the root to `leaf` alone, as a tree of chance-1 nodes.
fn chain(tree: &Tree, leaf: usize) -> Tree {
    let path = tree.path(leaf);
    let nodes = (path.iter().enumerate())
        .map(|(k, &d)| {
            let mut n = tree.nodes[d].clone();
            n.parent = k.checked_sub(1);
            n.prob = 1.0;
            n
        })
        .collect();
    Tree {
        nodes,
        scenarios: tree.scenarios.clone(),
    }
}

/// The best value of each goal over the enumerated plans: expected, worst,
/// regret (negated; against each path's own best plan, `best_path`) and CVaR at `alpha`.
fn best_by_goal(tree: &Tree, plans: &[(f64, Vec<f64>)], best_path: &[f64], alpha: f64) -> [f64; 4] {
    let probs: Vec<f64> = tree
        .leaves()
        .into_iter()
        .map(|l| tree.nodes[l].prob)
        .collect();
    let max =
        |f: &dyn Fn(&PlanValues) -> f64| plans.iter().map(f).fold(f64::NEG_INFINITY, f64::max);
    [
        max(&|p| p.0),
        max(&|p| p.1.iter().copied().fold(f64::INFINITY, f64::min)),
        max(&|p| {
            -p.1.iter()
                .zip(best_path)
                .map(|(v, b)| b - v)
                .fold(f64::NEG_INFINITY, f64::max)
        }),
        max(&|p| {
            let outcomes: Vec<(f64, f64)> =
                probs.iter().copied().zip(p.1.iter().copied()).collect();
            cvar(&outcomes, alpha)
        }),
    ]
}

#[test]
fn the_stochastic_optimum_equals_brute_force_on_small_random_horizons() {
    let cases = if std::env::var_os("LEADPLAN_LONG_TESTS").is_some() {
        300
    } else {
        12
    };
    let mut planned = 0;
    for seed in 1..=cases {
        let dir = tempfile::tempdir().unwrap();
        let file = write_case(dir.path(), seed);
        let h = Horizon::load(&file).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let tree = tree::build(&h).unwrap();
        // enumeration grows as the product of each node's choices: keep it small
        let size: f64 = (tree.nodes.iter())
            .map(|n| choices(&tree.scenarios[n.scenario].exempt).len() as f64)
            .product();
        if size > 300_000.0 {
            continue;
        }
        let plans = brute_force(&h, &tree, &SolveOptions::default());
        let report = run(&h, &options(Foresight::Stochastic, Goal::Expected)).unwrap();
        if plans.is_empty() {
            assert_eq!(report.status, "infeasible", "seed {seed}");
            continue;
        }
        planned += 1;
        let close = |a: f64, b: f64| (a - b).abs() < 1e-6 * b.abs().max(1.0);
        // each path's own best plan, as if its elections were known
        let path_best: Vec<f64> = (tree.leaves().into_iter())
            .map(|leaf| {
                let alone = chain(&tree, leaf);
                (brute_force(&h, &alone, &SolveOptions::default()).iter())
                    .map(|p| p.0)
                    .fold(f64::NEG_INFINITY, f64::max)
            })
            .collect();
        let best = best_by_goal(&tree, &plans, &path_best, 0.3);
        if let Some(ws) = report.wait_and_see {
            let truth: f64 = (tree.leaves().iter().zip(&path_best))
                .map(|(&l, b)| tree.nodes[l].prob * b)
                .sum();
            assert!(
                close(ws, truth),
                "seed {seed}: wait-and-see {ws}, brute force {truth}"
            );
        }
        assert_eq!(report.status, "planned", "seed {seed}");
        let got = report.expected_value.unwrap();
        assert!(
            close(got, best[0]),
            "seed {seed}: model {got}, brute force {}",
            best[0]
        );
        // every goal's optimum equals the enumeration's
        for (k, goal) in [Goal::Worst, Goal::Regret, Goal::Cvar(0.3)]
            .into_iter()
            .enumerate()
        {
            let r = run(&h, &options(Foresight::Stochastic, goal)).unwrap();
            let v = r.value.unwrap();
            assert!(
                close(v, best[k + 1]),
                "seed {seed} {goal:?}: model {v}, brute force {}",
                best[k + 1]
            );
        }
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
        // CVaR at level 1 is the expected value
        let all = run(&h, &options(Foresight::Stochastic, Goal::Cvar(1.0))).unwrap();
        assert!(close(all.value.unwrap(), got), "seed {seed}");
        // survival: a recount over the nodes
        recount_survival(&report, seed);
    }
    assert!(
        planned >= cases / 4,
        "too few cases have a plan: {planned} of {cases}"
    );
}

/// Each first-period lead's printed chance of lasting to a period equals the
/// chances of the nodes of that period where it was held on the whole way.
fn recount_survival(r: &leadplan::studies::horizon::HorizonReport, seed: u64) {
    for s in &r.survival {
        for (p, period) in r.periods.iter().enumerate() {
            let held = |id: usize| {
                let mut at = Some(id);
                while let Some(k) = at {
                    let n = &r.nodes[k];
                    if !n
                        .leads
                        .iter()
                        .any(|l| l.task == s.task && l.leads.contains(&s.country))
                    {
                        return false;
                    }
                    at = n.parent;
                }
                true
            };
            let want: f64 = r
                .nodes
                .iter()
                .filter(|n| n.period == period.name && held(n.id))
                .map(|n| n.probability)
                .sum();
            assert!(
                (s.probability[p] - want).abs() < 1e-6,
                "seed {seed}: {} {} {}",
                s.task,
                s.country,
                period.name
            );
        }
    }
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
    let file = tiny_horizon(
        dir.path(),
        r#"[[horizon.period]]
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
"#,
    );
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

/// A horizon file over `tiny.toml` with `body` after its `[horizon]` head.
fn tiny_horizon(dir: &Path, body: &str) -> std::path::PathBuf {
    std::fs::copy("tests/fixtures/horizon/tiny.toml", dir.join("tiny.toml")).unwrap();
    let file = dir.join("h.horizon.toml");
    std::fs::write(
        &file,
        format!("[horizon]\nscenario = \"tiny.toml\"\n{body}"),
    )
    .unwrap();
    file
}

#[test]
fn a_one_period_horizon_is_the_scenarios_own_plan() {
    let dir = tempfile::tempdir().unwrap();
    let file = tiny_horizon(
        dir.path(),
        "[[horizon.period]]\nname = \"now\"\nfrom = 2026\nto = 2026\n",
    );
    let h = Horizon::load(&file).unwrap();
    let r = run(&h, &options(Foresight::Stochastic, Goal::Expected)).unwrap();
    let out = Command::cargo_bin("leadplan")
        .unwrap()
        .args([
            "solve",
            "tests/fixtures/horizon/tiny.toml",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let solve: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let objective = solve["objective"].as_f64().unwrap();
    assert!(
        (r.expected_value.unwrap() - objective).abs() < 1e-6,
        "{r:?} vs {objective}"
    );
    for a in solve["assignments"].as_array().unwrap() {
        let task = a["task"].as_str().unwrap();
        let leads: Vec<String> = (a["leads"].as_array().unwrap().iter())
            .map(|l| l.as_str().unwrap().to_string())
            .collect();
        let row = r.nodes[0].leads.iter().find(|l| l.task == task).unwrap();
        assert_eq!(row.leads, leads, "{task}");
    }
}

#[test]
fn states_that_change_nothing_give_the_perfect_foresight_plan_without_handovers() {
    let dir = tempfile::tempdir().unwrap();
    let file = tiny_horizon(
        dir.path(),
        r#"handover_cost = 0.5
[[horizon.period]]
name = "a"
from = 2026
to = 2027
[[horizon.period]]
name = "b"
from = 2028
to = 2029
[[horizon.country]]
id = "KR"
elections = [2027]
[[horizon.country.state]]
name = "on"
[[horizon.country.state]]
name = "also-on"
[horizon.country.transition]
on = { on = 0.5, also-on = 0.5 }
also-on = { also-on = 1 }
"#,
    );
    let h = Horizon::load(&file).unwrap();
    let stochastic = run(&h, &options(Foresight::Stochastic, Goal::Expected)).unwrap();
    let perfect = run(&h, &options(Foresight::Perfect, Goal::Expected)).unwrap();
    assert_eq!(
        stochastic.nodes.len(),
        3,
        "the tree branches at the election"
    );
    assert!((stochastic.expected_value.unwrap() - perfect.expected_value.unwrap()).abs() < 1e-9);
    assert_eq!(stochastic.expected_handovers, Some(0.0));
    assert_eq!(stochastic.evpi, Some(0.0));
}

/// Under a time limit, whatever comes back holds: a plan scores no more than
/// the optimum, and a printed bound is no lower than it.
#[test]
fn a_time_limited_plan_and_its_bound_bracket_the_optimum() {
    for seed in 1..=8 {
        let dir = tempfile::tempdir().unwrap();
        let file = write_case(dir.path(), seed);
        let h = Horizon::load(&file).unwrap();
        let exact = run(&h, &options(Foresight::Stochastic, Goal::Expected)).unwrap();
        let Some(best) = exact.value else { continue };
        for limit in [0.001, 0.05, 1.0] {
            let mut o = options(Foresight::Stochastic, Goal::Expected);
            o.solve.time_limit = Some(limit);
            let r = run(&h, &o).unwrap();
            if let Some(v) = r.value {
                assert!(r.certified, "seed {seed}: an uncertified plan printed");
                assert!(
                    v <= best + 1e-6,
                    "seed {seed}: {v} above the optimum {best}"
                );
            }
            if let Some(b) = r.bound {
                assert!(
                    b >= best - 1e-6,
                    "seed {seed}: bound {b} below the optimum {best}"
                );
            }
            assert!(
                r.status == "planned" || r.status == "time_limit",
                "seed {seed}: {}",
                r.status
            );
        }
    }
}

/// `--first-period` holds a printed plan's first period and plans the rest:
/// the printed plan's own first period gives its printed value; a file
/// written for another horizon file is refused.
#[test]
fn holding_the_printed_first_period_gives_the_printed_value() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = "tests/fixtures/horizon/tiny.horizon.toml";
    let plan = dir.path().join("plan.json");
    let out = horizon_cli(&[fixture, "--format", "json", "--out", plan.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    let out = horizon_cli(&[
        fixture,
        "--first-period",
        plan.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let held: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (a, b) = (
        printed["expected_value"].as_f64().unwrap(),
        held["expected_value"].as_f64().unwrap(),
    );
    assert!((a - b).abs() < 1e-6, "printed {a}, held {b}");
    assert_eq!(held["nodes"][0]["leads"], printed["nodes"][0]["leads"]);
    assert_eq!(held["institutionalised"], printed["institutionalised"]);
    // another horizon file: refused, naming the hash
    let other = tiny_horizon(
        dir.path(),
        "[[horizon.period]]\nname = \"a\"\nfrom = 2026\nto = 2027\n",
    );
    let out = horizon_cli(&[
        other.to_str().unwrap(),
        "--first-period",
        plan.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("hash"), "{err}");
}
