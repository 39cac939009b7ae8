//! The only road from a sweep file to a validated [`Sweep`].
//!
//! A sweep file is either a file holding only `[sweep]` whose `scenario` key
//! names the base scenario (relative to the sweep file), or a scenario file
//! with a `[sweep]` table (the scenario loader ignores that table). Paths are
//! resolved against the base scenario and the variation is checked against the
//! design; every problem becomes a diagnostic in the sweep file.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use toml::de::DeTable;

use super::design::Design;
use super::dist::Spec;
use super::param::Target;
use super::read::{self, RawParam, RawSweep};
use super::resolve::resolve;
use super::sizing::{check_design, invalid};
use crate::diag::SourceMap;
use crate::error::Error;
use crate::input::InputKind;
use crate::scenario::reader::{Ctx, TableReader};
use crate::scenario::Scenario;

pub use super::param::{Overrides, Parameter};

/// A validated sweep: base scenario, parameters and design.
#[derive(Clone, Debug)]
pub struct Sweep {
    /// The sweep file.
    pub file: PathBuf,
    /// The base scenario file.
    pub scenario_file: PathBuf,
    /// The base scenario.
    pub scenario: Scenario,
    /// Parameters, in file order (wildcards expanded in scenario order).
    pub params: Vec<Parameter>,
    /// The design.
    pub design: Design,
    /// Bootstrap resamples for Sobol confidence intervals.
    pub bootstrap: usize,
    /// SHA-256 of the base scenario file's bytes.
    pub scenario_hash: String,
    /// SHA-256 of the sweep file's bytes, the effective seed and sample count.
    pub design_hash: String,
}

/// Default number of bootstrap resamples.
pub const DEFAULT_BOOTSTRAP: u64 = 1000;

/// `sha256:` and the hex SHA-256 of the parts, one after another.
pub(crate) fn sha256(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    let bytes = h.finalize();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// A bounded input file's bytes and its text; not UTF-8 is a located error.
pub(crate) fn read_text(path: &Path, kind: InputKind) -> Result<(Vec<u8>, String), Error> {
    let bytes = crate::input::read_bounded(path, kind)?;
    let file = path.display().to_string();
    let text = String::from_utf8(bytes.clone()).map_err(|e| Error::Invalid {
        diagnostics: vec![SourceMap::new(&file, "").diag(
            0..0,
            "",
            format!(
                "the file is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
            Some("save it as UTF-8 text".into()),
        )],
    })?;
    Ok((bytes, text))
}

impl Sweep {
    /// Reads and validates a sweep file and its base scenario.
    pub fn load(path: &Path, over: Overrides) -> Result<Sweep, Error> {
        let (bytes, text) = read_text(path, InputKind::Sweep)?;
        let file = path.display().to_string();
        let mut ctx = Ctx::new(&file, &text);
        let raw = parse(&mut ctx, &text)?;
        let (scenario_file, scenario, scenario_bytes) = match load_base(&mut ctx, path, &raw, &text)
        {
            Ok(base) => base,
            Err(Error::Invalid { mut diagnostics }) => {
                diagnostics.extend(std::mem::take(&mut ctx.diags));
                return Err(Error::Invalid { diagnostics });
            }
            Err(e) => return Err(e),
        };
        let params = check_params(&mut ctx, &raw, &scenario);
        let mut design = check_design(&mut ctx, &raw, &params, over)?;
        if let Some(c) =
            super::correlation::check(&mut ctx, &raw.correlations, &params, &design, &scenario)
        {
            design = design.with_correlation(c);
        }
        if !ctx.diags.is_empty() {
            return Err(invalid(ctx.diags));
        }
        let tail = format!("\nseed={}\nsamples={}\n", design.seed, design.samples);
        let bootstrap = raw
            .bootstrap
            .as_ref()
            .map_or(DEFAULT_BOOTSTRAP, |b| *b.get_ref());
        Ok(Sweep {
            file: path.to_path_buf(),
            scenario_file,
            scenario,
            params,
            design,
            bootstrap: bootstrap as usize,
            scenario_hash: sha256(&[&scenario_bytes]),
            design_hash: sha256(&[&bytes, tail.as_bytes()]),
        })
    }
}

/// Parses the TOML and reads `[sweep]`: syntax errors stop here, other
/// problems are collected in `ctx` for later.
fn parse(ctx: &mut Ctx, text: &str) -> Result<RawSweep, Error> {
    let doc = parse_document(ctx, text)?;
    let names_scenario = |s: &toml::Spanned<toml::de::DeValue>| {
        s.get_ref()
            .as_table()
            .is_some_and(|t| t.contains_key("scenario"))
    };
    let standalone = doc.get_ref().get("sweep").is_some_and(names_scenario);
    let keys: &'static [&'static str] = if standalone {
        &["sweep"]
    } else {
        crate::scenario::raw::TOP_KEYS
    };
    let top = TableReader::new(doc.get_ref(), 0..0, String::new(), keys);
    read_top(ctx, doc.get_ref(), &top, standalone)
        .ok_or_else(|| invalid(std::mem::take(&mut ctx.diags)))
}

/// The TOML document of `text`; syntax errors, each at its position, stop here.
pub(crate) fn parse_document<'i>(
    ctx: &mut Ctx,
    text: &'i str,
) -> Result<toml::Spanned<DeTable<'i>>, Error> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    for e in &errors {
        let msg = e
            .message()
            .lines()
            .next()
            .unwrap_or("invalid TOML")
            .trim()
            .to_string();
        let hint = "fix the TOML syntax at this position".to_string();
        ctx.error(
            e.span().unwrap_or(0..0),
            "",
            format!("TOML syntax: {msg}"),
            hint,
        );
    }
    if !errors.is_empty() {
        return Err(invalid(std::mem::take(&mut ctx.diags)));
    }
    Ok(doc)
}

