//! One self-contained HTML file: inline CSS, charts inline as SVG, no script, no network.
//!
//! Every text from the blocks is escaped here; the SVG charts escape their own
//! text (plotters writes `&lt;` in `<text>`). A Content-Security-Policy meta tag
//! forbids scripts and every fetch, so even a broken escape could not run code
//! or load anything. The output has no timestamp: the same inputs give the same bytes.

use super::{Block, Drawn, Inline};
use crate::chart::ChartKind;

const STYLE: &str = "
:root { color-scheme: light; }
body { font-family: 'DejaVu Sans', 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; color: #1a1a1a;
  background: #fff; margin: 0; line-height: 1.5; }
main { max-width: 1180px; margin: 0 auto; padding: 32px 40px 64px; }
h1 { font-size: 30px; margin: 0 0 8px; }
h2 { font-size: 22px; margin: 40px 0 8px; padding-top: 12px; border-top: 2px solid #1a1a1a; }
h3 { font-size: 17px; margin: 28px 0 6px; }
p, li { font-size: 15px; max-width: 900px; }
nav { font-size: 14px; color: #595959; margin: 12px 0 0; }
nav a { color: #0b5394; margin-right: 14px; text-decoration: none; }
table { border-collapse: collapse; margin: 10px 0 18px; font-size: 13.5px; }
th, td { padding: 5px 10px; border-bottom: 1px solid #d0d0d0; text-align: left; vertical-align: top; }
th { border-bottom: 2px solid #1a1a1a; font-weight: 600; }
tbody tr:nth-child(even) { background: #f4f5f7; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 16px 0 24px; }
figure svg { max-width: 100%; height: auto; display: block; border: 1px solid #e4e4e4; }
figcaption, .note { font-size: 13.5px; color: #595959; margin-top: 6px; }
.missing { font-size: 14px; color: #595959; border: 1px dashed #bbb; padding: 12px; }
footer { margin-top: 48px; font-size: 12.5px; color: #777; }
h1 ~ h1 { margin-top: 56px; padding-top: 16px; border-top: 4px double #1a1a1a; }
@media print { main { padding: 0; } h2 { break-before: auto; } h1 ~ h1 { break-before: page; } figure, table { break-inside: avoid; } }
";

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let s = crate::fmt::escape_block(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn inline(parts: &[Inline]) -> String {
    parts
        .iter()
        .map(|p| match p {
            Inline::Text(t) => escape(t),
            Inline::Strong(t) => format!("<strong>{}</strong>", escape(t)),
        })
        .collect()
}

fn slug(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while out.contains("--") {
        out = out.replace("--", "-");
    }
    out.trim_matches('-').to_string()
}

fn table(headers: &[String], rows: &[Vec<String>], numeric: &[usize]) -> String {
    let class = |k: usize| {
        if numeric.contains(&k) {
            " class=\"num\""
        } else {
            ""
        }
    };
    let mut out = String::from("<table>\n<thead><tr>");
    for (k, h) in headers.iter().enumerate() {
        out.push_str(&format!("<th{}>{}</th>", class(k), escape(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for (k, cell) in row.iter().enumerate() {
            out.push_str(&format!("<td{}>{}</td>", class(k), escape(cell)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

fn figure(kind: ChartKind, caption: &str, charts: &[(ChartKind, Drawn)]) -> String {
    let body = match charts.iter().find(|(k, _)| *k == kind).map(|(_, d)| d) {
        Some(Drawn::Chart(c)) => {
            let svg = String::from_utf8_lossy(&c.bytes);
            let label = format!("<svg role=\"img\" aria-label=\"{}\" ", escape(caption));
            svg.replacen("<svg ", &label, 1)
        }
        Some(Drawn::Missing(why)) => format!(
            "<p class=\"missing\">No {} chart: {}</p>",
            kind.name(),
            escape(why)
        ),
        None => String::new(),
    };
    format!(
        "<figure>\n{body}\n<figcaption>{}</figcaption>\n</figure>\n",
        escape(caption)
    )
}

fn block(b: &Block, charts: &[(ChartKind, Drawn)]) -> String {
    match b {
        Block::Heading(level, t) => {
            format!("<h{level} id=\"{}\">{}</h{level}>\n", slug(t), escape(t))
        }
        Block::Para(parts) => format!("<p>{}</p>\n", inline(parts)),
        Block::List(items) => {
            let lis: String = items
                .iter()
                .map(|i| format!("<li>{}</li>\n", inline(i)))
                .collect();
            format!("<ul>\n{lis}</ul>\n")
        }
        Block::Table {
            headers,
            rows,
            numeric,
        } => table(headers, rows, numeric),
        Block::Chart(kind, caption) => figure(*kind, caption, charts),
        Block::Note(t) => format!("<p class=\"note\">{}</p>\n", escape(t)),
    }
}

fn contents(blocks: &[Block]) -> String {
    let links: String = blocks
        .iter()
        .skip(1)
        .filter_map(|b| match b {
            Block::Heading(1 | 2, t) => Some(format!("<a href=\"#{}\">{}</a>", slug(t), escape(t))),
            _ => None,
        })
        .collect();
    format!("<nav>{links}</nav>\n")
}

/// The whole document.
pub fn render(title: &str, blocks: &[Block], charts: &[(ChartKind, Drawn)]) -> String {
    let mut body = String::new();
    for (k, b) in blocks.iter().enumerate() {
        body.push_str(&block(b, charts));
        if k == 0 {
            body.push_str(&contents(blocks));
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"leadplan {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}\
         <footer>Made with leadplan {} from the scenario file and sweep results named above. Charts are SVG; the file needs no network.</footer>\n\
         </main>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        escape(title),
        env!("CARGO_PKG_VERSION")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_escaped_and_nothing_else_is() {
        let blocks = vec![
            Block::Heading(1, "<script>alert(1)</script>".into()),
            Block::Para(vec![
                Inline::Strong("a & b".into()),
                Inline::Text(" \"q\" 'x'".into()),
            ]),
            Block::Table {
                headers: vec!["<th>".into()],
                rows: vec![vec!["<img src=x onerror=alert(1)>".into()]],
                numeric: vec![],
            },
        ];
        let html = render("<title>", &blocks, &[]);
        assert!(
            !html.contains("<script>alert") && !html.contains("<img src=x"),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("<strong>a &amp; b</strong> &quot;q&quot; &#39;x&#39;"));
        assert!(html.contains("<title>&lt;title&gt;</title>"));
    }

    #[test]
    fn headings_get_ascii_anchors_for_the_contents() {
        assert_eq!(
            slug("Leads, runner-ups and the cost"),
            "leads-runner-ups-and-the-cost"
        );
    }
}
