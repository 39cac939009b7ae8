//! Correlated designs on 100,000 runs: the achieved Spearman matrix is within
//! 0.01 of the one asked for, every marginal passes a Kolmogorov-Smirnov test
//! at 1% against its distribution (CDFs from statrs, not the quantiles the
//! design uses), and each column holds exactly the independent design's values.

use std::path::{Path, PathBuf};

use statrs::distribution::{ContinuousCDF, LogNormal, Normal, Triangular, Uniform};

use super::apply::recorded_value;
use super::correlation_record::record;
use super::spec::{Overrides, Sweep};

const SCENARIO: &str = r#"
[scenario]
name = "corr"
[[country]]
id = "A"
capacity = 4
budget = 10
capability = { x = 0.9 }
[[country]]
id = "B"
capacity = 3
budget = 10
capability = { x = 0.4 }
[[task]]
id = "t1"
effort = 1
requirements = { x = 1 }
"#;

const PARAMS: &str = r#"
[[sweep.param]]
path = "country.A.capacity"
uniform = { min = 2, max = 6 }
[[sweep.param]]
path = "country.B.capacity"
normal = { mean = 5, sd = 0.5 }
[[sweep.param]]
path = "country.A.budget"
triangular = { min = 10, mode = 12, max = 20 }
[[sweep.param]]
path = "country.B.budget"
lognormal = { mu = 2, sigma = 0.3 }
[[sweep.param]]
path = "task.t1.importance"
relative = 0.3
"#;

/// Asked for between the first four parameters; the fifth stays independent.
const RHO: [[f64; 4]; 4] = [
    [1.0, 0.7, -0.4, 0.3],
    [0.7, 1.0, -0.2, 0.5],
    [-0.4, -0.2, 1.0, 0.1],
    [0.3, 0.5, 0.1, 1.0],
];

const N: u64 = 100_000;

fn write(dir: &Path, name: &str, design: &str, correlation: &str) -> PathBuf {
    std::fs::write(dir.join("s.toml"), SCENARIO).unwrap();
    let p = dir.join(name);
    let text = format!("[sweep]\nscenario = \"s.toml\"\ndesign = \"{design}\"\nruns = {N}\nseed = 5\n{PARAMS}\n{correlation}");
    std::fs::write(&p, text).unwrap();
    p
}

fn matrix_table() -> String {
    let rows: Vec<String> = RHO
        .iter()
        .map(|r| format!("[{}, {}, {}, {}]", r[0], r[1], r[2], r[3]))
        .collect();
    format!("[[sweep.correlation]]\nparams = [\"country.A.capacity\", \"country.B.capacity\", \"country.A.budget\", \"country.B.budget\"]\nmatrix = [{}]\n", rows.join(", "))
}

/// Each parameter's design coordinates and recorded values over every run.
fn columns(sweep: &Sweep) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let k = sweep.params.len();
    let mut coords = (0..k)
        .map(|_| Vec::with_capacity(N as usize))
        .collect::<Vec<Vec<f64>>>();
    let mut values = (0..k)
        .map(|_| Vec::with_capacity(N as usize))
        .collect::<Vec<Vec<f64>>>();
    for r in 0..N {
        let u = sweep.design.point(r);
        for j in 0..k {
            coords[j].push(u[j]);
            values[j].push(recorded_value(sweep, &sweep.params[j], u[j]));
        }
    }
    (coords, values)
}

/// Spearman's rho without ties: 1 - 6 sum(d^2) / (n (n^2 - 1)).
fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let rank = |v: &[f64]| {
        let mut o: Vec<usize> = (0..v.len()).collect();
        o.sort_by(|&a, &b| v[a].partial_cmp(&v[b]).unwrap());
        let mut r = vec![0.0; v.len()];
        for (k, &i) in o.iter().enumerate() {
            r[i] = k as f64;
        }
        r
    };
    let (rx, ry) = (rank(x), rank(y));
    let d2: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - b) * (a - b)).sum();
    let n = x.len() as f64;
    1.0 - 6.0 * d2 / (n * (n * n - 1.0))
}

/// The Kolmogorov-Smirnov statistic of `x` against `cdf`, times sqrt(n).
fn ks(x: &[f64], cdf: impl Fn(f64) -> f64) -> f64 {
    let mut s = x.to_vec();
    s.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = s.len() as f64;
    let d = s
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let f = cdf(v);
            (f - i as f64 / n).max((i + 1) as f64 / n - f)
        })
        .fold(0.0, f64::max);
    d * n.sqrt()
}

