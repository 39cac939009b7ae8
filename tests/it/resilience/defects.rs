//! Regression tests: optional tasks in the
//! resilience commands, fixes that must not override bans, dependence that keeps
//! feasible and best-effort losses apart, and best-effort plans that say which
//! tasks run short.

use leadplan::planning::optimize::{evaluate_fixed, Evaluation};
use leadplan::planning::resilience::alternatives::{alternatives, Tolerance};
use leadplan::planning::resilience::contingency::{analyse, ContingencyOptions};
use leadplan::planning::resilience::render;
use leadplan::{solve, solve_restricted, Attempt, Outcome, Plan, Restrictions, Scenario};

use super::brute::{close, Inst};
use super::opts;

fn scenario(text: &str) -> Scenario {
    Scenario::from_toml_str(text, "defect.toml").unwrap()
}

fn optimum(s: &Scenario) -> Plan {
    match solve(s, &opts()).unwrap() {
        Outcome::Planned(p) => p,
        other => panic!("{other:?}"),
    }
}

/// Two countries; `core` is required, `extra` is optional and costs more than it brings.
const OPTIONAL_LEFT_OUT: &str = r#"
[policy]
weights = { fit = 10, cost = 1 }
[[country]]
id = "A"
capacity = 5
[[country]]
id = "B"
capacity = 5
[[task]]
id = "core"
effort = 1
fit = { A = 0.9, B = 0.5 }
[[task]]
id = "extra"
optional = true
effort = 1
cost = { A = 8, B = 9 }
fit = { A = 0.3, B = 0.2 }
"#;

#[test]
fn defect3_alternatives_find_plans_that_take_up_an_optional_task() {
    let s = scenario(OPTIONAL_LEFT_OUT);
    let opt = optimum(&s);
    assert!(opt.leads[1].is_empty(), "the optimum leaves `extra` out");
    let r = alternatives(&s, &opt, Tolerance::Absolute(1e6), 10, &opts()).unwrap();
    // core ∈ {A, B} × extra ∈ {none, A, B}: six plans, each listed once.
    assert_eq!(r.plans.len(), 6, "{r:?}");
    assert_eq!(r.stopped, "exhausted");
    let with_extra = r.plans.iter().filter(|p| !p.leads[1].leads.is_empty());
    assert_eq!(with_extra.count(), 4);
}

/// `shared` needs two of A and B (C cannot carry it); `extra` is optional and not worth doing.
const CO_LED: &str = r#"
[policy]
weights = { fit = 10, cost = 1 }
[[country]]
id = "A"
capacity = 5
[[country]]
id = "B"
capacity = 5
[[country]]
id = "C"
capacity = 5
[[task]]
id = "shared"
leads = 2
effort = { A = 1, B = 1, C = 9 }
fit = { A = 0.9, B = 0.8, C = 0.1 }
[[task]]
id = "solo"
effort = 1
fit = { A = 0.2, B = 0.3, C = 0.9 }
[[task]]
id = "extra"
optional = true
effort = 1
cost = { A = 20, B = 20, C = 20 }
fit = { A = 0.1, B = 0.1, C = 0.1 }
"#;

#[test]
fn defect3_best_effort_leaves_optional_tasks_optional_and_unlisted() {
    let s = scenario(CO_LED);
    let opt = optimum(&s);
    let o = ContingencyOptions {
        cut: None,
        pairs: false,
    };
    let r = analyse(&s, &opt, &o, &opts()).unwrap();
    let without_a = &r.contingencies[0];
    assert_eq!(without_a.plan, "best_effort");
    let extra = without_a.leads.iter().find(|l| l.task == "extra").unwrap();
    assert!(
        extra.leads.is_empty(),
        "an optional task was forced in: {without_a:?}"
    );
    assert!(!without_a.unled.contains(&"extra".to_string()));
    assert!(without_a.short.iter().all(|f| f.task != "extra"));
    let without_c = &r.contingencies[2];
    assert!(without_c.feasible && without_c.unled.is_empty() && without_c.short.is_empty());
}

#[test]
fn defect5_dependence_keeps_best_effort_apart_from_feasible_losses() {
    let s = scenario(CO_LED);
    let opt = optimum(&s);
    let o = ContingencyOptions {
        cut: None,
        pairs: false,
    };
    let r = analyse(&s, &opt, &o, &opts()).unwrap();
    let (a, c) = (&r.dependence[0], &r.dependence[2]);
    assert_eq!(
        a.objective_lost, None,
        "a best-effort loss is not a feasible loss"
    );
    let be = a.best_effort.as_ref().unwrap();
    assert_eq!(
        be.coverage_lost, 0.5,
        "`shared` runs on one of its two leads"
    );
    assert!(c.objective_lost.is_some() && c.best_effort.is_none());
    let text = render::contingency(&r);
    assert!(text.contains("best effort: tasks uncovered") && text.contains("not ranked"));
}

