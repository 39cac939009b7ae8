//! How a parameter varies: a list, a range, a distribution or a relative perturbation.
//!
//! Every kind maps a coordinate `u` in (0, 1) to a value through its quantile
//! function, so one code path serves every design: a grid feeds the centre of
//! each value's cell, Monte Carlo feeds uniform draws, a Latin hypercube feeds
//! stratified draws, and a Saltelli design feeds Sobol points.

use statrs::function::erf::erfc_inv;

/// The variation of one parameter.
#[derive(Clone, Debug, PartialEq)]
pub enum Spec {
    /// These values (a list, or a range expanded to its steps), equally likely.
    Values(Vec<f64>),
    /// These multipliers of the base value, equally likely.
    Factors(Vec<f64>),
    /// Uniform on `[min, max]`.
    Uniform {
        /// Lower end.
        min: f64,
        /// Upper end.
        max: f64,
    },
    /// Normal with this mean and standard deviation.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation (> 0).
        sd: f64,
    },
    /// Triangular on `[min, max]` with this mode.
    Triangular {
        /// Lower end.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Upper end.
        max: f64,
    },
    /// Log-normal: `exp(N(mu, sigma))`.
    LogNormal {
        /// Mean of the logarithm.
        mu: f64,
        /// Standard deviation of the logarithm (> 0).
        sigma: f64,
    },
    /// The base value times a factor uniform on `[1 - r, 1 + r]`.
    Relative(f64),
}

/// A drawn value: absolute, or a multiplier of each target's base value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Draw {
    /// Set every target to this value.
    Absolute(f64),
    /// Multiply every target's base value by this factor.
    Factor(f64),
}

/// The standard normal quantile, `Φ⁻¹(u)`.
pub fn normal_quantile(u: f64) -> f64 {
    -std::f64::consts::SQRT_2 * erfc_inv(2.0 * u)
}

impl Spec {
    /// The number of distinct values, for discrete kinds.
    pub fn count(&self) -> Option<usize> {
        match self {
            Spec::Values(v) | Spec::Factors(v) => Some(v.len()),
            _ => None,
        }
    }

    /// Whether the draw multiplies the base value.
    pub fn is_relative(&self) -> bool {
        matches!(self, Spec::Factors(_) | Spec::Relative(_))
    }

    /// The value at coordinate `u` in (0, 1).
    pub fn quantile(&self, u: f64) -> Draw {
        let pick = |v: &[f64]| v[((u * v.len() as f64) as usize).min(v.len() - 1)];
        match *self {
            Spec::Values(ref v) => Draw::Absolute(pick(v)),
            Spec::Factors(ref v) => Draw::Factor(pick(v)),
            Spec::Uniform { min, max } => Draw::Absolute(min + u * (max - min)),
            Spec::Normal { mean, sd } => Draw::Absolute(mean + sd * normal_quantile(u)),
            Spec::Triangular { min, mode, max } => Draw::Absolute(triangular(u, min, mode, max)),
            Spec::LogNormal { mu, sigma } => {
                Draw::Absolute((mu + sigma * normal_quantile(u)).exp())
            }
            Spec::Relative(r) => Draw::Factor(1.0 - r + 2.0 * r * u),
        }
    }
}

fn triangular(u: f64, a: f64, c: f64, b: f64) -> f64 {
    let cut = (c - a) / (b - a);
    if u < cut {
        a + (u * (b - a) * (c - a)).sqrt()
    } else {
        b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
    }
}

/// `steps` evenly spaced values from `from` to `to`, both included.
pub fn linspace(from: f64, to: f64, steps: usize) -> Vec<f64> {
    (0..steps)
        .map(|i| {
            if i + 1 == steps {
                to
            } else {
                from + (to - from) * i as f64 / (steps - 1) as f64
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantile_matches_tables() {
        assert!(normal_quantile(0.5).abs() < 1e-12);
        assert!((normal_quantile(0.975) - 1.959963984540054).abs() < 1e-9);
        assert!((normal_quantile(0.05) + 1.6448536269514722).abs() < 1e-9);
    }

    #[test]
    fn quantiles_hit_the_ends_and_the_middle() {
        let t = Spec::Triangular {
            min: 0.0,
            mode: 1.0,
            max: 4.0,
        };
        // CDF at the mode is (c-a)/(b-a) = 0.25
        assert!(matches!(t.quantile(0.25), Draw::Absolute(x) if (x - 1.0).abs() < 1e-12));
        assert!(matches!(t.quantile(1e-12), Draw::Absolute(x) if x < 1e-5));
        let ln = Spec::LogNormal {
            mu: 0.0,
            sigma: 1.0,
        };
        assert!(matches!(ln.quantile(0.5), Draw::Absolute(x) if (x - 1.0).abs() < 1e-12));
        assert_eq!(Spec::Relative(0.2).quantile(0.0), Draw::Factor(0.8));
        assert_eq!(Spec::Relative(0.2).quantile(0.5), Draw::Factor(1.0));
        let v = Spec::Values(vec![1.0, 2.0, 3.0]);
        assert_eq!(v.quantile(0.1), Draw::Absolute(1.0));
        assert_eq!(v.quantile(0.5), Draw::Absolute(2.0));
        assert_eq!(v.quantile(0.9999), Draw::Absolute(3.0));
    }

    #[test]
    fn linspace_includes_both_ends() {
        assert_eq!(linspace(0.0, 1.0, 5), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(linspace(2.0, 1.0, 2), vec![2.0, 1.0]);
    }
}
