//! `leadplan check`: load and validate scenario and sweep files, report every problem.

use std::path::{Path, PathBuf};

use leadplan::sweep::{Overrides, Sweep};
use leadplan::{Error, Scenario};

/// Whether the file has a top-level `[sweep]` table (a sweep file, or a scenario
/// that carries its own sweep): then the sweep is checked too.
fn is_sweep(path: &Path) -> bool {
    let Ok(text) = leadplan::input::read_text(path, leadplan::input::InputKind::Scenario) else {
        return false;
    };
    toml::de::DeTable::parse(&text).is_ok_and(|doc| doc.get_ref().contains_key("sweep"))
}

fn check_one(path: &Path) -> Result<String, Error> {
    if is_sweep(path) {
        let sweep = Sweep::load(path, Overrides::default())?;
        Ok(format!(
            "ok (sweep of {}: {} parameters, {} runs)",
            sweep.scenario_file.display(),
            sweep.params.len(),
            sweep.design.runs()
        ))
    } else {
        let s = Scenario::load(path)?;
        Ok(format!(
            "ok ({} countries, {} tasks)",
            s.countries.len(),
            s.tasks.len()
        ))
    }
}

pub fn run(files: &[PathBuf]) -> anyhow::Result<u8> {
    let mut code = 0;
    for f in files {
        match check_one(f) {
            Ok(msg) => println!("{}: {msg}", f.display()),
            Err(e @ Error::Invalid { .. }) => {
                eprint!("{e}");
                code = 2;
            }
            Err(e @ (Error::Io { .. } | Error::Usage(_))) => {
                eprintln!("error: {e}");
                code = 2;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(code)
}
