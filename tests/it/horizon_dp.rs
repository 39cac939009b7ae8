//! Plans across election calendars at the sizes the exactness claim names (3
//! countries, 3 to 5 tasks, 3 periods, up to 8 leaves), against dynamic
//! programming over the scenario tree.
//!
//! Listing every plan of the tree (the brute force of the `horizon` suite)
//! stops at 2 countries and 3 tasks. Bellman's principle gets the same
//! optimum without listing plans: what a node's choice allows below it
//! depends only on a small state (the parent's leads, for handovers and the
//! handover cap; the leads taken in the last `min_tenure - 1` periods, which
//! must still be held; the first period's leads of institutionalised tasks),
//! so the best of every non-anticipative policy below a node is computed once
//! per (node, state), over every choice of the node. The rules are those of
//! the brute force (written from docs/src/horizon.md), on bit masks; a node's
//! value for a choice comes from the library with every lead fixed, once per
//! node scenario; institutions are an outer loop over which priced tasks are
//! taken.
//!
//! Goals: expected (the chance-weighted sum decomposes over the tree), worst
//! (node value plus the worst child), regret (each leaf's own perfect-foresight
//! optimum, from the same programme on its path alone, less the path value: the
//! node's value off the largest child regret) and wait-and-see. CVaR does not
//! decompose over the tree (the tail depends on whole path values); its
//! optimum is checked against enumeration by the `horizon` suite's brute force
//! on 2-country trees, and here only against the bounds every policy obeys
//! (worst <= CVaR <= expected, CVaR at level 1 = expected).
//!
//! A second check needs no oracle: EVPI and VSS, as the run reports them, are
//! non-negative and equal their definitions from the run's own wait-and-see,
//! expected and EEV values, on many random horizons.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use leadplan::studies::horizon::tree::{self, node_scenario, Tree};
use leadplan::studies::horizon::{run, Foresight, Goal, Horizon, HorizonReport};
use leadplan::SolveOptions;

use super::horizon_support::{choices, node_value, options, Rng};

const COUNTRIES: [&str; 3] = ["US", "JP", "KR"];

/// A random scenario (3 countries, 3 to 5 tasks: up to 2 co-led by 2, some
/// optional, sensitivities that bar some leads) and horizon (3 periods,
/// 1 to 3 calendars branching 3 times at most: up to 8 leaves; a state that
/// cuts capacity, changes a capability, may lower a tolerance and step back
/// from a task), written into `dir`.
fn write_case(dir: &Path, seed: u64) -> PathBuf {
    let mut r = Rng(seed.wrapping_mul(0xD1B5_4A32_D192_ED03) | 1);
    let tasks = 3 + r.pick(3) as usize;
    let mut s = format!(
        "[scenario]\nname = \"case\"\ndimensions = [\"a\", \"b\"]\n[policy]\nmax_leads_per_country = {}\n",
        2 + r.pick(2)
    );
    for id in COUNTRIES {
        s += &format!(
            "[[country]]\nid = \"{id}\"\ncapacity = {}\nsensitivity_tolerance = {}\ncapability = {{ a = {}, b = {} }}\n",
            4 + r.pick(5),
            0.4 + 0.6 * r.unit(),
            r.unit(),
            r.unit()
        );
    }
    // at most two co-led tasks: more, under 2 leads per country, make some
    // trees take minutes for the embedded solver in a debug build
    let mut co_led = 0;
    for t in 0..tasks {
        let leads = if co_led < 2 && r.pick(4) == 0 {
            co_led += 1;
            2
        } else {
            1
        };
        s += &format!(
            "[[task]]\nid = \"t{t}\"\ndomain = \"d\"\nrequirements = {{ a = {}, b = {} }}\neffort = {}\nsensitivity = {}\nleads = {}\n{}",
            r.unit(),
            r.unit() + 0.1,
            1 + r.pick(3),
            0.5 * r.unit(),
            leads,
            if r.pick(3) == 0 { "optional = true\n" } else { "" }
        );
    }
    std::fs::write(dir.join("s.toml"), s).unwrap();
    let mut h = format!(
        "[horizon]\nscenario = \"s.toml\"\nhandover_cost = {}\nmin_tenure = {}\n",
        2.0 * r.unit(),
        1 + r.pick(2)
    );
    if r.pick(2) == 0 {
        h += &format!("max_handovers = {}\n", r.pick(3));
    }
    if r.pick(3) == 0 {
        h += "discount_rate = 0.05\n";
    }
    for p in 0..3 {
        let y = 2026 + 2 * p;
        h += &format!(
            "[[horizon.period]]\nname = \"p{p}\"\nfrom = {y}\nto = {}\n",
            y + 1
        );
    }
    h += &calendars(&mut r, tasks);
    for t in 0..2.min(tasks) {
        let price = r.pick(4) < 2 - t as u64;
        let cost = r.pick(3) == 0;
        if price || cost {
            h += &format!("[[horizon.task]]\nid = \"t{t}\"\n");
        }
        if price {
            h += &format!("institutionalise_cost = {}\n", 0.5 * r.unit());
        }
        if cost {
            h += &format!("handover_cost = {}\n", 3.0 * r.unit());
        }
    }
    let path = dir.join("h.horizon.toml");
    std::fs::write(&path, h).unwrap();
    path
}

