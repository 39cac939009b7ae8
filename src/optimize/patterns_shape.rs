//! Which runs of a sweep share one listing of lead patterns.
//!
//! The lead patterns of a scenario (see `patterns`) depend on a few numbers
//! only: lead counts, optional flags, domains, efforts, pins and bans per task,
//! capacities and lead limits per country ([`shape_key`]). A sweep lists them
//! once per worker, under the widest capacities its parameters can draw
//! ([`SharedShape`]), and a run whose other numbers equal the base scenario's
//! and whose capacities lie within those takes its own patterns from that list:
//! a pattern is one of the run's exactly when its effort per country fits the
//! run's capacity ([`SharedShape::covers`] decides which runs qualify,
//! `patterns` filters). A Monte Carlo draw of capacities therefore costs no
//! listing of its own. Whether a run qualifies depends on the run and the
//! sweep alone, never on what a worker ran before.

use crate::rules;
use crate::scenario::Scenario;

/// A listing of lead patterns that the runs of a sweep share: the numbers it
/// was listed under, and the capacities among them.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SharedShape {
    /// [`shape_key`] of the base scenario with the capacities below.
    pub(crate) key: Vec<u64>,
    /// The capacities the patterns are listed under (at least each run's).
    pub(crate) capacities: Vec<f64>,
}

impl SharedShape {
    /// The shape of `s` with each country's capacity raised to at least
    /// `widest[i]` (a sweep's widest draw; shorter or non-finite entries leave
    /// the capacity as it is).
    pub(crate) fn within(s: &Scenario, widest: &[f64]) -> SharedShape {
        let capacities: Vec<f64> = s
            .countries
            .iter()
            .enumerate()
            .map(|(i, c)| match widest.get(i) {
                Some(&w) if w.is_finite() && w > c.capacity => w,
                _ => c.capacity,
            })
            .collect();
        SharedShape {
            key: shape_key(s, &capacities),
            capacities,
        }
    }

    /// Whether `s`'s patterns are among this listing's: every number but the
    /// capacities is the same, and no capacity is above the listing's.
    pub(crate) fn covers(&self, s: &Scenario) -> bool {
        s.countries.len() == self.capacities.len()
            && s.countries
                .iter()
                .zip(&self.capacities)
                .all(|(c, &w)| c.capacity <= w)
            && shape_key(s, &self.capacities) == self.key
    }

    /// Whether `s` has exactly the listing's capacities (no filter needed).
    pub(crate) fn same_capacities(&self, s: &Scenario) -> bool {
        s.countries
            .iter()
            .zip(&self.capacities)
            .all(|(c, w)| c.capacity.to_bits() == w.to_bits())
    }

    /// `s` with the listing's capacities, to list the patterns under.
    pub(crate) fn widened(&self, s: &Scenario) -> Scenario {
        let mut out = s.clone();
        for (c, &w) in out.countries.iter_mut().zip(&self.capacities) {
            c.capacity = w;
        }
        out
    }
}

/// Every number the enumeration reads (each family's, [`rules::shape_key`]),
/// with `capacities` in place of the scenario's.
pub(crate) fn shape_key(s: &Scenario, capacities: &[f64]) -> Vec<u64> {
    let n = s.countries.len();
    let mut k = vec![s.tasks.len() as u64, n as u64];
    rules::shape_key(s, &mut k);
    k.extend(capacities.iter().take(n).map(|c| c.to_bits()));
    k
}