/// The asymptotic Kolmogorov critical value at 1%: sqrt(-ln(0.005) / 2).
const KS_1PCT: f64 = 1.627_6;

fn cdfs() -> Vec<Box<dyn Fn(f64) -> f64>> {
    let u = Uniform::new(2.0, 6.0).unwrap();
    let n = Normal::new(5.0, 0.5).unwrap();
    let t = Triangular::new(10.0, 20.0, 12.0).unwrap();
    let l = LogNormal::new(2.0, 0.3).unwrap();
    let f = Uniform::new(0.7, 1.3).unwrap();
    vec![
        Box::new(move |x| u.cdf(x)),
        Box::new(move |x| n.cdf(x)),
        Box::new(move |x| t.cdf(x)),
        Box::new(move |x| l.cdf(x)),
        Box::new(move |x| f.cdf(x)),
    ]
}

fn requested(i: usize, j: usize) -> f64 {
    match (i, j) {
        _ if i == j => 1.0,
        (i, j) if i < 4 && j < 4 => RHO[i][j],
        _ => 0.0,
    }
}

fn check_design(design: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "c.sweep.toml", design, &matrix_table());
    let sweep = Sweep::load(&file, Overrides::default()).unwrap();
    let (mut coords, cols) = columns(&sweep);
    let rec = record(&sweep).unwrap();
    for i in 0..5 {
        for j in 0..i {
            let rho = spearman(&cols[i], &cols[j]);
            let want = requested(i, j);
            assert!(
                (rho - want).abs() < 0.01,
                "{design}: rho({i},{j}) = {rho:.4}, asked {want}"
            );
            if i < 4 {
                assert!((rec.achieved[i][j] - rho).abs() < 1e-5, "{design}: record");
                assert_eq!(rec.requested[i][j], want);
            }
        }
    }
    for (j, cdf) in cdfs().iter().enumerate() {
        let d = ks(&cols[j], cdf);
        assert!(d < KS_1PCT, "{design}: KS of parameter {j}: {d:.3}");
    }
    // Reordering only permutes: each column's coordinates are the independent design's.
    let plain = write(dir.path(), "p.sweep.toml", design, "");
    let indep = Sweep::load(&plain, Overrides::default()).unwrap();
    let mut plain_coords = (0..5)
        .map(|_| Vec::with_capacity(N as usize))
        .collect::<Vec<Vec<f64>>>();
    for r in 0..N {
        for (col, u) in plain_coords.iter_mut().zip(indep.design.point(r)) {
            col.push(u);
        }
    }
    for (j, (a, b)) in coords.iter_mut().zip(&mut plain_coords).enumerate() {
        a.sort_by(f64::total_cmp);
        b.sort_by(f64::total_cmp);
        assert!(a == b, "{design}: column {j} is not a reordering");
    }
    if design == "lhs" {
        for (j, col) in coords.iter().enumerate() {
            let strata: Vec<u64> = col.iter().map(|u| (u * N as f64) as u64).collect();
            assert!(
                strata.iter().copied().eq(0..N),
                "{design}: column {j} strata"
            );
        }
    }
}

#[test]
fn a_monte_carlo_design_gets_the_rank_correlations_and_keeps_its_marginals() {
    check_design("montecarlo");
}

#[test]
fn a_latin_hypercube_gets_the_rank_correlations_and_stays_a_latin_hypercube() {
    check_design("lhs");
}

#[test]
fn a_group_correlates_every_pair_and_the_points_follow_the_seed_alone() {
    let dir = tempfile::tempdir().unwrap();
    let group = "[[sweep.correlation]]\nparams = [\"country.*.capacity\", \"country.A.budget\"]\nrho = 0.6\n";
    let file = write(dir.path(), "g.sweep.toml", "montecarlo", group);
    let sweep = Sweep::load(&file, Overrides::default()).unwrap();
    let (_, cols) = columns(&sweep);
    for (i, j) in [(0, 1), (0, 2), (1, 2)] {
        let rho = spearman(&cols[i], &cols[j]);
        assert!((rho - 0.6).abs() < 0.01, "rho({i},{j}) = {rho:.4}");
    }
    assert!(spearman(&cols[3], &cols[0]).abs() < 0.01);
    // A second load computes the same reordering: run 77's point is the same,
    // whichever runs were asked for first.
    let again = Sweep::load(&file, Overrides::default()).unwrap();
    assert_eq!(again.design.point(77), sweep.design.point(77));
}
