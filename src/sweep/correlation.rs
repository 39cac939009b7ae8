//! `[[sweep.correlation]]`: which parameters move together, as written and as
//! checked.
//!
//! Each table names parameters of the sweep (by their expanded names; `*`
//! matches within names, as in paths) and either one `rho` for every pair of
//! them (a group) or a full `matrix` over them, as Spearman rank correlations.
//! The tables together make one matrix over the parameters they name; the
//! others stay independent. It is checked here (names, ranges, symmetry, a
//! pair set twice, positive definiteness, the design) with every problem
//! located in the sweep file; [`super::iman_conover`] induces it and
//! [`super::correlation_record`] records what the runs got.

use std::ops::Range;

use toml::de::DeValue;

use super::design::{Design, DesignKind};
use super::iman_conover::{feasible, largest_feasible_shrink, Correlation, Matrix};
use super::param::{glob, Parameter};
use super::resolve::resolve;
use crate::diag::closest;
use crate::scenario::reader::{number_value, wrong_type, Ctx, TableReader, S};
use crate::scenario::Scenario;

pub(crate) const CORRELATION_KEYS: &[&str] = &["params", "rho", "matrix"];

/// Most values a correlated sweep reorders (runs x correlated parameters): the
/// reordered columns keep 8 bytes per value and, while they are computed,
/// about 24 more (80 MB and 320 MB at this bound).
pub const MAX_CORRELATED_VALUES: u64 = 10_000_000;

/// One `[[sweep.correlation]]` as written.
#[derive(Debug, Clone)]
pub struct RawCorrelation {
    /// Span of the table.
    pub span: Range<usize>,
    /// Key path, `sweep.correlation[1]`.
    pub key_path: String,
    /// The parameter names or patterns.
    pub params: Vec<S<String>>,
    /// `rho`: the same correlation for every pair.
    pub rho: Option<S<f64>>,
    /// `matrix`: one row per name, with its span.
    pub matrix: Option<(Range<usize>, Matrix)>,
}

/// Reads one `[[sweep.correlation]]`; shapes and ranges are checked here.
pub(crate) fn read_correlation(ctx: &mut Ctx, t: &TableReader) -> RawCorrelation {
    t.check_unknown(ctx);
    let params = t.strings(ctx, "params").unwrap_or_default();
    if t.get("params").is_none() {
        ctx.error(t.span(), &t.key_path("params"), "a correlation has no `params`", "add `params = [\"country.US.capacity\", \"country.US.budget\"]`: two or more of the sweep's parameters".to_string());
    }
    let rho = t.number(ctx, "rho");
    let matrix = read_matrix(ctx, t, params.len());
    match (&rho, t.get("rho"), t.get("matrix")) {
        (_, None, None) => ctx.error(t.span(), &t.path, "a correlation has neither `rho` nor `matrix`", "add `rho = 0.5` (the same Spearman correlation for every pair) or `matrix = [[1, 0.5], [0.5, 1]]`".to_string()),
        (_, Some(_), Some(m)) => ctx.error(m.span(), &t.key_path("matrix"), "`matrix` given next to `rho`", "give either `rho` (every pair) or `matrix` (each pair), not both".to_string()),
        (Some(r), _, _) if !(-1.0..=1.0).contains(r.get_ref()) => {
            let msg = format!("`rho` must be in [-1, 1], found {}", r.get_ref());
            ctx.error(r.span(), &t.key_path("rho"), msg, "a Spearman rank correlation lies between -1 and 1".to_string());
        }
        _ => {}
    }
    RawCorrelation {
        span: t.span(),
        key_path: t.path.clone(),
        params,
        rho,
        matrix,
    }
}

