//! "About these inputs": which numbers the scenario file marks as sourced, and which as judgement.
//!
//! A plan read out in a ministry sounds like a measurement; most of its inputs
//! are judgement calls and placeholder figures. This section lists, kind by
//! kind, what the scenario file itself says of its numbers (the markers of
//! [`crate::scenario::provenance`]), so the reader knows what the plan rests on. It
//! reports the file's own markers and claims nothing beyond them.

use std::path::Path;

use super::{text, Block, Inline};
use crate::scenario::provenance::{kind_rank, matrix_file, scan, tally, Marked, Marker};

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

/// The section for scenario `text`, read from `file`.
pub fn section(text_of_file: Option<&str>, file: &Path) -> Vec<Block> {
    let mut out = vec![Block::Heading(2, "About these inputs".into())];
    let Some(numbers) = text_of_file.and_then(scan) else {
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
    if marked == 0 {
        out.push(Block::Para(text(format!(
            "The scenario file marks none of its {} numbers as sourced, judgement or illustrative, so this report cannot tell facts from assumptions; treat every number as judgement. (To mark a number, start the comment on its line with source:, approximate:, judgement: or illustrative:, or, in a workbook, choose its marker on the sources sheet.)",
            numbers.len()
        ))));
    } else {
        let which = if marked == numbers.len() {
            format!("each of its {marked} numbers comes")
        } else {
            format!("{marked} of its {} numbers come", numbers.len())
        };
        out.push(Block::Para(vec![
            Inline::Text("The scenario file ".into()),
            Inline::Strong(file.display().to_string()),
            Inline::Text(format!(
                " says, in the comment on a number's line, where {which} from. The plan follows from these inputs and is no more certain than they are."
            )),
        ]));
        out.push(Block::List(by_marker(&numbers)));
        let notes = source_notes(&numbers);
        if !notes.is_empty() {
            out.push(Block::Para(text(
                "Where the sourced and approximate numbers come from:",
            )));
            out.push(Block::List(notes));
        }
    }
    if let Some(m) = text_of_file.and_then(matrix_file) {
        out.push(Block::Para(text(format!(
            "The capability scores are not among these numbers: the file reads them from the matrix {m}, which cannot mark them; treat them as judgement unless that file says otherwise."
        ))));
    }
    out
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
        let got = items(&section(Some(text), Path::new("s.toml")));
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
        let got = section(
            Some("[[country]]\ncapacity = 3 # staff\n"),
            Path::new("s.toml"),
        );
        let Block::Para(p) = &got[1] else { panic!() };
        assert!(matches!(&p[0], Inline::Text(t) if t.contains("marks none of its 1 numbers")));
        let got = section(None, Path::new("gone.toml"));
        assert!(
            matches!(&got[1], Block::Para(p) if matches!(&p[0], Inline::Text(t) if t.contains("gone.toml could not be read")))
        );
    }
}
