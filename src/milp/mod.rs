//! The mixed-integer program as a container: columns, rows and objective,
//! labelled with what each stands for.
//!
//! This is the vocabulary every model builder writes in ([`crate::rules`]
//! defines each family's rows, [`crate::model`] assembles whole models) and the
//! only thing a solver receives ([`crate::solve`]). It knows good_lp, the
//! modelling language, and nothing of any rule: a [`Model`] holds good_lp
//! variables and constraints, the lead and money columns by (task, country),
//! and a label per column and row ([`Col`], [`Row`]) so that a model file can
//! name them and a solution can be read back in domain terms ([`PlanReader`]).

mod label;

pub(crate) use crate::fmt::sig12;
use good_lp::{Constraint, Expression, ProblemVariables, Variable};

pub(crate) use label::{Col, Row};

use crate::scenario::Scenario;

/// A variable and its column index (good_lp keeps indices private).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Var {
    pub v: Variable,
    pub col: usize,
}

/// What country i pays towards task t.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Pay {
    /// A free money variable (co-led tasks, or `funding = "all"`).
    Var(Var),
    /// The sole lead pays the whole cost: `coef * x`. No variable needed.
    Lead(f64, Var),
}

impl Pay {
    /// As a linear expression.
    pub fn expr(self) -> Expression {
        match self {
            Pay::Var(v) => Expression::from(v.v),
            Pay::Lead(c, x) => c * x.v,
        }
    }

    /// Its value in money (not model units) given the column values and the unit.
    pub fn value(self, values: &[f64], unit: f64) -> f64 {
        match self {
            Pay::Var(v) => values[v.col].max(0.0) * unit,
            Pay::Lead(c, x) => c * unit * values[x.col].round(),
        }
    }
}

/// The money unit of a scenario's model: the power of ten at or below the
/// largest cost (1 when nothing costs anything), so that money rows carry
/// coefficients between about 0.01 and 10 whatever unit the scenario counts
/// money in. Costs of 1e12 next to 1 in one row, or of 1e-6 next to a lead's
/// 1, are beyond what a simplex solver's tolerances carry (a feasible model
/// called infeasible, a "singular" basis). Values are scaled back when a
/// solution is read.
///
/// Scenarios that differ only in their money unit (every cost and budget
/// times a power of ten, the cost and fairness weights divided by it) get
/// the same model: the unit moves with the money, and [`in_units`] rounds away
/// the last bits in which `12e6 / 1e7` and `12 / 10` differ.
pub(crate) fn money_unit(s: &Scenario) -> f64 {
    let top = s
        .tasks
        .iter()
        .flat_map(|t| t.cost.iter().copied())
        .fold(0.0, f64::max);
    if !(top > 0.0 && top.is_finite()) {
        return 1.0;
    }
    let unit = 10f64.powi(top.log10().floor() as i32);
    // log10 of a power of ten can land just below it
    if top / unit >= 10.0 {
        unit * 10.0
    } else {
        unit
    }
}

/// The smallest amount of money a scenario writes (its least positive cost or
/// budget; 1 when there is none): the floor of the tolerances of checks in
/// money, so that they hold the same in any unit money is written in and a
/// small cost beside a huge one is still checked to its own size.
pub(crate) fn money_floor(s: &Scenario) -> f64 {
    let costs = s.tasks.iter().flat_map(|t| t.cost.iter().copied());
    let budgets = s.countries.iter().filter_map(|c| c.budget);
    let least = costs
        .chain(budgets)
        .filter(|&x| x > 0.0 && x.is_finite())
        .fold(f64::INFINITY, f64::min);
    if least.is_finite() {
        least
    } else {
        1.0
    }
}

/// `x / unit`, rounded to 12 significant digits: money in model units, the
/// same for every power of ten the scenario's money was written in.
pub(crate) fn in_units(x: f64, unit: f64) -> f64 {
    sig12(x / unit)
}

