//! `leadplan solve`: load, solve, explain, render.

use leadplan::report::{render, SolveReport};
use leadplan::{explain, solve, Outcome, Scenario};

use super::{emit, SolveArgs};

/// Above this many runner-up re-solves, `solve` skips them and says so.
const MAX_RUNNER_UP_SOLVES: usize = 5000;

pub fn run(args: SolveArgs) -> anyhow::Result<u8> {
    let scenario = Scenario::load(&args.file)?;
    let opts = args.solver.options();
    let outcome = solve(&scenario, &opts)?;
    let explanation = match &outcome {
        Outcome::Planned(plan) if !args.no_explain => {
            let solves = scenario.tasks.len() * scenario.countries.len().saturating_sub(1);
            if solves > MAX_RUNNER_UP_SOLVES {
                eprintln!("note: skipping runner-ups ({solves} re-solves); binding limits are still shown");
                None
            } else {
                Some(explain(&scenario, plan, &opts)?)
            }
        }
        _ => None,
    };
    let mut report = SolveReport::new(&scenario, &outcome, explanation.as_ref());
    if let (true, Some(e)) = (args.what_would_it_take, &explanation) {
        let thresholds = leadplan::resilience::threshold::what_would_it_take(&scenario, e, &opts)?;
        for (row, th) in report.assignments.iter_mut().zip(thresholds) {
            row.what_would_it_take = Some(th);
        }
    }
    emit(&render(&report, args.format)?, args.out.as_deref())?;
    Ok(match outcome {
        Outcome::Planned(_) => 0,
        Outcome::Infeasible(d) => {
            if args.out.is_some() || args.format != leadplan::report::Format::Text {
                eprintln!("infeasible: {}", d.summary());
            }
            1
        }
        Outcome::NoPlanFound { .. } => {
            eprintln!("no plan found within the time limit");
            1
        }
    })
}
