//! An independent reader of the two model file formats, written from their
//! published descriptions (free MPS; CPLEX LP), sharing no code with leadplan's
//! writer. It reads the subset a MILP file needs: objective sense, rows with
//! `<=`, `>=` or `=`, integer markers / `General`, and bounds.

use std::collections::BTreeMap;

/// A model as read from a file, keyed by names.
#[derive(Debug, Default)]
pub struct Read {
    pub maximise: bool,
    /// Objective coefficients by column name (zeros dropped).
    pub objective: BTreeMap<String, f64>,
    /// Columns in file order: name, lower, upper, integer.
    pub columns: Vec<(String, f64, f64, bool)>,
    /// Rows in file order: name, sense ('L', 'G' or 'E'), terms, rhs.
    pub rows: Vec<(String, char, BTreeMap<String, f64>, f64)>,
}

impl Read {
    fn col(&mut self, name: &str, integer: bool) -> usize {
        match self.columns.iter().position(|c| c.0 == name) {
            Some(k) => k,
            None => {
                self.columns
                    .push((name.to_string(), 0.0, f64::INFINITY, integer));
                self.columns.len() - 1
            }
        }
    }

    fn row_mut(&mut self, name: &str) -> &mut (String, char, BTreeMap<String, f64>, f64) {
        self.rows
            .iter_mut()
            .find(|r| r.0 == name)
            .unwrap_or_else(|| panic!("unknown row {name}"))
    }
}

fn number(s: &str) -> f64 {
    match s.to_ascii_lowercase().as_str() {
        "inf" | "+inf" | "infinity" | "+infinity" => f64::INFINITY,
        "-inf" | "-infinity" => f64::NEG_INFINITY,
        _ => s.parse().unwrap_or_else(|_| panic!("not a number: {s}")),
    }
}

/// Reads free MPS.
pub fn mps(text: &str) -> Read {
    let mut r = Read::default();
    let (mut section, mut obj_row, mut integer) = (String::new(), String::new(), false);
    for line in text.lines() {
        if line.starts_with('*') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        if !line.starts_with(' ') {
            section = f[0].to_string();
            continue;
        }
        match section.as_str() {
            "OBJSENSE" => r.maximise = f[0] == "MAX" || f[0] == "MAXIMIZE",
            "ROWS" if f[0] == "N" => obj_row = f[1].to_string(),
            "ROWS" => {
                let sense = f[0].chars().next().unwrap();
                r.rows.push((f[1].to_string(), sense, BTreeMap::new(), 0.0));
            }
            "COLUMNS" if f.get(1) == Some(&"'MARKER'") => integer = f[2] == "'INTORG'",
            "COLUMNS" => {
                r.col(f[0], integer);
                for pair in f[1..].chunks(2) {
                    let v = number(pair[1]);
                    if pair[0] == obj_row {
                        if v != 0.0 {
                            r.objective.insert(f[0].to_string(), v);
                        }
                    } else {
                        r.row_mut(pair[0]).2.insert(f[0].to_string(), v);
                    }
                }
            }
            "RHS" => {
                for pair in f[1..].chunks(2) {
                    r.row_mut(pair[0]).3 = number(pair[1]);
                }
            }
            "BOUNDS" => mps_bound(&mut r, &f),
            other => panic!("unexpected section {other}"),
        }
    }
    r
}

fn mps_bound(r: &mut Read, f: &[&str]) {
    let k = r.col(f[2], false);
    let v = f.get(3).map(|s| number(s));
    let c = &mut r.columns[k];
    match f[0] {
        "LO" => c.1 = v.unwrap(),
        "UP" => c.2 = v.unwrap(),
        "FX" => (c.1, c.2) = (v.unwrap(), v.unwrap()),
        "FR" => (c.1, c.2) = (f64::NEG_INFINITY, f64::INFINITY),
        "MI" => c.1 = f64::NEG_INFINITY,
        "PL" => c.2 = f64::INFINITY,
        "BV" => (c.1, c.2, c.3) = (0.0, 1.0, true),
        other => panic!("unknown bound type {other}"),
    }
}

