//! Markdown: the same tables as the text report, for documents and issues.

use super::text::{notes, tables};
use super::SolveReport;
use crate::fmt::fmt_num;
use crate::md::escape;

/// A Markdown document (no timings: the output is reproducible).
pub fn render(r: &SolveReport) -> String {
    let mut out = format!(
        "# {}\n\n**Status:** {}",
        escape(&r.scenario),
        escape(&r.status)
    );
    if let Some(o) = r.objective {
        out.push_str(&format!(" · **objective** {}", fmt_num(o)));
    }
    out.push_str(&format!("\n\n{}\n", escape(&r.message)));
    for (title, t) in tables(r) {
        out.push_str(&format!("\n## {title}\n\n{}", t.to_markdown()));
    }
    for (title, lines) in notes(r) {
        out.push_str(&format!("\n## {title}\n\n"));
        for l in lines {
            out.push_str(&format!("- {}\n", escape(&l)));
        }
    }
    if let Some((title, sentence, table)) = super::pins::section(r) {
        out.push_str(&format!(
            "\n## {title}\n\n{}\n\n{}",
            escape(&sentence),
            table.to_markdown()
        ));
    }
    out
}