/// `matrix`: `names` rows of `names` numbers, symmetric, unit diagonal, in [-1, 1].
fn read_matrix(ctx: &mut Ctx, t: &TableReader, names: usize) -> Option<(Range<usize>, Matrix)> {
    let rows = t.array(ctx, "matrix")?;
    let span = t.get("matrix").map_or(t.span(), |v| v.span());
    let path = t.key_path("matrix");
    let mut m = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let DeValue::Array(cells) = row.get_ref() else {
            wrong_type(
                ctx,
                row.span(),
                &format!("{path}[{i}]"),
                "an array of numbers",
                row.get_ref(),
            );
            return None;
        };
        let vals: Vec<Option<S<f64>>> = cells
            .iter()
            .enumerate()
            .map(|(j, v)| number_value(ctx, v, &format!("{path}[{i}][{j}]")))
            .collect();
        m.push(
            vals.into_iter()
                .map(|v| v.map(|v| *v.get_ref()))
                .collect::<Option<Vec<f64>>>()?,
        );
    }
    if m.len() != names || m.iter().any(|r| r.len() != names) {
        let shape = m
            .iter()
            .map(|r| r.len().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let msg = format!("`matrix` must be {names} x {names} (one row and one column per name in `params`), found {} rows of {shape} numbers", m.len());
        ctx.error(
            span,
            &path,
            msg,
            "write one row per name, in the order of `params`".to_string(),
        );
        return None;
    }
    matrix_problem(&m).map_or(Some((span.clone(), m)), |(msg, hint)| {
        ctx.error(span, &path, msg, hint);
        None
    })
}

/// What is wrong with a square matrix as a correlation matrix, if anything.
fn matrix_problem(m: &Matrix) -> Option<(String, String)> {
    for (i, row) in m.iter().enumerate() {
        if row[i] != 1.0 {
            return Some((
                format!("the diagonal must be 1, found {} in row {}", row[i], i + 1),
                "a parameter's correlation with itself is 1".into(),
            ));
        }
        for (j, &x) in row.iter().enumerate() {
            if !(-1.0..=1.0).contains(&x) {
                return Some((
                    format!("entry [{}][{}] is {x}, outside [-1, 1]", i + 1, j + 1),
                    "a Spearman rank correlation lies between -1 and 1".into(),
                ));
            }
            if x != m[j][i] {
                return Some((
                    format!(
                        "the matrix is not symmetric: [{}][{}] is {x} but [{}][{}] is {}",
                        i + 1,
                        j + 1,
                        j + 1,
                        i + 1,
                        m[j][i]
                    ),
                    "give each pair the same value both ways".into(),
                ));
            }
        }
    }
    None
}

/// Why a design takes no correlation, if it takes none: a message and a hint.
fn design_refusal(kind: DesignKind) -> Option<(String, String)> {
    let why = match kind {
        DesignKind::MonteCarlo | DesignKind::Lhs => return None,
        DesignKind::Grid => "a grid has no random sample to correlate: its runs are every combination of the listed values",
        DesignKind::Saltelli => "Sobol indices assume independent inputs: with correlated inputs a parameter's variance share would include its partners', and the Saltelli estimators no longer estimate what they report",
        DesignKind::Morris => "elementary effects move one parameter at a time with the others fixed, which inputs that must move together do not allow",
    };
    Some((
        format!("a {} design takes no correlation: {why}", kind.name()),
        "use design = \"montecarlo\" or \"lhs\" for correlated inputs, or remove `[[sweep.correlation]]`".into(),
    ))
}

/// The sweep's correlation, checked against its parameters and design
/// (problems go to `ctx`); `None` when the file asks for none or has problems.
pub(crate) fn check(
    ctx: &mut Ctx,
    tables: &[RawCorrelation],
    params: &[Parameter],
    design: &Design,
    scenario: &Scenario,
) -> Option<Correlation> {
    let first = tables.first()?;
    if let Some((msg, hint)) = design_refusal(design.kind) {
        ctx.error(first.span.clone(), &first.key_path, msg, hint);
        return None;
    }
    let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
    let mut set: Vec<((usize, usize), f64, &str)> = Vec::new();
    let mut ok = true;
    for c in tables {
        let Some(members) = members(ctx, c, &names, scenario) else {
            ok = false;
            continue;
        };
        for (a, &pa) in members.iter().enumerate() {
            for (b, &pb) in members.iter().enumerate().skip(a + 1) {
                let v = match (&c.rho, &c.matrix) {
                    (Some(r), _) => *r.get_ref(),
                    (None, Some((_, m))) => m[a][b],
                    _ => return None,
                };
                ok &= set_pair(ctx, c, &mut set, (pa.min(pb), pa.max(pb)), v, &names);
            }
        }
    }
    if !ok {
        return None;
    }
    let request = assemble(&set, &names);
    check_whole(ctx, tables, &request, design).then_some(request)
}

