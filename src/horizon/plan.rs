//! Solving a horizon: perfect, myopic or stochastic foresight, the values of
//! information and of institutions, and a certified plan per node.
//!
//! Every node's plan is re-derived before it is reported: its leads (from the
//! tree model) are evaluated on the node's own scenario (institutionalised
//! tasks exempt where they are) by [`evaluate_fixed`], which checks every rule
//! of the rule book and re-optimises the money; the handovers, tenure, cap and
//! frozen leads are checked on the leads ([`check_links`]). Every figure
//! (values, EVPI, VSS, the worth of an institution) is computed from those
//! certified plans, not read off a solver's objective.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use super::tree::{self, history, node_scenario, NodeScenario, Tree};
use super::Horizon;
use crate::error::Error;
use crate::explain;
use crate::model::horizon::{build_tree, TreeGoal, TreeNode, TreeSpec};
use crate::optimize::{evaluate_fixed, Evaluation};
use crate::plan::Plan;
use crate::scenario::{Pin, Scenario};
use crate::solve::{self, SolveOptions, Termination};

/// How far ahead the plan looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Foresight {
    /// One path of states, every period planned at once.
    Perfect,
    /// Rolling along one path: plan `view` periods, commit `step`, move on.
    Myopic {
        /// Periods each window plans.
        view: usize,
        /// Periods each window commits.
        step: usize,
    },
    /// The whole tree, decisions non-anticipative.
    Stochastic,
}

/// What a stochastic plan maximises.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Goal {
    /// The expected value.
    Expected,
    /// The worst path's value.
    Worst,
    /// Minus the largest regret against each path's own optimum.
    Regret,
    /// The conditional value at risk at this level (the mean of the worst share).
    Cvar(f64),
}

impl Goal {
    /// `expected`, `worst`, `regret` or `cvar:0.2`.
    pub fn name(self) -> String {
        match self {
            Goal::Expected => "expected".into(),
            Goal::Worst => "worst".into(),
            Goal::Regret => "regret".into(),
            Goal::Cvar(a) => format!("cvar:{}", crate::fmt::fmt_num(a)),
        }
    }

    /// Parses a goal's name.
    pub fn parse(text: &str) -> Result<Goal, String> {
        match text {
            "expected" => Ok(Goal::Expected),
            "worst" => Ok(Goal::Worst),
            "regret" => Ok(Goal::Regret),
            _ => match text.strip_prefix("cvar:").map(str::parse::<f64>) {
                Some(Ok(a)) if a > 0.0 && a <= 1.0 => Ok(Goal::Cvar(a)),
                Some(_) => Err(format!("`{text}`: the CVaR level must be a share in (0, 1], e.g. cvar:0.2")),
                None => Err(format!("unknown goal `{text}`: use expected, worst, regret or cvar:ALPHA (e.g. cvar:0.2)")),
            },
        }
    }
}

/// Options of `leadplan horizon`.
#[derive(Clone, Debug)]
pub struct HorizonOptions {
    /// Foresight.
    pub foresight: Foresight,
    /// Goal (stochastic foresight).
    pub goal: Goal,
    /// The path (perfect or myopic): a path's name; the most likely by default.
    pub path: Option<String>,
    /// Solver options for every solve.
    pub solve: SolveOptions,
    /// Compute EVPI, VSS and the worth of each institution (extra exact solves).
    pub values: bool,
}

/// One period, as reported.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PeriodRow {
    /// Name.
    pub name: String,
    /// First year.
    pub from: i32,
    /// Last year.
    pub to: i32,
    /// Weight in the objective.
    pub weight: f64,
}

/// One task's leads in one node.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeLeads {
    /// Task id.
    pub task: String,
    /// Lead country ids (empty: not led, or not active).
    pub leads: Vec<String>,
}

/// A lead handed over in a node.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Handover {
    /// Task id.
    pub task: String,
    /// Leads before.
    pub from: Vec<String>,
    /// Leads after.
    pub to: Vec<String>,
}

/// One node of the plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeRow {
    /// Index.
    pub id: usize,
    /// Parent index.
    pub parent: Option<usize>,
    /// Period name.
    pub period: String,
    /// Chance of reaching it.
    pub probability: f64,
    /// Each calendar country's state.
    pub states: BTreeMap<String, String>,
    /// The path's name up to here.
    pub history: String,
    /// Leads per active task.
    pub leads: Vec<NodeLeads>,
    /// The node's objective (one year of the plan, certified).
    pub objective: f64,
    /// Leads handed over on arriving here.
    pub handovers: Vec<Handover>,
}

/// How a task's lead is spread over the branches of one period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Spread {
    /// Lead country ids (empty: not led).
    pub leads: Vec<String>,
    /// Chance.
    pub probability: f64,
}

/// A task's leads over the periods.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineRow {
    /// Task id.
    pub task: String,
    /// Task name.
    pub name: String,
    /// Per period: the lead sets and their chances (empty: not active).
    pub periods: Vec<Vec<Spread>>,
}

/// The chance that a first-period lead is still held.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Survival {
    /// Task id.
    pub task: String,
    /// Country id.
    pub country: String,
    /// Per period: the chance it has been held without a break up to then.
    pub probability: Vec<f64>,
}

/// An institution: its price, whether the plan takes it, what it is worth.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Institution {
    /// Task id.
    pub task: String,
    /// Price.
    pub price: f64,
    /// The plan institutionalises it.
    pub chosen: bool,
    /// The goal's value with it minus without it, price paid (null when one side has no plan or values were not computed).
    pub value: Option<f64>,
    /// Why `value` is null, when it was computed.
    pub note: Option<String>,
}

/// A limit the plan runs up against, and where.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BindingRow {
    /// The family.
    pub kind: String,
    /// The sentence.
    pub detail: String,
    /// Per period: the chance it binds.
    pub probability: Vec<f64>,
}

/// One window of a myopic run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Window {
    /// The periods planned.
    pub periods: Vec<String>,
    /// The periods committed.
    pub committed: Vec<String>,
    /// `planned`, `released` (planned once the commitments' tenure and cap were released) or `infeasible`.
    pub status: String,
    /// What happened, in words.
    pub note: String,
}

/// Everything `leadplan horizon` reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HorizonReport {
    /// The horizon file.
    pub horizon: String,
    /// The scenario's name.
    pub scenario: String,
    /// SHA-256 of the horizon and scenario files.
    pub hash: String,
    /// `perfect`, `myopic` or `stochastic`.
    pub foresight: String,
    /// The goal.
    pub goal: String,
    /// `planned`, `infeasible` or `time_limit`.
    pub status: String,
    /// The path followed (perfect and myopic foresight).
    pub path: Option<String>,
    /// Periods.
    pub periods: Vec<PeriodRow>,
    /// Countries with calendars and their states' names.
    pub calendars: BTreeMap<String, Vec<String>>,
    /// The goal's value (certified).
    pub value: Option<f64>,
    /// When the search stopped at the time limit: the best proven bound on the
    /// goal's value (no plan scores higher).
    pub bound: Option<f64>,
    /// The expected value (certified), net of handovers and institutions.
    pub expected_value: Option<f64>,
    /// The expected handover cost.
    pub handover_cost: Option<f64>,
    /// Expected number of leads handed over.
    pub expected_handovers: Option<f64>,
    /// The institutions' total price.
    pub institution_cost: Option<f64>,
    /// Tasks institutionalised.
    pub institutionalised: Vec<String>,
    /// Every task with a price.
    pub institutions: Vec<Institution>,
    /// Expected value of perfect information (expected goal).
    pub evpi: Option<f64>,
    /// Value of the stochastic solution (expected goal).
    pub vss: Option<f64>,
    /// Wait-and-see value: each path's own optimum, weighted.
    pub wait_and_see: Option<f64>,
    /// Expected value of the mean-value plan's first period.
    pub eev: Option<f64>,
    /// Why a value is missing.
    pub value_notes: Vec<String>,
    /// Per task, the leads over the periods.
    pub timeline: Vec<TimelineRow>,
    /// First-period leads and their chance of lasting.
    pub survival: Vec<Survival>,
    /// The limits that bind, and where.
    pub binding: Vec<BindingRow>,
    /// Every node.
    pub nodes: Vec<NodeRow>,
    /// Myopic windows.
    pub windows: Vec<Window>,
    /// Nodes whose own scenario has no plan (the reason a horizon has none).
    pub infeasible: Vec<String>,
    /// Every node's plan was checked against its scenario and the links.
    pub certified: bool,
}

