//! Where each number of a scenario file comes from, read from the file's own comments.
//!
//! A planner who shows a plan to ministers must say which inputs are facts and
//! which are somebody's judgement. The scenario format has no key for that (and a
//! key per number would drown the file), so the convention lives in the comment
//! that ends the number's line: its first word is the marker.
//!
//! ```toml
//! fair_share = 1.67     # approximate: 2022 nominal GDP, USD trillions
//! leads = 3             # source: brief §climate, trilateral burden sharing
//! health_tech = 0.95    # judgement: brief §health, technology-driven contact tracing
//! cost = 20             # illustrative
//! ```
//!
//! The file is walked with the same spanned TOML reader the loader uses, so a
//! `#` inside a string or a number in an inline table is read correctly; a line
//! whose comment starts with any other word counts as unmarked. This module
//! owns the marker words: the report reads them here, and a workbook's
//! `sources` sheet (which `leadplan export` fills and `import` writes back as
//! these comments) offers and accepts the same ones.

use std::collections::BTreeMap;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// Where a number comes from, as its comment says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Marker {
    /// Taken from a publication named in the comment.
    Source,
    /// A real-world quantity, rounded, not checked against one named edition.
    Approximate,
    /// Chosen by the scenario's author (it may cite what it rests on).
    Judgement,
    /// A placeholder planning figure: only its order of magnitude means anything.
    Illustrative,
    /// No marker.
    Unmarked,
}

impl Marker {
    /// All markers, in the order the report lists them.
    pub const ALL: [Marker; 5] = [
        Marker::Source,
        Marker::Approximate,
        Marker::Judgement,
        Marker::Illustrative,
        Marker::Unmarked,
    ];

    /// The four markers a comment may start with, in the order the report lists them.
    pub const MARKED: [Marker; 4] = [
        Marker::Source,
        Marker::Approximate,
        Marker::Judgement,
        Marker::Illustrative,
    ];

    /// The marker a comment starts with (`source:`, `judgement,` ...).
    pub fn of_comment(comment: &str) -> Marker {
        let word: String = comment
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        Marker::from_word(&word).unwrap_or(Marker::Unmarked)
    }

    /// The marker one word names, in any case (`Judgement`, `judgment`,
    /// `sourced`); `None` for any other word, the empty one included.
    pub fn from_word(word: &str) -> Option<Marker> {
        match word.trim().to_ascii_lowercase().as_str() {
            "source" | "sourced" => Some(Marker::Source),
            "approximate" => Some(Marker::Approximate),
            "judgement" | "judgment" => Some(Marker::Judgement),
            "illustrative" => Some(Marker::Illustrative),
            _ => None,
        }
    }

    /// The word that starts a comment with this marker (`source`); empty for
    /// [`Marker::Unmarked`].
    pub fn word(self) -> &'static str {
        match self {
            Marker::Source => "source",
            Marker::Approximate => "approximate",
            Marker::Judgement => "judgement",
            Marker::Illustrative => "illustrative",
            Marker::Unmarked => "",
        }
    }

    /// The comment that gives this marker and `note` (`judgement: staffing
    /// estimate`, `judgement (planning assumption): ...`), as
    /// [`Marker::of_comment`] and [`scan`] read it back.
    pub fn comment(self, note: &str) -> String {
        match (self.word(), note.is_empty()) {
            ("", _) => note.to_string(),
            (w, true) => w.to_string(),
            (w, false) if note.starts_with('(') => format!("{w} {note}"),
            (w, false) => format!("{w}: {note}"),
        }
    }

    /// The column title in the report.
    pub fn label(self) -> &'static str {
        match self {
            Marker::Source => "sourced",
            Marker::Approximate => "approximate",
            Marker::Judgement => "judgement",
            Marker::Illustrative => "illustrative",
            Marker::Unmarked => "unmarked",
        }
    }
}

/// One number of the file and its marker.
#[derive(Clone, Debug, PartialEq)]
pub struct Marked {
    /// The kind of input, e.g. "capability scores" or "costs".
    pub kind: String,
    /// The marker.
    pub marker: Marker,
    /// The comment after the marker word (the source, or the reasoning).
    pub note: String,
    /// Where the number is: its keys, each element of an array of tables
    /// named by its `id` (`["country", "US", "capability", "health"]`), or
    /// by `#` and its position when it has none.
    pub at: Vec<String>,
}

/// The kinds of input [`kind_of`] names, in the order the report lists them
/// (the order of a scenario file's tables and keys), whatever order a file
/// gives its keys in.
pub const KINDS: [&str; 16] = [
    "scenario weights",
    "policy limits",
    "objective weights",
    "capacities",
    "budgets",
    "sensitivity tolerances",
    "fair shares",
    "lead limits of a country",
    "capability scores",
    "requirement weights",
    "efforts",
    "costs",
    "task sensitivities",
    "task importances",
    "leads per task",
    "fit overrides",
];