/// A built model, ready for a solver.
pub(crate) struct Model {
    pub vars: ProblemVariables,
    pub n_cols: usize,
    /// `x[t][i]`: country i leads task t; `None` where it cannot.
    pub x: Vec<Vec<Option<Var>>>,
    /// `y[t]`: optional task t is led (absent for required tasks, which always are).
    pub y: Vec<Option<Var>>,
    /// `money[t][i]`: what i pays for t; `None` where it cannot pay.
    pub money: Option<Vec<Vec<Option<Pay>>>>,
    /// Money per model unit of the money variables (see [`money_unit`]).
    pub money_unit: f64,
    pub objective: Expression,
    pub maximise: bool,
    pub constraints: Vec<Constraint>,
    /// Objective coefficients are integers on binaries only: a gap below 1 proves optimality.
    pub integral_objective: bool,
    /// What each column stands for, in column order.
    pub cols: Vec<Col>,
    /// What each row stands for, in the order of `constraints`.
    pub rows: Vec<Row>,
    /// A first plan to start the search from: `(column, value)` of integer
    /// columns (others are completed by the LP); empty when none.
    pub start: Vec<(usize, f64)>,
}

/// Reads a plan's leads and payments from a solution's column values, so that
/// column indices never leave the model and the solve module.
pub(crate) struct PlanReader {
    x: Vec<Vec<Option<usize>>>,
    money: Option<Vec<Vec<Option<Pay>>>>,
    unit: f64,
}

impl PlanReader {
    /// Per task, the countries that lead it (in country order).
    pub fn leads(&self, values: &[f64]) -> Vec<Vec<usize>> {
        self.x
            .iter()
            .map(|row| {
                (0..row.len())
                    .filter(|&i| row[i].is_some_and(|c| values[c] > 0.5))
                    .collect()
            })
            .collect()
    }

    /// Per task and country, what the country pays (in money, not model units);
    /// `None` when the model has no money variables.
    pub fn money(&self, values: &[f64]) -> Option<Vec<Vec<f64>>> {
        self.money.as_ref().map(|mc| {
            mc.iter()
                .map(|row| {
                    row.iter()
                        .map(|p| p.map_or(0.0, |p| p.value(values, self.unit)))
                        .collect()
                })
                .collect()
        })
    }
}

impl Model {
    /// An empty model that maximises (or minimises) its objective.
    pub fn new(maximise: bool) -> Self {
        Model {
            vars: ProblemVariables::new(),
            n_cols: 0,
            x: Vec::new(),
            y: Vec::new(),
            money: None,
            money_unit: 1.0,
            objective: Expression::from(0.0),
            maximise,
            constraints: Vec::new(),
            integral_objective: false,
            cols: Vec::new(),
            rows: Vec::new(),
            start: Vec::new(),
        }
    }

    /// What reads this model's plan back from a solution.
    pub fn reader(&self) -> PlanReader {
        PlanReader {
            x: self
                .x
                .iter()
                .map(|row| row.iter().map(|v| v.map(|v| v.col)).collect())
                .collect(),
            money: self.money.clone(),
            unit: self.money_unit,
        }
    }

    /// Adds an auxiliary column.
    pub fn add(&mut self, def: good_lp::VariableDefinition) -> Var {
        self.add_as(def, Col::Aux)
    }

    /// Adds a column labelled with what it stands for.
    pub fn add_as(&mut self, def: good_lp::VariableDefinition, col: Col) -> Var {
        let v = self.vars.add(def);
        self.cols.push(col);
        self.n_cols += 1;
        Var {
            v,
            col: self.n_cols - 1,
        }
    }

    /// Adds a row labelled with what it stands for.
    pub fn push(&mut self, row: Row, c: Constraint) {
        self.constraints.push(c);
        self.rows.push(row);
    }

    /// Sum of the lead variables of country `i` over tasks `ts`.
    pub fn leads_of(&self, i: usize, ts: impl Iterator<Item = usize>) -> Expression {
        ts.filter_map(|t| self.x[t][i])
            .map(|x| Expression::from(x.v))
            .sum()
    }

    /// Sum of the lead variables of task `t`.
    pub fn leads_on(&self, t: usize) -> Expression {
        self.x[t]
            .iter()
            .flatten()
            .map(|x| Expression::from(x.v))
            .sum()
    }
}