/// A solved tree: per node its leads, and the institutions.
#[derive(Clone, Debug)]
struct Solution {
    leads: Vec<Vec<Vec<usize>>>,
    z: Vec<bool>,
    optimal: bool,
    /// The best proven bound on the goal's value, when the search stopped early.
    bound: Option<f64>,
}

/// A task whose leads change on arriving at a node: the task, the leads
/// before and after.
type Change = (usize, Vec<usize>, Vec<usize>);

/// An institution's worth, or why it has none.
type Worth = (Option<f64>, Option<String>);

/// A certified solution: each node's plan and figures.
struct Certified {
    plans: Vec<Plan>,
    handovers: Vec<Vec<Change>>,
    handover_cost: Vec<f64>,
    z_cost: f64,
}

/// Chains and trees as the model sees them, from a [`Tree`] restricted to some nodes.
struct View<'a> {
    h: &'a Horizon,
    tree: &'a Tree,
    /// Node indices of the tree, parents first.
    nodes: Vec<usize>,
    /// Each node's chance within the view.
    prob: Vec<f64>,
    /// Each node's parent within the view.
    parents: Vec<Option<usize>>,
}

impl<'a> View<'a> {
    /// The view of `nodes` (tree indices, parents first) with their chances.
    fn new(h: &'a Horizon, tree: &'a Tree, nodes: Vec<usize>, prob: Vec<f64>) -> Self {
        let parents = (nodes.iter())
            .map(|&d| {
                let p = tree.nodes[d].parent?;
                nodes.iter().position(|&k| k == p)
            })
            .collect();
        View {
            h,
            tree,
            nodes,
            prob,
            parents,
        }
    }

    fn whole(h: &'a Horizon, tree: &'a Tree) -> Self {
        let prob = tree.nodes.iter().map(|n| n.prob).collect();
        View::new(h, tree, (0..tree.nodes.len()).collect(), prob)
    }

    fn chain(h: &'a Horizon, tree: &'a Tree, leaf: usize, periods: usize) -> Self {
        let nodes: Vec<usize> = tree.path(leaf).into_iter().take(periods).collect();
        let prob = vec![1.0; nodes.len()];
        View::new(h, tree, nodes, prob)
    }

    fn parent(&self, k: usize) -> Option<usize> {
        self.parents[k]
    }

    fn leaves(&self) -> Vec<usize> {
        crate::model::horizon::leaves(&self.parents)
    }

    fn path(&self, k: usize) -> Vec<usize> {
        crate::model::horizon::path(&self.parents, k)
    }
}

struct Setup {
    goal: TreeGoal,
    /// Find a first plan node by node before the search.
    first_plan: bool,
    fixed: Vec<Option<Vec<Vec<usize>>>>,
    fixed_z: Vec<Option<bool>>,
    released: Vec<bool>,
    /// A stricter scenario to plan a node on instead of its own (the first
    /// plan's look ahead at the node's children).
    stricter: Vec<Option<NodeScenario>>,
    /// Fixed nodes carry only their leads (the first plan's solves, which
    /// read only the free nodes' leads).
    lean: bool,
}

impl Setup {
    fn plain(view: &View, goal: TreeGoal) -> Self {
        Setup {
            goal,
            first_plan: view.nodes.len() > view.h.periods.len(),
            fixed: vec![None; view.nodes.len()],
            fixed_z: vec![None; view.h.tasks.len()],
            released: vec![false; view.nodes.len()],
            stricter: vec![None; view.nodes.len()],
            lean: false,
        }
    }
}

/// Solves the view's model; `None` when it has no plan (or none in time).
/// With a time limit, the first plan and the search share it; when the search
/// ends without a plan of its own, the first plan (if any) is the answer,
/// unproven.
fn solve_view(
    view: &View,
    setup: &Setup,
    opts: &SolveOptions,
) -> Result<(Termination, Option<Solution>), Error> {
    let began = Instant::now();
    let h = view.h;
    let nodes: Vec<TreeNode> = (0..view.nodes.len())
        .map(|k| {
            let n = &view.tree.nodes[view.nodes[k]];
            let sc = (setup.stricter[k].as_ref()).unwrap_or(&view.tree.scenarios[n.scenario]);
            TreeNode {
                exempt: &sc.exempt,
                strict: &sc.strict,
                parent: view.parent(k),
                period: n.period,
                prob: view.prob[k],
                weight: h.periods[n.period].weight,
                tasks: sc.tasks.clone(),
                fixed: setup.fixed[k].clone(),
            }
        })
        .collect();
    // Under a time limit, a first plan the search starts from and falls back
    // on. Without one it is left out: the search from the first plan proves
    // the optimum more slowly than its own dives (more nodes, each dearer).
    let start = if setup.first_plan && opts.time_limit.is_some() {
        first_plan(view, setup, opts)?
    } else {
        None
    };
    let spec = TreeSpec {
        n_tasks: h.tasks.len(),
        n_countries: h.base.countries.len(),
        handover_cost: h.tasks.iter().map(|t| t.handover_cost).collect(),
        price: h.tasks.iter().map(|t| t.institutionalise).collect(),
        fixed_z: setup.fixed_z.clone(),
        min_tenure: h.min_tenure,
        max_handovers: h.max_handovers,
        incumbent: None,
        released: setup.released.clone(),
        goal: setup.goal.clone(),
        start: start.clone(),
        lean: setup.lean,
    };
    let unproven = |bound: Option<f64>| {
        start.clone().map(|leads| Solution {
            leads,
            z: (setup.fixed_z.iter()).map(|z| z.unwrap_or(false)).collect(),
            optimal: false,
            bound,
        })
    };
    let left = opts.time_limit.map(|t| t - began.elapsed().as_secs_f64());
    if left.is_some_and(|t| t < MIN_SEARCH_SECONDS) && start.is_some() {
        return Ok((Termination::TimeLimit, unproven(None)));
    }
    let binaries = nodes
        .iter()
        .map(|n| n.exempt.tasks.len() * spec.n_countries)
        .sum();
    let kind = opts.pick(binaries)?;
    let (model, reader) = build_tree(&nodes, &spec);
    let solved = solve::run(model, kind, left.map(|t| t.max(MIN_SEARCH_SECONDS)))?;
    match solved.termination {
        Termination::NoIncumbent if start.is_some() => {
            Ok((Termination::TimeLimit, unproven(solved.bound)))
        }
        Termination::Infeasible | Termination::NoIncumbent => Ok((solved.termination, None)),
        t => Ok((
            t,
            Some(Solution {
                leads: reader.leads(&solved.values),
                z: reader.institutionalised(&solved.values),
                optimal: t == Termination::Optimal,
                bound: solved.bound,
            }),
        )),
    }
}

/// The options for the tree's solve under a time limit for the whole command
/// (begun at `began`): what is left of it, less the time the certification
/// of `nodes` plans takes (about a hundredth of a second each, at most a
/// tenth of the limit).
fn time_left(opts: &SolveOptions, began: Instant, nodes: usize) -> SolveOptions {
    SolveOptions {
        time_limit: opts.time_limit.map(|t| {
            let reserve = (0.01 * nodes as f64).min(0.1 * t);
            (t - began.elapsed().as_secs_f64() - reserve).max(MIN_SEARCH_SECONDS)
        }),
        ..opts.clone()
    }
}

/// The least time the tree's search is given after the first plan.
const MIN_SEARCH_SECONDS: f64 = 0.5;

