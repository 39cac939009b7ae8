//! Making one run's scenario: set the sampled values, clamp them, check the result.
//!
//! Values are clamped to each field's valid range (a normal draw of a
//! capability below 0 becomes 0). The edited scenario is then checked against
//! the rules the scenario loader applies to a hand-written file
//! (`src/scenario/validate/`): every number finite and in range, counts whole,
//! co-leads within the number of countries, minimum leads not above maximum
//! leads, and co-leads' minimum cost shares not above the whole. A scenario that
//! fails is recorded as an `invalid` run with the reasons.

use super::dist::Draw;
use super::param::{Parameter, Target};
use super::spec::Sweep;
use crate::scenario::Scenario;

/// The scenario of run point `u`, and the value recorded for each parameter
/// ([`recorded_value`]).
pub fn instantiate(sweep: &Sweep, u: &[f64]) -> (Scenario, Vec<f64>) {
    let mut s = sweep.scenario.clone();
    let mut refit = false;
    let mut recorded = Vec::with_capacity(u.len());
    for (p, &uj) in sweep.params.iter().zip(u) {
        let draw = p.spec.quantile(uj);
        for (t, base) in p.targets.iter().zip(&p.base) {
            t.set(&mut s, target_value(sweep, t, *base, draw));
            refit |= t.affects_fit();
        }
        recorded.push(record(sweep, p, draw));
    }
    if refit {
        s.recompute_fit();
    }
    (s, recorded)
}

/// The value a draw sets `t` to (base value `base`), clamped to its valid range.
fn target_value(sweep: &Sweep, t: &Target, base: f64, draw: Draw) -> f64 {
    let raw = match draw {
        Draw::Absolute(x) => x,
        Draw::Factor(f) => base * f,
    };
    t.bounds(&sweep.scenario).clamp(raw)
}

fn record(sweep: &Sweep, p: &Parameter, draw: Draw) -> f64 {
    match draw {
        Draw::Factor(f) if p.targets.len() > 1 => f,
        _ => p
            .targets
            .first()
            .zip(p.base.first())
            .map_or(f64::NAN, |(t, b)| target_value(sweep, t, *b, draw)),
    }
}

/// The value a run records for parameter `p` at coordinate `u`: the value set
/// (after clamping), or the factor for a relative parameter over several
/// numbers. A non-decreasing function of `u`.
pub fn recorded_value(sweep: &Sweep, p: &Parameter, u: f64) -> f64 {
    record(sweep, p, p.spec.quantile(u))
}

/// Records a problem when `x` is outside `[lo, hi]`; `what` names it (built only then).
fn range(out: &mut Vec<String>, what: impl FnOnce() -> String, x: f64, lo: f64, hi: f64) {
    if !x.is_finite() || x < lo || x > hi {
        let what = what();
        let r = if hi.is_infinite() {
            format!(">= {lo}")
        } else {
            format!("in [{lo}, {hi}]")
        };
        out.push(format!("{what} must be {r}, found {x}"));
    }
}

/// Every rule of the scenario loader that a numeric edit can break; the
/// problems found, empty when the scenario is valid.
pub fn check(s: &Scenario) -> Vec<String> {
    let mut out = Vec::new();
    let inf = f64::INFINITY;
    for c in &s.countries {
        let p = &c.id;
        for (d, v) in &c.capability {
            range(
                &mut out,
                || format!("country `{p}` capability.{d}"),
                *v,
                0.0,
                1.0,
            );
        }
        range(
            &mut out,
            || format!("country `{p}` capacity"),
            c.capacity,
            0.0,
            inf,
        );
        range(
            &mut out,
            || format!("country `{p}` sensitivity_tolerance"),
            c.tolerance,
            0.0,
            1.0,
        );
        if let Some(b) = c.budget {
            range(&mut out, || format!("country `{p}` budget"), b, 0.0, inf);
        }
        if let Some(f) = c.fair_share {
            range(
                &mut out,
                || format!("country `{p}` fair_share"),
                f,
                0.0,
                inf,
            );
        }
        if let (Some(lo), Some(hi)) = (c.min_leads, c.max_leads) {
            if lo > hi {
                out.push(format!(
                    "country `{p}`: max_leads ({hi}) is below min_leads ({lo})"
                ));
            }
        }
    }
    for t in &s.tasks {
        check_task(&mut out, s, t);
    }
    check_policy(&mut out, s);
    out
}

