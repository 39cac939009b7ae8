//! Property tests: on random small scenarios the optimiser's plan satisfies every
//! constraint and its objective equals brute-force enumeration of every plan,
//! computed here independently from docs/MODEL.md, with microlp and with the
//! embedded branch and bound (`bnb`); microlp and bnb agree with HiGHS;
//! more capacity never lowers the optimum; the loader never panics.

use leadplan::{solve, Outcome, Scenario, SolveOptions, SolverChoice};
use proptest::prelude::*;

/// A random small scenario, kept as plain data so the brute force reads it directly.
#[derive(Clone, Debug)]
struct Case {
    capacity: Vec<f64>,
    budget: Vec<Option<f64>>,
    tolerance: Vec<f64>,
    fair: Vec<f64>,
    tasks: Vec<TaskCase>,
    min_leads: usize,
    max_leads: Option<usize>,
    max_domain: Option<usize>,
    penalize: bool,
    weights: [f64; 4],
    pins: Vec<(usize, usize, bool)>,
}

#[derive(Clone, Debug)]
struct TaskCase {
    domain: usize,
    effort: Vec<f64>,
    cost: Vec<f64>,
    fit: Vec<f64>,
    sensitivity: f64,
    importance: f64,
    leads: usize,
    optional: bool,
}

fn cents(lo: u32, hi: u32) -> impl Strategy<Value = f64> {
    (lo..=hi).prop_map(|c| c as f64 / 100.0)
}

fn task_case(n: usize, single: bool) -> impl Strategy<Value = TaskCase> {
    let leads = if single { 1..=1usize } else { 1..=n.min(2) };
    (
        0..2usize,
        prop::collection::vec((0..5u32).prop_map(f64::from), n),
        prop::collection::vec((0..20u32).prop_map(f64::from), n),
        prop::collection::vec(cents(0, 100), n),
        cents(0, 100),
        cents(10, 200),
        leads,
        prop::bool::weighted(0.2),
    )
        .prop_map(
            |(domain, effort, cost, fit, sensitivity, importance, leads, optional)| TaskCase {
                domain,
                effort,
                cost,
                fit,
                sensitivity,
                importance,
                leads,
                optional,
            },
        )
}

fn case() -> impl Strategy<Value = Case> {
    (1..=3usize, 1..=6usize, prop::bool::ANY).prop_flat_map(|(n, k, money)| {
        // With money in play (budgets, fairness), tasks have one lead so the
        // payments are determined by the leads and brute force stays exact.
        (
            prop::collection::vec((0..12u32).prop_map(f64::from), n),
            prop::collection::vec(
                prop::option::weighted(0.7, (0..40u32).prop_map(f64::from))
                    .prop_map(move |b| b.filter(|_| money)),
                n,
            ),
            prop::collection::vec(cents(0, 100), n),
            prop::collection::vec(cents(1, 100), n),
            prop::collection::vec(task_case(n, money), k),
            0..2usize,
            prop::option::of(1..4usize),
            prop::option::of(1..3usize),
            prop::bool::ANY,
            (
                cents(0, 1000),
                cents(0, 50),
                cents(0, 500),
                if money {
                    cents(0, 20).boxed()
                } else {
                    Just(0.0).boxed()
                },
            ),
            prop::collection::vec((0..n, 0..k, prop::bool::ANY), 0..3),
        )
            .prop_map(
                |(
                    capacity,
                    budget,
                    tolerance,
                    fair,
                    tasks,
                    min_leads,
                    max_leads,
                    max_domain,
                    penalize,
                    w,
                    pins,
                )| {
                    let mut seen = Vec::new();
                    let pins = pins
                        .into_iter()
                        .filter(|p| {
                            let fresh = !seen.contains(&(p.0, p.1));
                            seen.push((p.0, p.1));
                            fresh
                        })
                        .collect();
                    Case {
                        capacity,
                        budget,
                        tolerance,
                        fair,
                        tasks,
                        min_leads,
                        max_leads,
                        max_domain,
                        penalize,
                        weights: [w.0, w.1, w.2, w.3],
                        pins,
                    }
                },
            )
    })
}

const IDS: [&str; 3] = ["AA", "BB", "CC"];

