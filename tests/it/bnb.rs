//! The embedded branch and bound (`--solver bnb`) against microlp on random
//! scenarios with every constraint family at once: co-leads paying shares of
//! a cost (`funding = "leads"` or `"all"`), minimum lead shares, budgets,
//! fairness, domain limits, min/max leads, optional tasks, pins and
//! sensitivity bans. Two independent searches over the same model must agree
//! on feasibility and on the optimum (to 1e-6); brute force, which cannot
//! value co-lead payments, checks bnb on simpler scenarios in `properties.rs`.

use leadplan::{solve, Outcome, Scenario, SolveOptions, SolverChoice};
use proptest::prelude::*;

const IDS: [&str; 4] = ["AA", "BB", "CC", "DD"];

#[derive(Clone, Debug)]
struct Task {
    domain: u8,
    leads: usize,
    optional: bool,
    sensitivity: u8,
    effort: Vec<u8>,
    cost: Vec<u8>,
    fit: Vec<u8>,
}

#[derive(Clone, Debug)]
struct Case {
    capacity: Vec<u8>,
    budget: Vec<Option<u8>>,
    tolerance: Vec<u8>,
    tasks: Vec<Task>,
    funding_all: bool,
    min_share: u8,
    weights: [u8; 4],
    penalize: bool,
    limits: (u8, Option<u8>, Option<u8>),
    pins: Vec<(usize, usize, bool)>,
}

fn task(n: usize) -> impl Strategy<Value = Task> {
    let v = move |hi: u8| prop::collection::vec(0..hi, n);
    (
        0..2u8,
        1..=2usize,
        prop::bool::weighted(0.2),
        0..10u8,
        v(5),
        v(30),
        v(10),
    )
        .prop_map(
            move |(domain, leads, optional, sensitivity, effort, cost, fit)| Task {
                domain,
                leads: leads.min(n),
                optional,
                sensitivity,
                effort,
                cost,
                fit,
            },
        )
}

fn case() -> impl Strategy<Value = Case> {
    (2..=4usize, 2..=7usize).prop_flat_map(|(n, k)| {
        (
            prop::collection::vec(2..14u8, n),
            prop::collection::vec(prop::option::weighted(0.6, 0..60u8), n),
            prop::collection::vec(0..10u8, n),
            prop::collection::vec(task(n), k),
            (prop::bool::ANY, 0..4u8, prop::bool::ANY),
            (1..20u8, 0..3u8, 0..5u8, 0..3u8),
            (0..2u8, prop::option::of(1..5u8), prop::option::of(1..3u8)),
            prop::collection::vec((0..n, 0..k, prop::bool::ANY), 0..3),
        )
            .prop_map(
                |(capacity, budget, tolerance, tasks, f, w, limits, pins)| Case {
                    capacity,
                    budget,
                    tolerance,
                    tasks,
                    funding_all: f.0,
                    min_share: f.1,
                    weights: [w.0, w.1, w.2, w.3],
                    penalize: f.2,
                    limits,
                    pins,
                },
            )
    })
}

