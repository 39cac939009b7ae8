//! The 0-1 knapsack of one knapsack row, by dynamic programming over whole
//! weights, with what the Lagrangian fixing needs: the best value when one
//! item is forced in or out, from a prefix and a suffix table (Martello and
//! Toth's exact fixing test, in O(capacity) per item).

/// One solved knapsack: tables kept for backtracking and fixing queries.
pub(crate) struct Knap {
    cap: usize,
    w: Vec<usize>,
    p: Vec<f64>,
    /// `pre[k * (cap + 1) + c]`: best value of items `0..k` within weight `c`.
    pre: Vec<f64>,
    /// `suf[k * (cap + 1) + c]`: best value of items `k..` within weight `c`
    /// (filled only by [`Knap::with_suffix`]).
    suf: Vec<f64>,
}

impl Knap {
    /// Solves the knapsack of items `(weight, profit)` (profits positive,
    /// weights at most `cap`) within capacity `cap`.
    pub fn solve(items: &[(usize, f64)], cap: usize) -> Knap {
        let width = cap + 1;
        let mut pre = vec![0.0f64; (items.len() + 1) * width];
        for (k, &(w, p)) in items.iter().enumerate() {
            let (done, next) = pre.split_at_mut((k + 1) * width);
            let prev = &done[k * width..];
            let next = &mut next[..width];
            next[..w].copy_from_slice(&prev[..w]);
            for c in w..width {
                next[c] = prev[c].max(prev[c - w] + p);
            }
        }
        Knap {
            cap,
            w: items.iter().map(|i| i.0).collect(),
            p: items.iter().map(|i| i.1).collect(),
            pre,
            suf: Vec::new(),
        }
    }

    /// Adds the suffix table for [`Knap::forced`].
    pub fn with_suffix(mut self) -> Knap {
        let (n, width) = (self.w.len(), self.cap + 1);
        let mut suf = vec![0.0f64; (n + 1) * width];
        for k in (0..n).rev() {
            let (head, tail) = suf.split_at_mut((k + 1) * width);
            let next = &tail[..width];
            let here = &mut head[k * width..];
            let (w, p) = (self.w[k], self.p[k]);
            here[..w].copy_from_slice(&next[..w]);
            for c in w..width {
                here[c] = next[c].max(next[c - w] + p);
            }
        }
        self.suf = suf;
        self
    }

    /// The optimum.
    pub fn value(&self) -> f64 {
        self.at(self.w.len(), self.cap)
    }

    /// The optimum within a smaller capacity `c` (`-inf` when negative).
    pub fn value_within(&self, c: i64) -> f64 {
        if c < 0 {
            f64::NEG_INFINITY
        } else {
            self.at(self.w.len(), (c as usize).min(self.cap))
        }
    }

    fn at(&self, k: usize, c: usize) -> f64 {
        self.pre[k * (self.cap + 1) + c]
    }

    /// Which items an optimum takes.
    pub fn chosen(&self) -> Vec<bool> {
        let mut take = vec![false; self.w.len()];
        let mut c = self.cap;
        for k in (0..self.w.len()).rev() {
            if self.at(k + 1, c) != self.at(k, c) {
                take[k] = true;
                c -= self.w[k];
            }
        }
        take
    }

    /// The optimum with item `k` forced in (`take`) or out (needs the suffix).
    pub fn forced(&self, k: usize, take: bool) -> f64 {
        let width = self.cap + 1;
        let (room, gain) = if take {
            (self.cap - self.w[k], self.p[k])
        } else {
            (self.cap, 0.0)
        };
        let pre = &self.pre[k * width..k * width + width];
        let suf = &self.suf[(k + 1) * width..(k + 1) * width + width];
        let best = (0..=room)
            .map(|c| pre[c] + suf[room - c])
            .fold(f64::NEG_INFINITY, f64::max);
        gain + best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every subset of a few items, the oracle for the tables.
    fn brute(items: &[(usize, f64)], cap: usize, forced: Option<(usize, bool)>) -> f64 {
        let mut best = f64::NEG_INFINITY;
        for mask in 0u32..1 << items.len() {
            let has = |k: usize| mask >> k & 1 == 1;
            if forced.is_some_and(|(k, t)| has(k) != t) {
                continue;
            }
            let w: usize = (0..items.len())
                .filter(|&k| has(k))
                .map(|k| items[k].0)
                .sum();
            if w <= cap {
                let p: f64 = (0..items.len())
                    .filter(|&k| has(k))
                    .map(|k| items[k].1)
                    .sum();
                best = best.max(p);
            }
        }
        best
    }

    /// The optimum, the chosen items and every forced value agree with brute
    /// force on small pseudo-random knapsacks (weights 0 included).
    #[test]
    fn knapsack_tables_agree_with_brute_force() {
        let mut s = 7u64;
        let mut next = |m: u64| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (s >> 33) % m
        };
        for _ in 0..300 {
            let n = 1 + next(7) as usize;
            let cap = next(20) as usize;
            let items: Vec<(usize, f64)> = (0..n)
                .map(|_| ((next(9) as usize).min(cap), 1.0 + next(30) as f64))
                .collect();
            let k = Knap::solve(&items, cap).with_suffix();
            assert_eq!(k.value(), brute(&items, cap, None));
            let take = k.chosen();
            let w: usize = (0..n).filter(|&i| take[i]).map(|i| items[i].0).sum();
            let p: f64 = (0..n).filter(|&i| take[i]).map(|i| items[i].1).sum();
            assert!(w <= cap);
            assert_eq!(p, k.value());
            for i in 0..n {
                for t in [true, false] {
                    assert_eq!(
                        k.forced(i, t),
                        brute(&items, cap, Some((i, t))),
                        "{items:?} {cap} {i} {t}"
                    );
                }
            }
        }
    }
}
