//! What the page hands back: the edited scenario as a TOML file (the
//! scenario writer's [`to_toml`]) or as the spreadsheet template `leadplan
//! export` writes ([`scenario_xlsx`]), and the edits a saved link holds,
//! refused when the link was made on another version of the file.

use serde_json::json;

use super::api::{apply, Edits};
use super::reply::{self, param, Refusal, Reply};
use super::Loaded;
use crate::scenario::{to_toml, Scenario};
use crate::sheets::scenario_xlsx;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The edited scenario and its TOML text, headed by where it comes from.
fn edited(l: &Loaded, e: &Edits) -> Result<(Scenario, String), Reply> {
    let s = apply(&l.scenario, e)
        .map_err(|problems| reply::json(400, &json!({ "problems": problems })))?;
    let head = format!(
        "Edited in leadplan serve from {} (sha256 {}...).\nThe edits: {}",
        crate::fmt::escape_line(&l.file),
        l.hash,
        serde_json::to_string(e).unwrap_or_default()
    );
    let text = to_toml(&s, &head);
    Ok((s, text))
}

/// The edited scenario as a TOML file.
pub fn toml(l: &Loaded, e: &Edits) -> Reply {
    match edited(l, e) {
        Ok((_, text)) => reply::asset(&text, "application/toml; charset=utf-8"),
        Err(r) => r,
    }
}

/// The edited scenario as the import template (xlsx).
pub fn xlsx(l: &Loaded, e: &Edits) -> Reply {
    let (s, text) = match edited(l, e) {
        Ok(x) => x,
        Err(r) => return r,
    };
    match scenario_xlsx(&s, std::path::Path::new(&l.file), &text) {
        Ok((bytes, _notes)) => reply::bytes(bytes, XLSX),
        Err(err) => Refusal::new(500, format!("cannot write the workbook: {err}")).reply(),
    }
}

/// The edits of a saved view (`h`: the file's hash when it was saved, `v`:
/// the edits as JSON), checked against the file as it is now.
pub fn view(l: &Loaded, query: &str) -> Reply {
    let h = param(query, "h").unwrap_or_default();
    if h != l.hash {
        return Refusal::new(
            409,
            format!(
                "this link was made on another version of {} (sha256 {}...; the file now has {}...): its edits were not applied",
                crate::fmt::escape_line(&l.file),
                crate::fmt::escape_line(&h),
                l.hash
            ),
        )
        .reply();
    }
    let v = param(query, "v").unwrap_or_default();
    let e: Edits = match serde_json::from_str(&v) {
        Ok(e) => e,
        Err(err) => {
            return Refusal::new(400, format!("the link's edits cannot be read: {err}")).reply()
        }
    };
    match apply(&l.scenario, &e) {
        Ok(_) => reply::json(200, &json!({ "file": l.file, "hash": l.hash, "edits": e })),
        Err(problems) => reply::json(400, &json!({ "problems": problems })),
    }
}