/// A first plan, node by node down the tree, level by level (the nodes of a
/// level in parallel): each node planned with its ancestors' leads fixed (so
/// handovers, tenure and the cap are judged against them), nothing
/// institutionalised. A node with children is first planned on a stricter
/// scenario ([`stricter`]), so that the leads tenure carries into its children
/// fit there too; on its own scenario when that has no plan. `None` when some
/// node has no plan that way, or the time limit passes.
fn first_plan(
    view: &View,
    setup: &Setup,
    opts: &SolveOptions,
) -> Result<Option<Vec<Vec<Vec<usize>>>>, Error> {
    let deadline = opts
        .time_limit
        .map(|t| Instant::now() + Duration::from_secs_f64(t.max(0.0)));
    let n = view.nodes.len();
    let depth: Vec<usize> = (0..n).map(|k| view.path(k).len()).collect();
    let mut plan: Vec<Option<Vec<Vec<usize>>>> = setup.fixed.clone();
    for level in 1..=depth.iter().copied().max().unwrap_or(0) {
        let todo: Vec<usize> = (0..n)
            .filter(|&k| depth[k] == level && plan[k].is_none())
            .collect();
        let found: Vec<Result<Option<Vec<Vec<usize>>>, Error>> = todo
            .par_iter()
            .map(|&k| plan_node(view, setup, opts, &plan, k, deadline))
            .collect();
        let mut stuck: Vec<usize> = Vec::new();
        for (&k, f) in todo.iter().zip(found) {
            match f? {
                Some(p) => plan[k] = Some(p),
                None => match view.parent(k) {
                    Some(p) if !stuck.contains(&p) => stuck.push(p),
                    Some(_) => {}
                    None => return Ok(None),
                },
            }
        }
        // a node none of whose plans its parent's leads allow: the parent
        // planned again together with all its children
        let again: Vec<Result<Option<Family>, Error>> = stuck
            .par_iter()
            .map(|&p| plan_family(view, setup, opts, &plan, p, deadline))
            .collect();
        for family in again {
            match family? {
                Some(family) => {
                    for (k, leads) in family {
                        plan[k] = Some(leads);
                    }
                }
                None => return Ok(None),
            }
        }
    }
    Ok(plan.into_iter().collect())
}

/// Node `k`'s first plan, its ancestors' leads in `plan`; `None` when it has
/// none or the deadline has passed.
fn plan_node(
    view: &View,
    setup: &Setup,
    opts: &SolveOptions,
    plan: &[Option<Vec<Vec<usize>>>],
    k: usize,
    deadline: Option<Instant>,
) -> Result<Option<Vec<Vec<usize>>>, Error> {
    let path = view.path(k);
    let nodes = path.iter().map(|&j| view.nodes[j]).collect();
    let chain = View::new(view.h, view.tree, nodes, vec![1.0; path.len()]);
    let children: Vec<usize> = (0..view.nodes.len())
        .filter(|&c| view.parent(c) == Some(k))
        .collect();
    // the children's bans and tolerances too, then their money and staff only
    let mut tries: Vec<Option<NodeScenario>> = Vec::new();
    for bans in [true, false] {
        let s = stricter(view, k, &children, bans);
        if s.is_some()
            && !tries
                .iter()
                .any(|t| t.as_ref().map(|t| &t.strict) == s.as_ref().map(|s| &s.strict))
        {
            tries.push(s);
        }
    }
    tries.push(None);
    for over in tries {
        let Some(left) = seconds_left(deadline) else {
            return Ok(None);
        };
        let mut s = sub_setup(&chain, setup, plan, &path[..path.len() - 1], &path);
        s.stricter[path.len() - 1] = over;
        let o = SolveOptions {
            time_limit: left,
            ..opts.clone()
        };
        if let (_, Some(sol)) = solve_view(&chain, &s, &o)? {
            return Ok(Some(sol.leads[path.len() - 1].clone()));
        }
    }
    Ok(None)
}

/// The setup of a part of the view (`members`, view indices in the part's
/// order) for a first plan: the `fixed` members' leads as planned (and those
/// the caller fixed), nothing institutionalised that is not fixed so.
fn sub_setup(
    part: &View,
    setup: &Setup,
    plan: &[Option<Vec<Vec<usize>>>],
    fixed: &[usize],
    members: &[usize],
) -> Setup {
    let mut s = Setup::plain(part, TreeGoal::Expected);
    s.first_plan = false;
    s.lean = true;
    s.fixed_z = (setup.fixed_z.iter())
        .map(|z| Some(z.unwrap_or(false)))
        .collect();
    for (c, &j) in members.iter().enumerate() {
        s.released[c] = setup.released[j];
        // a node the caller fixed stays fixed (its plan is the caller's)
        if fixed.contains(&j) || setup.fixed[j].is_some() {
            s.fixed[c] = plan[j].clone();
        }
    }
    s
}

/// A node and its children's first plans: per node (view index), its leads.
type Family = Vec<(usize, Vec<Vec<usize>>)>;

/// The seconds until `deadline` (none without one); `None` once it has passed.
fn seconds_left(deadline: Option<Instant>) -> Option<Option<f64>> {
    match deadline {
        Some(d) => d
            .checked_duration_since(Instant::now())
            .map(|left| Some(left.as_secs_f64())),
        None => Some(None),
    }
}

/// The longest a family's search runs for a first plan.
const FAMILY_SECONDS: f64 = 2.0;

/// Node `p` and all its children planned together (its ancestors' leads in
/// `plan`): per node of the family, its leads; `None` when they have no plan
/// or the deadline has passed.
fn plan_family(
    view: &View,
    setup: &Setup,
    opts: &SolveOptions,
    plan: &[Option<Vec<Vec<usize>>>],
    p: usize,
    deadline: Option<Instant>,
) -> Result<Option<Family>, Error> {
    let Some(left) = seconds_left(deadline) else {
        return Ok(None);
    };
    let path = view.path(p);
    let mut members = path.clone();
    members.extend((0..view.nodes.len()).filter(|&c| view.parent(c) == Some(p)));
    let prob: Vec<f64> = (0..members.len())
        .map(|i| match i < path.len() {
            true => 1.0,
            false => view.prob[members[i]] / view.prob[p],
        })
        .collect();
    let part = View::new(
        view.h,
        view.tree,
        members.iter().map(|&j| view.nodes[j]).collect(),
        prob,
    );
    let s = sub_setup(&part, setup, plan, &path[..path.len() - 1], &members);
    // a first plan need not be the family's best: its search is cut short
    let o = SolveOptions {
        time_limit: Some(left.map_or(FAMILY_SECONDS, |l| l.min(FAMILY_SECONDS))),
        ..opts.clone()
    };
    Ok(match solve_view(&part, &s, &o)? {
        (_, Some(sol)) => Some(
            (path.len() - 1..members.len())
                .map(|i| (members[i], sol.leads[i].clone()))
                .collect(),
        ),
        _ => None,
    })
}

/// Node `k`'s scenario made as strict as its children's: each country's
/// capacity and budget the least of theirs and, with `bans`, its tolerance
/// the least too and the leads a child bars barred. `None` without children
/// or when that changes nothing.
fn stricter(view: &View, k: usize, children: &[usize], bans: bool) -> Option<NodeScenario> {
    let own = &view.tree.scenarios[view.tree.nodes[view.nodes[k]].scenario];
    let mut out = own.clone();
    for &c in children {
        let child = &view.tree.scenarios[view.tree.nodes[view.nodes[c]].scenario];
        for (mine, theirs) in [
            (&mut out.strict, &child.strict),
            (&mut out.exempt, &child.exempt),
        ] {
            for (a, b) in mine.countries.iter_mut().zip(&theirs.countries) {
                a.capacity = a.capacity.min(b.capacity);
                if bans {
                    a.tolerance = a.tolerance.min(b.tolerance);
                }
                a.budget = match (a.budget, b.budget) {
                    (Some(x), Some(y)) => Some(x.min(y)),
                    (x, y) => x.or(y),
                };
            }
            for p in theirs.policy.pins.iter().filter(|p| bans && !p.lead) {
                let t = child.tasks[p.task];
                let Some(local) = own.tasks.iter().position(|&u| u == t) else {
                    continue;
                };
                let pin = Pin { task: local, ..*p };
                if !mine.policy.pins.contains(&pin) {
                    mine.policy.pins.push(pin);
                }
            }
        }
    }
    (out.strict != own.strict || out.exempt != own.exempt).then_some(out)
}

/// The scenario a node's plan is checked on: the states' scenario, with the
/// institutionalised tasks exempt after the first period.
fn certifying_scenario(h: &Horizon, tree: &Tree, d: usize, z: &[bool]) -> Result<Scenario, Error> {
    let n = &tree.nodes[d];
    if n.period == 0 || !z.contains(&true) {
        return Ok(tree.scenarios[n.scenario].strict.clone());
    }
    Ok(node_scenario(h, n.period, &n.states, z)?.0)
}

