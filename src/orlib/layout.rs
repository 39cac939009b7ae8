//! A hint for wrong counts: which line breaks the one-row-per-line layout.
//!
//! Values are read as a token stream, so a row with a missing or extra value
//! only shows up later, as a truncated file or left-over values. Most copies of
//! the OR-Library files keep one agent row per line; when this file does, the
//! first line whose length differs from what the counts announce is almost
//! always the culprit, and naming it saves the user a search. Files wrapped
//! differently (12 numbers a line) get no hint rather than a wrong one.

/// Non-blank lines as (1-based line number, token count, first two tokens as numbers).
fn lines(text: &str) -> Vec<(usize, usize, Option<usize>, Option<usize>)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let mut it = l.split_ascii_whitespace();
            let (a, b) = (it.next()?, it.next());
            let count = 1 + b.is_some() as usize + it.count();
            Some((i + 1, count, a.parse().ok(), b.and_then(|b| b.parse().ok())))
        })
        .collect()
}

/// The first line that breaks the one-row-per-line layout, as a sentence.
pub(super) fn hint(text: &str, single: bool) -> Option<String> {
    let ls = lines(text);
    let mut at = 0;
    if !single {
        if ls.first()?.1 != 1 {
            return None; // P shares its line: not a row-per-line file
        }
        at = 1;
    }
    let mut first_row_checked = false;
    while at < ls.len() {
        let (line, count, m, n) = ls[at];
        let (Some(m), Some(n), 2) = (m, n, count) else {
            return first_row_checked.then(|| {
                format!("line {line} should hold an instance header `m n` (agents, jobs), but holds {count} values")
            });
        };
        for r in 0..=2 * m {
            let (want, what) = if r < 2 * m {
                (n, row_name(r, m))
            } else {
                (m, "the capacities b".to_string())
            };
            let &(l, c, _, _) = ls.get(at + 1 + r)?;
            if c != want {
                // The first row decides whether this file keeps a row per line at all.
                return first_row_checked.then(|| {
                    format!("line {l} holds {c} values, but {what} should hold {want} (header on line {line}: m = {m}, n = {n}); a missing or extra value there shifts everything after it")
                });
            }
            first_row_checked = true;
        }
        at += 2 * m + 2;
    }
    None
}

fn row_name(r: usize, m: usize) -> String {
    if r < m {
        format!("the value row c[{}] of agent {}", r + 1, r + 1)
    } else {
        format!("the resource row a[{}] of agent {}", r - m + 1, r - m + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::hint;

    #[test]
    fn points_at_the_short_row() {
        let text = "1\n2 3\n1 2 3\n4 5\n1 1 1\n1 1 1\n5 5\n";
        let h = hint(text, false).unwrap();
        assert!(h.starts_with("line 4 holds 2 values"), "{h}");
        assert!(h.contains("c[2] of agent 2"), "{h}");
    }

    #[test]
    fn wrapped_files_get_no_hint() {
        let text = "1\n2 3\n1 2\n3 4 5 6\n1 1 1 1\n1 1 5\n5\n";
        assert_eq!(hint(text, false), None);
    }

    #[test]
    fn a_consistent_layout_gets_no_hint() {
        let text = "2 3\n1 2 3\n4 5 6\n1 1 1\n1 1 1\n5 5\n";
        assert_eq!(hint(text, true), None);
    }
}
