//! The layers hold: no import cycle between the crate's top-level modules, and
//! none between the files of one folder.
//!
//! Read from the source: every `crate::…` path (grouped ones too:
//! `crate::{model, rules::Family}`) is an edge from the file's top-level module
//! to the one it names, and every `super::sibling` or `crate::folder::sibling`
//! an edge between two files of a folder. Comments and tests (files named
//! `*tests.rs`, and everything from a file's `#[cfg(test)]` module on) are left
//! out: a test may reach any layer. The layers, lowest first, are [`LAYERS`]
//! (the table in `docs/src/development.md`): a module uses only its own layer
//! and those below. A change that breaks that, or adds a cycle, fails here
//! with the modules and the files.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The crate's layers, lowest first: a top-level module names modules of its
/// own layer or lower ones only.
const LAYERS: [&[&str]; 13] = [
    &[
        "error",
        "diag",
        "input",
        "fmt",
        "csv_safe",
        "cells",
        "md",
        "possessive",
        "progress",
    ],
    &["scenario", "options", "plan"],
    &["milp"],
    &["rules"],
    &["model"],
    &["solve"],
    &["optimize", "explain"],
    &["solve_report", "output"],
    &["resilience", "pareto"],
    &["sweep", "discover", "orlib", "horizon"],
    &["chart", "document", "sheets", "schema"],
    // the what-if page answers with the report's words
    &["serve"],
    // the public groups of the library's surface, and the command line
    &["planning", "studies", "outputs", "cli"],
];

/// Every `.rs` file under `dir`, recursively, in order.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .expect("src is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The file's code: comments dropped, tests left out (a `#[cfg(test)]`
/// item on one line is skipped, an inline test module ends the file).
fn code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            match lines.next() {
                Some(next) if next.trim_end().ends_with('{') => break,
                _ => continue,
            }
        }
        let line = match line.find("//") {
            Some(k) if !line[..k].contains('"') => &line[..k],
            _ => line,
        };
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The paths that follow `prefix` (`crate::` or `super::`), each as its
/// segments: `crate::{a::b, c}` gives `[a, b]` and `[c]`.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(k) = rest.find(prefix) {
        let before = rest[..k].chars().next_back();
        rest = &rest[k + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue; // `self::super::`, or a longer name ending in the prefix
        }
        parse_tree(rest, Vec::new(), &mut out);
    }
    out
}

/// Parses one use-tree at the start of `s` (after a `::`), pushing its paths.
fn parse_tree(s: &str, head: Vec<String>, out: &mut Vec<Vec<String>>) {
    let s = s.trim_start();
    if let Some(inner) = s.strip_prefix('{') {
        let mut depth = 0;
        let mut start = 0;
        for (k, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    parse_tree(&inner[start..k], head.clone(), out);
                    return;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    parse_tree(&inner[start..k], head.clone(), out);
                    start = k + 1;
                }
                _ => {}
            }
        }
        return;
    }
    let name: String = s
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() {
        if !head.is_empty() {
            out.push(head);
        }
        return;
    }
    let mut path = head;
    path.push(name.clone());
    match s[name.len()..].strip_prefix("::") {
        Some(more) if !more.trim_start().is_empty() => parse_tree(more, path, out),
        _ => out.push(path),
    }
}

/// The strongly connected components of more than one node (Tarjan).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct T<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<String, usize>,
        low: BTreeMap<String, usize>,
        stack: Vec<String>,
        on: BTreeSet<String>,
        out: Vec<Vec<String>>,
    }
    fn visit(t: &mut T, v: &str) {
        let n = t.index.len();
        t.index.insert(v.to_string(), n);
        t.low.insert(v.to_string(), n);
        t.stack.push(v.to_string());
        t.on.insert(v.to_string());
        let next: Vec<String> = t.edges.get(v).into_iter().flatten().cloned().collect();
        for w in next {
            if !t.index.contains_key(&w) {
                visit(t, &w);
                let l = t.low[&w].min(t.low[v]);
                t.low.insert(v.to_string(), l);
            } else if t.on.contains(&w) {
                let l = t.index[&w].min(t.low[v]);
                t.low.insert(v.to_string(), l);
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            loop {
                let w = t.stack.pop().expect("v is on the stack");
                t.on.remove(&w);
                let done = w == v;
                comp.push(w);
                if done {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                t.out.push(comp);
            }
        }
    }
    let mut t = T {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    let nodes: BTreeSet<String> = edges
        .iter()
        .flat_map(|(a, bs)| std::iter::once(a.clone()).chain(bs.iter().cloned()))
        .collect();
    for v in nodes {
        if !t.index.contains_key(&v) {
            visit(&mut t, &v);
        }
    }
    t.out
}

/// A file of the crate: its path relative to `src/` and its code.
struct File {
    rel: Vec<String>,
    code: String,
}

fn files() -> Vec<File> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    paths
        .into_iter()
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().ends_with("tests.rs"))
        })
        .map(|p| {
            let rel = p.strip_prefix(&src).expect("under src");
            File {
                rel: rel
                    .iter()
                    .map(|c| c.to_string_lossy().trim_end_matches(".rs").to_string())
                    .collect(),
                code: code(&fs::read_to_string(&p).expect("readable source")),
            }
        })
        .collect()
}

