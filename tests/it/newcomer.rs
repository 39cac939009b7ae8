//! What a newcomer reads first: every help page in plain words (no rustdoc
//! links or Rust paths, lines that fit a terminal, the rare safety limits under
//! their own heading), counts worded right for one, and no progress bar
//! anywhere but on a terminal.

use assert_cmd::Command;

fn leadplan() -> Command {
    Command::cargo_bin("leadplan").unwrap()
}

fn stdout(args: &[&str]) -> String {
    let out = leadplan().args(args).output().unwrap();
    assert!(out.status.success(), "leadplan {args:?} failed");
    String::from_utf8(out.stdout).unwrap()
}

/// The subcommands listed by `leadplan --help`.
fn subcommands() -> Vec<String> {
    let top = stdout(&["--help"]);
    let names: Vec<String> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|n| n != "help")
        .collect();
    assert!(names.len() >= 10, "subcommands not found in:\n{top}");
    names
}

#[test]
fn no_help_page_holds_rust_paths_links_or_long_lines() {
    let mut pages = vec![vec!["--help".to_string()], vec!["-h".to_string()]];
    for c in subcommands() {
        pages.push(vec![c.clone(), "--help".into()]);
        pages.push(vec![c, "-h".into()]);
    }
    for args in pages {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let page = stdout(&args);
        for line in page.lines() {
            assert!(
                !line.contains("crate::") && !line.contains("Self::") && !line.contains("[`"),
                "leadplan {args:?}: a Rust path or rustdoc link: {line}"
            );
            assert!(
                line.chars().count() <= 100,
                "leadplan {args:?}: a line of {} characters: {line}",
                line.chars().count()
            );
        }
    }
}

#[test]
fn the_safety_limits_have_a_heading_of_their_own_on_every_page() {
    for c in subcommands() {
        let page = stdout(&[&c, "--help"]);
        let (options, limits) = page
            .split_once("\nSafety limits:\n")
            .unwrap_or_else(|| panic!("`{c} --help` has no Safety limits heading:\n{page}"));
        // The heading comes last: everything after it is a safety limit.
        for flag in ["--max-input-mb", "--max-memory-mb", "--read-root"] {
            assert!(
                !options.contains(flag),
                "`{c} --help`: {flag} among the options"
            );
            assert!(
                limits.contains(flag),
                "`{c} --help`: {flag} not under Safety limits"
            );
        }
    }
}

const ONE_TASK: &str = r#"
[scenario]
name = "one task"
dimensions = ["drafting"]

[policy]
max_leads_per_country = 1

[[country]]
id = "JP"
name = "Japan"
capacity = 6
capability = { drafting = 0.9 }

[[country]]
id = "KR"
name = "South Korea"
capacity = 6
capability = { drafting = 0.5 }

[[task]]
id = "legal-code-drafting"
domain = "legal_training"
requirements = { drafting = 1.0 }
effort = 4
"#;

#[test]
fn counts_of_one_are_singular() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("one.toml");
    std::fs::write(&file, ONE_TASK).unwrap();
    let file = file.to_str().unwrap();
    let check = stdout(&["check", file]);
    assert!(check.contains("ok (2 countries, 1 task)"), "{check}");
    let solve = stdout(&["solve", file]);
    assert!(
        solve.contains("Japan leads the maximum of 1 task"),
        "{solve}"
    );
    for text in [&check, &solve] {
        for wrong in ["1 tasks", "1 countries", "1 leads", "1 domains", "1 runs"] {
            assert!(!text.contains(wrong), "`{wrong}` in:\n{text}");
        }
    }
}

#[test]
fn the_long_commands_show_no_progress_when_standard_error_is_not_a_terminal() {
    let file = "scenarios/trilateral-public-goods.toml";
    for args in [
        vec!["contingency", file],
        vec!["solve", file],
        vec!["pareto", file, "--objectives", "fit,cost", "--points", "3"],
    ] {
        let out = leadplan().args(&args).output().unwrap();
        assert!(out.status.success(), "leadplan {args:?} failed");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            !err.contains("solves") && !err.contains('\r') && !err.contains('\x1b'),
            "leadplan {args:?} drew progress on a pipe:\n{err}"
        );
    }
}
