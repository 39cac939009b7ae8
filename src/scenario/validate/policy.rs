//! Policy checks: lead-count limits, funding and sensitivity rules, weights,
//! pins. Split from the country and task checks so each file reads in one sitting.

use super::*;

fn check_choice<'a>(
    ctx: &mut Ctx,
    v: &S<String>,
    path: &str,
    choices: &[&'a str],
) -> Option<&'a str> {
    if let Some(c) = choices.iter().find(|c| **c == v.get_ref()) {
        return Some(c);
    }
    let hint = match closest(v.get_ref(), choices.iter().copied()) {
        Some(c) => format!("did you mean \"{c}\"? Allowed: {}", choices.join(", ")),
        None => format!("write one of: {}", choices.join(", ")),
    };
    ctx.error(
        v.span(),
        path,
        format!("unknown value \"{}\"", v.get_ref()),
        hint,
    );
    None
}

pub(super) fn check_policy(
    ctx: &mut Ctx,
    raw: &RawScenario,
    countries: &[String],
    tasks: &[String],
) -> Policy {
    let p = &raw.policy;
    let min_leads = p.min_leads.as_ref().map_or(0, |v| {
        check_count(
            ctx,
            v,
            "policy.min_leads_per_country",
            "min_leads_per_country",
        )
    });
    let max_leads = p.max_leads.as_ref().map(|v| {
        check_count(
            ctx,
            v,
            "policy.max_leads_per_country",
            "max_leads_per_country",
        )
    });
    if let (Some(hi), Some(v)) = (max_leads, &p.max_leads) {
        if hi < min_leads {
            ctx.error(
                v.span(),
                "policy.max_leads_per_country",
                format!(
                    "max_leads_per_country ({hi}) is below min_leads_per_country ({min_leads})"
                ),
                "raise the maximum or lower the minimum".to_string(),
            );
        }
    }
    let max_per_domain = p.max_per_domain.as_ref().map(|v| {
        check_count(
            ctx,
            v,
            "policy.max_leads_per_domain",
            "max_leads_per_domain",
        )
    });
    let w = &p.weights;
    let weight = |ctx: &mut Ctx, v: &Option<S<f64>>, key: &str, default: f64| {
        v.as_ref().map_or(default, |v| {
            check_non_negative(
                ctx,
                v,
                &format!("policy.weights.{key}"),
                "an objective weight",
            )
        })
    };
    let weights = Weights {
        fit: weight(ctx, &w.fit, "fit", 1.0),
        cost: weight(ctx, &w.cost, "cost", 0.0),
        sensitivity: weight(ctx, &w.sensitivity, "sensitivity", 1.0),
        fairness: weight(ctx, &w.fairness, "fairness", 0.0),
    };
    let funding = match p
        .funding
        .as_ref()
        .and_then(|v| check_choice(ctx, v, "policy.funding", &["leads", "all"]))
    {
        Some("all") => Funding::All,
        _ => Funding::Leads,
    };
    let sensitivity_rule = match p
        .sensitivity_rule
        .as_ref()
        .and_then(|v| check_choice(ctx, v, "policy.sensitivity_rule", &["forbid", "penalize"]))
    {
        Some("penalize") => SensitivityRule::Penalize,
        _ => SensitivityRule::Forbid,
    };
    Policy {
        min_leads,
        max_leads,
        max_per_domain,
        min_share: p.min_share.as_ref().map_or(0.0, |v| {
            check_range(ctx, v, "policy.min_lead_share", 0.0, 1.0, "min_lead_share")
        }),
        funding,
        sensitivity_rule,
        weights,
        pins: check_pins(ctx, raw, countries, tasks),
    }
}

fn check_pins(
    ctx: &mut Ctx,
    raw: &RawScenario,
    countries: &[String],
    tasks: &[String],
) -> Vec<Pin> {
    let mut pins: Vec<Pin> = Vec::new();
    for pin in &raw.policy.pins {
        let p = &pin.path;
        let country = match &pin.country {
            Some(c) => check_country_ref(ctx, c, &format!("{p}.country"), countries),
            None => {
                ctx.error(
                    pin.span.clone(),
                    &format!("{p}.country"),
                    "pin has no `country`",
                    "add `country = \"ID\"`".to_string(),
                );
                None
            }
        };
        let task = match &pin.task {
            Some(t) => check_task_ref(ctx, t, &format!("{p}.task"), tasks),
            None => {
                ctx.error(
                    pin.span.clone(),
                    &format!("{p}.task"),
                    "pin has no `task`",
                    "add `task = \"ID\"`".to_string(),
                );
                None
            }
        };
        let lead = pin.lead.as_ref().is_none_or(|b| *b.get_ref());
        if let (Some(country), Some(task)) = (country, task) {
            if let Some(prev) = pins.iter().find(|q| q.country == country && q.task == task) {
                let msg = if prev.lead == lead {
                    "the same pin is given twice"
                } else {
                    "this pin contradicts an earlier pin on the same country and task"
                };
                ctx.error(
                    pin.span.clone(),
                    p,
                    msg,
                    "keep one pin per country and task".to_string(),
                );
            } else {
                pins.push(Pin {
                    country,
                    task,
                    lead,
                });
            }
        }
    }
    pins
}

fn check_task_ref(ctx: &mut Ctx, key: &S<String>, path: &str, ids: &[String]) -> Option<usize> {
    if let Some(i) = ids.iter().position(|c| c == key.get_ref()) {
        return Some(i);
    }
    let hint = match closest(key.get_ref(), ids.iter().map(String::as_str)) {
        Some(c) => format!("did you mean `{c}`?"),
        None => "use the id of a `[[task]]`".to_string(),
    };
    ctx.error(
        key.span(),
        path,
        format!("unknown task `{}`", key.get_ref()),
        hint,
    );
    None
}

/// Co-leads each carrying `min_lead_share` cannot carry more than the whole cost.
pub(super) fn check_min_share_fits(
    ctx: &mut Ctx,
    raw: &RawScenario,
    tasks: &[Task],
    min_share: f64,
) {
    let Some(v) = &raw.policy.min_share else {
        return;
    };
    if let Some(t) = tasks
        .iter()
        .find(|t| t.leads as f64 * min_share > 1.0 + 1e-9)
    {
        ctx.error(v.span(), "policy.min_lead_share", format!("task `{}` has {} co-leads, each with at least {min_share} of its cost: more than the whole", t.id, t.leads), format!("lower min_lead_share to at most {:.4}", 1.0 / t.leads as f64));
    }
}
