//! Reading OR-Library files: every shipped file against a separate reader, and
//! the diagnostics for damaged files (line, role of the expected value, hint).

use leadplan::studies::orlib::{self, Sense};

use super::*;

#[test]
fn every_file_reads_with_the_literature_names_and_sizes() {
    let files = [
        "gap1.txt",
        "gap5.txt",
        "gap12.txt",
        "gapa.txt",
        "gapd.txt",
        "typeE/e10200",
    ];
    for f in files {
        let path = bench(f);
        let text = std::fs::read_to_string(&path).unwrap();
        let mine = independent_read(&text);
        let theirs = orlib::load(&path, None).unwrap();
        assert_eq!(theirs.len(), mine.len(), "{f}");
        for (t, m) in theirs.iter().zip(&mine) {
            assert_eq!(
                (&t.value, &t.resource, &t.capacity),
                (&m.c, &m.a, &m.b),
                "{f} {}",
                t.name
            );
        }
    }
    let names = |f: &str| {
        orlib::load(&bench(f), None)
            .unwrap()
            .into_iter()
            .map(|i| i.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names("gap9.txt"),
        ["c1030-1", "c1030-2", "c1030-3", "c1030-4", "c1030-5"]
    );
    assert_eq!(
        names("gapb.txt"),
        ["b05100", "b05200", "b10100", "b10200", "b20100", "b20200"]
    );
    assert_eq!(names("typeE/e05100"), ["e05100"]);
    assert_eq!(
        orlib::load(&bench("gap1.txt"), None).unwrap()[0].sense,
        Sense::Max
    );
    assert_eq!(
        orlib::load(&bench("gapc.txt"), None).unwrap()[0].sense,
        Sense::Min
    );
}

#[test]
fn a_truncated_file_names_its_last_line_and_what_is_missing() {
    let text = std::fs::read_to_string(bench("gap1.txt")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let cut = lines[..lines.len() - 1].join("\n") + "\n"; // drop instance 5's capacities
    let d = diagnostics(&cut);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].line, lines.len() - 1);
    assert!(
        d[0].message.contains("ends too early: instance 5"),
        "{}",
        d[0].message
    );
    assert!(
        d[0].message.contains("needs 2·m·n + m = 155 values"),
        "{}",
        d[0].message
    );
}

#[test]
fn non_numbers_are_all_reported_with_line_and_role() {
    let mut lines: Vec<String> = std::fs::read_to_string(bench("gap1.txt"))
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    lines[3] = lines[3].replacen(|c: char| c.is_ascii_digit(), "x", 1); // c[2][1] of instance 1
    lines[12] = format!("{} 2.5", lines[12].trim_end().rsplit_once(' ').unwrap().0); // last capacity b[5]
    let d = diagnostics(&(lines.join("\n") + "\n"));
    assert_eq!(d.len(), 2, "{d:?}");
    assert_eq!((d[0].line, d[1].line), (4, 13));
    assert!(
        d[0].message
            .contains("the profit c[2][1] (agent 2, job 1) of instance 1 as a whole number"),
        "{}",
        d[0].message
    );
    assert!(
        d[1].message
            .contains("the capacity b[5] of agent 5 of instance 1")
            && d[1].message.contains("`2.5`"),
        "{}",
        d[1].message
    );
}

#[test]
fn a_row_with_a_missing_value_is_pointed_at() {
    let mut lines: Vec<String> = std::fs::read_to_string(bench("gap1.txt"))
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    lines[4] = lines[4].trim_end().rsplit_once(' ').unwrap().0.to_string(); // c[3] of instance 1 loses a value
    let d = diagnostics(&(lines.join("\n") + "\n"));
    assert_eq!(d.len(), 1);
    let hint = d[0].hint.as_deref().unwrap();
    assert!(
        hint.contains("line 5 holds 14 values, but the value row c[3] of agent 3 should hold 15"),
        "{hint}"
    );
}

#[test]
fn wrong_instance_counts_and_left_over_values_are_errors() {
    let text = std::fs::read_to_string(bench("gap1.txt")).unwrap();
    let more = text.replacen(" 5", " 6", 1);
    let d = diagnostics(&more);
    assert!(
        d[0].message.contains("ends after instance 5, but P = 6"),
        "{}",
        d[0].message
    );
    let fewer = text.replacen(" 5", " 4", 1);
    let d = diagnostics(&fewer);
    let headers: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "5 15")
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(d[0].line, headers[4]); // the header of the fifth instance is left over
    assert!(
        d[0].message.contains("unexpected value `5`"),
        "{}",
        d[0].message
    );
}

#[test]
fn the_cli_renders_file_line_and_hint_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("gap1.txt");
    std::fs::write(&bad, "1\n2 2\n1 2\n3 oops\n1 1\n1 1\n2 2\n").unwrap();
    let out = leadplan()
        .args(["gap"])
        .arg(&bad)
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains("gap1.txt:4:3"), "{err}");
    assert!(err.contains("expected the profit c[2][2] (agent 2, job 2) of instance 1 as a whole number >= 0, found `oops`"), "{err}");
    assert!(err.contains("help: GAP files hold whole numbers"), "{err}");
}

#[test]
fn instance_out_of_range_is_a_usage_error() {
    let out = leadplan()
        .arg("gap")
        .arg(bench("gap1.txt"))
        .args(["--instance", "6"])
        .assert()
        .code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("holds 5 instance(s); --instance takes 1 to 5"),
        "{err}"
    );
}

/// Regression: `1` then `0 5` is one instance with m = 0
/// agents; it was read as a single instance with n = 0 jobs.
#[test]
fn zero_agents_after_p_names_the_agents_not_the_jobs() {
    let d = diagnostics("1\n0 5\n");
    assert!(
        d[0].message
            .contains("the number of agents m of instance 1 is 0"),
        "{}",
        d[0].message
    );
    assert_eq!((d[0].line, d[0].column), (2, 1));
}

/// A GAP file larger than the limit, or a device, is refused before reading.
#[test]
fn a_device_or_an_oversized_gap_file_is_refused_with_exit_2() {
    let err = leadplan().args(["gap", "/dev/zero"]).assert().code(2);
    let err = String::from_utf8(err.get_output().stderr.clone()).unwrap();
    assert!(err.contains("not a regular file"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    std::fs::write(&big, "1 ".repeat(600_000)).unwrap();
    let out = leadplan()
        .args(["--max-input-mb", "1", "gap"])
        .arg(&big)
        .assert()
        .code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("above the 1 MB limit for GAP files"), "{err}");
}
