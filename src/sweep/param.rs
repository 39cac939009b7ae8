//! Numbers in a scenario addressed by path, with wildcards.
//!
//! A sweep varies scenario numbers named like `country.JP.capacity` or
//! `task.*.cost`. This module turns such a pattern into concrete [`Target`]s
//! (one field of one country, task or the policy), knows each field's valid
//! range, and reads and writes the field on a [`Scenario`]. It never touches
//! the TOML: generated scenarios are edited in place and then checked by
//! [`super::check`].

use super::dist::Spec;
use crate::scenario::Scenario;

/// A field of a country.
#[derive(Clone, Debug, PartialEq)]
pub enum CountryField {
    /// `capacity`.
    Capacity,
    /// `budget` (absent means unlimited).
    Budget,
    /// `sensitivity_tolerance`.
    Tolerance,
    /// `fair_share`.
    FairShare,
    /// The country's own `min_leads`.
    MinLeads,
    /// The country's own `max_leads`.
    MaxLeads,
    /// `capability.<dimension>`.
    Capability(String),
}

/// A field of a task.
#[derive(Clone, Debug, PartialEq)]
pub enum TaskField {
    /// `effort.<country index>`.
    Effort(usize),
    /// `cost.<country index>`.
    Cost(usize),
    /// `sensitivity`.
    Sensitivity,
    /// `importance`.
    Importance,
    /// `leads` (number of co-leads).
    Leads,
    /// `requirements.<dimension>`.
    Requirement(String),
    /// `fit.<country index>` (sets an override).
    Fit(usize),
}

/// A field of the policy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PolicyField {
    /// `weights.fit`.
    WeightFit,
    /// `weights.cost`.
    WeightCost,
    /// `weights.sensitivity`.
    WeightSensitivity,
    /// `weights.fairness`.
    WeightFairness,
    /// `min_lead_share`.
    MinShare,
    /// `min_leads_per_country`.
    MinLeads,
    /// `max_leads_per_country`.
    MaxLeads,
    /// `max_leads_per_domain`.
    MaxPerDomain,
}

/// One number in a scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// A field of the country with this index.
    Country(usize, CountryField),
    /// A field of the task with this index.
    Task(usize, TaskField),
    /// A policy field.
    Policy(PolicyField),
}

/// The valid range of a field, as the scenario loader checks it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    /// Smallest valid value.
    pub lo: f64,
    /// Largest valid value.
    pub hi: f64,
    /// Whole numbers only.
    pub integer: bool,
}

const UNIT: Bounds = Bounds {
    lo: 0.0,
    hi: 1.0,
    integer: false,
};
const NON_NEGATIVE: Bounds = Bounds {
    lo: 0.0,
    hi: f64::INFINITY,
    integer: false,
};
const COUNT: Bounds = Bounds {
    lo: 0.0,
    hi: 1e9,
    integer: true,
};

impl Bounds {
    /// Clamps (and for counts rounds) `x` into the range; NaN stays NaN.
    pub fn clamp(&self, x: f64) -> f64 {
        let x = if self.integer { x.round() } else { x };
        x.clamp(self.lo, self.hi)
    }
}

impl Target {
    /// The field's valid range in scenario `s`.
    pub fn bounds(&self, s: &Scenario) -> Bounds {
        match self {
            Target::Country(_, f) => match f {
                CountryField::Tolerance | CountryField::Capability(_) => UNIT,
                CountryField::MinLeads | CountryField::MaxLeads => COUNT,
                _ => NON_NEGATIVE,
            },
            Target::Task(_, f) => match f {
                TaskField::Sensitivity => UNIT,
                TaskField::Leads => Bounds {
                    lo: 1.0,
                    hi: s.countries.len().max(1) as f64,
                    integer: true,
                },
                _ => NON_NEGATIVE,
            },
            Target::Policy(f) => match f {
                PolicyField::MinShare => UNIT,
                PolicyField::MinLeads | PolicyField::MaxLeads | PolicyField::MaxPerDomain => COUNT,
                _ => NON_NEGATIVE,
            },
        }
    }

    /// Whether changing this field changes derived fits.
    pub fn affects_fit(&self) -> bool {
        matches!(
            self,
            Target::Country(_, CountryField::Capability(_))
                | Target::Task(_, TaskField::Requirement(_))
        )
    }

