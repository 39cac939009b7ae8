//! The summary for people: a terminal table or Markdown, from the same blocks.
//!
//! Both formats show the same sections in the same order: status counts, the
//! baseline plan and its survival, the objective's spread, the regret of the
//! baseline plan, per-task lead frequencies and stability, the parameters that
//! drive the plan (rank correlation with survival) apart from those that move
//! the objective's value and, for weights, its scale, and Sobol indices for a
//! Saltelli design. A share is given against both denominators (optimal runs,
//! all runs); objectives of runs with different weights are never pooled
//! without saying so, and not at all when every parameter is a weight.

use crate::solve_report::table::Table;

use super::correlation_record::drivers_caveat;
use super::summary::{
    count, rescales_objective, share_of_runs, survival_in_context, Distribution, ScreenRow, Sobol,
    SobolRow, Summary,
};

/// Screening rows shown in people's formats (all are in `summary.json`).
const SCREEN_SHOWN: usize = 15;

fn pct(x: Option<f64>) -> String {
    x.map_or("-".into(), |v| format!("{:.1}%", v * 100.0))
}

fn n4(x: Option<f64>) -> String {
    x.map_or("-".into(), |v| format!("{v:.4}"))
}

fn dist_line(d: &Distribution) -> String {
    format!(
        "mean {:.4}, sd {:.4}, p5 {:.4}, p50 {:.4}, p95 {:.4} (min {:.4}, max {:.4}; {} runs)",
        d.mean, d.sd, d.p5, d.p50, d.p95, d.min, d.max, d.n
    )
}

/// The opening lines: runs, baseline survival, objective, regret.
fn head_lines(s: &Summary) -> String {
    let mut out = String::new();
    let counts: Vec<String> = s
        .status
        .0
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{n} {k}"))
        .collect();
    out.push_str(&format!(
        "Runs: {} ({} failed)\n",
        counts.join(", "),
        s.failed
    ));
    if let Some(c) = &s.correlation {
        out.push_str(&format!("{}\n", c.describe()));
    }
    match &s.baseline {
        Some(b) => out.push_str(&format!(
            "Baseline plan (the base scenario's optimum, objective {:.4}): {}\n",
            b.objective,
            s.plan_survival
                .map_or("no optimal run to compare with".into(), |v| {
                    let stability: Vec<f64> = s.tasks.iter().filter_map(|t| t.stability).collect();
                    survival_in_context(&stability, &share_of_runs(v, s.optimal_runs(), s.runs), v)
                })
        )),
        None => out.push_str("The base scenario has no plan: no baseline to compare with\n"),
    }
    let scale = scale_note(s);
    if let Some(d) = s.objective.as_ref().filter(|_| !all_weights(s)) {
        out.push_str(&format!("Objective: {}{scale}\n", dist_line(d)));
    }
    if let Some(r) = &s.regret {
        out.push_str(&format!(
            "Baseline plan in the runs: feasible in {}, infeasible in {}, worse than the run's optimum in {}\n",
            r.baseline_feasible, r.baseline_infeasible, r.positive
        ));
        if let Some(d) = r.regret.as_ref().filter(|_| !all_weights(s)) {
            out.push_str(&format!(
                "Regret (optimum minus baseline plan): {}{scale}\n",
                dist_line(d)
            ));
        }
    }
    if all_weights(s) {
        out.push_str(&format!("{}\n", not_pooled(s)));
    }
    out
}

/// Every parameter is an objective weight: runs' objectives share no scale.
fn all_weights(s: &Summary) -> bool {
    !s.parameters.is_empty() && s.weights_varied().len() == s.parameters.len()
}

/// Why a weights-only sweep shows no objective or regret distribution.
pub fn not_pooled(s: &Summary) -> String {
    format!(
        "Objective and regret are not pooled across runs: every parameter ({}) is an objective weight, \
         so each run measures the objective on its own scale. Each run's regret compares two plans under \
         that run's own weights (runs.csv); compare plans (leads, trade-off), not objectives.",
        s.parameters.join(", ")
    )
}

/// ` (pooled over weightings: ... vary)` when some parameters are weights.
fn scale_note(s: &Summary) -> String {
    let w = s.weights_varied();
    if w.is_empty() || all_weights(s) {
        return String::new();
    }
    format!(
        " (pooled over different weightings: {} vary, so part of this spread is a change of the objective's scale)",
        w.join(", ")
    )
}

