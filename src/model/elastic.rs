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
    /// The switch of the limit's edit: limits that one edit of the scenario
    /// file lifts together share it (every domain limit is the policy's one
    /// number; every sensitivity ban of a country falls with its tolerance),
    /// so the number of switches on is the number of edits.
    pub z: Var,
    pub slack: Option<Var>,
    /// The slack's upper bound (its big-M), used to normalise it.
    pub scale: f64,
    /// The lead column a ban or pin is on, so that a shared switch reports
    /// only the pairs a solution uses.
    pub pair: Option<Var>,
}

/// Which edit of the scenario file lifts a limit (limits with one edit share
/// one switch in the elastic model).
fn edit_of(limit: Limit) -> Limit {
    match limit {
        Limit::Domain(..) => Limit::Domain(0, 0),
        Limit::Sensitivity(i, _) => Limit::Sensitivity(i, 0),
        other => other,
    }
}

/// Whether several limits share the switch of `limit`'s edit.
fn shared(limit: Limit) -> bool {
    matches!(limit, Limit::Domain(..) | Limit::Sensitivity(..))
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
        .filter(|r| kept(r, values))
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

/// What an elastic model minimises.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ElasticGoal<'a> {
    /// The number of relaxed limits, nothing else: a whole-number objective,
    /// so a branch and bound proves the minimum as soon as its bound passes
    /// the incumbent's count less one.
    Count,
    /// The amounts of the relaxations, each relative to its big-M, with
    /// exactly these limits relaxed (and no other).
    Amounts(&'a [Limit]),
}

/// Whether a solution relaxes `r`: its switch is on and, where the switch is
/// shared, the solution leans on this limit (leads the banned pair, uses
/// the slack).
fn kept(r: &Relaxation, values: &[f64]) -> bool {
    if values[r.z.col] <= 0.5 {
        return false;
    }
    match (r.slack, r.pair) {
        (_, Some(x)) => values[x.col] > 0.5,
        (Some(sl), _) if shared(r.limit) => values[sl.col] > 1e-9 * r.scale.max(1.0),
        _ => true,
    }
}

/// How many edits of the scenario file a solution's relaxations take.
pub(crate) fn edit_count(relax: &[Relaxation], values: &[f64]) -> usize {
    distinct_switches(relax, |r| kept(r, values)).len()
}

/// Builds the elastic model, excluding the relaxation sets in `exclude_sets`;
/// returns it with its relaxations.
pub(crate) fn build_elastic(
    s: &Scenario,
    exclude_sets: &[Vec<Limit>],
    goal: ElasticGoal,
) -> (Model, Vec<Relaxation>) {
    let mut m = Model::new(false);
    let mut relax: Vec<Relaxation> = Vec::new();
    let mut switches: Vec<(Limit, Var)> = Vec::new();
    // the policy's domain limit is one number: one slack for every country and domain
    let mut domain_slack: Option<(Var, f64)> = None;
    let tasks = s.tasks.len() as f64;
    let mut add = |m: &mut Model, limit: Limit, big_m: f64| -> Expression {
        let key = edit_of(limit);
        let z = match switches.iter().find(|(k, _)| *k == key) {
            Some(&(_, z)) => z,
            None => {
                let z = m.add(variable().binary());
                switches.push((key, z));
                z
            }
        };
        if matches!(limit, Limit::Domain(..)) {
            let (sl, scale) = *domain_slack.get_or_insert_with(|| {
                let sl = m.add(variable().min(0.0).max(tasks));
                m.push(Row::Aux, constraint!(sl.v <= tasks * z.v));
                (sl, tasks.max(1.0))
            });
            relax.push(Relaxation {
                limit,
                z,
                slack: Some(sl),
                scale,
                pair: None,
            });
            return Expression::from(sl.v);
        }
        if !limit.has_amount() {
            relax.push(Relaxation {
                limit,
                z,
                slack: None,
                scale: 1.0,
                pair: None,
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
            pair: None,
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
    for r in relax.iter_mut() {
        if let Limit::Sensitivity(i, t) = r.limit {
            r.pair = m.x[t][i];
        }
    }
    let switches = distinct_switches(&relax, |_| true);
    for set in exclude_sets {
        let on = distinct_switches(&relax, |r| set.contains(&r.limit));
        let n = on.len() as f64;
        let zs: Expression = on.into_iter().map(|z| Expression::from(z.v)).sum();
        m.push(Row::Aux, constraint!(zs <= n - 1.0));
    }
    if let ElasticGoal::Amounts(set) = goal {
        let on = distinct_switches(&relax, |r| set.contains(&r.limit));
        for z in &switches {
            let v = if on.iter().any(|o| o.col == z.col) {
                1.0
            } else {
                0.0
            };
            m.push(Row::Aux, constraint!(z.v == v));
        }
    }
    define_elastic_objective(&mut m, &relax, &switches, goal);
    (m, relax)
}

/// The switches of the relaxations that `keep` selects, each once, in order.
fn distinct_switches(relax: &[Relaxation], keep: impl Fn(&Relaxation) -> bool) -> Vec<Var> {
    let mut out: Vec<Var> = Vec::new();
    for r in relax.iter().filter(|r| keep(r)) {
        if !out.iter().any(|z| z.col == r.z.col) {
            out.push(r.z);
        }
    }
    out
}

/// The goal's objective over the relaxations: their number, or their amounts
/// relative to their big-M.
fn define_elastic_objective(
    m: &mut Model,
    relax: &[Relaxation],
    switches: &[Var],
    goal: ElasticGoal,
) {
    let mut obj = Expression::from(0.0);
    match goal {
        ElasticGoal::Count => {
            for z in switches {
                obj += z.v;
            }
        }
        ElasticGoal::Amounts(_) => {
            let mut seen: Vec<usize> = Vec::new();
            for r in relax {
                match (r.slack, r.pair) {
                    (Some(sl), _) if seen.contains(&sl.col) => {}
                    (Some(sl), _) => {
                        seen.push(sl.col);
                        obj += Expression::from(sl.v) * (1.0 / r.scale)
                    }
                    // each banned pair led counts, so a tolerance rises no further than needed
                    (None, Some(x)) => obj += x.v,
                    (None, None) => {}
                }
            }
        }
    }
    m.objective = obj;
    m.integral_objective = matches!(goal, ElasticGoal::Count);
}
