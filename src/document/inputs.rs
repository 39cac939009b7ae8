//! "About these inputs": which numbers the scenario file marks as sourced, and which as judgement.
//!
//! A plan read out in a ministry sounds like a measurement; most of its inputs
//! are judgement calls and placeholder figures. This section lists, kind by
//! kind, what the scenario file itself says of its numbers (the markers of
//! [`crate::scenario::provenance`]), so the reader knows what the plan rests on. It
//! reports the file's own markers and claims nothing beyond them.

use std::path::Path;

use super::{text, Block, Inline};
use crate::scenario::provenance::{kind_of, kind_rank, matrix_file, scan, tally, Marked, Marker};
use crate::scenario::Scenario;

/// Notes of sourced and approximate numbers listed before "and N more".
const MAX_NOTES: usize = 8;

fn meaning(m: Marker) -> &'static str {
    match m {
        Marker::Source => "taken from a publication the file names",
        Marker::Approximate => {
            "real-world quantities, rounded, not checked against one named edition"
        }
        Marker::Judgement => {
            "chosen by the scenario's author, at most resting on a cited statement"
        }
        Marker::Illustrative => {
            "placeholder planning figures: only their order of magnitude means anything"
        }
        Marker::Unmarked => "the file does not say; treat them as judgement",
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// One list item per marker: "Judgement (...): capability scores (20 of 39), costs (12)."
fn by_marker(numbers: &[Marked]) -> Vec<Vec<Inline>> {
    let kinds = tally(numbers);
    let mut items = Vec::new();
    for m in Marker::ALL {
        let parts: Vec<String> = kinds
            .iter()
            .filter_map(|(kind, counts)| {
                let n = *counts.get(&m)?;
                let all: usize = counts.values().sum();
                Some(if n == all {
                    format!("{kind} ({n})")
                } else {
                    format!("{kind} ({n} of {all})")
                })
            })
            .collect();
        if parts.is_empty() {
            continue;
        }
        items.push(vec![
            Inline::Strong(format!("{} ", capitalised(m.label()))),
            Inline::Text(format!("({}): {}.", meaning(m), parts.join(", "))),
        ]);
    }
    items
}

/// The distinct notes of sourced and approximate numbers: "fair shares: 2022
/// nominal GDP ...", kinds in the report's order, each kind's in file order.
fn source_notes(numbers: &[Marked]) -> Vec<Vec<Inline>> {
    let mut notes: Vec<String> = Vec::new();
    let mut numbers: Vec<&Marked> = numbers.iter().collect();
    numbers.sort_by_key(|n| kind_rank(&n.kind));
    for n in numbers {
        if !matches!(n.marker, Marker::Source | Marker::Approximate) || n.note.is_empty() {
            continue;
        }
        let line = format!("{} ({}): {}", n.kind, n.marker.label(), n.note);
        if !notes.contains(&line) {
            notes.push(line);
        }
    }
    let more = notes.len().saturating_sub(MAX_NOTES);
    notes.truncate(MAX_NOTES);
    if more > 0 {
        notes.push(format!("and {more} more in the file"));
    }
    notes.into_iter().map(text).collect()
}

/// The capability matrix a scenario file reads its scores from, and how many
/// of them its workbook's `sources` sheet marks (or why it could not be read).
pub struct Matrix {
    spec: String,
    scores: usize,
    marked: Result<usize, String>,
}

/// The numbers the plan rests on, as their files mark them: the scenario
/// file's (`text`, read from `file`), and the scores of the capability matrix
/// it references, if any; `None` when the text is not TOML.
fn numbers(s: &Scenario, text: &str, file: &Path) -> Option<(Vec<Marked>, Option<Matrix>)> {
    let mut numbers = scan(text)?;
    let Some(spec) = matrix_file(text) else {
        return Some((numbers, None));
    };
    let marks = crate::sheets::matrix_marks(file, &spec);
    let kind = kind_of(&["country", "capability"]);
    let before = numbers.len();
    for c in &s.countries {
        for d in c.capability.keys() {
            let at = vec![
                "country".into(),
                c.id.clone(),
                "capability".into(),
                d.clone(),
            ];
            let (marker, note) = marks
                .as_ref()
                .ok()
                .and_then(|m| m.get(&at).cloned())
                .unwrap_or((Marker::Unmarked, String::new()));
            let kind = kind.clone();
            numbers.push(Marked {
                kind,
                marker,
                note,
                at,
            });
        }
    }
    let added = &numbers[before..];
    let marked = marks.map(|_| {
        added
            .iter()
            .filter(|n| n.marker != Marker::Unmarked)
            .count()
    });
    let scores = added.len();
    Some((
        numbers,
        Some(Matrix {
            spec,
            scores,
            marked,
        }),
    ))
}

/// The section for scenario `s`, whose file `file` reads `text` (if it could
/// be read again).
pub fn blocks(s: &Scenario, text: Option<&str>, file: &Path) -> Vec<Block> {
    match text.and_then(|t| numbers(s, t, file)) {
        Some((numbers, matrix)) => section(Some(&numbers), matrix.as_ref(), file),
        None => section(None, None, file),
    }
}

/// The section for `numbers` (`None`: the file could not be read again) of
/// scenario file `file`, with the `matrix` it reads its scores from.
pub fn section(numbers: Option<&[Marked]>, matrix: Option<&Matrix>, file: &Path) -> Vec<Block> {
    let mut out = vec![Block::Heading(2, "About these inputs".into())];
    let Some(numbers) = numbers else {
        out.push(Block::Para(text(format!(
            "{} could not be read again to see which of its numbers it marks as sourced, judgement or illustrative; treat every number as judgement.",
            file.display()
        ))));
        return out;
    };
    let marked = numbers
        .iter()
        .filter(|n| n.marker != Marker::Unmarked)
        .count();
    let (who, their) = match matrix {
        Some(_) => (
            "The scenario file and the capability matrix it reads",
            "their",
        ),
        None => ("The scenario file", "its"),
    };
    if marked == 0 {
        let verb = if matrix.is_some() { "mark" } else { "marks" };
        out.push(Block::Para(text(format!(
            "{who} {verb} none of {their} {} numbers as sourced, judgement or illustrative, so this report cannot tell facts from assumptions; treat every number as judgement. (To mark a number, start the comment on its line with source:, approximate:, judgement: or illustrative:, or, in a workbook, choose its marker on the sources sheet.)",
            numbers.len()
        ))));
    } else {
        let which = if marked == numbers.len() {
            format!("each of {their} {marked} numbers comes")
        } else {
            format!("{marked} of {their} {} numbers come", numbers.len())
        };
        let (verb, place) = match matrix {
            Some(_) => (
                "say",
                "in the comment on a number's line and on the matrix workbook's sources sheet",
            ),
            None => ("says", "in the comment on a number's line"),
        };
        out.push(Block::Para(vec![
            Inline::Text("The scenario file ".into()),
            Inline::Strong(file.display().to_string()),
            Inline::Text(format!(
                "{} {verb}, {place}, where {which} from. The plan follows from these inputs and is no more certain than they are.",
                if matrix.is_some() { " and the capability matrix it reads" } else { "" }
            )),
        ]));
        out.push(Block::List(by_marker(numbers)));
        let notes = source_notes(numbers);
        if !notes.is_empty() {
            out.push(Block::Para(text(
                "Where the sourced and approximate numbers come from:",
            )));
            out.push(Block::List(notes));
        }
    }
    if let Some(m) = matrix {
        out.push(Block::Para(text(matrix_sentence(m))));
    }
    out
}

/// Where the capability scores come from, when a matrix holds them.
fn matrix_sentence(m: &Matrix) -> String {
    let (spec, n) = (&m.spec, m.scores);
    match &m.marked {
        Ok(k) if *k > 0 => format!(
            "The {n} capability scores are read from the matrix {spec}; its workbook's sources sheet marks {k} of them, counted above."
        ),
        Ok(_) => format!(
            "The {n} capability scores are read from the matrix {spec}, which does not say where they come from (a workbook would, on its sources sheet; a CSV file cannot); they are counted above as unmarked."
        ),
        Err(why) => format!(
            "The {n} capability scores are read from the matrix {spec}, whose sources sheet could not be read ({why}); they are counted above as unmarked."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::List(items) => Some(items),
                _ => None,
            })
            .flatten()
            .map(|parts| {
                parts
                    .iter()
                    .map(|p| match p {
                        Inline::Text(t) | Inline::Strong(t) => t.as_str(),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn kinds_are_listed_under_their_markers_with_counts() {
        let text = "[[country]]\nid = \"A\"\ncapacity = 3 # illustrative\nfair_share = 1.7 # approximate: 2022 GDP\n\
                    capability = { x = 0.5, y = 0.9 } # judgement\n\
                    [[country]]\nid = \"B\"\ncapacity = 4 # illustrative\ncapability = { x = 0.2 } # source: Table 2\n";
        let numbers = scan(text).unwrap();
        let got = items(&section(Some(&numbers), None, Path::new("s.toml")));
        assert!(
            got[0].starts_with("Sourced (") && got[0].ends_with("capability scores (1 of 3)."),
            "{got:?}"
        );
        assert!(got[1].starts_with("Approximate (") && got[1].ends_with(": fair shares (1)."));
        assert!(got[2].ends_with(": capability scores (2 of 3)."));
        assert!(got[3].starts_with("Illustrative (") && got[3].ends_with(": capacities (2)."));
        // Notes in file order.
        assert_eq!(got[4], "fair shares (approximate): 2022 GDP");
        assert_eq!(got[5], "capability scores (sourced): Table 2");
    }

    #[test]
    fn a_file_without_markers_says_so_instead_of_listing_nothing() {
        let numbers = scan("[[country]]\ncapacity = 3 # staff\n").unwrap();
        let got = section(Some(&numbers), None, Path::new("s.toml"));
        let Block::Para(p) = &got[1] else { panic!() };
        assert!(matches!(&p[0], Inline::Text(t) if t.contains("marks none of its 1 numbers")));
        let got = section(None, None, Path::new("gone.toml"));
        assert!(
            matches!(&got[1], Block::Para(p) if matches!(&p[0], Inline::Text(t) if t.contains("gone.toml could not be read")))
        );
    }
}