fn check_task(out: &mut Vec<String>, s: &Scenario, t: &crate::scenario::Task) {
    let p = &t.id;
    let inf = f64::INFINITY;
    for (d, v) in &t.requirements {
        range(out, || format!("task `{p}` requirements.{d}"), *v, 0.0, inf);
    }
    for (i, c) in s.countries.iter().enumerate() {
        range(
            out,
            || format!("task `{p}` effort.{}", c.id),
            t.effort[i],
            0.0,
            inf,
        );
        range(
            out,
            || format!("task `{p}` cost.{}", c.id),
            t.cost[i],
            0.0,
            inf,
        );
        range(
            out,
            || format!("task `{p}` fit.{}", c.id),
            t.fit[i],
            0.0,
            inf,
        );
    }
    range(
        out,
        || format!("task `{p}` sensitivity"),
        t.sensitivity,
        0.0,
        1.0,
    );
    range(
        out,
        || format!("task `{p}` importance"),
        t.importance,
        0.0,
        inf,
    );
    if t.leads == 0 || t.leads > s.countries.len() {
        out.push(format!(
            "task `{p}`: {} co-leads, but it needs 1 to {} (the number of countries)",
            t.leads,
            s.countries.len()
        ));
    }
    if t.leads as f64 * s.policy.min_share > 1.0 + 1e-9 {
        out.push(format!("task `{p}`: {} co-leads each with at least min_lead_share {} of its cost is more than the whole", t.leads, s.policy.min_share));
    }
}

fn check_policy(out: &mut Vec<String>, s: &Scenario) {
    let p = &s.policy;
    let w = p.weights;
    for (name, v) in [
        ("fit", w.fit),
        ("cost", w.cost),
        ("sensitivity", w.sensitivity),
        ("fairness", w.fairness),
    ] {
        range(
            out,
            || format!("policy weights.{name}"),
            v,
            0.0,
            f64::INFINITY,
        );
    }
    range(
        out,
        || "policy min_lead_share".into(),
        p.min_share,
        0.0,
        1.0,
    );
    if let Some(hi) = p.max_leads {
        if hi < p.min_leads {
            out.push(format!(
                "policy: max_leads_per_country ({hi}) is below min_leads_per_country ({})",
                p.min_leads
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::param::{CountryField, PolicyField, Target, TaskField};
    use super::*;
    use proptest::prelude::*;

    const BASE: &str = r#"
[policy]
min_lead_share = 0.2
[[country]]
id = "US"
capacity = 3
capability = { a = 0.5, b = 0.2 }
[[country]]
id = "JP"
capacity = 2
budget = 10
fair_share = 1
capability = { a = 0.9, b = 0.1 }
[[task]]
id = "t1"
effort = 1
cost = 2
requirements = { a = 1.0 }
[[task]]
id = "t2"
effort = 1
requirements = { a = 0.5, b = 0.5 }
"#;

    fn targets() -> Vec<Target> {
        vec![
            Target::Country(0, CountryField::Capacity),
            Target::Country(1, CountryField::Budget),
            Target::Country(0, CountryField::Tolerance),
            Target::Country(1, CountryField::FairShare),
            Target::Country(0, CountryField::Capability("a".into())),
            Target::Country(0, CountryField::MinLeads),
            Target::Country(0, CountryField::MaxLeads),
            Target::Task(0, TaskField::Effort(1)),
            Target::Task(1, TaskField::Cost(0)),
            Target::Task(0, TaskField::Sensitivity),
            Target::Task(1, TaskField::Importance),
            Target::Task(0, TaskField::Leads),
            Target::Task(1, TaskField::Requirement("b".into())),
            Target::Task(0, TaskField::Fit(1)),
            Target::Policy(PolicyField::WeightCost),
            Target::Policy(PolicyField::MinShare),
            Target::Policy(PolicyField::MinLeads),
            Target::Policy(PolicyField::MaxLeads),
        ]
    }

    proptest! {
        /// `check` accepts exactly what the scenario loader accepts: an edited
        /// scenario written back as TOML loads if and only if `check` finds nothing.
        #[test]
        fn check_agrees_with_the_loader(edits in prop::collection::vec((0usize..18, -0.5f64..3.5, 0usize..4), 1..4)) {
            let mut s = Scenario::from_toml_str(BASE, "base.toml").unwrap();
            let all = targets();
            for (k, x, n) in edits {
                let t = &all[k];
                let v = if t.bounds(&s).integer { n as f64 } else { x };
                t.set(&mut s, v);
            }
            s.recompute_fit();
            let loaded = Scenario::from_toml_str(&crate::scenario::to_toml(&s, ""), "edited.toml");
            let problems = check(&s);
            prop_assert_eq!(problems.is_empty(), loaded.is_ok(), "check: {:?}; loader: {:?}", problems, loaded.err().map(|d| d.iter().map(|x| x.message.clone()).collect::<Vec<_>>()));
        }
    }
}
