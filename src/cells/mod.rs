//! Cells: a workbook (.xlsx, .ods) or CSV file read as a grid of cells, and
//! the tables and matrices planners lay out in it, each problem reported at
//! its cell (`capabilities!C7`).
//!
//! This is the reading layer under both the scenario loader (a scenario file
//! may take its capability matrix from a sheet: [`external`]) and the
//! spreadsheet importer and writers ([`crate::sheets`]).

pub(crate) mod archive;
pub(crate) mod bounds;
pub(crate) mod external;
pub(crate) mod grid;
pub(crate) mod matrix;
pub(crate) mod ods_scan;
pub(crate) mod table;
pub(crate) mod values;
pub(crate) mod workbook;
pub(crate) mod xlsx_read;

/// The sheet of capability scores: a country x dimension matrix in [0, 1].
pub(crate) const CAPABILITIES: &str = "capabilities";
