//! Checking a design against its parameters: which variations a grid takes,
//! sample counts, grid size, and the limits of a Saltelli design.
//!
//! A sample count from the file gets a diagnostic at its position; one from
//! `--runs` gets a usage error naming the flag.

use super::design::{Design, DesignKind, SALTELLI_MAX_BASE, SALTELLI_MAX_PARAMS};
use super::param::{Overrides, Parameter};
use super::read::RawSweep;
use crate::diag::{closest, Diagnostic};
use crate::error::Error;
use crate::scenario::reader::Ctx;

/// The most runs a sweep takes. The aggregate keeps 24 bytes per run (objective,
/// survival, regret) for the quantiles and Sobol indices, so this bounds that
/// bookkeeping near 240 MB; larger studies are split into several sweeps.
pub const MAX_RUNS: u64 = 10_000_000;

/// The design the file (and the overrides) ask for, checked against `params`.
pub(crate) fn check_design(
    ctx: &mut Ctx,
    raw: &RawSweep,
    params: &[Parameter],
    over: Overrides,
) -> Result<Design, Error> {
    let kind = design_kind(ctx, raw);
    let seed = over
        .seed
        .or(raw.seed.as_ref().map(|s| *s.get_ref()))
        .unwrap_or(0);
    let counts: Vec<usize> = params.iter().map(|p| p.spec.count().unwrap_or(0)).collect();
    if kind == DesignKind::Grid {
        check_grid(ctx, raw, params, over)?;
        return Ok(Design::new(kind, seed, 0, counts));
    }
    let samples = match (over.runs, &raw.runs) {
        (Some(n), _) => n,
        (None, Some(n)) => *n.get_ref(),
        (None, None) => {
            let msg = format!("a {} design needs a sample count", kind.name());
            ctx.error(
                raw.span.clone(),
                "sweep.runs",
                msg,
                "add `runs = 1000` to `[sweep]` or pass --runs".to_string(),
            );
            return Ok(Design::new(kind, seed, 0, counts));
        }
    };
    if samples == 0 {
        let (msg, hint) = (
            "the sample count must be at least 1".into(),
            "ask for 1 run or more".into(),
        );
        return Err(runs_error(ctx, raw, over, msg, hint));
    }
    if kind == DesignKind::Saltelli {
        check_saltelli(ctx, raw, params, over, samples)?;
    }
    let mut design = Design::new(kind, seed, samples, counts);
    design.levels = check_levels(ctx, raw, kind);
    if design.runs() > MAX_RUNS {
        let msg = format!(
            "the sweep would make {} runs, more than the {MAX_RUNS} a sweep takes (its bookkeeping keeps 24 bytes per run in memory)",
            design.runs()
        );
        let hint =
            "ask for fewer runs, or split the study into several sweeps with different seeds"
                .into();
        return Err(runs_error(ctx, raw, over, msg, hint));
    }
    Ok(design)
}

/// The design kind the file names (Monte Carlo when it names none).
fn design_kind(ctx: &mut Ctx, raw: &RawSweep) -> DesignKind {
    let Some(d) = &raw.design else {
        return DesignKind::MonteCarlo;
    };
    if let Some(k) = DesignKind::from_name(d.get_ref()) {
        return k;
    }
    let names = DesignKind::NAMES.join(", ");
    let hint = match closest(d.get_ref(), DesignKind::NAMES.iter().copied()) {
        Some(c) => format!("did you mean \"{c}\"? Designs: {names}"),
        None => format!("write one of: {names}"),
    };
    ctx.error(
        d.span(),
        "sweep.design",
        format!("unknown design \"{}\"", d.get_ref()),
        hint,
    );
    DesignKind::MonteCarlo
}

/// A sample-count problem: a diagnostic when the file gave it, a usage error for `--runs`.
fn runs_error(ctx: &mut Ctx, raw: &RawSweep, over: Overrides, msg: String, hint: String) -> Error {
    match (&raw.runs, over.runs) {
        (Some(r), None) => {
            ctx.error(r.span(), "sweep.runs", msg, hint);
            invalid(std::mem::take(&mut ctx.diags))
        }
        _ => Error::Usage(format!("--runs: {msg}; {hint}")),
    }
}

