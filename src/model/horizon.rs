//! One MILP over a tree of periods and government states: a plan across the
//! coming elections.
//!
//! Each node of the tree is one period under one history of government
//! states, with its own scenario. A node has its own lead, optional and money
//! columns, its own copy of every family's rows (the rule book's) and its own
//! objective `O_d`; nodes that share a history share their columns, which is
//! what makes the decisions non-anticipative (the extensive form of a
//! multi-stage stochastic program). Across nodes the model adds:
//!
//! - handovers: `h_dit ≥ x_dit − x_pit − (1 − led_pt)` for a node `d` with
//!   parent `p` (a lead that arrives on a task already led), charged the
//!   task's handover cost, and at most `max_handovers` per node;
//! - minimum tenure: a lead taken in node `c` is held in its descendants less
//!   than `min_tenure` periods later (`x_dit ≥ x_cit − x_pit`), unless the
//!   descendant bars the pair;
//! - institutionalising: a binary `z_t` (decided in the first period, at a
//!   price) freezes task `t`'s leads in every later node
//!   (`|x_dit − x_rit| ≤ 1 − z_t`) and lifts the bans a later node adds on it
//!   (`x_dit ≤ z_t` for a pair only the exempt scenario allows).
//!
//! The goal is the expected value `Σ_d P(d) (w_d O_d − H_d) − Σ_t c_t z_t`, or
//! per leaf `s` the value of its path `V_s`: the worst `V_s`, the largest
//! regret `V*_s − V_s`, or the CVaR of `V_s` at level α
//! (`η − (1/α) Σ_s P(s) (η − V_s)⁺`, Rockafellar and Uryasev).
//! `docs/src/horizon.md` writes the model out.

use good_lp::{constraint, variable, Expression};

use super::{allowed, define_optional_variables, Model, Restrictions, Row, Var};
use crate::rules::Allowed;
use crate::scenario::Scenario;

/// One node of the tree.
pub(crate) struct TreeNode<'a> {
    /// Its scenario with every ban a later government adds on an
    /// institutionalisable task lifted (the rows are built from it).
    pub exempt: &'a Scenario,
    /// Its scenario as the states make it: a pair it bars but `exempt`
    /// allows may be led only where the task is institutionalised.
    pub strict: &'a Scenario,
    /// Its parent node (none for the first period's root).
    pub parent: Option<usize>,
    /// Its period's index.
    pub period: usize,
    /// The probability of reaching it.
    pub prob: f64,
    /// Its period's weight.
    pub weight: f64,
    /// Per task of the node's scenario, the task's index in the horizon.
    pub tasks: Vec<usize>,
    /// Leads fixed in this node (per horizon task), if any.
    pub fixed: Option<Vec<Vec<usize>>>,
}

/// What the tree model maximises.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TreeGoal {
    /// The expected value.
    Expected,
    /// The worst path value.
    Worst,
    /// Minus the largest regret against each leaf's own optimum (per leaf).
    Regret(Vec<f64>),
    /// The conditional value at risk of the path value at this level.
    Cvar(f64),
}

/// Everything the tree model needs besides its nodes.
pub(crate) struct TreeSpec {
    /// Tasks in the horizon (the base scenario's).
    pub n_tasks: usize,
    /// Countries.
    pub n_countries: usize,
    /// Per task, the cost of one handover.
    pub handover_cost: Vec<f64>,
    /// Per task, the price of institutionalising it (none: not offered).
    pub price: Vec<Option<f64>>,
    /// Per task, a caller's decision on institutionalising (none: free).
    pub fixed_z: Vec<Option<bool>>,
    /// Periods a lead is held once taken (1: no minimum).
    pub min_tenure: usize,
    /// Most handovers in one node.
    pub max_handovers: Option<usize>,
    /// Leads before the first period (per task), if known.
    pub incumbent: Option<Vec<Vec<usize>>>,
    /// Nodes whose links to their parent (handovers counted against the cap,
    /// tenure reaching back) are released.
    pub released: Vec<bool>,
    /// What to maximise.
    pub goal: TreeGoal,
    /// A first plan to start from: per node, per horizon task, its leads (no
    /// task institutionalised).
    pub start: Option<Vec<Vec<Vec<usize>>>>,
    /// Nodes with fixed leads keep only those leads, without their copy of
    /// the rule book: the objective then leaves out their (constant) terms
    /// and does not check that their leads keep their own rules.
    pub lean: bool,
}

