//! From a horizon to a scenario tree: one node per period and history of
//! government states, each with the scenario that holds there.
//!
//! The tree branches only between periods where some country may change
//! state (an election, or an early one); outcomes of one branching with the
//! same states are one child. A node's scenario is the scenario file with
//! its period's changes, then each country's state's changes and bans, and
//! without the tasks not active in that period.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Horizon, Op};
use crate::error::Error;
use crate::scenario::{Pin, Scenario, SensitivityRule};

/// One node: a period under one history of states.
#[derive(Clone, Debug)]
pub struct Node {
    /// Its parent (none for the root).
    pub parent: Option<usize>,
    /// Its period's index.
    pub period: usize,
    /// The chance of reaching it.
    pub prob: f64,
    /// Per calendar, the state's index.
    pub states: Vec<usize>,
    /// Index of its scenario in [`Tree::scenarios`].
    pub scenario: usize,
}

/// A scenario of the tree, as the states make it and with the bans a later
/// government adds on institutionalisable tasks lifted.
#[derive(Clone, Debug)]
pub struct NodeScenario {
    /// As the states make it.
    pub strict: Scenario,
    /// With those bans lifted (the same as `strict` in the first period).
    pub exempt: Scenario,
    /// Per task of the node's scenario, the task's index in the horizon.
    pub tasks: Vec<usize>,
}

/// The scenario tree.
#[derive(Clone, Debug)]
pub struct Tree {
    /// Nodes, parents before children, period by period.
    pub nodes: Vec<Node>,
    /// The distinct node scenarios.
    pub scenarios: Vec<NodeScenario>,
}

impl Tree {
    /// The leaves (nodes of the last period).
    pub fn leaves(&self) -> Vec<usize> {
        crate::model::horizon::leaves(&self.parents())
    }

    /// The path from the root to `d`, root first.
    pub fn path(&self, d: usize) -> Vec<usize> {
        crate::model::horizon::path(&self.parents(), d)
    }

    fn parents(&self) -> Vec<Option<usize>> {
        self.nodes.iter().map(|n| n.parent).collect()
    }
}

/// Builds the tree of `h`; an error when it would have more than
/// `h.max_nodes` nodes or a node's scenario is not valid.
pub fn build(h: &Horizon) -> Result<Tree, Error> {
    let initial: Vec<usize> = h.calendars.iter().map(|c| c.initial).collect();
    let mut tree = Tree {
        nodes: Vec::new(),
        scenarios: Vec::new(),
    };
    let mut cache: HashMap<(usize, Vec<usize>), usize> = HashMap::new();
    let root_scenario = scenario_index(h, &mut tree, &mut cache, 0, &initial)?;
    tree.nodes.push(Node {
        parent: None,
        period: 0,
        prob: 1.0,
        states: initial,
        scenario: root_scenario,
    });
    let mut frontier = vec![0usize];
    for p in 1..h.periods.len() {
        let steps: Vec<Vec<Vec<f64>>> = (h.calendars.iter())
            .map(|c| c.step(h.periods[p - 1].from, h.periods[p].from))
            .collect();
        let mut next = Vec::new();
        for &d in &frontier {
            let mut outcomes: Vec<(Vec<usize>, f64)> = vec![(Vec::new(), tree.nodes[d].prob)];
            for (c, step) in steps.iter().enumerate() {
                let row = &step[tree.nodes[d].states[c]];
                outcomes = outcomes
                    .into_iter()
                    .flat_map(|(states, prob)| {
                        (0..row.len()).filter(|&b| row[b] > 1e-12).map(move |b| {
                            let mut s = states.clone();
                            s.push(b);
                            (s, prob * row[b])
                        })
                    })
                    .collect();
            }
            for (states, prob) in outcomes {
                if tree.nodes.len() >= h.max_nodes {
                    return Err(Error::Usage(format!(
                        "{}: the scenario tree has more than {} nodes (by period {}); merge periods, give fewer states or elections, or raise `max_nodes` in [horizon] (the model grows with the nodes)",
                        h.file.display(),
                        h.max_nodes,
                        h.periods[p].name
                    )));
                }
                let scenario = scenario_index(h, &mut tree, &mut cache, p, &states)?;
                tree.nodes.push(Node {
                    parent: Some(d),
                    period: p,
                    prob,
                    states,
                    scenario,
                });
                next.push(tree.nodes.len() - 1);
            }
        }
        frontier = next;
    }
    Ok(tree)
}

