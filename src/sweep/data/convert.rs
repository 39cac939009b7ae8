//! From the sweep's raw JSON to [`SweepResults`]: every check, each failure a sentence with a fix.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::raw;
use super::{
    BaselinePlan, Correlation, Morris, Regret, Sobol, SobolIndex, SweepResults, TaskRobustness,
};
use crate::error::Error;
use crate::scenario::Scenario;
use crate::sweep::correlation_record::CorrelationRecord;
use crate::sweep::significance::{rho_p_value, significant};

fn bad(msg: String) -> Error {
    Error::Usage(msg)
}

/// What to do about a folder whose files are cut short: the resume command,
/// with the sweep file (and shard) its manifest names when it can be read.
pub fn resume_hint(dir: &Path) -> String {
    let manifest =
        crate::input::read_text(&dir.join(super::MANIFEST), crate::input::InputKind::Sweep)
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok());
    let field = |k: &str| manifest.as_ref().and_then(|m| m.get(k).cloned());
    let sweep = field("sweep_file")
        .and_then(|v| v.as_str().map(shell_word))
        .unwrap_or_else(|| "SWEEP_FILE".into());
    let shard = field("shard")
        .and_then(|s| Some((s.get("index")?.as_u64()?, s.get("count")?.as_u64()?)))
        .map_or(String::new(), |(i, n)| format!(" --shard {i}/{n}"));
    format!(
        "the sweep may have been interrupted or still be running: finish it with `leadplan sweep {sweep}{shard} --out {} --resume`, or run it again",
        shell_word(&dir.display().to_string())
    )
}

/// `word` as one shell word: as is when it holds only safe characters,
/// else in single quotes.
fn shell_word(word: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "/._-+=:,@%".contains(c);
    if !word.is_empty() && word.chars().all(safe) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// Reads and parses one JSON file of the sweep folder.
pub fn read_json<T: DeserializeOwned>(path: &Path, dir: &Path) -> Result<T, Error> {
    let text = match crate::input::read_text(path, crate::input::InputKind::SweepResult) {
        Ok(t) => t,
        Err(Error::Io { source: e, .. }) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(bad(format!(
                "{}: no such file, so {} holds no finished sweep; pass the --out folder of `leadplan sweep` (it holds {}, {} and {})",
                path.display(),
                dir.display(),
                super::MANIFEST,
                super::SUMMARY,
                super::RUNS
            )))
        }
        Err(e) => return Err(e),
    };
    serde_json::from_str(&text).map_err(|e| {
        if e.is_eof() {
            bad(format!(
                "{}: the file is cut short (it ends at line {} before the JSON does); {}",
                path.display(),
                e.line(),
                resume_hint(dir)
            ))
        } else {
            bad(format!(
                "{}:{}:{}: not the format `leadplan sweep` writes ({e}); run the sweep again to rewrite it",
                path.display(),
                e.line(),
                e.column()
            ))
        }
    })
}

/// `sha256:<hex>` of a file's bytes, as the sweep's manifest writes it.
pub fn file_hash(path: &Path) -> Result<String, Error> {
    let bytes = crate::input::read_bounded(path, crate::input::InputKind::Scenario)?;
    let hex: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(format!("sha256:{hex}"))
}

/// The manifest names this scenario file's exact content, and the sweep finished.
pub fn check_manifest(m: &raw::Manifest, dir: &Path, scenario_file: &Path) -> Result<(), Error> {
    let hash = file_hash(scenario_file)?;
    if hash != m.scenario_hash {
        return Err(bad(format!(
            "{} holds a sweep of another scenario: its {} was made from `{}` ({}), but {} is {}. \
             Pass the scenario file the sweep was run on, or run the sweep again on this one",
            dir.display(),
            super::MANIFEST,
            m.scenario_file,
            m.scenario_hash,
            scenario_file.display(),
            hash
        )));
    }
    let cap = crate::sweep::sizing::MAX_RUNS;
    if m.runs > cap {
        return Err(bad(format!(
            "{}: its {} says the sweep has {} runs, more than a sweep can have ({cap}); \
             the file is damaged: run the sweep again",
            dir.display(),
            super::MANIFEST,
            m.runs
        )));
    }
    if m.completed_runs > m.runs {
        return Err(bad(format!(
            "{}: its {} says {} runs are recorded, but the sweep has {}; the manifest was edited: run the sweep again or restore it",
            dir.display(),
            super::MANIFEST,
            m.completed_runs,
            m.runs
        )));
    }
    if !m.finished || m.completed_runs < m.runs {
        return Err(bad(format!(
            "{}: the sweep is not finished ({} of {} runs recorded); {}",
            dir.display(),
            m.completed_runs,
            m.runs,
            resume_hint(dir)
        )));
    }
    Ok(())
}

