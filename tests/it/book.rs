//! The console examples of the README and the user guide, run against the
//! binary.
//!
//! Every ```` ```console ```` block in `README.md` and under `docs/src/` is a
//! transcript: a line `$ leadplan ARGS` (a line ending in ` \` continues on
//! the next, as in a shell), an optional `? N` line with the exit code when it
//! is not 0, then the output, standard output and standard error together as a
//! terminal shows them. This test runs each command and compares. In the
//! expected output a line `...` stands for any number of lines, and `[..]`
//! within a line for any text on that line (the conventions of trycmd, so the
//! blocks read the same either way): that is how timings and progress lines
//! are masked. Spaces at the ends of lines do not count.
//!
//! Each block runs in a fresh temporary folder that holds links to the
//! repository's `scenarios/`, `examples/`, `data/`, `schema/` and `benches/`,
//! so a block's commands use the paths a reader types in the repository root,
//! files one command writes (`--out out/mc`) are there for the next command of
//! the same block, and nothing is written into the repository. Blocks run in
//! parallel, the commands of one block in order.
//!
//! A block whose info string holds `ignore` (```` ```console,ignore ````) is
//! shown but not run; other blocks (```` ```sh ````, ```` ```text ````) are
//! never run.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Folders of the repository a block may read, linked into its working folder.
const LINKED: [&str; 5] = ["scenarios", "examples", "data", "schema", "benches"];

/// One command of a transcript and what it should print.
struct Step {
    /// Where the command is: `docs/src/FILE.md:LINE`.
    origin: String,
    args: Vec<String>,
    /// Whether the last command line ended in ` \\` (more arguments follow).
    continued: bool,
    status: i32,
    expected: String,
}

/// Every `.md` file under `dir`, sorted.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files.extend(markdown_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "md") {
            files.push(path);
        }
    }
    files
}

/// Splits a command line as a POSIX shell would for the quoting used in the
/// guide: whitespace separates words, single and double quotes group them.
fn shell_words(line: &str, origin: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => word.push(c),
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                in_word = true;
            }
            None if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            None => {
                word.push(c);
                in_word = true;
            }
        }
    }
    assert!(quote.is_none(), "{origin}: unbalanced quote in `{line}`");
    if in_word {
        words.push(word);
    }
    words
}

/// A command line without its trailing ` \\`, and whether it had one.
fn continuation(line: &str) -> (&str, bool) {
    match line.trim_end().strip_suffix('\\') {
        Some(head) => (head, true),
        None => (line, false),
    }
}

/// The transcripts of one Markdown file: one list of steps per console block.
fn transcripts(path: &Path, name: &str) -> Vec<Vec<Step>> {
    let text = std::fs::read_to_string(path).expect("readable guide chapter");
    let mut blocks = Vec::new();
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line))
        .peekable();
    while let Some((_, line)) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let mut tags = info.split(',').map(str::trim);
        let runs = tags.next() == Some("console") && !tags.any(|t| t == "ignore");
        let mut block: Vec<Step> = Vec::new();
        for (number, line) in lines.by_ref() {
            if line.starts_with("```") {
                break;
            }
            if !runs {
                continue;
            }
            let origin = format!("{name}:{number}");
            if let Some(step) = block.last_mut().filter(|step| step.continued) {
                let (more, continued) = continuation(line);
                step.args.extend(shell_words(more, &origin));
                step.continued = continued;
                continue;
            }
            if let Some(command) = line.strip_prefix("$ ") {
                let (command, continued) = continuation(command);
                let args = shell_words(command, &origin);
                assert_eq!(
                    args.first().map(String::as_str),
                    Some("leadplan"),
                    "{origin}: a console example runs `leadplan`"
                );
                block.push(Step {
                    origin,
                    args: args[1..].to_vec(),
                    continued,
                    status: 0,
                    expected: String::new(),
                });
                continue;
            }
            let step = block
                .last_mut()
                .unwrap_or_else(|| panic!("{origin}: output before any `$ leadplan` line"));
            if let (Some(code), true) = (line.strip_prefix("? "), step.expected.is_empty()) {
                step.status = code
                    .trim()
                    .parse()
                    .unwrap_or_else(|_| panic!("{origin}: `? N` needs an exit code"));
            } else {
                step.expected.push_str(line);
                step.expected.push('\n');
            }
        }
        if !block.is_empty() {
            blocks.push(block);
        }
    }
    blocks
}

/// Whether `actual` matches the pattern line `expected` (`[..]`: any text);
/// spaces at the ends of lines do not count.
fn line_matches(expected: &str, actual: &str) -> bool {
    let (expected, actual) = (expected.trim_end(), actual.trim_end());
    let mut parts = expected.split("[..]");
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = actual.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

/// Whether the lines of `actual` match the pattern lines of `expected`
/// (a line `...`: any number of lines).
fn lines_match(expected: &[&str], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((&"...", rest)) => (0..=actual.len()).any(|skip| lines_match(rest, &actual[skip..])),
        Some((line, rest)) => actual
            .split_first()
            .is_some_and(|(first, tail)| line_matches(line, first) && lines_match(rest, tail)),
    }
}

