//! What a correlated sweep records next to its outputs, and what its readers
//! say about it.
//!
//! `manifest.json` and `summary.json` carry a [`CorrelationRecord`]: the
//! method, the correlated parameters, the Spearman matrix asked for in the
//! sweep file ([`super::correlation`]) and the one the runs got, measured
//! here over every run of the design on the values the runs record. The
//! sentences the summary, the report, the drivers chart and `discover` print
//! for a correlated sweep are written here, once.

use serde::{Deserialize, Serialize};

use super::apply::recorded_value;
use super::iman_conover::Matrix;
use super::screen::{pearson, ranks};
use super::spec::Sweep;

/// How the correlation is induced, as recorded in the outputs.
pub const METHOD: &str = "Iman-Conover (1982): each correlated parameter's column of the design reordered to follow van der Waerden scores with Pearson correlation 2 sin(pi rho / 6); the design's own values are kept";

/// What a correlated sweep records in `manifest.json` and `summary.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CorrelationRecord {
    /// How the correlation was induced.
    pub method: String,
    /// The correlated parameters, in parameter order.
    pub parameters: Vec<String>,
    /// Spearman's rho asked for, by pairs of `parameters`.
    pub requested: Matrix,
    /// Spearman's rho (ties at their average rank) of the values the runs
    /// record, over all the design's runs, 6 decimals.
    pub achieved: Matrix,
}

/// The record of `sweep`'s correlation (`None` when it has none); the achieved
/// matrix is computed once per sweep, serially, over every run of the design.
pub fn record(sweep: &Sweep) -> Option<CorrelationRecord> {
    let c = sweep.design.correlated.as_ref()?;
    let achieved = c
        .achieved
        .get_or_init(|| achieved(sweep, &c.request.params));
    Some(CorrelationRecord {
        method: METHOD.into(),
        parameters: c.request.names.clone(),
        requested: c.request.spearman.clone(),
        achieved: achieved.clone(),
    })
}

/// Spearman's rho between the recorded values of `params` over every run.
fn achieved(sweep: &Sweep, params: &[usize]) -> Matrix {
    let n = sweep.design.runs();
    let mut cols: Vec<Vec<f64>> = (0..params.len())
        .map(|_| Vec::with_capacity(n as usize))
        .collect::<Vec<Vec<f64>>>();
    for r in 0..n {
        let u = sweep.design.point(r);
        for (col, &j) in cols.iter_mut().zip(params) {
            col.push(recorded_value(sweep, &sweep.params[j], u[j]));
        }
    }
    let ranked: Vec<Vec<f64>> = cols.iter().map(|c| ranks(c)).collect();
    let round = |x: f64| (x * 1e6).round() / 1e6;
    (0..params.len())
        .map(|i| {
            (0..params.len())
                .map(|j| match i == j {
                    true => 1.0,
                    // A parameter whose recorded values are all equal has no rank correlation.
                    false => pearson(&ranked[i], &ranked[j]).map_or(0.0, round),
                })
                .collect()
        })
        .collect()
}

/// The caveat the drivers' readers print for a correlated sweep.
pub fn drivers_caveat(rec: &CorrelationRecord) -> String {
    format!(
        "{} parameters were sampled with rank correlations between them ([[sweep.correlation]]; Iman-Conover): a parameter's rho with an output includes the effect of the parameters it moves with, so a correlated parameter can pass the test without driving anything itself.",
        rec.parameters.len()
    )
}

impl CorrelationRecord {
    /// The largest gap between the achieved and the requested rho, over every pair.
    pub fn largest_gap(&self) -> f64 {
        self.requested
            .iter()
            .flatten()
            .zip(self.achieved.iter().flatten())
            .map(|(r, a)| (a - r).abs())
            .fold(0.0, f64::max)
    }

    /// One sentence for people: how many parameters, and how close the runs came.
    pub fn describe(&self) -> String {
        format!(
            "Correlated inputs: {} parameters sampled with rank correlations (Iman-Conover, marginals unchanged); over the runs every pair's Spearman rho is within {:.3} of the rho asked for (both matrices in summary.json)",
            self.parameters.len(),
            self.largest_gap()
        )
    }

    /// Whether `parameter` is one of the correlated parameters.
    pub fn has(&self, parameter: &str) -> bool {
        self.parameters.iter().any(|p| p == parameter)
    }
}

/// The caveat scenario discovery prints for a correlated sweep of `k` parameters.
pub fn discovery_caveat(rec: &CorrelationRecord, k: usize) -> String {
    format!(
        "{} of the {k} parameters were sampled with rank correlations (Iman-Conover; the pairs are in summary.json): a box says where the cases concentrate, and a limit on a correlated parameter may stand for the parameters it moves with",
        rec.parameters.len()
    )
}
