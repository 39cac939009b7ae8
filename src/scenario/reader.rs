//! A typed walk over the spanned TOML tree that never stops at the first problem.
//!
//! serde's derive with `deny_unknown_fields` reports one error and gives up; a
//! planner with five typos would need five runs. This reader takes values out of
//! `toml::de::DeTable` (which keeps byte spans for every key and value), records a
//! diagnostic for every wrong type or unknown key (with the closest known key as a
//! suggestion) and carries on, so the loader can report everything at once.

use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diag::{closest, Diagnostic, SourceMap};

/// A value with the byte range it came from.
pub type S<T> = Spanned<T>;

/// Collects diagnostics against one source text.
pub struct Ctx<'a> {
    /// Line/column lookup for the text.
    pub map: SourceMap<'a>,
    /// Problems found so far.
    pub diags: Vec<Diagnostic>,
    /// Key paths that an unknown key was suggested to be (`capcity` -> `capacity`).
    pub suggested: Vec<String>,
}

impl<'a> Ctx<'a> {
    /// A context for `text`, read from `file`.
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Ctx {
            map: SourceMap::new(file, text),
            diags: Vec::new(),
            suggested: Vec::new(),
        }
    }

    /// Whether a problem at `path` is already reported (a bad value, or a typo
    /// of that key): a "missing key" diagnostic would only repeat it.
    pub fn already_reported(&self, path: &str) -> bool {
        self.suggested.iter().any(|p| p == path) || self.diags.iter().any(|d| d.path == path)
    }

    /// Records a problem.
    pub fn error(
        &mut self,
        span: Range<usize>,
        path: &str,
        message: impl Into<String>,
        hint: impl Into<Option<String>>,
    ) {
        let map = &self.map;
        crate::diag::push_capped(&mut self.diags, || {
            map.diag(span, path, message, hint.into())
        });
    }
}

/// Reads the keys of one table, remembering which were used.
pub struct TableReader<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Range<usize>,
    /// Key path of this table, e.g. `country[1]`.
    pub path: String,
    known: &'static [&'static str],
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl<'t, 'i> TableReader<'t, 'i> {
    /// A reader for `table` at `path`, whose allowed keys are `known`.
    pub fn new(
        table: &'t DeTable<'i>,
        span: Range<usize>,
        path: String,
        known: &'static [&'static str],
    ) -> Self {
        TableReader {
            table,
            span,
            path,
            known,
        }
    }

    /// The span of the whole table (or its header).
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// Path of `key` inside this table.
    pub fn key_path(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// The raw spanned value under `key`.
    pub fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    /// Records an unknown-key diagnostic for every key not in `known`.
    pub fn check_unknown(&self, ctx: &mut Ctx) {
        for (k, _) in self.table.iter() {
            let key = k.get_ref().as_ref();
            if self.known.contains(&key) {
                continue;
            }
            let hint = match closest(key, self.known.iter().copied()) {
                Some(c) => {
                    ctx.suggested.push(self.key_path(c));
                    format!(
                        "did you mean `{c}`? Known keys here: {}",
                        self.known.join(", ")
                    )
                }
                None => format!("remove it; known keys here: {}", self.known.join(", ")),
            };
            ctx.error(
                k.span(),
                &self.key_path(key),
                format!("unknown key `{key}`"),
                hint,
            );
        }
    }

    /// A number (integer or float) under `key`; NaN and infinities are rejected.
    pub fn number(&self, ctx: &mut Ctx, key: &str) -> Option<S<f64>> {
        let v = self.get(key)?;
        number_value(ctx, v, &self.key_path(key))
    }

    /// A string under `key`.
    pub fn string(&self, ctx: &mut Ctx, key: &str) -> Option<S<String>> {
        let v = self.get(key)?;
        string_value(ctx, v, &self.key_path(key))
    }

    /// A boolean under `key`.
    pub fn boolean(&self, ctx: &mut Ctx, key: &str) -> Option<S<bool>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(Spanned::new(v.span(), *b)),
            other => {
                wrong_type(
                    ctx,
                    v.span(),
                    &self.key_path(key),
                    "a boolean (true or false)",
                    other,
                );
                None
            }
        }
    }

    /// A sub-table under `key`, with its own allowed keys.
    pub fn table(
        &self,
        ctx: &mut Ctx,
        key: &str,
        known: &'static [&'static str],
    ) -> Option<TableReader<'t, 'i>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(TableReader::new(t, v.span(), self.key_path(key), known)),
            other => {
                wrong_type(ctx, v.span(), &self.key_path(key), "a table", other);
                None
            }
        }
    }

    /// An array under `key` (of any element type).
    pub fn array(&self, ctx: &mut Ctx, key: &str) -> Option<&'t [Spanned<DeValue<'i>>]> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Array(a) => Some(a),
            other => {
                wrong_type(ctx, v.span(), &self.key_path(key), "an array", other);
                None
            }
        }
    }

    /// A table of numbers under `key` (`{ US = 0.9, JP = 0.4 }`), in file order.
    pub fn number_map(&self, ctx: &mut Ctx, key: &str) -> Option<Vec<(S<String>, S<f64>)>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(number_map_value(ctx, t, &self.key_path(key))),
            other => {
                wrong_type(
                    ctx,
                    v.span(),
                    &self.key_path(key),
                    "a table of numbers",
                    other,
                );
                None
            }
        }
    }

    /// An array of strings under `key`.
    pub fn strings(&self, ctx: &mut Ctx, key: &str) -> Option<Vec<S<String>>> {
        let arr = self.array(ctx, key)?;
        let path = self.key_path(key);
        Some(
            arr.iter()
                .enumerate()
                .filter_map(|(i, v)| string_value(ctx, v, &format!("{path}[{i}]")))
                .collect(),
        )
    }

    /// Each element of an array of tables under `key`.
    pub fn tables(
        &self,
        ctx: &mut Ctx,
        key: &str,
        known: &'static [&'static str],
    ) -> Vec<TableReader<'t, 'i>> {
        let Some(arr) = self.array(ctx, key) else {
            return Vec::new();
        };
        let path = self.key_path(key);
        let mut out = Vec::new();
        for (i, v) in arr.iter().enumerate() {
            let p = format!("{path}[{i}]");
            match v.get_ref() {
                DeValue::Table(t) => out.push(TableReader::new(t, v.span(), p, known)),
                other => wrong_type(ctx, v.span(), &p, "a table", other),
            }
        }
        out
    }
}

