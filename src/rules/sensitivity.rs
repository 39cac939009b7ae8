//! Sensitivity bans: under `sensitivity_rule = "forbid"` a country does not
//! lead a task more sensitive than it tolerates.
//!
//! In a hard model a ban removes the pair's lead column ([`Rule::pair`]); in
//! the elastic model each banned pair's lead is tied to a switch that lifts
//! the ban (`x ≤ z`). Under `"penalize"` nothing is banned: the objective
//! charges the excess instead.

use good_lp::constraint;

use super::words::subject;
use super::{
    slack_expr, Allowed, Binding, Breach, Breaches, Change, Family, Limit, PlanView, Rule, Scope,
    Slack, Tally,
};
use crate::fmt::fmt_num;
use crate::milp::{Model, Row, Var};
use crate::plan::Plan;
use crate::possessive::possessive;
use crate::scenario::Scenario;

pub(super) struct Sensitivity;

impl Rule for Sensitivity {
    fn family(&self) -> Family {
        Family::Sensitivity
    }

    fn liftable(&self) -> bool {
        true
    }

    fn lift(&self, s: &Scenario) -> Option<Scenario> {
        let banned =
            (0..s.countries.len()).any(|i| (0..s.tasks.len()).any(|t| !s.sensitivity_allows(i, t)));
        if !banned {
            return None;
        }
        let mut out = s.clone();
        out.countries.iter_mut().for_each(|c| c.tolerance = 1.0);
        Some(out)
    }

    fn pair(&self, s: &Scenario, i: usize, t: usize) -> Allowed {
        if s.sensitivity_allows(i, t) {
            Allowed::Free
        } else {
            Allowed::Fixed(false)
        }
    }

    /// Nothing: bans are lead columns left out, or [`Rule::relax_pair`].
    fn define(&self, _: &mut Model, _: &Scenario, _: &mut Slack) {}

    fn relax_pair(
        &self,
        m: &mut Model,
        s: &Scenario,
        i: usize,
        t: usize,
        x: Var,
        slack: &mut Slack,
    ) {
        if slack.is_some() && !s.sensitivity_allows(i, t) {
            let z = slack_expr(m, slack, Limit::Sensitivity(i, t), 1.0);
            m.push(Row::Aux, constraint!(x.v <= z));
        }
    }

    fn admits(&self, _: &Scenario, _: &Tally, _: usize, _: usize, _: f64) -> bool {
        true
    }

    fn breaches(&self, s: &Scenario, _: &Tally, plan: &PlanView, out: &mut Breaches) {
        for (t, ls) in plan.leads.iter().enumerate() {
            for &i in ls.iter().filter(|&&i| !s.sensitivity_allows(i, t)) {
                let (c, task) = (&s.countries[i], &s.tasks[t]);
                let sentence = format!(
                    "{} may not lead the sensitive task {} (its sensitivity {} exceeds {} tolerance {})",
                    c.name,
                    task.name,
                    fmt_num(task.sensitivity),
                    possessive(&c.name),
                    fmt_num(c.tolerance)
                );
                let b = Breach::new(Family::Sensitivity, sentence)
                    .country(&c.id)
                    .task(&task.id)
                    .amounts(task.sensitivity, c.tolerance);
                if !out.push(b) {
                    return;
                }
            }
        }
    }

    /// A led task whose best-fitting country may not lead it.
    fn binding(&self, s: &Scenario, _: &Plan, scope: Scope, out: &mut Vec<Binding>) {
        let Scope::Task(t) = scope else { return };
        let task = &s.tasks[t];
        let best = (0..s.countries.len()).max_by(|&a, &b| task.fit[a].total_cmp(&task.fit[b]));
        if let Some(i) = best.filter(|&i| !s.sensitivity_allows(i, t)) {
            let c = &s.countries[i];
            let detail = format!(
                "{} has the best fit for {} but the task's sensitivity {} exceeds {} tolerance {}",
                subject(&c.name),
                task.name,
                fmt_num(task.sensitivity),
                possessive(&c.name),
                fmt_num(c.tolerance)
            );
            out.push(Binding::of(Family::Sensitivity, &c.id, detail));
        }
    }

    fn target(&self, s: &Scenario, limit: Limit, _: f64) -> f64 {
        let Limit::Sensitivity(_, t) = limit else {
            unreachable!("dispatched by family")
        };
        s.tasks[t].sensitivity
    }

    fn describe(&self, s: &Scenario, limit: Limit, to: f64) -> Change {
        let Limit::Sensitivity(i, t) = limit else {
            unreachable!("dispatched by family")
        };
        let (c, task) = (&s.countries[i], &s.tasks[t]);
        Change {
            kind: Family::Sensitivity,
            country: Some(c.id.clone()),
            task: Some(task.id.clone()),
            from: Some(c.tolerance),
            to: Some(to),
            sentence: accept_sentence(&c.name, &[task.name.as_str()], c.tolerance, to),
        }
    }

    fn apply(&self, s: &mut Scenario, c: &Change, i: Option<usize>, _: Option<usize>) {
        if let Some(i) = i {
            let to = c.to.unwrap_or(0.0);
            s.countries[i].tolerance = s.countries[i].tolerance.max(to);
        }
    }
}

fn accept_sentence(country: &str, tasks: &[&str], from: f64, to: f64) -> String {
    format!(
        "{country} must accept leading {} (sensitivity {}{} above its tolerance {}; raise the tolerance to {} or set sensitivity_rule = \"penalize\")",
        tasks.join(" and "),
        if tasks.len() > 1 { "up to " } else { "" },
        fmt_num(to),
        fmt_num(from),
        fmt_num(to)
    )
}

/// `set` with the sensitivity changes of one country made one (the highest
/// tolerance needed, naming every task), so that each change can be applied
/// as stated in any order.
pub(crate) fn consolidate(s: &Scenario, set: Vec<Change>) -> Vec<Change> {
    let is_sens = |c: &Change| c.kind == Family::Sensitivity;
    let mut out: Vec<Change> = set.iter().filter(|c| !is_sens(c)).cloned().collect();
    let mut done: Vec<&Option<String>> = Vec::new();
    for c in set.iter().filter(|c| is_sens(c)) {
        if done.contains(&&c.country) {
            continue;
        }
        done.push(&c.country);
        let group: Vec<&Change> = set
            .iter()
            .filter(|o| is_sens(o) && o.country == c.country)
            .collect();
        let top = group
            .iter()
            .max_by(|a, b| a.to.unwrap_or(0.0).total_cmp(&b.to.unwrap_or(0.0)))
            .copied()
            .unwrap_or(c);
        let mut merged = top.clone();
        if group.len() > 1 {
            let i = c.country.as_deref().and_then(|id| s.country_index(id));
            let name = i.map_or("", |i| s.countries[i].name.as_str());
            let tasks: Vec<&str> = (group.iter())
                .filter_map(|g| g.task.as_deref().and_then(|t| s.task_index(t)))
                .map(|t| s.tasks[t].name.as_str())
                .collect();
            let (from, to) = (c.from.unwrap_or(0.0), top.to.unwrap_or(0.0));
            merged.sentence = accept_sentence(name, &tasks, from, to);
        }
        out.push(merged);
    }
    out
}
