//! The OR-Library GAP file format, read as one stream of whitespace-separated tokens.
//!
//! Line breaks carry no meaning in these files (other copies of the same data
//! wrap rows every 12 numbers), so the reader never relies on them for values.
//! Every problem becomes a [`Diagnostic`] naming the line, the column and the
//! value that was expected there (`a[4][12]`, the resource of agent 4 for job 12);
//! every non-number is reported, not only the first. When a count is wrong and
//! the file keeps one agent row per line, [`super::layout`] points at the line
//! whose length is off, since a missing value shifts everything after it.

use std::ops::Range;

use super::{instance_name, GapInstance, Sense};
use crate::diag::{Diagnostic, SourceMap};
use crate::error::Error;

/// At most this many non-number diagnostics before the reader gives up.
const MAX_VALUE_ERRORS: usize = 20;

/// One whitespace-separated token and its byte range.
#[derive(Clone, Debug)]
pub(super) struct Tok<'a> {
    pub text: &'a str,
    pub span: Range<usize>,
}

/// Splits `text` on ASCII whitespace, keeping byte offsets.
pub(super) fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, b) in text.bytes().enumerate() {
        match (b.is_ascii_whitespace(), start) {
            (true, Some(s)) => {
                out.push(Tok {
                    text: &text[s..i],
                    span: s..i,
                });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Tok {
            text: &text[s..],
            span: s..text.len(),
        });
    }
    out
}

/// What a token stands for.
#[derive(Clone, Copy, Debug)]
enum Role {
    Count,
    Agents,
    Jobs,
    Value(usize, usize),
    Resource(usize, usize),
    Capacity(usize),
}

/// Why reading stopped early (the diagnostic is already recorded).
struct Stop;

struct Reader<'t> {
    map: SourceMap<'t>,
    toks: Vec<Tok<'t>>,
    pos: usize,
    sense: Sense,
    single: bool,
    diags: Vec<Diagnostic>,
}

impl<'t> Reader<'t> {
    fn describe(&self, role: Role, k: usize) -> String {
        let w = self.sense.value_word();
        match role {
            Role::Count => "the number of instances P".into(),
            Role::Agents => format!("the number of agents m of instance {k}"),
            Role::Jobs => format!("the number of jobs n of instance {k}"),
            Role::Value(i, j) => {
                format!("the {w} c[{i}][{j}] (agent {i}, job {j}) of instance {k}")
            }
            Role::Resource(i, j) => {
                format!("the resource a[{i}][{j}] (agent {i}, job {j}) of instance {k}")
            }
            Role::Capacity(i) => format!("the capacity b[{i}] of agent {i} of instance {k}"),
        }
    }

    fn key(role: Role, k: usize) -> String {
        match role {
            Role::Count => "P".into(),
            Role::Agents => format!("instance {k}: m"),
            Role::Jobs => format!("instance {k}: n"),
            Role::Value(i, j) => format!("instance {k}: c[{i}][{j}]"),
            Role::Resource(i, j) => format!("instance {k}: a[{i}][{j}]"),
            Role::Capacity(i) => format!("instance {k}: b[{i}]"),
        }
    }

    fn error(&mut self, span: Range<usize>, key: &str, message: String, hint: String) {
        let map = &self.map;
        crate::diag::push_capped(&mut self.diags, || map.diag(span, key, message, Some(hint)));
    }

    /// Span of the last token (where a truncated file ends).
    fn end_span(&self) -> Range<usize> {
        self.toks.last().map_or(0..0, |t| t.span.clone())
    }

    fn line_of(&self, tok: usize) -> usize {
        self.map
            .diag(self.toks[tok].span.clone(), "", "", None)
            .line
    }

    /// Reads the next token as a number; a non-number is recorded and read as 0.
    fn number(&mut self, role: Role, k: usize) -> Result<u64, Stop> {
        let Some(tok) = self.toks.get(self.pos).cloned() else {
            let msg = format!(
                "the file ends here, but {} was expected next",
                self.describe(role, k)
            );
            self.error(
                self.end_span(),
                &Self::key(role, k),
                msg,
                "restore the missing values (or correct the counts that announce them)".into(),
            );
            return Err(Stop);
        };
        self.pos += 1;
        match tok.text.parse::<u64>() {
            Ok(v) if v <= u64::from(u32::MAX) => Ok(v),
            parsed => {
                let what = self.describe(role, k);
                let found = tok.text.chars().take(40).collect::<String>();
                let msg = match parsed {
                    Ok(_) => format!("expected {what}, found `{found}`, which is too large"),
                    Err(_) => format!("expected {what} as a whole number >= 0, found `{found}`"),
                };
                self.error(tok.span.clone(), &Self::key(role, k), msg, "GAP files hold whole numbers from 0 to 4294967295 separated by whitespace; correct this value".into());
                if self.diags.len() >= MAX_VALUE_ERRORS {
                    return Err(Stop);
                }
                Ok(0)
            }
        }
    }

    /// Reads a header number: a non-number there makes the rest unreadable.
    fn header(&mut self, role: Role, k: usize) -> Result<usize, Stop> {
        let before = self.diags.len();
        let v = self.number(role, k)?;
        if self.diags.len() > before {
            return Err(Stop);
        }
        if v == 0 {
            let span = self.toks[self.pos - 1].span.clone();
            let msg = format!("{} is 0", self.describe(role, k));
            self.error(span, &Self::key(role, k), msg, "a GAP instance needs at least one agent and one job (and a file at least one instance)".into());
            return Err(Stop);
        }
        Ok(v as usize)
    }
}