/// Reads a table whose values must all be numbers.
pub fn number_map_value(ctx: &mut Ctx, t: &DeTable, path: &str) -> Vec<(S<String>, S<f64>)> {
    let mut out = Vec::new();
    for (k, v) in t.iter() {
        let key = k.get_ref().to_string();
        if has_control(&key) {
            control_error(ctx, k.span(), path);
            continue;
        }
        if let Some(n) = number_value(ctx, v, &join(path, &key)) {
            out.push((Spanned::new(k.span(), key), n));
        }
    }
    out
}

/// A spanned number, or a diagnostic.
pub fn number_value(ctx: &mut Ctx, v: &Spanned<DeValue>, path: &str) -> Option<S<f64>> {
    let parsed = match v.get_ref() {
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            i64::from_str_radix(&digits, i.radix())
                .ok()
                .map(|n| n as f64)
        }
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
        other => {
            wrong_type(ctx, v.span(), path, "a number", other);
            return None;
        }
    };
    match parsed {
        Some(n) if n.is_finite() => Some(Spanned::new(v.span(), n)),
        Some(_) => {
            ctx.error(
                v.span(),
                path,
                "numbers must be finite, found NaN or infinity",
                "write a finite number".to_string(),
            );
            None
        }
        None => {
            ctx.error(
                v.span(),
                path,
                "number out of range",
                "write a number between -1e18 and 1e18".to_string(),
            );
            None
        }
    }
}

/// A spanned string, or a diagnostic.
pub fn string_value(ctx: &mut Ctx, v: &Spanned<DeValue>, path: &str) -> Option<S<String>> {
    match v.get_ref() {
        DeValue::String(s) if has_control(s) => {
            control_error(ctx, v.span(), path);
            None
        }
        DeValue::String(s) => Some(Spanned::new(v.span(), s.to_string())),
        other => {
            wrong_type(ctx, v.span(), path, "a string", other);
            None
        }
    }
}

/// Whether text holds a control character other than a newline or a tab
/// (escape sequences in a name would reach terminals and reports).
pub fn has_control(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
}

fn control_error(ctx: &mut Ctx, span: Range<usize>, path: &str) {
    ctx.error(
        span,
        path,
        "control characters (such as escape, bell or carriage return) are not allowed in text",
        "remove them; write plain text".to_string(),
    );
}

/// Records a wrong-type diagnostic.
pub fn wrong_type(ctx: &mut Ctx, span: Range<usize>, path: &str, expected: &str, found: &DeValue) {
    let hint = match (expected, found) {
        ("a number", DeValue::String(_)) => "remove the quotes around the number".to_string(),
        ("a string", _) => "put the value in double quotes".to_string(),
        _ => format!("write {expected} here"),
    };
    ctx.error(
        span,
        path,
        format!("expected {expected}, found {}", found.type_str()),
        hint,
    );
}
