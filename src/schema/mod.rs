//! JSON Schemas of the scenario and sweep files, for editors.
//!
//! Editors with TOML schema support (taplo, Even Better TOML) complete keys,
//! show each key's meaning and flag unknown keys and wrong types while a
//! planner types. The schemas are generated (schemars, JSON Schema draft-07,
//! which taplo reads) from documented mirror types of the files' keys, printed
//! by `leadplan schema scenario|sweep|horizon`, and committed under `schema/` (a test
//! fails when the committed files are stale). They check shape only: leadplan's
//! own validation (ids that exist, co-leads within the country count, ...)
//! still runs on load.

mod horizon;
mod scenario;
mod sweep;

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::Value;

/// Which file's schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaKind {
    /// A scenario file (`schema/scenario.schema.json`).
    Scenario,
    /// A sweep file (`schema/sweep.schema.json`).
    Sweep,
    /// A horizon file (`schema/horizon.schema.json`).
    Horizon,
}

impl SchemaKind {
    /// Where the committed schema lives, relative to the repository root.
    pub fn committed_path(self) -> &'static str {
        match self {
            SchemaKind::Scenario => "schema/scenario.schema.json",
            SchemaKind::Sweep => "schema/sweep.schema.json",
            SchemaKind::Horizon => "schema/horizon.schema.json",
        }
    }
}

fn generate<T: JsonSchema>() -> String {
    let schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    let mut value = schema.to_value();
    drop_null(&mut value);
    let mut text = serde_json::to_string_pretty(&value).expect("a schema serialises");
    text.push('\n');
    text
}

/// TOML has no null: an optional key is absent, never null. schemars describes
/// `Option<T>` as "T or null"; this takes the null out again, so that editors
/// neither offer nor accept it. A lone `$ref` left in an `anyOf` becomes an
/// `allOf` (draft-07 ignores keywords beside a bare `$ref`, such as the description).
fn drop_null(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types[0].clone();
                    map.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(any)) = map.get_mut("anyOf") {
                any.retain(|s| s.get("type").is_none_or(|t| t != "null"));
                if any.len() == 1 {
                    let only = any[0].clone();
                    map.remove("anyOf");
                    map.insert("allOf".into(), Value::Array(vec![only]));
                }
            }
            map.values_mut().for_each(drop_null);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null),
        _ => {}
    }
}

/// The schema as pretty-printed JSON (what `leadplan schema` prints).
pub fn schema(kind: SchemaKind) -> String {
    match kind {
        SchemaKind::Scenario => generate::<scenario::ScenarioFile>(),
        SchemaKind::Sweep => generate::<scenario::SweepFile>(),
        SchemaKind::Horizon => generate::<horizon::HorizonFile>(),
    }
}