/// 1 to 3 calendars of two states each; every calendar branches at one or
/// both steps between periods, 3 branchings in all at most (so at most 8 leaves).
fn calendars(r: &mut Rng, tasks: usize) -> String {
    let count = 1 + r.pick(3) as usize;
    let first = r.pick(3) as usize;
    let mut branchings = 3 - count;
    let mut h = String::new();
    for c in 0..count {
        let id = COUNTRIES[(first + c) % 3];
        let step = r.pick(2) as i32;
        let mut years = vec![2026 + 2 * step + r.pick(2) as i32];
        if branchings > 0 && r.pick(2) == 0 {
            years.push(2026 + 2 * (1 - step) + r.pick(2) as i32);
            years.sort();
            branchings -= 1;
        }
        let stay = 0.3 + 0.6 * r.unit();
        let mut change = format!(
            "{{ path = \"country.{id}.capacity\", multiply = {} }}, {{ path = \"country.{id}.capability.a\", set = {} }}",
            0.6 + 0.4 * r.unit(),
            r.unit()
        );
        if r.pick(2) == 0 {
            change += &format!(
                ", {{ path = \"country.{id}.sensitivity_tolerance\", set = {} }}",
                0.2 + 0.3 * r.unit()
            );
        }
        let steps_back = if r.pick(2) == 0 {
            format!("steps_back = [\"t{}\"]\n", r.pick(tasks as u64))
        } else {
            String::new()
        };
        h += &format!(
            "[[horizon.country]]\nid = \"{id}\"\nelections = {years:?}\n[[horizon.country.state]]\nname = \"on\"\n[[horizon.country.state]]\nname = \"off\"\nchange = [{change}]\n{steps_back}[horizon.country.transition]\non = {{ on = {stay}, off = {} }}\noff = {{ on = 0.5, off = 0.5 }}\n",
            1.0 - stay
        );
    }
    h
}

/// A node's leads, four bits per horizon task: the countries that lead it
/// (bits 0 to 2) and whether the task is active in the node's period (bit 3);
/// a task not active is all zero. Packed, a state is a few integers.
type Leads = u32;

/// The bit of an active task, in its four.
const ACTIVE: u32 = 8;

/// The country bits of every task.
const COUNTRY_BITS: u32 = 0x7777_7777;

/// All four bits of every task whose lowest bit `x` has.
fn nibbles(x: u32) -> u32 {
    (x & 0x1111_1111) * 0xF
}

/// Task `t`'s four bits.
fn of(leads: Leads, t: usize) -> u32 {
    (leads >> (4 * t)) & 0xF
}

/// A node's choices that its own scenario admits, each with its objective.
type Table = Rc<Vec<(Leads, f64)>>;

/// A leaf's choices that keep the rules across periods, each with its value, best first.
type Ranked = Vec<(f64, Leads)>;

fn mask(countries: &[usize]) -> u32 {
    countries.iter().fold(0, |m, &i| m | 1 << i)
}

/// The node tables of a tree under each choice of institutions, each node
/// scenario valued once.
struct Tables<'a> {
    h: &'a Horizon,
    tree: &'a Tree,
    opts: SolveOptions,
    /// By the node scenario's text: its table.
    seen: HashMap<String, Table>,
}

