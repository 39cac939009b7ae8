//! Escaping text for Markdown, shared by every command that writes Markdown.
//!
//! Names and ids come from scenario files: a name like `<img onerror=...>` or
//! `*bold*` must show as typed in a Markdown viewer, never run or format.
//! CommonMark lets a backslash escape any ASCII punctuation, so every character
//! that could start HTML, emphasis, a link, a heading, a table cell or code is
//! escaped; line breaks and tabs become spaces so a name cannot start a new block.
//! Control and bidirectional characters are shown as escapes, as everywhere
//! ([`crate::fmt::escape_line`]): `\u{202e}`, written `\\u{202e}` here.

/// Escapes text for Markdown paragraphs, headings and table cells.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if crate::fmt::is_hostile(c) => {
                out.push('\\');
                out.push_str(&crate::fmt::escape_line(c.encode_utf8(&mut [0; 4])));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn html_and_markdown_metacharacters_are_escaped() {
        let e = escape("<script>alert(1)</script> *x* [a](b) | c\nd");
        assert!(!e.replace("\\<", "").contains('<'), "{e}");
        assert!(e.contains("\\<script\\>"), "{e}");
        assert!(e.contains("\\*x\\*"), "{e}");
        assert!(e.contains("\\|"), "{e}");
        assert!(!e.contains('\n'), "{e}");
    }

    #[test]
    fn control_and_bidi_characters_show_as_escapes() {
        let e = escape("txt\u{202e}exe\u{1b}[2J");
        assert_eq!(e, "txt\\\\u{202e}exe\\\\u{1b}\\[2J");
    }
}