/// Records the pair's value; `false` (and a diagnostic) when an earlier table set it otherwise.
fn set_pair<'r>(
    ctx: &mut Ctx,
    c: &'r RawCorrelation,
    set: &mut Vec<((usize, usize), f64, &'r str)>,
    key: (usize, usize),
    v: f64,
    names: &[&str],
) -> bool {
    match set.iter().find(|(k, _, _)| *k == key) {
        Some((_, old, _)) if *old == v => true,
        Some((_, old, by)) => {
            let msg = format!(
                "`{}` and `{}` already have rho {old} from {by}, here {v}",
                names[key.0], names[key.1]
            );
            ctx.error(
                c.span.clone(),
                &c.key_path,
                msg,
                "set each pair once: drop one of the two tables' names, or split a group"
                    .to_string(),
            );
            false
        }
        None => {
            set.push((key, v, &c.key_path));
            true
        }
    }
}

/// The parameters one table names, in its order; `None` after a diagnostic.
fn members(
    ctx: &mut Ctx,
    c: &RawCorrelation,
    names: &[&str],
    scenario: &Scenario,
) -> Option<Vec<usize>> {
    let rho_ok = c
        .rho
        .as_ref()
        .is_none_or(|r| (-1.0..=1.0).contains(r.get_ref()));
    if !rho_ok || (c.rho.is_none() && c.matrix.is_none()) {
        return None;
    }
    let mut out: Vec<usize> = Vec::new();
    let mut ok = true;
    for (i, pat) in c.params.iter().enumerate() {
        let path = format!("{}.params[{i}]", c.key_path);
        let Some(hits) = matches(ctx, c, pat, &path, names, scenario) else {
            ok = false;
            continue;
        };
        for h in hits {
            if out.contains(&h) {
                ctx.error(
                    pat.span(),
                    &path,
                    format!("`{}` is named twice in this correlation", names[h]),
                    "name each parameter once".to_string(),
                );
                ok = false;
            }
            out.push(h);
        }
    }
    if ok && out.len() < 2 {
        let only = out
            .first()
            .map_or("none".to_string(), |&h| format!("`{}`", names[h]));
        ctx.error(
            c.span.clone(),
            &format!("{}.params", c.key_path),
            format!("a correlation needs two or more parameters; its names match {only}"),
            "name at least two of the sweep's parameters".to_string(),
        );
        ok = false;
    }
    ok.then_some(out)
}

/// The parameters one name or pattern of table `c` matches; `None` after a
/// diagnostic (a pattern in a matrix, or no match).
fn matches(
    ctx: &mut Ctx,
    c: &RawCorrelation,
    pat: &S<String>,
    path: &str,
    names: &[&str],
    scenario: &Scenario,
) -> Option<Vec<usize>> {
    let p = pat.get_ref();
    if c.matrix.is_some() && p.contains('*') {
        ctx.error(
            pat.span(),
            path,
            format!("`{p}` is a pattern, but a matrix names its parameters one by one"),
            "write each parameter's full name, or use `rho` for a group".to_string(),
        );
        return None;
    }
    let hits: Vec<usize> = (0..names.len()).filter(|&j| glob(p, names[j])).collect();
    if !hits.is_empty() {
        return Some(hits);
    }
    let (msg, hint) = match resolve(scenario, p).is_ok_and(|g| !g.is_empty()) {
        true => (
            format!("`{p}` is a number of the scenario that this sweep does not vary"),
            "add a `[[sweep.param]]` for it first: correlations are between varied parameters"
                .to_string(),
        ),
        false => (
            format!("`{p}` is not a parameter of this sweep"),
            not_a_parameter_hint(p, names),
        ),
    };
    ctx.error(pat.span(), path, msg, hint);
    None
}