/// Module → the modules it names.
type Edges = BTreeMap<String, BTreeSet<String>>;
/// (module, module) → the files that name the second in the first.
type Whence = BTreeMap<(String, String), BTreeSet<String>>;

/// Top-level module → the top-level modules its code names, with the files.
fn top_edges(files: &[File]) -> (Edges, Whence) {
    let (mut edges, mut whence) = (BTreeMap::new(), BTreeMap::new());
    for f in files {
        let from = &f.rel[0];
        if from == "lib" || from == "main" {
            continue;
        }
        for path in paths_after(&f.code, "crate::") {
            let to = &path[0];
            if to != from {
                edges
                    .entry(from.clone())
                    .or_insert_with(BTreeSet::new)
                    .insert(to.clone());
                whence
                    .entry((from.clone(), to.clone()))
                    .or_insert_with(BTreeSet::new)
                    .insert(f.rel.join("/"));
            }
        }
    }
    (edges, whence)
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let files = files();
    let (edges, whence) = top_edges(&files);
    assert!(
        edges.len() > 10,
        "the scan found too few modules: {edges:?}"
    );
    let found = cycles(&edges);
    let mut report = String::new();
    for comp in &found {
        report += &format!("cycle through {comp:?}:\n");
        for a in comp {
            for b in edges[a].iter().filter(|b| comp.contains(b)) {
                report += &format!("  {a} -> {b} in {:?}\n", whence[&(a.clone(), b.clone())]);
            }
        }
    }
    assert!(found.is_empty(), "{report}");
}

#[test]
fn modules_use_only_their_own_and_lower_layers() {
    let layer = |m: &str| LAYERS.iter().position(|l| l.contains(&m));
    let files = files();
    let (edges, whence) = top_edges(&files);
    let mut report = String::new();
    for (from, tos) in &edges {
        let Some(lf) = layer(from) else {
            report += &format!("{from} is in no layer of LAYERS\n");
            continue;
        };
        for to in tos {
            if layer(to).is_some_and(|lt| lt > lf) {
                let at = &whence[&(from.clone(), to.clone())];
                report += &format!("{from} (layer {lf}) uses {to}, a higher layer, in {at:?}\n");
            }
        }
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn no_import_loop_between_the_files_of_a_folder() {
    let files = files();
    // folder → (file, sibling it names)
    let mut folders: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    let siblings: BTreeMap<String, BTreeSet<String>> = {
        let mut m: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for f in &files {
            if f.rel.len() > 1 {
                let folder = f.rel[..f.rel.len() - 1].join("/");
                m.entry(folder)
                    .or_default()
                    .insert(f.rel[f.rel.len() - 1].clone());
            }
        }
        m
    };
    for f in files.iter().filter(|f| f.rel.len() > 1) {
        let name = &f.rel[f.rel.len() - 1];
        if name == "mod" {
            continue; // a folder's root declares and re-exports its files
        }
        let folder = f.rel[..f.rel.len() - 1].join("/");
        let known = &siblings[&folder];
        let mut named = BTreeSet::new();
        for path in paths_after(&f.code, "super::") {
            named.insert(path[0].clone());
        }
        for path in paths_after(&f.code, "crate::") {
            let p = path.join("/");
            if let Some(rest) = p.strip_prefix(&format!("{folder}/")) {
                named.insert(rest.split('/').next().unwrap_or_default().to_string());
            }
        }
        for other in named
            .into_iter()
            .filter(|o| known.contains(o) && o != name && o != "mod")
        {
            folders
                .entry(folder.clone())
                .or_default()
                .entry(name.clone())
                .or_default()
                .insert(other);
        }
    }
    let mut report = String::new();
    for (folder, edges) in &folders {
        for comp in cycles(edges) {
            report += &format!("{folder}/: files {comp:?} name each other\n");
        }
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn the_scan_reads_grouped_and_nested_paths() {
    let code = code("use crate::{model::{self, Restrictions}, rules::Family};\n// crate::ignored\nlet x = crate::fmt::fmt_num(1.0);\n");
    let paths: Vec<String> = paths_after(&code, "crate::")
        .iter()
        .map(|p| p.join("::"))
        .collect();
    assert_eq!(
        paths,
        [
            "model::self",
            "model::Restrictions",
            "rules::Family",
            "fmt::fmt_num"
        ]
    );
    let mut edges = BTreeMap::new();
    edges.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    edges.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(cycles(&edges), vec![vec!["a".to_string(), "b".to_string()]]);
}
