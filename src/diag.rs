//! Diagnostics a person can act on.
//!
//! Every problem found in an input file becomes one [`Diagnostic`]: the file, the
//! line and column, the key path (`country[2].capacity`), what is wrong and how
//! to fix it. Loaders collect all of them before giving up, so a user with five
//! typos sees five diagnostics in one run (the cargo-deny habit).

use std::fmt;
use std::ops::Range;

/// One problem in an input file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The file the problem is in, as the user named it.
    pub file: String,
    /// 1-based line of the offending value or key.
    pub line: usize,
    /// 1-based column (in characters) of the offending value or key.
    pub column: usize,
    /// Byte range of the offending text, used to underline it.
    pub span: Range<usize>,
    /// Key path, e.g. `country[2].capacity`; empty for syntax errors.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// A window of the source line around the span (at most [`WINDOW`]
    /// characters), kept for rendering; a long line is never copied whole.
    pub source_line: String,
    /// 1-based column of the line at which `source_line` starts.
    pub window_column: usize,
    /// For a spreadsheet, the cell (`capabilities!C7`); `line` is then 0 and
    /// `source_line` holds the cell's content.
    pub cell: Option<String>,
}

impl Diagnostic {
    /// A problem in one spreadsheet cell (or a whole sheet: `cell` = `countries`).
    pub fn at_cell(
        file: &str,
        cell: &str,
        content: &str,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Diagnostic {
        let source_line: String = content.chars().take(WINDOW).map(printable).collect();
        Diagnostic {
            file: file.to_string(),
            line: 0,
            column: 0,
            span: 0..content.len().min(WINDOW),
            path: String::new(),
            message: message.into(),
            hint,
            source_line,
            window_column: 1,
            cell: Some(cell.to_string()),
        }
    }

    fn fmt_cell(&self, f: &mut fmt::Formatter<'_>, cell: &str) -> fmt::Result {
        writeln!(f, "error: {}", escape_control(&self.message))?;
        writeln!(
            f,
            "  --> {}, {}",
            escape_control(&self.file),
            escape_control(cell)
        )?;
        if !self.source_line.is_empty() {
            writeln!(f, "   | {}", self.source_line)?;
            let width = self.source_line.chars().count().clamp(1, 80);
            writeln!(f, "   | {}", "^".repeat(width))?;
        }
        if !self.path.is_empty() {
            writeln!(f, "   = key: {}", escape_control(&self.path))?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "   = help: {}", escape_control(hint))?;
        }
        Ok(())
    }
}

/// Characters of the source line a diagnostic keeps around its span.
pub const WINDOW: usize = 120;
/// Characters kept before the span's start.
const BEFORE: usize = 40;

/// Diagnostics a reader lists before it stops collecting (the last one says so).
pub const MAX_DIAGNOSTICS: usize = 200;

/// Adds the diagnostic `make` builds, unless [`MAX_DIAGNOSTICS`] are already
/// listed: the next one says the rest are not listed, later ones are dropped
/// (and never built, so a file with a million problems stays cheap).
pub fn push_capped(diags: &mut Vec<Diagnostic>, make: impl FnOnce() -> Diagnostic) {
    match diags.len() {
        n if n < MAX_DIAGNOSTICS => diags.push(make()),
        n if n == MAX_DIAGNOSTICS => {
            let mut d = make();
            d.message = format!("more than {MAX_DIAGNOSTICS} problems: the rest are not listed");
            d.hint = Some("fix these and run again".to_string());
            d.path.clear();
            diags.push(d);
        }
        _ => {}
    }
}

/// Maps byte offsets of one text to line and column numbers.
#[derive(Debug, Clone)]
pub struct SourceMap<'a> {
    file: &'a str,
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> SourceMap<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(file: &'a str, text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceMap {
            file,
            text,
            line_starts,
        }
    }

    /// Builds a diagnostic located at `span`.
    pub fn diag(
        &self,
        span: Range<usize>,
        path: &str,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Diagnostic {
        let start = clamp_to_char_boundary(self.text, span.start.min(self.text.len()));
        let end = clamp_to_char_boundary(self.text, span.end.clamp(start, self.text.len()));
        let line_idx = match self.line_starts.binary_search(&start) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.line_starts[line_idx];
        let line_end = self.text[line_start..]
            .find('\n')
            .map_or(self.text.len(), |i| line_start + i);
        let column = self.text[line_start..start].chars().count() + 1;
        let window_start = (column - 1).saturating_sub(BEFORE);
        let source_line: String = self.text[line_start..line_end]
            .trim_end_matches('\r')
            .chars()
            .skip(window_start)
            .take(WINDOW)
            .map(printable)
            .collect();
        Diagnostic {
            file: self.file.to_string(),
            line: line_idx + 1,
            column,
            span: start..end,
            path: path.to_string(),
            message: message.into(),
            hint,
            source_line,
            window_column: window_start + 1,
            cell: None,
        }
    }
}