impl Tables<'_> {
    /// Per node of the tree, its table when the tasks in `z` are institutionalised
    /// (the first period's scenario as it is; a later one with their bans lifted).
    fn under(&mut self, z: &[bool]) -> Vec<Table> {
        let (h, tree) = (self.h, self.tree);
        (tree.nodes.iter())
            .map(|n| {
                let (s, tasks) = if n.period == 0 {
                    let sc = &tree.scenarios[n.scenario];
                    (sc.strict.clone(), sc.tasks.clone())
                } else {
                    node_scenario(h, n.period, &n.states, z).unwrap()
                };
                let key = format!("{tasks:?} {s:?}");
                let opts = &self.opts;
                let table = self.seen.entry(key).or_insert_with(|| {
                    let rows = (choices(&s).into_iter())
                        .filter_map(|c| {
                            let v = node_value(&s, &c, opts)?;
                            let leads = (tasks.iter().enumerate())
                                .map(|(k, &t)| (ACTIVE | mask(&c[k])) << (4 * t))
                                .sum();
                            Some((leads, v))
                        })
                        .collect();
                    Rc::new(rows)
                });
                table.clone()
            })
            .collect()
    }
}

/// Per node of the tree: per horizon task (packed as leads), the countries
/// its scenario, as the states make it, lets lead (a lead taken lately must
/// still be held there).
fn held_where_allowed(tree: &Tree) -> Vec<Leads> {
    (tree.nodes.iter())
        .map(|n| {
            let sc = &tree.scenarios[n.scenario];
            (sc.tasks.iter().enumerate())
                .map(|(k, &t)| {
                    let may: Vec<usize> = (0..sc.strict.countries.len())
                        .filter(|&i| sc.strict.may_lead(i, k))
                        .collect();
                    mask(&may) << (4 * t)
                })
                .sum()
        })
        .collect()
}

/// What a node's choice may be, given the choices above it.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
struct State {
    /// The parent's leads (none at the root).
    parent: Option<Leads>,
    /// Under a minimum tenure of 2, the leads the parent took, where the
    /// node lets them be held (they must be); else none.
    taken: Leads,
    /// The first period's leads of the institutionalised tasks.
    root: Leads,
}

/// The best of each goal below a node, its own value included.
#[derive(Clone, Copy, Debug)]
struct Best {
    /// The chance-weighted sum of node values.
    expected: f64,
    /// The smallest sum of node values down to a leaf.
    worst: f64,
    /// The largest of a leaf's own optimum less the sum of node values down to it.
    regret: f64,
}

/// The dynamic programme over some nodes of a tree (the whole tree, or one
/// path) under one choice of institutions.
struct Programme<'a> {
    h: &'a Horizon,
    tree: &'a Tree,
    /// Tree nodes, parents first.
    nodes: Vec<usize>,
    /// Per node, its children (positions in `nodes`).
    children: Vec<Vec<usize>>,
    /// Per node, its chance.
    prob: Vec<f64>,
    /// Per node, its table.
    tables: Vec<Table>,
    /// Per tree node: the countries that must keep a lead taken lately.
    hold: &'a [Leads],
    /// The institutionalised tasks' bits.
    z: Leads,
    /// Per node: a leaf's own optimum (regret).
    own: Vec<f64>,
    memo: HashMap<(usize, State), Best>,
    /// Per leaf, parent's leads and institutions: the leaf's choices that
    /// keep the other rules, best first.
    ranked: HashMap<(usize, Option<Leads>, Leads), Ranked>,
}

impl<'a> Programme<'a> {
    fn new(
        h: &'a Horizon,
        tree: &'a Tree,
        nodes: Vec<usize>,
        whole: bool,
        tables: &[Table],
        hold: &'a [Leads],
        z: &[bool],
    ) -> Self {
        assert!(h.tasks.len() <= 8 && h.base.countries.len() <= 3);
        assert!(h.min_tenure <= 2, "the state holds one period of tenure");
        let children = (nodes.iter())
            .map(|&d| {
                (0..nodes.len())
                    .filter(|&k| tree.nodes[nodes[k]].parent == Some(d))
                    .collect()
            })
            .collect();
        let prob = (nodes.iter())
            .map(|&d| if whole { tree.nodes[d].prob } else { 1.0 })
            .collect();
        Programme {
            h,
            tree,
            tables: nodes.iter().map(|&d| tables[d].clone()).collect(),
            own: vec![0.0; nodes.len()],
            nodes,
            children,
            prob,
            hold,
            z: (0..z.len()).filter(|&t| z[t]).map(|t| 0xF << (4 * t)).sum(),
            memo: HashMap::new(),
            ranked: HashMap::new(),
        }
    }

