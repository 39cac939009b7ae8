//! What leadplan writes besides a solve's report: charts ([`chart`]), the
//! `report` command's document ([`document`]), editor schemas
//! ([`schema`]), solver model files ([`model_file`]) and CSV cells made
//! safe for spreadsheets ([`csv_safe`]).
#[path = "chart/mod.rs"]
pub mod chart;
#[path = "csv_safe.rs"]
pub mod csv_safe;
#[path = "document/mod.rs"]
pub mod document;
/// The model as a solver file (`solve --write-model`): see [`model_file::linear_model`].
pub use crate::model::file as model_file;
#[path = "schema/mod.rs"]
pub mod schema;
#[path = "serve/mod.rs"]
pub mod serve;
