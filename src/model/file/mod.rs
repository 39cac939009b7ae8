//! The model leadplan solves, as a file any MILP solver reads (`solve --write-model`).
//!
//! A researcher checks leadplan's model in their own solver (Gurobi, CPLEX, SCIP,
//! HiGHS's own tools) by reading the very columns and rows leadplan hands to its
//! solver. [`linear_model`] builds the model exactly as `leadplan solve` does and
//! reads it out of good_lp into plain data (named columns, rows in good_lp's
//! normalised `<=` / `=` form, the objective); [`mps`] and [`lp`] write that data
//! as free MPS and CPLEX LP. Names are made safe for both formats in [`names`].
//! `docs/src/model.md`, "Model files", says what each name means.

mod lp;
mod mps;
mod names;

use std::collections::HashMap;
use std::path::Path;

use good_lp::{IntoAffineExpression, Variable};

use super::{build, Model, Restrictions};
use crate::error::Error;
use crate::scenario::Scenario;

/// A model file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModelFormat {
    /// Free-format MPS (`.mps`).
    Mps,
    /// CPLEX LP (`.lp`).
    Lp,
}

impl ModelFormat {
    /// The format a file name asks for, by its extension (`.mps` or `.lp`, any case).
    pub fn from_path(path: &Path) -> Result<ModelFormat, Error> {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        match ext.to_ascii_lowercase().as_str() {
            "mps" => Ok(ModelFormat::Mps),
            "lp" => Ok(ModelFormat::Lp),
            _ => Err(Error::Usage(format!(
                "--write-model {}: the format comes from the extension; \
                 name the file model.mps (free MPS) or model.lp (CPLEX LP)",
                path.display()
            ))),
        }
    }
}

/// A row's sense, in good_lp's normalised form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sense {
    /// `terms <= rhs`.
    Le,
    /// `terms = rhs`.
    Eq,
}

/// One column: a variable with its bounds.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// Safe, unique name (see `docs/src/model.md`).
    pub name: String,
    /// Lower bound (may be `-inf`).
    pub lower: f64,
    /// Upper bound (may be `inf`).
    pub upper: f64,
    /// Whether the column is integer (every integer column of leadplan is binary).
    pub integer: bool,
}

/// One row: `Σ coef · column (sense) rhs`.
#[derive(Clone, Debug, PartialEq)]
pub struct LinearRow {
    /// Safe, unique name.
    pub name: String,
    /// `(column index, coefficient)`, by column index, no zero coefficients.
    pub terms: Vec<(usize, f64)>,
    /// `<=` or `=`.
    pub sense: Sense,
    /// Right-hand side.
    pub rhs: f64,
}

/// A MILP as plain data: what a model file holds.
#[derive(Clone, Debug, PartialEq)]
pub struct LinearModel {
    /// The scenario's name (free text, for a comment line).
    pub scenario: String,
    /// Maximise (leadplan's planning model always does) or minimise.
    pub maximise: bool,
    /// Objective `(column index, coefficient)`, by column index. A constant term,
    /// if any, is the coefficient of a column `obj_constant` fixed to 1.
    pub objective: Vec<(usize, f64)>,
    /// Columns in leadplan's column order.
    pub columns: Vec<Column>,
    /// Rows in leadplan's row order.
    pub rows: Vec<LinearRow>,
    /// Money per model unit of the `pay_*` columns (1 unless costs exceed 1e4).
    pub money_unit: f64,
}

impl LinearModel {
    /// The model in `format`.
    pub fn write(&self, format: ModelFormat) -> String {
        match format {
            ModelFormat::Mps => mps::write(self),
            ModelFormat::Lp => lp::write(self),
        }
    }
}

/// The model `leadplan solve` hands its solver first (no restrictions; money in
/// [`money_unit`](LinearModel::money_unit)s), as plain data.
pub fn linear_model(s: &Scenario) -> LinearModel {
    extract(&build(s, &Restrictions::default()), s)
}

/// Reads a built model out of good_lp, naming every column and row.
pub(crate) fn extract(m: &Model, s: &Scenario) -> LinearModel {
    let col_of: HashMap<Variable, usize> = m
        .vars
        .iter_variables_with_def()
        .enumerate()
        .map(|(k, (v, _))| (v, k))
        .collect();
    let mut columns: Vec<Column> = m
        .vars
        .iter_variables_with_def()
        .map(|(_, d)| Column {
            name: String::new(),
            lower: d.get_min(),
            upper: d.get_max(),
            integer: d.is_integer(),
        })
        .collect();
    let mut objective = terms(&m.objective, &col_of);
    let constant = m.objective.constant();
    if constant != 0.0 || columns.is_empty() {
        objective.push((columns.len(), constant));
        columns.push(Column {
            name: String::new(),
            lower: 1.0,
            upper: 1.0,
            integer: false,
        });
    }
    let rows = m
        .constraints
        .iter()
        .map(|c| LinearRow {
            name: String::new(),
            terms: terms(c.expression(), &col_of),
            sense: if c.is_equality() {
                Sense::Eq
            } else {
                Sense::Le
            },
            rhs: 0.0 - c.expression().constant(),
        })
        .collect();
    let mut lm = LinearModel {
        scenario: s.name.clone(),
        maximise: m.maximise,
        objective,
        columns,
        rows,
        money_unit: m.money_unit,
    };
    names::assign(&mut lm, m, s);
    lm
}

