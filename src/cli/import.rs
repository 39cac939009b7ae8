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
    let mut text = format!(
        "# Imported by `leadplan import` from {name}.\n# Edit the workbook and import it again, or edit this file.\n"
    );
    if imported.marked.is_some() {
        text.push_str("# The comment ending a number's line says where it comes from (the workbook's\n# `sources` sheet): source, approximate, judgement or illustrative, and why.\n");
    }
    text.push_str(&imported.text);
    let s = &imported.scenario;
    crate::output::write_atomic(&args.out, text.as_bytes())?;
    let marked = imported.marked.map_or(String::new(), |(n, all)| {
        format!("; {n} of {all} numbers marked (sheet `sources`)")
    });
    say!(
        "wrote {}: {}, {}, {}{marked}",
        args.out.display(),
        plural(s.countries.len(), "country", "countries"),
        plural(s.tasks.len(), "task", "tasks"),
        plural(s.dimensions.len(), "dimension", "dimensions")
    );
    Ok(0)
}
