//! A capability matrix kept outside the scenario file, so the spreadsheet stays
//! the source of truth: `[scenario] capabilities = "scores.csv"` (a CSV file)
//! or `"book.xlsx#capabilities"` (a sheet of a workbook), relative to the
//! scenario file. The matrix is read like the `capabilities` sheet of
//! `leadplan import` (first column `country`, one column per dimension), every
//! bad cell reported by file and cell, and its scores fill each country's
//! `capability` table before validation, as if written inline.
//!
//! Only a file in the scenario's folder, or a folder below it, is read: an
//! absolute path, a `..` that climbs out, or a symbolic link that leads out is
//! refused before anything is opened, so a scenario from elsewhere cannot make
//! leadplan read (and quote, in its errors) a file the user did not name. The
//! user names other folders to read from with `--read-root DIR`.

use std::path::{Component, Path, PathBuf};

use toml::Spanned;

use super::raw::RawScenario;
use super::reader::Ctx;
use crate::cells::external::{read_capabilities, Scores};

/// Fills the countries' capabilities from the referenced matrix, if any.
pub(crate) fn apply(ctx: &mut Ctx, raw: &mut RawScenario, file: &str) {
    let Some(spec) = raw.meta.capabilities.clone() else {
        return;
    };
    let span = spec.span();
    let (path, sheet) = match locate(Path::new(file), spec.get_ref()) {
        Ok(found) => found,
        Err(msg) => {
            let hint =
                "copy the matrix beside the scenario file and name it relative to it (`scores.csv`), or allow the folder that holds it: `leadplan --read-root DIR ...`"
                    .to_string();
            ctx.error(span, "scenario.capabilities", msg, hint);
            return;
        }
    };
    let sheet = sheet.as_deref();
    let declared: Option<Vec<String>> = raw
        .meta
        .dimensions
        .as_ref()
        .map(|d| d.iter().map(|x| x.get_ref().clone()).collect());
    let ids: Vec<String> = raw
        .countries
        .iter()
        .filter_map(|c| c.id.as_ref().map(|i| i.get_ref().clone()))
        .collect();
    let scores = match read_capabilities(&path, sheet, &ids, declared.as_deref()) {
        Ok(Scores::Read(rows)) => rows,
        Ok(Scores::Invalid(diags)) => {
            ctx.diags.extend(diags);
            return;
        }
        Err(e) => {
            let hint =
                "give a CSV file or `book.xlsx#sheet`, relative to this scenario file".to_string();
            ctx.error(span, "scenario.capabilities", e.to_string(), hint);
            return;
        }
    };
    for c in &mut raw.countries {
        let Some(id) = c.id.as_ref().map(|i| i.get_ref().clone()) else {
            continue;
        };
        if !c.capability.is_empty() {
            let msg = format!(
                "country `{id}` has a capability table, and `scenario.capabilities` names a matrix too"
            );
            let hint = "keep one: delete the table, or the row in the matrix and the reference"
                .to_string();
            ctx.error(c.span.clone(), &format!("{}.capability", c.path), msg, hint);
            continue;
        }
        match scores.iter().find(|(row, _)| *row == id) {
            Some((_, values)) => {
                c.capability = values
                    .iter()
                    .map(|(d, v)| {
                        (
                            Spanned::new(span.clone(), d.clone()),
                            Spanned::new(span.clone(), *v),
                        )
                    })
                    .collect();
            }
            None => ctx.error(
                c.span.clone(),
                &c.path,
                format!("country `{id}` has no row in {}", path.display()),
                format!("add a row for `{id}` to the capability matrix"),
            ),
        }
    }
}

/// The file and sheet that `spec` (`scores.csv`, `book.xlsx#capabilities`,
/// as scenario file `file` writes it) names, or why it is refused unread: it
/// leads out of the scenario's folder (and out of every `--read-root`).
pub(crate) fn locate(file: &Path, spec: &str) -> Result<(PathBuf, Option<String>), String> {
    let (name, sheet) = match spec.split_once('#') {
        Some((f, s)) => (f, Some(s.to_string())),
        None => (spec, None),
    };
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match inside(&folder, name) {
        Ok(()) => Ok((folder.join(name), sheet)),
        Err(why) => Err(format!("`capabilities` names `{name}`, {why}; leadplan reads a capability matrix only from the scenario's folder or a folder below it, unless a folder is allowed with --read-root")),
    }
}

/// Whether `name` (as written in the scenario) stays inside `folder`: a
/// relative path that never climbs above it, and, where it exists, whose real
/// location (links followed) is inside the folder's real location.
fn inside(folder: &Path, name: &str) -> Result<(), &'static str> {
    let rel = Path::new(name);
    // A folder the user allowed with --read-root: any path that really lies
    // inside it (absolute, climbing or linked).
    if folder
        .join(rel)
        .canonicalize()
        .is_ok_and(|real| crate::input::in_read_root(&real))
    {
        return Ok(());
    }
    let mut depth = 0usize;
    for c in rel.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => return Err("an absolute path"),
            Component::ParentDir if depth == 0 => {
                return Err("a path that climbs out of the scenario's folder")
            }
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
        }
    }
    let target = folder.join(rel);
    let (Ok(real_folder), Ok(real_target)) = (folder.canonicalize(), target.canonicalize()) else {
        return Ok(()); // missing: the read reports it, naming only what the user wrote
    };
    if real_target.starts_with(&real_folder) {
        Ok(())
    } else {
        Err("a link that leads out of the scenario's folder")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    const SCENARIO: &str = "[scenario]\nname = \"x\"\ncapabilities = \"REF\"\n[[country]]\nid = \"A\"\ncapacity = 1\n[[task]]\nid = \"t\"\neffort = 1\nrequirements = { a = 1 }\n";

    fn load(dir: &Path, reference: &str) -> Result<Scenario, crate::Error> {
        let file = dir.join("s.toml");
        std::fs::write(&file, SCENARIO.replace("REF", reference)).unwrap();
        Scenario::load(&file)
    }

    #[test]
    fn a_matrix_outside_the_scenario_folder_is_refused_unread() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("scenarios");
        std::fs::create_dir_all(dir.join("data")).unwrap();
        let secret = root.path().join("secret.csv");
        std::fs::write(&secret, "country,a\nA,0.123456789\n").unwrap();
        std::fs::write(dir.join("data/scores.csv"), "country,a\nA,0.5\n").unwrap();
        let absolute = secret.display().to_string();
        let refused = [
            ("../secret.csv", "climbs out"),
            ("data/../../secret.csv", "climbs out"),
            (absolute.as_str(), "absolute path"),
        ];
        for (reference, why) in refused {
            let e = load(&dir, reference).unwrap_err().to_string();
            assert!(e.contains(why), "{reference}: {e}");
            assert!(
                !e.contains("0.123456789"),
                "{reference}: the file was quoted: {e}"
            );
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&secret, dir.join("link.csv")).unwrap();
            let e = load(&dir, "link.csv").unwrap_err().to_string();
            assert!(e.contains("a link that leads out"), "{e}");
            assert!(!e.contains("0.123456789"), "{e}");
        }
        let s = load(&dir, "data/scores.csv").expect("a matrix below the folder is read");
        assert_eq!(s.countries[0].capability.get("a"), Some(&0.5));
        let s = load(&dir, "data/../data/scores.csv").expect("a `..` that stays inside is fine");
        assert_eq!(s.countries[0].capability.get("a"), Some(&0.5));
    }
}
