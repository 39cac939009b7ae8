//! Per-run outputs: one CSV row and one JSON line per run, and reading them back.
//!
//! Rows name countries and tasks by id, never by index. Floats are written in
//! their shortest exact form, so reading a line back gives the same bits: that
//! is what lets `--resume` rebuild the summary of an interrupted sweep exactly.
//! Timings are not here (they differ between runs of the same sweep); they go
//! to `timings.csv`.

use serde_json::{json, Map, Value};

use super::run::{BaselineValue, RunRecord, Status};
use super::spec::Sweep;
use crate::csv_safe::neutralise;
use crate::error::Error;

/// A float in its shortest exact form (`14`, `0.1`, `1e-7`); empty for none.
pub fn num(x: Option<f64>) -> String {
    match x {
        Some(x) if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
        Some(x) if x.is_finite() => format!("{x:?}"),
        _ => String::new(),
    }
}

/// The CSV header: run, status, objective, baseline columns, parameters, one lead column per task, message.
pub fn csv_header(sweep: &Sweep) -> String {
    let mut cols: Vec<String> = [
        "run",
        "status",
        "objective",
        "baseline_feasible",
        "baseline_objective",
        "regret",
    ]
    .map(String::from)
    .to_vec();
    cols.extend(sweep.params.iter().map(|p| p.name.clone()));
    cols.extend(
        sweep
            .scenario
            .tasks
            .iter()
            .map(|t| format!("lead.{}", t.id)),
    );
    cols.push("message".into());
    let cols: Vec<String> = cols.iter().map(|c| neutralise(c).into_owned()).collect();
    csv_line(&cols)
}

fn csv_line(cells: &[String]) -> String {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(cells);
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn baseline_cells(r: &RunRecord) -> [String; 2] {
    match r.baseline {
        BaselineValue::Unknown => [String::new(), String::new()],
        BaselineValue::Infeasible => ["false".into(), String::new()],
        BaselineValue::Feasible(b) => ["true".into(), num(Some(b))],
    }
}

fn lead_ids<'a>(sweep: &'a Sweep, leads: &[usize]) -> Vec<&'a str> {
    leads
        .iter()
        .map(|&i| sweep.scenario.countries[i].id.as_str())
        .collect()
}

/// One run as a CSV row (leads joined with `+`); text cells are neutralised
/// against formula injection ([`crate::csv_safe`]), numbers are not.
pub fn csv_row(sweep: &Sweep, r: &RunRecord) -> String {
    let [feasible, base] = baseline_cells(r);
    let mut cells = vec![
        r.run.to_string(),
        r.status.name().to_string(),
        num(r.objective),
        feasible,
        base,
        num(r.regret()),
    ];
    cells.extend(r.values.iter().map(|v| num(Some(*v))));
    for t in 0..sweep.scenario.tasks.len() {
        cells.push(r.leads.get(t).map_or(String::new(), |l| {
            neutralise(&lead_ids(sweep, l).join("+")).into_owned()
        }));
    }
    cells.push(neutralise(&r.message).into_owned());
    csv_line(&cells)
}

fn opt(x: Option<f64>) -> Value {
    x.filter(|v| v.is_finite())
        .map_or(Value::Null, |v| json!(v))
}

/// One run as a JSON line.
pub fn json_row(sweep: &Sweep, r: &RunRecord) -> String {
    let values: Map<String, Value> = sweep
        .params
        .iter()
        .zip(&r.values)
        .map(|(p, v)| (p.name.clone(), opt(Some(*v))))
        .collect();
    let leads: Value = if r.leads.is_empty() {
        Value::Null
    } else {
        Value::Object(
            sweep
                .scenario
                .tasks
                .iter()
                .zip(&r.leads)
                .map(|(t, l)| (t.id.clone(), json!(lead_ids(sweep, l))))
                .collect(),
        )
    };
    let (feasible, base) = match r.baseline {
        BaselineValue::Unknown => (Value::Null, Value::Null),
        BaselineValue::Infeasible => (json!(false), Value::Null),
        BaselineValue::Feasible(b) => (json!(true), json!(b)),
    };
    let mut m = Map::new();
    m.insert("run".into(), json!(r.run));
    m.insert("status".into(), json!(r.status.name()));
    m.insert("objective".into(), opt(r.objective));
    m.insert("baseline_feasible".into(), feasible);
    m.insert("baseline_objective".into(), base);
    m.insert("regret".into(), opt(r.regret()));
    m.insert("values".into(), Value::Object(values));
    m.insert("leads".into(), leads);
    if let Some(b) = &r.blame {
        m.insert("blame".into(), json!(b));
    }
    m.insert(
        "message".into(),
        if r.message.is_empty() {
            Value::Null
        } else {
            json!(r.message)
        },
    );
    let mut line = Value::Object(m).to_string();
    line.push('\n');
    line
}

fn bad(line: usize, what: &str) -> Error {
    Error::Usage(format!(
        "cannot resume: runs.jsonl line {line}: {what}; delete the output folder and start again"
    ))
}

fn f(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// Reads a JSON line written by [`json_row`] back into a record (without timing).
pub fn parse_json_row(sweep: &Sweep, text: &str, line: usize) -> Result<RunRecord, Error> {
    parse_record(sweep, text).map_err(|what| bad(line, &what))
}

/// [`parse_json_row`] without the resume wording: what is wrong with the line.
pub(crate) fn parse_record(sweep: &Sweep, text: &str) -> Result<RunRecord, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let run = v["run"].as_u64().ok_or("no run id")?;
    let status = v["status"]
        .as_str()
        .and_then(Status::from_name)
        .ok_or("unknown status")?;
    let values = sweep
        .params
        .iter()
        .map(|p| f(&v["values"][&p.name]).unwrap_or(f64::NAN))
        .collect();
    let mut leads = Vec::new();
    if let Some(obj) = v["leads"].as_object() {
        for t in &sweep.scenario.tasks {
            let ids = obj
                .get(&t.id)
                .and_then(Value::as_array)
                .ok_or_else(|| format!("no leads for task `{}`", t.id))?;
            let row: Option<Vec<usize>> = ids
                .iter()
                .map(|id| id.as_str().and_then(|id| sweep.scenario.country_index(id)))
                .collect();
            leads.push(row.ok_or("unknown country id")?);
        }
    }
    let baseline = match (
        v["baseline_feasible"].as_bool(),
        f(&v["baseline_objective"]),
    ) {
        (Some(true), Some(b)) => BaselineValue::Feasible(b),
        (Some(false), _) => BaselineValue::Infeasible,
        _ => BaselineValue::Unknown,
    };
    let message = v["message"].as_str().unwrap_or("").to_string();
    Ok(RunRecord {
        run,
        values,
        status,
        message,
        objective: f(&v["objective"]),
        leads,
        baseline,
        blame: v["blame"].as_str().map(String::from),
        seconds: 0.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_exact() {
        assert_eq!(num(Some(14.0)), "14");
        assert_eq!(num(Some(0.1)), "0.1");
        assert_eq!(num(Some(1e-7)), "1e-7");
        assert_eq!(num(None), "");
        for x in [0.1 + 0.2, 1.0 / 3.0, 98.29357738095143, 1e300, -2.5e-300] {
            assert_eq!(num(Some(x)).parse::<f64>().unwrap(), x);
            let back: f64 = serde_json::from_str(&serde_json::to_string(&x).unwrap()).unwrap();
            assert_eq!(back, x, "JSON round trip of {x}");
        }
    }
}
