//! `leadplan gap`: solve OR-Library GAP files instance by instance, or convert them to scenarios.

use std::path::Path;

use crate::orlib::{self, GapInstance, GapResult, GapStatus};
use crate::Error;

use super::{emit, GapArgs};

/// Per-instance time limit when none is given: GAP files hold instances that
/// no solver closes quickly (gapd), and a benchmark run must end.
const DEFAULT_LIMIT_S: f64 = 60.0;

/// Output formats of `gap`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GapFormat {
    /// A table, one row per instance as it finishes.
    Text,
    /// A list of objects with keys instance, agents, jobs, status, objective, bound, seconds.
    Json,
}

pub fn run(args: GapArgs) -> anyhow::Result<u8> {
    let mut instances = orlib::load(&args.file, args.sense)?;
    if let Some(k) = args.instance {
        instances = select(instances, k, &args.file)?;
    }
    if let Some(dir) = &args.to_scenario {
        return write_scenarios(dir, &instances);
    }
    let mut opts = orlib::gap_options(&args.solver.options());
    let limit = *opts.time_limit.get_or_insert(DEFAULT_LIMIT_S);
    let largest = instances
        .iter()
        .map(|i| i.agents() * i.jobs())
        .max()
        .unwrap_or(0);
    let solver = opts.pick(largest)?;
    let text = args.format == GapFormat::Text;
    if text {
        let name = args.file.display().to_string();
        emit(
            &orlib::render_text_header(&name, instances.len(), instances[0].sense, solver, limit),
            None,
        )?;
    }
    let mut results: Vec<GapResult> = Vec::new();
    let mut failed = false;
    for inst in &instances {
        match orlib::solve_instance(inst, &opts) {
            Ok(r) => {
                if text {
                    emit(&orlib::render_text_row(&r), None)?;
                }
                failed |= matches!(r.status, GapStatus::Infeasible | GapStatus::NoPlan);
                results.push(r);
            }
            Err(e) => {
                say!("error: {}: {e}", inst.name);
                failed = true;
            }
        }
    }
    if text {
        emit(&orlib::render_text_footer(&results, limit), None)?;
    } else {
        super::emit_json(&orlib::render_json(&results), None)?;
    }
    Ok(u8::from(failed))
}

fn select(
    mut instances: Vec<GapInstance>,
    k: usize,
    file: &Path,
) -> Result<Vec<GapInstance>, Error> {
    if k == 0 || k > instances.len() {
        return Err(Error::Usage(format!(
            "{} holds {} instance(s); --instance takes 1 to {}",
            file.display(),
            instances.len(),
            instances.len()
        )));
    }
    Ok(vec![instances.swap_remove(k - 1)])
}

fn write_scenarios(dir: &Path, instances: &[GapInstance]) -> anyhow::Result<u8> {
    std::fs::create_dir_all(dir).map_err(|e| Error::Io {
        path: dir.display().to_string(),
        source: e,
    })?;
    for inst in instances {
        let path = dir.join(format!("{}.toml", inst.name));
        crate::output::write_atomic(&path, orlib::scenario_toml(inst).as_bytes())?;
        emit(&format!("wrote {}\n", path.display()), None)?;
    }
    Ok(0)
}
