//! Reading a baseline plan: the JSON that `leadplan solve --format json` writes.
//!
//! Only `assignments[].task` and `assignments[].leads` are read. Every problem
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
    };
    for (k, item) in items.iter().enumerate() {
        r.assignment(k, item);
    }
    r.check_missing_tasks();
    if r.diags.is_empty() {
        Ok(r.leads)
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
