//! Reading a proposed plan from a file: the JSON of `solve --format json`
//! ([`super::baseline`]), the CSV of `solve --format csv`, or the `plan`
//! sheet of the workbook `solve --format xlsx` writes (xlsx or ods, read with
//! the same bounded reader as scenario workbooks), chosen by the file's
//! extension.
//!
//! The sheet's columns are those of the CSV with the workbook's spelling
//! (`share US`, leads joined by `,`); its rows are read as the CSV's lines, so
//! a problem names the sheet and its row.
//!
//! The CSV has a row per task: `task`, `leads` (country ids joined by `;`,
//! empty for a task left out) and, optionally, `share_<country id>` columns
//! with the fraction of the task's cost each country pays; the other columns
//! `solve` writes are ignored. Every problem (a missing column, an unknown
//! task or country, a task twice or missing, shares that do not sum to 1) is
//! a diagnostic with the file, line and column, and all are reported at once.

use std::path::Path;

use super::baseline::{read_plan, settle_shares, Proposal, SHARE_TOL};
use crate::csv_safe::restore;
use crate::diag::{closest, Diagnostic, SourceMap};
use crate::error::Error;
use crate::scenario::Scenario;

/// Reads the plan at `path` against `s`: CSV for a `.csv` file, the `plan`
/// sheet of an `.xlsx` or `.ods` workbook, else JSON.
pub fn read(path: &Path, s: &Scenario) -> Result<Proposal, Error> {
    let ext = |x: &str| path.extension().is_some_and(|e| e.eq_ignore_ascii_case(x));
    if ext("xlsx") || ext("ods") {
        return read_sheet(path, s);
    }
    if !ext("csv") {
        return read_plan(path, s);
    }
    let file = path.display().to_string();
    let text = crate::input::read_text(path, crate::input::InputKind::Baseline)?;
    parse(&text, &file, s).map_err(|diagnostics| Error::Invalid { diagnostics })
}

/// Parses the CSV text of a plan; `file` names it in diagnostics.
pub fn parse(text: &str, file: &str, s: &Scenario) -> Result<Proposal, Vec<Diagnostic>> {
    parse_lines(text, file, s, "line")
}

/// [`parse`], naming a line `word` (`row` for a sheet) in messages.
fn parse_lines(
    text: &str,
    file: &str,
    s: &Scenario,
    word: &'static str,
) -> Result<Proposal, Vec<Diagnostic>> {
    let map = SourceMap::new(file, text);
    let mut r = Rows {
        word,
        map: &map,
        s,
        diags: Vec::new(),
        leads: vec![Vec::new(); s.tasks.len()],
        shares: vec![vec![0.0; s.countries.len()]; s.tasks.len()],
        seen: vec![false; s.tasks.len()],
    };
    let mut rd = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = match rd.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(vec![r.at(0, "", format!("not CSV: {e}"), HINT.into())]),
    };
    let col = |name: &str| header.iter().position(|h| restore(h) == name);
    let (Some(task_col), Some(lead_col)) = (col("task"), col("leads")) else {
        let msg = "expected the CSV of `leadplan solve --format csv`: columns `task` and `leads`";
        return Err(vec![r.at(0, "", msg.into(), HINT.into())]);
    };
    let share_cols = r.share_columns(&header);
    for rec in rd.records() {
        match rec {
            Ok(rec) => r.row(&rec, task_col, lead_col, &share_cols),
            Err(e) => {
                let at = e.position().map_or(0, |p| p.byte() as usize);
                r.push(at, "", format!("not CSV: {e}"), HINT.into());
            }
        }
    }
    r.finish(!share_cols.is_empty())
}

