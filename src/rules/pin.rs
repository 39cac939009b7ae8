//! Pins: a country must lead a task (`lead = true`) or must not (`lead = false`).
//!
//! In a hard model a pin fixes the pair's lead column ([`Rule::pair`]); a pin
//! on a pair the sensitivity rule bans is a conflict, and the model builder
//! keeps the column with a row that cannot hold. In the elastic model each pin
//! has a switch that lifts it.

use good_lp::constraint;

use super::words::subject;
use super::{
    slack_expr, Allowed, Binding, Breach, Breaches, Change, Family, Limit, PlanView, Rule, Scope,
    Slack, Tally,
};
use crate::milp::{Model, Row};
use crate::plan::Plan;
use crate::scenario::Scenario;

pub(super) struct Pin;

impl Rule for Pin {
    fn family(&self) -> Family {
        Family::Pin
    }

    fn liftable(&self) -> bool {
        true
    }

    fn lift(&self, s: &Scenario) -> Option<Scenario> {
        if s.policy.pins.is_empty() {
            return None;
        }
        let mut out = s.clone();
        out.policy.pins.clear();
        Some(out)
    }

    fn pair(&self, s: &Scenario, i: usize, t: usize) -> Allowed {
        match s.policy.pins.iter().find(|p| p.country == i && p.task == t) {
            Some(p) => Allowed::Fixed(p.lead),
            None => Allowed::Free,
        }
    }

    /// Hard models: nothing (the lead columns carry pins). Relaxed: `x + z ≥ 1`
    /// for a pin to lead, `x ≤ z` for a pin not to.
    fn define(&self, m: &mut Model, s: &Scenario, slack: &mut Slack) {
        if slack.is_none() {
            return;
        }
        for (k, p) in s.policy.pins.iter().enumerate() {
            let Some(x) = m.x[p.task][p.country] else {
                continue;
            };
            let z = slack_expr(m, slack, Limit::Pin(k), 1.0);
            if p.lead {
                m.push(Row::Aux, constraint!(x.v + z >= 1.0));
            } else {
                m.push(Row::Aux, constraint!(x.v <= z));
            }
        }
    }

    fn admits(&self, _: &Scenario, _: &Tally, _: usize, _: usize, _: f64) -> bool {
        true
    }

    fn breaches(&self, s: &Scenario, _: &Tally, plan: &PlanView, out: &mut Breaches) {
        for p in &s.policy.pins {
            let leads = plan.leads[p.task].contains(&p.country);
            let (c, t) = (&s.countries[p.country], &s.tasks[p.task]);
            let sentence = match (p.lead, leads) {
                (true, false) => format!("{} is pinned to lead {} but does not", c.name, t.name),
                (false, true) => format!("{} leads {}, which a pin bars it from", c.name, t.name),
                _ => continue,
            };
            if !out.push(
                Breach::new(Family::Pin, sentence)
                    .country(&c.id)
                    .task(&t.id),
            ) {
                return;
            }
        }
    }

    fn binding(&self, s: &Scenario, _: &Plan, scope: Scope, out: &mut Vec<Binding>) {
        if scope != Scope::Policy {
            return;
        }
        for p in &s.policy.pins {
            let verb = if p.lead {
                "is pinned to lead"
            } else {
                "is barred from leading"
            };
            let c = &s.countries[p.country];
            let detail = format!("{} {verb} {}", subject(&c.name), s.tasks[p.task].name);
            out.push(Binding::of(Family::Pin, &c.id, detail));
        }
    }

    fn target(&self, _: &Scenario, _: Limit, _: f64) -> f64 {
        0.0
    }

    fn describe(&self, s: &Scenario, limit: Limit, _: f64) -> Change {
        let Limit::Pin(k) = limit else {
            unreachable!("dispatched by family")
        };
        let p = s.policy.pins[k];
        let (country, task) = (&s.countries[p.country], &s.tasks[p.task]);
        let sentence = if p.lead {
            format!("unpin {} from leading {}", country.name, task.name)
        } else {
            format!("lift the ban on {} leading {}", country.name, task.name)
        };
        Change {
            kind: Family::Pin,
            country: Some(country.id.clone()),
            task: Some(task.id.clone()),
            from: None,
            to: None,
            sentence,
        }
    }

    fn apply(&self, s: &mut Scenario, _: &Change, i: Option<usize>, t: Option<usize>) {
        if let (Some(i), Some(t)) = (i, t) {
            s.policy.pins.retain(|p| !(p.country == i && p.task == t));
        }
    }
}
