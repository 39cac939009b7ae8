//! The Pareto front on the page: of the open scenario, as edited, computed
//! here, or of a finished `leadplan pareto` run saved in the folder.
//!
//! A front computed here is [`crate::pareto::pareto`]'s own, through
//! [`pareto_within`] with a budget: at most [`MAX_SOLVES`] solver calls and
//! [`MAX_SECONDS`](super::sweep::MAX_SECONDS) seconds, after which it is
//! refused (413) with the command that computes it whatever it takes. Within
//! the budget the report is the one `leadplan pareto --format json` prints,
//! serialised the same way, so the plan the page shows for a point is that
//! command's. A saved front (`leadplan pareto ... --format json --out
//! front.json`) is read as the JSON the command wrote, after checking it has
//! the shape of one, and shown as it is.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::api::{apply, Edits};
use super::folder::Folder;
use super::front::read_front;
use super::reply::Refusal;
use super::Loaded;
use crate::model::Term;
use crate::optimize::lead_variable_count;
use crate::pareto::{pareto_within, Budget};
use crate::scenario::Scenario;
use crate::SolveOptions;

/// Most solver calls a front computed by the page may take.
pub const MAX_SOLVES: usize = 2_000;

/// Most grid points per constrained term the page asks for.
const MAX_POINTS: u64 = 200;

/// The terms `objectives` names (`fit,cost`), or why not.
fn terms(objectives: &str) -> Result<Vec<Term>, Refusal> {
    objectives
        .split(',')
        .map(|t| Term::parse(t).map_err(|e| Refusal::new(400, e)))
        .collect()
}

/// `--points N` of the request, bounded.
fn grid(points: Option<&str>) -> Result<Option<usize>, Refusal> {
    let Some(p) = points.filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    match p.parse::<u64>() {
        Ok(n) if (2..=MAX_POINTS).contains(&n) => Ok(Some(n as usize)),
        _ => Err(Refusal::new(
            400,
            format!("points must be a whole number from 2 to {MAX_POINTS}, or left out for the complete front"),
        )),
    }
}

/// The front of `l`'s scenario with `e` applied, between `objectives`.
pub fn compute(
    l: &Loaded,
    e: &Edits,
    objectives: &str,
    points: Option<&str>,
    opts: &SolveOptions,
) -> Result<Value, Refusal> {
    let budget = Budget {
        solves: MAX_SOLVES,
        until: Some(Instant::now() + Duration::from_secs_f64(super::sweep::MAX_SECONDS)),
    };
    compute_within(l, e, (objectives, points), opts, budget)
}

/// [`compute`] within `budget`.
fn compute_within(
    l: &Loaded,
    e: &Edits,
    (objectives, points): (&str, Option<&str>),
    opts: &SolveOptions,
    budget: Budget,
) -> Result<Value, Refusal> {
    let objs = terms(objectives)?;
    let points = grid(points)?;
    let s = match apply(&l.scenario, e) {
        Ok(s) => s,
        Err(problems) => return Ok(json!({ "status": "invalid", "problems": problems })),
    };
    opts.pick(lead_variable_count(&s))
        .map_err(|e| Refusal::new(400, e.to_string()))?;
    let grid_flag = points.map_or(String::new(), |n| format!(" --points {n}"));
    let how = format!(
        "run `leadplan pareto {} --objectives {objectives}{grid_flag} --format json --out front.json` (on the scenario as edited: download it first), then open front.json here",
        l.file
    );
    match pareto_within(&s, &objs, points, opts, budget) {
        Ok(Ok(report)) => Ok(shown(&report, &s)),
        Ok(Err(cut)) => Err(Refusal::new(
            413,
            format!(
                "the front was not complete after {} solver calls: the page computes fronts of at most {MAX_SOLVES} solver calls and {:.0} s; ask for fewer --points, or {how}",
                cut.solves,
                super::sweep::MAX_SECONDS
            ),
        )),
        Err(err) => Err(Refusal::new(400, err.to_string())),
    }
}

/// The report as the command prints it, with the names the page shows.
fn shown(report: &crate::pareto::ParetoReport, s: &Scenario) -> Value {
    let text = crate::resilience::to_json(report);
    let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    json!({ "kind": "pareto", "report": v, "names": super::sweep::names(s) })
}

/// A saved front `rel` of the folder.
pub fn open(dir: &Folder, rel: &str) -> Result<Value, Refusal> {
    let path = dir.confine(rel)?;
    let v = read_front(&path).map_err(|why| {
        Refusal::new(
            400,
            format!("`{rel}` is not a front `leadplan pareto --format json` wrote: {why}"),
        )
    })?;
    Ok(json!({ "kind": "pareto", "file": rel, "report": v, "names": {} }))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn trilateral() -> Loaded {
        let file = "scenarios/trilateral-public-goods.toml";
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        Loaded {
            scenario: Scenario::load(&path).unwrap(),
            file: file.into(),
            hash: String::new(),
        }
    }

    #[test]
    fn a_front_past_the_budget_is_refused_with_the_command_that_computes_it() {
        let l = trilateral();
        let opts = SolveOptions::default();
        let tiny = Budget {
            solves: 3,
            until: None,
        };
        let r = compute_within(&l, &Edits::default(), ("fit,fairness", None), &opts, tiny);
        let r = r.unwrap_err();
        assert_eq!(r.code, 413);
        assert!(r.message.contains("after 3 solver calls"), "{}", r.message);
        assert!(
            r.message.contains("leadplan pareto scenarios/trilateral-public-goods.toml --objectives fit,fairness --format json"),
            "{}",
            r.message
        );
        // A time already past refuses before the first solve.
        let late = Budget {
            solves: MAX_SOLVES,
            until: Some(Instant::now()),
        };
        let r = compute_within(&l, &Edits::default(), ("fit,cost", None), &opts, late);
        assert_eq!(r.unwrap_err().code, 413);
        // Within the budget: the command's report.
        let all = compute(&l, &Edits::default(), "fit,cost", None, &opts).unwrap();
        let want = crate::pareto::pareto(&l.scenario, &[Term::Fit, Term::Cost], None, &opts);
        let want: Value =
            serde_json::from_str(&crate::resilience::to_json(&want.unwrap())).unwrap();
        assert_eq!(all["report"], want);
    }
}
