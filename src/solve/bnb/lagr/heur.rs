//! Plans for the incumbent: Martello and Toth's MTHG (tasks in order of
//! regret, each to its most desirable column that still fits), started from
//! the columns a Lagrangian solution already chose, then improved by moving a
//! task to a better column that fits. Only plans that meet every row come out.

use super::bound::FREE;
use super::shape::Gap;

/// A plan completing the node `fix` from the columns `seed` proposes, with
/// `desire` ranking the columns; `None` when the pass gets stuck.
pub(crate) fn complete(gap: &Gap, fix: &[i8], seed: &[bool], desire: &[f64]) -> Option<Vec<bool>> {
    let mut s = State::new(gap, fix);
    let mut order: Vec<usize> = (0..gap.n())
        .filter(|&j| seed[j] && fix[j] == FREE)
        .collect();
    order.sort_by(|&a, &b| desire[b].total_cmp(&desire[a]).then(a.cmp(&b)));
    for j in order {
        if s.fits(j) {
            s.take(j);
        }
    }
    s.fill(desire)?;
    s.improve();
    Some(s.x)
}

struct State<'a> {
    gap: &'a Gap,
    fix: &'a [i8],
    x: Vec<bool>,
    load: Vec<i64>,
    count: Vec<i64>,
}

impl<'a> State<'a> {
    fn new(gap: &'a Gap, fix: &'a [i8]) -> Self {
        let mut s = State {
            gap,
            fix,
            x: vec![false; gap.n()],
            load: vec![0; gap.agents.len()],
            count: vec![0; gap.tasks.len()],
        };
        for j in (0..gap.n()).filter(|&j| fix[j] == 1) {
            s.take(j);
        }
        s
    }

    fn room(&self, j: usize) -> i64 {
        let a = self.gap.agent_of[j];
        if a + 1 == self.gap.agents.len() {
            i64::MAX // the columns in no knapsack row
        } else {
            self.gap.agents[a].1 - self.load[a]
        }
    }

    fn fits(&self, j: usize) -> bool {
        let t = self.gap.task_of[j];
        !self.x[j]
            && self.fix[j] == FREE
            && self.count[t] < self.gap.tasks[t].1
            && self.gap.weight[j] <= self.room(j)
    }

    fn take(&mut self, j: usize) {
        self.x[j] = true;
        self.load[self.gap.agent_of[j]] += self.gap.weight[j];
        self.count[self.gap.task_of[j]] += 1;
    }

    fn drop(&mut self, j: usize) {
        self.x[j] = false;
        self.load[self.gap.agent_of[j]] -= self.gap.weight[j];
        self.count[self.gap.task_of[j]] -= 1;
    }

    /// MTHG: while a task lacks leads, the one whose best fitting column
    /// leads its runner-up by most takes its best.
    fn fill(&mut self, desire: &[f64]) -> Option<()> {
        loop {
            let mut pick: Option<(f64, usize)> = None;
            for (t, (cols, k)) in self.gap.tasks.iter().enumerate() {
                if self.count[t] >= *k {
                    continue;
                }
                let (mut best, mut second) = (None::<usize>, f64::NEG_INFINITY);
                for &j in cols.iter().filter(|&&j| self.fits(j)) {
                    match best {
                        Some(b) if desire[j] <= desire[b] => second = second.max(desire[j]),
                        Some(b) => {
                            second = desire[b];
                            best = Some(j);
                        }
                        None => best = Some(j),
                    }
                }
                let b = best?;
                let regret = desire[b] - second;
                if pick.is_none_or(|p| regret > p.0) {
                    pick = Some((regret, b));
                }
            }
            match pick {
                Some((_, j)) => self.take(j),
                None => return Some(()),
            }
        }
    }

    /// Moves a task's lead to a more profitable column of the same task that
    /// fits, while one exists (first improvement, at most a few passes).
    fn improve(&mut self) {
        for _ in 0..5 {
            let mut moved = false;
            for j in 0..self.gap.n() {
                if !self.x[j] || self.fix[j] != FREE {
                    continue;
                }
                self.drop(j);
                let t = self.gap.task_of[j];
                let better = self.gap.tasks[t]
                    .0
                    .iter()
                    .copied()
                    .filter(|&c| c != j && self.fits(c))
                    .max_by(|&a, &b| {
                        self.gap.profit[a]
                            .total_cmp(&self.gap.profit[b])
                            .then(b.cmp(&a))
                    });
                match better {
                    Some(c) if self.gap.profit[c] > self.gap.profit[j] => {
                        self.take(c);
                        moved = true;
                    }
                    _ => self.take(j),
                }
            }
            if !moved {
                return;
            }
        }
    }
}
