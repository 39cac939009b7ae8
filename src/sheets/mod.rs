//! Spreadsheets in and out: where planners keep their assessments.
//!
//! `leadplan import` reads a workbook (.xlsx or .ods, with calamine) or a folder
//! of CSV files laid out as in docs/src/spreadsheets.md into a validated scenario,
//! reporting every bad cell by reference (`capabilities!C7`). The writers (with
//! rust_xlsxwriter) produce the same layout filled from a scenario (the import
//! template), a solved plan, and a finished sweep, each byte-identical from run
//! to run (a fixed creation date in the document properties).

mod import;
mod layout;
mod lines;
mod marks;
mod rows;
mod sources;

pub use import::import;
mod results;
mod template;
mod xlsx;

pub use results::{plan_xlsx, sweep_xlsx};
pub(crate) use sources::matrix_marks;
pub use template::scenario_xlsx;
