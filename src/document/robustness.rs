//! The sweep sections: how robust the plan is, what drives it, and the weights' trade-off.

use super::words::named;
use super::{text, Block, Inline, ReportInputs};
use crate::chart::ChartKind;
use crate::fmt::{fmt_num, plural};
use crate::scenario::Scenario;
use crate::sweep::data::{Against, Distribution, Frontier, SweepResults};
use crate::sweep::significance::{nothing_stands_out, rule};
use crate::sweep::summary::{rescales_objective, share_of_runs, survival_in_context};

const DRIVERS_SHOWN: usize = 12;

fn r4(x: f64) -> String {
    fmt_num((x * 1e4).round() / 1e4)
}

fn pct(x: f64) -> String {
    format!("{}%", fmt_num((x * 1000.0).round() / 10.0))
}

fn ids(s: &Scenario, leads: &[usize]) -> String {
    let v: Vec<&str> = leads.iter().map(|&i| s.countries[i].id.as_str()).collect();
    if v.is_empty() {
        "(none)".into()
    } else {
        v.join(" + ")
    }
}

fn dist_row(name: &str, d: &Distribution) -> Vec<String> {
    let mut row = vec![name.to_string(), d.n.to_string()];
    row.extend([d.mean, d.sd, d.min, d.p5, d.p50, d.p95, d.max].map(r4));
    row
}

fn overview(sw: &SweepResults) -> Vec<Block> {
    let counts: Vec<String> = sw
        .status
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{n} {}", k.replace('_', " ")))
        .collect();
    let mut out = vec![
        Block::Heading(2, "Robustness".into()),
        Block::Para(text(format!(
            "A {} sweep of {} (seed {}) over {}: {}. Statistics below are over the runs that ended with an optimal plan.",
            sw.design,
            plural(sw.runs, "run", "runs"),
            sw.seed,
            plural(sw.parameters.len(), "parameter", "parameters"),
            counts.join(", ")
        ))),
    ];
    if let Some(c) = &sw.input_correlation {
        out.push(Block::Para(text(format!("{}.", c.describe()))));
    }
    let weights = weights_varied(sw);
    let all_weights = all_weights(sw);
    let optimal = sw
        .status
        .iter()
        .find(|(k, _)| k == "optimal")
        .map_or(0, |(_, n)| *n);
    if let Some(v) = sw.plan_survival {
        let stability: Vec<f64> = sw.tasks.iter().filter_map(|t| t.stability).collect();
        out.push(Block::Para(text(format!(
            "Against the baseline plan, {}.",
            survival_in_context(&stability, &share_of_runs(v, optimal, sw.runs), v)
        ))));
    }
    let mut rows = Vec::new();
    if let Some(d) = sw.objective.as_ref().filter(|_| !all_weights) {
        rows.push(dist_row("objective of the run's optimal plan", d));
    }
    let regret = sw.regret.as_ref().and_then(|r| r.regret.as_ref());
    if let Some(d) = regret.filter(|_| !all_weights) {
        rows.push(dist_row("regret of the baseline plan", d));
    }
    if !rows.is_empty() {
        let headers = [
            "quantity", "runs", "mean", "sd", "min", "p5", "median", "p95", "max",
        ];
        out.push(Block::Table {
            headers: headers.map(String::from).to_vec(),
            rows,
            numeric: (1..9).collect(),
        });
    }
    if all_weights {
        out.push(Block::Para(text(format!(
            "Objectives and regrets are not pooled across runs: every parameter ({}) is an objective weight, so each run measures the objective on its own scale. Compare the plans below, not their objectives.",
            weights.join(", ")
        ))));
    } else if !weights.is_empty() {
        out.push(Block::Note(format!(
            "Pooled over different weightings ({} vary): part of the objective's spread is a change of its scale, not of its value.",
            weights.join(", ")
        )));
    }
    if let Some(r) = &sw.regret {
        out.push(Block::Para(text(format!(
            "The baseline plan (the base scenario's optimum) still meets every limit in {} runs and breaks one in {}; where it is feasible it scores below the run's optimum (under that run's own weights) in {} runs.",
            r.baseline_feasible, r.baseline_infeasible, r.positive
        ))));
    }
    out
}

/// Every parameter is an objective weight: no two runs share the objective's scale.
fn all_weights(sw: &SweepResults) -> bool {
    !sw.parameters.is_empty() && weights_varied(sw).len() == sw.parameters.len()
}

fn weights_varied(sw: &SweepResults) -> Vec<&str> {
    sw.parameters
        .iter()
        .map(String::as_str)
        .filter(|p| rescales_objective(p))
        .collect()
}