fn check_grid(
    ctx: &mut Ctx,
    raw: &RawSweep,
    params: &[Parameter],
    over: Overrides,
) -> Result<(), Error> {
    if over.runs.is_some() {
        return Err(Error::Usage("--runs does not apply to a grid: its size is the product of its parameters' value counts".into()));
    }
    if let Some(r) = &raw.runs {
        ctx.error(
            r.span(),
            "sweep.runs",
            "a grid takes no `runs`",
            "its size is the product of its parameters' value counts; remove `runs`".to_string(),
        );
    }
    for p in &raw.params {
        if let Some((spec, key, span)) = &p.spec {
            if spec.count().is_none() {
                ctx.error(span.clone(), &format!("{}.{key}", p.key_path), format!("a grid needs listed values, found `{key}`"), "use `values = [...]`, `range = { from, to, steps }` or `factors = [...]`, or set design = \"montecarlo\", \"lhs\" or \"saltelli\"".to_string());
            }
        }
    }
    let size = params.iter().try_fold(1u64, |acc, p| {
        acc.checked_mul(p.spec.count().unwrap_or(1) as u64)
    });
    if size.is_none_or(|n| n > MAX_RUNS) {
        ctx.error(
            raw.span.clone(),
            "sweep.param",
            format!("the grid has more than {MAX_RUNS} points, the most runs a sweep takes"),
            "use fewer values per parameter, or a sampled design".to_string(),
        );
    }
    Ok(())
}

fn check_saltelli(
    ctx: &mut Ctx,
    raw: &RawSweep,
    params: &[Parameter],
    over: Overrides,
    n: u64,
) -> Result<(), Error> {
    if !n.is_power_of_two() || !(2..=SALTELLI_MAX_BASE).contains(&n) {
        let below = match n {
            0..2 => 2,
            n if n > SALTELLI_MAX_BASE => SALTELLI_MAX_BASE,
            n => (n.next_power_of_two() / 2).clamp(2, SALTELLI_MAX_BASE),
        };
        let msg = format!("a Saltelli design needs a power of two between 2 and {SALTELLI_MAX_BASE} base samples, found {n}");
        return Err(runs_error(
            ctx,
            raw,
            over,
            msg,
            format!(
                "use {below} or {}; the sweep then makes base samples x (parameters + 2) runs",
                (below * 2).min(SALTELLI_MAX_BASE)
            ),
        ));
    }
    if params.len() > SALTELLI_MAX_PARAMS {
        ctx.error(raw.span.clone(), "sweep.param", format!("a Saltelli design takes at most {SALTELLI_MAX_PARAMS} parameters, found {}", params.len()), "use `shared = true` to vary related numbers together, or screen with a Monte Carlo design first".to_string());
    }
    Ok(())
}

/// A Morris design's grid levels: an even number from 2 to 1000 (default
/// [`super::morris::DEFAULT_LEVELS`]); `levels` is an error on other designs.
fn check_levels(ctx: &mut Ctx, raw: &RawSweep, kind: DesignKind) -> usize {
    let default = super::morris::DEFAULT_LEVELS;
    let Some(l) = &raw.levels else {
        return default;
    };
    let n = *l.get_ref();
    if kind != DesignKind::Morris {
        let hint = "remove `levels`, or set design = \"morris\"".to_string();
        ctx.error(
            l.span(),
            "sweep.levels",
            "only a Morris design takes `levels`",
            hint,
        );
    } else if n % 2 != 0 || !(2..=1000).contains(&n) {
        let msg =
            format!("a Morris design needs an even number of levels from 2 to 1000, found {n}");
        let hint =
            "use 4 (the usual choice) or 6, 8, ...; each move jumps half the levels".to_string();
        ctx.error(l.span(), "sweep.levels", msg, hint);
    } else {
        return n as usize;
    }
    default
}

/// The diagnostics of a sweep file as one error, in the order of the file.
pub(crate) fn invalid(mut diags: Vec<Diagnostic>) -> Error {
    diags.sort_by_key(|d| (d.line, d.column));
    Error::Invalid { diagnostics: diags }
}