fn to_toml(c: &Case) -> String {
    let mut s = String::new();
    s += &format!("[policy]\nmin_leads_per_country = {}\n", c.min_leads);
    if let Some(m) = c.max_leads {
        s += &format!("max_leads_per_country = {m}\n");
    }
    if let Some(m) = c.max_domain {
        s += &format!("max_leads_per_domain = {m}\n");
    }
    s += &format!(
        "sensitivity_rule = \"{}\"\n",
        if c.penalize { "penalize" } else { "forbid" }
    );
    s += &format!(
        "weights = {{ fit = {:?}, cost = {:?}, sensitivity = {:?}, fairness = {:?} }}\n",
        c.weights[0], c.weights[1], c.weights[2], c.weights[3]
    );
    for &(i, t, lead) in &c.pins {
        s += &format!(
            "[[policy.pin]]\ncountry = \"{}\"\ntask = \"t{t}\"\nlead = {lead}\n",
            IDS[i]
        );
    }
    #[allow(clippy::needless_range_loop)] // four parallel vectors
    for i in 0..c.capacity.len() {
        s += &format!("[[country]]\nid = \"{}\"\ncapacity = {:?}\nsensitivity_tolerance = {:?}\nfair_share = {:?}\n", IDS[i], c.capacity[i], c.tolerance[i], c.fair[i]);
        if let Some(b) = c.budget[i] {
            s += &format!("budget = {b:?}\n");
        }
    }
    let map = |v: &[f64]| {
        v.iter()
            .enumerate()
            .map(|(i, x)| format!("{} = {x:?}", IDS[i]))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (k, t) in c.tasks.iter().enumerate() {
        s += &format!(
            "[[task]]\nid = \"t{k}\"\ndomain = \"d{}\"\neffort = {{ {} }}\ncost = {{ {} }}\nfit = {{ {} }}\nsensitivity = {:?}\nimportance = {:?}\nleads = {}\noptional = {}\n",
            t.domain, map(&t.effort), map(&t.cost), map(&t.fit), t.sensitivity, t.importance, t.leads, t.optional
        );
    }
    s
}

/// Every lead set a task may take: all subsets of its lead count (and none if optional).
fn options(n: usize, t: &TaskCase) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = (0..1usize << n)
        .filter(|m| m.count_ones() as usize == t.leads)
        .map(|m| (0..n).filter(|i| m >> i & 1 == 1).collect())
        .collect();
    if t.optional {
        out.push(Vec::new());
    }
    out
}

/// Objective of a plan per docs/MODEL.md, or None if it breaks a constraint.
fn score(c: &Case, plan: &[Vec<usize>]) -> Option<f64> {
    let n = c.capacity.len();
    let excess = |i: usize, t: &TaskCase| (t.sensitivity - c.tolerance[i]).max(0.0);
    let mut effort = vec![0.0; n];
    let mut paid = vec![0.0; n];
    let mut count = vec![0usize; n];
    let mut per_domain = vec![[0usize; 2]; n];
    let (mut fit, mut cost, mut sens) = (0.0, 0.0, 0.0);
    for (t, leads) in c.tasks.iter().zip(plan) {
        let task_cost: f64 = leads.iter().map(|&i| t.cost[i]).sum::<f64>() / t.leads as f64;
        cost += task_cost;
        for &i in leads {
            if !c.penalize && t.sensitivity > c.tolerance[i] {
                return None;
            }
            effort[i] += t.effort[i];
            paid[i] += task_cost / leads.len() as f64;
            count[i] += 1;
            per_domain[i][t.domain] += 1;
            fit += t.importance * t.fit[i] / t.leads as f64;
            sens += t.importance * excess(i, t);
        }
    }
    for i in 0..n {
        let over_domain = c
            .max_domain
            .is_some_and(|h| per_domain[i].iter().any(|d| *d > h));
        let max_ok = c.max_leads.is_none_or(|h| count[i] <= h);
        let budget_ok = c.budget[i].is_none_or(|b| paid[i] <= b + 1e-9);
        if effort[i] > c.capacity[i] + 1e-9
            || count[i] < c.min_leads
            || !max_ok
            || over_domain
            || !budget_ok
        {
            return None;
        }
    }
    for &(i, t, lead) in &c.pins {
        if plan[t].contains(&i) != lead {
            return None;
        }
    }
    let total: f64 = cost;
    let fair_sum: f64 = c.fair.iter().sum();
    let fairness: f64 = (0..n)
        .map(|i| (paid[i] - c.fair[i] / fair_sum * total).abs())
        .sum();
    let w = c.weights;
    Some(w[0] * fit - w[1] * cost - w[2] * sens - w[3] * fairness)
}

/// The best objective over every plan, by enumeration.
fn brute_force(c: &Case) -> Option<f64> {
    let n = c.capacity.len();
    let opts: Vec<Vec<Vec<usize>>> = c.tasks.iter().map(|t| options(n, t)).collect();
    let mut idx = vec![0usize; opts.len()];
    let mut best: Option<f64> = None;
    loop {
        let plan: Vec<Vec<usize>> = idx.iter().zip(&opts).map(|(&k, o)| o[k].clone()).collect();
        if let Some(v) = score(c, &plan) {
            best = Some(best.map_or(v, |b: f64| b.max(v)));
        }
        let mut pos = 0;
        loop {
            if pos == idx.len() {
                return best;
            }
            idx[pos] += 1;
            if idx[pos] < opts[pos].len() {
                break;
            }
            idx[pos] = 0;
            pos += 1;
        }
    }
}

