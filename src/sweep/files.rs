//! The names of the files a sweep writes into its output folder.

/// Per-run rows.
pub const RUNS_CSV: &str = "runs.csv";
/// Per-run JSON lines.
pub const RUNS_JSONL: &str = "runs.jsonl";
/// Per-run typed columns.
pub const RUNS_PARQUET: &str = "runs.parquet";
/// `runs.parquet` while it is written (renamed once closed).
pub const RUNS_PARQUET_PARTIAL: &str = "runs.parquet.partial";
/// Per-run seconds (not deterministic).
pub const TIMINGS: &str = "timings.csv";
/// The header of [`TIMINGS`].
pub const TIMINGS_HEADER: &str = "run,seconds\n";
/// The summary as JSON.
pub const SUMMARY_JSON: &str = "summary.json";
/// The summary as Markdown.
pub const SUMMARY_MD: &str = "summary.md";
/// The manifest.
pub const MANIFEST: &str = "manifest.json";
/// Dumped run scenarios.
pub const SCENARIOS: &str = "scenarios";
