//! Which run files a sweep writes: `runs.csv`, `runs.jsonl`, `runs.parquet`.
//!
//! A sweep writes one or more of them (`--runs-format`, repeatable); the
//! manifest records the choice so `--resume`, `merge` and the readers (charts,
//! report) know which files to expect. The default is what sweeps always wrote,
//! CSV and JSON lines, so scripts reading them keep working; Parquet holds the
//! same runs in a tenth of the space (docs/src/sweeps-reference.md). Reading back (resume,
//! merge, charts) uses the JSON lines when the sweep wrote them, else the
//! Parquet file; CSV alone cannot be read back exactly, so it is refused.

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// One kind of run file.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum RunsFormat {
    /// `runs.csv`: one row per run, for spreadsheets.
    Csv,
    /// `runs.jsonl`: one JSON object per run.
    Jsonl,
    /// `runs.parquet`: typed columns, zstd-compressed.
    Parquet,
}

impl RunsFormat {
    /// Its file in the output folder.
    pub fn file(self) -> &'static str {
        match self {
            RunsFormat::Csv => super::files::RUNS_CSV,
            RunsFormat::Jsonl => super::files::RUNS_JSONL,
            RunsFormat::Parquet => super::files::RUNS_PARQUET,
        }
    }

    /// Its name on the command line and in the manifest.
    pub fn name(self) -> &'static str {
        match self {
            RunsFormat::Csv => "csv",
            RunsFormat::Jsonl => "jsonl",
            RunsFormat::Parquet => "parquet",
        }
    }
}

/// The run files of one sweep, in a fixed order (csv, jsonl, parquet).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<RunsFormat>", into = "Vec<RunsFormat>")]
pub struct RunsFormats(Vec<RunsFormat>);

impl Default for RunsFormats {
    /// `runs.csv` and `runs.jsonl`: what sweeps wrote before `--runs-format`.
    fn default() -> RunsFormats {
        RunsFormats(vec![RunsFormat::Csv, RunsFormat::Jsonl])
    }
}

impl RunsFormats {
    /// The set given (duplicates dropped, order fixed); empty gives the default.
    pub fn new(given: &[RunsFormat]) -> Result<RunsFormats, Error> {
        if given.is_empty() {
            return Ok(RunsFormats::default());
        }
        let mut v = given.to_vec();
        v.sort();
        v.dedup();
        if v == [RunsFormat::Csv] {
            return Err(Error::Usage(
                "--runs-format csv alone cannot be resumed, merged or charted (CSV cells are not read back exactly); add --runs-format parquet (small) or --runs-format jsonl".into(),
            ));
        }
        Ok(RunsFormats(v))
    }

    /// Whether `f` is written.
    pub fn has(&self, f: RunsFormat) -> bool {
        self.0.contains(&f)
    }

    /// The formats, in order.
    pub fn iter(&self) -> impl Iterator<Item = RunsFormat> + '_ {
        self.0.iter().copied()
    }

    /// The file runs are read back from: JSON lines when written, else Parquet.
    pub fn source(&self) -> RunsFormat {
        if self.has(RunsFormat::Jsonl) {
            RunsFormat::Jsonl
        } else {
            RunsFormat::Parquet
        }
    }

    /// `csv+jsonl`, for messages.
    pub fn describe(&self) -> String {
        self.iter()
            .map(RunsFormat::name)
            .collect::<Vec<_>>()
            .join("+")
    }
}

impl TryFrom<Vec<RunsFormat>> for RunsFormats {
    type Error = String;
    fn try_from(v: Vec<RunsFormat>) -> Result<RunsFormats, String> {
        RunsFormats::new(&v).map_err(|e| e.to_string())
    }
}

impl From<RunsFormats> for Vec<RunsFormat> {
    fn from(f: RunsFormats) -> Vec<RunsFormat> {
        f.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_ordered_deduplicated_and_default_to_csv_and_jsonl() {
        use RunsFormat::*;
        let f = RunsFormats::new(&[Parquet, Csv, Parquet]).unwrap();
        assert_eq!(f.iter().collect::<Vec<_>>(), vec![Csv, Parquet]);
        assert_eq!(f.source(), Parquet);
        assert_eq!(RunsFormats::new(&[]).unwrap(), RunsFormats::default());
        assert_eq!(RunsFormats::default().source(), Jsonl);
        assert!(RunsFormats::new(&[Csv]).is_err());
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(json, r#"["csv","parquet"]"#);
        assert_eq!(serde_json::from_str::<RunsFormats>(&json).unwrap(), f);
    }
}
