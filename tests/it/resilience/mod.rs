//! Resilience commands checked against brute force on small random instances,
//! and driven end to end through the binary.

mod brute;
mod cli;
mod defects;

use brute::{close, sorted_objectives, Inst};
use leadplan::planning::resilience::alternatives::{alternatives, Tolerance};
use leadplan::planning::resilience::contingency::{analyse, ContingencyOptions};
use leadplan::planning::resilience::replan::{replan, Stability};
use leadplan::planning::resilience::robust::{robust, Future, RobustGoal};
use leadplan::planning::resilience::threshold::{bisect, what_would_it_take, TOLERANCE};
use leadplan::{explain, solve, Outcome, Plan, SolveOptions, SolverChoice};

const SEEDS: std::ops::Range<u64> = 0..60;

/// HiGHS when it is compiled in (so `--features highs` runs every check through
/// it, optimality gaps included), microlp otherwise.
fn opts() -> SolveOptions {
    let solver = if leadplan::planning::solve::HIGHS_AVAILABLE {
        SolverChoice::Highs
    } else {
        SolverChoice::Microlp
    };
    SolveOptions {
        solver,
        time_limit: None,
    }
}

fn optimum(inst: &Inst) -> Option<Plan> {
    match solve(&inst.scenario(), &opts()).unwrap() {
        Outcome::Planned(p) => Some(p),
        _ => None,
    }
}

/// Lead sets per task from a report's `[task, leads]` list (ids `C<i>`).
fn parse_leads(leads: &[leadplan::planning::resilience::TaskLeads]) -> Vec<Vec<usize>> {
    leads
        .iter()
        .map(|tl| tl.leads.iter().map(|id| id[1..].parse().unwrap()).collect())
        .collect()
}

#[test]
fn the_solver_and_brute_force_agree_on_every_instance() {
    for seed in SEEDS {
        let inst = Inst::random(seed);
        let best = sorted_objectives(&inst, &inst.plans(false))
            .first()
            .copied();
        let got = optimum(&inst).map(|p| p.objective);
        assert!(
            best.is_some() == got.is_some() && best.zip(got).is_none_or(|(b, g)| close(b, g)),
            "seed {seed}: brute {best:?}, solver {got:?}"
        );
    }
}

#[test]
fn alternatives_are_the_true_k_best_plans() {
    let k = 4;
    for seed in SEEDS {
        let inst = Inst::random(seed);
        let Some(opt) = optimum(&inst) else { continue };
        let plans = inst.plans(false);
        let want = sorted_objectives(&inst, &plans);
        let r = alternatives(&inst.scenario(), &opt, Tolerance::Absolute(1e9), k, &opts()).unwrap();
        let got: Vec<f64> = r.plans.iter().map(|p| p.objective).collect();
        let n = want.len().min(k + 1);
        assert_eq!(got.len(), n, "seed {seed}: {got:?} vs {want:?}");
        assert!(
            got.iter().zip(&want).all(|(a, b)| close(*a, *b)),
            "seed {seed}: {got:?} vs {want:?}"
        );
        assert_eq!(
            r.stopped,
            if want.len() > k { "count" } else { "exhausted" },
            "seed {seed}"
        );
        let sets: Vec<Vec<Vec<usize>>> = r.plans.iter().map(|p| parse_leads(&p.leads)).collect();
        for (p, set) in r.plans.iter().zip(&sets) {
            assert!(
                plans.contains(set),
                "seed {seed}: plan {set:?} is not feasible"
            );
            assert!(close(inst.objective(set), p.objective), "seed {seed}");
            assert_eq!(
                sets.iter().filter(|s| *s == set).count(),
                1,
                "seed {seed}: {set:?} listed twice"
            );
        }
    }
}

#[test]
fn alternatives_stop_at_the_tolerance() {
    for seed in SEEDS {
        let inst = Inst::random(seed);
        let Some(opt) = optimum(&inst) else { continue };
        let want = sorted_objectives(&inst, &inst.plans(false));
        let floor = want[0] - 0.05 * want[0].abs();
        let within = want.iter().filter(|o| **o >= floor - 1e-9).count();
        let r = alternatives(
            &inst.scenario(),
            &opt,
            Tolerance::Relative(0.05),
            1000,
            &opts(),
        )
        .unwrap();
        assert_eq!(r.plans.len(), within, "seed {seed}");
        assert!(r.plans.iter().all(|p| p.objective >= r.floor - 1e-9));
    }
}

