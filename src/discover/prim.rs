//! PRIM, the patient rule induction method, on a table of runs.
//!
//! Friedman and Fisher (1999) as used for scenario discovery by Bryant and
//! Lempert (2010), with the semantics of the EMA Workbench
//! (`ema_workbench/analysis/prim.py`, class `Prim`): each peel removes the
//! `peel_alpha` quantile of one parameter at its lower or upper end (the
//! workbench's `get_quantile`, ties resolved the same way), integer parameters
//! peel to the next value present, categorical ones drop one category; the peel
//! kept is the one with the best "lenient 1" objective (gain in density per run
//! removed; ties go to the box restricting fewer parameters, then to the first
//! candidate). Peeling stops when no peel gains or the box would fall below
//! `mass_min`. Pasting then widens restricted limits by `paste_alpha` while that
//! raises the density. Every box on the way is one point of the trajectory.
//!
//! Speed, not semantics, differs: each parameter's in-box values are kept
//! sorted with running sums of the target, so a candidate costs one binary
//! search instead of a pass over the runs, and parameters are scored in
//! parallel (results collected in parameter order, so any thread count gives
//! the same boxes).

use rayon::prelude::*;

use super::limits::{quantile, quantile_by, Kind, Limit, Table};

/// PRIM's tuning, as in the workbench.
#[derive(Clone, Copy, Debug)]
pub struct Tuning {
    /// Share of a box's runs one peel removes (workbench default 0.05).
    pub peel_alpha: f64,
    /// Share one paste adds (workbench default 0.05).
    pub paste_alpha: f64,
    /// Smallest share of all runs a box may hold (workbench default 0.05).
    pub mass_min: f64,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            peel_alpha: 0.05,
            paste_alpha: 0.05,
            mass_min: 0.05,
        }
    }
}

/// One box on a peeling trajectory.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Runs in the box.
    pub n: usize,
    /// Cases of interest in the box.
    pub k: usize,
    /// Share of all cases of interest that lie in the box.
    pub coverage: f64,
    /// Share of the box's runs that are cases of interest.
    pub density: f64,
    /// Share of all runs in the box.
    pub mass: f64,
    /// Number of restricted parameters.
    pub restricted: usize,
    /// The limits, one per parameter.
    pub limits: Vec<Limit>,
}

/// A candidate box: which runs it keeps (count, cases) and its limits.
struct Candidate {
    col: usize,
    limit: Limit,
    n: usize,
    k: usize,
    obj: f64,
    free: usize,
}

/// The workbench's default objective: gain in mean per run removed or added.
fn lenient1(n_old: usize, k_old: usize, n_new: usize, k_new: usize) -> f64 {
    let old = k_old as f64 / n_old.max(1) as f64;
    let new = if n_new == 0 {
        0.0
    } else {
        k_new as f64 / n_new as f64
    };
    if old == new || n_old == n_new {
        0.0
    } else {
        (new - old) / n_old.abs_diff(n_new) as f64
    }
}

/// The peeling trajectory of one box over the runs `rows` (then pasting).
pub fn trajectory(t: &Table, rows: &[usize], tune: &Tuning) -> Vec<Step> {
    let mut lims = t.init.clone();
    let mut box_rows: Vec<usize> = rows.to_vec();
    let mut steps = vec![step(t, &box_rows, &lims)];
    // Row numbers as u32 (a sweep has at most 10 million runs): half the
    // memory to sort, filter and search at every peel.
    let mut sorted: Vec<Vec<u32>> = (0..t.cols.len())
        .into_par_iter()
        .map(|j| sorted_by(&t.cols[j].values, &box_rows))
        .collect();
    let mut inbox = vec![false; t.y.len()];
    for &r in &box_rows {
        inbox[r] = true;
    }
    while let Some(c) = best_peel(t, &sorted, &lims, box_rows.len(), tune) {
        lims[c.col] = c.limit;
        box_rows.retain(|&r| {
            let keep = t.within(c.col, r, &lims[c.col]);
            inbox[r] = keep;
            keep
        });
        sorted
            .par_iter_mut()
            .for_each(|s| s.retain(|&r| inbox[r as usize]));
        steps.push(step(t, &box_rows, &lims));
    }
    paste(t, rows, &mut lims, &mut box_rows, tune, &mut steps);
    steps
}

/// `rows` (ascending) sorted by `values`, ties kept in row order: what a
/// stable sort by [`f64::total_cmp`] gives, from one sort of plain integer
/// keys (the value's bits in total order, then the row) instead of a
/// comparison that looks both values up.
fn sorted_by(values: &[f64], rows: &[usize]) -> Vec<u32> {
    let key = |v: f64| {
        let b = v.to_bits() as i64;
        b ^ ((((b >> 63) as u64) >> 1) as i64)
    };
    let mut keyed: Vec<(i64, u32)> = rows.iter().map(|&r| (key(values[r]), r as u32)).collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, r)| r).collect()
}

