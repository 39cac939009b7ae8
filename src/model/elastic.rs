//! The elastic model that explains infeasibility.
//!
//! Every relaxable limit (a country's capacity, budget, minimum and maximum
//! leads, a domain limit, a pin, a sensitivity ban, a task's lead count) gets a
//! binary "relaxed" indicator and, where it has an amount, a slack bounded by a
//! big-M times that indicator: the rule book's rows ([`crate::rules`]) with a
//! relaxation hook. The model minimises first the number of relaxed limits,
//! then their normalised amounts, so its solution is the smallest set of
//! changes that would make the scenario feasible.

use good_lp::{constraint, variable, Expression};

use super::{define_exclusions, define_optional_variables, Model, Restrictions, Row, Var};
use crate::rules::{self, Family, Limit, Slack};
use crate::scenario::Scenario;

/// One relaxable limit in an elastic model.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Relaxation {
    pub limit: Limit,
    pub z: Var,
    pub slack: Option<Var>,
    /// The slack's upper bound (its big-M), used to normalise it.
    pub scale: f64,
}

/// The relaxations a solution of an elastic model uses, with their amounts
/// (budgets in money, not model units), so column indices stay in this module.
pub(crate) fn chosen_relaxations(
    relax: &[Relaxation],
    values: &[f64],
    money_unit: f64,
) -> Vec<(Limit, f64)> {
    relax
        .iter()
        .filter(|r| values[r.z.col] > 0.5)
        .map(|r| {
            let slack = r.slack.map_or(0.0, |v| values[v.col]);
            let per = if matches!(r.limit, Limit::Budget(_)) {
                money_unit
            } else {
                1.0
            };
            (r.limit, slack * per)
        })
        .collect()
}

/// Builds the elastic model, excluding the relaxation sets in `exclude_sets`;
/// returns it with its relaxations.
pub(crate) fn build_elastic(s: &Scenario, exclude_sets: &[Vec<Limit>]) -> (Model, Vec<Relaxation>) {
    let mut m = Model::new(false);
    let mut relax: Vec<Relaxation> = Vec::new();
    let mut add = |m: &mut Model, limit: Limit, big_m: f64| -> Expression {
        let z = m.add(variable().binary());
        if !limit.has_amount() {
            relax.push(Relaxation {
                limit,
                z,
                slack: None,
                scale: 1.0,
            });
            return Expression::from(z.v);
        }
        let sl = m.add(variable().min(0.0).max(big_m.max(0.0)));
        m.push(Row::Aux, constraint!(sl.v <= big_m.max(0.0) * z.v));
        relax.push(Relaxation {
            limit,
            z,
            slack: Some(sl),
            scale: big_m.max(1e-9),
        });
        Expression::from(sl.v)
    };
    let mut hook: Slack = Some(&mut add);
    // every pair gets a lead column, tied to the relaxation of a ban or pin on it
    m.x = (0..s.tasks.len())
        .map(|_| (0..s.countries.len()).map(|_| None).collect())
        .collect();
    for t in 0..s.tasks.len() {
        for i in 0..s.countries.len() {
            let x = m.add(variable().binary());
            m.x[t][i] = Some(x);
            for f in Family::ALL {
                rules::rule(f).relax_pair(&mut m, s, i, t, x, &mut hook);
            }
        }
    }
    define_optional_variables(&mut m, s);
    if rules::needs_money(s) {
        rules::define_money_variables(&mut m, s);
    }
    rules::define_rows(&mut m, s, &mut hook);
    define_exclusions(&mut m, &Restrictions::default());
    for set in exclude_sets {
        let zs: Expression = relax
            .iter()
            .filter(|r| set.contains(&r.limit))
            .map(|r| Expression::from(r.z.v))
            .sum();
        m.push(Row::Aux, constraint!(zs <= set.len() as f64 - 1.0));
    }
    define_elastic_objective(&mut m, &relax);
    (m, relax)
}

/// Minimise the number of relaxations, then their amounts relative to their big-M.
fn define_elastic_objective(m: &mut Model, relax: &[Relaxation]) {
    let weight = (relax.len() + 1) as f64;
    let mut obj = Expression::from(0.0);
    for r in relax {
        obj += weight * r.z.v;
        if let Some(sl) = r.slack {
            obj += Expression::from(sl.v) * (1.0 / (weight * r.scale));
        }
    }
    m.objective = obj;
    m.integral_objective = false;
}