#[test]
fn defect7_best_effort_says_which_tasks_run_short_and_at_what_scale() {
    let s = scenario(CO_LED);
    let opt = optimum(&s);
    let o = ContingencyOptions {
        cut: None,
        pairs: false,
    };
    let r = analyse(&s, &opt, &o, &opts()).unwrap();
    let short = &r.contingencies[0].short;
    assert_eq!(short.len(), 1);
    assert_eq!(
        (short[0].leads, short[0].required, short[0].scale),
        (1, 2, 0.5)
    );
    let text = render::contingency(&r);
    assert!(
        text.contains("shared gets 1 of its 2 leads: it runs at 1/2 scale"),
        "{text}"
    );
}

/// `secret` is too sensitive for B; A is pinned off `open`.
const BANNED: &str = r#"
[policy]
sensitivity_rule = "forbid"
[[country]]
id = "A"
capacity = 5
[[country]]
id = "B"
capacity = 5
sensitivity_tolerance = 0.2
[[task]]
id = "secret"
sensitivity = 0.8
effort = 1
fit = { A = 0.3, B = 0.9 }
[[task]]
id = "open"
effort = 1
fit = { A = 0.9, B = 0.2 }
[[policy.pin]]
country = "A"
task = "open"
lead = false
"#;

#[test]
fn defect4_fixes_never_override_bans_and_pins() {
    let s = scenario(BANNED);
    for fix in [(1, 0, true), (0, 1, true)] {
        let r = Restrictions {
            fixes: vec![fix],
            ..Default::default()
        };
        let got = solve_restricted(&s, &r, &opts()).unwrap();
        assert!(matches!(got, Attempt::Infeasible), "{fix:?}: {got:?}");
    }
}

#[test]
fn defect4_evaluate_fixed_respects_bans_and_pins_and_scores_like_solve() {
    let s = scenario(BANNED);
    let banned = vec![vec![1], vec![1]];
    let unpinned = vec![vec![0], vec![0]];
    for leads in [banned, unpinned] {
        let got = evaluate_fixed(&s, &leads, &opts()).unwrap();
        assert_eq!(got, Evaluation::Infeasible, "{leads:?}");
    }
    let opt = optimum(&s);
    let Evaluation::Feasible(p) = evaluate_fixed(&s, &opt.leads, &opts()).unwrap() else {
        panic!("the optimum is a plan");
    };
    assert_eq!((p.objective, &p.leads), (opt.objective, &opt.leads));
}

#[test]
fn defect4_evaluate_fixed_reoptimises_money_when_the_model_has_money_terms() {
    let text = format!("{BANNED}\n[[country]]\nid = \"C\"\ncapacity = 5\nbudget = 100\n");
    let s = scenario(&text.replace("[policy]\n", "[policy]\nfunding = \"all\"\n"));
    let opt = optimum(&s);
    let Evaluation::Feasible(p) = evaluate_fixed(&s, &opt.leads, &opts()).unwrap() else {
        panic!("the optimum is a plan");
    };
    assert!((p.objective - opt.objective).abs() < 1e-6);
}

#[test]
fn defect4_evaluate_fixed_agrees_with_brute_force_on_every_assignment() {
    let (mut feasible, mut infeasible) = (0, 0);
    for seed in 0..30 {
        let inst = Inst::random(seed);
        let s = inst.scenario();
        let plans = inst.plans(false);
        for a in inst.assignments() {
            match evaluate_fixed(&s, &a, &opts()).unwrap() {
                Evaluation::Feasible(p) => {
                    assert!(plans.contains(&a), "seed {seed}: {a:?} breaks a rule");
                    assert!(close(p.objective, inst.objective(&a)), "seed {seed}: {a:?}");
                    feasible += 1;
                }
                other => {
                    assert!(
                        !plans.contains(&a),
                        "seed {seed}: {a:?} is a plan: {other:?}"
                    );
                    infeasible += 1;
                }
            }
        }
    }
    assert!(
        feasible > 100 && infeasible > 100,
        "{feasible} feasible, {infeasible} not"
    );
}

/// The shared plan once took its optional tasks from the first future only: a
/// task optional there but required in another was left out, and the robust plan
/// was infeasible in that future although B leading it serves both.
#[test]
fn robust_plan_leads_a_task_that_any_future_requires() {
    use leadplan::planning::resilience::robust::{robust, Future, RobustGoal};
    let future = |name: &str| Future {
        label: name.into(),
        scenario: Scenario::load(format!("tests/fixtures/robust/{name}").as_ref()).unwrap(),
    };
    let futures = [future("t2-optional.toml"), future("t2-required.toml")];
    let base = optimum(&futures[0].scenario);
    let r = robust(&futures, &base, RobustGoal::Worst, &opts()).unwrap();
    let summary = r.robust.clone().expect("a robust plan exists");
    assert_eq!(summary.feasible_in, 2, "{r:?}");
}