/// The `plan` sheet of a workbook as CSV text whose line `n` is the sheet's
/// row `n` (blank rows as empty lines, which the CSV reader skips), in the
/// CSV's spelling: `share US` as `share_US`, the leads `US, KR` as `US;KR`.
fn sheet_as_csv(sheet: &crate::cells::grid::Sheet) -> String {
    use crate::cells::grid::Cell;
    let rows = sheet
        .cells
        .keys()
        .map(|(r, _)| *r)
        .max()
        .map_or(0, |r| r + 1);
    let cols = sheet
        .cells
        .keys()
        .map(|(_, c)| *c)
        .max()
        .map_or(0, |c| c + 1);
    let shown = |r: u32, c: u32| {
        sheet.cells.get(&(r, c)).map_or(String::new(), |x| match x {
            Cell::Number(v) => format!("{v}"),
            other => other.shown(),
        })
    };
    let leads = (0..cols).find(|&c| shown(0, c).trim() == "leads");
    let mut out = String::new();
    for r in 0..rows {
        let cells: Vec<String> = (0..cols)
            .map(|c| {
                let v = shown(r, c);
                let v = match (r, v.strip_prefix("share ")) {
                    (0, Some(id)) => format!("share_{}", id.trim()),
                    _ if r > 0 && Some(c) == leads => {
                        v.split(',').map(str::trim).collect::<Vec<_>>().join(";")
                    }
                    _ => v,
                };
                csv_field(&v)
            })
            .collect();
        if cells.iter().any(|c| !c.is_empty()) {
            out.push_str(&cells.join(","));
        }
        out.push('\n');
    }
    out
}

/// One CSV field, quoted when it holds a separator, a quote or a line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Reads the `plan` sheet of the workbook at `path`.
fn read_sheet(path: &Path, s: &Scenario) -> Result<Proposal, Error> {
    let book = crate::cells::workbook::read(path)?;
    let Some(sheet) = book.sheet("plan") else {
        let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
        return Err(Error::Usage(format!(
            "{}: the workbook has no `plan` sheet (it has: {}); {SHEET_HINT}",
            crate::fmt::escape_line(&path.display().to_string()),
            crate::fmt::escape_line(&names.join(", "))
        )));
    };
    let file = format!("{}#plan", path.display());
    parse_lines(&sheet_as_csv(sheet), &file, s, "row")
        .map_err(|diagnostics| Error::Invalid { diagnostics })
}

const SHEET_HINT: &str =
    "write the plan with `leadplan solve SCENARIO --format xlsx --out PLAN.xlsx`, or name a CSV or JSON plan";

const HINT: &str = "write the plan with `leadplan solve SCENARIO --format csv --out PLAN.csv`";

struct Rows<'a> {
    /// `line`, or `row` for a sheet.
    word: &'static str,
    map: &'a SourceMap<'a>,
    s: &'a Scenario,
    diags: Vec<Diagnostic>,
    leads: Vec<Vec<usize>>,
    shares: Vec<Vec<f64>>,
    seen: Vec<bool>,
}

