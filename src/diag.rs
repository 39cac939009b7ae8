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
    /// The source line, kept for rendering.
    pub source_line: String,
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
        Diagnostic {
            file: self.file.to_string(),
            line: line_idx + 1,
            column,
            span: start..end,
            path: path.to_string(),
            message: message.into(),
            hint,
            source_line: self.text[line_start..line_end].trim_end_matches('\r').to_string(),
        }
    }
}

fn clamp_to_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        writeln!(f, "  --> {}:{}:{}", self.file, self.line, self.column)?;
        let gutter = self.line.to_string().len();
        writeln!(f, "{:gutter$} |", "")?;
        let shown: String = self.source_line.chars().take(200).collect();
        writeln!(f, "{} | {}", self.line, shown)?;
        let width = self.source_line[..]
            .chars()
            .skip(self.column - 1)
            .take(self.span.len().max(1))
            .count()
            .clamp(1, 80);
        writeln!(
            f,
            "{:gutter$} | {}{}",
            "",
            " ".repeat((self.column - 1).min(200)),
            "^".repeat(width)
        )?;
        if !self.path.is_empty() {
            writeln!(f, "{:gutter$} = key: {}", "", self.path)?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "{:gutter$} = help: {}", "", hint)?;
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
    fn spans_past_the_end_do_not_panic() {
        let map = SourceMap::new("f", "x");
        let d = map.diag(10..20, "", "m", None);
        assert_eq!(d.line, 1);
    }
}
