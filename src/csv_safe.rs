//! CSV cells that a spreadsheet will not run as a formula.
//!
//! A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is
//! read by Excel, LibreOffice and Google Sheets as a formula (OWASP's "CSV
//! injection"): an id such as `=HYPERLINK(...)` would become a live link. Every
//! CSV leadplan writes passes its *text* cells (ids, names, domains, lead lists,
//! messages, headers) through [`neutralise`], which prefixes such a cell with a
//! single quote `'`; a cell that already starts with `'` gets one more, so the
//! rule can be undone exactly by [`restore`] (drop one leading `'`). Numeric
//! cells are written as numbers and never changed: `-2.5` stays `-2.5`.
//!
//! A text cell's control and bidirectional characters are escaped first
//! ([`crate::fmt::escape_block`]: `\u{202e}`), newlines and tabs aside, so a
//! cell can neither rewrite a terminal that prints the file nor read
//! backwards in a spreadsheet; [`restore`] does not undo that escape.

use std::borrow::Cow;

/// Whether a spreadsheet could read `text` as a formula (or it starts with `'`).
fn needs_quote(text: &str) -> bool {
    matches!(
        text.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'')
    )
}

/// The text cell as written: control and bidirectional characters escaped,
/// then `'` prefixed when it starts with `= + - @`, a tab, a carriage return
/// or `'`.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    let text = crate::fmt::escape_block(text);
    if needs_quote(&text) {
        Cow::Owned(format!("'{text}"))
    } else {
        text
    }
}

/// The text a neutralised cell stands for (one leading `'` dropped).
pub fn restore(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_quoted_and_restored_exactly() {
        for text in [
            "=HYPERLINK(\"http://x\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "'quoted",
            "''",
        ] {
            let cell = neutralise(text);
            assert!(cell.starts_with('\''), "{text:?}");
            assert_eq!(restore(&cell), text);
        }
    }

    #[test]
    fn control_and_bidi_characters_are_escaped() {
        assert_eq!(neutralise("txt\u{202e}exe"), "txt\\u{202e}exe");
        assert_eq!(neutralise("=a\u{1b}[2J"), "'=a\\u{1b}[2J");
        assert_eq!(neutralise("a\nb"), "a\nb");
        // a carriage return is shown as `\r`: the cell no longer starts a formula
        assert_eq!(neutralise("\rx"), "\\rx");
    }

    #[test]
    fn plain_text_is_left_alone() {
        for text in ["JP", "supply_chain", "a=b", "", "US;KR"] {
            assert_eq!(neutralise(text), text);
            assert_eq!(restore(&neutralise(text)), text);
        }
    }
}
