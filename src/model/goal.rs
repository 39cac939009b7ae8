//! Objective terms one at a time: the seam for Pareto fronts and near-optimal search.
//!
//! The weighted objective of `docs/src/model.md` folds four terms into one number.
//! `leadplan pareto` needs them apart: maximise one term (or a combination)
//! while the others stay above bounds (the epsilon-constraint method).
//! A [`TermGoal`] in [`super::Restrictions::goal`] replaces the weighted
//! objective by `Σ c_k f_k` subject to `f_k ≥ b_k`, with every term oriented so
//! that more is better: `f_fit = fit`, `f_cost = −cost`,
//! `f_sensitivity = −sensitivity`, `f_fairness = −fairness`.

use good_lp::{constraint, Expression};

use super::{define_fairness, Model};
use crate::scenario::Scenario;

/// One of the objective's four terms (`docs/src/model.md`, "Objective").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Term {
    /// `Σ_t w_t Σ_i f_it x_it / L_t` (more is better).
    Fit,
    /// `Σ_t C_t`, total realised cost (less is better).
    Cost,
    /// `Σ_t w_t Σ_i x⁺_it x_it`, sensitivity excess (less is better).
    Sensitivity,
    /// `Σ_i |spent_i − g_i Σ_t C_t|`, the least deviation from fair shares (less is better).
    Fairness,
}

impl Term {
    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Term::Fit => "fit",
            Term::Cost => "cost",
            Term::Sensitivity => "sensitivity",
            Term::Fairness => "fairness",
        }
    }

    /// `+1` for a term to maximise, `−1` for one to minimise.
    pub fn sign(self) -> f64 {
        match self {
            Term::Fit => 1.0,
            _ => -1.0,
        }
    }

    /// Parses `fit`, `cost`, `sensitivity` or `fairness`.
    pub fn parse(text: &str) -> Result<Term, String> {
        match text.trim() {
            "fit" => Ok(Term::Fit),
            "cost" => Ok(Term::Cost),
            "sensitivity" => Ok(Term::Sensitivity),
            "fairness" => Ok(Term::Fairness),
            other => Err(format!(
                "`{other}` is not an objective term: write fit, cost, sensitivity or fairness"
            )),
        }
    }

    /// This term of a plan's terms, oriented so that more is better.
    pub fn oriented(self, t: &crate::plan::Terms) -> f64 {
        self.sign()
            * match self {
                Term::Fit => t.fit,
                Term::Cost => t.cost,
                Term::Sensitivity => t.sensitivity,
                Term::Fairness => t.fairness,
            }
    }
}

/// Maximise `Σ c_k f_k` subject to `f_k ≥ b_k` (oriented terms, see the module).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TermGoal {
    /// `(term, c)`: the objective's coefficients.
    pub maximise: Vec<(Term, f64)>,
    /// `(term, b)`: lower bounds on oriented terms.
    pub at_least: Vec<(Term, f64)>,
}

/// Replaces the weighted objective with `goal`, adding its bounds as rows.
pub(crate) fn define_goal(m: &mut Model, s: &Scenario, goal: &TermGoal) {
    let mut fairness = None;
    let mut obj = Expression::from(0.0);
    for &(term, c) in &goal.maximise {
        obj += term_expr(m, s, term, &mut fairness) * c;
    }
    for &(term, b) in &goal.at_least {
        let e = term_expr(m, s, term, &mut fairness);
        m.push(super::Row::Aux, constraint!(e >= b));
    }
    m.objective = obj;
    m.integral_objective = false;
}

/// An oriented term as an expression (fairness's deviation variables made once).
fn term_expr(m: &mut Model, s: &Scenario, term: Term, fair: &mut Option<Expression>) -> Expression {
    let mut e = Expression::from(0.0);
    if term == Term::Fairness {
        if !crate::rules::needs_money(s) {
            return e; // one country, or no money terms: fairness is 0
        }
        if fair.is_none() {
            *fair = Some(define_fairness(m, s));
        }
        return fair.clone().expect("made above") * -1.0;
    }
    for (t, task) in s.tasks.iter().enumerate() {
        let l = task.leads as f64;
        for i in 0..s.countries.len() {
            let Some(x) = m.x[t][i] else { continue };
            let c = match term {
                Term::Fit => task.importance * task.fit[i] / l,
                Term::Cost => -task.cost[i] / l,
                Term::Sensitivity => -task.importance * s.sensitivity_excess(i, t),
                Term::Fairness => unreachable!("handled above"),
            };
            if c != 0.0 {
                e += c * x.v;
            }
        }
    }
    e
}

/// Whether every coefficient of `term` on a lead variable is a whole number,
/// so that the term takes whole values on every plan (fairness never does).
pub(crate) fn integral_term(s: &Scenario, term: Term) -> bool {
    s.tasks.iter().enumerate().all(|(t, task)| {
        let l = task.leads as f64;
        (0..s.countries.len()).all(|i| {
            let c = match term {
                Term::Fit => task.importance * task.fit[i] / l,
                Term::Cost => task.cost[i] / l,
                Term::Sensitivity => task.importance * s.sensitivity_excess(i, t),
                Term::Fairness => 0.5,
            };
            c.fract() == 0.0
        })
    })
}

/// Modelling to generate alternatives: a plan as far as possible from `found`,
/// with the weighted objective at least `floor`.
///
/// The distance between two plans is the number of `(country, task)` leads in
/// one and not the other (Hamming distance over the lead variables). The new
/// plan maximises the smallest distance to any plan found (max-min, through an
/// auxiliary `z ≤ dist_p` per plan), ties broken by the sum of the distances.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diverse {
    /// Plans found so far, each as `(country, task)` leads.
    pub found: Vec<Vec<(usize, usize)>>,
    /// The lowest weighted objective admitted.
    pub floor: f64,
}

/// `objective ≥ floor`; then maximise `K·z + Σ_p dist_p` with `z ≤ dist_p`.
pub(crate) fn define_diversity(m: &mut Model, d: &Diverse) {
    let obj = std::mem::replace(&mut m.objective, Expression::from(0.0));
    m.push(super::Row::Aux, constraint!(obj >= d.floor));
    let z = m.add(good_lp::variable().integer().min(0.0));
    let mut sum = Expression::from(0.0);
    let mut lead_vars = 0.0;
    for plan in &d.found {
        let mut dist = Expression::from(0.0);
        for (t, row) in m.x.iter().enumerate() {
            for (i, x) in row.iter().enumerate() {
                let Some(x) = x else { continue };
                if plan.contains(&(i, t)) {
                    dist += 1.0 - x.v;
                } else {
                    dist += x.v;
                }
            }
        }
        lead_vars = m.x.iter().flatten().flatten().count() as f64;
        m.push(super::Row::Aux, constraint!(z.v <= dist.clone()));
        sum += dist;
    }
    // z's weight exceeds the largest possible sum, so the minimum distance comes first.
    let k = d.found.len() as f64 * lead_vars + 1.0;
    m.objective = k * z.v + sum;
    m.integral_objective = true;
}
