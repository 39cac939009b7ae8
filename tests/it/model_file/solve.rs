//! The written files, read back independently, solved by microlp (the vendored copy) directly
//! (not through good_lp) to the optimum `leadplan solve` reports.

use std::path::Path;

use leadplan::outputs::model_file::{linear_model, ModelFormat};
use leadplan::{solve, Outcome, Scenario, SolveOptions};
use leadplan_lp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem};

use super::reader::{self, Read};

/// The optimum of a read model, or `None` when microlp finds it infeasible.
fn optimum(r: &Read) -> Option<f64> {
    let dir = if r.maximise {
        OptimizationDirection::Maximize
    } else {
        OptimizationDirection::Minimize
    };
    let mut p = Problem::new(dir);
    let vars: Vec<_> = r
        .columns
        .iter()
        .map(|(name, lo, hi, int)| {
            let obj = r.objective.get(name).copied().unwrap_or(0.0);
            if *int {
                p.add_integer_var(obj, (*lo as i32, *hi as i32))
            } else {
                p.add_var(obj, (*lo, *hi))
            }
        })
        .collect();
    for (_, sense, terms, rhs) in &r.rows {
        let mut e = LinearExpr::empty();
        for (name, c) in terms {
            let k = r.columns.iter().position(|col| &col.0 == name).unwrap();
            e.add(vars[k], *c);
        }
        let op = match sense {
            'L' => ComparisonOp::Le,
            'G' => ComparisonOp::Ge,
            _ => ComparisonOp::Eq,
        };
        p.add_constraint(e, op, *rhs);
    }
    match p.solve() {
        Ok(leadplan_lp::SolveOutcome::Solution(s)) => Some(s.objective()),
        Err(leadplan_lp::Error::Infeasible) => None,
        other => panic!("microlp: {other:?}"),
    }
}

/// What `leadplan solve` reports: the plan's objective, or `None` when infeasible.
pub fn leadplan_optimum(s: &Scenario) -> Option<f64> {
    match solve(s, &SolveOptions::default()).unwrap() {
        Outcome::Planned(p) => Some(p.objective),
        Outcome::Infeasible(_) => None,
        other => panic!("no time limit was set, yet: {other:?}"),
    }
}

pub fn assert_close(got: Option<f64>, want: Option<f64>, what: &str) {
    match (got, want) {
        (Some(a), Some(b)) => assert!(
            (a - b).abs() <= 1e-6 * (1.0 + b.abs()),
            "{what}: file optimum {a}, leadplan {b}"
        ),
        (a, b) => assert_eq!(a.is_some(), b.is_some(), "{what}: {a:?} vs {b:?}"),
    }
}

fn check(s: &Scenario, what: &str) {
    let want = leadplan_optimum(s);
    let lm = linear_model(s);
    for (fmt, read) in [
        ("mps", reader::mps(&lm.write(ModelFormat::Mps))),
        ("lp", reader::lp(&lm.write(ModelFormat::Lp))),
    ] {
        assert_close(optimum(&read), want, &format!("{what} ({fmt})"));
    }
}

#[test]
fn written_files_solve_to_leadplans_optimum_with_microlp() {
    // The IPEF scenario takes microlp half a minute: HiGHS checks it (highs.rs).
    for file in super::shipped().iter().filter(|f| !f.contains("ipef")) {
        check(&Scenario::load(Path::new(file)).unwrap(), file);
    }
    for (seed, s) in super::random(30).iter().enumerate() {
        check(s, &format!("random seed {seed}"));
    }
}
