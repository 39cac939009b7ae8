//! A small table type rendered as aligned text or as a Markdown table.
//!
//! Text cells are shown with their control and bidirectional characters
//! escaped ([`crate::fmt::escape_line`]) before the columns are measured, so a
//! hostile name can neither rewrite the terminal nor break the alignment.

use crate::fmt::escape_line;

/// Rows of cells under a header.
pub struct Table {
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows (each as long as `headers`).
    pub rows: Vec<Vec<String>>,
    /// Columns aligned right (numbers).
    pub right: Vec<bool>,
}

impl Table {
    /// A table with these headers; numeric columns are those in `right`.
    pub fn new(headers: &[&str], right: &[usize]) -> Self {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            right: (0..headers.len()).map(|i| right.contains(&i)).collect(),
        }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn widths(&self) -> Vec<usize> {
        (0..self.headers.len())
            .map(|c| {
                self.rows
                    .iter()
                    .map(|r| escape_line(&r[c]).chars().count())
                    .chain([escape_line(&self.headers[c]).chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    }

    fn line(&self, cells: &[String], widths: &[usize], sep: &str) -> String {
        let parts: Vec<String> = cells
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(c, (cell, w))| {
                let cell = escape_line(cell);
                let pad = w.saturating_sub(cell.chars().count());
                if self.right[c] {
                    format!("{}{cell}", " ".repeat(pad))
                } else {
                    format!("{cell}{}", " ".repeat(pad))
                }
            })
            .collect();
        parts.join(sep)
    }

    /// Aligned plain text.
    pub fn to_text(&self) -> String {
        let w = self.widths();
        let mut out = self.line(&self.headers, &w, "  ").trim_end().to_string();
        out.push('\n');
        let rule: Vec<String> = w.iter().map(|n| "-".repeat(*n)).collect();
        out.push_str(&rule.join("  "));
        out.push('\n');
        for r in &self.rows {
            out.push_str(self.line(r, &w, "  ").trim_end());
            out.push('\n');
        }
        out
    }

    /// A Markdown (GitHub) table; HTML and Markdown metacharacters in cells
    /// are escaped ([`crate::md::escape`]).
    pub fn to_markdown(&self) -> String {
        let esc = |s: &String| crate::md::escape(s);
        let mut out = format!(
            "| {} |\n",
            self.headers.iter().map(esc).collect::<Vec<_>>().join(" | ")
        );
        let rule: Vec<&str> = self
            .right
            .iter()
            .map(|r| if *r { "---:" } else { "---" })
            .collect();
        out.push_str(&format!("| {} |\n", rule.join(" | ")));
        for r in &self.rows {
            out.push_str(&format!(
                "| {} |\n",
                r.iter().map(esc).collect::<Vec<_>>().join(" | ")
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_columns_align_and_markdown_escapes_pipes() {
        let mut t = Table::new(&["a", "n"], &[1]);
        t.row(vec!["long|name".into(), "1".into()]);
        t.row(vec!["x".into(), "100".into()]);
        let text = t.to_text();
        assert!(text.contains("x          100"), "{text}");
        assert!(text.contains("long|name    1"), "{text}");
        assert!(t.to_markdown().contains("long\\|name"));
    }

    #[test]
    fn text_cells_show_control_and_bidi_characters_as_escapes() {
        let mut t = Table::new(&["a", "n"], &[1]);
        t.row(vec!["x\u{202e}y\u{1b}".into(), "1".into()]);
        t.row(vec!["z".into(), "2".into()]);
        let text = t.to_text();
        assert!(text.contains("x\\u{202e}y\\u{1b}  1"), "{text}");
        assert!(text.contains("z                 2"), "{text}");
    }
}
