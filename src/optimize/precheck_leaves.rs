//! The certificate's search asking a question at its leaves, over the whole
//! tree or below the points a proof reopens (see `precheck_proof`).

use super::{Cut, Scenario, Search, Verdict};

/// A question about each complete pattern (leads per task) that meets every
/// necessary condition: `Feasible` ends the search with it, `Infeasible`
/// rejects it and goes on, `GaveUp` ends the search undecided.
pub(in super::super) type Leaf<'a> = &'a mut dyn FnMut(&[Vec<usize>]) -> Verdict;

/// As `proves_infeasible`, but a pattern counts only when `leaf` accepts it:
/// `Feasible` when one does, `Infeasible` when the search visited every
/// pattern and none did. With `reopened`, only below those points: the caller
/// holds a proof that the rest of the tree has no pattern.
pub(in super::super) fn search_leaves(
    s: &Scenario,
    leaf: Leaf,
    reopened: Option<&[&Cut]>,
) -> Verdict {
    let Some(mut search) = Search::new(s) else {
        return Verdict::Infeasible;
    };
    search.leaf = Some(leaf);
    let Some(points) = reopened else {
        return search.run();
    };
    if search.run_would_give_up() {
        return Verdict::GaveUp;
    }
    for cut in points {
        match search.reopen(cut) {
            Verdict::Infeasible => {}
            v => return v,
        }
    }
    Verdict::Infeasible
}

impl Search<'_> {
    fn run_would_give_up(&self) -> bool {
        self.nodes >= super::MAX_NODES
    }

    /// The search below one reopened point: the path's lead sets applied as
    /// the proof's search applied them, then the node, or the lead set cut.
    fn reopen(&mut self, cut: &Cut) -> Verdict {
        if cut.path.len() > self.order.len() {
            return Verdict::GaveUp; // not a point of this search: let the MILP decide
        }
        for (k, &j) in cut.path.iter().enumerate() {
            self.apply(self.order[k], j, 1);
            self.pick.push(j);
        }
        let k = cut.path.len();
        let v = match cut.set {
            None => self.dive(k),
            Some(j) if k < self.order.len() && j < self.sets[self.order[k]].len() => {
                self.nodes += 1;
                let t = self.order[k];
                if self.set_cut(t, j) != 0 {
                    Verdict::Infeasible
                } else {
                    self.apply(t, j, 1);
                    self.pick.push(j);
                    let v = self.dive(k + 1);
                    self.pick.pop();
                    self.apply(t, j, -1);
                    v
                }
            }
            Some(_) => Verdict::GaveUp,
        };
        for (k, &j) in cut.path.iter().enumerate().rev() {
            self.pick.pop();
            self.apply(self.order[k], j, -1);
        }
        v
    }

    /// The leaf question's answer about the pattern picked (`Feasible` without one).
    pub(super) fn ask_leaf(&mut self) -> Verdict {
        let Some(leaf) = self.leaf.as_mut() else {
            return Verdict::Feasible;
        };
        let mut leads = vec![Vec::new(); self.order.len()];
        for (&t, &j) in self.order.iter().zip(&self.pick) {
            leads[t].clone_from(&self.sets[t][j].leads);
        }
        leaf(&leads)
    }
}
