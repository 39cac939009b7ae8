//! A Pareto front saved by `leadplan pareto --format json`, read for the page.

use std::path::Path;

use serde_json::Value;

use crate::model::Term;

/// Largest saved front read.
const MAX_FRONT_BYTES: u64 = 16 << 20;

/// The JSON at `path` if it has the shape of a `pareto` report.
pub fn read_front(path: &Path) -> Result<Value, String> {
    let len = path.metadata().map_or(0, |m| m.len());
    if len > MAX_FRONT_BYTES {
        return Err(format!("it is {len} bytes, over the 16 MB the page reads"));
    }
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let v: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    check_front(&v)?;
    Ok(v)
}

/// Two or three objective names, and points each with one value per
/// objective and its leads as `{task, leads: [ids]}`.
fn check_front(v: &Value) -> Result<(), String> {
    let objs = v["objectives"]
        .as_array()
        .filter(|o| (2..=3).contains(&o.len()))
        .ok_or("no list of two or three `objectives`")?;
    for o in objs {
        Term::parse(o.as_str().unwrap_or_default())?;
    }
    let points = v["points"].as_array().ok_or("no list of `points`")?;
    for (k, p) in points.iter().enumerate() {
        let values = p["values"].as_array().map_or(0, |x| x.len());
        let leads_ok = p["leads"].as_array().is_some_and(|ls| {
            ls.iter()
                .all(|l| l["task"].is_string() && l["leads"].as_array().is_some())
        });
        if values != objs.len() || !leads_ok || !p["index"].is_u64() {
            return Err(format!(
                "point {} lacks its index, one value per objective or its leads",
                k + 1
            ));
        }
    }
    Ok(())
}
