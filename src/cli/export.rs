//! `leadplan export`: a scenario as the import template, or a finished sweep, as a workbook.

use std::path::PathBuf;

use crate::Scenario;
use clap::Args;

/// Flags of `leadplan export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// A scenario file (written as the import template, filled), or a finished sweep's output folder.
    input: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Xlsx)]
    format: ExportFormat,
    /// Workbook to write (atomically).
    #[arg(long, short)]
    out: PathBuf,
    /// For a sweep folder: the scenario file the sweep ran on.
    #[arg(long, value_name = "FILE")]
    scenario: Option<PathBuf>,
}

/// What `export` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// An Excel workbook (.xlsx), also read by LibreOffice and the like.
    Xlsx,
}

pub fn run(args: ExportArgs) -> anyhow::Result<u8> {
    let bytes = if args.input.is_dir() {
        let Some(file) = &args.scenario else {
            anyhow::bail!(crate::Error::Usage(format!(
                "{} is a sweep folder: name the scenario it ran on with --scenario FILE",
                args.input.display()
            )));
        };
        let scenario = Scenario::load(file)?;
        let results = crate::sweep::data::SweepResults::open(&args.input, file, &scenario)?;
        super::print_notes(&results.notes);
        crate::sheets::sweep_xlsx(&results, &scenario)?
    } else {
        let scenario = Scenario::load(&args.input)?;
        // Read again for the comments that say where each number comes from.
        let text = crate::input::read_text(&args.input, crate::input::InputKind::Scenario)?;
        let (bytes, notes) = crate::sheets::scenario_xlsx(&scenario, &args.input, &text)?;
        for note in notes {
            say!("note: {note}");
        }
        bytes
    };
    crate::output::write_atomic(&args.out, &bytes)?;
    say!("wrote {}", args.out.display());
    Ok(0)
}