fn scenario_index(
    h: &Horizon,
    tree: &mut Tree,
    cache: &mut HashMap<(usize, Vec<usize>), usize>,
    period: usize,
    states: &[usize],
) -> Result<usize, Error> {
    if let Some(&k) = cache.get(&(period, states.to_vec())) {
        return Ok(k);
    }
    let none = vec![false; h.tasks.len()];
    let (strict, tasks) = node_scenario(h, period, states, &none)?;
    let exempt = if period == 0 {
        strict.clone()
    } else {
        let offered: Vec<bool> = h
            .tasks
            .iter()
            .map(|t| t.institutionalise.is_some())
            .collect();
        node_scenario(h, period, states, &offered)?.0
    };
    tree.scenarios.push(NodeScenario {
        strict,
        exempt,
        tasks,
    });
    cache.insert((period, states.to_vec()), tree.scenarios.len() - 1);
    Ok(tree.scenarios.len() - 1)
}

/// The scenario of `period` under `states` (per calendar), with the tasks
/// marked in `exempt` (by horizon task) free of the bans states add and, under
/// `sensitivity_rule = "forbid"`, of sensitivity bans; and per task of it, the
/// horizon task it is.
pub fn node_scenario(
    h: &Horizon,
    period: usize,
    states: &[usize],
    exempt: &[bool],
) -> Result<(Scenario, Vec<usize>), Error> {
    let mut s = h.base.clone();
    let pd = &h.periods[period];
    let mut refit = false;
    let mut apply = |s: &mut Scenario, changes: &[super::Change], whose: &str| {
        for c in changes {
            for target in &c.targets {
                let Some(cur) = target.get(s) else {
                    if let Op::Set(x) = c.op {
                        target.set(s, x);
                        refit |= target.affects_fit();
                    }
                    continue;
                };
                let mut x = match c.op {
                    Op::Set(x) => x,
                    Op::Multiply(f) => cur * f,
                    Op::Add(a) => cur + a,
                };
                let b = target.bounds(s);
                if b.integer {
                    x = x.round();
                }
                if !(x >= b.lo - 1e-12 && x <= b.hi + 1e-12) {
                    return Err(Error::Usage(format!(
                        "{}: in period {}{whose}, `{}` makes a value {x}, outside its range {} to {}; change the change so the value stays in range",
                        h.file.display(),
                        pd.name,
                        c.path,
                        b.lo,
                        b.hi
                    )));
                }
                target.set(s, x.clamp(b.lo, b.hi));
                refit |= target.affects_fit();
            }
        }
        Ok(())
    };
    apply(&mut s, &pd.changes, "")?;
    for (c, &k) in h.calendars.iter().zip(states) {
        let state = &c.states[k];
        let whose = format!(" ({} {})", h.base.countries[c.country].id, state.name);
        apply(&mut s, &state.changes, &whose)?;
        for &t in &state.steps_back {
            if exempt[t] {
                continue;
            }
            s.policy
                .pins
                .retain(|p| !(p.country == c.country && p.task == t));
            s.policy.pins.push(Pin {
                country: c.country,
                task: t,
                lead: false,
            });
        }
    }
    if refit {
        s.recompute_fit();
    }
    if s.policy.sensitivity_rule == SensitivityRule::Forbid {
        for (t, task) in s.tasks.iter_mut().enumerate() {
            if exempt[t] {
                task.sensitivity = 0.0;
            }
        }
    }
    let problems = crate::sweep::apply::check(&s);
    if let Some(p) = problems.first() {
        return Err(Error::Usage(format!(
            "{}: in period {} the scenario is not valid: {p}",
            h.file.display(),
            pd.name
        )));
    }
    // drop the tasks not active in this period
    let keep: Vec<usize> = (0..s.tasks.len())
        .filter(|&t| h.tasks[t].active_in(pd))
        .collect();
    if keep.len() < s.tasks.len() {
        let mut new_index = vec![None; s.tasks.len()];
        for (k, &t) in keep.iter().enumerate() {
            new_index[t] = Some(k);
        }
        s.tasks = keep.iter().map(|&t| s.tasks[t].clone()).collect();
        s.policy.pins = (s.policy.pins.iter())
            .filter_map(|p| new_index[p.task].map(|k| Pin { task: k, ..*p }))
            .collect();
    }
    Ok((s, keep))
}

