//! The summary for people: a terminal table or Markdown, from the same blocks.
//!
//! Both formats show the same sections in the same order: status counts, the
//! baseline plan and its survival, the objective's spread, the regret of the
//! baseline plan, per-task lead frequencies and stability, the parameters that
//! drive the plan (rank correlation), and Sobol indices for a Saltelli design.

use crate::report::table::Table;

use super::summary::{Distribution, Sobol, SobolRow, Summary};

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
    match &s.baseline {
        Some(b) => out.push_str(&format!(
            "Baseline plan (the base scenario's optimum, objective {:.4}) survives whole in {} of optimal runs\n",
            b.objective,
            pct(s.plan_survival)
        )),
        None => out.push_str("The base scenario has no plan: no baseline to compare with\n"),
    }
    if let Some(d) = &s.objective {
        out.push_str(&format!("Objective: {}\n", dist_line(d)));
    }
    if let Some(r) = &s.regret {
        out.push_str(&format!(
            "Baseline plan in the runs: feasible in {}, infeasible in {}, worse than the run's optimum in {}\n",
            r.baseline_feasible, r.baseline_infeasible, r.positive
        ));
        if let Some(d) = &r.regret {
            out.push_str(&format!(
                "Regret (optimum minus baseline plan): {}\n",
                dist_line(d)
            ));
        }
    }
    out
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
        "Sweep of \"{}\": {} design, {} runs, {} parameters",
        if md {
            crate::md::escape(&s.scenario)
        } else {
            s.scenario.clone()
        },
        s.design,
        s.runs,
        s.parameters.len()
    );
    let mut out = if md {
        format!("# {head}\n\n")
    } else {
        format!("{head}\n")
    };
    out.push_str(&head_lines(s));
    out.push_str(&h(
        "Leads: share of optimal runs in which each country leads each task",
    ));
    out.push_str(&t(&task_table(s)));
    out.push_str(&h(
        "Drivers: Spearman rank correlation with the objective and with whole-plan survival",
    ));
    out.push_str(&t(&screen_table(s)));
    if s.parameters.len() > SCREEN_SHOWN {
        out.push_str(&format!(
            "({} more parameters in summary.json)\n",
            s.parameters.len() - SCREEN_SHOWN
        ));
    }
    if let Some(sobol) = &s.sobol {
        sobol_blocks(&mut out, sobol, md);
    }
    out
}

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

fn screen_table(s: &Summary) -> Table {
    let mut rows: Vec<&super::summary::ScreenRow> = s.screening.parameters.iter().collect();
    let key = |r: &super::summary::ScreenRow| {
        r.rho_objective
            .unwrap_or(0.0)
            .abs()
            .max(r.rho_survival.unwrap_or(0.0).abs())
    };
    rows.sort_by(|a, b| key(b).total_cmp(&key(a)));
    let mut tab = Table::new(&["parameter", "rho objective", "rho survival"], &[1, 2]);
    for r in rows.into_iter().take(SCREEN_SHOWN) {
        tab.row(vec![
            r.parameter.clone(),
            n4(r.rho_objective),
            n4(r.rho_survival),
        ]);
    }
    tab
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

fn sobol_blocks(out: &mut String, s: &Sobol, md: bool) {
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
    }
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
