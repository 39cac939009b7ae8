//! Every run checked against brute force over all lead plans of its own (dumped) scenario.

use leadplan::plan::{Plan, PlanStatus};
use leadplan::{Scenario, SolverKind};

use super::{num, rows, sweep, Dir, MC, SMALL};

/// Every lead plan that meets the small scenario's rules in `s`, with its objective.
fn feasible_plans(s: &Scenario) -> Vec<(Vec<Vec<usize>>, f64)> {
    let n = s.countries.len();
    let options: Vec<Vec<Vec<usize>>> = s
        .tasks
        .iter()
        .enumerate()
        .map(|(t, task)| {
            (0u32..1 << n)
                .filter(|m| m.count_ones() as usize == task.leads)
                .map(|m| (0..n).filter(|i| m & (1 << i) != 0).collect::<Vec<_>>())
                .filter(|set| set.iter().all(|&i| s.sensitivity_allows(i, t)))
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    let mut pick = vec![0usize; s.tasks.len()];
    loop {
        let leads: Vec<Vec<usize>> = pick
            .iter()
            .enumerate()
            .map(|(t, &k)| options[t].get(k).cloned().unwrap_or_default())
            .collect();
        if options.iter().all(|o| !o.is_empty()) && meets_rules(s, &leads) {
            let p = Plan::from_parts(
                s,
                leads.clone(),
                None,
                PlanStatus::Optimal,
                SolverKind::Microlp,
                0.0,
            );
            out.push((leads, p.objective));
        }
        let mut t = 0;
        loop {
            if t == pick.len() {
                return out;
            }
            pick[t] += 1;
            if pick[t] < options[t].len().max(1) {
                break;
            }
            pick[t] = 0;
            t += 1;
        }
    }
}

fn meets_rules(s: &Scenario, leads: &[Vec<usize>]) -> bool {
    (0..s.countries.len()).all(|i| {
        let led: Vec<usize> = (0..s.tasks.len())
            .filter(|&t| leads[t].contains(&i))
            .collect();
        let effort: f64 = led.iter().map(|&t| s.tasks[t].effort[i]).sum();
        let per_domain_ok = s.domains().iter().all(|d| {
            led.iter().filter(|&&t| &s.tasks[t].domain == d).count()
                <= s.policy.max_per_domain.unwrap_or(usize::MAX)
        });
        effort <= s.countries[i].capacity + 1e-9 && led.len() >= s.min_leads_of(i) && per_domain_ok
    })
}

fn ids_to_leads(s: &Scenario, row: &std::collections::BTreeMap<String, String>) -> Vec<Vec<usize>> {
    s.tasks
        .iter()
        .map(|t| {
            row[&format!("lead.{}", t.id)]
                .split('+')
                .map(|id| s.country_index(id).unwrap())
                .collect()
        })
        .collect()
}

#[test]
fn every_run_matches_brute_force_on_its_own_scenario() {
    let d = Dir::new();
    let f = d.sweep(
        "mc.sweep.toml",
        "design = \"montecarlo\"\nruns = 40\nseed = 3",
        MC,
    );
    let out = d.path("out");
    // Some runs are infeasible (asserted below), so the sweep exits 1 (docs/SWEEPS.md).
    sweep(&f, &out, &["--dump-scenarios", "40", "--threads", "2"]).code(1);
    let base = Scenario::from_toml_str(SMALL, "small.toml").unwrap();
    let plans = feasible_plans(&base);
    let best = plans.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let baseline = plans.iter().find(|p| p.1 == best).unwrap().0.clone();
    let (mut optimal, mut infeasible) = (0, 0);
    for row in rows(&d.read("out/runs.csv")) {
        let run: u64 = row["run"].parse().unwrap();
        let s = Scenario::load(&out.join(format!("scenarios/run-{run:06}.toml"))).unwrap();
        let plans = feasible_plans(&s);
        if plans.is_empty() {
            assert_eq!(row["status"], "infeasible", "run {run}");
            infeasible += 1;
            continue;
        }
        optimal += 1;
        assert_eq!(row["status"], "optimal", "run {run}");
        let best = plans.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
        let obj = num(&row, "objective");
        assert!(
            (obj - best).abs() <= 1e-9 * best.abs().max(1.0),
            "run {run}: {obj} vs brute force {best}"
        );
        let found = ids_to_leads(&s, &row);
        assert!(
            plans
                .iter()
                .any(|p| p.0 == found && (p.1 - best).abs() < 1e-9),
            "run {run}: reported leads are not an optimal plan"
        );
        match plans.iter().find(|p| p.0 == baseline) {
            Some((_, value)) => {
                assert_eq!(row["baseline_feasible"], "true", "run {run}");
                assert!((num(&row, "baseline_objective") - value).abs() < 1e-9);
                assert!((num(&row, "regret") - (best - value)).abs() < 1e-9);
            }
            None => assert_eq!(row["baseline_feasible"], "false", "run {run}"),
        }
    }
    assert!(
        optimal > 10 && infeasible > 0,
        "optimal {optimal}, infeasible {infeasible}: the sweep should exercise both"
    );
}

/// One lead per task, with budgets and a fairness term: the money each country
/// pays is fixed by the leads, so brute force over lead plans is exact.
const SMALL_MONEY: &str = r#"
[policy]
min_leads_per_country = 1
min_lead_share = 0.2
weights = { fit = 10, cost = 0.05, sensitivity = 1, fairness = 0.3 }

[[country]]
id = "A"
capacity = 4
budget = 9
fair_share = 3
capability = { x = 0.9, y = 0.3 }

[[country]]
id = "B"
capacity = 3
budget = 6
fair_share = 1
capability = { x = 0.4, y = 0.8 }

[[country]]
id = "C"
capacity = 3
capability = { x = 0.6, y = 0.6 }

[[task]]
id = "t1"
effort = 2
cost = { A = 5, B = 3, C = 4 }
requirements = { x = 1 }

[[task]]
id = "t2"
effort = 1
cost = 4
requirements = { y = 1 }

[[task]]
id = "t3"
effort = 2
cost = { A = 2, B = 6, C = 3 }
requirements = { x = 0.5, y = 0.5 }

[[task]]
id = "t4"
effort = 1
cost = 2
requirements = { y = 1 }
"#;

fn within_budgets(s: &Scenario, leads: &[Vec<usize>]) -> bool {
    (0..s.countries.len()).all(|i| {
        let spent: f64 = (0..s.tasks.len())
            .filter(|&t| leads[t].contains(&i))
            .map(|t| s.tasks[t].cost[i])
            .sum();
        s.countries[i].budget.is_none_or(|b| spent <= b + 1e-9)
    })
}

#[test]
fn runs_with_budgets_and_fairness_match_brute_force() {
    let d = Dir::new();
    std::fs::write(d.path("money.toml"), SMALL_MONEY).unwrap();
    let p = d.path("m.sweep.toml");
    let body = "[[sweep.param]]\npath = \"country.*.budget\"\nuniform = { min = 2, max = 12 }\n[[sweep.param]]\npath = \"task.*.cost.*\"\nrelative = 0.5\n[[sweep.param]]\npath = \"policy.weights.fairness\"\nuniform = { min = 0, max = 1 }\n";
    std::fs::write(
        &p,
        format!("[sweep]\nscenario = \"money.toml\"\nruns = 30\nseed = 8\n{body}"),
    )
    .unwrap();
    let out = d.path("out");
    sweep(&p, &out, &["--dump-scenarios", "30"]).code(predicates::ord::le(1));
    let mut optimal = 0;
    for row in rows(&d.read("out/runs.csv")) {
        let run: u64 = row["run"].parse().unwrap();
        let s = Scenario::load(&out.join(format!("scenarios/run-{run:06}.toml"))).unwrap();
        let plans: Vec<_> = feasible_plans(&s)
            .into_iter()
            .filter(|p| within_budgets(&s, &p.0))
            .collect();
        if plans.is_empty() {
            assert_eq!(row["status"], "infeasible", "run {run}");
            continue;
        }
        optimal += 1;
        let best = plans.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
        let obj = num(&row, "objective");
        assert!(
            (obj - best).abs() <= 1e-7 * best.abs().max(1.0),
            "run {run}: {obj} vs brute force {best}"
        );
    }
    assert!(optimal > 5, "only {optimal} feasible runs");
}
