//! The robust model with a feasible share: the plan may give up some futures.
//!
//! Each future `k` gets a binary `u_k` (1: the plan must be feasible there) and
//! `Σ_k w_k u_k ≥ P`. Every row of future `k` is relaxed by `M (1 − u_k)` with
//! `M` the most the row's left side can exceed its limit on any plan (the same
//! bounds the elastic model uses), so a kept future's rows hold exactly and a
//! given-up future's rows never bind. Pins and bans of future `k` become
//! `x_it ≥ u_k` and `x_it ≤ 1 − u_k`; a task required in `k` must be led when
//! `u_k = 1` (`y_t ≥ u_k`, every task having its `y_t` here). Goal rows are
//! relaxed in [`super::robust::define_robust_objective`].

use good_lp::{constraint, variable, Expression};

use super::robust::{define_robust_objective, RobustSpec};
use super::{allowed, define_objective, Model, Restrictions, Var};
use crate::rules::{self, Allowed, Family, Limit};
use crate::scenario::Scenario;

/// The families whose rows a given-up future relaxes (lead counts, pins and
/// bans are tied to `u_k` below).
const GIVEN_UP: [Family; 6] = [
    Family::Capacity,
    Family::MinLeads,
    Family::MaxLeads,
    Family::Domain,
    Family::Shares,
    Family::Budget,
];

/// Builds the robust model where the plan need only hold in futures of weight `p`.
pub(super) fn build_share(futures: &[Scenario], spec: &RobustSpec, p: f64) -> Model {
    let mut m = Model::new(true);
    let keep: Vec<Var> = futures.iter().map(|_| m.add(variable().binary())).collect();
    let share: Expression = keep.iter().zip(&spec.weights).map(|(u, w)| *w * u.v).sum();
    // a little below p, so that a share equal to p on paper is not lost to float noise
    m.push(super::Row::Aux, constraint!(share >= p - 1e-9));
    define_free_leads(&mut m, futures);
    define_lead_rules(&mut m, futures, &keep);
    define_task_leads(&mut m, futures, &keep);
    let mut objectives = Vec::with_capacity(futures.len());
    for (s, u) in futures.iter().zip(&keep) {
        let money = rules::needs_money(s);
        m.money = None;
        if money {
            rules::define_money_variables(&mut m, s);
        }
        let u = *u;
        let mut relax = |_: &mut Model, _: Limit, big: f64| big * (1.0 - u.v);
        rules::define_rows_of(&mut m, s, &mut Some(&mut relax), |f| GIVEN_UP.contains(&f));
        define_objective(&mut m, s, money);
        objectives.push(std::mem::replace(&mut m.objective, Expression::from(0.0)));
    }
    m.money = None;
    let keep: Vec<Option<Var>> = keep.into_iter().map(Some).collect();
    define_robust_objective(&mut m, futures, objectives, &keep, spec, false);
    m
}

/// `x_it` wherever some future allows it (the futures' own rules come next).
fn define_free_leads(m: &mut Model, futures: &[Scenario]) {
    let none = Restrictions::default();
    let (n, tasks) = (futures[0].countries.len(), futures[0].tasks.len());
    m.x = (0..tasks)
        .map(|t| {
            (0..n)
                .map(|i| {
                    let barred_everywhere = futures
                        .iter()
                        .all(|s| matches!(allowed(s, &none, i, t), Allowed::Fixed(false)));
                    (!barred_everywhere).then(|| m.add(variable().binary()))
                })
                .collect()
        })
        .collect();
}

/// Future k's pins and bans, holding only where `u_k = 1`.
fn define_lead_rules(m: &mut Model, futures: &[Scenario], keep: &[Var]) {
    let none = Restrictions::default();
    for (s, u) in futures.iter().zip(keep) {
        for t in 0..s.tasks.len() {
            for i in 0..s.countries.len() {
                let rule = allowed(s, &none, i, t);
                let x = m.x[t][i];
                match (rule, x) {
                    (Allowed::Free, _) => {}
                    (Allowed::Fixed(false), Some(x)) => {
                        m.push(super::Row::Aux, constraint!(x.v + u.v <= 1.0))
                    }
                    (Allowed::Fixed(false), None) => {}
                    (Allowed::Fixed(true), Some(x)) => {
                        m.push(super::Row::Aux, constraint!(x.v >= u.v))
                    }
                    (Allowed::Fixed(true), None) | (Allowed::Conflict, _) => {
                        m.push(super::Row::Aux, constraint!(u.v <= 0.0))
                    }
                }
            }
        }
    }
}

/// `Σ_i x_it = L_t y_t` for every task; `y_t ≥ u_k` where future k requires t.
fn define_task_leads(m: &mut Model, futures: &[Scenario], keep: &[Var]) {
    let tasks = &futures[0].tasks;
    m.y = tasks
        .iter()
        .map(|_| Some(m.add(variable().binary())))
        .collect();
    for (t, task) in tasks.iter().enumerate() {
        let y = m.y[t].expect("made above");
        let sum: Expression = m.x[t].iter().flatten().map(|x| Expression::from(x.v)).sum();
        m.push(
            super::Row::TaskLeads(t),
            constraint!(sum == task.leads as f64 * y.v),
        );
        for (s, u) in futures.iter().zip(keep) {
            if !s.tasks[t].optional {
                m.push(super::Row::Aux, constraint!(y.v >= u.v));
            }
        }
    }
}