/// Writes every node's scenario into `dir` (created if missing) as
/// `PERIOD--HISTORY.toml`, each with a comment saying what it is; where the
/// bans later governments add on institutionalisable tasks are lifted, that
/// exempt scenario too, as `exempt/PERIOD--HISTORY.toml`; and the tree itself
/// as `tree.json` (see [`tree_json`]). The paths written.
pub fn write_scenarios(h: &Horizon, dir: &Path, goal: &str) -> Result<Vec<PathBuf>, Error> {
    let tree = build(h)?;
    let create = |dir: &Path| {
        std::fs::create_dir_all(dir).map_err(|e| Error::Io {
            path: dir.display().to_string(),
            source: e,
        })
    };
    create(dir)?;
    let clean = |text: &str| -> String {
        text.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    let mut out = Vec::new();
    let mut files = Vec::new();
    for d in 0..tree.nodes.len() {
        let n = &tree.nodes[d];
        let sc = &tree.scenarios[n.scenario];
        let history = history(h, &tree, d);
        let period = &h.periods[n.period].name;
        let name = format!("{}--{}.toml", clean(period), clean(&history));
        let comment = format!(
            "Period {period} of {} under the history \"{history}\" (chance {}), written by `leadplan horizon --write-scenarios`.\nTasks not active in this period are left out.",
            h.file.display(),
            crate::fmt::fmt_num(n.prob)
        );
        let text = crate::scenario::to_toml(&sc.strict, &comment);
        crate::output::write_atomic(&dir.join(&name), text.as_bytes())?;
        out.push(dir.join(&name));
        let exempt = if sc.exempt == sc.strict {
            name.clone()
        } else {
            let exempt = format!("exempt/{name}");
            let comment = format!("{comment}\nThe bans later governments add on the tasks that may be institutionalised are lifted: a pair only this scenario allows may be led where its task is institutionalised.");
            create(&dir.join("exempt"))?;
            let text = crate::scenario::to_toml(&sc.exempt, &comment);
            crate::output::write_atomic(&dir.join(&exempt), text.as_bytes())?;
            out.push(dir.join(&exempt));
            exempt
        };
        files.push((name, exempt));
    }
    let json = tree_json(h, &tree, &files, goal);
    let text = serde_json::to_string_pretty(&json).expect("JSON values serialise") + "\n";
    crate::output::write_atomic(&dir.join("tree.json"), text.as_bytes())?;
    out.push(dir.join("tree.json"));
    Ok(out)
}

/// The tree as `--write-scenarios` writes it to `tree.json`, for a peer that
/// builds the same extensive form: the horizon's terms (goal, tenure, cap,
/// per task its handover cost and institution price) and per node its id,
/// parent, period, chance, period weight, history and scenario files
/// (`files`: per node, the scenario's and the exempt scenario's, relative to
/// the directory).
fn tree_json(
    h: &Horizon,
    tree: &Tree,
    files: &[(String, String)],
    goal: &str,
) -> serde_json::Value {
    use serde_json::json;
    let periods: Vec<_> = (h.periods.iter())
        .map(|p| json!({"name": p.name, "from": p.from, "to": p.to, "weight": p.weight}))
        .collect();
    let tasks: Vec<_> = (h.base.tasks.iter().zip(&h.tasks))
        .map(|(t, terms)| {
            json!({
                "id": t.id,
                "handover_cost": terms.handover_cost,
                "institutionalise_cost": terms.institutionalise,
            })
        })
        .collect();
    let nodes: Vec<_> = (tree.nodes.iter().enumerate().zip(files))
        .map(|((d, n), (scenario, exempt))| {
            json!({
                "id": d,
                "parent": n.parent,
                "period": n.period,
                "probability": n.prob,
                "weight": h.periods[n.period].weight,
                "history": history(h, tree, d),
                "scenario": scenario,
                "exempt_scenario": exempt,
            })
        })
        .collect();
    json!({
        "horizon": h.file.display().to_string(),
        "goal": goal,
        "countries": h.base.countries.iter().map(|c| &c.id).collect::<Vec<_>>(),
        "periods": periods,
        "tasks": tasks,
        "min_tenure": h.min_tenure,
        "max_handovers": h.max_handovers,
        "nodes": nodes,
    })
}

/// A node's history: each change of state on the way, `KR:turnover@2030-32`,
/// or `no change`.
pub fn history(h: &Horizon, tree: &Tree, d: usize) -> String {
    let path = tree.path(d);
    let mut parts = Vec::new();
    for w in path.windows(2) {
        let (a, b) = (&tree.nodes[w[0]], &tree.nodes[w[1]]);
        for (c, cal) in h.calendars.iter().enumerate() {
            if a.states[c] != b.states[c] {
                parts.push(format!(
                    "{}:{}@{}",
                    h.base.countries[cal.country].id,
                    cal.states[b.states[c]].name,
                    h.periods[b.period].name
                ));
            }
        }
    }
    if parts.is_empty() {
        "no change".into()
    } else {
        parts.join(", ")
    }
}