/// The base scenario: the file `scenario` names, or this file itself.
fn load_base(
    ctx: &mut Ctx,
    path: &Path,
    raw: &RawSweep,
    text: &str,
) -> Result<(PathBuf, Scenario, Vec<u8>), Error> {
    let Some(rel) = &raw.scenario else {
        let s = Scenario::from_toml_str(text, &path.display().to_string())
            .map_err(|diagnostics| Error::Invalid { diagnostics })?;
        return Ok((path.to_path_buf(), s, text.as_bytes().to_vec()));
    };
    load_named(ctx, path, rel, "sweep.scenario")
}

/// The scenario file that `rel` (the value of `key` in the file at `path`)
/// names, relative to that file's folder: its path, the scenario and its bytes.
/// A path that is not a regular `.toml` file, or a file that is not a valid
/// scenario, is a diagnostic at `rel`.
pub(crate) fn load_named(
    ctx: &mut Ctx,
    path: &Path,
    rel: &crate::scenario::reader::S<String>,
    key: &str,
) -> Result<(PathBuf, Scenario, Vec<u8>), Error> {
    let p = path.parent().unwrap_or(Path::new("")).join(rel.get_ref());
    if let Some((message, hint)) = base_path_problem(&p) {
        ctx.error(rel.span(), key, message, hint);
        return Err(invalid(std::mem::take(&mut ctx.diags)));
    }
    let (bytes, _) = read_text(&p, InputKind::Scenario)?;
    match Scenario::load(&p) {
        Ok(s) => Ok((p, s, bytes)),
        // The base file's own lines are never quoted here: a sweep or horizon
        // file must not be a way to print another file. `leadplan check` on it
        // shows them.
        Err(Error::Invalid { diagnostics }) => {
            ctx.error(
                rel.span(),
                key,
                format!(
                    "`{}` does not load as a scenario ({} problem{})",
                    p.display(),
                    diagnostics.len(),
                    if diagnostics.len() == 1 { "" } else { "s" }
                ),
                format!("run `leadplan check {}` to see them", p.display()),
            );
            Err(invalid(std::mem::take(&mut ctx.diags)))
        }
        Err(e) => Err(e),
    }
}

