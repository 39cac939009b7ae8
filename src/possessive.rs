//! English possessives of country names: "Japan's", "the United States'".
//!
//! Sentences such as "X's capacity must rise" are built from names a scenario
//! file gives. Pasting `'s` after every name prints "United States's", which
//! reads as a typo in a ministerial briefing. One function decides for every
//! caller: names that take the definite article get it ("the United States'",
//! "the Philippines'"), names ending in `s` take a bare apostrophe, all others
//! (and abbreviations such as "US") take `'s`.

/// First words of names that take "the": "United Kingdom", "Republic of Korea".
const ARTICLE_FIRST: &[&str] = &[
    "United",
    "Republic",
    "Kingdom",
    "Federation",
    "Federated",
    "Commonwealth",
    "Democratic",
];

/// Last words of names that take "the": "Czech Republic", "Marshall Islands".
const ARTICLE_LAST: &[&str] = &[
    "States",
    "Kingdom",
    "Republic",
    "Emirates",
    "Islands",
    "Netherlands",
    "Philippines",
    "Bahamas",
    "Maldives",
    "Union",
    "Federation",
];

/// Whether `name` is read with "the" before it ("the United States").
fn takes_article(name: &str) -> bool {
    let first = name.split_whitespace().next().unwrap_or("");
    let last = name.split_whitespace().last().unwrap_or("");
    ARTICLE_FIRST.contains(&first) || ARTICLE_LAST.contains(&last)
}

/// An abbreviation such as "US" or "ROK": letters all capitals.
fn is_abbreviation(name: &str) -> bool {
    name.chars().any(|c| c.is_alphabetic()) && !name.chars().any(|c| c.is_lowercase())
}

/// A country `name` as the subject or object of a sentence: "Japan", "the
/// United States" (capitalise it at the start of a sentence).
pub fn in_sentence(name: &str) -> String {
    let name = name.trim();
    if !is_abbreviation(name)
        && takes_article(name)
        && !name.starts_with("the ")
        && !name.starts_with("The ")
    {
        format!("the {name}")
    } else {
        name.to_string()
    }
}

/// The possessive of a country `name`, for use inside a sentence:
/// "Japan's", "the United States'", "the Philippines'", "US's".
pub fn possessive(name: &str) -> String {
    let name = name.trim();
    if is_abbreviation(name) {
        return format!("{name}'s");
    }
    let article = if takes_article(name) && !name.starts_with("the ") && !name.starts_with("The ") {
        "the "
    } else {
        ""
    };
    let mark = if name.ends_with('s') { "'" } else { "'s" };
    format!("{article}{name}{mark}")
}

#[cfg(test)]
mod tests {
    use super::{in_sentence, possessive};

    #[test]
    fn possessives_read_naturally() {
        assert_eq!(possessive("Japan"), "Japan's");
        assert_eq!(possessive("South Korea"), "South Korea's");
        assert_eq!(possessive("United States"), "the United States'");
        assert_eq!(in_sentence("United States"), "the United States");
        assert_eq!(in_sentence("Japan"), "Japan");
        assert_eq!(in_sentence("US"), "US");
        assert_eq!(possessive("Philippines"), "the Philippines'");
        assert_eq!(possessive("United Kingdom"), "the United Kingdom's");
        assert_eq!(possessive("Republic of Korea"), "the Republic of Korea's");
        assert_eq!(possessive("The Gambia"), "The Gambia's");
        assert_eq!(possessive("Laos"), "Laos'");
        assert_eq!(possessive("US"), "US's");
        assert_eq!(possessive("<script>"), "<script>'s");
    }
}