/// Where a tree model's decisions are.
pub(crate) struct TreeReader {
    /// Per node, per horizon task, per country: the lead column (none where the
    /// node bars the pair or the task is not active).
    x: Vec<Vec<Vec<Option<Var>>>>,
    /// Per task: the institutionalising column, if offered.
    z: Vec<Option<Var>>,
}

impl TreeReader {
    /// Per node, per horizon task: its leads (empty where inactive).
    pub fn leads(&self, values: &[f64]) -> Vec<Vec<Vec<usize>>> {
        let on = |v: &Option<Var>| v.is_some_and(|v| values[v.col] > 0.5);
        (self.x.iter())
            .map(|node| {
                (node.iter())
                    .map(|row| (0..row.len()).filter(|&i| on(&row[i])).collect())
                    .collect()
            })
            .collect()
    }

    /// Per task: whether it is institutionalised.
    pub fn institutionalised(&self, values: &[f64]) -> Vec<bool> {
        (self.z.iter())
            .map(|z| z.is_some_and(|z| values[z.col] > 0.5))
            .collect()
    }
}

/// The leaves of a tree given by each node's parent: nodes without children.
pub(crate) fn leaves(parents: &[Option<usize>]) -> Vec<usize> {
    let mut has_child = vec![false; parents.len()];
    for p in parents.iter().flatten() {
        has_child[*p] = true;
    }
    (0..parents.len()).filter(|&d| !has_child[d]).collect()
}

/// The path from the root to `d` in a tree given by each node's parent, root first.
pub(crate) fn path(parents: &[Option<usize>], d: usize) -> Vec<usize> {
    let mut out = vec![d];
    let mut at = d;
    while let Some(p) = parents[at] {
        out.push(p);
        at = p;
    }
    out.reverse();
    out
}

