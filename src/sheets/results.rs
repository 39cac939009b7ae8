//! Results as workbooks: `solve --format xlsx` (summary, plan, runner-ups,
//! country load, binding limits) and a finished sweep (runs, lead frequency,
//! drivers). Each sheet has a bold frozen header row and number formats; the
//! numbers are the ones the other formats print (rounded in the report).

use super::xlsx::{num, Book, Out};
use crate::error::Error;
use crate::scenario::Scenario;
use crate::solve_report::SolveReport;
use crate::sweep::data::SweepResults;

fn head(cols: &[&str]) -> Vec<Out> {
    cols.iter().map(|c| Out::from(*c)).collect()
}

/// `solve --format xlsx`.
pub fn plan_xlsx(r: &SolveReport) -> Result<Vec<u8>, Error> {
    let mut b = Book::new();
    let mut summary = vec![head(&["item", "value"])];
    summary.push(vec!["scenario".into(), r.scenario.as_str().into()]);
    summary.push(vec!["status".into(), r.status.as_str().into()]);
    summary.push(vec!["objective".into(), num(r.objective)]);
    summary.push(vec!["bound".into(), num(r.bound)]);
    summary.push(vec![
        "solver".into(),
        r.solver.clone().map_or(Out::Blank, Out::Text),
    ]);
    summary.push(vec!["message".into(), r.message.as_str().into()]);
    for t in &r.objective_terms {
        summary.push(vec![
            format!(
                "{} (weight {}, contribution)",
                t.term,
                crate::fmt::fmt_num(t.weight)
            )
            .into(),
            Out::Num(t.contribution),
        ]);
    }
    b.sheet("summary", &summary)?;
    let ids: Vec<&str> = r.countries.iter().map(|c| c.id.as_str()).collect();
    let mut cols = vec![
        "task".to_string(),
        "name".into(),
        "domain".into(),
        "leads".into(),
    ];
    cols.extend(ids.iter().map(|id| format!("share {id}")));
    cols.extend(["cost".to_string(), "fit".into()]);
    let mut plan = vec![cols.into_iter().map(Out::Text).collect::<Vec<_>>()];
    for a in &r.assignments {
        let mut row: Vec<Out> = vec![
            a.task.as_str().into(),
            a.name.as_str().into(),
            a.domain.as_str().into(),
            a.leads.join(", ").into(),
        ];
        row.extend(ids.iter().map(|id| {
            Out::Pct(
                a.shares
                    .iter()
                    .find(|(k, _)| k == id)
                    .map_or(0.0, |(_, v)| *v),
            )
        }));
        row.extend([Out::Num(a.cost), Out::Num(a.fit)]);
        plan.push(row);
    }
    b.sheet("plan", &plan)?;
    let mut ru = vec![head(&["task", "leads", "runner_up", "objective_loss"])];
    for a in &r.assignments {
        ru.push(vec![
            a.task.as_str().into(),
            a.leads.join(", ").into(),
            a.runner_up.clone().map_or(Out::Blank, Out::Text),
            num(a.runner_up_loss),
        ]);
    }
    b.sheet("runner_ups", &ru)?;
    let mut load = vec![head(&[
        "country",
        "name",
        "leads",
        "effort_used",
        "capacity",
        "capacity_used",
        "cost_paid",
        "budget",
        "budget_used",
    ])];
    for c in &r.countries {
        let share = |used: f64, of: Option<f64>| {
            of.filter(|x| *x > 0.0)
                .map_or(Out::Blank, |x| Out::Pct(used / x))
        };
        load.push(vec![
            c.id.as_str().into(),
            c.name.as_str().into(),
            Out::Int(c.leads as f64),
            Out::Num(c.effort_used),
            Out::Num(c.capacity),
            share(c.effort_used, Some(c.capacity)),
            Out::Num(c.cost_paid),
            num(c.budget),
            share(c.cost_paid, c.budget),
        ]);
    }
    b.sheet("country_load", &load)?;
    let mut binding = vec![head(&["kind", "country", "detail"])];
    for x in &r.binding {
        binding.push(vec![
            x.kind.as_str().into(),
            x.country.as_str().into(),
            x.detail.as_str().into(),
        ]);
    }
    b.sheet("binding_limits", &binding)?;
    b.finish()
}

