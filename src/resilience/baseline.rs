//! Reading a baseline plan: the JSON that `leadplan solve --format json` writes.
//!
//! `replan` reads only `assignments[].task` and `assignments[].leads`; `score`
//! also reads `assignments[].shares` ([`parse_plan`]), and leaves a task's
//! lead count to the rule book (a wrong count is a limit the plan breaks, not
//! a malformed file). Every problem
//! (not JSON, not a solve output, a task or country the scenario does not have,
//! a scenario task the baseline lacks) becomes a diagnostic with the file, line
//! and column, the key path and a fix, and all of them are reported at once.

use std::ops::Range;
use std::path::Path;

use serde_json::Value;

use crate::diag::{closest, Diagnostic, SourceMap};
use crate::error::Error;
use crate::scenario::Scenario;

/// Reads the baseline at `path` against `s`: its leads as `(country, task)` pairs.
pub fn read(path: &Path, s: &Scenario) -> Result<Vec<(usize, usize)>, Error> {
    let file = path.display().to_string();
    let text = crate::input::read_text(path, crate::input::InputKind::Baseline)?;
    parse(&text, &file, s).map_err(|diagnostics| Error::Invalid { diagnostics })
}

/// Parses baseline text; `file` names it in diagnostics.
pub fn parse(text: &str, file: &str, s: &Scenario) -> Result<Vec<(usize, usize)>, Vec<Diagnostic>> {
    read_items(text, file, s, true).map(|r| r.leads)
}

/// A proposed plan as a file gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    /// Per task, its lead countries (ascending, each once).
    pub leads: Vec<Vec<usize>>,
    /// Per task and country, the share of the task's cost paid (each led
    /// task's shares sum to 1), or `None` when the file gives no shares.
    pub shares: Option<Vec<Vec<f64>>>,
}

impl Proposal {
    /// Its leads as `(country, task)` pairs, in task order.
    pub fn pairs(&self) -> Vec<(usize, usize)> {
        (self.leads.iter().enumerate())
            .flat_map(|(t, ls)| ls.iter().map(move |&i| (i, t)))
            .collect()
    }
}

/// Reads the plan at `path` (the JSON of `solve --format json`) against `s`.
pub fn read_plan(path: &Path, s: &Scenario) -> Result<Proposal, Error> {
    let file = path.display().to_string();
    let text = crate::input::read_text(path, crate::input::InputKind::Baseline)?;
    parse_plan(&text, &file, s).map_err(|diagnostics| Error::Invalid { diagnostics })
}

/// Parses a plan's JSON, shares included; `file` names it in diagnostics.
pub fn parse_plan(text: &str, file: &str, s: &Scenario) -> Result<Proposal, Vec<Diagnostic>> {
    let r = read_items(text, file, s, false)?;
    let mut leads = vec![Vec::new(); s.tasks.len()];
    for &(i, t) in &r.leads {
        leads[t].push(i);
    }
    for l in &mut leads {
        l.sort_unstable();
    }
    let shares = r.any_shares.then(|| {
        (r.shares.into_iter())
            .map(|row| row.unwrap_or_else(|| vec![0.0; s.countries.len()]))
            .collect()
    });
    Ok(Proposal { leads, shares })
}

/// A read of the assignments: leads, and shares where given.
struct Read {
    leads: Vec<(usize, usize)>,
    shares: Vec<Option<Vec<f64>>>,
    any_shares: bool,
}

