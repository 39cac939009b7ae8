//! From a path pattern (`country.*.capability.health_tech`) to concrete targets.
//!
//! Each match becomes its own parameter, named by its concrete path. A path that
//! names a per-country number without the country (`task.X.cost`) is one
//! parameter over every country's entry. A pattern that matches nothing is an
//! error with the names that would have matched, so a typo never silently
//! varies nothing.

use super::param::{glob, CountryField, PolicyField, Target, TaskField};
use crate::diag::closest;
use crate::scenario::Scenario;

/// A pattern's matches: `(parameter name, targets)` in scenario order.
pub type Groups = Vec<(String, Vec<Target>)>;

/// Why a pattern matched nothing: a message and a hint.
pub type Miss = (String, String);

const COUNTRY_FIELDS: &[&str] = &[
    "capacity",
    "budget",
    "sensitivity_tolerance",
    "fair_share",
    "min_leads",
    "max_leads",
    "capability",
];
const TASK_FIELDS: &[&str] = &[
    "effort",
    "cost",
    "sensitivity",
    "importance",
    "leads",
    "requirements",
    "fit",
];
const POLICY_FIELDS: &[&str] = &[
    "weights",
    "min_lead_share",
    "min_leads_per_country",
    "max_leads_per_country",
    "max_leads_per_domain",
];
const WEIGHTS: &[&str] = &["fit", "cost", "sensitivity", "fairness"];

fn unknown(what: &str, found: &str, known: &[&str]) -> Miss {
    let hint = match closest(found, known.iter().copied()) {
        Some(c) => format!("did you mean `{c}`? Known: {}", known.join(", ")),
        None => format!("use one of: {}", known.join(", ")),
    };
    (format!("unknown {what} `{found}`"), hint)
}

fn matching<'a>(
    pattern: &str,
    names: impl Iterator<Item = &'a str>,
    what: &str,
) -> Result<Vec<usize>, Miss> {
    let names: Vec<&str> = names.collect();
    let hits: Vec<usize> = (0..names.len())
        .filter(|&i| glob(pattern, names[i]))
        .collect();
    if hits.is_empty() {
        return Err(unknown(what, pattern, &names));
    }
    Ok(hits)
}

/// Resolves `path` against `s`.
pub fn resolve(s: &Scenario, path: &str) -> Result<Groups, Miss> {
    let segs: Vec<&str> = path.split('.').collect();
    match segs[0] {
        "country" if segs.len() >= 3 => resolve_country(s, &segs[1..]),
        "task" if segs.len() >= 3 => resolve_task(s, &segs[1..]),
        "policy" if segs.len() >= 2 => resolve_policy(&segs[1..]),
        "country" | "task" => Err((
            format!("`{path}` is incomplete"),
            format!(
                "write `{}.<id>.<field>`, e.g. `country.JP.capacity` or `task.*.cost`",
                segs[0]
            ),
        )),
        other => {
            let (msg, hint) = unknown("section", other, &["country", "task", "policy"]);
            Err((msg, format!("{hint}; paths look like `country.JP.capacity`, `task.*.cost`, `policy.weights.cost`")))
        }
    }
}

fn dims_of<'a>(
    s: &'a Scenario,
    present: impl Iterator<Item = &'a String>,
    pattern: &str,
) -> Result<Vec<String>, Miss> {
    if !pattern.contains('*') {
        if s.dimensions.iter().any(|d| d == pattern) {
            return Ok(vec![pattern.to_string()]);
        }
        let dims: Vec<&str> = s.dimensions.iter().map(String::as_str).collect();
        return Err(unknown("capability dimension", pattern, &dims));
    }
    let present: Vec<&String> = present.collect();
    Ok(present
        .into_iter()
        .filter(|d| glob(pattern, d))
        .cloned()
        .collect())
}

