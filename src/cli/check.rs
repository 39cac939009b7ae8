//! `leadplan check`: load and validate scenario files, report every problem.

use std::path::PathBuf;

use leadplan::{Error, Scenario};

pub fn run(files: &[PathBuf]) -> anyhow::Result<u8> {
    let mut code = 0;
    for f in files {
        match Scenario::load(f) {
            Ok(s) => println!("{}: ok ({} countries, {} tasks)", f.display(), s.countries.len(), s.tasks.len()),
            Err(e @ (Error::Invalid { .. } | Error::Io { .. })) => {
                eprint!("{e}");
                if matches!(e, Error::Io { .. }) {
                    eprintln!();
                }
                code = 2;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(code)
}