fn not_a_parameter_hint(p: &str, names: &[&str]) -> String {
    let known = if names.len() <= 8 {
        names.join(", ")
    } else {
        format!("{}, ... ({} in all)", names[..8].join(", "), names.len())
    };
    match closest(p, names.iter().copied()) {
        Some(c) => format!(
            "did you mean `{c}`? Correlations name the sweep's expanded parameters: {known}"
        ),
        None => format!("correlations name the sweep's expanded parameters: {known}"),
    }
}

/// The matrix over every parameter some pair names, in parameter order.
fn assemble(set: &[((usize, usize), f64, &str)], names: &[&str]) -> Correlation {
    let mut params: Vec<usize> = set.iter().flat_map(|((a, b), _, _)| [*a, *b]).collect();
    params.sort_unstable();
    params.dedup();
    let at = |p: usize| params.iter().position(|&q| q == p).unwrap_or(0);
    let mut spearman = vec![vec![0.0; params.len()]; params.len()];
    for (i, row) in spearman.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    for ((a, b), v, _) in set {
        spearman[at(*a)][at(*b)] = *v;
        spearman[at(*b)][at(*a)] = *v;
    }
    Correlation {
        names: params.iter().map(|&p| names[p].to_string()).collect(),
        params,
        spearman,
    }
}

/// The whole matrix: positive definite, and small enough to reorder.
fn check_whole(
    ctx: &mut Ctx,
    tables: &[RawCorrelation],
    req: &Correlation,
    design: &Design,
) -> bool {
    let Some(first) = tables.first() else {
        return true;
    };
    let m = req.params.len() as u64;
    if design.runs().saturating_mul(m) > MAX_CORRELATED_VALUES {
        let msg = format!("{} runs x {m} correlated parameters is more than the {MAX_CORRELATED_VALUES} values a correlated sweep reorders in memory", design.runs());
        ctx.error(
            first.span.clone(),
            &first.key_path,
            msg,
            format!(
                "ask for at most {} runs, or correlate fewer parameters",
                MAX_CORRELATED_VALUES / m
            ),
        );
        return false;
    }
    if feasible(&req.spearman) {
        return true;
    }
    let s = largest_feasible_shrink(&req.spearman);
    let msg = format!("the correlations together are not positive definite: no joint distribution of the {m} parameters has them");
    let mut hint = format!("multiply every rho by {s:.2} or less (the largest factor that works), or lower correlations that contradict each other (a with b and b with c, but a against c); a rho of 1 or -1 never works: use 0.99");
    if let [only] = tables {
        if only.rho.as_ref().is_some_and(|r| *r.get_ref() < 0.0) && m > 2 {
            hint = format!(
                "a group of {m} parameters takes rho no lower than {:.3}; {hint}",
                group_bound(m)
            );
        }
    }
    ctx.error(first.span.clone(), "sweep.correlation", msg, hint);
    false
}

/// The lowest rho a group of `m` parameters takes (exclusive), rounded up to 3
/// decimals: its score correlation `2 sin(π ρ / 6)` must exceed `-1 / (m - 1)`.
fn group_bound(m: u64) -> f64 {
    let rho = 6.0 / std::f64::consts::PI * (-1.0 / (2.0 * (m as f64 - 1.0))).asin();
    (rho * 1000.0).ceil() / 1000.0
}

#[cfg(test)]
mod bound_tests {
    use super::*;

    #[test]
    fn the_group_bound_is_where_a_group_stops_being_feasible() {
        for m in [3usize, 4, 7] {
            let b = group_bound(m as u64);
            let g = |r: f64| -> Matrix {
                (0..m)
                    .map(|i| (0..m).map(|j| if i == j { 1.0 } else { r }).collect())
                    .collect()
            };
            assert!(feasible(&g(b)), "m = {m}: {b}");
            assert!(!feasible(&g(b - 0.002)), "m = {m}: {b}");
        }
        assert!((group_bound(3) - -0.482).abs() < 1e-12);
    }
}
