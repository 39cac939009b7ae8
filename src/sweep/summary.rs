//! What a sweep says about the plan, as data: the summary behind every format.
//!
//! Built serially in run order by [`super::stats::Aggregator`]; floats are
//! rounded here (9 decimals) so the JSON, text and Markdown show the same
//! numbers and no float noise. Countries and tasks are named by id.

use serde::{Serialize, Serializer};

/// Pairs written as a JSON object, keeping their order.
#[derive(Clone, Debug, PartialEq)]
pub struct Pairs<V>(pub Vec<(String, V)>);

impl<V: Serialize> Serialize for Pairs<V> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = ser.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Whether a parameter rescales the objective (an objective weight): it changes
/// what the objective counts, so it moves the objective even where no lead changes,
/// and objectives of runs with different values are on different scales.
pub fn rescales_objective(parameter: &str) -> bool {
    parameter.starts_with("policy.weights.")
}

/// `2,000`: a count with thousands separators.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `21.1% of the 834 optimal runs, 8.8% of all 2,000`: a share of the optimal
/// runs given against both denominators.
pub fn share_of_runs(share: f64, optimal: u64, runs: u64) -> String {
    let pct = |x: f64| format!("{:.1}%", x * 100.0);
    let of_all = if runs > 0 {
        share * optimal as f64 / runs as f64
    } else {
        0.0
    };
    if optimal == runs {
        return format!("{} of the {} runs (all optimal)", pct(share), count(runs));
    }
    format!(
        "{} of the {} optimal runs, {} of all {}",
        pct(share),
        count(optimal),
        pct(of_all),
        count(runs)
    )
}

/// Whole-plan survival in context: per-task survival first, then the whole
/// plan against what independent tasks would give (the product of the
/// per-task rates): `each of the 15 tasks keeps its leads in 85.0% to 100.0% of
/// the runs (median 97.0%); the whole plan survives intact in 0.3%, about the
/// 0.4% that independent tasks would give (the product of the per-task rates)`. `whole` is worded by the caller
/// (one or both denominators).
pub fn survival_in_context(stability: &[f64], whole: &str, survival: f64) -> String {
    let pct = |x: f64| format!("{:.1}%", x * 100.0);
    if stability.len() < 2 {
        return format!("the plan survives intact in {whole}");
    }
    let mut sorted = stability.to_vec();
    sorted.sort_by(f64::total_cmp);
    let m = sorted.len();
    let median = if m % 2 == 1 {
        sorted[m / 2]
    } else {
        (sorted[m / 2 - 1] + sorted[m / 2]) / 2.0
    };
    let independent: f64 = stability.iter().product();
    let near = (survival - independent).abs() < 0.005
        || (independent > 0.0 && (2.0 / 3.0..=1.5).contains(&(survival / independent)));
    let rates = "(the product of the per-task rates)";
    let base = pct(independent);
    let compared = if near {
        format!("about the {base} that independent tasks would give {rates}")
    } else if survival > independent {
        format!("more than the {base} that independent tasks would give {rates}: leads tend to change together")
    } else {
        format!("less than the {base} that independent tasks would give {rates}: changes tend to fall in different runs")
    };
    let each = if sorted[0] == sorted[m - 1] {
        format!("in {} of the runs", pct(sorted[0]))
    } else {
        format!(
            "in {} to {} of the runs (median {})",
            pct(sorted[0]),
            pct(sorted[m - 1]),
            pct(median)
        )
    };
    format!(
        "each of the {m} tasks keeps its leads {each}; the whole plan survives intact in {whole}, {compared}"
    )
}

/// Mean, standard deviation and percentiles of a quantity over runs (written to
/// `summary.json`, and read back from it by [`crate::sweep::data`]).
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Distribution {
    /// Runs counted.
    pub n: u64,
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation (0 for one run).
    pub sd: f64,
    /// Smallest.
    pub min: f64,
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Largest.
    pub max: f64,
}

/// The baseline: the base scenario's own optimal plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Baseline {
    /// Its objective.
    pub objective: f64,
    /// Lead ids per task id.
    pub leads: Pairs<Vec<String>>,
}

/// How the baseline plan fares in the runs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Regret {
    /// Optimal runs in which the baseline leads are still feasible.
    pub baseline_feasible: u64,
    /// Optimal runs in which they break a constraint.
    pub baseline_infeasible: u64,
    /// Feasible runs in which the baseline plan is worse than the run's optimum (by more than 1e-9).
    pub positive: u64,
    /// Regret (run optimum minus baseline plan's objective) over the feasible runs.
    pub regret: Option<Distribution>,
}

/// One task's view.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TaskSummary {
    /// Task id.
    pub task: String,
    /// Lead ids in the baseline plan.
    pub baseline_leads: Vec<String>,
    /// Share of optimal runs whose leads of this task equal the baseline's.
    pub stability: Option<f64>,
    /// Share of optimal runs in which each country leads it.
    pub lead_frequency: Pairs<f64>,
}