/// A finished sweep: runs, lead frequency and drivers.
pub fn sweep_xlsx(res: &SweepResults, s: &Scenario) -> Result<Vec<u8>, Error> {
    let mut b = Book::new();
    let mut cols = vec![
        "run".to_string(),
        "status".into(),
        "objective".into(),
        "regret".into(),
        "baseline_feasible".into(),
    ];
    cols.extend(res.parameters().iter().cloned());
    cols.extend(s.tasks.iter().map(|t| format!("lead {}", t.id)));
    let mut runs = vec![cols.into_iter().map(Out::Text).collect::<Vec<_>>()];
    for r in &res.run_rows {
        let mut row = vec![
            Out::Int(r.run as f64),
            r.status.as_str().into(),
            num(r.objective),
            num(r.regret),
            r.baseline_feasible.map_or(Out::Blank, Out::Bool),
        ];
        row.extend(r.values.iter().map(|v| {
            if v.is_finite() {
                Out::Num(*v)
            } else {
                Out::Blank
            }
        }));
        row.extend((0..s.tasks.len()).map(|t| {
            let ids: Vec<&str> = r.leads.get(t).map_or(Vec::new(), |l| {
                l.iter().map(|&i| s.countries[i].id.as_str()).collect()
            });
            Out::Text(ids.join(", "))
        }));
        runs.push(row);
    }
    b.sheet("runs", &runs)?;
    let mut cols = vec![
        "task".to_string(),
        "baseline_leads".into(),
        "stability".into(),
    ];
    cols.extend(s.countries.iter().map(|c| c.id.clone()));
    let mut freq = vec![cols.into_iter().map(Out::Text).collect::<Vec<_>>()];
    for (t, rob) in res.tasks.iter().enumerate() {
        let base: Vec<&str> = rob
            .baseline_leads
            .iter()
            .map(|&i| s.countries[i].id.as_str())
            .collect();
        let mut row = vec![
            s.tasks[t].id.as_str().into(),
            base.join(", ").into(),
            rob.stability.map_or(Out::Blank, Out::Pct),
        ];
        row.extend(rob.lead_frequency.iter().map(|f| Out::Pct(*f)));
        freq.push(row);
    }
    b.sheet("lead_frequency", &freq)?;
    b.sheet("drivers", &driver_rows(res))?;
    b.finish()
}

/// The parameters `p` was sampled in rank correlation with, joined by `, `
/// (`None` for a parameter sampled independently).
fn partners(res: &SweepResults, p: &str) -> Option<String> {
    let c = res.input_correlation.as_ref()?;
    let i = c.parameters.iter().position(|q| q == p)?;
    let with: Vec<&str> = c
        .parameters
        .iter()
        .zip(&c.requested[i])
        .filter(|(q, rho)| q.as_str() != p && **rho != 0.0)
        .map(|(q, _)| q.as_str())
        .collect();
    (!with.is_empty()).then(|| with.join(", "))
}

/// One row per parameter: its rank correlations, whether each passes the
/// drivers' test (distinguishable from noise at the sweep's size, as the
/// summary and report say), its Sobol indices where the design has them, and
/// the parameters it was sampled in rank correlation with (whose effect its
/// rank correlations include).
fn driver_rows(res: &SweepResults) -> Vec<Vec<Out>> {
    let mut rows = vec![head(&[
        "parameter",
        "rho_objective",
        "rho_survival",
        "drives_objective",
        "drives_plan",
        "sobol_s1_objective",
        "sobol_st_objective",
        "sobol_s1_survival",
        "sobol_st_survival",
        "moves_with",
    ])];
    let sobol = res.sobol.as_ref();
    let find = |list: Option<&Vec<crate::sweep::data::SobolIndex>>, p: &str| {
        list.and_then(|l| l.iter().find(|x| x.parameter == p).cloned())
    };
    let mut names: Vec<String> = res
        .correlations
        .iter()
        .map(|c| c.parameter.clone())
        .collect();
    if names.is_empty() {
        names = res.parameters().to_vec();
    }
    for p in names {
        let c = res.correlations.iter().find(|c| c.parameter == p);
        let o = find(sobol.and_then(|s| s.objective.as_ref()), &p);
        let v = find(sobol.and_then(|s| s.plan_survival.as_ref()), &p);
        rows.push(vec![
            p.as_str().into(),
            num(c.and_then(|c| c.objective)),
            num(c.and_then(|c| c.survival)),
            c.map_or(Out::Blank, |c| Out::Bool(c.objective_significant)),
            c.map_or(Out::Blank, |c| Out::Bool(c.survival_significant)),
            num(o.as_ref().map(|x| x.s1.0)),
            num(o.as_ref().map(|x| x.st.0)),
            num(v.as_ref().map(|x| x.s1.0)),
            num(v.as_ref().map(|x| x.st.0)),
            partners(res, &p).map_or(Out::Blank, Out::Text),
        ]);
    }
    rows
}