/// Why the base scenario path cannot be used, if it cannot: it must name an
/// existing regular `.toml` file (after following symlinks).
fn base_path_problem(p: &Path) -> Option<(String, String)> {
    let is_toml = |q: &Path| {
        q.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    };
    let rel_hint = "the path is relative to the folder of the file that names it".to_string();
    if !is_toml(p) {
        return Some((
            format!("`{}` is not a .toml file", p.display()),
            "name the base scenario's .toml file".to_string(),
        ));
    }
    match std::fs::canonicalize(p) {
        Err(_) => Some((format!("no scenario file at `{}`", p.display()), rel_hint)),
        Ok(real) if !real.is_file() || !is_toml(&real) => Some((
            format!("`{}` is not a regular .toml file", p.display()),
            "name the base scenario's .toml file, not a link to another kind of file".to_string(),
        )),
        Ok(_) => None,
    }
}

fn read_top(ctx: &mut Ctx, doc: &DeTable, top: &TableReader, standalone: bool) -> Option<RawSweep> {
    if standalone {
        for (k, _) in doc.iter() {
            let key = k.get_ref().as_ref();
            if key != "sweep" {
                ctx.error(k.span(), key, format!("`{key}` next to a `[sweep]` that names its scenario"), "a sweep file with `scenario = ...` holds only `[sweep]`; move the scenario into its own file, or drop `scenario =` to sweep this file's own scenario".to_string());
            }
        }
    }
    if top.get("sweep").is_none() {
        ctx.error(0..0, "sweep", "no `[sweep]` table", "add `[sweep]` with `scenario`, `design` and `[[sweep.param]]` tables (see docs/src/sweeps-reference.md)".to_string());
        return None;
    }
    let raw = read::read(ctx, top)?;
    if raw.params.is_empty() {
        ctx.error(
            raw.span.clone(),
            "sweep.param",
            "the sweep varies nothing",
            "add a `[[sweep.param]]` with `path` and a variation such as `relative = 0.2`"
                .to_string(),
        );
    }
    Some(raw)
}

fn check_params(ctx: &mut Ctx, raw: &RawSweep, s: &Scenario) -> Vec<Parameter> {
    let mut out: Vec<Parameter> = Vec::new();
    let mut owner: Vec<(Target, String)> = Vec::new();
    for p in &raw.params {
        let (Some(path), Some((spec, _, _))) = (&p.path, &p.spec) else {
            continue;
        };
        let groups = match resolve(s, path.get_ref()) {
            Ok(g) if g.is_empty() => {
                ctx.error(path.span(), &format!("{}.path", p.key_path), format!("`{}` matches no number in the scenario", path.get_ref()), "a wildcard over dimensions matches only scores the scenario gives; name the dimension instead".to_string());
                continue;
            }
            Ok(g) => g,
            Err((msg, hint)) => {
                ctx.error(path.span(), &format!("{}.path", p.key_path), msg, hint);
                continue;
            }
        };
        let groups = if p.shared {
            vec![(
                path.get_ref().clone(),
                groups.into_iter().flat_map(|g| g.1).collect(),
            )]
        } else {
            groups
        };
        for (name, targets) in groups {
            for t in &targets {
                if let Some((_, first)) = owner.iter().find(|(o, _)| o == t) {
                    ctx.error(
                        path.span(),
                        &format!("{}.path", p.key_path),
                        format!("`{name}` is already varied by `{first}`"),
                        "vary each number once: narrow one of the patterns".to_string(),
                    );
                } else {
                    owner.push((t.clone(), name.clone()));
                }
            }
            let base: Vec<f64> = targets
                .iter()
                .map(|t| t.get(s).unwrap_or(f64::NAN))
                .collect();
            check_relative_base(ctx, p, spec, &name, &base);
            out.push(Parameter {
                name,
                targets,
                spec: spec.clone(),
                base,
            });
        }
    }
    out
}

fn check_relative_base(ctx: &mut Ctx, p: &RawParam, spec: &Spec, name: &str, base: &[f64]) {
    if spec.is_relative() && base.iter().any(|b| b.is_nan()) {
        let span = p.path.as_ref().map_or(p.span.clone(), |s| s.span());
        ctx.error(
            span,
            &format!("{}.path", p.key_path),
            format!("`{name}` is not set in the scenario, so it has no base value to perturb"),
            "give it a value in the scenario, or use `values`, `range` or a distribution"
                .to_string(),
        );
    }
}
