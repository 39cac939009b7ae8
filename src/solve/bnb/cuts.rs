//! Cuts at the root of the LP search: lifted covers on knapsack rows and
//! c-MIR cuts ([`super::mir`]) on rows with continuous columns.
//!
//! The lead-assignment model's capacity and budget rows are knapsacks on the
//! lead columns; their LP relaxation takes fractions of leads that no plan can
//! take (a country "leads" 0.6 of a task that would break its budget). A
//! cover, a set `C` of lead columns whose weights together exceed the row's
//! right-hand side, says `sum_{j in C} x_j <= |C| - 1` for every plan. Here
//! the LP relaxation is solved, covers that its solution breaks are found
//! (Crowder, Johnson and Padberg's greedy separation, made minimal, then
//! lifted sequentially onto the row's other columns with exact coefficients
//! from a small table), added as rows with the c-MIR cuts of the same point,
//! and the LP solved again (dual simplex from the last basis), for up to
//! eight rounds; the branch and bound then runs on the model with the cuts,
//! whose nodes start from a tighter bound.
//!
//! Validity: each row is first relaxed to a knapsack on its 0-1 columns (a
//! continuous or general-integer column is replaced by the bound that makes
//! its term smallest, or by a variable lower bound `c >= k b + c0` read from a
//! two-column row; a 0-1 column with a negative weight is complemented), so
//! every plan that satisfies the row satisfies the knapsack; a cover is taken
//! only when its weights exceed the right-hand side by more than ten times the
//! tolerance within which a plan is accepted as satisfying the row
//! ([`Mip::feasible`]), and lifting uses the same widened capacity, so no
//! accepted plan breaks a cut.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use leadplan_lp::{ComparisonOp, LinearExpr, Solution, SolveOutcome, Variable};

use super::mip::{Mip, Row, ROW_TOL};
use super::mir::{self, Vlb};

/// Rounds of separation and re-solve.
const ROUNDS: usize = 8;
/// A cut is added when the LP solution breaks it by more than this.
const MIN_VIOLATION: f64 = 1e-4;
/// Rounds stop when the bound moved by less than this (relative) in one.
const MIN_PROGRESS: f64 = 1e-6;

/// One term of a knapsack: column `col`, weight `w > 0`, complemented
/// (`1 - x`) or not.
#[derive(Clone, Copy)]
struct Item {
    col: usize,
    w: f64,
    flip: bool,
}

/// A lifted cover inequality `sum alpha_j y_j <= size - 1` (`alpha` 1 on the
/// cover, whole numbers elsewhere).
struct Cut {
    items: Vec<(Item, f64)>,
    size: usize,
}

/// A row relaxed to `sum w_j y_j <= cap` over 0-1 columns (`y = x` or
/// `1 - x`), and the margin a cover's weight must exceed `cap` by.
struct Knapsack {
    items: Vec<Item>,
    cap: f64,
    margin: f64,
}

/// What the cut rounds did, for `LEADPLAN_BNB_DEBUG`, and the last LP (with
/// its columns, in the model's order) for the dive.
pub(super) struct Rounds {
    cuts: usize,
    rounds: usize,
    lp: Option<(f64, f64)>,
    pub last: Option<(Solution, Vec<Variable>)>,
}

impl std::fmt::Display for Rounds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} cuts in {} rounds", self.cuts, self.rounds)?;
        if let Some((first, last)) = self.lp {
            write!(
                f,
                "; LP bound {first} -> {last} (without the objective's constant)"
            )?;
        }
        Ok(())
    }
}

/// Adds lifted cover and c-MIR cuts to `mip` from up to [`ROUNDS`] rounds of
/// separation on its LP relaxation. Stops early at `deadline`.
impl Rounds {
    /// No cuts added.
    pub fn none() -> Rounds {
        Rounds {
            cuts: 0,
            rounds: 0,
            lp: None,
            last: None,
        }
    }
}