fn country_ids(ids: &[Value], s: &Scenario, what: &str) -> Result<Vec<usize>, Error> {
    ids.iter()
        .map(|v| {
            let id = v.as_str().unwrap_or("");
            s.country_index(id).ok_or_else(|| {
                bad(format!(
                    "{what} names country `{id}`, which the scenario does not have; the results belong to another scenario: run the sweep again"
                ))
            })
        })
        .collect()
}

fn check_tasks(sum: &raw::Summary, s: &Scenario, file: &str) -> Result<(), Error> {
    let theirs: Vec<&str> = sum.tasks.iter().map(|t| t.task.as_str()).collect();
    let ours: Vec<&str> = s.tasks.iter().map(|t| t.id.as_str()).collect();
    if theirs == ours {
        return Ok(());
    }
    let detail = match (0..theirs.len().max(ours.len())).find(|&k| theirs.get(k) != ours.get(k)) {
        Some(k) => format!(
            "task {} is `{}` there but `{}` in the scenario",
            k + 1,
            theirs.get(k).unwrap_or(&"(none)"),
            ours.get(k).unwrap_or(&"(none)")
        ),
        None => String::new(),
    };
    Err(bad(format!(
        "{file} lists {} tasks and the scenario {}: {detail}; the results belong to another scenario: run the sweep again",
        theirs.len(),
        ours.len()
    )))
}

fn frequencies(map: &Map<String, Value>, s: &Scenario, what: &str) -> Result<Vec<f64>, Error> {
    let mut out = vec![f64::NAN; s.countries.len()];
    for (id, v) in map {
        let i = s.country_index(id).ok_or_else(|| {
            bad(format!(
                "{what} names country `{id}`, which the scenario does not have; the results belong to another scenario: run the sweep again"
            ))
        })?;
        out[i] = v
            .as_f64()
            .filter(|x| (0.0..=1.0).contains(x))
            .ok_or_else(|| {
                bad(format!(
                    "{what}: `{id}` is {v}, not a share between 0 and 1"
                ))
            })?;
    }
    if let Some(i) = out.iter().position(|x| x.is_nan()) {
        return Err(bad(format!(
            "{what} has no entry for country `{}`; the results belong to another scenario: run the sweep again",
            s.countries[i].id
        )));
    }
    Ok(out)
}

fn sobol_rows(rows: Option<Vec<raw::SobolRow>>) -> Option<Vec<SobolIndex>> {
    rows.map(|rows| {
        rows.into_iter()
            .map(|r| SobolIndex {
                parameter: r.parameter,
                s1: (r.s1, r.s1_ci),
                st: (r.st, r.st_ci),
            })
            .collect()
    })
}

fn task_rows(sum: &raw::Summary, s: &Scenario, file: &str) -> Result<Vec<TaskRobustness>, Error> {
    let mut tasks = Vec::new();
    for t in &sum.tasks {
        let what = format!("{file}: task `{}`", t.task);
        let leads: Vec<Value> = t
            .baseline_leads
            .iter()
            .map(|x| Value::from(x.as_str()))
            .collect();
        tasks.push(TaskRobustness {
            baseline_leads: country_ids(&leads, s, &what)?,
            stability: t.stability,
            lead_frequency: frequencies(&t.lead_frequency, s, &format!("{what} lead_frequency"))?,
        });
    }
    Ok(tasks)
}

fn baseline(
    b: Option<&raw::Baseline>,
    s: &Scenario,
    file: &str,
) -> Result<Option<BaselinePlan>, Error> {
    let Some(b) = b else { return Ok(None) };
    let mut leads = Vec::new();
    for task in &s.tasks {
        let ids = b
            .leads
            .get(&task.id)
            .and_then(Value::as_array)
            .ok_or_else(|| {
                bad(format!(
                    "{file}: the baseline has no leads for task `{}`; run the sweep again",
                    task.id
                ))
            })?;
        leads.push(country_ids(
            ids,
            s,
            &format!("{file}: the baseline of task `{}`", task.id),
        )?);
    }
    Ok(Some(BaselinePlan {
        objective: b.objective,
        leads,
    }))
}