fn task_table(s: &Scenario, sw: &SweepResults) -> Block {
    let rows = s
        .tasks
        .iter()
        .zip(&sw.tasks)
        .map(|(task, t)| {
            let challenger = (0..s.countries.len())
                .filter(|i| !t.baseline_leads.contains(i) && t.lead_frequency[*i] > 0.0)
                .max_by(|a, b| {
                    t.lead_frequency[*a]
                        .total_cmp(&t.lead_frequency[*b])
                        .then(b.cmp(a))
                });
            vec![
                task.name.clone(),
                ids(s, &t.baseline_leads),
                t.stability.map_or("-".into(), pct),
                challenger.map_or("-".into(), |i| {
                    format!("{} ({})", s.countries[i].id, pct(t.lead_frequency[i]))
                }),
            ]
        })
        .collect();
    Block::Table {
        headers: [
            "task",
            "baseline lead(s)",
            "stability",
            "most frequent other lead",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        numeric: vec![2],
    }
}

fn sobol_table(s: &Scenario, rows: &[crate::sweep::data::SobolIndex]) -> Vec<Block> {
    let mut rows = rows.to_vec();
    rows.sort_by(|a, b| b.st.0.total_cmp(&a.st.0));
    let ci = |c: [f64; 2]| format!("{} to {}", r4(c[0]), r4(c[1]));
    let cells = rows
        .iter()
        .take(DRIVERS_SHOWN)
        .map(|r| {
            vec![
                named(s, &r.parameter),
                r4(r.st.0),
                ci(r.st.1),
                r4(r.s1.0),
                ci(r.s1.1),
            ]
        })
        .collect();
    let headers = [
        "parameter",
        "total index ST",
        "95% interval",
        "first-order S1",
        "95% interval",
    ];
    vec![
        Block::Table { headers: headers.map(String::from).to_vec(), rows: cells, numeric: vec![1, 3] },
        Block::Note("Sobol indices of the objective: the share of its variance due to each parameter alone (S1) and with its interactions (ST). An objective weight (policy.weights.*) moves the objective's scale, not its value; what moves the plan is in the drivers chart's survival panel.".into()),
    ]
}

fn correlation_table(s: &Scenario, sw: &SweepResults) -> Vec<Block> {
    let mut rows: Vec<_> = sw
        .correlations
        .iter()
        .filter(|c| c.survival_significant || c.objective_significant)
        .cloned()
        .collect();
    let test = rule(sw.screened_runs, sw.parameters.len());
    if !sw.correlations.iter().any(|c| c.survival_significant) {
        let mut out = vec![Block::Para(text(nothing_stands_out(
            sw.screened_runs,
            sw.parameters.len(),
        )))];
        if rows.is_empty() {
            return out;
        }
        out.push(Block::Para(text(
            "Some parameters move the objective's value without changing any lead:",
        )));
        out.extend(correlation_rows(s, &mut rows, &test));
        return out;
    }
    correlation_rows(s, &mut rows, &test)
}

fn correlation_rows(
    s: &Scenario,
    rows: &mut [crate::sweep::data::Correlation],
    test: &str,
) -> Vec<Block> {
    let key = |c: &crate::sweep::data::Correlation| {
        (
            c.survival.unwrap_or(0.0).abs(),
            c.objective.unwrap_or(0.0).abs(),
        )
    };
    rows.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        kb.0.total_cmp(&ka.0).then(kb.1.total_cmp(&ka.1))
    });
    let cell = |x: Option<f64>, sig: bool| match (x, sig) {
        (Some(x), true) => r4(x),
        (Some(x), false) => format!("{} (noise)", r4(x)),
        (None, _) => "-".into(),
    };
    let cells = rows
        .iter()
        .take(DRIVERS_SHOWN)
        .map(|c| {
            let moves = if rescales_objective(&c.parameter) {
                "its scale (a weight)"
            } else {
                "its value"
            };
            vec![
                named(s, &c.parameter),
                cell(c.survival, c.survival_significant),
                cell(c.objective, c.objective_significant),
                moves.into(),
            ]
        })
        .collect();
    let headers = [
        "parameter",
        "rank correlation with whole-plan survival",
        "with the objective",
        "what it moves in the objective",
    ];
    vec![
        Block::Table {
            headers: headers.map(String::from).to_vec(),
            rows: cells,
            numeric: vec![1, 2],
        },
        Block::Note(format!("Only parameters whose correlation is distinguishable from noise are listed; (noise) marks a correlation that is not (test: {test}). Sorted by the correlation with whole-plan survival: the drivers of the plan first. A weight changes what the objective counts, so it moves the objective even where no lead changes.")),
    ]
}