/// Runs one command in `dir`; standard output and error go through one pipe,
/// so their lines interleave as on a terminal.
fn run(step: &Step, dir: &Path) -> (i32, String) {
    let (mut reader, writer) = std::io::pipe().expect("pipe");
    let mut child = Command::new(env!("CARGO_BIN_EXE_leadplan"))
        .args(&step.args)
        .current_dir(dir)
        .env_remove("RAYON_NUM_THREADS")
        .stdin(std::process::Stdio::null())
        .stdout(writer.try_clone().expect("pipe clone"))
        .stderr(writer)
        .spawn()
        .expect("leadplan runs");
    let mut output = Vec::new();
    std::io::Read::read_to_end(&mut reader, &mut output).expect("output read");
    let status = child.wait().expect("leadplan exits");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output).into_owned(),
    )
}

/// A fresh working folder with the repository's input folders linked in.
fn workdir(root: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    for name in LINKED {
        let target = root.join(name);
        #[cfg(unix)]
        std::os::unix::fs::symlink(&target, dir.path().join(name)).expect("link");
        #[cfg(windows)]
        std::os::windows::fs::symlink_dir(&target, dir.path().join(name)).expect("link");
    }
    dir
}

/// Runs the steps of one block in a fresh folder; what differs, as messages.
fn check_block(block: &[Step], root: &Path) -> Vec<String> {
    let dir = workdir(root);
    let mut failures = Vec::new();
    for step in block {
        let (status, output) = run(step, dir.path());
        let expected: Vec<&str> = step.expected.lines().collect();
        let actual: Vec<&str> = output.lines().collect();
        if status != step.status || !lines_match(&expected, &actual) {
            failures.push(format!(
                "{}: `leadplan {}` exited {status} (expected {}) and printed:\n{output}--- the guide expects:\n{}",
                step.origin,
                step.args.join(" "),
                step.status,
                step.expected
            ));
        }
    }
    failures
}

#[test]
fn the_guides_console_examples_are_what_the_binary_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    files.extend(markdown_files(&root.join("docs/src")));
    let mut blocks = Vec::new();
    for path in &files {
        let name = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        blocks.extend(transcripts(path, &name));
    }
    let checked: usize = blocks.iter().map(Vec::len).sum();
    assert!(
        checked > 0,
        "no console example found in README.md or under docs/src"
    );
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(blocks.len());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut failures: Vec<(usize, Vec<String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut found = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(block) = blocks.get(i) else { break };
                        found.push((i, check_block(block, root)));
                    }
                    found
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().expect("worker"))
            .collect()
    });
    failures.sort_by_key(|(i, _)| *i);
    let failures: Vec<String> = failures.into_iter().flat_map(|(_, f)| f).collect();
    assert!(
        failures.is_empty(),
        "{} of {checked} console examples differ:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The id mdBook (and GitHub, for the README) gives a heading: lower case,
/// letters, digits, `-` and `_` kept, spaces turned into `-`, the rest dropped.
fn heading_id(heading: &str) -> String {
    heading
        .chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '-' || c == '_' => {
                Some(c.to_lowercase().next().unwrap_or(c))
            }
            c if c.is_whitespace() => Some('-'),
            _ => None,
        })
        .collect()
}

/// The lines of a Markdown text outside fenced blocks.
fn outside_fences(text: &str) -> Vec<&str> {
    fenced_or_not(text, false)
}

/// The lines of a Markdown text inside fenced blocks (`inside`) or outside them.
fn fenced_or_not(text: &str, inside: bool) -> Vec<&str> {
    let mut fenced = false;
    text.lines()
        .filter(|line| {
            if line.starts_with("```") {
                fenced = !fenced;
                return false;
            }
            fenced == inside
        })
        .collect()
}

/// The Markdown of `text` outside fenced blocks and inline code.
fn prose(text: &str) -> String {
    let mut out = String::new();
    for line in outside_fences(text) {
        let mut in_code = false;
        for c in line.chars() {
            if c == '`' {
                in_code = !in_code;
            } else if !in_code {
                out.push(c);
            }
        }
        out.push('\n');
    }
    out
}

/// The heading ids of a Markdown file.
fn heading_ids(text: &str) -> Vec<String> {
    outside_fences(text)
        .into_iter()
        .filter_map(|line| {
            let hashes = line.len() - line.trim_start_matches('#').len();
            let heading = line[hashes..].strip_prefix(' ')?;
            (1..=6).contains(&hashes).then(|| heading_id(heading))
        })
        .collect()
}