/// The summary as paragraphs and tables; `md` picks Markdown tables.
fn blocks(s: &Summary, md: bool) -> String {
    let t = |tab: &Table| if md { tab.to_markdown() } else { tab.to_text() };
    let h = |title: &str| {
        if md {
            format!("\n## {title}\n\n")
        } else {
            format!("\n{title}\n")
        }
    };
    let head = format!(
        "Sweep of \"{}\": {} design, {}, {}",
        if md {
            crate::md::escape(&s.scenario)
        } else {
            s.scenario.clone()
        },
        s.design,
        crate::fmt::plural(s.runs, "run", "runs"),
        crate::fmt::plural(s.parameters.len(), "parameter", "parameters")
    );
    let mut out = if md {
        format!("# {head}\n\n")
    } else {
        format!("{head}\n")
    };
    out.push_str(&head_lines(s));
    out.push_str(&h(&format!(
        "Leads: share of the {} optimal runs (of all {}) in which each country leads each task",
        count(s.optimal_runs()),
        count(s.runs)
    )));
    out.push_str(&t(&task_table(s)));
    out.push_str(&h(
        "Drivers of the plan: Spearman rank correlation with whole-plan survival",
    ));
    let (plan, note) = plan_drivers(s);
    match plan {
        Some(tab) => out.push_str(&t(&tab)),
        None => out.push_str(&format!("{}\n", nothing_stands_out(s))),
    }
    out.push_str(&note);
    if let Some(c) = &s.correlation {
        out.push_str(&format!("{}\n", drivers_caveat(c)));
    }
    let [value, scale] = objective_drivers(s);
    if let Some((value, note)) = value {
        out.push_str(&h(
            "Drivers of the objective's value: Spearman rank correlation with the objective",
        ));
        match value {
            Some(tab) => out.push_str(&t(&tab)),
            None => out.push_str(
                "No parameter's correlation with the objective is distinguishable from noise.\n",
            ),
        }
        out.push_str(&note);
    }
    if let Some((scale, note)) = scale {
        out.push_str(&h(
            "Drivers of the objective's scale: weights, which change what the objective counts",
        ));
        match scale {
            Some(tab) => out.push_str(&t(&tab)),
            None => out.push_str(
                "No weight's correlation with the objective is distinguishable from noise.\n",
            ),
        }
        out.push_str(&note);
        out.push_str(SCALE_NOTE);
    }
    if s.parameters.len() > SCREEN_SHOWN {
        out.push_str(
            "(every parameter's rho and p-value in summary.json)
",
        );
    }
    if let Some(sobol) = &s.sobol {
        sobol_blocks(&mut out, sobol, md, &s.weights_varied());
    }
    if let Some(m) = &s.morris {
        morris_blocks(&mut out, m, md);
    }
    out
}

/// mu*, mu and sigma per parameter, largest mu* first.
fn morris_blocks(out: &mut String, m: &super::summary::Morris, md: bool) {
    let title = format!(
        "Morris screening ({} trajectories, {} levels; effects per unit-cube step)",
        m.trajectories, m.levels
    );
    out.push_str(&if md {
        format!("\n## {title}\n")
    } else {
        format!("\n{title}\n")
    });
    for (name, rows) in [
        ("objective", Some(&m.objective)),
        (
            "whole-plan survival (1 kept, 0 changed)",
            m.plan_survival.as_ref(),
        ),
    ] {
        let Some(rows) = rows else { continue };
        let mut sorted: Vec<_> = rows.iter().collect();
        sorted.sort_by(|a, b| b.mu_star.total_cmp(&a.mu_star));
        let mut tab = Table::new(
            &["parameter", "mu*", "mu", "sigma", "effects"],
            &[1, 2, 3, 4],
        );
        for r in sorted {
            tab.row(vec![
                r.parameter.clone(),
                format!("{:.4}", r.mu_star),
                format!("{:.4}", r.mu),
                format!("{:.4}", r.sigma),
                r.effects.to_string(),
            ]);
        }
        out.push_str(&if md {
            format!("\n### {name}\n\n{}", tab.to_markdown())
        } else {
            format!("{name}:\n{}", tab.to_text())
        });
    }
}

const SCALE_NOTE: &str = "A weight moves the objective even where no lead changes; \
whether it changes the plan is in the plan table above.\n";

fn task_table(s: &Summary) -> Table {
    let countries: Vec<String> = s.tasks.first().map_or_else(Vec::new, |t| {
        t.lead_frequency.0.iter().map(|(c, _)| c.clone()).collect()
    });
    let mut headers: Vec<&str> = vec!["task", "baseline", "stability"];
    headers.extend(countries.iter().map(String::as_str));
    let right: Vec<usize> = (2..headers.len()).collect();
    let mut tab = Table::new(&headers, &right);
    for task in &s.tasks {
        let mut row = vec![
            task.task.clone(),
            task.baseline_leads.join("+"),
            pct(task.stability),
        ];
        row.extend(task.lead_frequency.0.iter().map(|(_, f)| pct(Some(*f))));
        tab.row(row);
    }
    tab
}

fn by_abs(rows: &mut [&ScreenRow], key: fn(&ScreenRow) -> Option<f64>) {
    let k = |r: &ScreenRow| key(r).unwrap_or(0.0).abs();
    rows.sort_by(|a, b| k(b).total_cmp(&k(a)));
}

/// What one drivers table reads: the rho, its p-value and its verdict.
struct Output {
    column: &'static str,
    rho: fn(&ScreenRow) -> Option<f64>,
    p: fn(&ScreenRow) -> Option<f64>,
    driver: fn(&ScreenRow) -> bool,
}

const SURVIVAL: Output = Output {
    column: "rho survival",
    rho: |r| r.rho_survival,
    p: |r| r.p_survival,
    driver: |r| r.significant_survival,
};

