//! One MILP over several futures with shared lead variables: the robust plan.
//!
//! A plan chosen before a change of government must hold in every future a
//! planner considers. The futures are scenarios with the same countries and
//! tasks; the lead variables are shared, and each future brings its own money
//! variables, its own copy of every constraint family, and its own objective
//! `O_k`. The model maximises the worst `O_k` (through `z ≤ O_k`) or their mean.
//! `docs/MODEL.md`, "Robust plans", writes it out.

use good_lp::{constraint, variable, Expression};

use super::{
    allowed, define_capacity, define_funding, define_leads_per_country, define_leads_per_domain,
    define_leads_per_task, define_money_variables, define_objective, terms_of, Allowed, Model,
    Restrictions, Var,
};
use crate::scenario::Scenario;

/// What the robust model maximises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RobustGoal {
    /// The lowest objective over the futures.
    Worst,
    /// The mean objective over the futures.
    Mean,
}

/// Builds the robust model over `futures` (same countries and tasks, in the same order).
pub(crate) fn build_robust(futures: &[Scenario], goal: RobustGoal) -> Model {
    let mut m = Model::new(true);
    define_shared_leads(&mut m, futures);
    // A task may go unled only if it is optional in every future: one future that
    // requires it makes the shared plan lead it (its `y` is then absent, so every
    // future's lead-count row reads "exactly its leads").
    m.y = (0..futures[0].tasks.len())
        .map(|t| {
            futures
                .iter()
                .all(|s| s.tasks[t].optional)
                .then(|| m.add(variable().binary()))
        })
        .collect();
    let mut objectives = Vec::with_capacity(futures.len());
    let mut integral = true;
    for s in futures {
        let terms = terms_of(s);
        m.money = None;
        if terms.money {
            define_money_variables(&mut m, s);
        }
        define_leads_per_task(&mut m, s, None);
        define_capacity(&mut m, s, None);
        define_leads_per_country(&mut m, s, None);
        define_leads_per_domain(&mut m, s, None);
        if terms.money {
            define_funding(&mut m, s, None);
        }
        define_objective(&mut m, s, terms);
        integral &= m.integral_objective;
        objectives.push(std::mem::replace(&mut m.objective, Expression::from(0.0)));
    }
    m.money = None;
    define_robust_objective(&mut m, objectives, goal, integral);
    m
}

/// `x_it` where every future allows it; fixed to 1 where any future pins it
/// (and infeasible where one future pins it and another bars it).
fn define_shared_leads(m: &mut Model, futures: &[Scenario]) {
    let (n, tasks) = (futures[0].countries.len(), futures[0].tasks.len());
    let none = Restrictions::default();
    m.x = (0..tasks)
        .map(|t| {
            (0..n)
                .map(|i| {
                    let rules: Vec<Allowed> =
                        futures.iter().map(|s| allowed(s, &none, i, t)).collect();
                    let banned = rules.iter().any(|r| matches!(r, Allowed::Fixed(false)));
                    let pinned = rules.iter().any(|r| matches!(r, Allowed::Fixed(true)));
                    let conflict = rules.iter().any(|r| matches!(r, Allowed::Conflict));
                    if conflict || (banned && pinned) {
                        // Pinned in one future, barred in another: no plan serves both.
                        let x = m.add(variable().binary().min(1.0));
                        m.push(super::Row::Aux, constraint!(x.v <= 0.0));
                        Some(x)
                    } else if banned {
                        None
                    } else if pinned {
                        Some(m.add(variable().binary().min(1.0)))
                    } else {
                        Some(m.add(variable().binary()))
                    }
                })
                .collect()
        })
        .collect();
}

fn define_robust_objective(
    m: &mut Model,
    objectives: Vec<Expression>,
    goal: RobustGoal,
    integral: bool,
) {
    match goal {
        RobustGoal::Worst => {
            let z: Var = m.add(variable());
            for o in objectives {
                m.push(super::Row::Aux, constraint!(z.v <= o));
            }
            m.objective = Expression::from(z.v);
            m.integral_objective = integral;
        }
        RobustGoal::Mean => {
            let k = objectives.len() as f64;
            let sum: Expression = objectives.into_iter().sum();
            m.objective = sum * (1.0 / k);
            m.integral_objective = false;
        }
    }
}