fn read_items(text: &str, file: &str, s: &Scenario, strict: bool) -> Result<Read, Vec<Diagnostic>> {
    let map = SourceMap::new(file, text);
    let hint_solve =
        "write the baseline with `leadplan solve SCENARIO --format json --out PLAN.json`"
            .to_string();
    let root: Value = serde_json::from_str(text).map_err(|e| {
        let at = offset_of(text, e.line(), e.column());
        vec![map.diag(
            at..at + 1,
            "",
            format!("not valid JSON: {e}"),
            Some(hint_solve.clone()),
        )]
    })?;
    let Some(items) = root.get("assignments").and_then(Value::as_array) else {
        return Err(vec![map.diag(
            0..1,
            "assignments",
            "expected the JSON output of `leadplan solve`: an object with an `assignments` list",
            Some(hint_solve),
        )]);
    };
    if items.is_empty() {
        let status = root
            .get("status")
            .and_then(Value::as_str)
            .unwrap_or("unknown");
        let at = locate(text, "\"assignments\"", 0);
        return Err(vec![map.diag(
            at,
            "assignments",
            format!("the baseline has no plan (status `{status}`)"),
            Some("replan from a plan: solve a feasible version of the scenario first".into()),
        )]);
    }
    let mut r = Reader {
        text,
        map,
        s,
        diags: Vec::new(),
        seen: vec![false; s.tasks.len()],
        leads: Vec::new(),
        cursor: 0,
        strict,
        shares: vec![None; s.tasks.len()],
    };
    for (k, item) in items.iter().enumerate() {
        r.assignment(k, item);
    }
    r.check_missing_tasks();
    let any_shares = r.shares.iter().any(Option::is_some);
    if !strict && any_shares {
        r.check_shares_everywhere();
    }
    if r.diags.is_empty() {
        Ok(Read {
            leads: r.leads,
            shares: r.shares,
            any_shares,
        })
    } else {
        Err(r.diags)
    }
}

struct Reader<'a> {
    text: &'a str,
    map: SourceMap<'a>,
    s: &'a Scenario,
    diags: Vec<Diagnostic>,
    seen: Vec<bool>,
    leads: Vec<(usize, usize)>,
    cursor: usize,
    /// A task with more leads than the scenario gives it is an error (replan).
    strict: bool,
    /// Per task, the shares read (score).
    shares: Vec<Option<Vec<f64>>>,
}

