//! `leadplan serve`: the what-if page for a scenario or a folder of them, on 127.0.0.1.

use std::path::PathBuf;

use clap::Args;

use super::SolverArgs;
use crate::serve::Serving;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Scenario file (TOML), or a folder of scenarios and sweeps.
    file: PathBuf,
    /// Port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    #[command(flatten)]
    solver: SolverArgs,
}

/// Seconds each solve of the page may take unless `--time-limit` says
/// otherwise: a stuck solve ends, and the page says it ran out of time.
const DEFAULT_TIME_LIMIT: f64 = 20.0;

pub fn run(args: ServeArgs) -> anyhow::Result<u8> {
    let mut opts = args.solver.options();
    opts.time_limit = opts.time_limit.or(Some(DEFAULT_TIME_LIMIT));
    let serving = Serving::start(&args.file, args.port, opts)?;
    let what = if args.file.is_dir() { "folder " } else { "" };
    say!(
        "leadplan serve: the what-if page of {what}{} is at\n  {}\n(only this machine can open it, and only with the token in the address; stop with Ctrl-C)",
        args.file.display(),
        serving.url()
    );
    serving.run()?;
    Ok(0)
}
