//! Task checks: requirements, per-country efforts and costs, lead counts and
//! fit overrides.

use super::*;

fn check_per_country(
    ctx: &mut Ctx,
    v: Option<&RawPerCountry>,
    path: &str,
    ids: &[String],
    default: f64,
    what: &str,
) -> Vec<f64> {
    let n = ids.len();
    match v {
        None => vec![default; n],
        Some(RawPerCountry::Uniform(x)) => vec![check_non_negative(ctx, x, path, what); n],
        Some(RawPerCountry::Map(entries)) => {
            let mut out = vec![None; n];
            for (k, x) in entries {
                let p = format!("{path}.{}", k.get_ref());
                if let Some(i) = check_country_ref(ctx, k, &p, ids) {
                    out[i] = Some(check_non_negative(ctx, x, &p, what));
                }
            }
            let missing: Vec<&str> = ids
                .iter()
                .zip(&out)
                .filter(|(_, v)| v.is_none())
                .map(|(id, _)| id.as_str())
                .collect();
            if !missing.is_empty() {
                let span = entries.first().map_or(0..0, |(k, _)| k.span());
                ctx.error(
                    span,
                    path,
                    format!("{what} is missing for {}", missing.join(", ")),
                    format!(
                        "give every country a value, e.g. `{} = 1`, or write one number for all",
                        missing[0]
                    ),
                );
            }
            out.into_iter().map(|v| v.unwrap_or(default)).collect()
        }
    }
}

pub(super) fn check_task(
    ctx: &mut Ctx,
    t: &RawTask,
    id: &str,
    ids: &[String],
    countries: &[Country],
    dims: &[String],
) -> Task {
    let p = &t.path;
    let mut requirements = BTreeMap::new();
    for (k, v) in &t.requirements {
        let path = format!("{p}.requirements.{}", k.get_ref());
        if check_dimension_known(ctx, k, &path, dims) {
            requirements.insert(
                k.get_ref().clone(),
                check_non_negative(ctx, v, &path, "a requirement weight"),
            );
        }
    }
    if t.effort.is_none() && !ctx.already_reported(&format!("{p}.effort")) {
        ctx.error(
            t.span.clone(),
            &format!("{p}.effort"),
            format!("task `{id}` has no `effort`"),
            "add `effort = N` (effort units a lead spends), or a table per country".to_string(),
        );
    }
    let effort = check_per_country(
        ctx,
        t.effort.as_ref(),
        &format!("{p}.effort"),
        ids,
        0.0,
        "effort",
    );
    let cost = check_per_country(ctx, t.cost.as_ref(), &format!("{p}.cost"), ids, 0.0, "cost");
    let leads = t
        .leads
        .as_ref()
        .map_or(1, |v| check_count(ctx, v, &format!("{p}.leads"), "leads"));
    check_leads_possible(ctx, t, leads, ids.len());
    let mut fit: Vec<f64> = countries
        .iter()
        .map(|c| derived_fit(&c.capability, &requirements))
        .collect();
    let mut fit_overridden = vec![false; ids.len()];
    for (k, v) in &t.fit {
        let path = format!("{p}.fit.{}", k.get_ref());
        if let Some(i) = check_country_ref(ctx, k, &path, ids) {
            fit[i] = check_non_negative(ctx, v, &path, "fit");
            fit_overridden[i] = true;
        }
    }
    Task {
        id: id.to_string(),
        name: t
            .name
            .as_ref()
            .map_or_else(|| id.to_string(), |s| s.get_ref().clone()),
        domain: t
            .domain
            .as_ref()
            .map_or_else(|| "general".to_string(), |s| s.get_ref().clone()),
        requirements,
        effort,
        cost,
        sensitivity: t.sensitivity.as_ref().map_or(0.0, |v| {
            check_range(ctx, v, &format!("{p}.sensitivity"), 0.0, 1.0, "sensitivity")
        }),
        importance: t.importance.as_ref().map_or(1.0, |v| {
            check_non_negative(ctx, v, &format!("{p}.importance"), "importance")
        }),
        leads,
        fit,
        fit_overridden,
        optional: t.optional.as_ref().is_some_and(|b| *b.get_ref()),
    }
}

fn check_leads_possible(ctx: &mut Ctx, t: &RawTask, leads: usize, n_countries: usize) {
    let Some(v) = &t.leads else { return };
    if leads == 0 && v.get_ref().fract() == 0.0 && *v.get_ref() >= 0.0 {
        ctx.error(
            v.span(),
            &format!("{}.leads", t.path),
            "a task needs at least one lead, found 0",
            "write `leads = 1` (or remove the task)".to_string(),
        );
    } else if leads > n_countries && n_countries > 0 {
        ctx.error(
            v.span(),
            &format!("{}.leads", t.path),
            format!("{leads} co-leads asked but the scenario has only {n_countries} countries"),
            format!("write `leads = {n_countries}` or fewer"),
        );
    }
}