/// Certifies a solution on the view: every node's plan on its scenario, and the links.
fn certify(view: &View, sol: &Solution, opts: &SolveOptions) -> Result<Certified, Error> {
    let h = view.h;
    let plans: Vec<Result<Plan, Error>> = (0..view.nodes.len())
        .into_par_iter()
        .map(|k| {
            let d = view.nodes[k];
            let sc = &view.tree.scenarios[view.tree.nodes[d].scenario];
            let s = certifying_scenario(h, view.tree, d, &sol.z)?;
            let local: Vec<Vec<usize>> = sc.tasks.iter().map(|&t| sol.leads[k][t].clone()).collect();
            match evaluate_fixed(&s, &local, opts)? {
                Evaluation::Feasible(p) => Ok(p),
                Evaluation::Infeasible => Err(Error::Usage(format!(
                    "the solver's plan for period {} breaks a rule of that period's scenario, so it is not reported; rerun with another --solver",
                    h.periods[view.tree.nodes[d].period].name
                ))),
                Evaluation::Unknown => Err(Error::Usage(format!(
                    "the payments of period {} could not be settled within the time limit; rerun with a longer --time-limit",
                    h.periods[view.tree.nodes[d].period].name
                ))),
            }
        })
        .collect();
    let plans = plans.into_iter().collect::<Result<Vec<_>, _>>()?;
    let handovers: Vec<Vec<Change>> = (0..view.nodes.len())
        .map(|k| handovers_at(view, sol, k))
        .collect();
    if let Some(why) = check_links(view, sol, &handovers) {
        return Err(Error::Usage(format!(
            "the solver's plan breaks a rule across periods ({why}), so it is not reported; rerun with another --solver"
        )));
    }
    let handover_cost = (handovers.iter())
        .map(|list| {
            (list.iter())
                .map(|c| h.tasks[c.0].handover_cost * arrivals(c) as f64)
                .sum()
        })
        .collect();
    let z_cost = (sol.z.iter().enumerate())
        .filter(|(_, &on)| on)
        .map(|(t, _)| h.tasks[t].institutionalise.unwrap_or(0.0))
        .sum();
    Ok(Certified {
        plans,
        handovers,
        handover_cost,
        z_cost,
    })
}

/// Tasks whose leads change on arriving at node `k` (on a task led before
/// and after), with the leads before and after.
fn handovers_at(view: &View, sol: &Solution, k: usize) -> Vec<Change> {
    let Some(p) = view.parent(k) else {
        return Vec::new();
    };
    let active = |k: usize, t: usize| {
        let n = &view.tree.nodes[view.nodes[k]];
        view.tree.scenarios[n.scenario].tasks.contains(&t)
    };
    (0..view.h.tasks.len())
        .filter(|&t| active(k, t) && active(p, t))
        .filter(|&t| !sol.leads[p][t].is_empty() && !sol.leads[k][t].is_empty())
        .filter(|&t| sol.leads[k][t].iter().any(|i| !sol.leads[p][t].contains(i)))
        .map(|t| (t, sol.leads[p][t].clone(), sol.leads[k][t].clone()))
        .collect()
}

/// The leads a change brings in: those not leading before.
fn arrivals(c: &Change) -> usize {
    c.2.iter().filter(|i| !c.1.contains(i)).count()
}

/// Checks the rules across periods on a solution's leads: the handover cap,
/// the minimum tenure and frozen institutionalised leads. `None` when all hold.
fn check_links(view: &View, sol: &Solution, handovers: &[Vec<Change>]) -> Option<String> {
    let h = view.h;
    for (k, changes) in handovers.iter().enumerate() {
        let count: usize = changes.iter().map(arrivals).sum();
        if let Some(cap) = h.max_handovers {
            if count > cap {
                return Some(format!("{count} handovers where at most {cap} are allowed"));
            }
        }
        let d = view.nodes[k];
        let n = &view.tree.nodes[d];
        let sc = &view.tree.scenarios[n.scenario];
        for (t, on) in sol.z.iter().enumerate() {
            if *on && k != 0 && sc.tasks.contains(&t) && sol.leads[k][t] != sol.leads[0][t] {
                return Some(format!(
                    "institutionalised task {} changes its leads",
                    h.base.tasks[t].id
                ));
            }
        }
        // tenure: a lead taken at c is held for min_tenure periods where allowed
        if h.min_tenure > 1 {
            let chain = view.path(k);
            for &c in &chain[..chain.len() - 1] {
                let gap = n.period - view.tree.nodes[view.nodes[c]].period;
                if gap >= h.min_tenure {
                    continue;
                }
                for t in 0..h.tasks.len() {
                    let Some(local) = sc.tasks.iter().position(|&u| u == t) else {
                        continue;
                    };
                    for &i in &sol.leads[c][t] {
                        let before = view.parent(c).is_some_and(|p| sol.leads[p][t].contains(&i));
                        if before || sol.leads[k][t].contains(&i) {
                            continue;
                        }
                        if sc.strict.may_lead(i, local) {
                            return Some(format!(
                                "{} leaves {} before its minimum tenure of {} periods",
                                h.base.countries[i].id, h.base.tasks[t].id, h.min_tenure
                            ));
                        }
                    }
                }
            }
        }
    }
    None
}

/// Per leaf of the view: the chance and the path value (weighted objectives
/// minus handovers, minus the institutions' price).
fn path_values(view: &View, c: &Certified) -> Vec<(f64, f64)> {
    view.leaves()
        .into_iter()
        .map(|leaf| {
            let v: f64 = view
                .path(leaf)
                .into_iter()
                .map(|k| {
                    let n = &view.tree.nodes[view.nodes[k]];
                    view.h.periods[n.period].weight * c.plans[k].objective - c.handover_cost[k]
                })
                .sum();
            (view.prob[leaf], v - c.z_cost)
        })
        .collect()
}

fn expected(view: &View, c: &Certified) -> f64 {
    let mut v = -c.z_cost;
    for k in 0..view.nodes.len() {
        let n = &view.tree.nodes[view.nodes[k]];
        v += view.prob[k]
            * (view.h.periods[n.period].weight * c.plans[k].objective - c.handover_cost[k]);
    }
    v
}

fn goal_value(goal: &TreeGoal, view: &View, c: &Certified) -> f64 {
    goal_of(goal, &path_values(view, c), expected(view, c))
}

/// The goal's value from each leaf's `(chance, path value)` and the expected value.
fn goal_of(goal: &TreeGoal, paths: &[(f64, f64)], expected: f64) -> f64 {
    match goal {
        TreeGoal::Expected => expected,
        TreeGoal::Worst => paths.iter().map(|p| p.1).fold(f64::INFINITY, f64::min),
        TreeGoal::Regret(best) => -paths
            .iter()
            .zip(best)
            .map(|(p, b)| b - p.1)
            .fold(f64::NEG_INFINITY, f64::max),
        TreeGoal::Cvar(alpha) => cvar(paths, *alpha),
    }
}

/// A bound on the goal of any plan of the view: each node scores at most its
/// scenario's own optimum (`ceiling`, with every institutionalisable task
/// exempt), and handovers and institutions cost nothing or more; the goal is
/// no lower where every path value is higher. `None` where some scenario's
/// optimum is unknown.
fn ceiling_bound(view: &View, goal: &TreeGoal, ceiling: &[Option<f64>]) -> Option<f64> {
    let mut paths = Vec::new();
    for leaf in view.leaves() {
        let mut u = 0.0;
        for k in view.path(leaf) {
            let n = &view.tree.nodes[view.nodes[k]];
            u += view.h.periods[n.period].weight * ceiling[n.scenario]?;
        }
        paths.push((view.prob[leaf], u));
    }
    let expected = paths.iter().map(|(p, u)| p * u).sum();
    let g = goal_of(goal, &paths, expected);
    // a plan's regret on a path is never below zero
    Some(match goal {
        TreeGoal::Regret(_) => g.min(0.0),
        _ => g,
    })
}