/// Whether the tokens form one instance without a leading P: exactly `2 + 2mn + m`
/// of them, with m and n at least 1 (`1 0 5` is P = 1 with m = 0, not m = 1, n = 0).
fn looks_single(toks: &[Tok]) -> bool {
    let num = |i: usize| toks.get(i).and_then(|t| t.text.parse::<u128>().ok());
    match (num(0), num(1)) {
        (Some(m), Some(n)) if (1..1 << 32).contains(&m) && (1..1 << 32).contains(&n) => {
            2 + 2 * m * n + m == toks.len() as u128
        }
        _ => false,
    }
}

/// Parses the text of a GAP file. `shown` names the file in diagnostics, `base`
/// (its base name) gives instance names.
pub fn parse(text: &str, shown: &str, base: &str, sense: Sense) -> Result<Vec<GapInstance>, Error> {
    let toks = tokenize(text);
    let single = looks_single(&toks);
    let mut r = Reader {
        map: SourceMap::new(shown, text),
        toks,
        pos: 0,
        sense,
        single,
        diags: Vec::new(),
    };
    let mut out = Vec::new();
    let read = read_all(&mut r, base, &mut out);
    if read.is_ok() && r.diags.is_empty() && r.pos < r.toks.len() {
        report_extra(&mut r, out.len());
    }
    if r.diags.is_empty() {
        Ok(out)
    } else {
        if read.is_err() || r.pos < r.toks.len() {
            add_layout_hint(&mut r, text);
        }
        Err(Error::Invalid {
            diagnostics: r.diags,
        })
    }
}

fn read_all(r: &mut Reader, base: &str, out: &mut Vec<GapInstance>) -> Result<(), Stop> {
    if r.toks.is_empty() {
        r.error(
            0..0,
            "P",
            "the file is empty".into(),
            "an OR-Library GAP file starts with P (instances), then m n and the data of each"
                .into(),
        );
        return Err(Stop);
    }
    let count = if r.single {
        1
    } else {
        r.header(Role::Count, 0)?
    };
    for k in 1..=count {
        if !r.single && r.pos == r.toks.len() {
            let msg = format!("the file ends after instance {}, but P = {count} on line 1 announces {count} instances", k - 1);
            let hint = format!("set P to {} or restore the missing instances", k - 1);
            r.error(r.end_span(), "P", msg, hint);
            return Err(Stop);
        }
        let inst = read_instance(r, base, k)?;
        out.push(inst);
    }
    Ok(())
}

fn read_instance(r: &mut Reader, base: &str, k: usize) -> Result<GapInstance, Stop> {
    let header_tok = r.pos;
    let m = r.header(Role::Agents, k)?;
    let n = r.header(Role::Jobs, k)?;
    let need = 2 * (m as u128) * (n as u128) + m as u128;
    let left = (r.toks.len() - r.pos) as u128;
    if need > left {
        report_truncated(r, k, header_tok, (m, n), left);
        return Err(Stop);
    }
    let matrix = |r: &mut Reader, resource: bool| -> Result<Vec<Vec<u64>>, Stop> {
        (1..=m)
            .map(|i| {
                (1..=n)
                    .map(|j| {
                        r.number(
                            if resource {
                                Role::Resource(i, j)
                            } else {
                                Role::Value(i, j)
                            },
                            k,
                        )
                    })
                    .collect()
            })
            .collect()
    };
    let value = matrix(r, false)?;
    let resource = matrix(r, true)?;
    let capacity = (1..=m)
        .map(|i| r.number(Role::Capacity(i), k))
        .collect::<Result<_, _>>()?;
    let file = base.to_string();
    let name = instance_name(&file, m, n, k, r.single);
    Ok(GapInstance {
        name,
        file,
        index: k,
        sense: r.sense,
        value,
        resource,
        capacity,
    })
}

fn report_truncated(
    r: &mut Reader,
    k: usize,
    header_tok: usize,
    (m, n): (usize, usize),
    left: u128,
) {
    let line = r.line_of(header_tok);
    let msg = format!(
        "the file ends too early: instance {k} (header `{m} {n}` on line {line}) needs 2·m·n + m = {} values after its header, but only {left} follow",
        2 * (m as u128) * (n as u128) + m as u128
    );
    let mut hint = "restore the missing values, or correct m and n if they are wrong".to_string();
    if k == 1 && !r.single {
        if let (Ok(m0), Ok(n0)) = (
            r.toks[0].text.parse::<u128>(),
            r.toks[1].text.parse::<u128>(),
        ) {
            hint.push_str(&format!(
                "; if this is a single-instance file (no leading P, like the type E files), it must hold 2 + 2·m·n + m = {} values for m = {m0}, n = {n0}, and it holds {}",
                2 + 2 * m0 * n0 + m0,
                r.toks.len()
            ));
        }
    }
    r.error(r.end_span(), &format!("instance {k}"), msg, hint);
}

fn report_extra(r: &mut Reader, count: usize) {
    let extra = r.toks.len() - r.pos;
    let tok = r.toks[r.pos].clone();
    let msg = format!("unexpected value `{}`: the {count} instance(s) announced by P on line 1 end before it ({extra} value(s) left over)", tok.text);
    let hint = "raise P if the file holds more instances; otherwise look for a row with too many values, or a wrong m or n".to_string();
    r.error(tok.span, "P", msg, hint);
}

fn add_layout_hint(r: &mut Reader, text: &str) {
    if let Some(h) = super::layout::hint(text, r.single) {
        if let Some(d) = r.diags.last_mut() {
            let old = d.hint.take().unwrap_or_default();
            d.hint = Some(format!("{old}. Likely cause: {h}"));
        }
    }
}
