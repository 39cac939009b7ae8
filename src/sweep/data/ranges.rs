//! Range checks on a summary.json read back from disk, before anything is drawn.
//!
//! The file may have been edited or damaged: a stability of -5 or 17.7 must be
//! refused with a sentence, not drawn as -500% or 1769%. Shares lie in [0, 1],
//! rank correlations in [-1, 1], distributions are finite and ordered
//! (min <= p5 <= p50 <= p95 <= max, sd >= 0), counts do not exceed the runs.

use super::raw;
use crate::error::Error;

fn bad(file: &str, what: &str, v: f64, range: &str) -> Error {
    Error::Usage(format!(
        "{file}: {what} is {v}, outside {range}; the file was edited or damaged: run the sweep again"
    ))
}

fn share(file: &str, what: &str, v: Option<f64>) -> Result<(), Error> {
    match v {
        Some(x) if !(0.0..=1.0).contains(&x) => Err(bad(file, what, x, "[0, 1]")),
        _ => Ok(()),
    }
}

fn rho(file: &str, what: &str, v: Option<f64>) -> Result<(), Error> {
    match v {
        Some(x) if !(-1.0..=1.0).contains(&x) => Err(bad(file, what, x, "[-1, 1]")),
        _ => Ok(()),
    }
}

fn distribution(file: &str, what: &str, d: &raw::Distribution, runs: u64) -> Result<(), Error> {
    let q = [d.min, d.p5, d.p50, d.p95, d.max];
    if let Some(x) = q.iter().chain([&d.mean, &d.sd]).find(|x| !x.is_finite()) {
        return Err(bad(file, what, *x, "the finite numbers"));
    }
    if d.sd < 0.0 {
        return Err(bad(file, &format!("{what}: sd"), d.sd, "[0, inf)"));
    }
    if q.windows(2).any(|w| w[0] > w[1]) || !(d.min..=d.max).contains(&d.mean) || d.n > runs {
        return Err(Error::Usage(format!(
            "{file}: {what} is not a distribution (its quantiles are out of order, its mean outside min..max, or it counts more runs than the sweep made); the file was edited or damaged: run the sweep again"
        )));
    }
    Ok(())
}

fn sobol_rows(file: &str, rows: Option<&Vec<raw::SobolRow>>) -> Result<(), Error> {
    for r in rows.into_iter().flatten() {
        let values = [r.s1, r.st, r.s1_ci[0], r.s1_ci[1], r.st_ci[0], r.st_ci[1]];
        if let Some(x) = values.iter().find(|x| !x.is_finite()) {
            return Err(bad(
                file,
                &format!("a Sobol index of `{}`", r.parameter),
                *x,
                "the finite numbers",
            ));
        }
    }
    Ok(())
}

/// Checks every value of `sum` that a chart or report draws.
pub fn check(sum: &raw::Summary, file: &str) -> Result<(), Error> {
    if sum.failed > sum.runs {
        return Err(bad(file, "failed", sum.failed as f64, "0..runs"));
    }
    share(file, "plan_survival", sum.plan_survival)?;
    for t in &sum.tasks {
        share(file, &format!("task `{}` stability", t.task), t.stability)?;
    }
    for p in &sum.screening.parameters {
        let what = format!("the correlation of `{}`", p.parameter);
        rho(file, &what, p.rho_objective)?;
        rho(file, &what, p.rho_survival)?;
    }
    if let Some(d) = &sum.objective {
        distribution(file, "objective", d, sum.runs)?;
    }
    if let Some(d) = sum.regret.as_ref().and_then(|r| r.regret.as_ref()) {
        distribution(file, "regret", d, sum.runs)?;
    }
    if let Some(s) = &sum.sobol {
        sobol_rows(file, s.objective.as_ref())?;
        sobol_rows(file, s.plan_survival.as_ref())?;
    }
    Ok(())
}
