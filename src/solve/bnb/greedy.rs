//! A plan before the search, for a cutoff from the first node: the model's
//! assignment rows (`Σ x = k` over binary columns with unit coefficients, one
//! per task) are filled greedily, the task with the largest regret (best
//! minus runner-up objective coefficient) first, each with its best columns
//! that keep every knapsack row (non-negative coefficients, `<=`: capacities,
//! budgets, lead limits) within its right-hand side. The result is only a
//! hint: the search fixes these columns, completes the rest by LP, and keeps
//! the plan only if it is integral and meets every row; else it is dropped.

use super::mip::Mip;

/// Columns and values of a greedy assignment, or `None` when the model has
/// no assignment rows or the greedy pass gets stuck.
pub(super) fn hint(mip: &Mip) -> Option<Vec<(usize, f64)>> {
    let tasks = assignment_rows(mip)?;
    let mut g = Greedy::new(mip);
    for (cols, _) in &tasks {
        for &c in cols.iter().filter(|&&c| mip.lo[c] >= 1.0) {
            g.take(c); // pins first, whatever they use
        }
    }
    let mut left: Vec<usize> = (0..tasks.len()).collect();
    while !left.is_empty() {
        // The task that loses most if it waits: the largest gap between its
        // best and runner-up column among those that still fit.
        let mut pick: Option<(usize, f64, usize)> = None;
        for (k, &t) in left.iter().enumerate() {
            let (need, have) = (tasks[t].1, g.count(&tasks[t].0));
            if have >= need {
                pick = Some((k, f64::INFINITY, usize::MAX));
                break;
            }
            let (best, regret) = g.best_two(&tasks[t].0)?;
            if pick.is_none_or(|p| regret > p.1) {
                pick = Some((k, regret, best));
            }
        }
        let (k, _, col) = pick?;
        if col == usize::MAX {
            left.swap_remove(k);
            continue;
        }
        g.take(col);
    }
    let cols = tasks.iter().flat_map(|t| t.0.iter().copied());
    Some(cols.map(|c| (c, g.x[c])).collect())
}

/// The greedy pass's state: chosen columns and the load of each knapsack row.
struct Greedy<'a> {
    mip: &'a Mip,
    rows: Vec<usize>,
    use_of: Vec<Vec<(usize, f64)>>,
    load: Vec<f64>,
    x: Vec<f64>,
}

impl<'a> Greedy<'a> {
    fn new(mip: &'a Mip) -> Self {
        let rows: Vec<usize> = (0..mip.rows.len())
            .filter(|&r| is_knapsack(mip, r))
            .collect();
        let mut use_of = vec![Vec::new(); mip.n()];
        for (k, &r) in rows.iter().enumerate() {
            for (c, a) in mip.rows[r].cols.iter().zip(&mip.rows[r].coefs) {
                use_of[*c].push((k, *a));
            }
        }
        let load = vec![0.0; rows.len()];
        Greedy {
            mip,
            rows,
            use_of,
            load,
            x: vec![0.0; mip.n()],
        }
    }

    fn fits(&self, c: usize) -> bool {
        self.x[c] == 0.0
            && self.mip.hi[c] >= 1.0
            && self.use_of[c]
                .iter()
                .all(|&(k, a)| self.load[k] + a <= self.mip.rows[self.rows[k]].rhs + 1e-9)
    }

    fn take(&mut self, c: usize) {
        self.x[c] = 1.0;
        for &(k, a) in &self.use_of[c] {
            self.load[k] += a;
        }
    }

    fn count(&self, cols: &[usize]) -> usize {
        cols.iter().filter(|&&c| self.x[c] == 1.0).count()
    }

    /// The best column that fits and its lead over the runner-up (infinite
    /// when it is the only one); `None` when none fits.
    fn best_two(&self, cols: &[usize]) -> Option<(usize, f64)> {
        let mut best: Option<usize> = None;
        let mut second = f64::NEG_INFINITY;
        for &c in cols.iter().filter(|&&c| self.fits(c)) {
            let v = self.mip.obj[c];
            match best {
                Some(b) if v <= self.mip.obj[b] => second = second.max(v),
                Some(b) => {
                    second = self.mip.obj[b];
                    best = Some(c);
                }
                None => best = Some(c),
            }
        }
        best.map(|b| (b, self.mip.obj[b] - second))
    }
}

/// Each assignment row as (its columns, how many must be 1); `None` unless
/// every such row is disjoint from the others and at least one exists.
fn assignment_rows(mip: &Mip) -> Option<Vec<(Vec<usize>, usize)>> {
    let mut seen = vec![false; mip.n()];
    let mut tasks = Vec::new();
    for r in mip.rows.iter().filter(|r| r.eq && !r.cols.is_empty()) {
        let binary = |c: usize| mip.int[c] && mip.lo[c] >= 0.0 && mip.hi[c] <= 1.0;
        let unit = r.coefs.iter().all(|a| *a == 1.0) && r.cols.iter().all(|&c| binary(c));
        if !unit || r.rhs < 1.0 || r.rhs.fract() != 0.0 {
            continue;
        }
        if r.cols
            .iter()
            .any(|&c| std::mem::replace(&mut seen[c], true))
        {
            return None;
        }
        tasks.push((r.cols.clone(), r.rhs as usize));
    }
    (!tasks.is_empty()).then_some(tasks)
}

fn is_knapsack(mip: &Mip, r: usize) -> bool {
    let row = &mip.rows[r];
    !row.eq && row.coefs.iter().all(|a| *a >= 0.0)
}
