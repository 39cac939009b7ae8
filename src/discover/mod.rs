//! Scenario discovery: under which assumptions does the plan break?
//!
//! `leadplan discover SWEEP_DIR --target T` runs PRIM (the patient rule
//! induction method; Friedman and Fisher 1999, Bryant and Lempert 2010) on a
//! finished sweep's runs, with the semantics of the EMA Workbench's
//! `ema_workbench/analysis/prim.py` ([`prim`]), and answers with boxes: ranges
//! of the swept parameters, in the scenario's units, inside which the target
//! (no plan, the baseline surviving, a country leading a task, ...) is
//! concentrated. Each box comes with its peeling trajectory (coverage against
//! density), the quasi-p-value of each restriction, and a sentence whose
//! numbers are counted from the runs ([`render`]).
//!
//! ```text
//! SweepResults --target--> Table (parameters x runs, yes/no) --prim--> trajectories
//!   --cover: choose a point, remove its runs, again--> boxes --render--> text / JSON
//! ```

pub mod cover;
pub mod finding;
pub mod limits;
pub mod prim;
pub mod render;
pub mod target;

use serde::Serialize;

use crate::error::Error;
use crate::scenario::Scenario;
use crate::sweep::data::SweepResults;

pub use cover::Choice;
pub use limits::Kind;
pub use target::Target;

/// One point of a trajectory.
#[derive(Clone, Debug, Serialize)]
pub struct Point {
    /// Its index on the trajectory (`--box`).
    pub point: usize,
    /// Share of all cases of interest in the box.
    pub coverage: f64,
    /// Share of the box's runs that are cases.
    pub density: f64,
    /// Share of the runs analysed in the box.
    pub mass: f64,
    /// Runs in the box.
    pub runs: usize,
    /// Cases in the box.
    pub cases: usize,
    /// Parameters restricted.
    pub restricted: usize,
}

/// One restricted parameter of a chosen box.
#[derive(Clone, Debug, Serialize)]
pub struct Restriction {
    /// Parameter name.
    pub parameter: String,
    /// Real, integer or categorical.
    pub kind: Kind,
    /// Lowest value in the box, where the lower side is restricted.
    pub lower: Option<f64>,
    /// Highest value in the box, where the upper side is restricted.
    pub upper: Option<f64>,
    /// Categories kept (categorical parameters).
    pub categories: Option<Vec<f64>>,
    /// Quasi-p-value of the lower limit (of the category set, for a categorical one).
    pub p_lower: Option<f64>,
    /// Quasi-p-value of the upper limit.
    pub p_upper: Option<f64>,
}

/// One box of the covering.
#[derive(Clone, Debug, Serialize)]
pub struct FoundBox {
    /// The trajectory point chosen.
    pub chosen: usize,
    /// Its statistics.
    pub stats: Point,
    /// Its restrictions, in parameter order.
    pub restrictions: Vec<Restriction>,
    /// The sentence, with numbers counted from the runs.
    pub sentence: String,
    /// The whole trajectory.
    pub trajectory: Vec<Point>,
    /// Whether the chosen point is PRIM's box with the limits whose
    /// quasi-p-value was above 0.05 lifted and the box counted again (it is
    /// then the trajectory's last point).
    pub pruned: bool,
    /// Whether the box passes the thresholds of [`finding`]: only then is it
    /// presented as a finding.
    pub finding: bool,
    /// Why it is not a finding (empty when it is).
    pub not_a_finding: Vec<String>,
}

/// What `discover` found.
#[derive(Clone, Debug, Serialize)]
pub struct Discovery {
    /// The target as given.
    pub target: String,
    /// Runs analysed.
    pub runs: usize,
    /// Runs left out (they cannot answer the question: errors, invalid scenarios, ...).
    pub excluded: usize,
    /// Cases of interest among the runs analysed.
    pub cases: usize,
    /// The rule that chose each box.
    pub rule: String,
    /// The thresholds a box passes to be a finding ([`finding`]).
    pub finding_rule: String,
    /// Boxes that are findings.
    pub findings: usize,
    /// What to say when no box is a finding.
    pub no_finding: String,
    /// Boxes, in the order found (findings or not: see each box's `finding`).
    pub boxes: Vec<FoundBox>,
    /// A sweep with correlated inputs: what its boxes can and cannot say
    /// (absent when the parameters were sampled independently).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correlated_inputs: Option<String>,
}

