//! The `leadplan` binary: parse, run, map errors to exit codes.

mod cli;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                if io.kind() == std::io::ErrorKind::BrokenPipe {
                    return ExitCode::SUCCESS;
                }
            }
            match e.downcast_ref::<leadplan::Error>() {
                Some(leadplan::Error::Invalid { .. }) => {
                    eprint!("{e}");
                    ExitCode::from(2)
                }
                Some(leadplan::Error::Usage(_) | leadplan::Error::Io { .. }) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
                Some(leadplan::Error::Solver(_)) => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(3)
                }
                _ => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