/// Where `kind` comes in [`KINDS`]; any other kind after them all.
pub fn kind_rank(kind: &str) -> usize {
    KINDS.iter().position(|k| *k == kind).unwrap_or(KINDS.len())
}

/// The kind of input a key path (without array indices) holds.
pub fn kind_of(path: &[&str]) -> String {
    let kind = match path {
        ["country", "capability", ..] => "capability scores",
        ["country", "capacity"] => "capacities",
        ["country", "budget"] => "budgets",
        ["country", "sensitivity_tolerance"] => "sensitivity tolerances",
        ["country", "fair_share"] => "fair shares",
        ["country", "min_leads" | "max_leads"] => "lead limits of a country",
        ["task", "requirements", ..] => "requirement weights",
        ["task", "effort", ..] => "efforts",
        ["task", "cost", ..] => "costs",
        ["task", "sensitivity"] => "task sensitivities",
        ["task", "importance"] => "task importances",
        ["task", "leads"] => "leads per task",
        ["task", "fit", ..] => "fit overrides",
        ["policy", "weights", ..] => "objective weights",
        ["policy", ..] => "policy limits",
        ["scenario", "weight"] => "scenario weights",
        _ => return path.join("."),
    };
    kind.to_string()
}

/// The comment that ends the line holding byte `from` of `text`, if any.
fn line_comment(text: &str, from: usize) -> Option<&str> {
    let rest = &text[from..];
    let rest = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (k, c) in rest.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => return Some(&rest[k + 1..]),
            None => {}
        }
    }
    None
}

fn marked(text: &str, path: &[&str], at: &[String], span: std::ops::Range<usize>) -> Marked {
    let comment = line_comment(text, span.end).unwrap_or("");
    let marker = Marker::of_comment(comment);
    let note = if marker == Marker::Unmarked {
        comment.trim()
    } else {
        let c = comment.trim_start();
        let word = c
            .find(|ch: char| !ch.is_ascii_alphabetic())
            .unwrap_or(c.len());
        c[word..].trim_start_matches([':', ',', ' ']).trim_end()
    };
    Marked {
        kind: kind_of(path),
        marker,
        note: note.to_string(),
        at: at.to_vec(),
    }
}

/// The keys walked so far: `path` for the kind of input, `at` for the place.
struct Place<'a> {
    path: Vec<&'a str>,
    at: Vec<String>,
}

fn walk<'a>(
    text: &str,
    place: &mut Place<'a>,
    value: &'a Spanned<DeValue<'a>>,
    out: &mut Vec<Marked>,
) {
    match value.get_ref() {
        DeValue::Integer(_) | DeValue::Float(_) => {
            out.push(marked(text, &place.path, &place.at, value.span()))
        }
        DeValue::Array(items) => {
            for (k, item) in items.iter().enumerate() {
                place.at.push(element_name(item, k));
                walk(text, place, item, out);
                place.at.pop();
            }
        }
        DeValue::Table(t) => walk_table(text, place, t, out),
        _ => {}
    }
}

/// An array element's name in [`Marked::at`]: its `id`, or `#` and its position.
fn element_name(item: &Spanned<DeValue<'_>>, k: usize) -> String {
    let id = match item.get_ref() {
        DeValue::Table(t) => t.get("id").and_then(|v| match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => None,
        }),
        _ => None,
    };
    id.unwrap_or_else(|| format!("#{k}"))
}

fn walk_table<'a>(
    text: &str,
    place: &mut Place<'a>,
    table: &'a DeTable<'a>,
    out: &mut Vec<Marked>,
) {
    for (key, value) in table.iter() {
        let key: &str = key.get_ref().as_ref();
        // A `[sweep]` table designs a study; it is not an input of the plan.
        if place.path.is_empty() && key == "sweep" {
            continue;
        }
        place.path.push(key);
        place.at.push(key.to_string());
        walk(text, place, value, out);
        place.at.pop();
        place.path.pop();
    }
}

/// Every number in scenario `text`, in file order, with its marker; `None`
/// when the text is not TOML.
pub fn scan(text: &str) -> Option<Vec<Marked>> {
    let doc = DeTable::parse(text).ok()?;
    let mut out = Vec::new();
    let mut place = Place {
        path: Vec::new(),
        at: Vec::new(),
    };
    walk_table(text, &mut place, doc.get_ref(), &mut out);
    Some(out)
}

/// The capability matrix file scenario `text` names (`[scenario] capabilities`), if any.
pub fn matrix_file(text: &str) -> Option<String> {
    let doc = DeTable::parse(text).ok()?;
    let scenario = doc.get_ref().get("scenario")?;
    let DeValue::Table(t) = scenario.get_ref() else {
        return None;
    };
    match t.get("capabilities")?.get_ref() {
        DeValue::String(s) => Some(s.to_string()),
        _ => None,
    }
}

