//! Writes a [`Scenario`] back as a scenario file that loads to the same scenario.
//!
//! Used by `leadplan gap --to-scenario` so converted benchmark instances can be
//! fed to every other command.

use std::fmt::Write as _;

use super::{Funding, Scenario, SensitivityRule};

/// A TOML string literal.
pub(crate) fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A TOML key: bare when TOML allows it (`health_tech`), else quoted.
pub(crate) fn key(s: &str) -> String {
    let bare = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        s.to_string()
    } else {
        q(s)
    }
}

/// A TOML number that reads back to the same f64: whole numbers as integers.
pub(crate) fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:?}")
    }
}

fn per_country(s: &Scenario, values: &[f64]) -> String {
    if values.iter().all(|v| *v == values[0]) {
        return num(values[0]);
    }
    let parts: Vec<String> = s
        .countries
        .iter()
        .zip(values)
        .map(|(c, v)| format!("{} = {}", q(&c.id), num(*v)))
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

/// The scenario as TOML text. `comment` is written as a header.
pub fn to_toml(s: &Scenario, comment: &str) -> String {
    let mut out = String::new();
    for line in comment.lines() {
        let _ = writeln!(out, "# {line}");
    }
    let _ = writeln!(out, "[scenario]\nname = {}", q(&s.name));
    if !s.description.is_empty() {
        let _ = writeln!(out, "description = {}", q(&s.description));
    }
    let sources: Vec<String> = s.sources.iter().map(|x| q(x)).collect();
    let _ = writeln!(out, "sources = [{}]", sources.join(", "));
    let dims: Vec<String> = s.dimensions.iter().map(|x| q(x)).collect();
    let _ = writeln!(out, "dimensions = [{}]", dims.join(", "));
    for (key, unit) in [
        ("money_unit", &s.money_unit),
        ("effort_unit", &s.effort_unit),
    ] {
        if !unit.is_empty() {
            let _ = writeln!(out, "{key} = {}", q(unit));
        }
    }
    write_policy(&mut out, s);
    for c in &s.countries {
        let _ = writeln!(
            out,
            "\n[[country]]\nid = {}\nname = {}\ncapacity = {}",
            q(&c.id),
            q(&c.name),
            num(c.capacity)
        );
        if let Some(b) = c.budget {
            let _ = writeln!(out, "budget = {}", num(b));
        }
        let _ = writeln!(out, "sensitivity_tolerance = {}", num(c.tolerance));
        if let Some(f) = c.fair_share {
            let _ = writeln!(out, "fair_share = {}", num(f));
        }
        if let Some(m) = c.min_leads {
            let _ = writeln!(out, "min_leads = {m}");
        }
        if let Some(m) = c.max_leads {
            let _ = writeln!(out, "max_leads = {m}");
        }
        let caps: Vec<String> = c
            .capability
            .iter()
            .map(|(k, v)| format!("{} = {}", q(k), num(*v)))
            .collect();
        let _ = writeln!(out, "capability = {{ {} }}", caps.join(", "));
    }
    for t in &s.tasks {
        let _ = writeln!(
            out,
            "\n[[task]]\nid = {}\nname = {}\ndomain = {}",
            q(&t.id),
            q(&t.name),
            q(&t.domain)
        );
        let reqs: Vec<String> = t
            .requirements
            .iter()
            .map(|(k, v)| format!("{} = {}", q(k), num(*v)))
            .collect();
        let _ = writeln!(out, "requirements = {{ {} }}", reqs.join(", "));
        let _ = writeln!(
            out,
            "effort = {}\ncost = {}",
            per_country(s, &t.effort),
            per_country(s, &t.cost)
        );
        let _ = writeln!(
            out,
            "sensitivity = {}\nimportance = {}\nleads = {}",
            num(t.sensitivity),
            num(t.importance),
            t.leads
        );
        let fits: Vec<String> = s
            .countries
            .iter()
            .enumerate()
            .filter(|(i, _)| t.fit_overridden[*i])
            .map(|(i, c)| format!("{} = {}", q(&c.id), num(t.fit[i])))
            .collect();
        if t.optional {
            let _ = writeln!(out, "optional = true");
        }
        if !fits.is_empty() {
            let _ = writeln!(out, "fit = {{ {} }}", fits.join(", "));
        }
    }
    out
}

fn write_policy(out: &mut String, s: &Scenario) {
    let p = &s.policy;
    let _ = writeln!(out, "\n[policy]\nmin_leads_per_country = {}", p.min_leads);
    if let Some(m) = p.max_leads {
        let _ = writeln!(out, "max_leads_per_country = {m}");
    }
    if let Some(m) = p.max_per_domain {
        let _ = writeln!(out, "max_leads_per_domain = {m}");
    }
    let funding = match p.funding {
        Funding::Leads => "leads",
        Funding::All => "all",
    };
    let rule = match p.sensitivity_rule {
        SensitivityRule::Forbid => "forbid",
        SensitivityRule::Penalize => "penalize",
    };
    let _ = writeln!(
        out,
        "min_lead_share = {}\nfunding = {}\nsensitivity_rule = {}",
        num(p.min_share),
        q(funding),
        q(rule)
    );
    let w = &p.weights;
    let _ = writeln!(
        out,
        "weights = {{ fit = {}, cost = {}, sensitivity = {}, fairness = {} }}",
        num(w.fit),
        num(w.cost),
        num(w.sensitivity),
        num(w.fairness)
    );
    for pin in &p.pins {
        let _ = writeln!(
            out,
            "\n[[policy.pin]]\ncountry = {}\ntask = {}\nlead = {}",
            q(&s.countries[pin.country].id),
            q(&s.tasks[pin.task].id),
            pin.lead
        );
    }
}