fn resolve_country(s: &Scenario, segs: &[&str]) -> Result<Groups, Miss> {
    let ids = matching(
        segs[0],
        s.countries.iter().map(|c| c.id.as_str()),
        "country",
    )?;
    let field = match (segs[1], segs.len()) {
        ("capacity", 2) => CountryField::Capacity,
        ("budget", 2) => CountryField::Budget,
        ("sensitivity_tolerance", 2) => CountryField::Tolerance,
        ("fair_share", 2) => CountryField::FairShare,
        ("min_leads", 2) => CountryField::MinLeads,
        ("max_leads", 2) => CountryField::MaxLeads,
        ("capability", 3) => CountryField::Capability(String::new()),
        ("capability", _) => {
            return Err((
                "`capability` needs a dimension".into(),
                "write `country.<id>.capability.<dimension>` (or `.*`)".into(),
            ))
        }
        (f, _) if COUNTRY_FIELDS.contains(&f) => {
            return Err((
                format!("`{f}` is a number: nothing may follow it"),
                format!("write `country.<id>.{f}`"),
            ))
        }
        (f, _) => return Err(unknown("country field", f, COUNTRY_FIELDS)),
    };
    let mut out = Vec::new();
    for i in ids {
        let c = &s.countries[i];
        if let CountryField::Capability(_) = field {
            for d in dims_of(s, c.capability.keys(), segs[2])? {
                out.push((
                    format!("country.{}.capability.{d}", c.id),
                    vec![Target::Country(i, CountryField::Capability(d))],
                ));
            }
        } else {
            out.push((
                format!("country.{}.{}", c.id, segs[1]),
                vec![Target::Country(i, field.clone())],
            ));
        }
    }
    Ok(out)
}

fn per_country(
    s: &Scenario,
    t: usize,
    name: &str,
    segs: &[&str],
    make: fn(usize) -> TaskField,
) -> Result<Groups, Miss> {
    let task = &s.tasks[t];
    if segs.len() == 1 {
        let targets = (0..s.countries.len())
            .map(|i| Target::Task(t, make(i)))
            .collect();
        return Ok(vec![(format!("task.{}.{name}", task.id), targets)]);
    }
    let ids = matching(
        segs[1],
        s.countries.iter().map(|c| c.id.as_str()),
        "country",
    )?;
    Ok(ids
        .into_iter()
        .map(|i| {
            (
                format!("task.{}.{name}.{}", task.id, s.countries[i].id),
                vec![Target::Task(t, make(i))],
            )
        })
        .collect())
}

/// Whether `rest` (the field and what follows) has the right number of parts.
fn check_task_field_parts(rest: &[&str]) -> Result<(), Miss> {
    let f = rest[0];
    if !TASK_FIELDS.contains(&f) {
        return Err(unknown("task field", f, TASK_FIELDS));
    }
    let per_country_or_named = matches!(f, "effort" | "cost" | "requirements" | "fit");
    let max = if per_country_or_named { 2 } else { 1 };
    if rest.len() > max {
        let more = if per_country_or_named {
            " or with one more part"
        } else {
            ""
        };
        return Err((
            format!("too many parts after `{f}`"),
            format!("write `task.<id>.{f}`{more}"),
        ));
    }
    if matches!(f, "requirements" | "fit") && rest.len() == 1 {
        let what = if f == "fit" {
            "a country id"
        } else {
            "a dimension"
        };
        return Err((
            format!("`{f}` needs {what}"),
            format!("write `task.<id>.{f}.<name>` (or `.*`)"),
        ));
    }
    Ok(())
}

/// The groups of one task `t` for the field path `rest`.
fn task_groups(s: &Scenario, t: usize, rest: &[&str]) -> Result<Groups, Miss> {
    let f = rest[0];
    let id = &s.tasks[t].id;
    Ok(match f {
        "effort" => per_country(s, t, f, rest, TaskField::Effort)?,
        "cost" => per_country(s, t, f, rest, TaskField::Cost)?,
        "fit" => per_country(s, t, f, rest, TaskField::Fit)?,
        "requirements" => dims_of(s, s.tasks[t].requirements.keys(), rest[1])?
            .into_iter()
            .map(|d| {
                (
                    format!("task.{id}.requirements.{d}"),
                    vec![Target::Task(t, TaskField::Requirement(d))],
                )
            })
            .collect(),
        _ => {
            let field = match f {
                "sensitivity" => TaskField::Sensitivity,
                "importance" => TaskField::Importance,
                _ => TaskField::Leads,
            };
            vec![(format!("task.{id}.{f}"), vec![Target::Task(t, field)])]
        }
    })
}

fn resolve_task(s: &Scenario, segs: &[&str]) -> Result<Groups, Miss> {
    let tasks = matching(segs[0], s.tasks.iter().map(|t| t.id.as_str()), "task")?;
    check_task_field_parts(&segs[1..])?;
    let mut out = Vec::new();
    for t in tasks {
        out.extend(task_groups(s, t, &segs[1..])?);
    }
    Ok(out)
}