/// How many numbers of each kind carry each marker, kinds in the order of
/// [`KINDS`] (others after them, in file order).
pub fn tally(numbers: &[Marked]) -> Vec<(String, BTreeMap<Marker, usize>)> {
    let mut out: Vec<(String, BTreeMap<Marker, usize>)> = Vec::new();
    for n in numbers {
        let at = match out.iter().position(|(k, _)| *k == n.kind) {
            Some(at) => at,
            None => {
                out.push((n.kind.clone(), BTreeMap::new()));
                out.len() - 1
            }
        };
        *out[at].1.entry(n.marker).or_default() += 1;
    }
    out.sort_by_key(|(kind, _)| kind_rank(kind));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_word_of_a_comment_is_the_marker() {
        assert_eq!(Marker::of_comment(" source: IMF"), Marker::Source);
        assert_eq!(Marker::of_comment("Judgement, brief"), Marker::Judgement);
        assert_eq!(Marker::of_comment("judgment"), Marker::Judgement);
        assert_eq!(Marker::of_comment(" illustrative"), Marker::Illustrative);
        assert_eq!(Marker::of_comment("approximate: GDP"), Marker::Approximate);
        assert_eq!(Marker::of_comment(" brief §health"), Marker::Unmarked);
        assert_eq!(Marker::of_comment(""), Marker::Unmarked);
    }

    #[test]
    fn every_kind_is_listed_in_the_reports_order() {
        let paths: [&[&str]; 17] = [
            &["country", "capability", "x"],
            &["country", "capacity"],
            &["country", "budget"],
            &["country", "sensitivity_tolerance"],
            &["country", "fair_share"],
            &["country", "min_leads"],
            &["country", "max_leads"],
            &["task", "requirements", "x"],
            &["task", "effort"],
            &["task", "cost", "US"],
            &["task", "sensitivity"],
            &["task", "importance"],
            &["task", "leads"],
            &["task", "fit", "US"],
            &["policy", "weights", "fit"],
            &["policy", "min_lead_share"],
            &["scenario", "weight"],
        ];
        let kinds: Vec<String> = paths.iter().map(|p| kind_of(p)).collect();
        for k in &kinds {
            assert!(KINDS.contains(&k.as_str()), "{k}");
        }
        for k in KINDS {
            assert!(kinds.iter().any(|x| x == k), "{k}");
        }
        assert_eq!(kind_rank("sweep.runs"), KINDS.len());
    }

    #[test]
    fn a_comment_made_from_a_marker_and_a_note_reads_back_as_them() {
        for m in Marker::ALL {
            for note in ["", "brief §health, p. 3", "(planning assumption): six"] {
                let text = format!("x = 1 # {}\n", m.comment(note));
                let got = &scan(&text).unwrap()[0];
                assert_eq!((got.marker, got.note.as_str()), (m, note), "{text}");
            }
            assert_eq!(
                Marker::from_word(m.word()),
                Some(m).filter(|_| m != Marker::Unmarked)
            );
        }
        assert_eq!(Marker::from_word(" Judgment "), Some(Marker::Judgement));
        assert_eq!(Marker::from_word("judgemental"), None);
        let unnamed = scan("[[policy.pin]]\nw = 2\n").unwrap();
        assert_eq!(unnamed[0].at, ["policy", "pin", "#0", "w"]);
    }

    #[test]
    fn numbers_in_inline_tables_and_after_hashes_in_strings_are_read() {
        let text = "[[country]]\nid = \"A\" # judgement: not a number\nname = \"C# team\"\n\
                    capacity = 3 # illustrative: staff\n\
                    capability = { x = 0.5, y = 0.7 }  # judgement: brief §health\n\
                    [[task]]\nid = \"t\"\neffort = { A = 1 }\ncost = 2 # source: a table, p. 3\n\
                    [sweep]\nruns = 9\n";
        let got = scan(text).unwrap();
        let summary: Vec<(&str, Marker, &str)> = got
            .iter()
            .map(|m| (m.kind.as_str(), m.marker, m.note.as_str()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("capacities", Marker::Illustrative, "staff"),
                ("capability scores", Marker::Judgement, "brief §health"),
                ("capability scores", Marker::Judgement, "brief §health"),
                ("efforts", Marker::Unmarked, ""),
                ("costs", Marker::Source, "a table, p. 3"),
            ]
        );
        let at: Vec<String> = got.iter().map(|m| m.at.join("/")).collect();
        assert_eq!(
            at,
            [
                "country/A/capacity",
                "country/A/capability/x",
                "country/A/capability/y",
                "task/t/effort/A",
                "task/t/cost"
            ]
        );
        let t = tally(&got);
        assert_eq!(t[1].0, "capability scores");
        assert_eq!(t[1].1[&Marker::Judgement], 2);
        assert!(scan("not = toml = at all").is_none());
    }
}
