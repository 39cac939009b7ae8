//! Writing `runs.parquet` as the sweep streams: records are buffered column by
//! column and written as a row group every [`ROWS_PER_GROUP`] runs, so memory
//! stays bounded and the row groups (hence the bytes) depend on the run count
//! only, never on threads or chunks.
//!
//! The file is written as `runs.parquet.partial` and renamed to
//! `runs.parquet` once closed (end of the sweep, or a stop on Ctrl-C): a
//! `runs.parquet` is always a complete file, and a resumed sweep rewrites it
//! from the runs read back plus the new ones.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::basic::{Compression, Encoding, LogicalType, Repetition, Type as Physical, ZstdLevel};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::{ColumnPath, Type};

use super::{cells, columns, Cell, Column, Kind};
use crate::error::Error;
use crate::sweep::run::RunRecord;
use crate::sweep::spec::Sweep;

/// Runs per row group: about 17 MB of buffered values for the trilateral sweep
/// (39 parameters; 8 bytes per double, 4 per text cell, 2 per cell for nulls).
pub(crate) const ROWS_PER_GROUP: usize = 32_768;
/// zstd level: 3 is zstd's default; higher levels gain little on these columns.
const ZSTD_LEVEL: i32 = 3;

/// The file's schema for `cols`.
pub(crate) fn schema(cols: &[Column]) -> Result<Type, String> {
    let fields = cols
        .iter()
        .map(|c| {
            let (physical, logical) = match c.kind {
                Kind::Int => (Physical::INT64, None),
                Kind::Double => (Physical::DOUBLE, None),
                Kind::Bool => (Physical::BOOLEAN, None),
                Kind::Text => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
            };
            let rep = if c.nullable {
                Repetition::OPTIONAL
            } else {
                Repetition::REQUIRED
            };
            Type::primitive_type_builder(&c.name, physical)
                .with_repetition(rep)
                .with_logical_type(logical)
                .build()
                .map(Arc::new)
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    Type::group_type_builder("run")
        .with_fields(fields)
        .build()
        .map_err(|e| e.to_string())
}

/// Writer settings: zstd everywhere; doubles split by byte (exponents compress
/// apart from mantissas), integers delta-encoded, text dictionary-encoded
/// (statuses, lead ids).
fn properties(cols: &[Column], group: usize) -> WriterProperties {
    let level = ZstdLevel::try_new(ZSTD_LEVEL).unwrap_or_default();
    let mut p = WriterProperties::builder()
        .set_compression(Compression::ZSTD(level))
        .set_created_by(format!("leadplan {}", env!("CARGO_PKG_VERSION")))
        .set_max_row_group_row_count(Some(group));
    for c in cols {
        let encoding = match c.kind {
            Kind::Double => Encoding::BYTE_STREAM_SPLIT,
            Kind::Int => Encoding::DELTA_BINARY_PACKED, // run ids: 0, 1, 2, ...
            _ => continue,
        };
        let path = ColumnPath::new(vec![c.name.clone()]);
        p = p
            .set_column_dictionary_enabled(path.clone(), false)
            .set_column_encoding(path, encoding);
    }
    p.build()
}

/// One column's buffered values and definition levels (1: a value, 0: null).
#[derive(Default)]
struct Buffer {
    ints: Vec<i64>,
    doubles: Vec<f64>,
    bools: Vec<bool>,
    /// Text cells as indices into `dict` (interned: statuses and leads repeat).
    text: Vec<u32>,
    dict: Vec<ByteArray>,
    seen: HashMap<String, u32>,
    defs: Vec<i16>,
}

impl Buffer {
    fn push(&mut self, c: Cell) {
        self.defs.push(i16::from(!matches!(c, Cell::Null)));
        match c {
            Cell::Null => {}
            Cell::Int(i) => self.ints.push(i),
            Cell::Double(x) => self.doubles.push(x),
            Cell::Bool(b) => self.bools.push(b),
            Cell::Text(s) => {
                let id = match self.seen.get(&s) {
                    Some(&id) => id,
                    None => {
                        let id = self.dict.len() as u32;
                        self.dict.push(ByteArray::from(s.as_bytes().to_vec()));
                        self.seen.insert(s, id);
                        id
                    }
                };
                self.text.push(id);
            }
        }
    }

    fn clear(&mut self) {
        *self = Buffer::default();
    }
}

/// `runs.parquet` being written.
pub(crate) struct ParquetSink {
    writer: SerializedFileWriter<BufWriter<File>>,
    cols: Vec<Column>,
    bufs: Vec<Buffer>,
    rows: usize,
    /// Rows written in all.
    total: u64,
    /// Rows per row group ([`ROWS_PER_GROUP`]; fewer in tests).
    group: usize,
    partial: PathBuf,
    done: PathBuf,
}

fn pq_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Io {
        path: path.display().to_string(),
        source: std::io::Error::other(e.to_string()),
    }
}

impl ParquetSink {
    /// Starts `out/runs.parquet.partial` (replacing an earlier partial file).
    pub(crate) fn create(out: &Path, sweep: &Sweep) -> Result<ParquetSink, Error> {
        ParquetSink::with_groups(out, sweep, ROWS_PER_GROUP)
    }

    fn with_groups(out: &Path, sweep: &Sweep, group: usize) -> Result<ParquetSink, Error> {
        let done = out.join(crate::sweep::files::RUNS_PARQUET);
        let partial = out.join(crate::sweep::files::RUNS_PARQUET_PARTIAL);
        for p in [&done, &partial] {
            crate::sweep::engine::check_not_special(p)?;
        }
        let cols = columns(sweep);
        let schema = Arc::new(schema(&cols).map_err(|e| pq_error(&partial, e))?);
        let file = File::create(&partial).map_err(|e| pq_error(&partial, e))?;
        let writer = SerializedFileWriter::new(
            BufWriter::with_capacity(1 << 16, file),
            schema,
            Arc::new(properties(&cols, group)),
        )
        .map_err(|e| pq_error(&partial, e))?;
        let bufs = cols.iter().map(|_| Buffer::default()).collect();
        Ok(ParquetSink {
            writer,
            cols,
            bufs,
            rows: 0,
            total: 0,
            group,
            partial,
            done,
        })
    }

    /// Appends one record (the next in run order).
    pub(crate) fn push(&mut self, sweep: &Sweep, r: &RunRecord) -> Result<(), Error> {
        for (b, c) in self.bufs.iter_mut().zip(cells(sweep, r)) {
            b.push(c);
        }
        self.rows += 1;
        self.total += 1;
        if self.rows == self.group {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the buffered rows as one row group.
    fn flush(&mut self) -> Result<(), Error> {
        if self.rows == 0 {
            return Ok(());
        }
        let err = |e: parquet::errors::ParquetError| pq_error(&self.partial, e);
        let mut rg = self.writer.next_row_group().map_err(err)?;
        for (col, b) in self.cols.iter().zip(&self.bufs) {
            let Some(mut w) = rg.next_column().map_err(err)? else {
                break;
            };
            let defs = col.nullable.then_some(b.defs.as_slice());
            match col.kind {
                Kind::Int => w.typed::<Int64Type>().write_batch(&b.ints, defs, None),
                Kind::Double => w.typed::<DoubleType>().write_batch(&b.doubles, defs, None),
                Kind::Bool => w.typed::<BoolType>().write_batch(&b.bools, defs, None),
                Kind::Text => {
                    let vals: Vec<ByteArray> =
                        b.text.iter().map(|&i| b.dict[i as usize].clone()).collect();
                    w.typed::<ByteArrayType>().write_batch(&vals, defs, None)
                }
            }
            .map_err(err)?;
            w.close().map_err(err)?;
        }
        rg.close().map_err(err)?;
        self.bufs.iter_mut().for_each(Buffer::clear);
        self.rows = 0;
        Ok(())
    }

    /// Writes the last row group and the footer, then renames the file to
    /// `runs.parquet`; returns the rows it holds.
    pub(crate) fn finish(mut self) -> Result<u64, Error> {
        self.flush()?;
        let partial = self.partial.clone();
        self.writer.finish().map_err(|e| pq_error(&partial, e))?;
        let file = self.writer.inner().get_ref();
        file.sync_data().map_err(|e| pq_error(&partial, e))?;
        std::fs::rename(&partial, &self.done).map_err(|e| pq_error(&self.done, e))?;
        Ok(self.total)
    }
}

#[cfg(test)]
mod tests {
    use super::super::read::ParquetRows;
    use super::super::record;
    use super::*;
    use crate::sweep::run::{BaselineValue, Status};
    use crate::sweep::Overrides;

    /// Record `k` of a made-up sweep: every status, nulls, NaN values, co-leads,
    /// empty leads, messages.
    fn made_up(sweep: &Sweep, k: u64) -> RunRecord {
        let (np, nt, nc) = (
            sweep.params.len(),
            sweep.scenario.tasks.len(),
            sweep.scenario.countries.len(),
        );
        let status = Status::ALL[(k % 7) as usize];
        let planned = matches!(status, Status::Optimal | Status::TimeLimit);
        let x = k as f64 * 0.618_033_988_749_895;
        RunRecord {
            run: k,
            values: (0..np)
                .map(|i| {
                    if (k + i as u64).is_multiple_of(97) {
                        f64::NAN
                    } else {
                        x.fract() + i as f64
                    }
                })
                .collect(),
            status,
            message: if planned {
                String::new()
            } else {
                format!("why {}", k % 5)
            },
            objective: planned.then_some(x),
            leads: match planned {
                true => (0..nt)
                    .map(|t| match (k as usize + t) % (nc + 2) {
                        c if c < nc => vec![c],
                        c if c == nc => vec![0, nc - 1],
                        _ => vec![],
                    })
                    .collect(),
                false => vec![],
            },
            baseline: match (status, k % 3) {
                (Status::Optimal, 0) => BaselineValue::Feasible(x - 1.0),
                (Status::Optimal, 1) => BaselineValue::Infeasible,
                _ => BaselineValue::Unknown,
            },
            seconds: 0.0,
            blame: (!planned && k.is_multiple_of(2)).then(|| "capacity".to_string()),
        }
    }

    /// Regression guard for runs.parquet's row groups: records spanning three
    /// row groups are read back (by the record reader) as the very records.
    #[test]
    fn records_across_row_groups_read_back_exactly() {
        let file = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/trilateral-montecarlo.sweep.toml"
        );
        let sweep = Sweep::load(Path::new(file), Overrides::default()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let n = 2 * 300 + 5;
        let mut sink = ParquetSink::with_groups(dir.path(), &sweep, 300).unwrap();
        for k in 0..n {
            sink.push(&sweep, &made_up(&sweep, k)).unwrap();
        }
        sink.finish().unwrap();
        let path = dir.path().join("runs.parquet");
        let groups = parquet::file::reader::SerializedFileReader::new(File::open(&path).unwrap())
            .map(|r| parquet::file::reader::FileReader::metadata(&r).num_row_groups())
            .unwrap();
        assert_eq!(groups, 3);
        let rows = ParquetRows::open(&path).unwrap();
        assert_eq!(rows.rows, n);
        assert_eq!(rows.columns, columns(&sweep));
        let mut count = 0;
        for (k, row) in rows.enumerate() {
            let row = row.unwrap();
            let want = made_up(&sweep, k as u64);
            assert!(cells(&sweep, &want) == row, "run {k}");
            let got = record(&sweep, &row).unwrap();
            assert!(
                cells(&sweep, &got) == row && got.leads == want.leads,
                "run {k}"
            );
            count += 1;
            // An edited cell is refused: the regret is the objective minus the
            // baseline's, a lead id must be a country's.
            let mut edited = row.clone();
            edited[5] = Cell::Double(123.0);
            assert!(record(&sweep, &edited).is_err(), "run {k}: edited regret");
            if let Some(Cell::Text(_)) = edited.get(6 + sweep.params.len()) {
                edited[6 + sweep.params.len()] = Cell::Text("XX".into());
                assert!(record(&sweep, &edited).is_err(), "run {k}: unknown lead");
            }
        }
        assert_eq!(count, n);
    }
}