/// Reads CPLEX LP.
pub fn lp(text: &str) -> Read {
    let mut r = Read::default();
    let mut sections: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let line = line.split('\\').next().unwrap();
        let key = line.trim().to_ascii_lowercase();
        match key.as_str() {
            "maximize" | "minimize" | "subject to" | "bounds" | "general" | "end" => {
                sections.push((key, String::new()))
            }
            _ => {
                if let Some(s) = sections.last_mut() {
                    s.1.push_str(line);
                    s.1.push('\n');
                }
            }
        }
    }
    for (name, body) in &sections {
        match name.as_str() {
            "maximize" | "minimize" => {
                r.maximise = name == "maximize";
                let (_, _, terms, _) = &lp_rows(body)[0];
                r.objective = terms.clone().into_iter().filter(|t| t.1 != 0.0).collect();
            }
            "subject to" => {
                // An empty row is written `0 <some column>`: keep only real terms.
                r.rows = lp_rows(body);
                for row in &mut r.rows {
                    row.2.retain(|_, c| *c != 0.0);
                }
            }
            "bounds" => body.lines().for_each(|l| lp_bound(&mut r, l)),
            "general" => {
                for n in body.split_whitespace() {
                    let k = r.col(n, true);
                    r.columns[k].3 = true;
                }
            }
            _ => {}
        }
    }
    // A column with default bounds shows only in the terms that use it.
    let used: Vec<String> = (r.objective.keys())
        .chain(r.rows.iter().flat_map(|row| row.2.keys()))
        .cloned()
        .collect();
    for n in used {
        r.col(&n, false);
    }
    r
}

/// Rows `name: [+|-] c x ... op rhs` (the objective has no op).
fn lp_rows(body: &str) -> Vec<(String, char, BTreeMap<String, f64>, f64)> {
    let mut rows = Vec::new();
    let (mut sign, mut coef) = (1.0, None::<f64>);
    let mut op = None;
    for tok in body.split_whitespace() {
        if let Some(name) = tok.strip_suffix(':') {
            rows.push((name.to_string(), ' ', BTreeMap::new(), 0.0));
            continue;
        }
        let row = rows.last_mut().expect("a row name first");
        if let Some(o) = op.take() {
            row.1 = o;
            row.3 = number(tok);
            continue;
        }
        match tok {
            "+" => sign = 1.0,
            "-" => sign = -1.0,
            "<=" | "=<" => op = Some('L'),
            ">=" | "=>" => op = Some('G'),
            "=" => op = Some('E'),
            t if t.parse::<f64>().is_ok() => coef = Some(number(t)),
            name => {
                let c = sign * coef.take().unwrap_or(1.0);
                *row.2.entry(name.to_string()).or_default() += c;
                sign = 1.0;
            }
        }
    }
    rows
}

fn lp_bound(r: &mut Read, line: &str) {
    let f: Vec<&str> = line.split_whitespace().collect();
    match f.as_slice() {
        [] => {}
        [n, "free"] => {
            let k = r.col(n, false);
            (r.columns[k].1, r.columns[k].2) = (f64::NEG_INFINITY, f64::INFINITY);
        }
        [lo, "<=", n, "<=", hi] => {
            let k = r.col(n, false);
            (r.columns[k].1, r.columns[k].2) = (number(lo), number(hi));
        }
        [n, "=", v] => {
            let k = r.col(n, false);
            (r.columns[k].1, r.columns[k].2) = (number(v), number(v));
        }
        [n, ">=", v] => {
            let k = r.col(n, false);
            r.columns[k].1 = number(v);
        }
        [n, "<=", v] => {
            let k = r.col(n, false);
            r.columns[k].2 = number(v);
        }
        other => panic!("unexpected bound line {other:?}"),
    }
}