/// An expression's nonzero coefficients by column index.
fn terms(e: &good_lp::Expression, col_of: &HashMap<Variable, usize>) -> Vec<(usize, f64)> {
    let mut t: Vec<(usize, f64)> = e
        .linear_coefficients()
        .filter(|(_, c)| *c != 0.0)
        .map(|(v, c)| (col_of[&v], c))
        .collect();
    t.sort_by_key(|(k, _)| *k);
    t
}

/// A number as both formats read it back exactly: whole numbers without a
/// fraction, others in Rust's shortest round-trip form (`0.1`, `1e-7`).
pub(crate) fn num(v: f64) -> String {
    if v == 0.0 {
        "0".to_string()
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:?}")
    }
}

#[cfg(test)]
mod tests {
    /// A robust model's specification over two futures.
    fn spec(
        goal: crate::model::robust::RobustGoal,
        threshold: Option<f64>,
    ) -> crate::model::robust::RobustSpec {
        crate::model::robust::RobustSpec {
            goal,
            weights: vec![0.5, 0.5],
            optima: vec![Some(1.0), Some(1.0)],
            thresholds: vec![threshold.unwrap_or(0.0); 2],
            feasible_share: None,
        }
    }

    use super::*;
    use crate::model::{build_elastic, build_robust, robust};

    fn trilateral() -> Scenario {
        Scenario::load(Path::new("scenarios/trilateral-public-goods.toml")).unwrap()
    }

    /// Every model kind labels each column and row it builds, so names never
    /// shift onto the wrong row.
    #[test]
    fn labels_stay_parallel_to_columns_and_rows_in_every_model_kind() {
        let s = trilateral();
        let models = [
            build(&s, &Restrictions::default()),
            build(
                &s,
                &Restrictions {
                    shortfall_penalty: Some(5.0),
                    exclude: vec![vec![(0, 0)]],
                    ..Restrictions::default()
                },
            ),
            build_elastic(&s, &[], crate::model::ElasticGoal::Count).0,
            build_robust(
                &[s.clone(), s.clone()],
                &spec(robust::RobustGoal::Worst, None),
            ),
            build_robust(
                &[s.clone(), s.clone()],
                &spec(robust::RobustGoal::Regret, None),
            ),
            build_robust(
                &[s.clone(), s.clone()],
                &spec(robust::RobustGoal::Satisficing, Some(0.5)),
            ),
            build_robust(&[s.clone(), s.clone()], &{
                let mut sp = spec(robust::RobustGoal::Worst, None);
                sp.feasible_share = Some(0.5);
                sp
            }),
        ];
        for m in &models {
            assert_eq!(m.cols.len(), m.n_cols);
            assert_eq!(m.rows.len(), m.constraints.len());
        }
    }

    #[test]
    fn the_solve_model_names_its_columns_by_country_and_task() {
        let lm = linear_model(&trilateral());
        let names: Vec<&str> = lm.columns.iter().map(|c| c.name.as_str()).collect();
        assert!(names.contains(&"x_JP_legal_code_drafting"), "{names:?}");
        assert!(names.contains(&"dev_KR"), "{names:?}");
        assert!(lm.rows.iter().any(|r| r.name == "capacity_JP"));
        assert!(lm.maximise);
    }

    #[test]
    fn numbers_are_written_exactly_and_briefly() {
        for v in [0.0, -0.0, 1.0, -3.0, 0.1, 1e-7, 2.5e20, 1.0 / 3.0] {
            let text = num(v);
            assert_eq!(text.parse::<f64>().unwrap(), v, "{text}");
            assert!(!text.contains(' ') && text.len() <= 24, "{text}");
        }
        assert_eq!(num(2.0), "2");
        assert_eq!(num(-0.0), "0");
    }

    #[test]
    fn the_format_comes_from_the_extension() {
        assert_eq!(
            ModelFormat::from_path(Path::new("a.MPS")).unwrap(),
            ModelFormat::Mps
        );
        assert_eq!(
            ModelFormat::from_path(Path::new("a.lp")).unwrap(),
            ModelFormat::Lp
        );
        assert!(ModelFormat::from_path(Path::new("a.txt")).is_err());
        assert!(ModelFormat::from_path(Path::new("-")).is_err());
    }
}