/// Converts the summary, checking it against the manifest and the scenario.
pub fn summary(
    sum: raw::Summary,
    m: &raw::Manifest,
    dir: &Path,
    s: &Scenario,
) -> Result<SweepResults, Error> {
    let file = dir.join(super::SUMMARY).display().to_string();
    if sum.parameters != m.parameters || sum.runs != m.runs || sum.design != m.design {
        return Err(bad(format!(
            "{file} and {} describe different sweeps (parameters, runs or design differ); run the sweep again",
            super::MANIFEST
        )));
    }
    check_tasks(&sum, s, &file)?;
    super::ranges::check(&sum, &file)?;
    check_morris(sum.morris.as_ref(), &sum.parameters, &file)?;
    check_input_correlation(sum.correlation.as_ref(), &sum.parameters, &file)?;
    let tasks = task_rows(&sum, s, &file)?;
    let baseline = baseline(sum.baseline.as_ref(), s, &file)?;
    let (n, k) = (sum.screening.runs_used, sum.parameters.len());
    let passes = |rho: Option<f64>| significant(rho.and_then(|r| rho_p_value(r, n)), k);
    let correlations = sum.screening.parameters.into_iter().map(|p| Correlation {
        parameter: p.parameter,
        objective_significant: passes(p.rho_objective),
        survival_significant: passes(p.rho_survival),
        objective: p.rho_objective,
        survival: p.rho_survival,
    });
    Ok(SweepResults {
        dir: dir.to_path_buf(),
        design: sum.design,
        seed: m.seed,
        runs: sum.runs,
        status: sum
            .status
            .iter()
            .map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0)))
            .collect(),
        failed: sum.failed,
        parameters: sum.parameters,
        baseline,
        objective: sum.objective,
        regret: sum.regret.map(|r| Regret {
            baseline_feasible: r.baseline_feasible,
            baseline_infeasible: r.baseline_infeasible,
            positive: r.positive,
            regret: r.regret,
        }),
        plan_survival: sum.plan_survival,
        tasks,
        screened_runs: sum.screening.runs_used,
        correlations: correlations.collect(),
        sobol: sum.sobol.map(|x| Sobol {
            samples_used: x.samples_used,
            bootstrap: x.bootstrap,
            objective: sobol_rows(x.objective),
            plan_survival: sobol_rows(x.plan_survival),
        }),
        morris: sum.morris,
        input_correlation: sum.correlation,
        run_rows: Vec::new(),
        notes: Vec::new(),
    })
}

/// A correlation record names parameters of the sweep, once each, with square
/// matrices of finite numbers in [-1, 1] over them.
fn check_input_correlation(
    c: Option<&CorrelationRecord>,
    params: &[String],
    file: &str,
) -> Result<(), Error> {
    let Some(c) = c else {
        return Ok(());
    };
    let m = c.parameters.len();
    let known = c.parameters.iter().all(|p| params.contains(p));
    let mut distinct = c.parameters.clone();
    distinct.sort();
    distinct.dedup();
    let square = |x: &[Vec<f64>]| {
        x.len() == m
            && x.iter()
                .all(|r| r.len() == m && r.iter().all(|v| (-1.0..=1.0).contains(v)))
    };
    if !known || distinct.len() != m || !square(&c.requested) || !square(&c.achieved) {
        return Err(bad(format!(
            "{file}: `correlation` does not describe the sweep's parameters (unknown or repeated names, or matrices that are not {m} x {m} correlations); run the sweep again"
        )));
    }
    Ok(())
}

/// Morris measures name the sweep's parameters, in its order, with finite,
/// non-negative mu* and sigma.
fn check_morris(m: Option<&Morris>, params: &[String], file: &str) -> Result<(), Error> {
    let Some(m) = m else { return Ok(()) };
    let outputs = [
        ("objective", Some(&m.objective)),
        ("plan_survival", m.plan_survival.as_ref()),
    ];
    for (key, rows) in outputs {
        let Some(rows) = rows else { continue };
        let names: Vec<&String> = rows.iter().map(|e| &e.parameter).collect();
        if names.len() != params.len() || names.iter().zip(params).any(|(a, b)| *a != b) {
            return Err(bad(format!(
                "{file}: morris.{key} does not list the sweep's parameters in its order; run the sweep again"
            )));
        }
        for e in rows {
            let ok = e.mu.is_finite() && e.mu_star >= 0.0 && e.sigma >= 0.0;
            if !ok || !e.mu_star.is_finite() || !e.sigma.is_finite() {
                return Err(bad(format!(
                    "{file}: morris.{key}: `{}` has mu {}, mu* {}, sigma {}; mu must be finite and mu*, sigma finite and not negative: run the sweep again",
                    e.parameter, e.mu, e.mu_star, e.sigma
                )));
            }
        }
    }
    Ok(())
}
