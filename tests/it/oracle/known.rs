//! The disagreements the oracle found on main, each minimised by hand to a
//! scenario a reader can check on paper. They are ignored until the fixes
//! for each defect are merged; flip each on then.

use super::alternatives::check_alternatives;
use super::cli::{baseline_json, leadplan, write};
use super::contingency::check_contingency;
use super::replan::{check_replan, Limit};
use super::robust::check_robust;
use super::scenario::{Country, Pin, Policy, Scn, Task};

fn country(id: &str) -> Country {
    Country {
        id: id.to_string(),
        capacity: 10.0,
        budget: None,
        tolerance: None,
        fair_share: None,
        min_leads: None,
        max_leads: None,
        scores: vec![0.0],
    }
}

/// A task whose fits are given per country (`fits[i]`).
fn task(id: &str, fits: &[f64], cost: f64, leads: usize, optional: bool) -> Task {
    Task {
        id: id.to_string(),
        domain: 0,
        requirements: vec![1.0],
        effort: vec![1.0; fits.len()],
        cost: vec![cost; fits.len()],
        sensitivity: 0.0,
        importance: 1.0,
        leads,
        optional,
        fit_override: fits.iter().map(|f| Some(*f)).collect(),
    }
}

fn scn(countries: &[&str], tasks: Vec<Task>, cost_weight: f64) -> Scn {
    Scn {
        dims: 1,
        countries: countries.iter().map(|id| country(id)).collect(),
        tasks,
        policy: Policy {
            min_leads: 0,
            max_leads: None,
            max_per_domain: None,
            min_share: 0.0,
            funding_all: false,
            penalize: false,
            weights: [1.0, cost_weight, 1.0, 0.0],
            pins: Vec::new(),
        },
    }
}

/// Plans: {t0: A} 1.0, {t0: A, t1: B} 0.5, {t0: B} 0, {t0: B, t1: A} −1
/// (capacity 1 each). Main's cut after the optimum, `x_A,t0 ≤ 0`, also
/// excludes {t0: A, t1: B}, and lists 1.0, 0, −1.
#[test]
fn alternatives_list_the_plan_that_adds_an_optional_task() {
    let mut s = scn(
        &["A", "B"],
        vec![
            task("t0", &[1.0, 0.0], 0.0, 1, false),
            task("t1", &[0.0, 0.5], 10.0, 1, true),
        ],
        0.1,
    );
    s.countries.iter_mut().for_each(|c| c.capacity = 1.0);
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.toml", &s);
    let args = [
        "alternatives",
        file.to_str().unwrap(),
        "--within",
        "100",
        "--count",
        "5",
    ];
    check_alternatives(&s, 100.0, 5, &leadplan(&args)).unwrap();
}

/// Without either country, t0 (two co-leads) can have only the other: best
/// effort gives it 1 of 2 and leaves the optional t1 (worth −0.5) out: 0.5.
/// Main forces t1 in too (objective 0).
#[test]
fn contingency_best_effort_leaves_optional_tasks_out() {
    let s = scn(
        &["A", "B"],
        vec![
            task("t0", &[1.0, 1.0], 0.0, 2, false),
            task("t1", &[0.5, 0.5], 10.0, 1, true),
        ],
        0.1,
    );
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.toml", &s);
    check_contingency(&s, &leadplan(&["contingency", file.to_str().unwrap()])).unwrap();
}

/// Without A the optimum is feasible (B leads t0) and leaves the optional t1
/// (two co-leads) out by choice: it is neither unled nor short. Main lists it
/// as unled.
#[test]
fn contingency_does_not_list_optional_tasks_left_out_by_choice() {
    let s = scn(
        &["A", "B"],
        vec![
            task("t0", &[1.0, 0.5], 0.0, 1, false),
            task("t1", &[0.5, 0.5], 0.0, 2, true),
        ],
        0.0,
    );
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.toml", &s);
    check_contingency(&s, &leadplan(&["contingency", file.to_str().unwrap()])).unwrap();
}

/// The baseline leads nothing (t0 is optional); "baseline kept" must be that
/// plan (objective 0), not one that adds t0 (main prints 1, "t0: none -> A"
/// under changes, and 0 changes).
#[test]
fn replan_baseline_kept_is_the_baseline_unchanged() {
    let s = scn(
        &["A", "B"],
        vec![task("t0", &[1.0, 0.5], 0.0, 1, true)],
        0.0,
    );
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.toml", &s);
    let base = vec![Vec::new()];
    let plan = dir.path().join("plan.json");
    std::fs::write(&plan, baseline_json(&s, &base)).unwrap();
    let args = [
        "replan",
        file.to_str().unwrap(),
        "--baseline",
        plan.to_str().unwrap(),
    ];
    check_replan(&s, &base, Limit::Fewest, &leadplan(&args)).unwrap();
}

/// The base lets A lead t0 (sensitivity 0.5) and pins it there; a future
/// lowers A's tolerance to 0.3, so that future has no plan at all (the pin
/// meets a ban). Main still scores the base optimum there (0.7, as if the
/// rule were "penalize") and says it is feasible in 2 of 2 futures.
#[test]
fn robust_does_not_score_a_plan_in_a_future_that_bans_it() {
    let mut base = scn(
        &["A", "B"],
        vec![task("t0", &[0.9, 0.5], 0.0, 1, false)],
        0.0,
    );
    base.tasks[0].sensitivity = 0.5;
    base.policy.pins.push(Pin {
        country: 0,
        task: 0,
        lead: true,
    });
    let mut future = base.clone();
    future.countries[0].tolerance = Some(0.3);
    let dir = tempfile::tempdir().unwrap();
    let f0 = write(dir.path(), "f0.toml", &base);
    let f1 = write(dir.path(), "f1.toml", &future);
    let (f0, f1) = (f0.to_str().unwrap(), f1.to_str().unwrap());
    let out = leadplan(&["robust", f0, "--futures", f1]);
    check_robust(&[base, future], false, &out).unwrap();
}

/// MODEL.md ("Lead shortfall") promises that best effort first covers as
/// much of the agenda as it can, a task with k of L leads counting k/L. With
/// `P = R · max_t L_t`, covering 1/2 of t2 instead of 1/3 of t3 is worth only
/// P/6 = R/2, less than t3's fit (10 of R = 11). Without B and C, A alone
/// (capacity 1) should lead t2 (coverage 1/2, objective 0); main leads t3
/// (coverage 1/3, objective 10). Without B, t2: A, C and t3: C covers 4/3;
/// main covers 7/6. A penalty of `R · lcm_t L_t` would keep the order.
#[test]
fn contingency_best_effort_covers_the_most_agenda_first() {
    let mut s = scn(
        &["A", "B", "C"],
        vec![
            task("t2", &[0.0, 0.0, 0.0], 0.0, 2, false),
            task("t3", &[1.0, 0.0, 0.0], 0.0, 3, false),
        ],
        0.0,
    );
    s.tasks[1].importance = 30.0;
    s.countries[0].capacity = 1.0;
    s.countries[1].capacity = 2.0;
    s.countries[2].capacity = 2.0;
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.toml", &s);
    let out = leadplan(&["contingency", file.to_str().unwrap(), "--pairs"]);
    check_contingency(&s, &out).unwrap();
}
