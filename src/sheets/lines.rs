//! The lines of the scenario file `leadplan import` writes: `key = value`,
//! each number's line ended by the comment that says where it comes from, as
//! a planner writes them by hand (comments aligned, a table that shares one
//! comment on one line).

use crate::scenario::{toml_key, toml_num};

/// Where the comments of a scenario file's lines start, unless the code is longer.
const COMMENT_AT: usize = 29;

/// `key = value`, ended by `comment` (where the value comes from) when there is one.
pub(crate) fn line(key: &str, value: &str, comment: Option<&str>) -> String {
    aligned(&format!("{key} = {value}"), comment, COMMENT_AT)
}

fn aligned(code: &str, comment: Option<&str>, width: usize) -> String {
    match comment {
        Some(c) => format!("{code:<width$}  # {c}\n"),
        None => format!("{code}\n"),
    }
}

/// One number of a table: its key, value and comment.
pub(crate) type Entry = (String, f64, Option<String>);

/// A table of numbers: inline under one comment when every entry has the same
/// one (`capability = { a = 0.5, b = 0.7 }  # judgement`), else one dotted
/// line per entry with its own (`capability.a = 0.5  # source: ...`).
pub(crate) fn table(key: &str, entries: &[Entry]) -> String {
    if entries.windows(2).all(|w| w[0].2 == w[1].2) {
        let parts: Vec<String> = entries
            .iter()
            .map(|(k, v, _)| format!("{} = {}", toml_key(k), toml_num(*v)))
            .collect();
        let comment = entries.first().and_then(|e| e.2.as_deref());
        return line(key, &format!("{{ {} }}", parts.join(", ")), comment);
    }
    let codes: Vec<String> = entries
        .iter()
        .map(|(k, v, _)| format!("{key}.{} = {}", toml_key(k), toml_num(*v)))
        .collect();
    let width = codes
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0)
        .max(COMMENT_AT);
    codes
        .iter()
        .zip(entries)
        .map(|(code, e)| aligned(code, e.2.as_deref(), width))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_shares_one_comment_or_gives_each_entry_its_own() {
        let c = |s: &str| Some(s.to_string());
        let same = [
            ("a".into(), 0.5, c("judgement")),
            ("b c".into(), 1.0, c("judgement")),
        ];
        assert_eq!(
            table("capability", &same),
            format!(
                "{:<29}  # judgement\n",
                "capability = { a = 0.5, \"b c\" = 1 }"
            )
        );
        let apart = [
            ("a".into(), 0.5, c("source: p. 3")),
            ("é".into(), 0.25, None),
        ];
        let got = table("capability", &apart);
        assert_eq!(
            got,
            format!(
                "{:<29}  # source: p. 3\ncapability.\"é\" = 0.25\n",
                "capability.a = 0.5"
            )
        );
        let parsed: toml::Table = format!("[t]\n{got}").parse().unwrap();
        assert_eq!(parsed["t"]["capability"]["é"].as_float(), Some(0.25));
        assert_eq!(line("leads", "2", None), "leads = 2\n");
    }
}
