//! The runs.csv reader against a hand-written file: any block size, every damage named.

use super::*;

const SCENARIO: &str = r#"
[scenario]
name = "two"
[[country]]
id = "A"
capacity = 8
capability = { x = 0.9 }
[[country]]
id = "B"
capacity = 8
capability = { x = 0.5 }
[[task]]
id = "t"
name = "The task"
requirements = { x = 1.0 }
effort = 5
"#;

const CSV: &str =
    "\u{feff}run,status,objective,baseline_feasible,baseline_objective,regret,p,lead.t,message\n\
    0,optimal,1.5,true,1.5,0,0.25,A+B,\n\
    1,infeasible,,,,,0.75,,\"no plan, \"\"really\"\"\nat all\"\n\
    2,optimal,2,false,,,1e-7,B,\n";

fn fixture() -> (tempfile::TempDir, raw::Manifest, Scenario) {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("s.toml");
    std::fs::write(&f, SCENARIO).unwrap();
    let m: raw::Manifest = serde_json::from_value(serde_json::json!({
        "scenario_file": "s.toml", "scenario_hash": "", "design": "montecarlo",
        "runs": 3, "parameters": ["p"], "seed": 1, "completed_runs": 3, "finished": true
    }))
    .unwrap();
    (d, m, Scenario::load(&f).unwrap())
}

fn read_text(text: &str, block: usize) -> Result<Vec<Run>, String> {
    let (_d, m, s) = fixture();
    read_from(
        &mut text.as_bytes(),
        Path::new("out/runs.csv"),
        &m,
        &s,
        true,
        block,
    )
    .map_err(|e| e.to_string())
}

#[test]
fn any_block_size_gives_the_same_runs_as_reading_the_file_whole() {
    let whole = read_text(CSV, 1 << 20).unwrap();
    assert_eq!(whole.len(), 3);
    assert_eq!(whole[0].leads, vec![vec![0, 1]]);
    assert_eq!(whole[0].baseline_feasible, Some(true));
    assert!(whole[1].leads.is_empty() && whole[1].objective.is_none());
    assert_eq!(whole[2].values, vec![1e-7]);
    assert_eq!(whole[2].objective, Some(2.0));
    for block in 1..CSV.len() + 2 {
        assert_eq!(read_text(CSV, block).unwrap(), whole, "block {block}");
    }
}

#[test]
fn damaged_files_are_errors_naming_the_file_line_and_column() {
    let cases = [
        (CSV.trim_end(), "out/runs.csv:5: the last line is cut short"),
        (
            &CSV[..CSV.find("really").unwrap()],
            "out/runs.csv:3: the last line ends inside a quoted cell",
        ),
        ("run,status\n", "out/runs.csv:1: no column `objective`"),
        ("", "out/runs.csv:1: the file is empty"),
    ];
    let bad_number = CSV.replace("0.75", "0.7x");
    let short_row = CSV.replace("2,optimal,2,false,,,1e-7,B,", "2,optimal,2,false,,,1e-7,B");
    let bad_lead = CSV.replace(",B,", ",Z,");
    let gap = CSV.replace("2,optimal", "3,optimal");
    let two = CSV.replace("2,optimal,2,false,,,1e-7,B,\n", "");
    let more = [
        (
            &bad_number[..],
            "out/runs.csv:3: column `p`: `0.7x` is not a number",
        ),
        (
            &short_row[..],
            "out/runs.csv:5: 8 cells where the header has 9",
        ),
        (
            &bad_lead[..],
            "out/runs.csv:5: country `Z` is not in the scenario",
        ),
        (&gap[..], "out/runs.csv:5: run 3 where run 2 was expected"),
        (
            &two[..],
            "out/runs.csv:4: the file holds 2 of the design's 3 runs",
        ),
    ];
    for (text, want) in cases.into_iter().chain(more) {
        for block in [4, 1 << 20] {
            let err = read_text(text, block).unwrap_err();
            assert!(err.contains(want), "block {block}: {err}\nwant {want}");
        }
    }
}