fn resolve_policy(segs: &[&str]) -> Result<Groups, Miss> {
    let single = |f: PolicyField| {
        Ok(vec![(
            format!("policy.{}", segs[0]),
            vec![Target::Policy(f)],
        )])
    };
    match (segs[0], segs.len()) {
        ("min_lead_share", 1) => single(PolicyField::MinShare),
        ("min_leads_per_country", 1) => single(PolicyField::MinLeads),
        ("max_leads_per_country", 1) => single(PolicyField::MaxLeads),
        ("max_leads_per_domain", 1) => single(PolicyField::MaxPerDomain),
        ("weights", 2) => {
            let hits = matching(segs[1], WEIGHTS.iter().copied(), "weight")?;
            let fields = [
                PolicyField::WeightFit,
                PolicyField::WeightCost,
                PolicyField::WeightSensitivity,
                PolicyField::WeightFairness,
            ];
            Ok(hits
                .into_iter()
                .map(|w| {
                    (
                        format!("policy.weights.{}", WEIGHTS[w]),
                        vec![Target::Policy(fields[w])],
                    )
                })
                .collect())
        }
        ("weights", _) => Err((
            "`weights` needs a weight name".into(),
            format!(
                "write `policy.weights.<name>` with one of: {}",
                WEIGHTS.join(", ")
            ),
        )),
        (f, _) if POLICY_FIELDS.contains(&f) => Err((
            format!("`{f}` is a number: nothing may follow it"),
            format!("write `policy.{f}`"),
        )),
        (f, _) => Err(unknown("policy field", f, POLICY_FIELDS)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Scenario {
        let text = r#"
[[country]]
id = "US"
capacity = 3
capability = { a = 0.5, b = 0.2 }
[[country]]
id = "JP"
capacity = 2
capability = { a = 0.9 }
[[task]]
id = "t-one"
effort = 1
cost = { US = 2, JP = 3 }
requirements = { a = 1.0 }
[[task]]
id = "t-two"
effort = 1
requirements = { a = 0.5, b = 0.5 }
"#;
        Scenario::from_toml_str(text, "t.toml").unwrap()
    }

    fn names(s: &Scenario, p: &str) -> Vec<String> {
        resolve(s, p).unwrap().into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn wildcards_expand_in_scenario_order() {
        let s = scenario();
        assert_eq!(
            names(&s, "country.*.capacity"),
            ["country.US.capacity", "country.JP.capacity"]
        );
        assert_eq!(
            names(&s, "country.*.capability.*"),
            [
                "country.US.capability.a",
                "country.US.capability.b",
                "country.JP.capability.a"
            ]
        );
        assert_eq!(
            names(&s, "task.*.cost"),
            ["task.t-one.cost", "task.t-two.cost"]
        );
        assert_eq!(
            names(&s, "task.t-one.cost.*"),
            ["task.t-one.cost.US", "task.t-one.cost.JP"]
        );
        assert_eq!(names(&s, "policy.weights.*").len(), 4);
        assert_eq!(
            names(&s, "task.t-*.requirements.b"),
            ["task.t-one.requirements.b", "task.t-two.requirements.b"]
        );
    }

    #[test]
    fn a_per_country_number_without_country_is_one_parameter_over_all() {
        let s = scenario();
        let g = resolve(&s, "task.t-one.effort").unwrap();
        assert_eq!(g.len(), 1);
        assert_eq!(
            g[0].1,
            vec![
                Target::Task(0, TaskField::Effort(0)),
                Target::Task(0, TaskField::Effort(1))
            ]
        );
    }

    #[test]
    fn misses_name_what_would_match() {
        let s = scenario();
        let (msg, hint) = resolve(&s, "country.JJ.capacity").unwrap_err();
        assert!(msg.contains("unknown country `JJ`"), "{msg}");
        assert!(hint.contains("US, JP"), "{hint}");
        let (msg, hint) = resolve(&s, "task.*.costs").unwrap_err();
        assert!(
            msg.contains("unknown task field `costs`") && hint.contains("did you mean `cost`"),
            "{msg} {hint}"
        );
        assert!(resolve(&s, "policy.weights.fun").is_err());
        assert!(resolve(&s, "country.US.capability.zzz").is_err());
        assert!(resolve(&s, "country.US.capacity.x").is_err());
        assert!(resolve(&s, "budget").is_err());
    }
}
