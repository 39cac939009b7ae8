//! `leadplan schema scenario|sweep|horizon`: the JSON Schema of a file kind, for editors.

use std::path::PathBuf;

use crate::schema::{schema, SchemaKind};
use clap::{Args, ValueEnum};

/// Which file's schema.
#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Kind {
    /// Scenario files.
    Scenario,
    /// Sweep files.
    Sweep,
    /// Horizon files.
    Horizon,
}

#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// Which file's schema.
    #[arg(value_enum)]
    kind: Kind,
    /// Write it to this file (atomically) instead of standard output.
    #[arg(long, short)]
    out: Option<PathBuf>,
}

pub fn run(args: SchemaArgs) -> anyhow::Result<u8> {
    let kind = match args.kind {
        Kind::Scenario => SchemaKind::Scenario,
        Kind::Sweep => SchemaKind::Sweep,
        Kind::Horizon => SchemaKind::Horizon,
    };
    super::emit_json(&schema(kind), args.out.as_deref())?;
    Ok(0)
}