/// Builds the tree model, and what reads its decisions back.
pub(crate) fn build_tree(nodes: &[TreeNode], spec: &TreeSpec) -> (Model, TreeReader) {
    let mut m = Model::new(true);
    let (n, tasks) = (spec.n_countries, spec.n_tasks);
    let z: Vec<Option<Var>> = (0..tasks)
        .map(|t| {
            spec.price[t].map(|_| {
                let (lo, hi) = match spec.fixed_z[t] {
                    Some(true) => (1.0, 1.0),
                    Some(false) => (0.0, 0.0),
                    None => (0.0, 1.0),
                };
                m.add(variable().binary().min(lo).max(hi))
            })
        })
        .collect();
    let mut xs: Vec<Vec<Vec<Option<Var>>>> = Vec::with_capacity(nodes.len());
    let mut led: Vec<Vec<Option<Expression>>> = Vec::with_capacity(nodes.len());
    let mut objectives: Vec<Expression> = Vec::with_capacity(nodes.len());
    let mut integral = true;
    let none = Restrictions::default();
    for node in nodes {
        if let (true, Some(fixed)) = (spec.lean, &node.fixed) {
            let (row, led_row) = fixed_leads(&mut m, node, fixed, n, tasks);
            xs.push(row);
            led.push(led_row);
            objectives.push(Expression::from(0.0));
            continue;
        }
        let s = node.exempt;
        // lead columns: the exempt scenario's pairs; a pair only it allows
        // needs the task institutionalised
        m.x = (0..s.tasks.len())
            .map(|k| {
                let t = node.tasks[k];
                (0..n)
                    .map(|i| {
                        let x = match allowed(s, &none, i, k) {
                            Allowed::Fixed(false) => return None,
                            Allowed::Fixed(true) => m.add(variable().binary().min(1.0)),
                            Allowed::Free => m.add(variable().binary()),
                            Allowed::Conflict => {
                                let x = m.add(variable().binary().min(1.0));
                                m.push(Row::Aux, constraint!(x.v <= 0.0));
                                x
                            }
                        };
                        if !matches!(
                            allowed(node.strict, &none, i, k),
                            Allowed::Free | Allowed::Fixed(true)
                        ) {
                            match z[t] {
                                Some(zt) => m.push(Row::Aux, constraint!(x.v <= zt.v)),
                                None => m.push(Row::Aux, constraint!(x.v <= 0.0)),
                            }
                        }
                        Some(x)
                    })
                    .collect()
            })
            .collect();
        define_optional_variables(&mut m, s);
        let (objective, whole) = super::define_copy(&mut m, s);
        integral &= whole;
        objectives.push(objective);
        // in horizon task order
        let mut row: Vec<Vec<Option<Var>>> = vec![vec![None; n]; tasks];
        let mut led_row: Vec<Option<Expression>> = vec![None; tasks];
        for (k, &t) in node.tasks.iter().enumerate() {
            row[t] = m.x[k].clone();
            led_row[t] = Some(match m.y[k] {
                Some(y) => Expression::from(y.v),
                None => Expression::from(1.0),
            });
        }
        if let Some(fixed) = &node.fixed {
            for (cols, leads) in row.iter().zip(fixed) {
                for (i, col) in cols.iter().enumerate() {
                    let want = leads.contains(&i);
                    match *col {
                        Some(x) if want => m.push(Row::Aux, constraint!(x.v >= 1.0)),
                        Some(x) => m.push(Row::Aux, constraint!(x.v <= 0.0)),
                        None if want => {
                            // a fixed lead the node bars: no plan
                            let v = m.add(variable().min(0.0).max(0.0));
                            m.push(Row::Aux, constraint!(v.v >= 1.0));
                        }
                        None => {}
                    }
                }
            }
        }
        xs.push(row);
        led.push(led_row);
    }
    m.money = None;
    let handover = define_handovers(&mut m, nodes, spec, &xs, &led);
    define_tenure(&mut m, nodes, spec, &xs);
    define_institutions(&mut m, nodes, &xs, &z);
    define_goal(&mut m, nodes, spec, objectives, handover, &z, integral);
    if let Some(start) = &spec.start {
        for (node, plan) in xs.iter().zip(start) {
            for (row, leads) in node.iter().zip(plan) {
                for (i, x) in row.iter().enumerate() {
                    if let Some(x) = x {
                        m.start
                            .push((x.col, if leads.contains(&i) { 1.0 } else { 0.0 }));
                    }
                }
            }
        }
        m.start.extend(z.iter().flatten().map(|z| (z.col, 0.0)));
    }
    (m, TreeReader { x: xs, z })
}

/// A lean fixed node's lead columns (fixed at its leads; none where the node
/// bars the pair, with a row no plan keeps where it bars a fixed lead) and
/// whether each task is led, in horizon task order.
fn fixed_leads(
    m: &mut Model,
    node: &TreeNode,
    fixed: &[Vec<usize>],
    n: usize,
    tasks: usize,
) -> (Vec<Vec<Option<Var>>>, Vec<Option<Expression>>) {
    let none = Restrictions::default();
    let mut row: Vec<Vec<Option<Var>>> = vec![vec![None; n]; tasks];
    let mut led_row: Vec<Option<Expression>> = vec![None; tasks];
    for (k, &t) in node.tasks.iter().enumerate() {
        for (i, cell) in row[t].iter_mut().enumerate() {
            let want = fixed[t].contains(&i);
            let v = if want { 1.0 } else { 0.0 };
            if matches!(allowed(node.exempt, &none, i, k), Allowed::Fixed(false)) {
                if want {
                    let v = m.add(variable().min(0.0).max(0.0));
                    m.push(Row::Aux, constraint!(v.v >= 1.0));
                }
                continue;
            }
            *cell = Some(m.add(variable().binary().min(v).max(v)));
        }
        led_row[t] = Some(Expression::from(if fixed[t].is_empty() {
            0.0
        } else {
            1.0
        }));
    }
    (row, led_row)
}

