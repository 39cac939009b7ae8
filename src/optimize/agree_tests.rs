//! The rule book's consumers agree: on random scenarios that use every family,
//! a lead plan the rule book accepts ([`rules::leads_hold`]) is one the
//! pattern listing lists, the MILP with every lead fixed accepts (with the
//! payments the payments LP finds), and the fixed-lead evaluation accepts;
//! a plan it rejects, none of them accepts. The infeasibility proof never
//! rules out a scenario that has an accepted plan with payments, and every
//! MILP optimum passes the rule book's check of a finished plan.
//!
//! The default run checks 60 scenarios; `LEADPLAN_LONG_TESTS=1` checks 1,000.

use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::evaluate::{evaluate_fixed, every_lead_fixed, Evaluation};
use super::patterns::listed;
use super::patterns_shape::SharedShape;
use super::payments::payments;
use super::precheck::proves_infeasible;
use super::test_scenarios::{below, random_scenario};
use super::{certify, solve_restricted, Attempt};
use crate::model::Restrictions;
use crate::options::SolveOptions;
use crate::rules::{self, rule, Family, Tally, Tol};
use crate::scenario::Scenario;

fn cases() -> usize {
    if std::env::var_os("LEADPLAN_LONG_TESTS").is_some() {
        1_000
    } else {
        60
    }
}

/// Every subset of `0..n` with `k` members, in ascending order.
fn subsets(n: usize, k: usize) -> Vec<Vec<usize>> {
    (0u32..1 << n)
        .filter(|m| m.count_ones() as usize == k)
        .map(|m| (0..n).filter(|i| m & (1 << i) != 0).collect())
        .collect()
}

/// A random lead plan near the valid ones: per task, a lead set of its size,
/// one fewer or one more.
fn random_leads(s: &Scenario, rng: &mut ChaCha8Rng) -> Vec<Vec<usize>> {
    let n = s.countries.len();
    (s.tasks.iter())
        .map(|task| {
            let k = (task.leads + below(rng, 3)).saturating_sub(1).min(n);
            let sets = subsets(n, k);
            sets[below(rng, sets.len())].clone()
        })
        .collect()
}

/// Whether the MILP with every lead fixed to `leads` has a plan.
fn milp_accepts(s: &Scenario, leads: &[Vec<usize>]) -> bool {
    match solve_restricted(s, &every_lead_fixed(s, leads), &SolveOptions::default()) {
        Ok(Attempt::Planned(p)) => {
            assert_eq!(p.leads, leads, "a fixed plan came back with other leads");
            true
        }
        Ok(Attempt::Infeasible) => false,
        other => panic!("the fixed MILP did not settle: {other:?}"),
    }
}

/// Whether some split of the costs pays for `leads` under every money rule.
fn payable(s: &Scenario, leads: &[Vec<usize>]) -> bool {
    !rules::needs_money(s) || matches!(payments(s, leads), Ok(Some(_)))
}

/// Families the searches skip when they check a new lead ([`rules::ON_LEADS`])
/// must admit every lead: building an accepted plan lead by lead never meets
/// one that says no.
fn searches_miss_no_family(s: &Scenario, leads: &[Vec<usize>]) {
    let mut tally = Tally::new(s, Tol::Exact);
    for (t, ls) in leads.iter().enumerate() {
        for &i in ls {
            for f in Family::ALL
                .into_iter()
                .filter(|f| !rules::ON_LEADS.contains(f))
            {
                assert!(
                    rule(f).admits(s, &tally, i, t, 0.0),
                    "{} rejects a lead of an accepted plan but is not checked by the searches",
                    f.name()
                );
            }
            tally.take(s, i, t, 0.0);
        }
    }
}

fn check(case: usize, s: &Scenario, rng: &mut ChaCha8Rng) {
    let opts = SolveOptions::default();
    let shape = SharedShape::within(s, &[]);
    let listing = listed(s, &shape);
    // the listing and the rule book: the same plans
    if let Some(patterns) = &listing {
        for p in patterns {
            assert!(
                rules::leads_hold(s, p),
                "case {case}: listed {p:?} breaks a rule"
            );
            searches_miss_no_family(s, p);
        }
    }
    let mut drawn: Vec<Vec<Vec<usize>>> = (0..200).map(|_| random_leads(s, rng)).collect();
    if let Some(patterns) = &listing {
        drawn.extend(patterns.iter().take(5).cloned());
    }
    let mut milps = 0;
    for leads in &drawn {
        let holds = rules::leads_hold(s, leads);
        if let Some(patterns) = &listing {
            assert_eq!(
                holds,
                patterns.contains(leads),
                "case {case}: the rule book and the listing disagree on {leads:?}"
            );
        }
        let evaluated = match evaluate_fixed(s, leads, &opts).expect("evaluates") {
            Evaluation::Feasible(p) => {
                assert!(certify::breaks(s, &Restrictions::default(), &p).is_none());
                true
            }
            Evaluation::Infeasible => false,
            Evaluation::Unknown => panic!("case {case}: the evaluation did not settle"),
        };
        let truth = holds && payable(s, leads);
        assert_eq!(evaluated, truth, "case {case}: evaluation of {leads:?}");
        // the MILP on a few plans of each kind (it is the slow one)
        if milps < 6 && (truth || milps < 3) {
            milps += 1;
            assert_eq!(
                milp_accepts(s, leads),
                truth,
                "case {case}: MILP on {leads:?}"
            );
        }
    }
    // the proof, the listing and the MILP on the scenario as a whole
    let solved = solve_restricted(s, &Restrictions::default(), &opts).expect("solves");
    let any_listed = listing.as_ref().map(|ps| ps.iter().any(|p| payable(s, p)));
    match solved {
        Attempt::Planned(p) => {
            assert!(
                !proves_infeasible(s),
                "case {case}: proven infeasible, yet planned"
            );
            assert!(
                rules::leads_hold(s, &p.leads),
                "case {case}: the optimum breaks a rule"
            );
            assert!(certify::breaks(s, &Restrictions::default(), &p).is_none());
            assert_ne!(
                any_listed,
                Some(false),
                "case {case}: planned, but no listed plan pays"
            );
        }
        Attempt::Infeasible => {
            assert_ne!(
                any_listed,
                Some(true),
                "case {case}: a listed plan pays, MILP says none"
            );
        }
        Attempt::NoPlanFound { .. } => panic!("case {case}: the MILP did not settle"),
    }
}

#[test]
fn every_consumer_of_the_rule_book_accepts_the_same_plans() {
    let mut rng = ChaCha8Rng::seed_from_u64(22);
    for case in 0..cases() {
        let s = random_scenario(&mut rng);
        check(case, &s, &mut rng);
    }
}

#[test]
fn every_family_has_a_definition_that_names_it() {
    for f in Family::ALL {
        assert_eq!(rule(f).family(), f);
        assert_eq!(Family::from_name(f.name()), Some(f));
    }
    let blamed: Vec<&str> = Family::blamed().map(Family::name).collect();
    assert_eq!(
        blamed,
        [
            "capacity",
            "budget",
            "min_leads",
            "max_leads",
            "domain",
            "pin",
            "sensitivity",
            "task_leads"
        ]
    );
}