pub(super) fn add_root_cuts(mip: &mut Mip, deadline: Option<Instant>) -> Rounds {
    let mut done = Rounds {
        cuts: 0,
        rounds: 0,
        lp: None,
        last: None,
    };
    let vlb = variable_lower_bounds(mip);
    let knapsacks = knapsacks(mip, &vlb);
    let mir_rows = mir_rows(mip);
    if knapsacks.is_empty() && mir_rows.is_empty() {
        return done;
    }
    let (mut problem, vars) = mip.relaxation();
    if let Some(d) = deadline {
        problem.set_time_limit(d.saturating_duration_since(Instant::now()));
    }
    let sol = match problem.solve() {
        Ok(SolveOutcome::Solution(sol)) => sol,
        _ => return done,
    };
    let first = sol.objective();
    done.lp = Some((first, first));
    let mut sol = Some(sol);
    let mut seen: BTreeSet<String> = BTreeSet::new();
    while done.rounds < ROUNDS && deadline.is_none_or(|d| Instant::now() < d) {
        let Some(lp) = sol.as_ref() else { break };
        let x: Vec<f64> = vars.iter().map(|v| lp.var_value_raw(*v)).collect();
        let before = lp.objective();
        let mut cuts: Vec<Row> = knapsacks
            .iter()
            .filter_map(|k| separate(k, &x))
            .map(|c| cut_row(&c))
            .collect();
        cuts.extend(
            mir_rows
                .iter()
                .filter_map(|r| mir::separate(mip, r, &x, &vlb)),
        );
        cuts.retain(|r| seen.insert(key(r)));
        if cuts.is_empty() {
            break;
        }
        done.rounds += 1;
        for row in cuts {
            let mut e = LinearExpr::empty();
            for (c, a) in row.cols.iter().zip(&row.coefs) {
                e.add(vars[*c], *a);
            }
            let rhs = row.rhs;
            mip.rows.push(row);
            done.cuts += 1;
            sol = match sol
                .take()
                .map(|lp| lp.add_constraint(e, ComparisonOp::Le, rhs))
            {
                Some(Ok(SolveOutcome::Solution(s))) => Some(s),
                // infeasible (the search will say so) or stopped: the cuts so far stay
                _ => return done,
            };
        }
        let Some(after) = sol.as_ref().map(|lp| lp.objective()) else {
            break;
        };
        done.lp = Some((first, after));
        if (before - after).abs() <= MIN_PROGRESS * before.abs().max(1.0) {
            break;
        }
    }
    done.last = sol.map(|lp| (lp, vars));
    done
}

/// A cut's identity: its columns and coefficients (to nine digits) and its
/// right-hand side.
fn key(r: &Row) -> String {
    let mut k = format!("{:.9e}", r.rhs);
    for (c, a) in r.cols.iter().zip(&r.coefs) {
        k.push_str(&format!(" {c}:{a:.9e}"));
    }
    k
}

/// The model's rows that c-MIR separation reads: each `<=` row with a 0-1
/// column and another column, and each such equality row in both directions.
fn mir_rows(mip: &Mip) -> Vec<Row> {
    let mut out = Vec::new();
    for r in mip
        .rows
        .iter()
        .filter(|r| r.cols.len() >= 2 && r.cols.iter().any(|&j| mip.is_binary(j)))
    {
        out.push(Row {
            eq: false,
            ..r.clone()
        });
        if r.eq {
            out.push(Row {
                cols: r.cols.clone(),
                coefs: r.coefs.iter().map(|a| -a).collect(),
                eq: false,
                rhs: -r.rhs,
            });
        }
    }
    out
}

/// Every `<=` row relaxed to a knapsack on its 0-1 columns, where that
/// knapsack could ever bind (its weights sum to more than its capacity).
fn knapsacks(mip: &Mip, vlb: &BTreeMap<usize, Vlb>) -> Vec<Knapsack> {
    let mut out = Vec::new();
    'rows: for r in mip.rows.iter().filter(|r| !r.eq && r.cols.len() >= 2) {
        let mut cap = r.rhs;
        let mut scale = r.rhs.abs().max(1.0);
        let mut w: Vec<(usize, f64)> = Vec::new();
        for (&j, &a) in r.cols.iter().zip(&r.coefs) {
            if mip.is_binary(j) {
                w.push((j, a));
                continue;
            }
            if !mip.int[j] && a > 0.0 && mip.lo[j] <= 0.0 {
                if let Some(v) = vlb.get(&j) {
                    // a c >= a k b + a c0: the column's least value given b
                    w.push((v.b, a * v.k));
                    cap -= a * v.c0;
                    scale = scale.max((a * v.c0).abs());
                    continue;
                }
            }
            // the bound that makes a·x smallest
            let least = if a > 0.0 { mip.lo[j] } else { mip.hi[j] };
            if !least.is_finite() {
                continue 'rows;
            }
            cap -= a * least;
            scale = scale.max((a * least).abs());
        }
        // merge repeated columns (a variable bound can name a column the row has)
        w.sort_by_key(|t| t.0);
        let mut items: Vec<Item> = Vec::new();
        for (j, a) in w {
            match items.last_mut() {
                Some(last) if last.col == j => last.w += a,
                _ => items.push(Item {
                    col: j,
                    w: a,
                    flip: false,
                }),
            }
        }
        let mut kept = Vec::new();
        for mut it in items {
            scale = scale.max(it.w.abs());
            if it.w < 0.0 {
                // w x = w - |w| (1 - x)
                cap -= it.w;
                it.w = -it.w;
                it.flip = true;
            }
            if it.w > 0.0 {
                kept.push(it);
            }
        }
        let total: f64 = kept.iter().map(|i| i.w).sum();
        // ten times the acceptance tolerance: a cover is infeasible for any plan
        // `Mip::feasible` accepts
        let margin = 10.0 * ROW_TOL * scale.max(total);
        if kept.len() >= 2 && total > cap + margin {
            out.push(Knapsack {
                items: kept,
                cap,
                margin,
            });
        }
    }
    out
}

