//! `score`, in process on random plans of random small scenarios: its verdict
//! and objective agree with brute force (a plan is feasible exactly when the
//! oracle scores it, at the oracle's value; the optimum is the oracle's), and
//! every limit it names as broken is broken when recomputed from the oracle's
//! scenario, with the amounts it prints; every broken count or capacity is named.

use super::brute::{close, evaluate, optimum, Mode, Pattern};
use super::gen::{scenario, Rng, ALL};
use super::scenario::Scn;
use leadplan::planning::resilience::score::{score, Proposal, ScoreReport};
use leadplan::rules::Breach;
use leadplan::{Scenario, SolveOptions, SolverChoice};

/// A random plan: mostly the right number of distinct leads per task, now
/// and then a wrong count (none, too few, too many).
fn random_plan(scn: &Scn, rng: &mut Rng) -> Pattern {
    let n = scn.countries.len();
    (scn.tasks.iter())
        .map(|task| {
            let k = if rng.chance(0.15) {
                rng.below(n + 1)
            } else if task.optional && rng.chance(0.3) {
                0
            } else {
                task.leads.min(n)
            };
            let mut order: Vec<usize> = (0..n).collect();
            for j in (1..n).rev() {
                order.swap(j, rng.below(j + 1));
            }
            let mut set = order[..k].to_vec();
            set.sort_unstable();
            set
        })
        .collect()
}

fn country(scn: &Scn, b: &Breach) -> Result<usize, String> {
    let id = b.country.as_deref().ok_or("no country")?;
    (scn.countries.iter().position(|c| c.id == id)).ok_or(format!("unknown country {id}"))
}

fn task(scn: &Scn, b: &Breach) -> Result<usize, String> {
    let id = b.task.as_deref().ok_or("no task")?;
    (scn.tasks.iter().position(|t| t.id == id)).ok_or(format!("unknown task {id}"))
}

/// The breach recomputed from the oracle's scenario: `Ok` when it holds.
fn holds(scn: &Scn, pat: &Pattern, b: &Breach) -> Result<bool, String> {
    let led = |i: usize| {
        (0..scn.tasks.len())
            .filter(|&t| pat[t].contains(&i))
            .count()
    };
    let amounts = |v: f64, l: f64| {
        b.value.is_some_and(|x| close(x, v)) && b.limit.is_some_and(|x| close(x, l))
    };
    Ok(match b.kind.name() {
        "capacity" => {
            let i = country(scn, b)?;
            let used: f64 = (0..scn.tasks.len())
                .filter(|&t| pat[t].contains(&i))
                .map(|t| scn.tasks[t].effort[i])
                .sum();
            used > scn.countries[i].capacity + 1e-9 && amounts(used, scn.countries[i].capacity)
        }
        "max_leads" => {
            let i = country(scn, b)?;
            scn.hi(i)
                .is_some_and(|h| led(i) > h && amounts(led(i) as f64, h as f64))
        }
        "min_leads" => {
            let i = country(scn, b)?;
            led(i) < scn.lo(i) && amounts(led(i) as f64, scn.lo(i) as f64)
        }
        "domain" => {
            let (i, h) = (
                country(scn, b)?,
                scn.policy.max_per_domain.ok_or("no limit")?,
            );
            (0..2).any(|d| {
                let k = (0..scn.tasks.len())
                    .filter(|&t| scn.tasks[t].domain == d && pat[t].contains(&i))
                    .count();
                k > h && amounts(k as f64, h as f64)
            })
        }
        "pin" => {
            let (i, t) = (country(scn, b)?, task(scn, b)?);
            let leads = pat[t].contains(&i);
            (scn.must_lead(i, t) && !leads)
                || (leads
                    && scn
                        .policy
                        .pins
                        .iter()
                        .any(|p| p.country == i && p.task == t && !p.lead))
        }
        "sensitivity" => {
            let (i, t) = (country(scn, b)?, task(scn, b)?);
            pat[t].contains(&i) && !scn.policy.penalize && scn.excess(i, t) > 0.0
        }
        "task_leads" => {
            let t = task(scn, b)?;
            let (k, task) = (pat[t].len(), &scn.tasks[t]);
            k != task.leads && !(k == 0 && task.optional) && amounts(k as f64, task.leads as f64)
        }
        // Leads alone: the budget breach is "no split keeps every budget".
        "budget" => b.country.is_none() && evaluate(scn, pat, Mode::Exact).is_err(),
        other => return Err(format!("a {other} breach of a plan without shares")),
    })
}