/// A plan not proven the best gets the tighter of the search's bound and
/// [`ceiling_bound`].
fn bound_by_ceilings(sol: &mut Solution, view: &View, goal: &TreeGoal, ceiling: &[Option<f64>]) {
    if sol.optimal {
        return;
    }
    sol.bound = match (sol.bound, ceiling_bound(view, goal, ceiling)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
}

/// The mean of the worst `alpha` share of outcomes `(chance, value)`.
pub(crate) fn cvar(outcomes: &[(f64, f64)], alpha: f64) -> f64 {
    let mut sorted = outcomes.to_vec();
    sorted.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (mut left, mut sum) = (alpha, 0.0);
    for (p, v) in sorted {
        let take = p.min(left);
        sum += take * v;
        left -= take;
        if left <= 1e-15 {
            break;
        }
    }
    sum / alpha
}

/// The most likely leaf, or the one named `name`.
fn pick_leaf(h: &Horizon, tree: &Tree, name: Option<&str>) -> Result<usize, Error> {
    let leaves = tree.leaves();
    match name {
        None => Ok(leaves
            .iter()
            .copied()
            .fold(None, |best: Option<usize>, d| match best {
                Some(b) if tree.nodes[b].prob >= tree.nodes[d].prob - 1e-12 => Some(b),
                _ => Some(d),
            })
            .unwrap_or(0)),
        Some(want) => {
            let norm = |s: &str| {
                let mut v: Vec<String> = s
                    .split(',')
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty())
                    .collect();
                v.sort();
                v
            };
            let target = norm(want);
            leaves
                .iter()
                .copied()
                .find(|&d| norm(&history(h, tree, d)) == target)
                .ok_or_else(|| {
                    let names: Vec<String> = leaves
                        .iter()
                        .take(12)
                        .map(|&d| format!("\"{}\"", history(h, tree, d)))
                        .collect();
                    Error::Usage(format!(
                        "--path `{want}` is not a path of the tree; its paths include: {}",
                        names.join(", ")
                    ))
                })
        }
    }
}

/// Runs a horizon under the options.
pub fn run(h: &Horizon, o: &HorizonOptions) -> Result<HorizonReport, Error> {
    run_from(h, o, None)
}

/// A first period held whatever comes: per horizon task its leads, and the
/// tasks institutionalised.
#[derive(Clone, Debug)]
pub struct FirstPeriod {
    /// Per horizon task, its leads (country indices).
    pub leads: Vec<Vec<usize>>,
    /// Per horizon task, whether it is institutionalised.
    pub institutionalised: Vec<bool>,
}

/// The stochastic plan of the later periods with the first period held at
/// `first`: what a planner who commits to it gets. The values of information
/// and of institutions are not computed.
pub fn run_with_first(
    h: &Horizon,
    o: &HorizonOptions,
    first: &FirstPeriod,
) -> Result<HorizonReport, Error> {
    if o.foresight != Foresight::Stochastic {
        return Err(Error::Usage(
            "a first period to hold is planned with stochastic foresight; leave out --foresight"
                .into(),
        ));
    }
    run_from(h, o, Some(first))
}

fn run_from(
    h: &Horizon,
    o: &HorizonOptions,
    first: Option<&FirstPeriod>,
) -> Result<HorizonReport, Error> {
    let began = Instant::now();
    let tree = tree::build(h)?;
    let mut report = empty_report(h, o);
    // nodes whose own scenario has no plan make every horizon through them
    // infeasible; the others' optima bound what any plan of the tree can score
    let own: Vec<Result<(bool, Option<f64>), Error>> = (0..tree.scenarios.len())
        .into_par_iter()
        .map(|k| {
            use crate::optimize::Attempt;
            Ok(
                match crate::optimize::solve_verdict(&tree.scenarios[k].exempt, &o.solve)? {
                    Attempt::Infeasible => (true, None),
                    Attempt::Planned(p) => (false, Some(p.bound.max(p.objective))),
                    Attempt::NoPlanFound { bound, .. } => (false, bound),
                },
            )
        })
        .collect();
    let verdicts = own.into_iter().collect::<Result<Vec<_>, Error>>()?;
    let ceiling: Vec<Option<f64>> = verdicts.iter().map(|o| o.1).collect();
    let own: Vec<bool> = verdicts.iter().map(|o| o.0).collect();
    match o.foresight {
        Foresight::Stochastic => stochastic(h, &tree, o, &verdicts, began, first, &mut report)?,
        Foresight::Perfect => {
            let leaf = pick_leaf(h, &tree, o.path.as_deref())?;
            report.path = Some(history(h, &tree, leaf));
            let view = View::chain(h, &tree, leaf, h.periods.len());
            note_infeasible(&view, &own, &mut report);
            let setup = Setup::plain(&view, TreeGoal::Expected);
            let left = time_left(&o.solve, began, view.nodes.len());
            if let (t, Some(mut sol)) = solve_view(&view, &setup, &left)? {
                bound_by_ceilings(&mut sol, &view, &TreeGoal::Expected, &ceiling);
                fill(
                    &view,
                    &sol,
                    &certify(&view, &sol, &o.solve)?,
                    &TreeGoal::Expected,
                    t,
                    &mut report,
                );
            } else {
                report.status = "infeasible".into();
            }
        }
        Foresight::Myopic { view, step } => {
            let leaf = pick_leaf(h, &tree, o.path.as_deref())?;
            report.path = Some(history(h, &tree, leaf));
            myopic(h, &tree, leaf, view, step, o, &own, &mut report)?;
        }
    }
    Ok(report)
}

fn empty_report(h: &Horizon, o: &HorizonOptions) -> HorizonReport {
    HorizonReport {
        horizon: h.file.display().to_string(),
        scenario: h.base.name.clone(),
        hash: h.hash.clone(),
        foresight: match o.foresight {
            Foresight::Perfect => "perfect".into(),
            Foresight::Myopic { .. } => "myopic".into(),
            Foresight::Stochastic => "stochastic".into(),
        },
        goal: match o.foresight {
            Foresight::Stochastic => o.goal.name(),
            _ => "expected".into(),
        },
        status: "infeasible".into(),
        path: None,
        periods: (h.periods.iter())
            .map(|p| PeriodRow {
                name: p.name.clone(),
                from: p.from,
                to: p.to,
                weight: crate::fmt::round(p.weight),
            })
            .collect(),
        calendars: (h.calendars.iter())
            .map(|c| {
                (
                    h.base.countries[c.country].id.clone(),
                    c.states.iter().map(|s| s.name.clone()).collect(),
                )
            })
            .collect(),
        value: None,
        bound: None,
        expected_value: None,
        handover_cost: None,
        expected_handovers: None,
        institution_cost: None,
        institutionalised: Vec::new(),
        institutions: (h.tasks.iter().enumerate())
            .filter_map(|(t, terms)| {
                terms.institutionalise.map(|price| Institution {
                    task: h.base.tasks[t].id.clone(),
                    price,
                    chosen: false,
                    value: None,
                    note: None,
                })
            })
            .collect(),
        evpi: None,
        vss: None,
        wait_and_see: None,
        eev: None,
        value_notes: Vec::new(),
        timeline: Vec::new(),
        survival: Vec::new(),
        binding: Vec::new(),
        nodes: Vec::new(),
        windows: Vec::new(),
        infeasible: Vec::new(),
        certified: false,
    }
}

fn note_infeasible(view: &View, own: &[bool], report: &mut HorizonReport) {
    for &d in &view.nodes {
        let n = &view.tree.nodes[d];
        if own[n.scenario] {
            let label = format!(
                "{} ({})",
                view.h.periods[n.period].name,
                history(view.h, view.tree, d)
            );
            if !report.infeasible.contains(&label) {
                report.infeasible.push(label);
            }
        }
    }
}

fn tree_goal(goal: Goal, best: Option<Vec<f64>>) -> TreeGoal {
    match goal {
        Goal::Expected => TreeGoal::Expected,
        Goal::Worst => TreeGoal::Worst,
        Goal::Regret => TreeGoal::Regret(best.unwrap_or_default()),
        Goal::Cvar(a) => TreeGoal::Cvar(a),
    }
}

/// Each leaf's own perfect-foresight optimum (certified), in the order of `tree.leaves()`.
fn leaf_optima(h: &Horizon, tree: &Tree, opts: &SolveOptions) -> Result<Vec<Option<f64>>, Error> {
    let leaves = tree.leaves();
    let out: Vec<Result<Option<f64>, Error>> = leaves
        .par_iter()
        .map(|&leaf| {
            let view = View::chain(h, tree, leaf, h.periods.len());
            let setup = Setup::plain(&view, TreeGoal::Expected);
            match solve_view(&view, &setup, opts)? {
                (_, Some(sol)) => {
                    let c = certify(&view, &sol, opts)?;
                    Ok(Some(expected(&view, &c)))
                }
                _ => Ok(None),
            }
        })
        .collect();
    out.into_iter().collect()
}

