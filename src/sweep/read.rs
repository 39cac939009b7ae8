//! The `[sweep]` table as written: every value with its position, each
//! parameter's variation checked on its own.
//!
//! Uses the scenario loader's reader ([`TableReader`], [`Ctx`]) so a sweep file
//! gets the same diagnostics (file, line:col, key path, hint) and reports every
//! problem at once. Meaning that needs the base scenario (which paths exist,
//! which design fits) is checked in [`super::spec`].

use toml::de::DeValue;
use toml::Spanned;

use super::correlation::{read_correlation, RawCorrelation, CORRELATION_KEYS};
use super::dist::{linspace, Spec};
use crate::scenario::reader::{wrong_type, Ctx, TableReader, S};

pub(crate) const SWEEP_KEYS: &[&str] = &[
    "scenario",
    "design",
    "runs",
    "seed",
    "bootstrap",
    "levels",
    "param",
    "correlation",
];
const PARAM_KEYS: &[&str] = &[
    "path",
    "values",
    "range",
    "factors",
    "uniform",
    "normal",
    "triangular",
    "lognormal",
    "relative",
    "shared",
];
const VARIATIONS: &[&str] = &[
    "values",
    "range",
    "factors",
    "uniform",
    "normal",
    "triangular",
    "lognormal",
    "relative",
];

/// One `[[sweep.param]]`.
#[derive(Debug, Clone)]
pub struct RawParam {
    /// Span of the table.
    pub span: std::ops::Range<usize>,
    /// Key path, `sweep.param[2]`.
    pub key_path: String,
    /// The path pattern.
    pub path: Option<S<String>>,
    /// The variation, its key and the key's span.
    pub spec: Option<(Spec, &'static str, std::ops::Range<usize>)>,
    /// One parameter for all matches.
    pub shared: bool,
}

/// `[sweep]`.
#[derive(Debug, Clone, Default)]
pub struct RawSweep {
    /// Span of the table.
    pub span: std::ops::Range<usize>,
    /// Base scenario, relative to the sweep file.
    pub scenario: Option<S<String>>,
    /// Design name.
    pub design: Option<S<String>>,
    /// Sample count.
    pub runs: Option<S<u64>>,
    /// Master seed.
    pub seed: Option<S<u64>>,
    /// Bootstrap resamples for Sobol confidence intervals.
    pub bootstrap: Option<S<u64>>,
    /// Grid levels of a Morris design.
    pub levels: Option<S<u64>>,
    /// Parameters.
    pub params: Vec<RawParam>,
    /// `[[sweep.correlation]]` tables.
    pub correlations: Vec<RawCorrelation>,
}

/// A whole number (>= 0) under `key`, exact up to 2^64 - 1.
fn whole(ctx: &mut Ctx, t: &TableReader, key: &str) -> Option<S<u64>> {
    let v = t.get(key)?;
    let path = t.key_path(key);
    match v.get_ref() {
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            match u64::from_str_radix(digits.trim_start_matches('+'), i.radix()) {
                Ok(n) => Some(Spanned::new(v.span(), n)),
                Err(_) => {
                    ctx.error(
                        v.span(),
                        &path,
                        format!("`{key}` must be a whole number >= 0, found {digits}"),
                        "write a whole number such as 1000".to_string(),
                    );
                    None
                }
            }
        }
        other => {
            wrong_type(ctx, v.span(), &path, "a whole number", other);
            None
        }
    }
}

/// Reads `[sweep]` out of the document's top table.
pub fn read(ctx: &mut Ctx, top: &TableReader) -> Option<RawSweep> {
    let t = top.table(ctx, "sweep", SWEEP_KEYS)?;
    t.check_unknown(ctx);
    let params = t
        .tables(ctx, "param", PARAM_KEYS)
        .iter()
        .map(|p| read_param(ctx, p))
        .collect();
    let correlations = t
        .tables(ctx, "correlation", CORRELATION_KEYS)
        .iter()
        .map(|c| read_correlation(ctx, c))
        .collect();
    Some(RawSweep {
        span: t.span(),
        scenario: t.string(ctx, "scenario"),
        design: t.string(ctx, "design"),
        runs: whole(ctx, &t, "runs"),
        seed: whole(ctx, &t, "seed"),
        bootstrap: whole(ctx, &t, "bootstrap"),
        levels: whole(ctx, &t, "levels"),
        params,
        correlations,
    })
}

fn read_param(ctx: &mut Ctx, p: &TableReader) -> RawParam {
    p.check_unknown(ctx);
    let path = p.string(ctx, "path");
    if path.is_none() && p.get("path").is_none() {
        ctx.error(
            p.span(),
            &p.key_path("path"),
            "parameter has no `path`",
            "add `path = \"country.JP.capacity\"` (wildcards: `country.*.capacity`)".to_string(),
        );
    }
    let given: Vec<&'static str> = VARIATIONS
        .iter()
        .copied()
        .filter(|k| p.get(k).is_some())
        .collect();
    if given.is_empty() {
        ctx.error(
            p.span(),
            &p.path,
            "parameter has no variation",
            format!("add one of: {}", VARIATIONS.join(", ")),
        );
    }
    for extra in given.iter().skip(1) {
        let span = p.get(extra).map_or(p.span(), |v| v.span());
        ctx.error(
            span,
            &p.key_path(extra),
            format!("`{extra}` given next to `{}`", given[0]),
            "give each parameter exactly one variation; split it into two parameters if needed"
                .to_string(),
        );
    }
    let spec = given.first().and_then(|k| {
        read_spec(ctx, p, k).map(|s| (s, *k, p.get(k).map_or(p.span(), |v| v.span())))
    });
    let shared = p.boolean(ctx, "shared").is_some_and(|b| *b.get_ref());
    RawParam {
        span: p.span(),
        key_path: p.path.clone(),
        path,
        spec,
        shared,
    }
}