/// The brute-force answer for one re-planned instance: the optimum when one
/// exists, else the best-effort plan's (coverage, objective).
fn brute_contingency(inst: &Inst) -> (bool, Option<(f64, f64)>) {
    let strict = inst.plans(false);
    if let Some(best) = sorted_objectives(inst, &strict).first() {
        return (true, Some((inst.required() as f64, *best)));
    }
    let best = inst
        .plans(true)
        .into_iter()
        .map(|p| (inst.coverage(&p), inst.objective(&p)))
        .max_by(|a, b| {
            let by_cov = if close(a.0, b.0) {
                std::cmp::Ordering::Equal
            } else {
                a.0.total_cmp(&b.0)
            };
            by_cov.then(a.1.total_cmp(&b.1))
        });
    (false, best)
}

#[test]
fn contingencies_match_brute_force_withdrawals_and_cuts() {
    for seed in 0..25 {
        let inst = Inst::random(seed);
        let Some(opt) = optimum(&inst) else { continue };
        let r = analyse(
            &inst.scenario(),
            &opt,
            &ContingencyOptions {
                cut: Some(0.5),
                pairs: false,
            },
            &opts(),
        )
        .unwrap();
        let mut futures: Vec<Inst> = (0..inst.n).map(|i| inst.without(i)).collect();
        futures.extend((0..inst.n).map(|i| {
            let mut cut = inst.clone();
            cut.cap[i] *= 0.5;
            cut
        }));
        assert_eq!(r.contingencies.len(), futures.len(), "seed {seed}");
        for (c, f) in r.contingencies.iter().zip(&futures) {
            let (feasible, best) = brute_contingency(f);
            assert_eq!(c.feasible, feasible, "seed {seed} {}", c.name);
            assert_eq!(c.diagnosis.is_some(), !feasible, "seed {seed} {}", c.name);
            let got = (!c.leads.is_empty()).then(|| {
                let leads = parse_leads_in(&c.leads, &inst, c.kind == "withdraw", &c.countries);
                (f.coverage(&leads), f.objective(&leads))
            });
            match (got, best) {
                (Some(g), Some(b)) => assert!(
                    close(g.0, b.0) && close(g.1, b.1),
                    "seed {seed} {}: {g:?} vs {b:?}",
                    c.name
                ),
                (g, b) => assert_eq!(g.is_some(), b.is_some(), "seed {seed} {}", c.name),
            }
            assert!(c
                .objective_lost
                .is_none_or(|l| close(l, opt.objective - c.objective.unwrap())));
            assert_eq!(
                c.objective_lost.is_some(),
                c.feasible,
                "seed {seed} {}",
                c.name
            );
            if let (Some(b), Some((cov, _))) = (&c.best_effort, best) {
                assert!(
                    close(b.coverage_lost, f.required() as f64 - cov),
                    "seed {seed}"
                );
            }
            let optional = |id: &String| inst.optional[id[1..].parse::<usize>().unwrap()];
            assert!(
                !c.unled.iter().any(optional) && !c.short.iter().any(|s| optional(&s.task)),
                "seed {seed} {}: an optional task listed as short",
                c.name
            );
        }
        for (i, d) in r.dependence.iter().enumerate() {
            assert_eq!(d.objective_lost, r.contingencies[i].objective_lost);
            assert_eq!(d.best_effort, r.contingencies[i].best_effort);
        }
    }
}

/// Lead sets of a contingency plan, indexed like the reduced instance.
fn parse_leads_in(
    leads: &[leadplan::planning::resilience::TaskLeads],
    inst: &Inst,
    withdraw: bool,
    gone: &[String],
) -> Vec<Vec<usize>> {
    let full = parse_leads(leads);
    if !withdraw {
        return full;
    }
    let g: usize = gone[0][1..].parse().unwrap();
    assert!(g < inst.n);
    full.into_iter()
        .map(|ls| {
            ls.into_iter()
                .map(|i| if i > g { i - 1 } else { i })
                .collect()
        })
        .collect()
}

/// The baseline's leads as `(country, task)` pairs, and how many of them `plan` drops.
fn dropped(base: &[(usize, usize)], plan: &[Vec<usize>]) -> usize {
    base.iter().filter(|&&(i, t)| !plan[t].contains(&i)).count()
}

