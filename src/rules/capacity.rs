//! Capacity: the effort of the tasks a country leads stays within its capacity.
//!
//! Row `Σ_t e_it x_it ≤ K_i` (`docs/src/model.md`, constraint 2), left out where
//! every task together fits. Where a country's efforts are all whole, the row
//! uses the capacity rounded down: every integer plan is kept and the LP
//! relaxation is tighter (hard models only: a relaxed capacity keeps its value).

use good_lp::{constraint, Expression};

use super::tally::over;
use super::words::subject;
use super::words::{country_change, needed, TIGHT};
use super::{
    slack_expr, Allowed, Binding, Breach, Breaches, Change, Family, Limit, PlanView, Rest, Rule,
    Scope, Slack, Tally, Tol,
};
use crate::fmt::fmt_num;
use crate::milp::{Model, Row};
use crate::plan::Plan;
use crate::possessive::possessive;
use crate::scenario::Scenario;

pub(super) struct Capacity;

impl Rule for Capacity {
    fn family(&self) -> Family {
        Family::Capacity
    }

    fn liftable(&self) -> bool {
        true
    }

    /// Every capacity raised above the effort of leading every task.
    fn lift(&self, s: &Scenario) -> Option<Scenario> {
        let total: f64 = (s.tasks.iter())
            .map(|t| t.effort.iter().copied().fold(0.0, f64::max) * t.leads as f64)
            .sum();
        let mut out = s.clone();
        for c in &mut out.countries {
            c.capacity = c.capacity.max(total + 1.0);
        }
        Some(out)
    }

    fn pair(&self, _: &Scenario, _: usize, _: usize) -> Allowed {
        Allowed::Free
    }

    fn define(&self, m: &mut Model, s: &Scenario, slack: &mut Slack) {
        for (i, c) in s.countries.iter().enumerate() {
            let used: Expression = (0..s.tasks.len())
                .filter_map(|t| m.x[t][i].map(|x| s.tasks[t].effort[i] * x.v))
                .sum();
            let total: f64 = s.tasks.iter().map(|t| t.effort[i]).sum();
            if total <= c.capacity {
                continue; // never binding
            }
            let whole = slack.is_none() && s.tasks.iter().all(|t| t.effort[i].fract() == 0.0);
            let cap = if whole {
                c.capacity.floor()
            } else {
                c.capacity
            };
            let sl = slack_expr(m, slack, Limit::Capacity(i), total - c.capacity);
            m.push(Row::Capacity(i), constraint!(used <= cap + sl));
        }
    }

    fn admits(&self, s: &Scenario, tally: &Tally, i: usize, t: usize, _: f64) -> bool {
        tally.used[i] + s.tasks[t].effort[i] <= tally.capacity[i]
    }

    /// The tasks left that must be led take more effort, at least, than every
    /// country has left (whole where its efforts are whole).
    fn rest_cut(&self, tally: &Tally, rest: &Rest) -> bool {
        let Some((_, effort)) = rest.must else {
            return false;
        };
        let mut spare = 0.0;
        for (i, &cap) in tally.capacity.iter().enumerate() {
            let left = (cap - tally.used[i]).max(0.0);
            spare += if tally.whole[i] { left.floor() } else { left };
        }
        over(effort, Tol::Proof.widen(spare))
    }

    fn breaches(&self, s: &Scenario, tally: &Tally, _: &PlanView, out: &mut Breaches) {
        for (i, c) in s.countries.iter().enumerate() {
            let used = tally.used[i];
            if over(used, tally.capacity[i]) {
                let sentence = format!(
                    "{} uses {} of its capacity {} (over by {})",
                    c.name,
                    fmt_num(used),
                    fmt_num(c.capacity),
                    fmt_num(used - c.capacity)
                );
                let b = Breach::new(Family::Capacity, sentence).country(&c.id);
                if !out.push(b.amounts(used, c.capacity)) {
                    return;
                }
            }
        }
    }

    fn binding(&self, s: &Scenario, plan: &Plan, scope: Scope, out: &mut Vec<Binding>) {
        let Scope::Country(i) = scope else { return };
        let c = &s.countries[i];
        let used = plan.effort_used(s, i);
        if used >= c.capacity - TIGHT && used > 0.0 {
            let detail = format!(
                "{} uses all its capacity ({} of {})",
                subject(&c.name),
                fmt_num(used),
                fmt_num(c.capacity)
            );
            out.push(Binding::of(Family::Capacity, &c.id, detail));
        }
    }

    fn target(&self, s: &Scenario, limit: Limit, slack: f64) -> f64 {
        let Limit::Capacity(i) = limit else {
            unreachable!("a capacity limit")
        };
        needed(s.countries[i].capacity + slack, true)
    }

    fn describe(&self, s: &Scenario, limit: Limit, to: f64) -> Change {
        let Limit::Capacity(i) = limit else {
            unreachable!("a capacity limit")
        };
        let c = &s.countries[i];
        let sentence = format!(
            "{} capacity must rise from {} to {}",
            possessive(&c.name),
            fmt_num(c.capacity),
            fmt_num(to)
        );
        country_change(Family::Capacity, &c.id, c.capacity, to, sentence)
    }

    fn apply(&self, s: &mut Scenario, c: &Change, i: Option<usize>, _: Option<usize>) {
        if let (Some(i), Some(to)) = (i, c.to) {
            s.countries[i].capacity = to;
        }
    }

    /// The efforts (capacities themselves are keyed by the shared listing,
    /// which filters patterns by each run's capacity: `optimize::patterns_shape`).
    fn shape_key(&self, s: &Scenario, out: &mut Vec<u64>) {
        for task in &s.tasks {
            out.extend(task.effort.iter().map(|e| e.to_bits()));
        }
    }
}
