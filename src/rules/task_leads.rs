//! Lead counts: each required task gets exactly its number of (co-)leads; an
//! optional task gets that many or none.
//!
//! Row `Σ_i x_it = L_t` (`= L_t y_t` for an optional task; `docs/src/model.md`,
//! constraint 1). Best-effort models ([`define_shortfall`]) count the leads a
//! required task is short of instead.

use good_lp::{constraint, variable, Expression};

use super::{
    slack_expr, Allowed, Breach, Breaches, Change, Family, Limit, PlanView, Rule, Slack, Tally,
};
use crate::fmt::fmt_num;
use crate::milp::{Col, Model, Row, Var};
use crate::scenario::Scenario;

pub(super) struct TaskLeads;

impl Rule for TaskLeads {
    fn family(&self) -> Family {
        Family::TaskLeads
    }

    fn liftable(&self) -> bool {
        true
    }

    /// Co-lead counts cut to one. Dropping tasks would always "restore" a
    /// plan; lifting co-lead counts to one does not.
    fn lift(&self, s: &Scenario) -> Option<Scenario> {
        if s.tasks.iter().all(|t| t.leads <= 1) {
            return None;
        }
        let mut out = s.clone();
        out.tasks.iter_mut().for_each(|t| t.leads = t.leads.min(1));
        Some(out)
    }

    fn pair(&self, _: &Scenario, _: usize, _: usize) -> Allowed {
        Allowed::Free
    }

    fn define(&self, m: &mut Model, s: &Scenario, slack: &mut Slack) {
        for (t, task) in s.tasks.iter().enumerate() {
            let sum = m.leads_on(t);
            let l = task.leads as f64;
            if let Some(y) = m.y.get(t).copied().flatten() {
                m.push(Row::TaskLeads(t), constraint!(sum == l * y.v));
                continue;
            }
            let sl = slack_expr(m, slack, Limit::TaskLeads(t), l);
            m.push(Row::TaskLeads(t), constraint!(sum + sl == l));
        }
    }

    /// Lead sets are listed with their counts: nothing to check per lead.
    fn admits(&self, _: &Scenario, _: &Tally, _: usize, _: usize, _: f64) -> bool {
        true
    }

    /// Distinct leads, as many as the task needs (an optional task may have
    /// none; in best effort a required task may have fewer).
    fn breaches(&self, s: &Scenario, _: &Tally, plan: &PlanView, out: &mut Breaches) {
        for (task, ls) in s.tasks.iter().zip(plan.leads) {
            let mut distinct = ls.clone();
            distinct.sort_unstable();
            distinct.dedup();
            let count = ls.len() == task.leads
                || (task.optional && ls.is_empty())
                || (plan.best_effort && !task.optional && ls.len() < task.leads);
            if distinct.len() == ls.len() && count {
                continue;
            }
            let leads = match ls.len() {
                1 => "1 lead".to_string(),
                n => format!("{n} leads"),
            };
            let needs = if task.optional {
                format!("{} (or none: it is optional)", task.leads)
            } else {
                task.leads.to_string()
            };
            let sentence = if distinct.len() != ls.len() {
                format!("task {} lists one lead twice", task.name)
            } else {
                format!("task {} has {leads}; it needs {needs}", task.name)
            };
            let b = Breach::new(Family::TaskLeads, sentence)
                .task(&task.id)
                .amounts(ls.len() as f64, task.leads as f64);
            if !out.push(b) {
                return;
            }
        }
    }

    fn target(&self, s: &Scenario, limit: Limit, slack: f64) -> f64 {
        let Limit::TaskLeads(t) = limit else {
            unreachable!("dispatched by family")
        };
        (s.tasks[t].leads as f64 - slack.round()).max(0.0)
    }

    fn describe(&self, s: &Scenario, limit: Limit, to: f64) -> Change {
        let Limit::TaskLeads(t) = limit else {
            unreachable!("dispatched by family")
        };
        let task = &s.tasks[t];
        let from = task.leads as f64;
        let sentence = if to < 0.5 {
            format!("drop {} (or make it optional)", task.name)
        } else {
            format!(
                "let {} have {} lead(s) instead of {}",
                task.name,
                fmt_num(to),
                fmt_num(from)
            )
        };
        Change {
            kind: Family::TaskLeads,
            country: None,
            task: Some(task.id.clone()),
            from: Some(from),
            to: Some(to),
            sentence,
        }
    }

    fn apply(&self, s: &mut Scenario, c: &Change, _: Option<usize>, t: Option<usize>) {
        let Some(t) = t else { return };
        match c.to.unwrap_or(0.0).round().max(0.0) as usize {
            0 => s.tasks[t].optional = true,
            whole => s.tasks[t].leads = whole,
        }
    }

    fn shape_key(&self, s: &Scenario, out: &mut Vec<u64>) {
        for task in &s.tasks {
            out.push(task.leads as u64);
            out.push(u64::from(task.optional));
        }
    }
}

/// Best effort: every required task gets at most `leads` leads; `u_t` counts
/// the missing ones (`Σ_i x_it + u_t = L_t`, `0 ≤ u_t ≤ L_t`, integral because
/// `x` is). Optional tasks keep their rule (`L_t` leads or none): leaving one
/// out is a choice, not a shortfall. Returns `(t, u_t)` for the required tasks.
pub(crate) fn define_shortfall(m: &mut Model, s: &Scenario) -> Vec<(usize, Var)> {
    let mut short = Vec::with_capacity(s.tasks.len());
    for (t, task) in s.tasks.iter().enumerate() {
        let l = task.leads as f64;
        let sum: Expression = m.leads_on(t);
        if let Some(y) = m.y.get(t).copied().flatten() {
            m.push(Row::TaskLeads(t), constraint!(sum == l * y.v));
            continue;
        }
        let u = m.add_as(variable().min(0.0).max(l), Col::Shortfall(t));
        m.push(Row::TaskLeads(t), constraint!(sum + u.v == l));
        short.push((t, u));
    }
    short
}