    /// The best of each goal over every policy (institutions' price not included).
    fn solve(&mut self) -> Best {
        let start = State {
            parent: None,
            taken: 0,
            root: 0,
        };
        self.best(0, start)
    }

    /// Node `k`'s value under `leads` given `st`, its handovers charged, or
    /// `None` where the rules across periods forbid them.
    fn value(&self, k: usize, st: State, leads: Leads, objective: f64) -> Option<f64> {
        let (h, d) = (self.h, self.nodes[k]);
        let period = self.tree.nodes[d].period;
        let value = h.periods[period].weight * objective;
        // tenure: what the parent took is still held
        if st.taken & !leads != 0 {
            return None;
        }
        let Some(parent) = st.parent else {
            return Some(value);
        };
        // institutions: frozen at the first period's leads where both are active
        if (leads ^ st.root) & nibbles(leads >> 3) & nibbles(st.root >> 3) != 0 {
            return None;
        }
        // handovers: leads that arrive on a task the parent had led
        let arrived = leads & !parent & COUNTRY_BITS & nibbles(parent | parent >> 1 | parent >> 2);
        if h.max_handovers
            .is_some_and(|cap| arrived.count_ones() as usize > cap)
        {
            return None;
        }
        let cost: f64 = (h.tasks.iter().enumerate())
            .map(|(t, terms)| terms.handover_cost * f64::from(of(arrived, t).count_ones()))
            .sum();
        Some(value - cost)
    }

    /// What the children of a node that chose `leads` under `st` may do.
    fn next(&self, st: State, leads: Leads) -> State {
        let took = if self.h.min_tenure >= 2 {
            leads & !st.parent.unwrap_or(0) & COUNTRY_BITS
        } else {
            0
        };
        State {
            parent: Some(leads),
            taken: took,
            root: if st.parent.is_none() {
                leads & self.z
            } else {
                st.root
            },
        }
    }

    fn best(&mut self, k: usize, st: State) -> Best {
        // only what the node lets be held must be (fewer distinct states)
        let st = State {
            taken: st.taken & self.hold[self.nodes[k]],
            ..st
        };
        if self.children[k].is_empty() {
            return self.leaf(k, st);
        }
        if let Some(b) = self.memo.get(&(k, st)) {
            return *b;
        }
        let mut out = Best {
            expected: f64::NEG_INFINITY,
            worst: f64::NEG_INFINITY,
            regret: f64::INFINITY,
        };
        let table = self.tables[k].clone();
        for &(leads, objective) in table.iter() {
            let Some(v) = self.value(k, st, leads, objective) else {
                continue;
            };
            let next = self.next(st, leads);
            let (mut expected, mut worst, mut regret) =
                (self.prob[k] * v, f64::INFINITY, f64::NEG_INFINITY);
            for j in 0..self.children[k].len() {
                let b = self.best(self.children[k][j], next);
                expected += b.expected;
                worst = worst.min(b.worst);
                regret = regret.max(b.regret);
            }
            out.expected = out.expected.max(expected);
            out.worst = out.worst.max(v + worst);
            out.regret = out.regret.min(regret - v);
        }
        self.memo.insert((k, st), out);
        out
    }

    /// At a leaf every goal grows with the leaf's own value: the best choice
    /// is the most valuable one that holds what the parent took.
    fn leaf(&mut self, k: usize, st: State) -> Best {
        let key = (k, st.parent, st.root);
        if !self.ranked.contains_key(&key) {
            let free = State { taken: 0, ..st };
            let mut ranked: Ranked = (self.tables[k].iter())
                .filter_map(|&(leads, o)| self.value(k, free, leads, o).map(|v| (v, leads)))
                .collect();
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
            self.ranked.insert(key, ranked);
        }
        let v = (self.ranked[&key].iter())
            .find(|(_, leads)| st.taken & !leads == 0)
            .map_or(f64::NEG_INFINITY, |c| c.0);
        Best {
            expected: self.prob[k] * v,
            worst: v,
            regret: self.own[k] - v,
        }
    }
}

