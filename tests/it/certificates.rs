//! Every claim is a certificate: on random small scenarios with every feature
//! (co-leads with payments, minimum lead shares, both funding rules, budgets,
//! fairness, optional tasks, pins, bans, lead and domain limits), each fix a
//! diagnosis reports makes the scenario feasible once applied, and each
//! what-would-it-take answer hands the runner-up the lead once applied.
//!
//! The edits are applied here, from the documented meaning of each change kind
//! (README, "Certificates"), not with the library's own `apply`.

mod certs;

use certs::{apply_change, random_scenario, scale_scores};
use leadplan::planning::explain::threshold::what_would_it_take;
use leadplan::{explain, solve, Outcome, Scenario, SolveOptions};

fn planned(s: &Scenario) -> Option<leadplan::Plan> {
    match solve(s, &SolveOptions::default()).expect("solves") {
        Outcome::Planned(p) => Some(p),
        _ => None,
    }
}

#[test]
fn every_reported_fix_makes_the_scenario_feasible_when_applied() {
    let (mut infeasible, mut fixes, mut without_fix) = (0, 0, 0);
    let mut seed = 0;
    while infeasible < 250 {
        seed += 1;
        assert!(seed < 20_000, "too few infeasible draws");
        let Some(s) = random_scenario(seed, true) else {
            continue;
        };
        let Outcome::Infeasible(d) = solve(&s, &SolveOptions::default()).expect("solves") else {
            continue;
        };
        infeasible += 1;
        if d.alternatives.is_empty() {
            without_fix += 1;
        }
        for set in &d.alternatives {
            let mut changed = s.clone();
            for c in set {
                apply_change(&mut changed, c);
            }
            assert!(
                planned(&changed).is_some(),
                "seed {seed}: {:?} leaves no plan",
                set.iter().map(|c| &c.sentence).collect::<Vec<_>>()
            );
            assert!(
                set.iter().all(|c| !c.sentence.contains("have 0 lead")),
                "seed {seed}: {set:?}"
            );
            fixes += 1;
        }
    }
    assert!(fixes >= 200, "{fixes} fixes checked");
    assert!(
        without_fix * 20 <= infeasible,
        "{without_fix} of {infeasible} infeasible draws got no confirmed fix"
    );
}

#[test]
fn every_what_would_it_take_answer_hands_over_the_lead_when_applied() {
    let (mut scenarios, mut by_fit, mut by_scores) = (0, 0, 0);
    let mut seed = 0;
    while scenarios < 80 {
        seed += 1;
        assert!(seed < 20_000, "too few feasible draws");
        let Some(s) = random_scenario(seed, false) else {
            continue;
        };
        let Some(plan) = planned(&s) else { continue };
        scenarios += 1;
        let e = explain(&s, &plan, &SolveOptions::default()).unwrap();
        for th in what_would_it_take(&s, &e, &SolveOptions::default()).unwrap() {
            let (Some(ru), Some(needed)) = (&th.runner_up, th.fit_needed) else {
                continue;
            };
            let t = s.task_index(&th.task).unwrap();
            let j = s.country_index(ru).unwrap();
            let mut at_fit = s.clone();
            at_fit.tasks[t].fit[j] = needed;
            let leads = planned(&at_fit).is_some_and(|p| p.leads[t].contains(&j));
            assert!(
                leads,
                "seed {seed}: {ru} does not lead {} at fit {needed}",
                th.task
            );
            by_fit += 1;
            match th.factor {
                Some(k) => {
                    let scaled = scale_scores(&s, t, j, k);
                    let leads = planned(&scaled).is_some_and(|p| p.leads[t].contains(&j));
                    assert!(leads, "seed {seed}: {ru} does not lead {} at x{k}", th.task);
                    by_scores += 1;
                }
                None => assert!(th.capability_note.is_some(), "seed {seed}: {th:?}"),
            }
        }
    }
    assert!(
        by_fit >= 60 && by_scores >= 20,
        "{by_fit} fits, {by_scores} factors"
    );
}

