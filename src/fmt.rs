//! Number and text formatting shared by every output: one small vocabulary
//! module, so that reports, explanations and resilience tables need not import
//! each other only to print a number, and so that every output shows text from
//! the input by one rule.
//!
//! The rule for text: a *hostile* character ([`is_hostile`]: a C0 or C1
//! control character such as escape, carriage return, backspace or DEL, or a
//! bidirectional formatting control such as U+202E RIGHT-TO-LEFT OVERRIDE) is
//! never written as itself to a terminal or a document (text tables, CSV,
//! Markdown, HTML, SVG), where it could recolour or rewrite the terminal or
//! make a name read backwards. It is shown as a visible escape instead:
//! `\u{1b}`, `\u{202e}` (`\n`, `\r`, `\t` for those three). Every other
//! character (Japanese, Korean, accents, emoji) is written as it is. A
//! backslash is not escaped, so applying the rule twice changes nothing.
//! JSON keeps the text exactly, as `\u202e` escapes ([`json_safe`]).

use std::borrow::Cow;
use std::fmt::Write as _;

/// Rounds to 9 decimals so reports do not show float noise.
pub fn round(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let r = (x * 1e9).round() / 1e9;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Formats a number without noise (`6`, `0.25`).
pub fn fmt_num(x: f64) -> String {
    let r = (x * 1e6).round() / 1e6;
    if r.fract() == 0.0 && r.abs() < 1e15 {
        format!("{}", r as i64)
    } else if r.abs() >= 1e15 {
        // `1e300`, not three hundred digits.
        format!("{r:e}")
    } else {
        format!("{r}")
    }
}

/// `x` rounded to 12 significant digits (unchanged when 0 or not finite), so
/// that numbers equal up to the last bits of a float become equal.
pub(crate) fn sig12(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let e = 11 - x.abs().log10().floor() as i32;
    if !(-290..=290).contains(&e) {
        return x;
    }
    let r = if e >= 0 {
        let k = 10f64.powi(e);
        (x * k).round() / k
    } else {
        let k = 10f64.powi(-e);
        (x / k).round() * k
    };
    if r.is_finite() {
        r
    } else {
        x
    }
}

/// Formats an amount of money in a scenario whose money unit
/// ([`crate::milp::money_unit`]) is `unit`: to a millionth of the unit, so
/// that the same amount written in thousands or in billions reads the same
/// digits (`0.000182`, `182`, `182000000`).
pub fn fmt_money(x: f64, unit: f64) -> String {
    let g = unit * 1e-6;
    if !(g > 0.0 && g.is_finite() && x.is_finite()) {
        return fmt_num(x);
    }
    let r = sig12((x / g).round() * g);
    if r.fract() == 0.0 && r.abs() < 1e15 {
        format!("{}", r as i64)
    } else if r.abs() >= 1e15 {
        // `1e300`, not three hundred digits.
        format!("{r:e}")
    } else {
        format!("{r}")
    }
}

/// Whether `c` is a bidirectional formatting control: U+061C, U+200E,
/// U+200F, U+202A to U+202E and U+2066 to U+2069.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// Whether `c` is never written as itself: a control character (C0, DEL, C1)
/// or a bidirectional formatting control.
pub fn is_hostile(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

fn escape_where(text: &str, escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text shown on one line (a name, an id, a path): every hostile character
/// escaped, newlines and tabs too (`a\u{1b}[2Jb`, `txt\u{202e}exe`).
pub fn escape_line(text: &str) -> Cow<'_, str> {
    escape_where(text, is_hostile)
}

/// A block of text for a terminal or a document (a message, a table, a
/// note): every hostile character escaped except newlines and tabs, which
/// keep the layout and cannot move the cursor back or recolour anything.
pub fn escape_block(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| is_hostile(c) && c != '\n' && c != '\t')
}

/// JSON text (as `serde_json` writes it) with every hostile character that
/// is left written as a `\uXXXX` escape: the same string to a JSON reader,
/// nothing hostile to a terminal. Newlines, carriage returns and tabs are
/// kept: `serde_json` escapes them inside strings, so those left are layout.
pub fn json_safe(text: &str) -> Cow<'_, str> {
    let hostile = |c: char| is_hostile(c) && !matches!(c, '\n' | '\r' | '\t');
    if !text.chars().any(hostile) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hostile(c) {
            // every hostile character is in the Basic Multilingual Plane
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A count and its noun, singular for exactly one: `plural(1, "task", "tasks")`
/// is "1 task", `plural(3, "task", "tasks")` "3 tasks" (the plural is given, so
/// "country"/"countries" needs no rule).
pub fn plural<N>(n: N, one: &str, many: &str) -> String
where
    N: std::fmt::Display + PartialEq + From<u8>,
{
    let noun = if n == N::from(1) { one } else { many };
    format!("{n} {noun}")
}

/// `s` with its first letter in upper case: a sentence that starts with a name.
pub fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(super::plural(1usize, "task", "tasks"), "1 task");
        assert_eq!(super::plural(0usize, "task", "tasks"), "0 tasks");
        assert_eq!(super::plural(2u64, "country", "countries"), "2 countries");
    }

    use super::*;

    #[test]
    fn hostile_characters_are_escaped_and_other_text_is_kept() {
        let text = "a\u{1b}[31mb\u{202e}exe.txt\r\u{8}\u{7f}\u{9b}\u{2066}\u{200f}\u{61c}";
        assert_eq!(
            escape_line(text),
            "a\\u{1b}[31mb\\u{202e}exe.txt\\r\\u{8}\\u{7f}\\u{9b}\\u{2066}\\u{200f}\\u{61c}"
        );
        for plain in ["日本", "대한민국", "Côte d’Ivoire", "🇯🇵 ok", "a\\u{1b}"] {
            assert!(matches!(escape_line(plain), Cow::Borrowed(_)), "{plain}");
            assert!(matches!(escape_block(plain), Cow::Borrowed(_)), "{plain}");
        }
        assert_eq!(escape_line("a\nb\tc"), "a\\nb\\tc");
        assert_eq!(escape_block("a\nb\tc\u{202e}"), "a\nb\tc\\u{202e}");
        // idempotent: escaping an escaped text changes nothing
        let once = escape_line(text).into_owned();
        assert_eq!(escape_line(&once), once);
        assert!(!once.chars().any(is_hostile));
    }

    #[test]
    fn json_keeps_the_string_and_drops_the_hostile_characters() {
        let value = "x\u{202e}y\u{7f}\u{85}\u{1b}";
        let json = serde_json::to_string(&value).unwrap();
        let safe = json_safe(&json);
        assert!(!safe.chars().any(is_hostile), "{safe}");
        assert_eq!(serde_json::from_str::<String>(&safe).unwrap(), value);
        assert!(matches!(json_safe("{\n  \"a\": 1\n}"), Cow::Borrowed(_)));
    }

    #[test]
    fn money_reads_the_same_digits_in_any_unit() {
        assert_eq!(fmt_money(182.0, 100.0), "182");
        assert_eq!(fmt_money(182e-6, 100e-6), "0.000182");
        assert_eq!(fmt_money(182e6, 100e6), "182000000");
        assert_eq!(fmt_money(46.35, 10.0), "46.35");
        assert_eq!(fmt_money(46.35e-6, 10e-6), "0.00004635");
    }

    #[test]
    fn fmt_num_drops_float_noise_and_trailing_zeros() {
        assert_eq!(fmt_num(6.0), "6");
        assert_eq!(fmt_num(0.25), "0.25");
        assert_eq!(fmt_num(10.000_000_4), "10");
        assert_eq!(round(0.1 + 0.2), 0.3);
        assert_eq!(round(-1e-12), 0.0);
    }

    #[test]
    fn fmt_num_writes_huge_numbers_in_exponent_form() {
        assert_eq!(fmt_num(1e300), "1e300");
        assert_eq!(fmt_num(-2.5e18), "-2.5e18");
        assert_eq!(fmt_num(999_999_999_999_999.0), "999999999999999");
        assert_eq!("1e300".parse::<f64>().unwrap(), 1e300);
    }
}