/// Per node: the handover charge `Σ c_t h_dit` (an expression), with its rows.
fn define_handovers(
    m: &mut Model,
    nodes: &[TreeNode],
    spec: &TreeSpec,
    xs: &[Vec<Vec<Option<Var>>>],
    led: &[Vec<Option<Expression>>],
) -> Vec<Expression> {
    let counted = spec.handover_cost.iter().any(|&c| c > 0.0) || spec.max_handovers.is_some();
    let mut out = Vec::with_capacity(nodes.len());
    for (d, node) in nodes.iter().enumerate() {
        let mut charge = Expression::from(0.0);
        let mut count = Expression::from(0.0);
        let mut any = false;
        for (t, cols) in xs[d].iter().enumerate() {
            for (i, col) in cols.iter().enumerate() {
                let Some(x) = *col else { continue };
                // what the parent had: its column and whether it led the task
                let (before, led_before): (Expression, Expression) = match node.parent {
                    Some(p) => match &led[p][t] {
                        Some(l) => (
                            xs[p][t][i].map_or(Expression::from(0.0), |v| Expression::from(v.v)),
                            l.clone(),
                        ),
                        None => continue, // the task starts here: no handover
                    },
                    None => match &spec.incumbent {
                        Some(inc) if !inc[t].is_empty() => (
                            Expression::from(if inc[t].contains(&i) { 1.0 } else { 0.0 }),
                            Expression::from(1.0),
                        ),
                        _ => continue,
                    },
                };
                if !counted {
                    continue;
                }
                let h = m.add(variable().min(0.0).max(1.0));
                m.push(
                    Row::Aux,
                    constraint!(h.v >= x.v - before - (1.0 - led_before)),
                );
                charge += spec.handover_cost[t] * h.v;
                count += h.v;
                any = true;
            }
        }
        if let (Some(cap), true, false) = (spec.max_handovers, any, spec.released[d]) {
            m.push(Row::Aux, constraint!(count <= cap as f64));
        }
        out.push(charge);
    }
    out
}

/// A lead taken in node `c` is held in its descendants fewer than
/// `min_tenure` periods later, where they allow the pair without an
/// institution.
fn define_tenure(m: &mut Model, nodes: &[TreeNode], spec: &TreeSpec, xs: &[Vec<Vec<Option<Var>>>]) {
    if spec.min_tenure <= 1 {
        return;
    }
    let none = Restrictions::default();
    let parents: Vec<Option<usize>> = nodes.iter().map(|n| n.parent).collect();
    for d in 0..nodes.len() {
        let chain = path(&parents, d);
        let pd = nodes[d].period;
        for &c in &chain[..chain.len() - 1] {
            let gap = pd - nodes[c].period;
            if gap == 0 || gap >= spec.min_tenure {
                continue;
            }
            // a released node's commitments do not reach past it
            if chain
                .iter()
                .any(|&k| spec.released[k] && nodes[k].period > nodes[c].period && k != c)
            {
                continue;
            }
            for t in 0..spec.n_tasks {
                let Some(k) = nodes[d].tasks.iter().position(|&u| u == t) else {
                    continue;
                };
                for (i, (cd, cc)) in xs[d][t].iter().zip(&xs[c][t]).enumerate() {
                    let (Some(xd), Some(xc)) = (*cd, *cc) else {
                        continue;
                    };
                    // forced out by a ban the node adds: no tenure
                    if !matches!(allowed(nodes[d].strict, &none, i, k), Allowed::Free) {
                        continue;
                    }
                    let before: Expression = match nodes[c].parent {
                        Some(p) => xs[p][t][i].map_or(Expression::from(0.0), |v| v.v.into()),
                        None => match &spec.incumbent {
                            Some(inc) => {
                                Expression::from(if inc[t].contains(&i) { 1.0 } else { 0.0 })
                            }
                            None => Expression::from(0.0),
                        },
                    };
                    m.push(Row::Aux, constraint!(xd.v >= xc.v - before));
                }
            }
        }
    }
}