/// Required numbers of a sub-table (`uniform = { min = 0, max = 1 }`).
fn numbers<const N: usize>(
    ctx: &mut Ctx,
    p: &TableReader,
    key: &str,
    names: &'static [&'static str],
) -> Option<[f64; N]> {
    let t = p.table(ctx, key, names)?;
    t.check_unknown(ctx);
    let mut out = [0.0; N];
    let mut ok = true;
    for (i, n) in names.iter().enumerate() {
        match t.number(ctx, n) {
            Some(v) => out[i] = *v.get_ref(),
            None => {
                if t.get(n).is_none() {
                    ctx.error(
                        t.span(),
                        &t.key_path(n),
                        format!("`{key}` needs `{n}`"),
                        format!(
                            "write `{key} = {{ {} }}`",
                            names
                                .iter()
                                .map(|n| format!("{n} = ..."))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                }
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

fn number_list(ctx: &mut Ctx, p: &TableReader, key: &str) -> Option<Vec<f64>> {
    let arr = p.array(ctx, key)?;
    let path = p.key_path(key);
    if arr.is_empty() {
        ctx.error(
            p.get(key).map_or(p.span(), |v| v.span()),
            &path,
            format!("`{key}` is empty"),
            "list at least one number".to_string(),
        );
        return None;
    }
    let vals: Vec<Option<S<f64>>> = arr
        .iter()
        .enumerate()
        .map(|(i, v)| crate::scenario::reader::number_value(ctx, v, &format!("{path}[{i}]")))
        .collect();
    vals.into_iter().map(|v| v.map(|v| *v.get_ref())).collect()
}

/// `Some(())` when `ok`, else a diagnostic at the variation and `None`.
fn require(
    ctx: &mut Ctx,
    p: &TableReader,
    key: &str,
    ok: bool,
    msg: impl FnOnce() -> String,
    hint: &str,
) -> Option<()> {
    if !ok {
        let span = p.get(key).map_or(p.span(), |v| v.span());
        ctx.error(span, &p.key_path(key), msg(), hint.to_string());
    }
    ok.then_some(())
}

/// A distribution: `uniform`, `normal`, `triangular` or `lognormal`.
fn read_distribution(ctx: &mut Ctx, p: &TableReader, key: &str) -> Option<Spec> {
    match key {
        "uniform" => {
            let [min, max] = numbers::<2>(ctx, p, key, &["min", "max"])?;
            let msg = || format!("`min` ({min}) must be below `max` ({max})");
            require(
                ctx,
                p,
                key,
                min < max,
                msg,
                "swap them, or use `values = [x]` for a constant",
            )?;
            Some(Spec::Uniform { min, max })
        }
        "normal" => {
            let [mean, sd] = numbers::<2>(ctx, p, key, &["mean", "sd"])?;
            let msg = || format!("`sd` must be > 0, found {sd}");
            require(
                ctx,
                p,
                key,
                sd > 0.0,
                msg,
                "give a positive standard deviation",
            )?;
            Some(Spec::Normal { mean, sd })
        }
        "triangular" => {
            let [min, mode, max] = numbers::<3>(ctx, p, key, &["min", "mode", "max"])?;
            let ok = min <= mode && mode <= max && min < max;
            let msg =
                || format!("need min <= mode <= max with min < max, found {min}, {mode}, {max}");
            require(ctx, p, key, ok, msg, "reorder the three numbers")?;
            Some(Spec::Triangular { min, mode, max })
        }
        _ => {
            let [mu, sigma] = numbers::<2>(ctx, p, key, &["mu", "sigma"])?;
            let hint = "sigma is the standard deviation of the logarithm; give a positive number";
            require(
                ctx,
                p,
                key,
                sigma > 0.0,
                || format!("`sigma` must be > 0, found {sigma}"),
                hint,
            )?;
            Some(Spec::LogNormal { mu, sigma })
        }
    }
}

fn read_spec(ctx: &mut Ctx, p: &TableReader, key: &str) -> Option<Spec> {
    match key {
        "values" => number_list(ctx, p, key).map(Spec::Values),
        "factors" => number_list(ctx, p, key).map(Spec::Factors),
        "range" => {
            let [from, to, steps] = numbers::<3>(ctx, p, key, &["from", "to", "steps"])?;
            let ok = steps >= 2.0 && steps.fract() == 0.0 && steps <= 1e7;
            let msg = || format!("`steps` must be a whole number >= 2, found {steps}");
            require(
                ctx,
                p,
                key,
                ok,
                msg,
                "steps counts the values, both ends included: `steps = 5`",
            )?;
            Some(Spec::Values(linspace(from, to, steps as usize)))
        }
        "relative" => {
            let r = *p.number(ctx, key)?.get_ref();
            let hint =
                "write the half-width as a fraction: `relative = 0.2` is plus/minus 20 percent";
            require(
                ctx,
                p,
                key,
                r > 0.0,
                || format!("`relative` must be > 0, found {r}"),
                hint,
            )?;
            Some(Spec::Relative(r))
        }
        _ => read_distribution(ctx, p, key),
    }
}
