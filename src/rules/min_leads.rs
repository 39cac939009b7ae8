//! Minimum leads: each country leads at least its minimum number of tasks
//! (its own `min_leads`, else the policy's `min_leads_per_country`).
//!
//! Row `Σ_t x_it ≥ m_i` (`docs/src/model.md`, constraint 3), only where `m_i > 0`.

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

pub(super) struct MinLeads;

impl Rule for MinLeads {
    fn family(&self) -> Family {
        Family::MinLeads
    }

    fn liftable(&self) -> bool {
        true
    }

    fn lift(&self, s: &Scenario) -> Option<Scenario> {
        if (0..s.countries.len()).all(|i| s.min_leads_of(i) == 0) {
            return None;
        }
        let mut out = s.clone();
        out.policy.min_leads = 0;
        out.countries.iter_mut().for_each(|c| c.min_leads = None);
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
        let lo = s.min_leads_of(i);
        if lo > 0 {
            let sum = m.leads_of(i, 0..s.tasks.len());
            let sl = slack_expr(m, slack, Limit::MinLeads(i), lo as f64);
            m.push(Row::MinLeads(i), constraint!(sum + sl >= lo as f64));
        }
    }

    fn admits(&self, _: &Scenario, _: &Tally, _: usize, _: usize, _: f64) -> bool {
        true
    }

    /// Some country can no longer reach its minimum: alone (the tasks it may
    /// still lead), or all together (the lead slots left, where the search
    /// keeps them).
    fn rest_cut(&self, tally: &Tally, rest: &Rest) -> bool {
        let mut short = 0;
        let mut cut = false;
        for (i, &lo) in tally.min_leads.iter().enumerate() {
            let need = lo.saturating_sub(tally.led[i]);
            cut |= need > rest.may_left[i];
            short += need;
        }
        cut || rest.slots_left.is_some_and(|slots| short > slots)
    }

    fn breaches(&self, s: &Scenario, tally: &Tally, _: &PlanView, out: &mut Breaches) {
        for (i, c) in s.countries.iter().enumerate() {
            let (n, lo) = (tally.led[i], tally.min_leads[i]);
            if n < lo {
                let sentence = format!("{} leads {}; it must lead at least {lo}", c.name, tasks(n));
                let b = Breach::new(Family::MinLeads, sentence).country(&c.id);
                if !out.push(b.amounts(n as f64, lo as f64)) {
                    return;
                }
            }
        }
    }

    fn binding(&self, s: &Scenario, plan: &Plan, scope: Scope, out: &mut Vec<Binding>) {
        let Scope::Country(i) = scope else { return };
        let (c, lo) = (&s.countries[i], s.min_leads_of(i));
        if lo > 0 && plan.lead_count(i) == lo {
            let detail = format!(
                "{} leads only the required minimum of {}",
                subject(&c.name),
                plural(lo, "task", "tasks")
            );
            out.push(Binding::of(Family::MinLeads, &c.id, detail));
        }
    }

    fn target(&self, s: &Scenario, limit: Limit, slack: f64) -> f64 {
        let Limit::MinLeads(i) = limit else {
            unreachable!("dispatched by family")
        };
        (s.min_leads_of(i) as f64 - slack.round()).max(0.0)
    }

    fn describe(&self, s: &Scenario, limit: Limit, to: f64) -> Change {
        let Limit::MinLeads(i) = limit else {
            unreachable!("dispatched by family")
        };
        let c = &s.countries[i];
        let from = s.min_leads_of(i) as f64;
        let sentence = format!(
            "{} minimum number of leads must fall from {} to {}",
            possessive(&c.name),
            fmt_num(from),
            fmt_num(to)
        );
        country_change(Family::MinLeads, &c.id, from, to, sentence)
    }

    fn apply(&self, s: &mut Scenario, c: &Change, i: Option<usize>, _: Option<usize>) {
        if let Some(i) = i {
            s.countries[i].min_leads = Some(c.to.unwrap_or(0.0).round().max(0.0) as usize);
        }
    }

    fn shape_key(&self, s: &Scenario, out: &mut Vec<u64>) {
        out.extend((0..s.countries.len()).map(|i| s.min_leads_of(i) as u64));
    }
}
