//! The folder `leadplan serve DIR` opened: what is in it, and the only road
//! from a name the page sends to a file the server reads.
//!
//! [`Folder::confine`] refuses an absolute path, a `..`, and any name that,
//! once every symbolic link is followed, lands outside the folder, before
//! anything is opened; the server reads nothing else. The folder is listed one
//! level deep, without following links out of it.

use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use super::reply::Refusal;
use crate::scenario::Scenario;

/// Most entries listed: a folder of scenarios, not a home directory.
const MAX_ENTRIES: usize = 2_000;

/// The folder opened, canonical.
#[derive(Clone, Debug)]
pub struct Folder {
    root: PathBuf,
}

/// What a listed file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A scenario file that loads.
    Scenario,
    /// A sweep file (`*.sweep.toml`, or a TOML file with a `[sweep]` table).
    Sweep,
    /// A finished sweep's output folder (it holds `manifest.json`).
    SweepResults,
    /// A Pareto front `leadplan pareto --format json` wrote.
    ParetoFront,
    /// A TOML file that does not load as a scenario.
    InvalidScenario,
    /// Anything else.
    Other,
}

/// One listed file.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    /// Its path relative to the folder, with `/`.
    pub path: String,
    /// What it is.
    pub kind: Kind,
    /// A scenario's name, or why a TOML file is not a scenario.
    pub note: String,
}

impl Folder {
    /// The folder at `dir` (which must be a folder).
    pub fn open(dir: &Path) -> Result<Folder, crate::error::Error> {
        let root = dir.canonicalize().map_err(|e| crate::error::Error::Io {
            path: dir.display().to_string(),
            source: e,
        })?;
        Ok(Folder { root })
    }

    /// The folder, as opened (canonical).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The file `rel` names inside the folder, canonical, or why it is refused:
    /// 403 for an absolute path, a `..` or a link that leads out, 404 for
    /// a name that is not a file in the folder.
    pub fn confine(&self, rel: &str) -> Result<PathBuf, Refusal> {
        let p = self.confine_any(rel)?;
        if !p.is_file() {
            return Err(Refusal::new(
                404,
                format!("`{}` is not a file in the folder", shown(rel)),
            ));
        }
        Ok(p)
    }

    /// [`Folder::confine`] for a file or a folder.
    pub fn confine_any(&self, rel: &str) -> Result<PathBuf, Refusal> {
        let refuse = |why: &str| {
            Refusal::new(
                403,
                format!(
                    "`{}` is refused: {why}; name a file inside the folder served, as the page lists it",
                    shown(rel)
                ),
            )
        };
        if rel.is_empty() {
            return Err(Refusal::new(
                404,
                "no file named: choose one from the folder's list",
            ));
        }
        let path = Path::new(rel);
        if rel.contains('\0') || rel.starts_with('\\') || rel.contains(":\\") {
            return Err(refuse("not a path inside the folder"));
        }
        for c in path.components() {
            match c {
                Component::Normal(_) | Component::CurDir => {}
                Component::ParentDir => return Err(refuse("`..` leads out of the folder")),
                Component::RootDir | Component::Prefix(_) => {
                    return Err(refuse("an absolute path is outside the folder"))
                }
            }
        }
        let full = self.root.join(path);
        let canon = full
            .canonicalize()
            .map_err(|_| Refusal::new(404, format!("no file `{}` in the folder", shown(rel))))?;
        if !canon.starts_with(&self.root) {
            return Err(refuse("it is a link to a place outside the folder"));
        }
        Ok(canon)
    }

    /// The folder's files and, one level down, the finished sweeps' folders,
    /// sorted by path.
    pub fn list(&self) -> Vec<Entry> {
        let mut out = Vec::new();
        let Ok(rd) = std::fs::read_dir(&self.root) else {
            return out;
        };
        let mut names: Vec<String> = rd
            .flatten()
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        for name in names.into_iter().take(MAX_ENTRIES) {
            // A link that leads out is not listed: opening it is refused.
            let Ok(p) = self.confine_any(&name) else {
                continue;
            };
            if p.is_dir() {
                if p.join(crate::sweep::files::MANIFEST).is_file() {
                    out.push(entry(name, Kind::SweepResults, String::new()));
                }
                continue;
            }
            out.push(classify(name, &p));
        }
        out
    }
}

fn entry(path: String, kind: Kind, note: String) -> Entry {
    Entry { path, kind, note }
}

/// What the file at `p` (listed as `name`) is.
fn classify(name: String, p: &Path) -> Entry {
    if name.ends_with(".sweep.toml") {
        return entry(name, Kind::Sweep, String::new());
    }
    if name.ends_with(".horizon.toml") {
        let note = "a horizon file: plan it with `leadplan horizon`".to_string();
        return entry(name, Kind::Other, note);
    }
    if name.ends_with(".json") {
        let kind = match super::front::read_front(p) {
            Ok(_) => Kind::ParetoFront,
            Err(_) => Kind::Other,
        };
        return entry(name, kind, String::new());
    }
    if !name.ends_with(".toml") {
        return entry(name, Kind::Other, String::new());
    }
    let text = crate::input::read_text(p, crate::input::InputKind::Scenario).unwrap_or_default();
    if text.lines().any(|l| l.trim() == "[sweep]") {
        return entry(name, Kind::Sweep, String::new());
    }
    match Scenario::load(p) {
        Ok(s) => entry(name, Kind::Scenario, s.name),
        Err(crate::error::Error::Invalid { diagnostics }) => entry(
            name,
            Kind::InvalidScenario,
            crate::fmt::plural(diagnostics.len(), "problem", "problems"),
        ),
        Err(e) => entry(name, Kind::InvalidScenario, e.to_string()),
    }
}

/// A name as the page sent it, on one line and short.
fn shown(rel: &str) -> String {
    let one: String = crate::fmt::escape_line(rel).chars().take(200).collect();
    one
}