/// A changed instance: fits redrawn for half the tasks, one capacity lowered.
fn perturbed(inst: &Inst, seed: u64) -> Inst {
    let mut r = brute::Rng::new(seed ^ 0xabcdef);
    let mut out = inst.clone();
    for t in 0..out.tasks() {
        if r.int(0, 1) == 0 {
            out.fit[t] = (0..out.n).map(|_| r.unit()).collect();
        }
    }
    let i = r.int(0, out.n - 1);
    out.cap[i] = (out.cap[i] - 1.0).max(1.0);
    out
}

#[test]
fn replans_match_brute_force_under_change_limits_and_penalties() {
    for seed in SEEDS {
        let before = Inst::random(seed);
        let Some(opt) = optimum(&before) else {
            continue;
        };
        let base = leadplan::planning::resilience::lead_pairs(&opt);
        let after = perturbed(&before, seed);
        let plans = after.plans(false);
        let s = after.scenario();
        for k in 0..=3 {
            let r = replan(&s, &base, Stability::MaxChanges(k), &opts()).unwrap();
            let want = plans
                .iter()
                .filter(|p| dropped(&base, p) <= k)
                .map(|p| after.objective(p))
                .fold(None, |m: Option<f64>, o| Some(m.map_or(o, |m| m.max(o))));
            let got = r.plan.as_ref().map(|p| p.objective);
            assert_eq!(got.is_some(), want.is_some(), "seed {seed} K={k}");
            if let (Some(g), Some(w)) = (got, want) {
                assert!(close(g, w), "seed {seed} K={k}: {g} vs {w}");
                let p = r.plan.as_ref().unwrap();
                assert!(
                    p.change_count <= k && p.change_count == dropped(&base, &parse_leads(&p.leads))
                );
            }
            if plans.is_empty() {
                assert!(r.diagnosis.is_some(), "seed {seed}");
            } else if want.is_none() {
                let fewest = plans.iter().map(|p| dropped(&base, p)).min();
                assert_eq!(r.fewest_changes_needed, fewest, "seed {seed} K={k}");
            }
        }
        for penalty in [0.7, 3.0] {
            let r = replan(&s, &base, Stability::Penalty(penalty), &opts()).unwrap();
            let want = plans
                .iter()
                .map(|p| after.objective(p) - penalty * dropped(&base, p) as f64)
                .fold(f64::NEG_INFINITY, f64::max);
            let got = r
                .plan
                .as_ref()
                .map(|p| p.objective - penalty * p.change_count as f64);
            assert!(
                plans.is_empty() == got.is_none() && got.is_none_or(|g| close(g, want)),
                "seed {seed} P={penalty}: {got:?} vs {want}"
            );
        }
        let r = replan(&s, &base, Stability::Fewest, &opts()).unwrap();
        if let Some(p) = &r.plan {
            let fewest = plans.iter().map(|p| dropped(&base, p)).min().unwrap();
            let best = plans
                .iter()
                .filter(|p| dropped(&base, p) == fewest)
                .map(|p| after.objective(p))
                .fold(f64::NEG_INFINITY, f64::max);
            assert!(
                p.change_count == fewest && close(p.objective, best),
                "seed {seed}: fewest"
            );
        }
    }
}

