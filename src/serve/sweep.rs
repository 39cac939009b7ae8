//! A sweep on the page: the lead frequencies of a sweep file of the folder,
//! run here, or of a finished sweep's folder, with its `discover` box.
//!
//! A sweep file is run in memory by the sweep engine's own steps (the base
//! plan, each run by [`execute`], the aggregate in run order by
//! [`Aggregator`]), so its frequencies are the ones `leadplan sweep` prints
//! for the same file; nothing is written. Only a small sweep runs here:
//! one over [`MAX_RUNS`] runs, or expected to take over [`MAX_SECONDS`]
//! from the time of one solve of its base scenario, is refused with its run
//! count and the command that runs it. A finished sweep's folder is read as
//! `leadplan discover` reads it ([`SweepResults::open`]); a sweep run here is
//! read by the same conversions from its summary and its runs' JSON lines as
//! the folder would hold them ([`SweepResults::in_memory`]). Either way its
//! default question is answered by [`default_discovery`], so the box and its
//! peeling trajectory are the ones `leadplan discover` gives.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde_json::{json, Value};

use super::folder::Folder;
use super::reply::Refusal;
use crate::discover::default_discovery;
use crate::error::Error;
use crate::optimize::lead_variable_count;
use crate::scenario::Scenario;
use crate::sweep::data::{scenario_file, SweepResults};
use crate::sweep::engine::baseline;
use crate::sweep::run::{execute, RunContext};
use crate::sweep::stats::Aggregator;
use crate::sweep::{Overrides, Sweep};
use crate::SolveOptions;

/// Most runs a sweep run by the page may have.
pub const MAX_RUNS: u64 = 5_000;

/// Longest a sweep run by the page may be expected to take, in seconds.
pub const MAX_SECONDS: f64 = 30.0;

/// The sweep file or finished sweep folder `rel` of the folder, as the page shows it.
pub fn open(dir: &Folder, rel: &str, opts: &SolveOptions) -> Result<Value, Refusal> {
    let path = dir.confine_any(rel)?;
    if path.is_dir() {
        return results(dir, rel, &path);
    }
    let text = crate::input::read_text(&path, crate::input::InputKind::Sweep)
        .map_err(|e| Refusal::new(400, e.to_string()))?;
    if let Some(base) = sweep_base(&text) {
        // The base scenario must be in the folder too.
        let within = Path::new(rel).parent().unwrap_or(Path::new("")).join(base);
        dir.confine(&within.to_string_lossy())?;
    }
    let sweep = Sweep::load(&path, Overrides::default())
        .map_err(|e| Refusal::new(400, format!("`{rel}` is not a sweep that loads:\n{e}")))?;
    run(&sweep, rel, opts)
}

/// The path a sweep file's `[sweep] scenario` names, relative to the sweep
/// file, if it names one.
fn sweep_base(text: &str) -> Option<PathBuf> {
    let v: toml::Value = toml::from_str(text).ok()?;
    v.get("sweep")?.get("scenario")?.as_str().map(PathBuf::from)
}

fn failed(e: Error) -> Refusal {
    Refusal::new(500, format!("the sweep failed: {e}"))
}

/// Runs `sweep` in memory, if it is small enough.
fn run(sweep: &Sweep, rel: &str, opts: &SolveOptions) -> Result<Value, Refusal> {
    let runs = sweep.design.runs();
    let how = format!("run `leadplan sweep {rel} --out DIR` in the folder, then open DIR here");
    if runs > MAX_RUNS {
        return Err(Refusal::new(
            413,
            format!("`{rel}` makes {runs} runs; the page runs sweeps of at most {MAX_RUNS}: {how}"),
        ));
    }
    opts.pick(lead_variable_count(&sweep.scenario))
        .map_err(|e| Refusal::new(400, e.to_string()))?;
    let clock = Instant::now();
    let base = baseline(sweep, opts).map_err(failed)?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let expected = clock.elapsed().as_secs_f64() * runs as f64 / threads as f64;
    if expected > MAX_SECONDS {
        return Err(Refusal::new(
            413,
            format!(
                "`{rel}` makes {runs} runs, about {expected:.0} s at the speed of one solve of its base scenario; the page runs sweeps of at most {MAX_SECONDS:.0} s: {how}"
            ),
        ));
    }
    let ctx = RunContext::new(sweep, opts.clone(), base.as_ref().map(|b| b.leads.clone()));
    let records: Vec<_> = (0..runs)
        .into_par_iter()
        .map(|r| execute(&ctx, r).0)
        .collect();
    let mut agg = Aggregator::new(sweep, base);
    for r in &records {
        agg.add(r);
    }
    let summary = agg.summary(sweep);
    let (discovery, note) = discovery(
        SweepResults::in_memory(sweep, &summary, &records).as_ref(),
        &sweep.scenario,
    );
    let s = &sweep.scenario;
    let tasks: Vec<Value> = summary
        .tasks
        .iter()
        .map(|t| {
            json!({
                "task": t.task,
                "baseline_leads": t.baseline_leads,
                "stability": t.stability,
                "lead_frequency": t.lead_frequency,
            })
        })
        .collect();
    Ok(json!({
        "kind": "sweep",
        "file": rel,
        "design": summary.design,
        "runs": summary.runs,
        "status": summary.status,
        "failed": summary.failed,
        "plan_survival": summary.plan_survival,
        "names": names(s),
        "tasks": tasks,
        "discovery": discovery,
        "discovery_note": note,
    }))
}

