//! Each design: sizes, layout, bounds and seeds.

use super::{num, rows, sweep, Dir};

#[test]
fn a_grid_is_the_cartesian_product_last_parameter_fastest() {
    let d = Dir::new();
    let body = "[[sweep.param]]\npath = \"policy.weights.cost\"\nvalues = [0, 0.5, 1]\n[[sweep.param]]\npath = \"country.B.capacity\"\nrange = { from = 3, to = 5, steps = 2 }\n";
    let f = d.sweep("grid.toml", "design = \"grid\"", body);
    sweep(&f, &d.path("out"), &[]).success();
    let got: Vec<(f64, f64)> = rows(&d.read("out/runs.csv"))
        .iter()
        .map(|r| (num(r, "policy.weights.cost"), num(r, "country.B.capacity")))
        .collect();
    assert_eq!(
        got,
        vec![
            (0.0, 3.0),
            (0.0, 5.0),
            (0.5, 3.0),
            (0.5, 5.0),
            (1.0, 3.0),
            (1.0, 5.0)
        ]
    );
}

#[test]
fn monte_carlo_draws_stay_in_their_ranges_and_follow_the_seed() {
    let d = Dir::new();
    let body = "[[sweep.param]]\npath = \"country.A.capability.x\"\nnormal = { mean = 0.5, sd = 1.0 }\n[[sweep.param]]\npath = \"policy.weights.cost\"\nuniform = { min = 0.2, max = 0.4 }\n";
    let f = d.sweep(
        "mc.toml",
        "design = \"montecarlo\"\nruns = 30\nseed = 11",
        body,
    );
    sweep(&f, &d.path("a"), &[]).success();
    sweep(&f, &d.path("b"), &[]).success();
    sweep(&f, &d.path("c"), &["--seed", "12"]).success();
    let a = rows(&d.read("a/runs.csv"));
    assert_eq!(a.len(), 30);
    let xs: Vec<f64> = a.iter().map(|r| num(r, "country.A.capability.x")).collect();
    assert!(
        xs.iter().all(|x| (0.0..=1.0).contains(x)),
        "capability clamped to [0, 1]"
    );
    assert!(
        xs.contains(&0.0) && xs.contains(&1.0),
        "a wide normal hits both clamps"
    );
    assert!(a
        .iter()
        .all(|r| (0.2..=0.4).contains(&num(r, "policy.weights.cost"))));
    assert_eq!(
        d.read("a/runs.csv"),
        d.read("b/runs.csv"),
        "same seed, same runs"
    );
    assert_ne!(
        d.read("a/runs.csv"),
        d.read("c/runs.csv"),
        "--seed changes the draws"
    );
}

#[test]
fn a_latin_hypercube_uses_each_stratum_once() {
    let d = Dir::new();
    let body = "[[sweep.param]]\npath = \"policy.weights.cost\"\nuniform = { min = 0, max = 1 }\n[[sweep.param]]\npath = \"country.C.sensitivity_tolerance\"\nuniform = { min = 0, max = 1 }\n";
    let f = d.sweep("lhs.toml", "design = \"lhs\"\nruns = 25\nseed = 5", body);
    sweep(&f, &d.path("out"), &[]).code(predicates::ord::le(1));
    let rows = rows(&d.read("out/runs.csv"));
    assert_eq!(rows.len(), 25);
    for col in ["policy.weights.cost", "country.C.sensitivity_tolerance"] {
        let mut strata: Vec<usize> = rows.iter().map(|r| (num(r, col) * 25.0) as usize).collect();
        strata.sort();
        assert_eq!(strata, (0..25).collect::<Vec<_>>(), "{col}");
    }
}

#[test]
fn a_saltelli_design_has_the_a_b_ab_structure() {
    let d = Dir::new();
    let body = "[[sweep.param]]\npath = \"policy.weights.cost\"\nuniform = { min = 0, max = 1 }\n[[sweep.param]]\npath = \"policy.weights.sensitivity\"\nuniform = { min = 0, max = 2 }\n";
    let f = d.sweep(
        "s.toml",
        "design = \"saltelli\"\nruns = 8\nseed = 9\nbootstrap = 50",
        body,
    );
    sweep(&f, &d.path("out"), &[]).success();
    let rows = rows(&d.read("out/runs.csv"));
    assert_eq!(rows.len(), 8 * (2 + 2));
    let v = |r: usize, c: &str| num(&rows[r], c);
    let (c0, c1) = ("policy.weights.cost", "policy.weights.sensitivity");
    for i in 0..8 {
        let (a, b, ab0, ab1) = (i * 4, i * 4 + 1, i * 4 + 2, i * 4 + 3);
        assert_eq!(
            (v(ab0, c0), v(ab0, c1)),
            (v(b, c0), v(a, c1)),
            "A_B^0 takes column 0 from B"
        );
        assert_eq!(
            (v(ab1, c0), v(ab1, c1)),
            (v(a, c0), v(b, c1)),
            "A_B^1 takes column 1 from B"
        );
        assert_ne!(v(a, c0), v(b, c0));
    }
    let summary: serde_json::Value = serde_json::from_str(&d.read("out/summary.json")).unwrap();
    assert_eq!(summary["sobol"]["base_samples"], 8);
    let obj = summary["sobol"]["objective"].as_array().unwrap();
    assert_eq!(obj[0]["parameter"], c0);
    assert!(obj[0]["st"].as_f64().unwrap() >= 0.0);
}

#[test]
fn a_saltelli_sample_count_must_be_a_power_of_two() {
    let d = Dir::new();
    let body = "[[sweep.param]]\npath = \"policy.weights.cost\"\nuniform = { min = 0, max = 1 }\n";
    let f = d.sweep("s.toml", "design = \"saltelli\"\nruns = 100", body);
    sweep(&f, &d.path("out"), &[])
        .code(2)
        .stderr(predicates::str::contains("needs a power of two"))
        .stderr(predicates::str::contains("s.toml:4:8"))
        .stderr(predicates::str::contains("use 64 or 128"));
    let ok = d.sweep("s2.toml", "design = \"saltelli\"\nruns = 4", body);
    sweep(&ok, &d.path("out2"), &["--runs", "12"])
        .code(2)
        .stderr(predicates::str::contains(
            "--runs: a Saltelli design needs a power of two",
        ));
}
