//! Using leadplan as a library: load a scenario, solve it, read the plan and
//! its explanation, without the command line.
//!
//! Run with `cargo run --example plan_api`.

use leadplan::{explain, solve, Outcome, Scenario, SolveOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let scenario = Scenario::load("scenarios/trilateral-public-goods.toml".as_ref())?;
    let opts = SolveOptions::default();
    let plan = match solve(&scenario, &opts)? {
        Outcome::Planned(plan) => plan,
        Outcome::Infeasible(diagnosis) => {
            println!("no plan: {}", diagnosis.summary());
            return Ok(());
        }
        // no plan found within the time limit (Outcome may grow: match with a wildcard)
        _ => {
            println!("no plan found within the time limit");
            return Ok(());
        }
    };
    println!(
        "{} ({}, objective {:.3})",
        scenario.name,
        plan.status.name(),
        plan.objective
    );
    let why = explain(&scenario, &plan, &opts)?;
    for (t, task) in scenario.tasks.iter().enumerate() {
        let leads: Vec<&str> = plan.leads[t]
            .iter()
            .map(|&i| scenario.countries[i].id.as_str())
            .collect();
        let runner = &why.runner_ups[t];
        println!(
            "{:<36} led by {:<10} runner-up {:<4} (forcing it costs {})",
            task.id,
            leads.join("+"),
            runner.country.as_deref().unwrap_or("-"),
            runner
                .objective_loss
                .map_or("-".to_string(), |l| format!("{l:.3}")),
        );
    }
    for (i, c) in scenario.countries.iter().enumerate() {
        println!(
            "{}: {} of {} effort units",
            c.name,
            plan.effort_used(&scenario, i),
            c.capacity
        );
    }
    Ok(())
}