/// Rank correlation of one parameter with the outputs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScreenRow {
    /// Parameter name.
    pub parameter: String,
    /// Spearman's rho with the objective.
    pub rho_objective: Option<f64>,
    /// Spearman's rho with whole-plan survival (1 when the plan equals the baseline).
    pub rho_survival: Option<f64>,
    /// Two-sided p-value of `rho_objective` ([`super::significance`]).
    pub p_objective: Option<f64>,
    /// Two-sided p-value of `rho_survival`.
    pub p_survival: Option<f64>,
    /// Whether `rho_objective` passes the test, corrected over the parameters.
    pub significant_objective: bool,
    /// Whether `rho_survival` passes it: the parameter is a driver of the plan.
    pub significant_survival: bool,
}

/// Rank-correlation screening.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Screening {
    /// Optimal runs used.
    pub runs_used: u64,
    /// Every `stride`-th run is screened.
    pub stride: u64,
    /// The test a correlation passes to count as a driver, in words.
    pub test: String,
    /// One row per parameter, in parameter order.
    pub parameters: Vec<ScreenRow>,
}

/// One parameter's Sobol indices.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SobolRow {
    /// Parameter name.
    pub parameter: String,
    /// The indices.
    #[serde(flatten)]
    pub index: super::sobol::Index,
}

/// Sobol indices of a Saltelli design.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sobol {
    /// Base samples in the design.
    pub base_samples: u64,
    /// Base samples whose runs all ended optimal (the others are left out).
    pub samples_used: u64,
    /// Bootstrap resamples behind the intervals.
    pub bootstrap: u64,
    /// Runs of the complete samples in which the plan differs from the baseline.
    pub plan_changes: u64,
    /// Indices for the objective (`None` when it does not vary).
    pub objective: Option<Vec<SobolRow>>,
    /// Indices for whole-plan survival (`None` without baseline or variation).
    pub plan_survival: Option<Vec<SobolRow>>,
}

impl Summary {
    /// Runs that ended optimal (the denominator of every share in the summary).
    pub fn optimal_runs(&self) -> u64 {
        self.status
            .0
            .iter()
            .find(|(k, _)| k == "optimal")
            .map_or(0, |(_, n)| *n)
    }

    /// The parameters that rescale the objective ([`rescales_objective`]).
    pub fn weights_varied(&self) -> Vec<&str> {
        self.parameters
            .iter()
            .map(String::as_str)
            .filter(|p| rescales_objective(p))
            .collect()
    }
}

/// Everything the sweep found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// Base scenario name.
    pub scenario: String,
    /// Design name.
    pub design: &'static str,
    /// Runs in the design.
    pub runs: u64,
    /// Parameter names.
    pub parameters: Vec<String>,
    /// Rank correlations induced between parameters, asked for and achieved
    /// (absent: independent parameters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correlation: Option<super::correlation_record::CorrelationRecord>,
    /// Runs per status.
    pub status: Pairs<u64>,
    /// Runs that did not end optimal.
    pub failed: u64,
    /// The base scenario's plan (`None` when it has none).
    pub baseline: Option<Baseline>,
    /// Objective over optimal runs.
    pub objective: Option<Distribution>,
    /// Regret of the baseline plan.
    pub regret: Option<Regret>,
    /// Share of optimal runs whose whole plan equals the baseline.
    pub plan_survival: Option<f64>,
    /// Per task.
    pub tasks: Vec<TaskSummary>,
    /// Rank-correlation screening.
    pub screening: Screening,
    /// Sobol indices (Saltelli designs).
    pub sobol: Option<Sobol>,
    /// Morris screening (Morris designs; absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub morris: Option<Morris>,
}

/// Morris elementary-effect screening ([`super::morris`]); read back by
/// [`crate::sweep::data`] for the drivers chart and the report.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Morris {
    /// Trajectories in the design.
    pub trajectories: u64,
    /// Grid levels per parameter.
    pub levels: u64,
    /// mu, mu* and sigma of the objective (effects where both runs are optimal).
    pub objective: Vec<super::morris::Effects>,
    /// The same for whole-plan survival, 1 or 0 (`None` without a baseline plan).
    pub plan_survival: Option<Vec<super::morris::Effects>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(834), "834");
        assert_eq!(count(2000), "2,000");
        assert_eq!(count(1234567), "1,234,567");
    }

    #[test]
    fn defect6_a_share_is_given_against_both_denominators() {
        assert_eq!(
            share_of_runs(176.0 / 834.0, 834, 2000),
            "21.1% of the 834 optimal runs, 8.8% of all 2,000"
        );
        assert_eq!(
            share_of_runs(0.5, 60, 60),
            "50.0% of the 60 runs (all optimal)"
        );
        assert!(
            rescales_objective("policy.weights.cost") && !rescales_objective("country.A.capacity")
        );
    }
}