fn solve_with(s: &Scenario, solver: SolverChoice) -> Outcome {
    solve(
        s,
        &SolveOptions {
            solver,
            time_limit: None,
        },
    )
    .expect("solver runs")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::size(100, 400), ..ProptestConfig::default() })]

    #[test]
    fn optimum_equals_brute_force_and_plan_is_feasible(c in case()) {
        let scenario = Scenario::from_toml_str(&to_toml(&c), "case.toml").expect("generated scenarios are valid");
        let truth = brute_force(&c);
        match (solve_with(&scenario, SolverChoice::Microlp), truth) {
            (Outcome::Planned(plan), Some(best)) => {
                let own = score(&c, &plan.leads);
                prop_assert!(own.is_some(), "the plan breaks a constraint: {:?}", plan.leads);
                prop_assert!(close(own.unwrap(), plan.objective), "reported {} but the plan scores {}", plan.objective, own.unwrap());
                prop_assert!(close(plan.objective, best), "optimum {} but brute force finds {}", plan.objective, best);
            }
            (Outcome::Infeasible(d), None) => prop_assert!(!d.alternatives.is_empty() || c.tasks.is_empty()),
            (other, truth) => prop_assert!(false, "solver says {:?}, brute force says {:?}", other, truth),
        }
    }

    #[test]
    fn bnb_optimum_equals_brute_force_and_plan_is_feasible(c in case()) {
        let scenario = Scenario::from_toml_str(&to_toml(&c), "case.toml").unwrap();
        match (solve_with(&scenario, SolverChoice::Bnb), brute_force(&c)) {
            (Outcome::Planned(plan), Some(best)) => {
                let own = score(&c, &plan.leads);
                prop_assert!(own.is_some_and(|v| close(v, plan.objective)), "plan {:?} scores {:?}, reported {}", plan.leads, own, plan.objective);
                prop_assert!(close(plan.objective, best), "bnb {} but brute force finds {}", plan.objective, best);
            }
            (Outcome::Infeasible(_), None) => {}
            (other, truth) => prop_assert!(false, "bnb says {:?}, brute force says {:?}", other, truth),
        }
    }

    #[test]
    fn more_capacity_never_lowers_the_optimum(c in case(), who in 0..3usize, extra in 1..5u32) {
        let base = Scenario::from_toml_str(&to_toml(&c), "case.toml").unwrap();
        let mut more = c.clone();
        let who = who % more.capacity.len();
        more.capacity[who] += f64::from(extra);
        let more = Scenario::from_toml_str(&to_toml(&more), "case.toml").unwrap();
        if let Outcome::Planned(a) = solve_with(&base, SolverChoice::Microlp) {
            let Outcome::Planned(b) = solve_with(&more, SolverChoice::Microlp) else {
                return Err(TestCaseError::fail("more capacity made the scenario infeasible"));
            };
            prop_assert!(b.objective >= a.objective - 1e-7);
        }
    }

    #[test]
    fn loader_never_panics_on_arbitrary_text(text in ".{0,400}") {
        let _ = Scenario::from_toml_str(&text, "fuzz.toml");
    }

    #[test]
    fn loader_never_panics_on_mutated_scenarios(c in case(), cut in 0usize..2000, insert in "[ -~]{0,8}") {
        let mut text = to_toml(&c);
        let at = (cut % (text.len() + 1)..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
        text.insert_str(at, &insert);
        let _ = Scenario::from_toml_str(&text, "fuzz.toml");
    }
}

#[cfg(feature = "highs")]
proptest! {
    #![proptest_config(ProptestConfig { cases: crate::size(50, 150), ..ProptestConfig::default() })]

    #[test]
    fn microlp_and_highs_find_the_same_optimum(c in case()) {
        let scenario = Scenario::from_toml_str(&to_toml(&c), "case.toml").unwrap();
        match (solve_with(&scenario, SolverChoice::Microlp), solve_with(&scenario, SolverChoice::Highs)) {
            (Outcome::Planned(a), Outcome::Planned(b)) => prop_assert!(close(a.objective, b.objective), "microlp {} highs {}", a.objective, b.objective),
            (Outcome::Infeasible(_), Outcome::Infeasible(_)) => {}
            (a, b) => prop_assert!(false, "microlp {:?} vs highs {:?}", a, b),
        }
    }

    #[test]
    fn bnb_and_highs_find_the_same_optimum(c in case()) {
        let scenario = Scenario::from_toml_str(&to_toml(&c), "case.toml").unwrap();
        match (solve_with(&scenario, SolverChoice::Bnb), solve_with(&scenario, SolverChoice::Highs)) {
            (Outcome::Planned(a), Outcome::Planned(b)) => prop_assert!(close(a.objective, b.objective), "bnb {} highs {}", a.objective, b.objective),
            (Outcome::Infeasible(_), Outcome::Infeasible(_)) => {}
            (a, b) => prop_assert!(false, "bnb {:?} vs highs {:?}", a, b),
        }
    }
}

#[test]
fn huge_and_binary_inputs_are_rejected_cleanly() {
    let huge = "[[country]]\nid = \"A\"\ncapacity = 1\n".repeat(20_000);
    let err = Scenario::from_toml_str(&huge, "huge.toml").unwrap_err();
    assert!(err
        .iter()
        .any(|d| d.message.contains("duplicate country id")));
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bin.toml");
    std::fs::write(&p, [0u8, 159, 146, 150, 255, 0, 1]).unwrap();
    let e = Scenario::load(&p).unwrap_err().to_string();
    assert!(e.contains("not UTF-8"), "{e}");
}