#[test]
fn every_relative_link_leads_to_a_file_and_heading_that_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    files.extend(markdown_files(&root.join("docs/src")));
    let mut broken = Vec::new();
    let mut checked = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable Markdown file");
        let prose = prose(&text);
        for (at, _) in prose.match_indices("](") {
            let rest = &prose[at + 2..];
            let Some(end) = rest.find(')') else { continue };
            let target = &rest[..end];
            if target.contains("://") || target.starts_with("mailto:") || target.contains(' ') {
                continue;
            }
            checked += 1;
            let (file, anchor) = target.split_once('#').unwrap_or((target, ""));
            let linked = if file.is_empty() {
                path.clone()
            } else {
                path.parent().expect("folder").join(file)
            };
            let name = path.strip_prefix(root).unwrap_or(path).display();
            if !linked.exists() {
                broken.push(format!("{name}: `{target}`: no such file"));
            } else if !anchor.is_empty() && linked.extension().is_some_and(|ext| ext == "md") {
                let ids =
                    heading_ids(&std::fs::read_to_string(&linked).expect("readable link target"));
                if !ids.iter().any(|id| id == anchor) {
                    broken.push(format!("{name}: `{target}`: no heading with that id"));
                }
            }
        }
    }
    assert!(checked > 0, "no relative link found");
    assert!(
        broken.is_empty(),
        "{} of {checked} links are broken:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

/// What `mdbook build` checks beyond the links (CI no longer builds the book:
/// the links, headings and console examples are checked here): every page
/// of docs/src is in SUMMARY.md, and SUMMARY.md names no page twice.
#[test]
fn every_page_of_the_guide_is_in_its_summary_once() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/src");
    let summary = std::fs::read_to_string(src.join("SUMMARY.md")).expect("SUMMARY.md");
    let listed: Vec<&str> = summary
        .match_indices("](")
        .filter_map(|(at, _)| summary[at + 2..].split(')').next())
        .collect();
    let mut missing = Vec::new();
    for path in markdown_files(&src) {
        let rel = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel != "SUMMARY.md" && !listed.contains(&rel.as_str()) {
            missing.push(rel);
        }
    }
    assert!(missing.is_empty(), "pages not in SUMMARY.md: {missing:?}");
    let mut seen = std::collections::BTreeSet::new();
    for page in &listed {
        assert!(seen.insert(*page), "SUMMARY.md lists {page} twice");
    }
    assert!(listed.len() >= 10, "{listed:?}");
}

#[test]
fn line_patterns_match_as_documented() {
    assert!(line_matches(
        "objective 98.29 ([..] ms)",
        "objective 98.29 (0.4 ms)"
    ));
    assert!(line_matches("a[..]b[..]c", "a--b--c"));
    assert!(!line_matches("a[..]b", "a--c"));
    assert!(!line_matches("exact", "exact and more"));
    assert!(lines_match(&["a", "...", "d"], &["a", "b", "c", "d"]));
    assert!(lines_match(&["a", "...", "d"], &["a", "d"]));
    assert!(!lines_match(&["a", "...", "d"], &["a", "b"]));
    assert!(lines_match(&["...", "x"], &["w", "x"]));
    assert_eq!(
        shell_words("solve 'a b' \"c\" d", "t"),
        ["solve", "a b", "c", "d"]
    );
    assert_eq!(continuation("robust a.toml \\"), ("robust a.toml ", true));
    assert_eq!(continuation("robust a.toml"), ("robust a.toml", false));
    assert_eq!(
        heading_id("What would it take: leadplan solve --what-would-it-take"),
        "what-would-it-take-leadplan-solve---what-would-it-take"
    );
    assert_eq!(
        heading_ids("# A\n```\n# not a heading\n```\n## Exit `codes`\n"),
        ["a", "exit-codes"]
    );
}

/// A table that sets PRIM boxes side by side (its first header cell starts
/// with `box 1, target`) restates them: column `c` is the `c`-th `box 1`
/// line the page's console examples print (which the test above checks
/// against the binary), and each cell is what that line says.
#[test]
fn a_table_of_boxes_restates_the_boxes_the_examples_print() {
    let mut tables = 0;
    for path in markdown_files(Path::new("docs/src")) {
        let text = std::fs::read_to_string(&path).unwrap();
        let boxes: Vec<&str> = fenced_or_not(&text, true)
            .into_iter()
            .filter(|l| l.starts_with("box 1 ("))
            .collect();
        let lines = outside_fences(&text);
        let Some(head) = lines.iter().position(|l| l.starts_with("| box 1, target")) else {
            continue;
        };
        tables += 1;
        let cells = |l: &str| -> Vec<String> {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        };
        let columns = cells(lines[head]).len() - 1;
        assert_eq!(
            boxes.len(),
            columns,
            "{}: one printed box per column",
            path.display()
        );
        for row in lines[head + 2..].iter().take_while(|l| l.starts_with('|')) {
            let row = cells(row);
            for (c, cell) in row[1..].iter().enumerate() {
                let said = match row[0].as_str() {
                    "coverage" | "density" => {
                        let (pct, counts) = cell.split_once(' ').unwrap();
                        let whole = if row[0] == "coverage" {
                            "the infeasible runs"
                        } else {
                            "the runs in the box"
                        };
                        format!("{pct} of {whole} {counts}")
                    }
                    parameter => format!("{parameter} {cell}"),
                };
                assert!(
                    boxes[c].contains(&said),
                    "{}: column {} says `{said}`, the box printed `{}`",
                    path.display(),
                    c + 1,
                    boxes[c]
                );
            }
        }
    }
    assert!(tables >= 1, "no table of boxes found");
}