/// Variable lower bounds of continuous columns, read from two-column rows
/// `alpha c + beta b <= rhs` with `alpha < 0 < beta`: `c >= k b + c0` with
/// `k = beta / -alpha` and `c0 = rhs / alpha`; the largest `k` per column.
fn variable_lower_bounds(mip: &Mip) -> BTreeMap<usize, Vlb> {
    let mut out: BTreeMap<usize, Vlb> = BTreeMap::new();
    for r in mip.rows.iter().filter(|r| !r.eq && r.cols.len() == 2) {
        for (c, b, alpha, beta) in [
            (r.cols[0], r.cols[1], r.coefs[0], r.coefs[1]),
            (r.cols[1], r.cols[0], r.coefs[1], r.coefs[0]),
        ] {
            if mip.int[c] || !mip.is_binary(b) || alpha >= 0.0 || beta <= 0.0 {
                continue;
            }
            let v = Vlb {
                b,
                k: beta / -alpha,
                c0: r.rhs / alpha,
            };
            let e = out.entry(c).or_insert(v);
            if (v.k, v.c0) > (e.k, e.c0) {
                *e = v;
            }
        }
    }
    out
}

/// A lifted cover inequality the point `x` breaks; `None` when greedy
/// separation finds none.
fn separate(k: &Knapsack, x: &[f64]) -> Option<Cut> {
    let y = |it: &Item| {
        let v = x[it.col].clamp(0.0, 1.0);
        if it.flip {
            1.0 - v
        } else {
            v
        }
    };
    let mut order: Vec<usize> = (0..k.items.len()).collect();
    order.sort_by(|&a, &b| {
        let ka = (1.0 - y(&k.items[a])) / k.items[a].w;
        let kb = (1.0 - y(&k.items[b])) / k.items[b].w;
        ka.total_cmp(&kb).then(a.cmp(&b))
    });
    let need = k.cap + k.margin;
    let mut cover = Vec::new();
    let mut total = 0.0;
    for &i in &order {
        cover.push(i);
        total += k.items[i].w;
        if total > need {
            break;
        }
    }
    if total <= need {
        return None;
    }
    // minimal: drop the items the point uses least while the rest still cover
    let mut by_use = cover.clone();
    by_use.sort_by(|&a, &b| y(&k.items[a]).total_cmp(&y(&k.items[b])).then(a.cmp(&b)));
    for i in by_use {
        if total - k.items[i].w > need {
            total -= k.items[i].w;
            cover.retain(|&c| c != i);
        }
    }
    let size = cover.len();
    let coef = lift(k, &cover, &order_by_use(k, &y));
    let lhs: f64 = (0..k.items.len()).map(|i| coef[i] * y(&k.items[i])).sum();
    if lhs <= (size - 1) as f64 + MIN_VIOLATION {
        return None;
    }
    Some(Cut {
        items: (0..k.items.len())
            .filter(|&i| coef[i] > 0.0)
            .map(|i| (k.items[i], coef[i]))
            .collect(),
        size,
    })
}

/// Items by the point's use, most used first (the order they are lifted in).
fn order_by_use(k: &Knapsack, y: &dyn Fn(&Item) -> f64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..k.items.len()).collect();
    order.sort_by(|&a, &b| y(&k.items[b]).total_cmp(&y(&k.items[a])).then(a.cmp(&b)));
    order
}