#[test]
fn what_it_takes_is_the_fit_at_which_brute_force_hands_over_the_lead() {
    let mut checked = 0;
    for seed in 0..25 {
        let inst = Inst::random(seed);
        let Some(opt) = optimum(&inst) else { continue };
        let s = inst.scenario();
        let e = explain(&s, &opt, &opts()).unwrap();
        for th in what_would_it_take(&s, &e, &opts()).unwrap() {
            let (Some(ru), Some(needed)) = (&th.runner_up, th.fit_needed) else {
                continue;
            };
            let (t, j): (usize, usize) = (th.task[1..].parse().unwrap(), ru[1..].parse().unwrap());
            assert_eq!(
                th.method.as_deref(),
                Some("closed_form"),
                "seed {seed} {}: exact solves verify the closed form",
                th.task
            );
            let bisected = bisect(&s, t, j, inst.fit[t][j], &opts()).unwrap().unwrap();
            assert!(
                (bisected - needed).abs() <= 2.0 * TOLERANCE * needed.max(1.0),
                "seed {seed} {}: bisection {bisected} vs {needed}",
                th.task
            );
            let step = 1e-3 * needed.max(1.0);
            for (fit, should_lead) in [(needed + step, true), (needed - step, false)] {
                if fit < inst.fit[t][j] {
                    continue;
                }
                let mut moved = inst.clone();
                moved.fit[t][j] = fit;
                let plans = moved.plans(false);
                let best = sorted_objectives(&moved, &plans)[0];
                let leads = plans
                    .iter()
                    .filter(|p| close(moved.objective(p), best))
                    .all(|p| p[t].contains(&j) == should_lead);
                assert!(
                    leads,
                    "seed {seed} task t{t}: runner-up C{j} at fit {fit} (threshold {needed})"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "only {checked} thresholds checked");
}

/// A future of `inst`: fits and one capacity changed, and one tolerance lowered.
fn future(inst: &Inst, seed: u64) -> Inst {
    let mut out = perturbed(inst, seed);
    let i = (seed as usize) % out.n;
    out.tol[i] = (out.tol[i] - 0.3).max(0.0);
    out
}

#[test]
fn the_robust_worst_case_is_the_best_over_all_plans() {
    for seed in 0..30 {
        let base = Inst::random(seed);
        let Some(opt) = optimum(&base) else { continue };
        let insts = [
            base.clone(),
            future(&base, seed + 100),
            future(&base, seed + 200),
        ];
        let futures: Vec<Future> = insts
            .iter()
            .enumerate()
            .map(|(k, i)| Future {
                label: format!("f{k}"),
                scenario: i.scenario(),
            })
            .collect();
        let per_future: Vec<Vec<Vec<Vec<usize>>>> = insts.iter().map(|i| i.plans(false)).collect();
        let common: Vec<&Vec<Vec<usize>>> = per_future[0]
            .iter()
            .filter(|p| per_future.iter().all(|ps| ps.contains(p)))
            .collect();
        let scores =
            |p: &Vec<Vec<usize>>| insts.iter().map(|i| i.objective(p)).collect::<Vec<f64>>();
        for goal in [RobustGoal::Worst, RobustGoal::Mean] {
            let r = robust(&futures, &opt, goal, &opts()).unwrap();
            let value = |v: Vec<f64>| match goal {
                RobustGoal::Worst => v.into_iter().fold(f64::INFINITY, f64::min),
                // Mean, the only other goal of this loop (regret and satisficing: tests/it/oracle/frontier.rs)
                _ => v.iter().sum::<f64>() / v.len() as f64,
            };
            let best = common
                .iter()
                .map(|p| value(scores(p)))
                .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
            let got = r.robust.as_ref().map(|s| {
                if goal == RobustGoal::Worst {
                    s.worst.unwrap()
                } else {
                    s.mean.unwrap()
                }
            });
            assert_eq!(
                got.is_some(),
                best.is_some(),
                "seed {seed} {goal:?}: status {}",
                r.status
            );
            if let (Some(g), Some(b)) = (got, best) {
                assert!(
                    close(g, b),
                    "seed {seed} {goal:?}: robust {g} vs brute force {b}"
                );
                let leads = parse_leads(&r.leads);
                assert!(
                    common.contains(&&leads),
                    "seed {seed}: the robust plan is infeasible in some future"
                );
                for (row, (i, own)) in r.futures.iter().zip(insts.iter().zip(&per_future)) {
                    assert!(
                        close(row.robust.unwrap(), i.objective(&leads)),
                        "seed {seed}"
                    );
                    let own_best = sorted_objectives(i, own).first().copied();
                    assert!(
                        row.optimum.zip(own_best).is_none_or(|(a, b)| close(a, b))
                            && row.optimum.is_some() == own_best.is_some()
                    );
                }
            }
            for (row, (i, own)) in r.futures.iter().zip(insts.iter().zip(&per_future)) {
                let feasible = own.contains(&opt.leads);
                assert_eq!(
                    row.baseline.is_some(),
                    feasible,
                    "seed {seed} {}: baseline feasibility",
                    row.future
                );
                assert!(
                    row.baseline
                        .is_none_or(|b| close(b, i.objective(&opt.leads))),
                    "seed {seed}"
                );
            }
        }
    }
}