/// The trajectory point of a box.
pub(super) fn step(t: &Table, box_rows: &[usize], lims: &[Limit]) -> Step {
    let n = box_rows.len();
    let k = box_rows.iter().filter(|&&r| t.y[r]).count();
    Step {
        n,
        k,
        coverage: k as f64 / t.cases.max(1) as f64,
        density: if n == 0 { 0.0 } else { k as f64 / n as f64 },
        mass: n as f64 / t.y.len() as f64,
        restricted: t.restricted(lims),
        limits: lims.to_vec(),
    }
}

/// The best peel, if one passes the workbench's tests.
fn best_peel(
    t: &Table,
    sorted: &[Vec<u32>],
    lims: &[Limit],
    n_old: usize,
    tune: &Tuning,
) -> Option<Candidate> {
    let k_old = sorted[0].iter().filter(|&&r| t.y[r as usize]).count();
    let restricted = t.restricted(lims);
    let per_col: Vec<Vec<Candidate>> = t
        .order
        .par_iter()
        .map(|&j| {
            let mut cands = peels(t, j, &sorted[j], &lims[j], k_old, tune.peel_alpha);
            for c in &mut cands {
                c.obj = lenient1(n_old, k_old, c.n, c.k);
                let was = t.init[j] != lims[j];
                let now = t.init[j] != c.limit;
                c.free = t.cols.len() - (restricted - was as usize + now as usize);
            }
            cands
        })
        .collect();
    let best = pick(per_col.into_iter().flatten())?;
    let mass_new = best.n as f64 / t.y.len() as f64;
    let mass_old = n_old as f64 / t.y.len() as f64;
    (mass_new >= tune.mass_min && mass_new < mass_old && best.obj > 0.0).then_some(best)
}

/// The first candidate with the highest (objective, unrestricted parameters).
fn pick(cands: impl Iterator<Item = Candidate>) -> Option<Candidate> {
    let mut best: Option<Candidate> = None;
    for c in cands {
        let better = best
            .as_ref()
            .is_none_or(|b| c.obj > b.obj || (c.obj == b.obj && c.free > b.free));
        if better {
            best = Some(c);
        }
    }
    best
}

/// Candidate peels of column `j` (upper first, as the workbench lists them).
fn peels(
    t: &Table,
    j: usize,
    rows: &[u32],
    lim: &Limit,
    k_box: usize,
    alpha: f64,
) -> Vec<Candidate> {
    let col = &t.cols[j];
    let m = rows.len();
    if m == 0 {
        return Vec::new();
    }
    // `rows` is sorted by this column: read values and counts in place (no
    // copy per candidate: a peel step on 100,000 runs x 42 parameters would
    // otherwise allocate and fault in tens of megabytes).
    let val = |i: usize| col.values[rows[i] as usize];
    let below =
        |pred: &dyn Fn(f64) -> bool| rows.partition_point(|&r| pred(col.values[r as usize]));
    let cases = |lo: usize, hi: usize| rows[lo..hi].iter().filter(|&&r| t.y[r as usize]).count();
    // A peel keeps a prefix or a suffix of `rows`: count the cases in the
    // few runs it removes, not in the many it keeps.
    let cand = |limit: Limit, lo: usize, hi: usize| Candidate {
        col: j,
        limit,
        n: hi - lo,
        k: k_box - cases(0, lo) - cases(hi, m),
        obj: 0.0,
        free: 0,
    };
    match (col.kind, lim) {
        (Kind::Real, Limit::Range(lo, hi)) => {
            let qu = quantile_by(m, val, 1.0 - alpha);
            let iu = below(&|v| v <= qu);
            let ql = quantile_by(m, val, alpha);
            let il = below(&|v| v < ql);
            vec![
                cand(Limit::Range(*lo, qu), 0, iu),
                cand(Limit::Range(ql, *hi), il, m),
            ]
        }
        (Kind::Integer, Limit::Range(lo, hi)) => {
            let qu = quantile_by(m, val, 1.0 - alpha).trunc();
            let iu = if qu == *hi {
                below(&|v| v < *hi)
            } else {
                below(&|v| v <= qu)
            };
            let new_hi = if iu > 0 { val(iu - 1) } else { val(m - 1) };
            let ql = quantile_by(m, val, alpha).trunc();
            let il = if ql == *lo {
                below(&|v| v <= *lo)
            } else {
                below(&|v| v < ql)
            };
            let new_lo = if il < m { val(il) } else { val(0) };
            vec![
                cand(Limit::Range(*lo, new_hi), 0, iu),
                cand(Limit::Range(new_lo, *hi), il, m),
            ]
        }
        (Kind::Categorical, Limit::Levels(set)) if set.count_ones() > 1 => {
            categorical_peels(t, j, rows, *set, k_box)
        }
        _ => Vec::new(),
    }
}