impl Rows<'_> {
    fn at(&self, byte: usize, path: &str, message: String, hint: String) -> Diagnostic {
        self.map.diag(byte..byte + 1, path, message, Some(hint))
    }

    fn push(&mut self, byte: usize, path: &str, message: String, hint: String) {
        let d = self.at(byte, path, message, hint);
        crate::diag::push_capped(&mut self.diags, || d);
    }

    /// The `share_<id>` columns, by country index; an unknown id is an error.
    fn share_columns(&mut self, header: &csv::StringRecord) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (k, h) in header.iter().enumerate() {
            let Some(id) = h.strip_prefix("share_") else {
                continue;
            };
            match self.s.country_index(id) {
                Some(i) => out.push((k, i)),
                None => {
                    let hint = closest(id, self.s.countries.iter().map(|c| c.id.as_str()))
                        .map_or("name a country of the scenario".into(), |c| {
                            format!("did you mean `share_{c}`?")
                        });
                    let msg = format!("column `{h}`: country `{id}` is not in the scenario");
                    self.push(0, h, msg, hint);
                }
            }
        }
        out
    }

    fn row(
        &mut self,
        rec: &csv::StringRecord,
        task_col: usize,
        lead_col: usize,
        shares: &[(usize, usize)],
    ) {
        let at = rec.position().map_or(0, |p| p.byte() as usize);
        let line = rec.position().map_or(0, |p| p.line());
        let id = restore(rec.get(task_col).unwrap_or_default()).trim();
        let Some(t) = self.s.task_index(id) else {
            let hint = closest(id, self.s.tasks.iter().map(|t| t.id.as_str()))
                .map_or("the plan was made for another scenario".into(), |c| {
                    format!("did you mean `{c}`?")
                });
            let msg = format!("{} {line}: task `{id}` is not in the scenario", self.word);
            return self.push(at, "task", msg, hint);
        };
        if std::mem::replace(&mut self.seen[t], true) {
            let msg = format!("{} {line}: task `{id}` appears twice", self.word);
            return self.push(at, "task", msg, "keep one row per task".into());
        }
        let cell = restore(rec.get(lead_col).unwrap_or_default());
        for cid in cell.split(';').map(str::trim).filter(|c| !c.is_empty()) {
            match self.s.country_index(cid) {
                Some(i) if self.leads[t].contains(&i) => {
                    let msg = format!(
                        "{} {line}: `{cid}` is listed twice as a lead of `{id}`",
                        self.word
                    );
                    self.push(at, "leads", msg, "list each lead once".into());
                }
                Some(i) => self.leads[t].push(i),
                None => {
                    let hint = closest(cid, self.s.countries.iter().map(|c| c.id.as_str()))
                        .map_or("name a country of the scenario".into(), |c| {
                            format!("did you mean `{c}`?")
                        });
                    let msg = format!(
                        "{} {line}: country `{cid}` is not in the scenario",
                        self.word
                    );
                    self.push(at, "leads", msg, hint);
                }
            }
        }
        self.leads[t].sort_unstable();
        for &(k, i) in shares {
            let cell = rec.get(k).unwrap_or_default().trim();
            let x = if cell.is_empty() {
                Ok(0.0)
            } else {
                cell.parse::<f64>()
            };
            match x {
                Ok(f) if f.is_finite() && (0.0..=1.0 + SHARE_TOL).contains(&f) => {
                    self.shares[t][i] = f
                }
                _ => {
                    let c = &self.s.countries[i].id;
                    let msg = format!("{} {line}: the share of `{c}` in `{id}` is `{cell}`, not a fraction from 0 to 1", self.word);
                    self.push(
                        at,
                        &format!("share_{c}"),
                        msg,
                        "write the part of the task's cost the country pays, e.g. 0.5".into(),
                    );
                }
            }
        }
        if !shares.is_empty() {
            let led = !self.leads[t].is_empty();
            if let Err((msg, hint)) = settle_shares(id, &mut self.shares[t], led) {
                self.push(at, "shares", format!("{} {line}: {msg}", self.word), hint);
            }
        }
    }

    fn finish(mut self, has_shares: bool) -> Result<Proposal, Vec<Diagnostic>> {
        let missing: Vec<&str> = (0..self.s.tasks.len())
            .filter(|&t| !self.seen[t])
            .map(|t| self.s.tasks[t].id.as_str())
            .collect();
        if !missing.is_empty() {
            let msg = format!(
                "the plan has no row for scenario task(s) {}",
                missing.join(", ")
            );
            let hint = "add a row per task, with its leads (empty for a task left out)".into();
            self.push(0, "task", msg, hint);
        }
        if !self.diags.is_empty() {
            return Err(self.diags);
        }
        Ok(Proposal {
            leads: self.leads,
            shares: has_shares.then_some(self.shares),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Scenario {
        let text = "[[country]]\nid = \"JP\"\ncapacity = 2\n[[country]]\nid = \"KR\"\ncapacity = 2\n[[task]]\nid = \"a\"\neffort = 1\n[[task]]\nid = \"b\"\neffort = 1\nleads = 2\n";
        Scenario::from_toml_str(text, "s.toml").unwrap()
    }

    #[test]
    fn reads_leads_and_shares_scaled_to_one() {
        let text = "task,domain,leads,share_JP,share_KR,cost\na,x,JP,1,0,3\nb,x,JP;KR,0.333333,0.666667,4\n";
        let p = parse(text, "p.csv", &scenario()).unwrap();
        assert_eq!(p.leads, vec![vec![0], vec![0, 1]]);
        let shares = p.shares.unwrap();
        assert!((shares[1][0] + shares[1][1] - 1.0).abs() < 1e-15);
    }

    #[test]
    fn every_problem_is_located() {
        let text = "task,leads,share_JP,share_CN\na,JP;XX,0.5,0\nc,JP,1,0\n";
        let got: Vec<String> = parse(text, "p.csv", &scenario())
            .unwrap_err()
            .into_iter()
            .map(|d| format!("{}:{} {}", d.line, d.column, d.message))
            .collect();
        assert_eq!(
            got,
            [
                "1:1 column `share_CN`: country `CN` is not in the scenario",
                "2:1 line 2: country `XX` is not in the scenario",
                "2:1 line 2: the shares of `a` sum to 0.5; they must sum to 1",
                "3:1 line 3: task `c` is not in the scenario",
                "1:1 the plan has no row for scenario task(s) b",
            ]
        );
    }
}