/// The exact optimum of each goal, by dynamic programming: expected, worst,
/// largest regret (positive; `None` when some path has no plan of its own) and
/// each leaf's own optimum (in the order of `tree.leaves()`). Minus infinity
/// where no plan keeps every rule.
struct Optima {
    expected: f64,
    worst: f64,
    regret: Option<f64>,
    own: Vec<f64>,
}

fn optima(h: &Horizon, tree: &Tree) -> Optima {
    let priced: Vec<usize> = (0..h.tasks.len())
        .filter(|&t| h.tasks[t].institutionalise.is_some())
        .collect();
    let every_z: Vec<(Vec<bool>, f64)> = (0u32..1 << priced.len())
        .map(|m| {
            let z: Vec<bool> = (0..h.tasks.len())
                .map(|t| {
                    (priced.iter())
                        .position(|&p| p == t)
                        .is_some_and(|k| m & (1 << k) != 0)
                })
                .collect();
            let price = (0..h.tasks.len())
                .filter(|&t| z[t])
                .map(|t| h.tasks[t].institutionalise.unwrap())
                .sum();
            (z, price)
        })
        .collect();
    let mut tables = Tables {
        h,
        tree,
        opts: SolveOptions::default(),
        seen: HashMap::new(),
    };
    let hold = held_where_allowed(tree);
    let leaves = tree.leaves();
    let all: Vec<usize> = (0..tree.nodes.len()).collect();
    let mut own = vec![f64::NEG_INFINITY; leaves.len()];
    let mut found = Optima {
        expected: f64::NEG_INFINITY,
        worst: f64::NEG_INFINITY,
        regret: None,
        own: Vec::new(),
    };
    let per_z: Vec<Vec<Table>> = every_z.iter().map(|(z, _)| tables.under(z)).collect();
    for ((z, price), t) in every_z.iter().zip(&per_z) {
        for (j, &leaf) in leaves.iter().enumerate() {
            let mut alone = Programme::new(h, tree, tree.path(leaf), false, t, &hold, z);
            own[j] = own[j].max(alone.solve().expected - price);
        }
    }
    let defined = own.iter().all(|v| v.is_finite());
    let mut regret = f64::INFINITY;
    for ((z, price), t) in every_z.iter().zip(&per_z) {
        // over the whole tree, a node's position is its index
        let mut p = Programme::new(h, tree, all.clone(), true, t, &hold, z);
        for (j, &leaf) in leaves.iter().enumerate() {
            p.own[leaf] = if defined { own[j] } else { 0.0 };
        }
        let b = p.solve();
        found.expected = found.expected.max(b.expected - price);
        found.worst = found.worst.max(b.worst - price);
        regret = regret.min(b.regret + price);
    }
    found.regret = defined.then_some(regret);
    found.own = own;
    found
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6 * b.abs().max(1.0)
}

/// Checks every goal's optimum of the horizon in `file` against dynamic
/// programming; whether it has a plan.
fn check_against_dp(file: &Path, seed: u64) -> bool {
    let h = Horizon::load(file).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    let tree = tree::build(&h).unwrap();
    assert!(
        tree.leaves().len() <= 8 && h.periods.len() == 3,
        "seed {seed}"
    );
    let truth = optima(&h, &tree);
    let stochastic = |goal: Goal, values: bool| {
        let mut o = options(Foresight::Stochastic, goal);
        o.values = values;
        run(&h, &o).unwrap()
    };
    let report = stochastic(Goal::Expected, true);
    if truth.expected == f64::NEG_INFINITY {
        assert_eq!(report.status, "infeasible", "seed {seed}");
        return false;
    }
    assert_eq!(report.status, "planned", "seed {seed}");
    check_values_of_information(&report, seed);
    let got = report.expected_value.unwrap();
    assert!(
        close(got, truth.expected),
        "seed {seed}: model {got}, dynamic programming {}",
        truth.expected
    );
    // wait-and-see: each path's own optimum, weighted by its chance
    if truth.own.iter().all(|v| v.is_finite()) {
        let ws: f64 = (tree.leaves().iter().zip(&truth.own))
            .map(|(&l, v)| tree.nodes[l].prob * v)
            .sum();
        let printed = report.wait_and_see.unwrap();
        assert!(
            close(printed, ws),
            "seed {seed}: wait-and-see {printed}, dynamic programming {ws}"
        );
    } else {
        assert_eq!(report.wait_and_see, None, "seed {seed}");
    }
    let worst = stochastic(Goal::Worst, false).value.unwrap();
    assert!(
        close(worst, truth.worst),
        "seed {seed} worst: model {worst}, dynamic programming {}",
        truth.worst
    );
    let regret = stochastic(Goal::Regret, false);
    match truth.regret {
        Some(r) => {
            let v = regret.value.unwrap();
            assert!(
                close(v, -r),
                "seed {seed} regret: model {v}, dynamic programming {}",
                -r
            );
        }
        None => assert_eq!(regret.status, "infeasible", "seed {seed}"),
    }
    // CVaR lies between the worst path and the mean for every policy, so its
    // optimum lies between theirs
    let cvar = stochastic(Goal::Cvar(0.3), false).value.unwrap();
    assert!(
        cvar >= truth.worst - 1e-6 * truth.worst.abs().max(1.0)
            && cvar <= truth.expected + 1e-6 * truth.expected.abs().max(1.0),
        "seed {seed}: CVaR {cvar} outside [{}, {}]",
        truth.worst,
        truth.expected
    );
    true
}