/// Dropping each category still in the box.
fn categorical_peels(t: &Table, j: usize, rows: &[u32], set: u64, k: usize) -> Vec<Candidate> {
    let col = &t.cols[j];
    let mut n_of = vec![0usize; col.levels.len()];
    let mut k_of = vec![0usize; col.levels.len()];
    for r in rows.iter().map(|&r| r as usize) {
        let l = col.level_of(col.values[r]);
        n_of[l] += 1;
        k_of[l] += t.y[r] as usize;
    }
    (0..col.levels.len())
        .filter(|&l| set & (1 << l) != 0)
        .map(|l| Candidate {
            col: j,
            limit: Limit::Levels(set & !(1 << l)),
            n: rows.len() - n_of[l],
            k: k - k_of[l],
            obj: 0.0,
            free: 0,
        })
        .collect()
}

/// Pasting: widen one restricted limit at a time while the density rises.
fn paste(
    t: &Table,
    rows: &[usize],
    lims: &mut [Limit],
    box_rows: &mut Vec<usize>,
    tune: &Tuning,
    steps: &mut Vec<Step>,
) {
    loop {
        let n_old = box_rows.len();
        let k_old = box_rows.iter().filter(|&&r| t.y[r]).count();
        let cands = t
            .order
            .iter()
            .filter(|&&j| t.init[j] != lims[j])
            .flat_map(|&j| pastes(t, rows, lims, j, tune.paste_alpha));
        let scored = cands.map(|(j, limit)| {
            let mut trial = lims.to_vec();
            trial[j] = limit.clone();
            let (n, k) = t.count(rows, &trial);
            let free = t.cols.len() - t.restricted(&trial);
            let obj = lenient1(n_old, k_old, n, k);
            Candidate {
                col: j,
                limit,
                n,
                k,
                obj,
                free,
            }
        });
        let Some(best) = pick(scored) else { return };
        let total = t.y.len() as f64;
        let (mass_new, mass_old) = (best.n as f64 / total, n_old as f64 / total);
        let gain = best.k as f64 / best.n.max(1) as f64 > k_old as f64 / n_old.max(1) as f64;
        if !(mass_new >= tune.mass_min && mass_new > mass_old && best.obj > 0.0 && gain) {
            return;
        }
        lims[best.col] = best.limit;
        *box_rows = rows
            .iter()
            .copied()
            .filter(|&r| t.inside(r, lims))
            .collect();
        steps.push(step(t, box_rows, lims));
    }
}

/// Candidate pastes of restricted column `j`: lower then upper, or each category left out.
fn pastes(t: &Table, rows: &[usize], lims: &[Limit], j: usize, alpha: f64) -> Vec<(usize, Limit)> {
    match (&lims[j], &t.init[j]) {
        (Limit::Range(lo, hi), Limit::Range(min, max)) => {
            let int = t.cols[j].kind == Kind::Integer;
            let side = |from: f64, to: f64, q: f64, default: f64| {
                let mut probe = lims.to_vec();
                probe[j] = Limit::Range(from, to);
                let mut data: Vec<f64> = rows
                    .iter()
                    .filter(|&&r| t.inside(r, &probe))
                    .map(|&r| t.cols[j].values[r])
                    .collect();
                data.sort_by(f64::total_cmp);
                let v = if data.is_empty() {
                    default
                } else {
                    quantile(&data, q)
                };
                if int {
                    v.trunc()
                } else {
                    v
                }
            };
            let new_lo = side(*min, *lo, 1.0 - alpha, *min);
            let new_hi = side(*hi, *max, alpha, *max);
            vec![
                (j, Limit::Range(new_lo, *hi)),
                (j, Limit::Range(*lo, new_hi)),
            ]
        }
        (Limit::Levels(set), Limit::Levels(all)) => (0..64)
            .filter(|l| all & !set & (1u64 << l) != 0)
            .map(|l| (j, Limit::Levels(set | (1u64 << l))))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::sorted_by;

    #[test]
    fn integer_keys_sort_rows_as_a_stable_sort_by_total_order_does() {
        let values = [
            0.5,
            -1.0,
            0.0,
            -0.0,
            2.0,
            0.5,
            -1.0,
            f64::INFINITY,
            -3.5,
            1e-300,
            -1e-300,
            0.5,
        ];
        let rows: Vec<usize> = (0..values.len()).filter(|r| r % 5 != 3).collect();
        let mut want = rows.clone();
        want.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
        let got: Vec<usize> = sorted_by(&values, &rows)
            .into_iter()
            .map(|r| r as usize)
            .collect();
        assert_eq!(got, want);
    }
}