fn stochastic(
    h: &Horizon,
    tree: &Tree,
    o: &HorizonOptions,
    verdicts: &[(bool, Option<f64>)],
    began: Instant,
    first: Option<&FirstPeriod>,
    report: &mut HorizonReport,
) -> Result<(), Error> {
    // per node scenario: whether it has no plan of its own, and its optimum
    let own: Vec<bool> = verdicts.iter().map(|v| v.0).collect();
    let ceiling: Vec<Option<f64>> = verdicts.iter().map(|v| v.1).collect();
    let (own, ceiling) = (&own[..], &ceiling[..]);
    let view = View::whole(h, tree);
    note_infeasible(&view, own, report);
    if !report.infeasible.is_empty() {
        report.status = "infeasible".into();
        return Ok(());
    }
    let values = o.values && first.is_none();
    let need_optima = o.goal == Goal::Regret || (values && o.goal == Goal::Expected);
    let optima = if need_optima {
        Some(leaf_optima(h, tree, &o.solve)?)
    } else {
        None
    };
    let best: Option<Vec<f64>> = optima
        .as_ref()
        .map(|v| v.iter().map(|x| x.unwrap_or(f64::NEG_INFINITY)).collect());
    if o.goal == Goal::Regret
        && best
            .as_ref()
            .is_some_and(|b| b.iter().any(|x| !x.is_finite()))
    {
        report.status = "infeasible".into();
        report
            .value_notes
            .push("some path has no plan of its own, so regret is not defined".into());
        return Ok(());
    }
    let goal = tree_goal(o.goal, best);
    let mut setup = Setup::plain(&view, goal.clone());
    let left = time_left(&o.solve, began, view.nodes.len());
    let (term, sol) = match first {
        None => solve_view(&view, &setup, &left)?,
        Some(first) => {
            setup.fixed[0] = Some(first.leads.clone());
            for (t, terms) in h.tasks.iter().enumerate() {
                setup.fixed_z[t] = terms.institutionalise.map(|_| first.institutionalised[t]);
            }
            report.value_notes.push("the first period is held as given; the values of information and of institutions are not computed".into());
            let sol = solve_fixed_root(&view, &setup, &left)?;
            let term = match &sol {
                Some(s) if s.optimal => Termination::Optimal,
                Some(_) => Termination::TimeLimit,
                None => Termination::Infeasible,
            };
            (term, sol)
        }
    };
    let Some(mut sol) = sol else {
        if first.is_some() && term == Termination::Infeasible {
            report.value_notes.push(
                "no plan of the later periods follows the given first period in every branch"
                    .into(),
            );
        }
        if term == Termination::NoIncumbent {
            report.bound = ceiling_bound(&view, &goal, ceiling).map(crate::fmt::round);
        }
        report.status = if term == Termination::NoIncumbent {
            "time_limit"
        } else {
            "infeasible"
        }
        .into();
        return Ok(());
    };
    bound_by_ceilings(&mut sol, &view, &goal, ceiling);
    let cert = certify(&view, &sol, &o.solve)?;
    fill(&view, &sol, &cert, &goal, term, report);
    let main_value = goal_value(&goal, &view, &cert);
    if !values {
        return Ok(());
    }
    // the worth of each institution: the goal with it, minus without it
    let priced: Vec<usize> = (0..h.tasks.len())
        .filter(|&t| h.tasks[t].institutionalise.is_some())
        .collect();
    let worth: Vec<Result<Worth, Error>> = priced
        .par_iter()
        .map(|&t| {
            let side = |on: bool| -> Result<Option<f64>, Error> {
                let mut s = Setup::plain(&view, goal.clone());
                s.fixed_z[t] = Some(on);
                match solve_view(&view, &s, &o.solve)? {
                    (_, Some(sol)) => Ok(Some(goal_value(&goal, &view, &certify(&view, &sol, &o.solve)?))),
                    _ => Ok(None),
                }
            };
            // the plan's own choice is the main solve's value when it is proven
            let main = (term == Termination::Optimal).then_some(main_value);
            let on = match (sol.z[t], main) {
                (true, Some(v)) => Some(v),
                _ => side(true)?,
            };
            let off = match (sol.z[t], main) {
                (false, Some(v)) => Some(v),
                _ => side(false)?,
            };
            Ok(match (on, off) {
                (Some(a), Some(b)) => (Some(crate::fmt::round(a - b)), None),
                (None, _) => (None, Some("not possible: with it, some branch has no plan (a later period changes what the task needs, or cannot keep its leads)".into())),
                (_, None) => (None, Some("needed: without it, some branch has no plan".into())),
            })
        })
        .collect();
    for (row, w) in report.institutions.iter_mut().zip(worth) {
        (row.value, row.note) = w?;
    }
    if o.goal != Goal::Expected {
        report
            .value_notes
            .push("EVPI and VSS are defined for --goal expected".into());
        return Ok(());
    }
    let rp = expected(&view, &cert);
    if let Some(optima) = &optima {
        let leaves = tree.leaves();
        if optima.iter().all(Option::is_some) {
            let ws: f64 = leaves
                .iter()
                .zip(optima)
                .map(|(&l, v)| tree.nodes[l].prob * v.unwrap_or(0.0))
                .sum();
            report.wait_and_see = Some(crate::fmt::round(ws));
            report.evpi = Some(crate::fmt::round((ws - rp).max(0.0)));
        } else {
            report.value_notes.push("some path has no plan of its own: perfect information is worth more than any amount there, so EVPI is not a number".into());
        }
    }
    match eev(h, tree, &view, &o.solve)? {
        Some(v) => {
            report.eev = Some(crate::fmt::round(v));
            report.vss = Some(crate::fmt::round((rp - v).max(0.0)));
        }
        None => report.value_notes.push(
            "the mean-value plan (every uncertain number at its average) cannot be followed in every branch: its first-period leads leave some branch without a plan, so planning for the branches is worth more than any amount (VSS has no finite value)".into(),
        ),
    }
    Ok(())
}

/// The expected result of the mean-value problem's first-period decisions:
/// every number a state changes replaced by its mean over the branches of each
/// period, a ban by its more likely value; its first period's leads and
/// institutions fixed in the tree. `None` when no plan follows them.
fn eev(h: &Horizon, tree: &Tree, view: &View, opts: &SolveOptions) -> Result<Option<f64>, Error> {
    let mean = mean_tree(h, tree)?;
    let chain = View::chain(h, &mean, mean.nodes.len() - 1, h.periods.len());
    let (_, Some(ev)) = solve_view(&chain, &Setup::plain(&chain, TreeGoal::Expected), opts)? else {
        return Ok(None);
    };
    let mut setup = Setup::plain(view, TreeGoal::Expected);
    setup.fixed[0] = Some(ev.leads[0].clone());
    setup.fixed_z = ev.z.iter().map(|&on| Some(on)).collect();
    for (t, terms) in h.tasks.iter().enumerate() {
        if terms.institutionalise.is_none() {
            setup.fixed_z[t] = None;
        }
    }
    match solve_fixed_root(view, &setup, opts)? {
        Some(sol) => Ok(Some(expected(view, &certify(view, &sol, opts)?))),
        None => Ok(None),
    }
}

/// With the root's leads and every institution fixed, the subtrees below the
/// root share no decision: each is solved on its own (with the root, fixed),
/// in parallel, and their plans joined. `None` when one has no plan.
fn solve_fixed_root(
    view: &View,
    setup: &Setup,
    opts: &SolveOptions,
) -> Result<Option<Solution>, Error> {
    let children: Vec<usize> = (0..view.nodes.len())
        .filter(|&k| view.parent(k) == Some(0))
        .collect();
    type Part = Option<(Vec<usize>, Solution)>;
    let parts: Vec<Result<Part, Error>> = children
        .par_iter()
        .map(|&c| {
            let members: Vec<usize> = (0..view.nodes.len())
                .filter(|&k| k == 0 || view.path(k).contains(&c))
                .collect();
            let sub = View::new(
                view.h,
                view.tree,
                members.iter().map(|&k| view.nodes[k]).collect(),
                members.iter().map(|&k| view.prob[k]).collect(),
            );
            let mut s = Setup::plain(&sub, setup.goal.clone());
            s.fixed_z = setup.fixed_z.clone();
            for (j, &k) in members.iter().enumerate() {
                s.fixed[j] = setup.fixed[k].clone();
                s.released[j] = setup.released[k];
            }
            Ok(solve_view(&sub, &s, opts)?.1.map(|sol| (members, sol)))
        })
        .collect();
    let mut leads: Vec<Vec<Vec<usize>>> = vec![Vec::new(); view.nodes.len()];
    leads[0] = setup.fixed[0].clone().unwrap_or_default();
    let mut optimal = true;
    for part in parts {
        let Some((members, sol)) = part? else {
            return Ok(None);
        };
        optimal &= sol.optimal;
        for (j, &k) in members.iter().enumerate() {
            leads[k] = sol.leads[j].clone();
        }
    }
    if children.is_empty() {
        return Ok(solve_view(view, setup, opts)?.1);
    }
    Ok(Some(Solution {
        leads,
        z: setup.fixed_z.iter().map(|z| z.unwrap_or(false)).collect(),
        optimal,
        bound: None,
    }))
}

