//! `leadplan solve`: load, solve, explain, render.

use crate::solve_report::{render, SolveReport};
use crate::{explain, solve, Outcome, Scenario};

use super::{emit, SolveArgs};

/// When the runner-up re-solves would take longer than this (estimated from the
/// first solve), `solve` skips them and says so, unless `--explain` forces them.
const MAX_EXPLAIN_SECONDS: f64 = 60.0;

pub fn run(args: SolveArgs) -> anyhow::Result<u8> {
    let to_file = args.out.as_deref().is_some_and(|p| p.as_os_str() != "-");
    if args.format == crate::solve_report::Format::Xlsx && !to_file {
        anyhow::bail!(crate::Error::Usage(
            "--format xlsx writes a binary workbook: give --out FILE.xlsx".into()
        ));
    }
    let scenario = Scenario::load(&args.file)?;
    for w in crate::scenario::warnings(&scenario) {
        if w.kind == crate::scenario::WarningKind::CoefficientSpan {
            say!("warning: {}", w.message);
        }
    }
    if let Some(path) = &args.write_model {
        write_model(&scenario, path)?;
    }
    match solve_and_render(&args, &scenario) {
        Err(e) => match e.downcast_ref::<crate::Error>() {
            Some(crate::Error::Solver(_)) => solver_error(&args, &scenario, &e.to_string()),
            _ => Err(e),
        },
        ok => ok,
    }
}

/// `--write-model FILE`: the model `solve` hands its solver, as MPS or LP.
fn write_model(scenario: &Scenario, path: &std::path::Path) -> anyhow::Result<()> {
    use crate::model::file::{linear_model, ModelFormat};
    let format = ModelFormat::from_path(path)?;
    let model = linear_model(scenario);
    crate::output::write_atomic(path, model.write(format).as_bytes())?;
    say!(
        "wrote the model ({} columns, {} rows) to {}",
        model.columns.len(),
        model.rows.len(),
        path.display()
    );
    Ok(())
}

/// A solver failure is its own outcome (exit 3): said on stderr, and as
/// `{"status": "error"}` for `--format json`.
fn solver_error(args: &SolveArgs, scenario: &Scenario, message: &str) -> anyhow::Result<u8> {
    say!("error: {message}");
    if args.format == crate::solve_report::Format::Json {
        let text = super::textjson::solver_error_json(Some(&scenario.name), message);
        super::emit_json(&text, args.out.as_deref())?;
    }
    Ok(3)
}

/// Writes the report in the chosen format; a workbook only to a file.
fn write_report(args: &SolveArgs, report: &crate::solve_report::SolveReport) -> anyhow::Result<()> {
    if args.format != crate::solve_report::Format::Xlsx {
        let text = render(report, args.format)?;
        return match args.format {
            crate::solve_report::Format::Json => super::emit_json(&text, args.out.as_deref()),
            _ => emit(&text, args.out.as_deref()),
        };
    }
    match args.out.as_deref().filter(|p| p.as_os_str() != "-") {
        Some(path) => Ok(crate::output::write_atomic(
            path,
            &crate::sheets::plan_xlsx(report)?,
        )?),
        None => Err(crate::Error::Usage(
            "--format xlsx writes a binary workbook: give --out FILE.xlsx".into(),
        )
        .into()),
    }
}

/// `--price-pins`: the pins priced against the optimum without them, when the
/// pinned scenario has a proven optimum (otherwise a note says why not).
fn price_pins(
    scenario: &Scenario,
    outcome: &Outcome,
    opts: &crate::SolveOptions,
) -> anyhow::Result<Option<crate::explain::pins::PinPrices>> {
    match outcome {
        Outcome::Planned(plan) if plan.status == crate::PlanStatus::Optimal => {
            let _ticker = super::watch::Ticker::start(format!(
                "pricing the pins ({} re-solves)",
                scenario.policy.pins.len() + 1
            ));
            Ok(Some(crate::explain::pins::price_pins(
                scenario, plan, opts,
            )?))
        }
        Outcome::Planned(_) => {
            say!("note: the pins are not priced: they are priced only against a proven optimum, and the time limit stopped the search first");
            Ok(None)
        }
        _ => {
            say!("note: the pins are not priced: the scenario has no plan with them");
            Ok(None)
        }
    }
}

fn solve_and_render(args: &SolveArgs, scenario: &Scenario) -> anyhow::Result<u8> {
    if args.price_pins && scenario.policy.pins.is_empty() {
        anyhow::bail!(crate::Error::Usage(format!(
            "--price-pins: {} has no [[policy.pin]] tables to price; add the leads to hold fixed as pins (docs/src/scenarios.md)",
            args.file.display()
        )));
    }
    let opts = args.solver.options();
    let outcome = {
        let vars = crate::optimize::lead_variable_count(scenario);
        let _ticker = super::watch::Ticker::start(format!("solving ({vars} lead variables)"));
        solve(scenario, &opts)?
    };
    let explanation = match &outcome {
        Outcome::Planned(plan) if !args.no_explain => {
            let solves = scenario.tasks.len() * scenario.countries.len().saturating_sub(1);
            let threads = rayon::current_num_threads().max(1) as f64;
            let estimate = plan.seconds * solves as f64 / threads;
            if estimate > MAX_EXPLAIN_SECONDS && !args.explain {
                say!(
                    "note: skipping the {solves} runner-up re-solves (about {estimate:.0} s with {}); \
                     binding limits are still shown. Use --explain to compute them anyway{}",
                    plan.solver.name(),
                    if crate::solve::HIGHS_AVAILABLE { "" } else { ", or a build with --features highs" }
                );
                None
            } else {
                let _ticker = super::watch::Ticker::start(format!(
                    "explaining ({solves} runner-up re-solves)"
                ));
                Some(explain(scenario, plan, &opts)?)
            }
        }
        _ => None,
    };
    let mut report = SolveReport::new(scenario, &outcome, explanation.as_ref());
    if let (true, Some(e)) = (args.what_would_it_take, &explanation) {
        let thresholds = crate::explain::threshold::what_would_it_take(scenario, e, &opts)?;
        for (row, th) in report.assignments.iter_mut().zip(thresholds) {
            row.what_would_it_take = Some(th);
        }
    }
    if args.price_pins {
        report.pin_prices = price_pins(scenario, &outcome, &opts)?;
    }
    write_report(args, &report)?;
    Ok(match outcome {
        Outcome::Planned(_) => 0,
        Outcome::Infeasible(d) => {
            if args.out.is_some() || args.format != crate::solve_report::Format::Text {
                say!("infeasible: {}", d.summary());
            }
            1
        }
        Outcome::NoPlanFound { .. } => {
            say!("no plan found within the time limit");
            1
        }
    })
}