fn clamp_to_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A character as shown in a quoted source line: control characters (which
/// could move the cursor or retitle a terminal) and bidirectional controls
/// (which could make the line read backwards) become U+FFFD, tabs a space, so
/// the underline stays aligned.
fn printable(c: char) -> char {
    match c {
        '\t' => ' ',
        c if crate::fmt::is_hostile(c) => '\u{fffd}',
        c => c,
    }
}

/// Text from the input (keys, values, file names) with control and
/// bidirectional characters escaped ([`crate::fmt::escape_line`]).
pub fn escape_control(text: &str) -> String {
    crate::fmt::escape_line(text).into_owned()
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(cell) = &self.cell {
            return self.fmt_cell(f, cell);
        }
        writeln!(f, "error: {}", escape_control(&self.message))?;
        let file = escape_control(&self.file);
        writeln!(f, "  --> {file}:{}:{}", self.line, self.column)?;
        let gutter = self.line.to_string().len();
        writeln!(f, "{:gutter$} |", "")?;
        let cut_before = self.window_column > 1;
        let lead = if cut_before { "…" } else { "" };
        writeln!(f, "{} | {lead}{}", self.line, self.source_line)?;
        let offset = self.column.saturating_sub(self.window_column) + usize::from(cut_before);
        let width = self
            .source_line
            .chars()
            .skip(self.column.saturating_sub(self.window_column))
            .take(self.span.len().max(1))
            .count()
            .clamp(1, 80);
        writeln!(
            f,
            "{:gutter$} | {}{}",
            "",
            " ".repeat(offset),
            "^".repeat(width)
        )?;
        if !self.path.is_empty() {
            writeln!(f, "{:gutter$} = key: {}", "", escape_control(&self.path))?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "{:gutter$} = help: {}", "", escape_control(hint))?;
        }
        Ok(())
    }
}

/// Renders a list of diagnostics, followed by a count line.
pub fn render_all(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    let n = diags.len();
    if n > MAX_DIAGNOSTICS {
        // the last one is the cap's own note: more were found than are listed
        out.push_str(&format!("more than {MAX_DIAGNOSTICS} problems found\n"));
        return out;
    }
    out.push_str(&format!(
        "{} problem{} found\n",
        n,
        if n == 1 { "" } else { "s" }
    ));
    out
}

/// The closest candidate to `word`, if one is close enough to be a likely typo.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_capped_list_does_not_count_its_own_note_as_a_problem() {
        let mut diags = Vec::new();
        for k in 0..MAX_DIAGNOSTICS + 50 {
            push_capped(&mut diags, || {
                Diagnostic::at_cell(
                    "f.csv",
                    &format!("A{}", k + 1),
                    "x",
                    format!("problem {k}"),
                    None,
                )
            });
        }
        let text = render_all(&diags);
        assert!(
            text.ends_with(&format!("more than {MAX_DIAGNOSTICS} problems found\n")),
            "{text}"
        );
        let one = render_all(&diags[..1]);
        assert!(one.ends_with("1 problem found\n"), "{one}");
    }
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let text = "a = 1\nbé = -2\n";
        let map = SourceMap::new("f.toml", text);
        let at = text.find("-2").unwrap();
        let d = map.diag(at..at + 2, "bé", "negative", None);
        assert_eq!((d.line, d.column), (2, 6));
        assert_eq!(d.source_line, "bé = -2");
    }

    #[test]
    fn closest_suggests_typos_only() {
        let keys = ["capacity", "budget", "name"];
        assert_eq!(closest("capcity", keys), Some("capacity"));
        assert_eq!(closest("zzz", keys), None);
    }

    #[test]
    fn a_long_line_is_quoted_as_a_window_around_the_span() {
        let text = format!(
            "x = [{}\"bad\"{}]",
            "1, ".repeat(50_000),
            ", 2".repeat(50_000)
        );
        let map = SourceMap::new("f.toml", &text);
        let at = text.find("\"bad\"").unwrap();
        let d = map.diag(at..at + 5, "x", "not a number", None);
        assert!(d.source_line.chars().count() <= WINDOW);
        assert!(d.source_line.contains("\"bad\""));
        let shown = d.to_string();
        let quoted = shown.lines().nth(3).unwrap();
        let caret = shown.lines().nth(4).unwrap();
        let col = caret.find('^').unwrap();
        assert_eq!(
            &quoted[quoted
                .char_indices()
                .nth(caret[..col].chars().count())
                .unwrap()
                .0..][..5],
            "\"bad\""
        );
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let text = "name = \"\u{1b}]0;pwned\u{7}\u{1b}[2J\"";
        let map = SourceMap::new("f.toml", text);
        let d = map.diag(7..text.len(), "name", "bad \u{1b}[2J name", None);
        let shown = d.to_string();
        assert!(
            !shown.chars().any(|c| c.is_control() && c != '\n'),
            "{shown:?}"
        );
    }

    #[test]
    fn diagnostics_stop_being_collected_past_the_cap() {
        let map = SourceMap::new("f", "x");
        let mut diags = Vec::new();
        for _ in 0..MAX_DIAGNOSTICS + 50 {
            push_capped(&mut diags, || map.diag(0..1, "k", "m", None));
        }
        assert_eq!(diags.len(), MAX_DIAGNOSTICS + 1);
        assert!(diags
            .last()
            .unwrap()
            .message
            .contains("the rest are not listed"));
    }

    #[test]
    fn spans_past_the_end_do_not_panic() {
        let map = SourceMap::new("f", "x");
        let d = map.diag(10..20, "", "m", None);
        assert_eq!(d.line, 1);
    }
}