/// `discover`'s default box on a sweep's runs, or why there is none.
fn discovery(sw: Result<&SweepResults, &Error>, s: &Scenario) -> (Value, String) {
    let found = sw.map_err(Error::to_string);
    match found.and_then(|sw| default_discovery(sw, s).map_err(|e| e.to_string())) {
        Ok(d) => (json!(d), String::new()),
        Err(e) => (Value::Null, format!("No discover box: {e}")),
    }
}

/// Country and task names by id.
pub(super) fn names(s: &Scenario) -> Value {
    let m: std::collections::BTreeMap<&str, &str> = s
        .tasks
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str()))
        .chain(s.countries.iter().map(|c| (c.id.as_str(), c.name.as_str())))
        .collect();
    json!(m)
}

/// The scenario a finished sweep ran on, inside the folder.
fn base_of(dir: &Folder, sweep_dir: &Path) -> Result<PathBuf, Refusal> {
    let named = scenario_file(sweep_dir).map_err(|e| Refusal::new(400, e.to_string()))?;
    if named.is_absolute() {
        let canon = named.canonicalize().map_err(|_| {
            Refusal::new(
                404,
                format!(
                    "the sweep ran on `{}`, which is not a file",
                    named.display()
                ),
            )
        })?;
        if canon.starts_with(dir.root()) && canon.is_file() {
            return Ok(canon);
        }
        return Err(Refusal::new(
            403,
            format!(
                "the sweep ran on `{}`, outside the folder served: it is refused",
                named.display()
            ),
        ));
    }
    dir.confine(&named.to_string_lossy())
}

/// Refuses a sweep folder holding a link that leads outside the folder served:
/// its files are read as they are named.
fn check_links(dir: &Folder, rel: &str, path: &Path) -> Result<(), Refusal> {
    let entries = std::fs::read_dir(path)
        .map_err(|e| Refusal::new(404, format!("cannot read the folder `{rel}`: {e}")))?;
    for e in entries.flatten() {
        let inside = e
            .path()
            .canonicalize()
            .is_ok_and(|p| p.starts_with(dir.root()));
        if !inside {
            return Err(Refusal::new(
                403,
                format!(
                    "`{rel}` is refused: its `{}` leads outside the folder served",
                    e.file_name().to_string_lossy()
                ),
            ));
        }
    }
    Ok(())
}

/// A finished sweep's folder: its lead frequencies and `discover`'s default box.
fn results(dir: &Folder, rel: &str, path: &Path) -> Result<Value, Refusal> {
    check_links(dir, rel, path)?;
    let file = base_of(dir, path).map_err(|r| {
        Refusal::new(
            r.code,
            format!("the sweep in `{rel}` cannot be opened: {}", r.message),
        )
    })?;
    let s = Scenario::load(&file).map_err(|e| Refusal::new(400, e.to_string()))?;
    let sw = SweepResults::open(path, &file, &s).map_err(|e| Refusal::new(400, e.to_string()))?;
    let id = |i: &usize| s.countries[*i].id.clone();
    let tasks: Vec<Value> = s
        .tasks
        .iter()
        .zip(&sw.tasks)
        .map(|(t, r)| {
            let freq: serde_json::Map<String, Value> = s
                .countries
                .iter()
                .zip(&r.lead_frequency)
                .map(|(c, f)| (c.id.clone(), json!(f)))
                .collect();
            json!({
                "task": t.id,
                "baseline_leads": r.baseline_leads.iter().map(id).collect::<Vec<_>>(),
                "stability": r.stability,
                "lead_frequency": freq,
            })
        })
        .collect();
    let (discovery, note) = discovery(Ok(&sw), &s);
    Ok(json!({
        "kind": "results",
        "file": rel,
        "design": sw.design,
        "runs": sw.runs,
        "status": sw.status.iter().map(|(k, n)| (k.clone(), json!(n))).collect::<serde_json::Map<String, Value>>(),
        "failed": sw.failed,
        "names": names(&s),
        "tasks": tasks,
        "discovery": discovery,
        "discovery_note": note,
        "notes": sw.notes,
    }))
}
