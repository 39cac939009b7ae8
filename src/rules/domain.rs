//! Leads per domain: no country leads more than `max_leads_per_domain` tasks
//! of one domain.
//!
//! Row `Σ_{t ∈ D} x_it ≤ H` per country and domain (`docs/src/model.md`,
//! constraint 4), only for domains with more than `H` tasks.

use good_lp::constraint;

use super::words::subject;
use super::{
    slack_expr, Allowed, Binding, Breach, Breaches, Change, Family, Limit, PlanView, Rest, Rule,
    Scope, Slack, Tally,
};
use crate::fmt::{fmt_num, plural};
use crate::milp::{Model, Row};
use crate::plan::Plan;
use crate::scenario::Scenario;

pub(super) struct Domain;

impl Rule for Domain {
    fn family(&self) -> Family {
        Family::Domain
    }

    fn liftable(&self) -> bool {
        true
    }

    fn lift(&self, s: &Scenario) -> Option<Scenario> {
        s.policy.max_per_domain?;
        let mut out = s.clone();
        out.policy.max_per_domain = None;
        Some(out)
    }

    fn pair(&self, _: &Scenario, _: usize, _: usize) -> Allowed {
        Allowed::Free
    }

    fn define(&self, m: &mut Model, s: &Scenario, slack: &mut Slack) {
        let Some(hi) = s.policy.max_per_domain else {
            return;
        };
        for (d, domain) in s.domains().iter().enumerate() {
            let ts: Vec<usize> = (0..s.tasks.len())
                .filter(|t| &s.tasks[*t].domain == domain)
                .collect();
            if ts.len() <= hi {
                continue;
            }
            for i in 0..s.countries.len() {
                let sum = m.leads_of(i, ts.iter().copied());
                let sl = slack_expr(m, slack, Limit::Domain(i, d), (ts.len() - hi) as f64);
                m.push(Row::Domain(i, d), constraint!(sum <= hi as f64 + sl));
            }
        }
    }

    fn admits(&self, _: &Scenario, tally: &Tally, i: usize, t: usize, _: f64) -> bool {
        let d = tally.domain[t];
        tally
            .per_domain_max
            .is_none_or(|hi| tally.per_domain[i][d] < hi)
    }

    fn rest_cut(&self, _: &Tally, _: &Rest) -> bool {
        false
    }

    fn breaches(&self, s: &Scenario, tally: &Tally, _: &PlanView, out: &mut Breaches) {
        let Some(hi) = tally.per_domain_max else {
            return;
        };
        let domains = s.domains();
        for (i, c) in s.countries.iter().enumerate() {
            for (d, &k) in tally.per_domain[i]
                .iter()
                .enumerate()
                .filter(|(_, &k)| k > hi)
            {
                let name = domains.get(d).map_or("one domain", String::as_str);
                let sentence = format!(
                    "{} leads {} in {name}; the limit per domain is {hi}",
                    c.name,
                    super::words::tasks(k)
                );
                let b = Breach::new(Family::Domain, sentence).country(&c.id);
                if !out.push(b.amounts(k as f64, hi as f64)) {
                    return;
                }
            }
        }
    }

    fn binding(&self, s: &Scenario, plan: &Plan, scope: Scope, out: &mut Vec<Binding>) {
        let (Scope::Country(i), Some(hi)) = (scope, s.policy.max_per_domain) else {
            return;
        };
        let c = &s.countries[i];
        for d in s.domains() {
            let k = (0..s.tasks.len())
                .filter(|&t| s.tasks[t].domain == d && plan.leads_task(i, t))
                .count();
            if k == hi {
                let detail = format!(
                    "{} leads the maximum of {} in {d}",
                    subject(&c.name),
                    plural(hi, "task", "tasks")
                );
                out.push(Binding::of(Family::Domain, &c.id, detail));
            }
        }
    }

    fn target(&self, s: &Scenario, _: Limit, slack: f64) -> f64 {
        s.policy.max_per_domain.unwrap_or(0) as f64 + slack.round()
    }

    /// A domain limit is one policy value, whichever country needs it raised.
    fn describe(&self, s: &Scenario, limit: Limit, to: f64) -> Change {
        let Limit::Domain(i, d) = limit else {
            unreachable!("dispatched by family")
        };
        let from = s.policy.max_per_domain.unwrap_or(0) as f64;
        let sentence = format!(
            "the limit on leads per domain must rise from {} to {} (so that {} may lead {} tasks in {})",
            fmt_num(from),
            fmt_num(to),
            s.countries[i].name,
            fmt_num(to),
            s.domains()[d]
        );
        Change {
            kind: Family::Domain,
            country: Some(s.countries[i].id.clone()),
            task: None,
            from: Some(from),
            to: Some(to),
            sentence,
        }
    }

    fn apply(&self, s: &mut Scenario, c: &Change, _: Option<usize>, _: Option<usize>) {
        let whole = c.to.unwrap_or(0.0).round().max(0.0) as usize;
        let now = s.policy.max_per_domain.unwrap_or(0);
        s.policy.max_per_domain = Some(now.max(whole));
    }

    fn shape_key(&self, s: &Scenario, out: &mut Vec<u64>) {
        out.push(s.policy.max_per_domain.map_or(u64::MAX, |v| v as u64));
        out.extend(s.domain_of_tasks().into_iter().map(|d| d as u64));
    }
}
