//! Markdown with PNG charts beside it, for people who paste into documents.
//!
//! Charts become `![caption](STEM-KIND.png)` links to files written next to the
//! Markdown file. Text is escaped with backslashes (CommonMark escapes any ASCII
//! punctuation), so a name like `<script>` or `*bold*` shows as typed.

use super::{Block, Drawn, Inline};
use crate::chart::ChartKind;

/// Escapes text for Markdown (paragraphs and table cells).
pub fn escape(s: &str) -> String {
    crate::md::escape(s)
}

fn inline(parts: &[Inline]) -> String {
    parts
        .iter()
        .map(|p| match p {
            Inline::Text(t) => escape(t),
            Inline::Strong(t) => {
                // Emphasis markers must touch the text: keep surrounding spaces outside them.
                let lead = &t[..t.len() - t.trim_start().len()];
                let trail = &t[t.trim_end().len()..];
                format!("{lead}**{}**{trail}", escape(t.trim()))
            }
        })
        .collect()
}

fn table(headers: &[String], rows: &[Vec<String>], numeric: &[usize]) -> String {
    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    let mut out = line(headers.iter().map(|h| escape(h)).collect());
    out.push_str(&line(
        (0..headers.len())
            .map(|k| {
                if numeric.contains(&k) {
                    "---:".to_string()
                } else {
                    "---".to_string()
                }
            })
            .collect(),
    ));
    for row in rows {
        out.push_str(&line(row.iter().map(|c| escape(c)).collect()));
    }
    out
}

/// The file name of a chart next to the report `stem`.
pub fn image_name(stem: &str, kind: ChartKind) -> String {
    format!("{stem}-{}.png", kind.name())
}

fn block(b: &Block, stem: &str, charts: &[(ChartKind, Drawn)]) -> String {
    match b {
        Block::Heading(level, t) => format!("{} {}\n", "#".repeat(*level as usize), escape(t)),
        Block::Para(parts) => format!("{}\n", inline(parts)),
        Block::List(items) => items.iter().map(|i| format!("- {}\n", inline(i))).collect(),
        Block::Table {
            headers,
            rows,
            numeric,
        } => table(headers, rows, numeric),
        Block::Chart(kind, caption) => match charts.iter().find(|(k, _)| k == kind).map(|(_, d)| d)
        {
            Some(Drawn::Chart(_)) => format!(
                "![{}]({})\n\n*{}*\n",
                escape(caption),
                image_name(stem, *kind),
                escape(caption)
            ),
            Some(Drawn::Missing(why)) => format!("*No {} chart: {}*\n", kind.name(), escape(why)),
            None => String::new(),
        },
        Block::Note(t) => format!("*{}*\n", escape(t)),
    }
}

/// The Markdown text; `stem` names the chart files.
pub fn render(blocks: &[Block], stem: &str, charts: &[(ChartKind, Drawn)]) -> String {
    let parts: Vec<String> = blocks.iter().map(|b| block(b, stem, charts)).collect();
    let mut out = parts.join("\n");
    out.push_str(&format!(
        "\n*Made with leadplan {}.*\n",
        env!("CARGO_PKG_VERSION")
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_names_is_escaped() {
        assert_eq!(escape("<script>*x*|y"), "\\<script\\>\\*x\\*\\|y");
        let md = render(&[Block::Heading(1, "A_B".into())], "r", &[]);
        assert!(md.starts_with("# A\\_B\n"), "{md}");
        let strong = inline(&[
            Inline::Strong("Plan: ".into()),
            Inline::Text("optimal".into()),
        ]);
        assert_eq!(strong, "**Plan:** optimal");
    }

    #[test]
    fn numeric_columns_align_right() {
        let t = table(
            &["a".into(), "n".into()],
            &[vec!["x".into(), "1".into()]],
            &[1],
        );
        assert_eq!(t, "| a | n |\n| --- | ---: |\n| x | 1 |\n");
    }
}