/// Sequential up-lifting of the cover inequality `sum_C y <= |C| - 1`: each
/// item outside the cover, in `order`, gets the largest coefficient `alpha`
/// that keeps the inequality valid, `|C| - 1` less the most the items already
/// in it can score within the capacity the item leaves (a table of the least
/// weight per score). Coefficients are whole numbers; 1 on the cover.
fn lift(k: &Knapsack, cover: &[usize], order: &[usize]) -> Vec<f64> {
    let cap = k.cap + k.margin;
    let size = cover.len();
    let mut coef = vec![0.0; k.items.len()];
    // least[v]: the least weight of a set of items in the inequality scoring v
    let mut least = vec![f64::INFINITY; size];
    least[0] = 0.0;
    let add = |least: &mut Vec<f64>, w: f64, a: usize| {
        for v in (a..least.len()).rev() {
            let with = least[v - a] + w;
            if with < least[v] {
                least[v] = with;
            }
        }
    };
    for &i in cover {
        coef[i] = 1.0;
        add(&mut least, k.items[i].w, 1);
    }
    for &j in order.iter().filter(|j| !cover.contains(j)) {
        let room = cap - k.items[j].w;
        let alpha = if room < 0.0 {
            // never 1 in a plan: any coefficient is valid
            size - 1
        } else {
            let best = (0..size).rev().find(|&v| least[v] <= room).unwrap_or(0);
            size - 1 - best
        };
        if alpha > 0 {
            coef[j] = alpha as f64;
            add(&mut least, k.items[j].w, alpha);
        }
    }
    coef
}

/// The cut in the columns `x`.
fn cut_row(cut: &Cut) -> Row {
    let mut rhs = cut.size as f64 - 1.0;
    let mut cols = Vec::new();
    let mut coefs = Vec::new();
    for (it, a) in &cut.items {
        cols.push(it.col);
        if it.flip {
            // a (1 - x)
            coefs.push(-a);
            rhs -= a;
        } else {
            coefs.push(*a);
        }
    }
    Row {
        cols,
        coefs,
        eq: false,
        rhs,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tight::tight_scenario;
    use super::*;
    use crate::model::{build, Restrictions};
    use crate::scenario::Scenario;

    fn mip_of(s: &Scenario) -> Mip {
        Mip::from_model(build(s, &Restrictions::default()))
    }

    /// The most a row's left side reaches over the model's plans (microlp's
    /// branch and bound on the model without cuts), `None` without a plan.
    fn most(s: &Scenario, row: &Row) -> Option<f64> {
        let mut m = mip_of(s);
        m.obj = vec![0.0; m.n()];
        for (c, a) in row.cols.iter().zip(&row.coefs) {
            m.obj[*c] = *a;
        }
        let (p, vars) = m.problem();
        match p.solve() {
            Ok(SolveOutcome::Solution(sol)) => Some(
                row.cols
                    .iter()
                    .zip(&row.coefs)
                    .map(|(c, a)| a * sol.var_value_raw(vars[*c]))
                    .sum(),
            ),
            _ => None,
        }
    }

    /// Every cut holds for every plan: the most its left side reaches over
    /// the model without cuts is within its right-hand side. Each cut broke
    /// the LP point it was separated from, so a cover that is no cover or a
    /// lifting coefficient one too large shows here.
    #[test]
    fn every_cut_holds_for_every_plan() {
        let (mut checked, mut scenarios) = (0, 0);
        for seed in 0..40 {
            let s = tight_scenario(seed);
            let mut m = mip_of(&s);
            let before = m.rows.len();
            m.sparsify();
            add_root_cuts(&mut m, None);
            if m.rows.len() > before {
                scenarios += 1;
            }
            for row in &m.rows[before..] {
                let Some(top) = most(&s, row) else { break };
                assert!(
                    top <= row.rhs + 1e-6 * (1.0 + row.rhs.abs()),
                    "seed {seed}: a cut's left side reaches {top} > {}",
                    row.rhs
                );
                checked += 1;
            }
        }
        assert!(
            checked >= 100 && scenarios >= 20,
            "{checked} cuts on {scenarios} scenarios"
        );
    }

    /// Sparsifying keeps the optimum (the equalities it subtracts hold at every
    /// plan) and removes most nonzeros of the minimum-share rows.
    #[test]
    fn sparsify_keeps_the_optimum_and_drops_nonzeros() {
        let mut compared = 0;
        for seed in 100..130 {
            let s = tight_scenario(seed);
            let plain = mip_of(&s);
            let mut sparse = mip_of(&s);
            let changed = sparse.sparsify();
            let nnz = |m: &Mip| m.rows.iter().map(|r| r.cols.len()).sum::<usize>();
            assert!(changed > 0 && nnz(&sparse) < nnz(&plain), "seed {seed}");
            let opt = |m: &Mip| match m.problem().0.solve() {
                Ok(SolveOutcome::Solution(sol)) => Some(sol.objective()),
                _ => None,
            };
            match (opt(&plain), opt(&sparse)) {
                (Some(a), Some(b)) => {
                    assert!(
                        (a - b).abs() <= 1e-6 * (1.0 + a.abs()),
                        "seed {seed}: {a} vs {b}"
                    );
                    compared += 1;
                }
                (None, None) => {}
                (a, b) => panic!("seed {seed}: {a:?} vs {b:?}"),
            }
        }
        assert!(compared >= 15, "{compared} compared");
    }
}