fn to_toml(c: &Case) -> String {
    let w = c.weights;
    let mut s = format!(
        "[policy]\nfunding = \"{}\"\nmin_lead_share = {}\nsensitivity_rule = \"{}\"\nmin_leads_per_country = {}\nweights = {{ fit = {}, cost = {}, sensitivity = {}, fairness = {} }}\n",
        if c.funding_all { "all" } else { "leads" },
        f64::from(c.min_share) / 10.0,
        if c.penalize { "penalize" } else { "forbid" },
        c.limits.0,
        f64::from(w[0]) / 4.0,
        f64::from(w[1]) / 20.0,
        w[2],
        f64::from(w[3]) / 10.0,
    );
    if let Some(m) = c.limits.1 {
        s += &format!("max_leads_per_country = {m}\n");
    }
    if let Some(m) = c.limits.2 {
        s += &format!("max_leads_per_domain = {m}\n");
    }
    let mut seen = Vec::new();
    for &(i, t, lead) in &c.pins {
        if !seen.contains(&(i, t)) {
            seen.push((i, t));
            s += &format!(
                "[[policy.pin]]\ncountry = \"{}\"\ntask = \"t{t}\"\nlead = {lead}\n",
                IDS[i]
            );
        }
    }
    #[allow(clippy::needless_range_loop)] // four parallel vectors
    for i in 0..c.capacity.len() {
        s += &format!(
            "[[country]]\nid = \"{}\"\ncapacity = {}\nsensitivity_tolerance = {}\nfair_share = {}\n",
            IDS[i],
            c.capacity[i],
            f64::from(c.tolerance[i]) / 10.0,
            i + 1
        );
        if let Some(b) = c.budget[i] {
            s += &format!("budget = {b}\n");
        }
    }
    let map = |v: &[u8], scale: f64| {
        v.iter()
            .enumerate()
            .map(|(i, x)| format!("{} = {}", IDS[i], f64::from(*x) / scale))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (k, t) in c.tasks.iter().enumerate() {
        s += &format!(
            "[[task]]\nid = \"t{k}\"\ndomain = \"d{}\"\nleads = {}\noptional = {}\nsensitivity = {}\neffort = {{ {} }}\ncost = {{ {} }}\nfit = {{ {} }}\n",
            t.domain,
            t.leads,
            t.optional,
            f64::from(t.sensitivity) / 10.0,
            map(&t.effort, 1.0),
            map(&t.cost, 1.0),
            map(&t.fit, 10.0),
        );
    }
    s
}

fn solve_with(s: &Scenario, solver: SolverChoice) -> Outcome {
    let opts = SolveOptions {
        solver,
        time_limit: None,
    };
    solve(s, &opts).expect("solver runs")
}

fn agree(s: &Scenario, a: SolverChoice, b: SolverChoice) -> Result<(), TestCaseError> {
    match (solve_with(s, a), solve_with(s, b)) {
        (Outcome::Planned(p), Outcome::Planned(q)) => {
            let tol = 1e-6 * (1.0 + p.objective.abs().max(q.objective.abs()));
            prop_assert!(
                (p.objective - q.objective).abs() <= tol,
                "{a:?} {} vs {b:?} {}",
                p.objective,
                q.objective
            );
        }
        (Outcome::Infeasible(_), Outcome::Infeasible(_)) => {}
        (p, q) => prop_assert!(false, "{a:?} {p:?} vs {b:?} {q:?}"),
    }
    Ok(())
}

/// Regression (vendored search): a required task that no country may
/// lead leaves an assignment row without columns (`0 = 1`); the vendored
/// solver never sees such rows, so bnb must check them itself and say
/// infeasible, as microlp does, instead of failing on the plan check.
#[test]
fn bnb_says_infeasible_when_no_country_may_lead_a_required_task() {
    let toml = r#"
[[country]]
id = "AA"
capacity = 2
sensitivity_tolerance = 0
[[task]]
id = "t0"
domain = "d"
sensitivity = 0.1
effort = { AA = 1 }
fit = { AA = 0.5 }
"#;
    let s = Scenario::from_toml_str(toml, "case.toml").unwrap();
    assert!(matches!(
        solve_with(&s, SolverChoice::Microlp),
        Outcome::Infeasible(_)
    ));
    assert!(matches!(
        solve_with(&s, SolverChoice::Bnb),
        Outcome::Infeasible(_)
    ));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::size(200, 1000), ..ProptestConfig::default() })]

    #[test]
    fn bnb_and_microlp_agree_with_every_constraint_family(c in case()) {
        let s = Scenario::from_toml_str(&to_toml(&c), "case.toml").expect("generated scenarios are valid");
        agree(&s, SolverChoice::Bnb, SolverChoice::Microlp)?;
    }
}

/// The same scenarios with only the families of GAP shape left (fit or
/// cost per lead, capacities, co-leads, pins, sensitivity bans), which bnb
/// solves by its Lagrangian search rather than by LP.
fn gap_shaped() -> impl Strategy<Value = Case> {
    case().prop_map(|mut c| {
        c.budget.iter_mut().for_each(|b| *b = None);
        c.tasks.iter_mut().for_each(|t| t.optional = false);
        c.funding_all = false;
        c.min_share = 0;
        c.weights = [c.weights[0], c.weights[1] % 2, 0, 0];
        c.penalize = false;
        c.limits = (0, None, None);
        c
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::size(100, 500), ..ProptestConfig::default() })]

    #[test]
    fn bnb_and_microlp_agree_on_gap_shaped_scenarios(c in gap_shaped()) {
        let s = Scenario::from_toml_str(&to_toml(&c), "case.toml").expect("generated scenarios are valid");
        agree(&s, SolverChoice::Bnb, SolverChoice::Microlp)?;
    }
}

#[cfg(feature = "highs")]
proptest! {
    #![proptest_config(ProptestConfig { cases: crate::size(50, 150), ..ProptestConfig::default() })]

    #[test]
    fn bnb_and_highs_agree_with_every_constraint_family(c in case()) {
        let s = Scenario::from_toml_str(&to_toml(&c), "case.toml").expect("generated scenarios are valid");
        agree(&s, SolverChoice::Bnb, SolverChoice::Highs)?;
    }
}
