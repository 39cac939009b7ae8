//! Maximum leads: each country leads at most its maximum number of tasks (its
//! own `max_leads`, else the policy's `max_leads_per_country`).
//!
//! Row `Σ_t x_it ≤ M_i` (`docs/src/model.md`, constraint 3), only where the
//! maximum is below the number of tasks.

use good_lp::constraint;

use super::words::subject;
use super::words::{country_change, tasks};
use super::{
    slack_expr, Allowed, Binding, Breach, Breaches, Change, Family, Limit, PlanView, Rest, Rule,
    Scope, Slack, Tally,
};
use crate::fmt::{fmt_num, plural};
use crate::milp::{Model, Row};
use crate::plan::Plan;
use crate::possessive::possessive;
use crate::scenario::Scenario;

pub(super) struct MaxLeads;

impl Rule for MaxLeads {
    fn family(&self) -> Family {
        Family::MaxLeads
    }

    fn liftable(&self) -> bool {
        true
    }

    fn lift(&self, s: &Scenario) -> Option<Scenario> {
        if (0..s.countries.len()).all(|i| s.max_leads_of(i).is_none()) {
            return None;
        }
        let mut out = s.clone();
        out.policy.max_leads = None;
        out.countries.iter_mut().for_each(|c| c.max_leads = None);
        Some(out)
    }

    fn pair(&self, _: &Scenario, _: usize, _: usize) -> Allowed {
        Allowed::Free
    }

    fn define(&self, m: &mut Model, s: &Scenario, slack: &mut Slack) {
        for i in 0..s.countries.len() {
            self.define_country(m, s, i, slack);
        }
    }

    fn define_country(&self, m: &mut Model, s: &Scenario, i: usize, slack: &mut Slack) {
        let n = s.tasks.len();
        if let Some(hi) = s.max_leads_of(i).filter(|hi| *hi < n) {
            let sum = m.leads_of(i, 0..n);
            let sl = slack_expr(m, slack, Limit::MaxLeads(i), (n - hi) as f64);
            m.push(Row::MaxLeads(i), constraint!(sum <= hi as f64 + sl));
        }
    }

    fn admits(&self, _: &Scenario, tally: &Tally, i: usize, _: usize, _: f64) -> bool {
        tally.max_leads[i].is_none_or(|hi| tally.led[i] < hi)
    }

    /// The tasks left that must be led need more lead slots than the
    /// countries' maximums leave, though the countries could take them
    /// without maximums (that case no family lifts: the search's own cut).
    fn rest_cut(&self, tally: &Tally, rest: &Rest) -> bool {
        let Some((slots, _)) = rest.must else {
            return false;
        };
        let (mut open, mut room) = (0, 0);
        for (i, &may) in rest.may_left.iter().enumerate() {
            open += may;
            room += tally.max_leads[i].map_or(may, |hi| hi.saturating_sub(tally.led[i]).min(may));
        }
        slots <= open && slots > room
    }

    fn breaches(&self, s: &Scenario, tally: &Tally, _: &PlanView, out: &mut Breaches) {
        for (i, c) in s.countries.iter().enumerate() {
            let Some(hi) = tally.max_leads[i].filter(|&hi| tally.led[i] > hi) else {
                continue;
            };
            let n = tally.led[i];
            let sentence = format!("{} leads {}; the limit is {hi}", c.name, tasks(n));
            let b = Breach::new(Family::MaxLeads, sentence).country(&c.id);
            if !out.push(b.amounts(n as f64, hi as f64)) {
                return;
            }
        }
    }

    fn binding(&self, s: &Scenario, plan: &Plan, scope: Scope, out: &mut Vec<Binding>) {
        let Scope::Country(i) = scope else { return };
        let (c, n) = (&s.countries[i], plan.lead_count(i));
        if s.max_leads_of(i) == Some(n) {
            let detail = format!(
                "{} leads the maximum of {}",
                subject(&c.name),
                plural(n, "task", "tasks")
            );
            out.push(Binding::of(Family::MaxLeads, &c.id, detail));
        }
    }

    fn target(&self, s: &Scenario, limit: Limit, slack: f64) -> f64 {
        let Limit::MaxLeads(i) = limit else {
            unreachable!("dispatched by family")
        };
        s.max_leads_of(i).unwrap_or(0) as f64 + slack.round()
    }

    fn describe(&self, s: &Scenario, limit: Limit, to: f64) -> Change {
        let Limit::MaxLeads(i) = limit else {
            unreachable!("dispatched by family")
        };
        let c = &s.countries[i];
        let from = s.max_leads_of(i).unwrap_or(0) as f64;
        let sentence = format!(
            "{} maximum number of leads must rise from {} to {}",
            possessive(&c.name),
            fmt_num(from),
            fmt_num(to)
        );
        country_change(Family::MaxLeads, &c.id, from, to, sentence)
    }

    fn apply(&self, s: &mut Scenario, c: &Change, i: Option<usize>, _: Option<usize>) {
        if let Some(i) = i {
            s.countries[i].max_leads = Some(c.to.unwrap_or(0.0).round().max(0.0) as usize);
        }
    }

    fn shape_key(&self, s: &Scenario, out: &mut Vec<u64>) {
        let opt = |x: Option<usize>| x.map_or(u64::MAX, |v| v as u64);
        out.extend((0..s.countries.len()).map(|i| opt(s.max_leads_of(i))));
    }
}