impl Discovery {
    /// The boxes presented as findings.
    pub fn found(&self) -> impl Iterator<Item = &FoundBox> {
        self.boxes.iter().filter(|b| b.finding)
    }
}

/// The request.
#[derive(Clone, Debug)]
pub struct Request {
    /// `--target`, as written.
    pub target: String,
    /// Parameters peeled as categories.
    pub categorical: Vec<String>,
    /// Box choice and tuning.
    pub choice: Choice,
}

/// PRIM on a sweep's runs.
pub fn discover(sw: &SweepResults, s: &Scenario, req: &Request) -> Result<Discovery, Error> {
    let target = Target::parse(&req.target, s)?;
    for c in &req.categorical {
        if !sw.parameters.contains(c) {
            return Err(Error::Usage(format!(
                "--categorical `{c}` is not a parameter of this sweep; parameters: {}",
                sw.parameters.join(", ")
            )));
        }
    }
    let mut rows = Vec::new();
    let mut y = Vec::new();
    for r in &sw.run_rows {
        if let Some(case) = target.case(r, sw)? {
            if r.values.iter().all(|v| v.is_finite()) {
                rows.push(r);
                y.push(case);
            }
        }
    }
    let cols = sw
        .parameters
        .iter()
        .enumerate()
        .map(|(j, name)| {
            let values = rows.iter().map(|r| r.values[j]).collect();
            limits::Column::new(name.clone(), values, req.categorical.contains(name))
        })
        .collect::<Result<Vec<_>, String>>()
        .map_err(Error::Usage)?;
    let table = limits::Table::new(cols, y);
    if table.cases == 0 {
        return Err(Error::Usage(format!(
            "no run of the {} analysed is a case of `{}`: there is nothing to discover",
            rows.len(),
            req.target
        )));
    }
    let found = cover::cover(&table, &req.choice).map_err(Error::Usage)?;
    let words = target.words(s);
    let mut remaining: Vec<usize> = (0..table.y.len()).collect();
    let mut boxes = Vec::new();
    let base = table.cases as f64 / table.y.len().max(1) as f64;
    for (i, f) in found.iter().enumerate() {
        let mut b = render::found_box(&table, f, &remaining, i, &words);
        b.not_a_finding = finding::shortfalls(&b, base);
        b.finding = b.not_a_finding.is_empty();
        boxes.push(b);
        let shown = render::printed(&table, &f.chosen().limits);
        remaining.retain(|&r| !table.inside(r, &shown));
    }
    Ok(Discovery {
        target: req.target.clone(),
        runs: rows.len(),
        excluded: sw.run_rows.len() - rows.len(),
        cases: table.cases,
        rule: render::rule(&req.choice),
        finding_rule: finding::rule(),
        findings: boxes.iter().filter(|b| b.finding).count(),
        no_finding: target.no_finding(s),
        boxes,
        correlated_inputs: sw
            .input_correlation
            .as_ref()
            .map(|c| crate::sweep::correlation_record::discovery_caveat(c, sw.parameters.len())),
    })
}

/// The default question for a sweep: `infeasible` when some runs have no
/// plan, else `survival`; the box chosen by the default rule.
pub fn default_discovery(sw: &SweepResults, s: &Scenario) -> Result<Discovery, Error> {
    let infeasible = sw.run_rows.iter().any(|r| r.status == "infeasible");
    let req = Request {
        target: if infeasible { "infeasible" } else { "survival" }.into(),
        categorical: Vec::new(),
        choice: Choice {
            tuning: prim::Tuning::default(),
            min_density: 0.8,
            max_boxes: 1,
            first: None,
        },
    };
    discover(sw, s, &req)
}

#[cfg(test)]
mod tests;
