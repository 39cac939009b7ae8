//! Reading `runs.parquet` back, row by row (the parquet crate's record reader,
//! a different code path from the column writer that wrote it).

use std::fs::File;
use std::path::{Path, PathBuf};

use parquet::basic::Type as Physical;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::reader::RowIter;
use parquet::record::Field;

use super::{Cell, Column, Kind};
use crate::error::Error;

/// The rows of a `runs.parquet`, with its columns and row count.
pub(crate) struct ParquetRows {
    /// The file.
    pub path: PathBuf,
    /// Its columns, as its schema declares them.
    pub columns: Vec<Column>,
    /// Rows in the file (from its footer).
    pub rows: u64,
    iter: RowIter<'static>,
}

fn bad(path: &Path, what: impl std::fmt::Display) -> Error {
    Error::Usage(format!("{}: {what}", path.display()))
}

fn column(d: &parquet::schema::types::ColumnDescriptor) -> Option<Column> {
    let kind = match d.physical_type() {
        Physical::INT64 => Kind::Int,
        Physical::DOUBLE => Kind::Double,
        Physical::BOOLEAN => Kind::Bool,
        Physical::BYTE_ARRAY => Kind::Text,
        _ => return None,
    };
    Some(Column {
        name: d.name().to_string(),
        kind,
        nullable: d.self_type().is_optional(),
    })
}

impl ParquetRows {
    /// Opens `path` (a regular file with a complete footer).
    pub(crate) fn open(path: &Path) -> Result<ParquetRows, Error> {
        crate::input::check_regular(path, crate::input::InputKind::SweepResult)?;
        let file = File::open(path).map_err(|e| Error::Io {
            path: path.display().to_string(),
            source: e,
        })?;
        let reader = SerializedFileReader::new(file).map_err(|e| {
            bad(
                path,
                format!("is not a complete Parquet file ({e}); run the sweep again"),
            )
        })?;
        let meta = reader.metadata().file_metadata();
        let columns = meta
            .schema_descr()
            .columns()
            .iter()
            .map(|d| column(d))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| bad(path, "has a column of a type leadplan never writes"))?;
        let rows = u64::try_from(meta.num_rows()).unwrap_or(0);
        Ok(ParquetRows {
            path: path.to_path_buf(),
            columns,
            rows,
            iter: reader.into_iter(),
        })
    }

    /// The index of the column named `name`.
    pub(crate) fn index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

fn cell(f: &Field) -> Result<Cell, String> {
    Ok(match f {
        Field::Null => Cell::Null,
        Field::Bool(b) => Cell::Bool(*b),
        Field::Long(i) => Cell::Int(*i),
        Field::Double(x) => Cell::Double(*x),
        Field::Str(s) => Cell::Text(s.clone()),
        other => return Err(format!("a value of an unexpected type ({other})")),
    })
}

impl Iterator for ParquetRows {
    /// One row's cells, in column order.
    type Item = Result<Vec<Cell>, String>;

    fn next(&mut self) -> Option<Self::Item> {
        let row = self.iter.next()?;
        Some(row.map_err(|e| e.to_string()).and_then(|row| {
            row.get_column_iter()
                .map(|(_, f)| cell(f))
                .collect::<Result<Vec<_>, _>>()
        }))
    }
}
