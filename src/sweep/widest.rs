//! The widest capacities a sweep can draw, so that its runs share one listing
//! of lead patterns (`crate::optimize::SharedShape`).
//!
//! A Monte Carlo sweep that perturbs capacities gives every run capacities of
//! its own. Its lead patterns are those of the widest capacities whose effort
//! fits the run's, so the sweep lists the patterns once under the largest
//! capacity each country can be given, and filters per run. A parameter with no
//! upper end (a normal or log-normal draw) widens nothing: runs above the base
//! capacity are then solved by the MILP, as before.

use super::dist::{Draw, Spec};
use super::param::{CountryField, Target};
use super::spec::Sweep;

/// Per country, the largest capacity a run of `sweep` can have: the base
/// capacity, raised by every parameter that sets it to the top of its range
/// (clamped as a run clamps it); `f64::INFINITY` where a draw is unbounded.
pub fn widest_capacities(sweep: &Sweep) -> Vec<f64> {
    let s = &sweep.scenario;
    let mut out: Vec<f64> = s.countries.iter().map(|c| c.capacity).collect();
    for p in &sweep.params {
        let draws = extreme_draws(&p.spec);
        for (t, base) in p.targets.iter().zip(&p.base) {
            let Target::Country(i, CountryField::Capacity) = t else {
                continue;
            };
            for d in &draws {
                let raw = match *d {
                    Draw::Absolute(x) => x,
                    Draw::Factor(f) => base * f,
                };
                let x = t.bounds(s).clamp(raw);
                out[*i] = if x.is_nan() {
                    f64::INFINITY
                } else {
                    out[*i].max(x)
                };
            }
        }
    }
    out
}

/// Draws that reach both ends of `spec`'s range: every listed value, or the
/// quantiles at 0 and 1 (every quantile function is monotone).
fn extreme_draws(spec: &Spec) -> Vec<Draw> {
    match spec {
        Spec::Values(v) => v.iter().map(|&x| Draw::Absolute(x)).collect(),
        Spec::Factors(v) => v.iter().map(|&f| Draw::Factor(f)).collect(),
        _ => vec![spec.quantile(0.0), spec.quantile(1.0)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_and_uniform_draws_reach_their_top() {
        let r = extreme_draws(&Spec::Relative(0.2));
        let close = |d: &Draw, x: f64| matches!(d, Draw::Factor(f) if (f - x).abs() < 1e-12);
        assert!(close(&r[0], 0.8) && close(&r[1], 1.2), "{r:?}");
        let u = extreme_draws(&Spec::Uniform { min: 3.0, max: 9.0 });
        assert_eq!(u, vec![Draw::Absolute(3.0), Draw::Absolute(9.0)]);
        let n = extreme_draws(&Spec::Normal { mean: 3.0, sd: 1.0 });
        assert!(n.contains(&Draw::Absolute(f64::INFINITY)));
    }
}