fn drivers(s: &Scenario, sw: &SweepResults) -> Vec<Block> {
    let mut out = vec![
        Block::Heading(2, "What drives the plan".into()),
        Block::Chart(
            ChartKind::Drivers,
            "The uncertain assumptions that move the plan and the objective most; objective weights marked [scale]; bars not distinguishable from noise marked (noise).".into(),
        ),
    ];
    match (
        &sw.morris,
        sw.sobol.as_ref().and_then(|s| s.objective.as_ref()),
    ) {
        (Some(m), _) => out.extend(super::morris::table(s, m)),
        (None, Some(rows)) => out.extend(sobol_table(s, rows)),
        (None, None) => out.extend(correlation_table(s, sw)),
    }
    if let Some(c) = &sw.input_correlation {
        out.push(Block::Note(
            crate::sweep::correlation_record::drivers_caveat(c),
        ));
    }
    out
}

fn tradeoff(s: &Scenario, sw: &SweepResults, f: &Frontier) -> Vec<Block> {
    let axis = if f.against == Against::Fairness {
        "fairness"
    } else {
        "cost"
    };
    let mut out = vec![Block::Heading(
        2,
        "Trade-off between the objective's terms".into(),
    )];
    match f.no_tradeoff() {
        Some(why) => out.push(Block::Para(text(format!("{}.", crate::fmt::upper_first(&why))))),
        None => out.push(Block::Chart(
            ChartKind::TradeOff,
            format!("The distinct plans the sweep found, each scored in the base scenario (one weighting): capability fit against {axis}."),
        )),
    }
    let baseline = sw.baseline.as_ref().map(|b| &b.leads);
    let mut labelled: Vec<_> = f.points.iter().filter(|p| p.label.is_some()).collect();
    labelled.sort_by(|a, b| a.label.cmp(&b.label));
    let items = labelled
        .iter()
        .map(|p| {
            let diffs: Vec<String> = match baseline {
                Some(b) => (0..s.tasks.len())
                    .filter(|&t| p.leads[t] != b[t])
                    .map(|t| {
                        format!(
                            "{}: {} (baseline {})",
                            s.tasks[t].name,
                            ids(s, &p.leads[t]),
                            ids(s, &b[t])
                        )
                    })
                    .collect(),
                None => Vec::new(),
            };
            let what = if p.baseline {
                "the baseline plan".to_string()
            } else if diffs.is_empty() {
                "no lead differs from the baseline".into()
            } else {
                format!("differs from the baseline in {}", diffs.join("; "))
            };
            vec![
                Inline::Strong(format!("Plan {}", p.label.clone().unwrap_or_default())),
                Inline::Text(format!(
                    " ({} runs): fit {}, cost {}, fairness {}; {what}.",
                    p.runs,
                    r4(p.fit),
                    r4(p.cost),
                    r4(p.fairness)
                )),
            ]
        })
        .collect();
    out.push(Block::List(items));
    out
}

/// The sweep sections (none without a sweep).
pub fn blocks(inp: &ReportInputs) -> Vec<Block> {
    let Some(sw) = inp.sweep else {
        return Vec::new();
    };
    let s = inp.scenario;
    let mut out = overview(sw);
    out.extend([
        Block::Chart(ChartKind::LeadFrequency, "How often each country leads each task across the runs; the baseline plan's leads ringed.".into()),
        Block::Chart(ChartKind::Stability, if all_weights(sw) {
            "Survival of each baseline lead (no objective spread: every parameter is an objective weight).".into()
        } else {
            "Survival of each baseline lead; the spread of the optimal objective and of the baseline plan's regret.".into()
        }),
        task_table(s, sw),
    ]);
    let optimal = sw
        .status
        .iter()
        .find(|(k, _)| k == "optimal")
        .map_or(0, |(_, n)| *n);
    out.push(Block::Note(format!(
        "Stability and lead shares are shares of the {} optimal runs (of all {} runs).",
        crate::sweep::summary::count(optimal),
        crate::sweep::summary::count(sw.runs)
    )));
    out.extend(drivers(s, sw));
    // the exact front (`report --pareto`, in its own section) replaces the weighted-sum scatter
    if let Some(f) = inp.frontier.filter(|_| inp.pareto.is_none()) {
        out.extend(tradeoff(s, sw, f));
    }
    out
}