/// An institutionalised task keeps its first period's leads in every node.
fn define_institutions(
    m: &mut Model,
    nodes: &[TreeNode],
    xs: &[Vec<Vec<Option<Var>>>],
    z: &[Option<Var>],
) {
    let Some(root) = nodes.iter().position(|n| n.parent.is_none()) else {
        return;
    };
    for (t, zt) in z.iter().enumerate() {
        let Some(zt) = zt else { continue };
        for d in (0..nodes.len()).filter(|&d| d != root) {
            if !nodes[d].tasks.contains(&t) {
                continue;
            }
            for (cd, cr) in xs[d][t].iter().zip(&xs[root][t]) {
                match (*cd, *cr) {
                    (Some(xd), Some(xr)) => {
                        m.push(Row::Aux, constraint!(xd.v - xr.v <= 1.0 - zt.v));
                        m.push(Row::Aux, constraint!(xr.v - xd.v <= 1.0 - zt.v));
                    }
                    (None, Some(xr)) => m.push(Row::Aux, constraint!(xr.v <= 1.0 - zt.v)),
                    (Some(xd), None) => m.push(Row::Aux, constraint!(xd.v <= 1.0 - zt.v)),
                    (None, None) => {}
                }
            }
        }
    }
}

fn define_goal(
    m: &mut Model,
    nodes: &[TreeNode],
    spec: &TreeSpec,
    objectives: Vec<Expression>,
    handover: Vec<Expression>,
    z: &[Option<Var>],
    integral: bool,
) {
    let institutions: Expression = (z.iter().enumerate())
        .filter_map(|(t, zt)| zt.map(|zt| spec.price[t].unwrap_or(0.0) * zt.v))
        .sum();
    m.integral_objective = false;
    let _ = integral;
    let parents: Vec<Option<usize>> = nodes.iter().map(|n| n.parent).collect();
    let paths = |m: &mut Model, objectives: Vec<Expression>, handover: Vec<Expression>| {
        // each node's weighted value as a column, so that paths share it
        let value: Vec<Var> = (nodes.iter().zip(objectives).zip(handover))
            .map(|((node, o), h)| {
                let v = m.add(variable());
                m.push(Row::Aux, constraint!(v.v == node.weight * o - h));
                v
            })
            .collect();
        leaves(&parents)
            .into_iter()
            .map(|leaf| {
                let sum: Expression = path(&parents, leaf)
                    .into_iter()
                    .map(|d| Expression::from(value[d].v))
                    .sum();
                (nodes[leaf].prob, sum - institutions.clone())
            })
            .collect::<Vec<(f64, Expression)>>()
    };
    match &spec.goal {
        TreeGoal::Expected => {
            let mut obj = Expression::from(0.0) - institutions.clone();
            for ((node, o), h) in nodes.iter().zip(objectives).zip(handover) {
                obj += node.prob * node.weight * o - node.prob * h;
            }
            m.objective = obj;
        }
        TreeGoal::Worst => {
            let w = m.add(variable());
            for (_, v) in paths(m, objectives, handover) {
                m.push(Row::Aux, constraint!(w.v <= v));
            }
            m.objective = w.v.into();
        }
        TreeGoal::Regret(best) => {
            let r = m.add(variable().min(0.0));
            for ((_, v), b) in paths(m, objectives, handover).into_iter().zip(best) {
                m.push(Row::Aux, constraint!(r.v >= *b - v));
            }
            m.objective = Expression::from(r.v) * -1.0;
        }
        TreeGoal::Cvar(alpha) => {
            let eta = m.add(variable());
            let mut obj = Expression::from(eta.v);
            for (p, v) in paths(m, objectives, handover) {
                let u = m.add(variable().min(0.0));
                m.push(Row::Aux, constraint!(u.v >= eta.v - v));
                obj -= (p / alpha) * u.v;
            }
            m.objective = obj;
        }
    }
}
