//! A CSV file split into records and cells at byte level, for column-selective reading.
//!
//! `discover` reads a 100,000-run `runs.csv` (80 MB) in a fraction of the
//! time a general CSV reader takes: one sequential pass finds where each record
//! starts (SIMD byte search for `"` and line ends, quote-aware, so a quoted
//! cell may hold commas, doubled quotes and line ends as RFC 4180 allows), then
//! records are cut into cells in parallel chunks by the caller. A file is
//! scanned block by block ([`scan`] leaves the unfinished record for the next
//! block), so it is never held in memory whole. Nothing here
//! knows what the columns mean ([`super::csv_runs`] does).

use std::borrow::Cow;

use memchr::{memchr, memchr2, memchr_iter};

/// One record: its bytes (without the line end) and the line it starts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Record {
    /// First byte.
    pub start: usize,
    /// One past the last byte, before `\n` or `\r\n`.
    pub end: usize,
    /// 1-based line number of its first byte.
    pub line: usize,
}

/// Why the records could not be split: the file ends inside a record.
#[cfg(test)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CutShort {
    /// The line the unfinished record starts on.
    pub line: usize,
    /// Whether it ends inside a quoted cell.
    pub in_quotes: bool,
}

/// The complete records at the start of a block of a file, and where the
/// unfinished rest begins (read more and scan again from there).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scan {
    /// Complete records, in order (offsets into the block).
    pub records: Vec<Record>,
    /// Offset of the first byte not in a complete record (the block's length when none).
    pub rest: usize,
    /// The line the rest starts on.
    pub rest_line: usize,
    /// Whether the rest ends inside a quoted cell.
    pub in_quotes: bool,
}

/// Splits a block whose first byte starts a record on line `first_line`.
pub fn scan(bytes: &[u8], first_line: usize) -> Scan {
    let mut out = Vec::new();
    let (mut pos, mut line) = (0, first_line);
    let (mut start, mut start_line) = (0, first_line);
    let mut in_quotes = false;
    while pos < bytes.len() {
        let Some(i) = memchr2(b'"', b'\n', &bytes[pos..]) else {
            break;
        };
        let p = pos + i;
        if bytes[p] == b'"' {
            // A quoted stretch: up to the next quote (a doubled quote closes
            // and reopens, which is the same as staying inside).
            let Some(q) = memchr(b'"', &bytes[p + 1..]) else {
                in_quotes = true;
                break;
            };
            line += memchr_iter(b'\n', &bytes[p + 1..p + 1 + q]).count();
            pos = p + 2 + q;
            continue;
        }
        let end = if p > start && bytes[p - 1] == b'\r' {
            p - 1
        } else {
            p
        };
        out.push(Record {
            start,
            end,
            line: start_line,
        });
        line += 1;
        pos = p + 1;
        start = pos;
        start_line = line;
    }
    Scan {
        records: out,
        rest: start,
        rest_line: start_line,
        in_quotes,
    }
}

/// Every record of a whole file, in order; every record must end with a line end.
#[cfg(test)]
pub fn records(bytes: &[u8]) -> Result<Vec<Record>, CutShort> {
    let s = scan(bytes, 1);
    if s.rest < bytes.len() {
        return Err(CutShort {
            line: s.rest_line,
            in_quotes: s.in_quotes,
        });
    }
    Ok(s.records)
}

/// The cells of one record, left to right; quoted cells are unquoted (`""` to `"`).
pub struct Cells<'a> {
    rest: &'a [u8],
    done: bool,
}

impl<'a> Cells<'a> {
    /// The cells of `record` (the bytes of one [`Record`]).
    pub fn new(record: &'a [u8]) -> Cells<'a> {
        Cells {
            rest: record,
            done: false,
        }
    }

    fn quoted(&mut self) -> Cow<'a, [u8]> {
        let mut out = Vec::new();
        let mut i = 1;
        loop {
            let Some(q) = memchr(b'"', &self.rest[i..]) else {
                // Unclosed (cannot happen after `records`): keep the rest.
                out.extend_from_slice(&self.rest[i..]);
                self.rest = &[];
                self.done = true;
                return Cow::Owned(out);
            };
            out.extend_from_slice(&self.rest[i..i + q]);
            let after = i + q + 1;
            if self.rest.get(after) == Some(&b'"') {
                out.push(b'"');
                i = after + 1;
                continue;
            }
            // After the closing quote: anything up to the comma is kept, as
            // the csv crate does.
            let tail = &self.rest[after..];
            match memchr(b',', tail) {
                Some(c) => {
                    out.extend_from_slice(&tail[..c]);
                    self.rest = &tail[c + 1..];
                }
                None => {
                    out.extend_from_slice(tail);
                    self.rest = &[];
                    self.done = true;
                }
            }
            return Cow::Owned(out);
        }
    }
}

impl<'a> Iterator for Cells<'a> {
    type Item = Cow<'a, [u8]>;

    fn next(&mut self) -> Option<Cow<'a, [u8]>> {
        if self.done {
            return None;
        }
        if self.rest.first() == Some(&b'"') {
            return Some(self.quoted());
        }
        match memchr(b',', self.rest) {
            Some(c) => {
                let cell = &self.rest[..c];
                self.rest = &self.rest[c + 1..];
                Some(Cow::Borrowed(cell))
            }
            None => {
                self.done = true;
                Some(Cow::Borrowed(self.rest))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells_by_record(text: &str) -> Vec<Vec<String>> {
        let b = text.as_bytes();
        records(b)
            .unwrap()
            .iter()
            .map(|r| {
                Cells::new(&b[r.start..r.end])
                    .map(|c| String::from_utf8(c.into_owned()).unwrap())
                    .collect()
            })
            .collect()
    }

    /// The csv crate, an independent reader, on the same text.
    fn csv_crate(text: &str) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect()
    }

    #[test]
    fn cells_match_the_csv_crate_on_quotes_commas_and_line_ends() {
        let text = "a,b,c\n1,\"x,y\",\"say \"\"hi\"\"\"\n2,,\"two\nlines\"\r\n\"\",3,'=x\n";
        assert_eq!(cells_by_record(text), csv_crate(text));
        let lines: Vec<usize> = records(text.as_bytes())
            .unwrap()
            .iter()
            .map(|r| r.line)
            .collect();
        assert_eq!(lines, [1, 2, 3, 5]);
    }

    #[test]
    fn a_record_without_its_line_end_is_cut_short() {
        assert_eq!(
            records(b"a,b\n1,2\n3,"),
            Err(CutShort {
                line: 3,
                in_quotes: false
            })
        );
        assert_eq!(
            records(b"a,b\n1,\"open\n"),
            Err(CutShort {
                line: 2,
                in_quotes: true
            })
        );
        assert_eq!(records(b"").unwrap(), []);
    }
}