/// The mean-value chain: one node per period with the probability-weighted
/// scenario of that period's nodes.
fn mean_tree(h: &Horizon, tree: &Tree) -> Result<Tree, Error> {
    let mut out = Tree {
        nodes: Vec::new(),
        scenarios: Vec::new(),
    };
    let targets: Vec<&crate::sweep::param::Target> = (h.calendars.iter())
        .flat_map(|c| c.states.iter())
        .flat_map(|s| s.changes.iter())
        .flat_map(|c| c.targets.iter())
        .collect();
    for p in 0..h.periods.len() {
        let at: Vec<usize> = (0..tree.nodes.len())
            .filter(|&d| tree.nodes[d].period == p)
            .collect();
        let first = &tree.scenarios[tree.nodes[at[0]].scenario];
        let mut strict = first.strict.clone();
        for target in &targets {
            let mut sum = 0.0;
            let mut all = true;
            for &d in &at {
                match target.get(&tree.scenarios[tree.nodes[d].scenario].strict) {
                    Some(v) => sum += tree.nodes[d].prob * v,
                    None => all = false,
                }
            }
            if all {
                let b = target.bounds(&strict);
                let v = if b.integer { sum.round() } else { sum };
                target.set(&mut strict, b.clamp(v));
            }
        }
        strict.recompute_fit();
        // bans: the more likely side
        let n = h.base.countries.len();
        strict.policy.pins.retain(|p| p.lead);
        for k in 0..strict.tasks.len() {
            for i in 0..n {
                let banned: f64 = (at.iter())
                    .filter(|&&d| {
                        let sc = &tree.scenarios[tree.nodes[d].scenario].strict;
                        sc.policy
                            .pins
                            .iter()
                            .any(|p| p.country == i && p.task == k && !p.lead)
                    })
                    .map(|&d| tree.nodes[d].prob)
                    .sum();
                if banned > 0.5 {
                    strict
                        .policy
                        .pins
                        .retain(|p| !(p.country == i && p.task == k));
                    strict.policy.pins.push(Pin {
                        country: i,
                        task: k,
                        lead: false,
                    });
                }
            }
        }
        out.scenarios.push(tree::NodeScenario {
            exempt: strict.clone(),
            strict,
            tasks: first.tasks.clone(),
        });
        out.nodes.push(tree::Node {
            parent: p.checked_sub(1),
            period: p,
            prob: 1.0,
            states: tree.nodes[at[0]].states.clone(),
            scenario: p,
        });
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn myopic(
    h: &Horizon,
    tree: &Tree,
    leaf: usize,
    view_len: usize,
    step: usize,
    o: &HorizonOptions,
    own: &[bool],
    report: &mut HorizonReport,
) -> Result<(), Error> {
    let periods = h.periods.len();
    let full = View::chain(h, tree, leaf, periods);
    note_infeasible(&full, own, report);
    let mut committed: Vec<Vec<Vec<usize>>> = Vec::new();
    let mut z: Option<Vec<bool>> = None;
    let mut start = 0;
    let mut last: Option<(Solution, Termination)> = None;
    let mut released_at: Vec<bool> = vec![false; periods];
    while start < periods {
        let end = (start + view_len).min(periods);
        let view = View::chain(h, tree, leaf, end);
        let mut setup = Setup::plain(&view, TreeGoal::Expected);
        for (k, leads) in committed.iter().enumerate() {
            setup.fixed[k] = Some(leads.clone());
        }
        if let Some(z) = &z {
            setup.fixed_z = (0..h.tasks.len())
                .map(|t| h.tasks[t].institutionalise.map(|_| z[t]))
                .collect();
        }
        for (k, r) in released_at.iter().enumerate().take(end) {
            setup.released[k] = *r;
        }
        let names = |a: usize, b: usize| -> Vec<String> {
            h.periods[a..b].iter().map(|p| p.name.clone()).collect()
        };
        let commit_end = (start + step).min(periods);
        let mut result = solve_view(&view, &setup, &o.solve)?;
        let mut status = "planned";
        let mut note = String::new();
        if result.1.is_none() && start > 0 {
            setup.released[start] = true;
            result = solve_view(&view, &setup, &o.solve)?;
            if result.1.is_some() {
                released_at[start] = true;
                status = "released";
                note = format!(
                    "no plan keeps the commitments' minimum tenure and handover cap into {}; planned with them released there",
                    h.periods[start].name
                );
            }
        }
        let (term, Some(sol)) = result else {
            report.windows.push(Window {
                periods: names(start, end),
                committed: Vec::new(),
                status: "infeasible".into(),
                note: if report.infeasible.is_empty() {
                    format!(
                        "no plan for {} follows the periods committed before it",
                        h.periods[start].name
                    )
                } else {
                    format!(
                        "the scenario of {} has no plan of its own",
                        report.infeasible.join(", ")
                    )
                },
            });
            report.status = "infeasible".into();
            return Ok(());
        };
        if note.is_empty() {
            note = format!(
                "planned {} with {} committed",
                names(start, end).join(", "),
                names(start, commit_end).join(", ")
            );
        }
        report.windows.push(Window {
            periods: names(start, end),
            committed: names(start, commit_end),
            status: status.into(),
            note,
        });
        if z.is_none() {
            z = Some(sol.z.clone());
        }
        for k in start..commit_end {
            committed.push(sol.leads[k].clone());
        }
        last = Some((sol, term));
        start = commit_end;
    }
    let Some((mut sol, term)) = last else {
        return Ok(());
    };
    sol.leads = committed;
    let mut h_rel = h.clone();
    if released_at.iter().any(|&r| r) {
        // links released on the way are not checked across the release
        h_rel.min_tenure = 1;
        h_rel.max_handovers = None;
    }
    let view = View::chain(&h_rel, tree, leaf, periods);
    let cert = certify(&view, &sol, &o.solve)?;
    fill(&view, &sol, &cert, &TreeGoal::Expected, term, report);
    Ok(())
}

/// Fills the report from a certified solution.
fn fill(
    view: &View,
    sol: &Solution,
    c: &Certified,
    goal: &TreeGoal,
    term: Termination,
    report: &mut HorizonReport,
) {
    let (h, tree) = (view.h, view.tree);
    let ids = |v: &[usize]| -> Vec<String> {
        v.iter().map(|&i| h.base.countries[i].id.clone()).collect()
    };
    report.status = if term == Termination::Optimal && sol.optimal {
        "planned"
    } else {
        "time_limit"
    }
    .into();
    report.certified = true;
    report.value = Some(crate::fmt::round(goal_value(goal, view, c)));
    report.bound = match (sol.optimal, sol.bound) {
        (false, Some(b)) => Some(crate::fmt::round(b.max(report.value.unwrap_or(b)))),
        _ => None,
    };
    report.expected_value = Some(crate::fmt::round(expected(view, c)));
    let hc: f64 = (0..view.nodes.len())
        .map(|k| view.prob[k] * c.handover_cost[k])
        .sum();
    report.handover_cost = Some(crate::fmt::round(hc));
    let count: f64 = (0..view.nodes.len())
        .map(|k| {
            let arrived: usize = c.handovers[k].iter().map(arrivals).sum();
            view.prob[k] * arrived as f64
        })
        .sum();
    report.expected_handovers = Some(crate::fmt::round(count));
    report.institution_cost = Some(crate::fmt::round(c.z_cost));
    report.institutionalised = (0..h.tasks.len())
        .filter(|&t| sol.z[t])
        .map(|t| h.base.tasks[t].id.clone())
        .collect();
    for row in &mut report.institutions {
        row.chosen = report.institutionalised.contains(&row.task);
    }
    let periods = h.periods.len();
    // nodes
    report.nodes = (0..view.nodes.len())
        .map(|k| {
            let d = view.nodes[k];
            let n = &tree.nodes[d];
            let sc = &tree.scenarios[n.scenario];
            NodeRow {
                id: k,
                parent: view.parent(k),
                period: h.periods[n.period].name.clone(),
                probability: crate::fmt::round(view.prob[k]),
                states: (h.calendars.iter().enumerate())
                    .map(|(ci, cal)| {
                        (
                            h.base.countries[cal.country].id.clone(),
                            cal.states[n.states[ci]].name.clone(),
                        )
                    })
                    .collect(),
                history: history(h, tree, d),
                leads: sc
                    .tasks
                    .iter()
                    .map(|&t| NodeLeads {
                        task: h.base.tasks[t].id.clone(),
                        leads: ids(&sol.leads[k][t]),
                    })
                    .collect(),
                objective: crate::fmt::round(c.plans[k].objective),
                handovers: c.handovers[k]
                    .iter()
                    .map(|(t, from, to)| Handover {
                        task: h.base.tasks[*t].id.clone(),
                        from: ids(from),
                        to: ids(to),
                    })
                    .collect(),
            }
        })
        .collect();
    // timeline
    report.timeline = (0..h.tasks.len())
        .map(|t| TimelineRow {
            task: h.base.tasks[t].id.clone(),
            name: h.base.tasks[t].name.clone(),
            periods: (0..periods)
                .map(|p| {
                    let mut spread: Vec<Spread> = Vec::new();
                    for k in 0..view.nodes.len() {
                        let n = &tree.nodes[view.nodes[k]];
                        if n.period != p || !tree.scenarios[n.scenario].tasks.contains(&t) {
                            continue;
                        }
                        let leads = ids(&sol.leads[k][t]);
                        match spread.iter_mut().find(|s| s.leads == leads) {
                            Some(s) => s.probability += view.prob[k],
                            None => spread.push(Spread {
                                leads,
                                probability: view.prob[k],
                            }),
                        }
                    }
                    spread.sort_by(|a, b| {
                        b.probability
                            .total_cmp(&a.probability)
                            .then(a.leads.cmp(&b.leads))
                    });
                    for s in &mut spread {
                        s.probability = crate::fmt::round(s.probability);
                    }
                    spread
                })
                .collect(),
        })
        .collect();
    // survival of first-period leads
    let mut held: Vec<Vec<Vec<bool>>> =
        vec![vec![vec![false; h.base.countries.len()]; h.tasks.len()]; view.nodes.len()];
    for k in 0..view.nodes.len() {
        for (t, leads) in sol.leads[k].iter().enumerate() {
            for &i in leads {
                held[k][t][i] = match view.parent(k) {
                    None => true,
                    Some(p) => held[p][t][i],
                };
            }
        }
    }
    report.survival = Vec::new();
    for (t, leads) in sol.leads[0].iter().enumerate() {
        for &i in leads {
            let probability: Vec<f64> = (0..periods)
                .map(|p| {
                    crate::fmt::round(
                        (0..view.nodes.len())
                            .filter(|&k| tree.nodes[view.nodes[k]].period == p && held[k][t][i])
                            .map(|k| view.prob[k])
                            .sum(),
                    )
                })
                .collect();
            report.survival.push(Survival {
                task: h.base.tasks[t].id.clone(),
                country: h.base.countries[i].id.clone(),
                probability,
            });
        }
    }
    // binding limits
    let mut binding: Vec<BindingRow> = Vec::new();
    for k in 0..view.nodes.len() {
        let d = view.nodes[k];
        let n = &tree.nodes[d];
        let Ok(s) = certifying_scenario(h, tree, d, &sol.z) else {
            continue;
        };
        for b in explain::binding(&s, &c.plans[k]) {
            let row = match binding.iter_mut().position(|r| r.detail == b.detail) {
                Some(r) => &mut binding[r],
                None => {
                    binding.push(BindingRow {
                        kind: b.kind.clone(),
                        detail: b.detail.clone(),
                        probability: vec![0.0; periods],
                    });
                    binding.last_mut().expect("just pushed")
                }
            };
            row.probability[n.period] += view.prob[k];
        }
    }
    for r in &mut binding {
        r.probability
            .iter_mut()
            .for_each(|p| *p = crate::fmt::round(*p));
    }
    report.binding = binding;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The printed plan's first period, fixed and the tree planned again,
    /// gives the printed value: what a planner who commits to it gets.
    #[test]
    fn fixing_the_printed_first_period_gives_the_printed_value() {
        let h = Horizon::load(std::path::Path::new(
            "tests/fixtures/horizon/tiny.horizon.toml",
        ))
        .expect("the fixture loads");
        let tree = tree::build(&h).expect("a tree");
        let o = HorizonOptions {
            foresight: Foresight::Stochastic,
            goal: Goal::Expected,
            path: None,
            solve: SolveOptions::default(),
            values: false,
        };
        let report = run(&h, &o).expect("a plan");
        let view = View::whole(&h, &tree);
        let root: Vec<Vec<usize>> = (0..h.tasks.len())
            .map(|t| {
                let row = report.nodes[0]
                    .leads
                    .iter()
                    .find(|l| l.task == h.base.tasks[t].id);
                row.map_or_else(Vec::new, |l| {
                    l.leads
                        .iter()
                        .map(|id| h.base.country_index(id).expect("a country"))
                        .collect()
                })
            })
            .collect();
        let mut setup = Setup::plain(&view, TreeGoal::Expected);
        setup.fixed[0] = Some(root);
        setup.fixed_z = (h.tasks.iter().enumerate())
            .map(|(t, terms)| {
                terms
                    .institutionalise
                    .map(|_| report.institutionalised.contains(&h.base.tasks[t].id))
            })
            .collect();
        let sol = solve_fixed_root(&view, &setup, &o.solve)
            .expect("no solver error")
            .expect("a plan follows");
        let again = expected(&view, &certify(&view, &sol, &o.solve).expect("certified"));
        let printed = report.expected_value.expect("a value");
        assert!(
            (again - printed).abs() < 1e-6,
            "printed {printed}, re-solved {again}"
        );
    }

    /// The first plan keeps every rule (it certifies) and scores no more than
    /// the optimum; the bound from the node scenarios' own optima is no lower
    /// than the optimum, for every goal.
    #[test]
    fn the_first_plan_and_the_ceiling_bound_bracket_the_optimum() {
        let h = Horizon::load(std::path::Path::new(
            "tests/fixtures/horizon/tiny.horizon.toml",
        ))
        .expect("the fixture loads");
        let tree = tree::build(&h).expect("a tree");
        let view = View::whole(&h, &tree);
        let opts = SolveOptions {
            time_limit: Some(60.0),
            ..SolveOptions::default()
        };
        let ceiling: Vec<Option<f64>> = (tree.scenarios.iter())
            .map(
                |sc| match crate::optimize::solve_verdict(&sc.exempt, &opts).unwrap() {
                    crate::optimize::Attempt::Planned(p) => Some(p.bound.max(p.objective)),
                    _ => None,
                },
            )
            .collect();
        let setup = Setup::plain(&view, TreeGoal::Expected);
        let first = first_plan(&view, &setup, &opts)
            .expect("no solver error")
            .expect("a first plan");
        let sol = Solution {
            leads: first,
            z: vec![false; h.tasks.len()],
            optimal: false,
            bound: None,
        };
        let cert = certify(&view, &sol, &opts).expect("the first plan keeps every rule");
        for (goal, alpha) in [
            (Goal::Expected, 0.0),
            (Goal::Worst, 0.0),
            (Goal::Cvar(0.3), 0.3),
        ] {
            let o = HorizonOptions {
                foresight: Foresight::Stochastic,
                goal,
                path: None,
                solve: SolveOptions::default(),
                values: false,
            };
            let best = run(&h, &o).expect("a plan").value.expect("a value");
            let g = match goal {
                Goal::Expected => TreeGoal::Expected,
                Goal::Worst => TreeGoal::Worst,
                _ => TreeGoal::Cvar(alpha),
            };
            let bound = ceiling_bound(&view, &g, &ceiling).expect("every optimum known");
            assert!(
                bound >= best - 1e-6,
                "{goal:?}: bound {bound} below the optimum {best}"
            );
            let mine = goal_value(&g, &view, &cert);
            assert!(
                mine <= best + 1e-6,
                "{goal:?}: first plan {mine} above the optimum {best}"
            );
        }
    }
}