const OBJECTIVE: Output = Output {
    column: "rho objective",
    rho: |r| r.rho_objective,
    p: |r| r.p_objective,
    driver: |r| r.significant_objective,
};

fn p_cell(p: Option<f64>) -> String {
    match p {
        Some(p) if p < 1e-4 => "<0.0001".into(),
        Some(p) => format!("{p:.4}"),
        None => "-".into(),
    }
}

/// The rows that pass the test, by |rho| (`None` when none does), and a line
/// naming those that do not.
fn drivers_table(s: &Summary, rows: &[&ScreenRow], o: &Output) -> (Option<Table>, String) {
    let mut rows = rows.to_vec();
    by_abs(&mut rows, o.rho);
    let (pass, noise): (Vec<&ScreenRow>, Vec<&ScreenRow>) =
        rows.into_iter().partition(|r| (o.driver)(r));
    let mut tab = Table::new(&["parameter", o.column, "p"], &[1, 2]);
    for r in pass.iter().take(SCREEN_SHOWN) {
        tab.row(vec![r.parameter.clone(), n4((o.rho)(r)), p_cell((o.p)(r))]);
    }
    let mut note = String::new();
    if !noise.is_empty() {
        let names: Vec<&str> = noise
            .iter()
            .take(SCREEN_SHOWN)
            .map(|r| r.parameter.as_str())
            .collect();
        let more = noise.len().saturating_sub(SCREEN_SHOWN);
        note = format!(
            "Not distinguishable from noise: {}{}\n",
            names.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
    }
    if pass.is_empty() {
        return (None, note);
    }
    note.push_str(&format!("Test: {}\n", s.screening.test));
    (Some(tab), note)
}

/// Every parameter by |rho| with whole-plan survival: drivers, then the rest.
fn plan_drivers(s: &Summary) -> (Option<Table>, String) {
    let rows: Vec<&ScreenRow> = s.screening.parameters.iter().collect();
    drivers_table(s, &rows, &SURVIVAL)
}

/// Non-weight parameters, then weights, each by |rho| with the objective
/// (`None` for an empty group).
fn objective_drivers(s: &Summary) -> [Option<(Option<Table>, String)>; 2] {
    [false, true].map(|weights| {
        let rows: Vec<&ScreenRow> = s
            .screening
            .parameters
            .iter()
            .filter(|r| rescales_objective(&r.parameter) == weights)
            .collect();
        (!rows.is_empty()).then(|| drivers_table(s, &rows, &OBJECTIVE))
    })
}

fn sobol_table(rows: &[SobolRow]) -> Table {
    let mut tab = Table::new(
        &["parameter", "S1", "S1 95% CI", "ST", "ST 95% CI"],
        &[1, 2, 3, 4],
    );
    for r in rows {
        let i = &r.index;
        tab.row(vec![
            r.parameter.clone(),
            format!("{:.4}", i.s1),
            format!("[{:.4}, {:.4}]", i.s1_ci[0], i.s1_ci[1]),
            format!("{:.4}", i.st),
            format!("[{:.4}, {:.4}]", i.st_ci[0], i.st_ci[1]),
        ]);
    }
    tab
}

fn sobol_blocks(out: &mut String, s: &Sobol, md: bool, weights: &[&str]) {
    let title = format!(
        "Sobol indices ({} of {} base samples complete, {} bootstrap resamples)",
        s.samples_used, s.base_samples, s.bootstrap
    );
    out.push_str(&if md {
        format!("\n## {title}\n")
    } else {
        format!("\n{title}\n")
    });
    let runs = s.samples_used
        * (s.objective
            .as_ref()
            .or(s.plan_survival.as_ref())
            .map_or(0, |r| r.len() as u64)
            + 2);
    let survival = format!(
        "whole-plan survival (the plan changes in {} of {runs} runs; few changes make wide intervals)",
        s.plan_changes
    );
    for (name, rows) in [
        ("objective", &s.objective),
        (survival.as_str(), &s.plan_survival),
    ] {
        out.push_str(&if md {
            format!("\n### {name}\n\n")
        } else {
            format!("{name}:\n")
        });
        match rows {
            Some(rows) => out.push_str(&if md {
                sobol_table(rows).to_markdown()
            } else {
                sobol_table(rows).to_text()
            }),
            None => out.push_str("does not vary over the complete samples: no indices\n"),
        }
        if rows.is_some() && name == "objective" && !weights.is_empty() {
            out.push_str(&format!(
                "({} rescale the objective: their indices measure a change of scale, not of value)\n",
                weights.join(", ")
            ));
        }
    }
}

/// The sentence for a sweep whose screening finds no driver of the plan.
fn nothing_stands_out(s: &Summary) -> String {
    super::significance::nothing_stands_out(s.screening.runs_used, s.parameters.len())
}

/// The summary as terminal text.
pub fn text(s: &Summary) -> String {
    blocks(s, false)
}

/// The summary as Markdown.
pub fn markdown(s: &Summary) -> String {
    blocks(s, true)
}

/// The summary as pretty JSON.
pub fn json(s: &Summary) -> String {
    let mut out = serde_json::to_string_pretty(s).unwrap_or_default();
    out.push('\n');
    out
}