impl Reader<'_> {
    fn error(&mut self, span: Range<usize>, path: &str, message: String, hint: String) {
        let map = &self.map;
        crate::diag::push_capped(&mut self.diags, || {
            map.diag(span, path, message, Some(hint))
        });
    }

    fn assignment(&mut self, k: usize, item: &Value) {
        let path = format!("assignments[{k}]");
        let Some(id) = item.get("task").and_then(Value::as_str) else {
            let at = locate(self.text, "\"task\"", self.cursor);
            return self.error(
                at,
                &format!("{path}.task"),
                "this assignment has no `task` string".into(),
                "each assignment needs `\"task\": \"<task id>\"`".into(),
            );
        };
        let at = locate(self.text, &quoted(id), self.cursor);
        self.cursor = at.end;
        let Some(t) = self.s.task_index(id) else {
            let hint = match closest(id, self.s.tasks.iter().map(|t| t.id.as_str())) {
                Some(c) => format!(
                    "did you mean `{c}`? Otherwise the baseline was solved for another scenario"
                ),
                None => format!(
                    "the baseline was solved for another scenario; the scenario's tasks are {}",
                    self.s
                        .tasks
                        .iter()
                        .map(|t| t.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            return self.error(
                at,
                &format!("{path}.task"),
                format!("task `{id}` is not in the scenario"),
                hint,
            );
        };
        if std::mem::replace(&mut self.seen[t], true) {
            return self.error(
                at,
                &format!("{path}.task"),
                format!("task `{id}` appears twice"),
                "keep one assignment per task".into(),
            );
        }
        let Some(leads) = item.get("leads").and_then(Value::as_array) else {
            return self.error(
                at,
                &format!("{path}.leads"),
                format!("task `{id}` has no `leads` list"),
                "add `\"leads\": [\"<country id>\", ...]`".into(),
            );
        };
        for (j, v) in leads.iter().enumerate() {
            self.lead(&format!("{path}.leads[{j}]"), t, v);
        }
        if !self.strict {
            if let Some(shares) = item.get("shares") {
                self.shares(&format!("{path}.shares"), t, shares);
            }
            return;
        }
        let want = self.s.tasks[t].leads;
        let given = self.leads.iter().filter(|(_, task)| *task == t).count();
        if given > want {
            self.error(
                at,
                &format!("{path}.leads"),
                format!(
                    "task `{id}` has {given} leads in the baseline, but the scenario gives it {want}"
                ),
                "the baseline was solved for another version of the task: keep its leads, or solve the scenario again".into(),
            );
        }
    }

    fn lead(&mut self, path: &str, t: usize, v: &Value) {
        let Some(cid) = v.as_str() else {
            let at = self.cursor..self.cursor + 1;
            return self.error(
                at,
                path,
                format!("expected a country id string, found `{v}`"),
                "write lead countries as ids, e.g. \"JP\"".into(),
            );
        };
        let at = locate(self.text, &quoted(cid), self.cursor);
        self.cursor = at.end;
        match self.s.country_index(cid) {
            Some(i) if self.leads.contains(&(i, t)) => self.error(
                at,
                path,
                format!(
                    "`{cid}` is listed twice as a lead of `{}`",
                    self.s.tasks[t].id
                ),
                "list each lead once".into(),
            ),
            Some(i) => self.leads.push((i, t)),
            None => {
                let hint = match closest(cid, self.s.countries.iter().map(|c| c.id.as_str())) {
                    Some(c) => format!("did you mean `{c}`? Otherwise the baseline was solved for another scenario"),
                    None => format!("the scenario's countries are {}; to replan without a country, keep it in the scenario and bar it with `lead = false` pins or zero capacity", self.s.countries.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ")),
                };
                self.error(
                    at,
                    path,
                    format!("country `{cid}` is not in the scenario"),
                    hint,
                )
            }
        }
    }

    /// A task's shares: a map from country id to the fraction of its cost
    /// paid, summing to 1 where the task has a lead and to 0 where it has none.
    fn shares(&mut self, path: &str, t: usize, v: &Value) {
        let id = self.s.tasks[t].id.clone();
        let at = locate(self.text, "\"shares\"", self.cursor);
        let Some(map) = v.as_object() else {
            return self.error(
                at,
                path,
                format!("the shares of `{id}` are not a map"),
                "write `\"shares\": {\"<country id>\": <fraction of the cost>, ...}`".into(),
            );
        };
        let mut row = vec![0.0; self.s.countries.len()];
        for (cid, x) in map {
            let here = locate(self.text, &quoted(cid), self.cursor);
            let Some(i) = self.s.country_index(cid) else {
                let hint = match closest(cid, self.s.countries.iter().map(|c| c.id.as_str())) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => "name a country of the scenario".into(),
                };
                self.error(
                    here,
                    &format!("{path}.{cid}"),
                    format!("country `{cid}` is not in the scenario"),
                    hint,
                );
                continue;
            };
            match x.as_f64() {
                Some(f) if f.is_finite() && (0.0..=1.0 + SHARE_TOL).contains(&f) => row[i] = f,
                _ => self.error(
                    here,
                    &format!("{path}.{cid}"),
                    format!("the share of `{cid}` in `{id}` is `{x}`, not a fraction from 0 to 1"),
                    "write the part of the task's cost the country pays, e.g. 0.5".into(),
                ),
            }
        }
        let led = self.leads.iter().any(|&(_, task)| task == t);
        if let Err((msg, hint)) = settle_shares(&id, &mut row, led) {
            self.error(at, path, msg, hint);
        }
        self.shares[t] = Some(row);
    }

    /// Where some tasks give shares, every led task must.
    fn check_shares_everywhere(&mut self) {
        for t in 0..self.s.tasks.len() {
            let led = self.leads.iter().any(|&(_, task)| task == t);
            if led && self.shares[t].is_none() && self.seen[t] {
                let id = self.s.tasks[t].id.clone();
                let at = locate(self.text, &quoted(&id), 0);
                self.error(at, "assignments", format!("task `{id}` has no `shares` where other tasks have them"), "give every led task its shares, or leave shares out everywhere (leadplan then picks the best split)".into());
            }
        }
    }

    fn check_missing_tasks(&mut self) {
        let missing: Vec<String> = (0..self.s.tasks.len())
            .filter(|&t| !self.seen[t])
            .map(|t| self.s.tasks[t].id.clone())
            .collect();
        if !missing.is_empty() {
            let at = locate(self.text, "\"assignments\"", 0);
            let msg = format!(
                "the baseline has no assignment for scenario task(s) {}",
                missing.join(", ")
            );
            self.error(at, "assignments", msg, "the baseline must come from `leadplan solve` on a scenario with the same tasks; add the task(s) with their leads".into());
        }
    }
}

/// How far a task's shares may sum from 1 (a plan written with rounded
/// shares, six decimals in CSV); within it they are scaled to sum to 1.
pub(crate) const SHARE_TOL: f64 = 1e-4;

/// Checks that a task's shares sum to 1 (`led`) or to 0 (no lead) within
/// [`SHARE_TOL`], and scales a led task's to sum to exactly 1; else the
/// message and hint of the problem.
pub(crate) fn settle_shares(id: &str, row: &mut [f64], led: bool) -> Result<(), (String, String)> {
    let sum: f64 = row.iter().sum();
    if led && (sum - 1.0).abs() > SHARE_TOL {
        let msg = format!(
            "the shares of `{id}` sum to {}; they must sum to 1",
            crate::fmt::fmt_num(sum)
        );
        return Err((
            msg,
            "give each payer its fraction of the task's cost, the fractions adding up to 1".into(),
        ));
    }
    if !led && sum > SHARE_TOL {
        let msg = format!(
            "`{id}` has no lead but its shares sum to {}",
            crate::fmt::fmt_num(sum)
        );
        return Err((
            msg,
            "a task nobody leads costs nothing: leave its shares empty, or give it leads".into(),
        ));
    }
    if led {
        row.iter_mut().for_each(|x| *x /= sum);
    } else {
        row.iter_mut().for_each(|x| *x = 0.0);
    }
    Ok(())
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialise")
}

/// Byte range of the first `needle` at or after `from` (an empty range at `from` if none).
fn locate(text: &str, needle: &str, from: usize) -> Range<usize> {
    match text.get(from..).and_then(|rest| rest.find(needle)) {
        Some(k) => from + k..from + k + needle.len(),
        None => from..from,
    }
}

/// Byte offset of a 1-based line and column (serde_json's error position).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Scenario {
        let text = "[[country]]\nid = \"JP\"\ncapacity = 2\n[[country]]\nid = \"KR\"\ncapacity = 2\n[[task]]\nid = \"a\"\neffort = 1\n[[task]]\nid = \"b\"\neffort = 1\nleads = 2\n";
        Scenario::from_toml_str(text, "s.toml").unwrap()
    }

    fn messages(text: &str) -> Vec<String> {
        parse(text, "p.json", &scenario())
            .unwrap_err()
            .into_iter()
            .map(|d| format!("{}:{} {}", d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn reads_leads_as_country_task_pairs() {
        let text = r#"{"assignments": [{"task": "b", "leads": ["KR", "JP"]}, {"task": "a", "leads": ["JP"]}]}"#;
        assert_eq!(
            parse(text, "p.json", &scenario()).unwrap(),
            vec![(1, 1), (0, 1), (0, 0)]
        );
    }

    #[test]
    fn every_problem_is_reported_with_its_position() {
        let text = "{\"assignments\": [\n  {\"task\": \"a\", \"leads\": [\"JP\", \"JP\"]},\n  {\"task\": \"a\", \"leads\": [\"CN\"]}\n]}";
        assert_eq!(
            messages(text),
            [
                "2:33 `JP` is listed twice as a lead of `a`",
                "3:12 task `a` appears twice",
                "1:2 the baseline has no assignment for scenario task(s) b",
            ]
        );
    }

    #[test]
    fn a_file_that_is_not_a_solve_output_or_has_no_plan_says_so() {
        assert!(
            messages(r#"{"plan": []}"#)[0].contains("expected the JSON output of `leadplan solve`")
        );
        assert!(
            messages(r#"{"status": "infeasible", "assignments": []}"#)[0]
                .contains("no plan (status `infeasible`)")
        );
    }
}