/// A 100 next to a 1e12 in one money row once fell below the solver's tolerance:
/// B, budget 50, led a task costing 100 in a plan printed as optimal. Every plan
/// read back is now checked in money; this scenario is truly infeasible.
#[test]
fn a_plan_breaking_a_budget_is_never_returned_when_costs_span_orders_of_magnitude() {
    let s = Scenario::load("tests/fixtures/certs/small-cost-beside-huge.toml".as_ref()).unwrap();
    match solve(&s, &SolveOptions::default()) {
        Ok(Outcome::Planned(p)) => {
            for (i, c) in s.countries.iter().enumerate() {
                let spent: f64 = p.money.iter().map(|row| row[i]).sum();
                assert!(
                    spent <= c.budget.unwrap_or(f64::INFINITY) * (1.0 + 1e-6),
                    "{} spends {spent} of {:?}",
                    c.id,
                    c.budget
                );
            }
            panic!("the scenario is infeasible, yet a plan came back");
        }
        Ok(_) => {}
        Err(e) => assert!(e.to_string().contains("larger units"), "{e}"),
    }
}

/// B has no score on z: no factor raises it, yet setting it would hand B t1, so
/// "even to 1, does not hand it the lead" was false; and t2's factor on B's x and
/// y scores leaves t1's fit as it is (B's x is already 1, z is missing), so
/// "also raising its fit for 1 other task(s)" was false too.
#[test]
fn capability_readings_name_missing_scores_and_only_fits_that_change() {
    let s = Scenario::load("tests/fixtures/certs/missing-score.toml".as_ref()).unwrap();
    let plan = planned(&s).unwrap();
    let e = explain(&s, &plan, &SolveOptions::default()).unwrap();
    let th = what_would_it_take(&s, &e, &SolveOptions::default()).unwrap();
    let t1 = th.iter().find(|x| x.task == "t1").unwrap();
    let note = t1.capability_note.as_deref().unwrap_or("");
    assert!(!note.contains("even to 1"), "{note}");
    assert!(
        note.contains("z") && note.contains("0 or missing"),
        "{note}"
    );
    let t2 = th.iter().find(|x| x.task == "t2").unwrap();
    assert!(t2.factor.is_some(), "{t2:?}");
    assert!(t2.also_changes.is_empty(), "{t2:?}");
}

/// t3 is optional and no country has capacity left for it: leaving it out is no
/// choice, yet the reason printed was "leading it would lower the objective".
#[test]
fn an_optional_task_no_one_can_lead_is_not_said_to_lower_the_objective() {
    let s = Scenario::load("tests/fixtures/certs/optional-without-room.toml".as_ref()).unwrap();
    let plan = planned(&s).unwrap();
    let e = explain(&s, &plan, &SolveOptions::default()).unwrap();
    let b = e.binding.iter().find(|b| b.kind == "left_out").unwrap();
    assert!(
        b.detail
            .contains("no country can lead it within the limits"),
        "{}",
        b.detail
    );
    let plain = leadplan::planning::explain::binding(&s, &plan);
    let b = plain.iter().find(|b| b.kind == "left_out").unwrap();
    assert!(
        !b.detail.contains("would lower the objective"),
        "{}",
        b.detail
    );
}

/// 12 partners x 40 tasks, infeasible: the embedded solver's search once
/// ended in "Singular matrix" (bnb's root cuts), and the diagnosis ran without
/// end. Under a time limit it now answers: infeasible (exit 1), no solver
/// error, and whatever sets it prints are headed as not proven smallest
/// unless they are.
#[test]
fn a_large_infeasible_scenario_gets_a_diagnosis_within_its_time_limit_not_an_error() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_leadplan"))
        .args([
            "solve",
            "tests/fixtures/certs/infeasible-12x40.toml",
            "--time-limit",
            "4",
            "--no-explain",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["status"], "infeasible", "{v}");
    let d = &v["diagnosis"];
    assert!(d["smallest_proven"].is_boolean(), "{d}");
    assert!(!text.contains("ingular"), "{text}");
}