    /// The field's value in `s`; `None` where the scenario leaves it unset.
    pub fn get(&self, s: &Scenario) -> Option<f64> {
        match self {
            Target::Country(i, f) => {
                let c = &s.countries[*i];
                match f {
                    CountryField::Capacity => Some(c.capacity),
                    CountryField::Budget => c.budget,
                    CountryField::Tolerance => Some(c.tolerance),
                    CountryField::FairShare => c.fair_share,
                    CountryField::MinLeads => c.min_leads.map(|v| v as f64),
                    CountryField::MaxLeads => c.max_leads.map(|v| v as f64),
                    CountryField::Capability(d) => {
                        Some(c.capability.get(d).copied().unwrap_or(0.0))
                    }
                }
            }
            Target::Task(t, f) => {
                let task = &s.tasks[*t];
                match f {
                    TaskField::Effort(i) => Some(task.effort[*i]),
                    TaskField::Cost(i) => Some(task.cost[*i]),
                    TaskField::Sensitivity => Some(task.sensitivity),
                    TaskField::Importance => Some(task.importance),
                    TaskField::Leads => Some(task.leads as f64),
                    TaskField::Requirement(d) => {
                        Some(task.requirements.get(d).copied().unwrap_or(0.0))
                    }
                    TaskField::Fit(i) => Some(task.fit[*i]),
                }
            }
            Target::Policy(f) => policy_get(s, *f),
        }
    }

    /// Sets the field to `x` (already clamped to [`Target::bounds`]).
    pub fn set(&self, s: &mut Scenario, x: f64) {
        let count = x as usize;
        match self {
            Target::Country(i, f) => {
                let c = &mut s.countries[*i];
                match f {
                    CountryField::Capacity => c.capacity = x,
                    CountryField::Budget => c.budget = Some(x),
                    CountryField::Tolerance => c.tolerance = x,
                    CountryField::FairShare => c.fair_share = Some(x),
                    CountryField::MinLeads => c.min_leads = Some(count),
                    CountryField::MaxLeads => c.max_leads = Some(count),
                    CountryField::Capability(d) => {
                        c.capability.insert(d.clone(), x);
                    }
                }
            }
            Target::Task(t, f) => {
                let task = &mut s.tasks[*t];
                match f {
                    TaskField::Effort(i) => task.effort[*i] = x,
                    TaskField::Cost(i) => task.cost[*i] = x,
                    TaskField::Sensitivity => task.sensitivity = x,
                    TaskField::Importance => task.importance = x,
                    TaskField::Leads => task.leads = count,
                    TaskField::Requirement(d) => {
                        task.requirements.insert(d.clone(), x);
                    }
                    TaskField::Fit(i) => {
                        task.fit[*i] = x;
                        task.fit_overridden[*i] = true;
                    }
                }
            }
            Target::Policy(f) => policy_set(s, *f, x),
        }
    }
}

fn policy_get(s: &Scenario, f: PolicyField) -> Option<f64> {
    let p = &s.policy;
    match f {
        PolicyField::WeightFit => Some(p.weights.fit),
        PolicyField::WeightCost => Some(p.weights.cost),
        PolicyField::WeightSensitivity => Some(p.weights.sensitivity),
        PolicyField::WeightFairness => Some(p.weights.fairness),
        PolicyField::MinShare => Some(p.min_share),
        PolicyField::MinLeads => Some(p.min_leads as f64),
        PolicyField::MaxLeads => p.max_leads.map(|v| v as f64),
        PolicyField::MaxPerDomain => p.max_per_domain.map(|v| v as f64),
    }
}

fn policy_set(s: &mut Scenario, f: PolicyField, x: f64) {
    let p = &mut s.policy;
    match f {
        PolicyField::WeightFit => p.weights.fit = x,
        PolicyField::WeightCost => p.weights.cost = x,
        PolicyField::WeightSensitivity => p.weights.sensitivity = x,
        PolicyField::WeightFairness => p.weights.fairness = x,
        PolicyField::MinShare => p.min_share = x,
        PolicyField::MinLeads => p.min_leads = x as usize,
        PolicyField::MaxLeads => p.max_leads = Some(x as usize),
        PolicyField::MaxPerDomain => p.max_per_domain = Some(x as usize),
    }
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters.
pub fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matches_stars_anywhere() {
        assert!(glob("*", "US"));
        assert!(glob("health-*", "health-tech-systems"));
        assert!(glob("*-training", "judicial-training"));
        assert!(glob("a*b*c", "aXXbYc"));
        assert!(!glob("a*b*c", "aXXbY"));
        assert!(!glob("US", "USA"));
        assert!(glob("", ""));
    }

    #[test]
    fn counts_round_and_clamp() {
        let b = Bounds {
            lo: 1.0,
            hi: 3.0,
            integer: true,
        };
        assert_eq!(b.clamp(2.4), 2.0);
        assert_eq!(b.clamp(7.0), 3.0);
        assert_eq!(UNIT.clamp(-0.1), 0.0);
        assert_eq!(NON_NEGATIVE.clamp(1e300), 1e300);
    }
}

/// One varied parameter: a name, the numbers it sets, how it varies.
#[derive(Clone, Debug)]
pub struct Parameter {
    /// Its name in outputs: the concrete path, or the pattern when `shared`.
    pub name: String,
    /// The numbers it sets.
    pub targets: Vec<Target>,
    /// The variation.
    pub spec: Spec,
    /// Each target's value in the base scenario (NaN where unset).
    pub base: Vec<f64>,
}

/// Command-line overrides of the file's sample count and seed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Overrides {
    /// `--runs`.
    pub runs: Option<u64>,
    /// `--seed`.
    pub seed: Option<u64>,
}