/// Every over-capacity country, lead-count and task-count problem is named.
fn named_all(scn: &Scn, pat: &Pattern, r: &ScoreReport) -> bool {
    let named = |kind: &str, id: &str| {
        r.breaches.iter().any(|b| {
            b.kind.name() == kind
                && (b.country.as_deref() == Some(id) || b.task.as_deref() == Some(id))
        })
    };
    let countries = scn.countries.iter().enumerate().all(|(i, c)| {
        let ts: Vec<usize> = (0..scn.tasks.len())
            .filter(|&t| pat[t].contains(&i))
            .collect();
        let used: f64 = ts.iter().map(|&t| scn.tasks[t].effort[i]).sum();
        (used <= c.capacity + 1e-9 || named("capacity", &c.id))
            && (scn.hi(i).is_none_or(|h| ts.len() <= h) || named("max_leads", &c.id))
            && (ts.len() >= scn.lo(i) || named("min_leads", &c.id))
    });
    let tasks = scn.tasks.iter().enumerate().all(|(t, task)| {
        let k = pat[t].len();
        k == task.leads || (k == 0 && task.optional) || named("task_leads", &task.id)
    });
    countries && tasks
}

fn check(scn: &Scn, pat: &Pattern, r: &ScoreReport, best: Option<f64>) -> Result<(), String> {
    match (evaluate(scn, pat, Mode::Exact), r.feasible()) {
        (Ok(v), true) if close(v, r.objective) => {}
        (Ok(v), true) => return Err(format!("objective {}, brute force {v}", r.objective)),
        (Ok(v), false) => {
            return Err(format!(
                "brute force scores it {v}; score: {:?}",
                r.breaches
            ))
        }
        (Err(e), true) => return Err(format!("score calls it feasible; brute force: {e}")),
        (Err(_), false) => {}
    }
    match (best, r.optimum) {
        (Some(b), Some(o)) if close(b, o) => {}
        (None, None) => {}
        (b, o) => return Err(format!("optimum {o:?}, brute force {b:?}")),
    }
    for b in &r.breaches {
        if !holds(scn, pat, b)? {
            return Err(format!("names a limit that holds: {}", b.sentence));
        }
    }
    if !named_all(scn, pat, r) {
        return Err(format!("leaves a broken limit unnamed: {:?}", r.breaches));
    }
    match (&r.repair, r.feasible() || best.is_none()) {
        (None, true) => Ok(()),
        (Some(fix), false) if best.is_some_and(|b| fix.objective <= b + 1e-6) => Ok(()),
        (fix, _) => Err(format!("repair {fix:?}")),
    }
}

#[test]
fn score_agrees_with_brute_force_on_random_plans() {
    let opts = SolveOptions {
        solver: SolverChoice::Microlp,
        time_limit: None,
    };
    let (mut findings, mut checked) = (Vec::new(), 0);
    for seed in 0..crate::size(50, 250) {
        let scn = scenario(seed, ALL);
        let s = Scenario::from_toml_str(&scn.to_toml(), "random.toml").unwrap();
        let best = optimum(&scn);
        let mut rng = Rng::new(seed ^ 0x5c02e);
        for _ in 0..6 {
            let pat = random_plan(&scn, &mut rng);
            let p = Proposal {
                leads: pat.clone(),
                shares: None,
            };
            let r = score(&s, &p, &opts).unwrap();
            checked += 1;
            if let Err(e) = check(&scn, &pat, &r, best) {
                findings.push(format!("seed {seed}, plan {pat:?}: {e}"));
            }
        }
    }
    assert!(checked >= 300, "{checked} plans");
    assert!(findings.is_empty(), "{}", findings.join("\n"));
}
