//! One listing of lead patterns under a sweep's widest capacities, filtered
//! per run, against a fresh listing under the run's own capacities (the
//! independent truth: the walk itself, with no filter), on random scenarios
//! with every row family, whole and fractional efforts, and capacities drawn
//! as a Monte Carlo sweep draws them (the base times 0.8 to 1.2).

use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::patterns::listed;
use super::patterns_shape::SharedShape;
use super::patterns_tests::{auto, own_shape, random_scenario};
use super::sweep_path::{shared_shape, solve_by_enumeration};
use super::Attempt;
use crate::scenario::Scenario;

/// A uniform draw in `[lo, hi]`.
fn uniform(rng: &mut ChaCha8Rng, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) * (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A base scenario (fractional efforts for odd seeds, so that sums carry
/// rounding), the widest capacities of a sweep drawing each capacity times 0.8
/// to 1.2, and one run drawn from it (some capacities exactly at a bound).
fn base_widest_and_run(seed: u64) -> (Scenario, Vec<f64>, Scenario) {
    let mut base = random_scenario(seed);
    if seed % 2 == 1 {
        for t in &mut base.tasks {
            t.effort.iter_mut().for_each(|e| *e *= 0.3);
        }
        base.countries.iter_mut().for_each(|c| c.capacity *= 0.3);
    }
    let widest: Vec<f64> = base.countries.iter().map(|c| c.capacity * 1.2).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let mut run = base.clone();
    for (c, w) in run.countries.iter_mut().zip(&widest) {
        c.capacity = match rng.next_u64() % 4 {
            0 => *w,
            1 => (c.capacity * uniform(&mut rng, 0.8, 1.2)).round(),
            _ => c.capacity * uniform(&mut rng, 0.8, 1.2),
        }
        .min(*w);
    }
    (base, widest, run)
}

#[test]
fn filtered_listing_equals_a_fresh_listing() {
    let mut compared = 0;
    for seed in 0..400 {
        let (base, widest, run) = base_widest_and_run(seed);
        let wide = SharedShape::within(&base, &widest);
        assert!(wide.covers(&run), "seed {seed}");
        let (Some(filtered), Some(fresh)) = (listed(&run, &wide), listed(&run, &own_shape(&run)))
        else {
            continue; // a listing too large: the MILP decides such runs
        };
        assert_eq!(filtered, fresh, "seed {seed}");
        compared += 1;
    }
    assert!(compared > 350, "{compared} compared");
}

/// The answer through the shared listing is bit for bit the answer through
/// the run's own listing (which `patterns_tests` checks against the MILP).
#[test]
fn solve_through_the_widest_listing_equals_the_runs_own() {
    let mut planned = 0;
    for seed in 0..200 {
        let (base, widest, run) = base_widest_and_run(seed);
        let wide = SharedShape::within(&base, &widest);
        let shared = solve_by_enumeration(&run, &auto(), shared_shape(&run, &wide)).unwrap();
        let own = solve_by_enumeration(&run, &auto(), Some(&own_shape(&run))).unwrap();
        let show = |a: Option<Attempt>| match a {
            Some(Attempt::Planned(p)) => format!("{:?} {:x}", p.leads, p.objective.to_bits()),
            other => format!("{other:?}"),
        };
        let (shared, own) = (show(shared), show(own));
        planned += usize::from(own.starts_with('['));
        assert_eq!(shared, own, "seed {seed}");
    }
    assert!(planned > 50, "{planned} planned");
}
