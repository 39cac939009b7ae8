//! `leadplan import`: a workbook (or a folder of CSV files) to a scenario file.

use std::path::PathBuf;

use clap::Args;

use crate::fmt::plural;

/// Flags of `leadplan import`.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Workbook (.xlsx or .ods) or folder of CSV files, laid out as in docs/src/spreadsheets.md.
    input: PathBuf,
    /// Scenario file to write (TOML; written atomically).
    #[arg(long, short)]
    out: PathBuf,
}

pub fn run(args: ImportArgs) -> anyhow::Result<u8> {
    let imported = crate::sheets::import(&args.input)?;
    for note in &imported.notes {
        say!("note: {note}");
    }
    let name = args.input.file_name().map_or_else(
        || args.input.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    // the name goes into a TOML comment: on one line, nothing hostile
    let name = crate::fmt::escape_line(&name);
    let header = format!(
        "Imported by `leadplan import` from {name}.\nEdit the workbook and import it again, or edit this file."
    );
    let s = &imported.scenario;
    let text = crate::scenario::to_toml(s, &header);
    crate::output::write_atomic(&args.out, text.as_bytes())?;
    say!(
        "wrote {}: {}, {}, {}",
        args.out.display(),
        plural(s.countries.len(), "country", "countries"),
        plural(s.tasks.len(), "task", "tasks"),
        plural(s.dimensions.len(), "dimension", "dimensions")
    );
    Ok(0)
}