#[test]
fn the_stochastic_optimum_equals_dynamic_programming_on_three_country_horizons() {
    let cases = super::size(10, 300);
    let mut planned = 0;
    for seed in 1..=cases {
        let dir = tempfile::tempdir().unwrap();
        let file = write_case(dir.path(), seed);
        planned += usize::from(check_against_dp(&file, seed));
    }
    assert!(
        planned >= cases as usize / 3,
        "too few cases have a plan: {planned} of {cases}"
    );
}

/// EVPI and VSS as the run reports them: each non-negative and equal to its
/// definition from the run's own values (the report clamps them at zero, so the
/// identities are what can fail): `wait_and_see - expected = evpi` and
/// `expected - eev = vss`. Whether each is a number; the case has a plan.
fn check_values_of_information(r: &HorizonReport, seed: u64) -> (bool, bool) {
    let rp = r.expected_value.unwrap();
    let tol = 1e-6 * rp.abs().max(1.0);
    assert_eq!(r.evpi.is_some(), r.wait_and_see.is_some(), "seed {seed}");
    assert_eq!(r.vss.is_some(), r.eev.is_some(), "seed {seed}");
    if let (Some(evpi), Some(ws)) = (r.evpi, r.wait_and_see) {
        assert!(
            evpi >= 0.0 && ws >= rp - tol,
            "seed {seed}: wait-and-see {ws}, expected {rp}"
        );
        assert!(
            (ws - rp - evpi).abs() < tol,
            "seed {seed}: EVPI {evpi}, {ws} - {rp}"
        );
    }
    if let (Some(vss), Some(eev)) = (r.vss, r.eev) {
        assert!(
            vss >= 0.0 && eev <= rp + tol,
            "seed {seed}: EEV {eev}, expected {rp}"
        );
        assert!(
            (rp - eev - vss).abs() < tol,
            "seed {seed}: VSS {vss}, {rp} - {eev}"
        );
    }
    (r.evpi.is_some(), r.vss.is_some())
}

#[test]
fn evpi_and_vss_are_non_negative_and_equal_their_definitions_on_random_horizons() {
    let cases = super::size(30, 300);
    let (mut planned, mut evpi, mut vss) = (0u64, 0u64, 0u64);
    for seed in 1..=cases {
        let dir = tempfile::tempdir().unwrap();
        let file = write_case(dir.path(), 10_000 + seed);
        let h = Horizon::load(&file).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let r = run(&h, &options(Foresight::Stochastic, Goal::Expected)).unwrap();
        if r.status != "planned" {
            continue;
        }
        let (e, v) = check_values_of_information(&r, seed);
        planned += 1;
        evpi += u64::from(e);
        vss += u64::from(v);
    }
    assert!(
        planned >= cases / 3,
        "too few cases have a plan: {planned} of {cases}"
    );
    assert!(
        evpi >= planned / 2 && vss >= 1,
        "EVPI in {evpi}, VSS in {vss} of {planned} planned cases"
    );
}
