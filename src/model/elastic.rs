//! The elastic model that explains infeasibility.
//!
//! Every relaxable constraint (a country's capacity, budget, minimum and maximum
//! leads, a domain limit, a pin, a sensitivity ban, a task's lead count) gets a
//! binary "relaxed" indicator and, where it has an amount, a slack bounded by a
//! big-M times that indicator. The model minimises first the number of relaxed
//! constraints, then their normalised amounts, so its solution is the smallest
//! set of changes that would make the scenario feasible.

use good_lp::{constraint, variable, Expression};

use super::{
    define_capacity, define_exclusions, define_funding, define_leads_per_country,
    define_leads_per_domain, define_leads_per_task, define_money_variables, terms_of, Model,
    Restrictions, Var,
};
use crate::scenario::Scenario;

/// What a relaxation relaxes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Country's capacity.
    Capacity(usize),
    /// Country's budget.
    Budget(usize),
    /// Country's minimum number of leads.
    MinLeads(usize),
    /// Country's maximum number of leads.
    MaxLeads(usize),
    /// Country's limit within a domain (country, domain index).
    Domain(usize, usize),
    /// A pin (index into the policy's pins).
    Pin(usize),
    /// A sensitivity ban (country, task).
    Sensitivity(usize, usize),
    /// A task's number of leads.
    TaskLeads(usize),
}

/// One relaxable constraint in an elastic model.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Relaxation {
    pub kind: Kind,
    pub z: Var,
    pub slack: Option<Var>,
    /// The slack's upper bound (its big-M), used to normalise it.
    pub scale: f64,
}

/// The relaxations a solution of an elastic model uses, with their amounts
/// (budgets in money, not model units), so column indices stay in this module.
pub(crate) fn chosen_relaxations(
    m_relax: &[Relaxation],
    values: &[f64],
    money_unit: f64,
) -> Vec<(Kind, f64)> {
    m_relax
        .iter()
        .filter(|r| values[r.z.col] > 0.5)
        .map(|r| {
            let slack = r.slack.map_or(0.0, |v| values[v.col]);
            let per = if matches!(r.kind, Kind::Budget(_)) {
                money_unit
            } else {
                1.0
            };
            (r.kind, slack * per)
        })
        .collect()
}

/// Builds the elastic model, excluding the relaxation sets in `exclude_sets`.
pub(crate) fn build_elastic(s: &Scenario, exclude_sets: &[Vec<Kind>]) -> Model {
    let mut m = Model::new(false);
    define_elastic_leads(&mut m, s);
    super::define_optional_variables(&mut m, s);
    let terms = terms_of(s);
    if terms.money {
        define_money_variables(&mut m, s);
    }
    let mut add_slack = |m: &mut Model, kind: Kind, big_m: f64| -> Expression {
        let z = m.add(variable().binary());
        let sl = m.add(variable().min(0.0).max(big_m.max(0.0)));
        m.push(super::Row::Aux, constraint!(sl.v <= big_m.max(0.0) * z.v));
        m.relax.push(Relaxation {
            kind,
            z,
            slack: Some(sl),
            scale: big_m.max(1e-9),
        });
        Expression::from(sl.v)
    };
    define_leads_per_task(&mut m, s, Some(&mut add_slack));
    define_capacity(&mut m, s, Some(&mut add_slack));
    define_leads_per_country(&mut m, s, Some(&mut add_slack));
    define_leads_per_domain(&mut m, s, Some(&mut add_slack));
    if terms.money {
        define_funding(&mut m, s, Some(&mut add_slack));
    }
    define_elastic_pins(&mut m, s);
    define_exclusions(&mut m, &Restrictions::default());
    for set in exclude_sets {
        let zs: Expression = m
            .relax
            .iter()
            .filter(|r| set.contains(&r.kind))
            .map(|r| Expression::from(r.z.v))
            .sum();
        m.push(super::Row::Aux, constraint!(zs <= set.len() as f64 - 1.0));
    }
    define_elastic_objective(&mut m);
    m
}

/// Every pair gets a lead variable; banned pairs are tied to a relaxation.
fn define_elastic_leads(m: &mut Model, s: &Scenario) {
    m.x = (0..s.tasks.len())
        .map(|_| (0..s.countries.len()).map(|_| None).collect())
        .collect();
    for t in 0..s.tasks.len() {
        for i in 0..s.countries.len() {
            let x = m.add(variable().binary());
            m.x[t][i] = Some(x);
            if !s.sensitivity_allows(i, t) {
                let z = m.add(variable().binary());
                m.push(super::Row::Aux, constraint!(x.v <= z.v));
                m.relax.push(Relaxation {
                    kind: Kind::Sensitivity(i, t),
                    z,
                    slack: None,
                    scale: 1.0,
                });
            }
        }
    }
}

/// A pin holds unless its relaxation indicator is set.
fn define_elastic_pins(m: &mut Model, s: &Scenario) {
    for (k, p) in s.policy.pins.iter().enumerate() {
        let x = m.x[p.task][p.country].expect("elastic models define every pair");
        let z = m.add(variable().binary());
        if p.lead {
            m.push(super::Row::Aux, constraint!(x.v + z.v >= 1.0));
        } else {
            m.push(super::Row::Aux, constraint!(x.v <= z.v));
        }
        m.relax.push(Relaxation {
            kind: Kind::Pin(k),
            z,
            slack: None,
            scale: 1.0,
        });
    }
}

/// Minimise the number of relaxations, then their amounts relative to their big-M.
fn define_elastic_objective(m: &mut Model) {
    let weight = (m.relax.len() + 1) as f64;
    let mut obj = Expression::from(0.0);
    for r in m.relax.clone() {
        obj += weight * r.z.v;
        if let Some(sl) = r.slack {
            obj += Expression::from(sl.v) * (1.0 / (weight * r.scale));
        }
    }
    m.objective = obj;
    m.integral_objective = false;
}
