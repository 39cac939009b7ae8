//! Two states side by side: two files of the folder, or one file under two
//! sets of edits (states the page saved).
//!
//! Each side is applied and solved as the page's plan is ([`super::api`]), and
//! the two plans' leads are compared by [`lead_changes`], the comparison
//! `leadplan compare` reports: the change count is the number of tasks whose
//! leads differ, matched by task id.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{json, Value};

use super::api::{apply, Edits};
use super::reply::Refusal;
use super::Loaded;
use crate::resilience::{lead_changes, task_leads, TaskLeads};
use crate::{solve, Outcome, SolveOptions};

/// One side of a comparison.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Side {
    /// The file, relative to the folder served (none: the one file served).
    pub file: Option<String>,
    /// The file's hash when the state was saved: a file changed since is
    /// refused rather than compared under edits made for another version.
    pub hash: Option<String>,
    /// The edits of the state.
    pub edits: Edits,
}

/// The two sides, A then B.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Pair {
    /// A.
    pub a: Side,
    /// B.
    pub b: Side,
}

/// One side's plan: its leads, or why it has none.
fn side_plan(
    l: &Loaded,
    side: &Side,
    opts: &SolveOptions,
) -> Result<(Value, Option<Vec<TaskLeads>>), Refusal> {
    if let Some(h) = side.hash.as_deref().filter(|h| *h != l.hash) {
        return Err(Refusal::new(
            409,
            format!(
                "the state of `{}` was saved on another version of the file (sha256 {h}...; it is now {}...): save it again",
                l.file, l.hash
            ),
        ));
    }
    let s = match apply(&l.scenario, &side.edits) {
        Ok(s) => s,
        Err(problems) => {
            return Ok((
                json!({ "file": l.file, "status": "invalid", "message": problems.join("; ") }),
                None,
            ))
        }
    };
    let outcome = solve(&s, opts).map_err(|e| Refusal::new(500, e.to_string()))?;
    Ok(match outcome {
        Outcome::Planned(p) => {
            let leads = task_leads(&s, &p);
            let names: BTreeMap<&str, &str> = s
                .tasks
                .iter()
                .map(|t| (t.id.as_str(), t.name.as_str()))
                .chain(s.countries.iter().map(|c| (c.id.as_str(), c.name.as_str())))
                .collect();
            (
                json!({ "file": l.file, "status": "planned", "objective": p.objective, "names": names }),
                Some(leads),
            )
        }
        Outcome::Infeasible(_) => (
            json!({ "file": l.file, "status": "infeasible", "message": "no plan meets every rule" }),
            None,
        ),
        Outcome::NoPlanFound { .. } => (
            json!({ "file": l.file, "status": "no_plan", "message": "no plan found within the time limit" }),
            None,
        ),
    })
}

/// The comparison of A and B: each side's plan, the tasks of both with their
/// leads, which differ, and how many.
pub fn compare(
    (la, a): (&Loaded, &Side),
    (lb, b): (&Loaded, &Side),
    opts: &SolveOptions,
) -> Result<Value, Refusal> {
    let (va, pa) = side_plan(la, a, opts)?;
    let (vb, pb) = side_plan(lb, b, opts)?;
    let (Some(pa), Some(pb)) = (pa, pb) else {
        return Ok(json!({ "a": va, "b": vb, "rows": [], "changes": null, "differ": [] }));
    };
    let differ = lead_changes(&pa, &pb);
    let leads_of = |list: &[TaskLeads], task: &str| {
        list.iter()
            .find(|t| t.task == task)
            .map(|t| json!(t.leads))
            .unwrap_or(Value::Null)
    };
    let mut tasks: Vec<&str> = pa.iter().map(|t| t.task.as_str()).collect();
    tasks.extend(
        pb.iter()
            .map(|t| t.task.as_str())
            .filter(|t| !pa.iter().any(|x| x.task == *t)),
    );
    let rows: Vec<Value> = tasks
        .iter()
        .map(|t| {
            json!({
                "task": t,
                "a": leads_of(&pa, t),
                "b": leads_of(&pb, t),
                "changed": differ.iter().any(|d| d.task == *t),
            })
        })
        .collect();
    Ok(json!({
        "a": va,
        "b": vb,
        "rows": rows,
        "changes": differ.len(),
        "differ": differ,
    }))
}
