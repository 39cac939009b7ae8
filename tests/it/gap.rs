//! `leadplan gap`: the OR-Library GAP reader, the conversion to scenarios, and
//! optimality on the published benchmarks, checked against independent truth
//! (a separate reader in `gap_cases`, integer feasibility checks, brute force on small
//! instances, the published optima, and a second solver).

mod gap_cases;

use gap_cases::*;
use leadplan::studies::orlib::{self, GapStatus, Sense};
use leadplan::{SolveOptions, SolverChoice};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::size(50, 200), ..ProptestConfig::default() })]
    /// Whatever is cut off or garbled, the reader answers without panicking, and
    /// every diagnostic points inside the file.
    #[test]
    fn damaged_files_never_panic(cut in 0usize..2400, at in 0usize..2400, junk in "[0-9a-z.+ -]{0,4}") {
        let text = std::fs::read_to_string(bench("gap1.txt")).unwrap();
        let cut = cut.min(text.len());
        let at = at.min(cut);
        let damaged = format!("{}{}{}", &text[..at], junk, &text[at..cut]);
        if let Err(leadplan::Error::Invalid { diagnostics }) = orlib::parse(&damaged, "d.txt", "gap1.txt", Sense::Max) {
            let lines = damaged.lines().count().max(1);
            prop_assert!(diagnostics.iter().all(|d| d.line >= 1 && d.line <= lines));
        }
    }

    /// On small random instances, the solver's plan is feasible and matches the
    /// brute-force optimum (or both say infeasible), in both senses.
    #[test]
    fn small_instances_match_brute_force(inst in small_instance(), max in any::<bool>()) {
        let text = inst.to_text();
        let sense = if max { Sense::Max } else { Sense::Min };
        let parsed = orlib::parse(&text, "r.txt", "r.txt", sense).unwrap();
        let r = orlib::solve_instance(&parsed[0], &orlib::gap_options(&SolveOptions::default())).unwrap();
        match brute_force(&inst, max) {
            None => prop_assert_eq!(r.status, GapStatus::Infeasible),
            Some(best) => {
                prop_assert_eq!(r.status, GapStatus::Optimal);
                prop_assert_eq!(r.objective, Some(best));
                prop_assert_eq!(inst.check(r.assignment.as_ref().unwrap()), Some(best));
            }
        }
    }
}

/// `--to-scenario` writes a scenario that `leadplan solve` loads and solves to
/// the same optimum, for a profit and a cost instance.
#[test]
fn converted_scenarios_solve_to_the_same_objective() {
    let dir = tempfile::tempdir().unwrap();
    for (sense, sign) in [("max", 1.0), ("min", -1.0)] {
        let sub = dir.path().join(sense);
        let args = ["--instance", "1", "--sense", sense];
        leadplan()
            .arg("gap")
            .arg(bench("gap1.txt"))
            .args(args)
            .arg("--to-scenario")
            .arg(&sub)
            .assert()
            .success();
        let toml = sub.join("c515-1.toml");
        let solved =
            json_of(
                leadplan()
                    .arg("solve")
                    .arg(&toml)
                    .args(["--format", "json", "--no-explain"]),
            );
        let direct = json_of(
            leadplan()
                .arg("gap")
                .arg(bench("gap1.txt"))
                .args(args)
                .args(["--format", "json"]),
        );
        assert_eq!(solved["status"], "optimal");
        assert_eq!(direct[0]["status"], "optimal");
        let objective = direct[0]["objective"].as_f64().unwrap();
        assert_eq!(solved["objective"].as_f64().unwrap(), sign * objective);
        // Published: 336 as max (OR-Library gapinfo.txt); 261 as min (README of the benchmark folder).
        assert_eq!(objective, if sense == "max" { 336.0 } else { 261.0 });
    }
}

#[test]
fn json_rows_carry_exactly_the_documented_keys() {
    let v = json_of(leadplan().arg("gap").arg(bench("gap1.txt")).args([
        "--instance",
        "3",
        "--format",
        "json",
    ]));
    let row = v[0].as_object().unwrap();
    let keys: Vec<&str> = row.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "instance",
            "agents",
            "jobs",
            "status",
            "objective",
            "bound",
            "seconds"
        ]
    );
    assert_eq!(
        (
            row["instance"].as_str(),
            row["agents"].as_u64(),
            row["jobs"].as_u64()
        ),
        (Some("c515-3"), Some(5), Some(15))
    );
    assert_eq!(row["objective"], 339);
}

/// microlp under time limits too short for some instances: every answer is
/// consistent with the published optimum (a plan below it and a bound above it
/// when not proven, the optimum itself when proven), and plans are feasible.
#[test]
fn microlp_time_limited_answers_bracket_the_published_optima() {
    time_limited_answers_bracket_the_published_optima(SolverChoice::Microlp);
}

/// The same for the embedded branch and bound (`--solver bnb`): its stops under
/// a time limit carry a plan no better than the optimum and a valid bound.
#[test]
fn bnb_time_limited_answers_bracket_the_published_optima() {
    time_limited_answers_bracket_the_published_optima(SolverChoice::Bnb);
}

fn time_limited_answers_bracket_the_published_optima(solver: SolverChoice) {
    let opts = SolveOptions {
        solver,
        time_limit: Some(0.3),
    };
    for (file, k) in [(1, 2), (1, 5), (2, 1), (2, 4), (5, 3)] {
        let path = bench(&format!("gap{file}.txt"));
        let inst = &orlib::load(&path, None).unwrap()[k - 1];
        let optimum = PUBLISHED_MAX[file - 1][k - 1];
        let r = orlib::solve_instance(inst, &opts).unwrap();
        let plan = r
            .assignment
            .as_ref()
            .map(|a| independent_read(&std::fs::read_to_string(&path).unwrap())[k - 1].check(a));
        match r.status {
            GapStatus::Optimal => assert_eq!(
                (r.objective, r.bound),
                (Some(optimum), Some(optimum as f64)),
                "{}",
                inst.name
            ),
            GapStatus::TimeLimit => {
                let (obj, bound) = (r.objective.unwrap(), r.bound.unwrap());
                assert!(
                    obj <= optimum && optimum as f64 <= bound && obj as f64 <= bound - 1.0,
                    "{}: {obj} {bound}",
                    inst.name
                );
                assert_eq!(bound.fract(), 0.0, "{}: the integer bound", inst.name);
            }
            GapStatus::NoPlan => assert!(
                r.objective.is_none() && r.assignment.is_none(),
                "{}",
                inst.name
            ),
            GapStatus::Infeasible => panic!("{} is feasible", inst.name),
        }
        assert_eq!(
            plan,
            r.assignment.as_ref().map(|_| r.objective),
            "{}: plan infeasible or miscounted",
            inst.name
        );
    }
}

/// From the command line, a hard instance under a short microlp limit says
/// "not proven" (or "none found") and points to HiGHS.
#[test]
fn microlp_says_not_proven_and_suggests_highs() {
    embedded_solver_says_not_proven_and_suggests_highs(
        "gap12.txt",
        "microlp",
        "microlp, the embedded solver,",
    );
}

/// The same for the embedded branch and bound, on gapd (which it proves
/// gap12 too fast for a limit to stop it): the note names bnb, not microlp.
#[test]
fn bnb_says_not_proven_and_suggests_highs() {
    embedded_solver_says_not_proven_and_suggests_highs(
        "gapd.txt",
        "bnb",
        "bnb, the embedded branch and bound,",
    );
}

fn embedded_solver_says_not_proven_and_suggests_highs(file: &str, solver: &str, named: &str) {
    let out = leadplan()
        .arg("gap")
        .arg(bench(file))
        .args(["--instance", "1", "--solver", solver, "--time-limit", "1"])
        .assert()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("(not proven)") || text.contains("(none found)"),
        "{text}"
    );
    assert!(text.contains(named), "{text}");
    assert!(
        text.contains(if cfg!(feature = "highs") {
            "--solver highs"
        } else {
            "--features highs"
        }),
        "{text}"
    );
}

/// microlp proves two gap1 instances at their published optima, and HiGHS
/// (when compiled in) agrees.
#[test]
fn microlp_and_highs_agree_on_gap1() {
    for k in [1, 3] {
        let inst = &orlib::load(&bench("gap1.txt"), None).unwrap()[k - 1];
        let run = |solver| {
            orlib::solve_instance(
                inst,
                &SolveOptions {
                    solver,
                    time_limit: Some(120.0),
                },
            )
            .unwrap()
        };
        let m = run(SolverChoice::Microlp);
        assert_eq!(
            (m.status, m.objective),
            (GapStatus::Optimal, Some(PUBLISHED_MAX[0][k - 1])),
            "{}",
            inst.name
        );
        if cfg!(feature = "highs") {
            let h = run(SolverChoice::Highs);
            assert_eq!(
                (h.status, h.objective),
                (m.status, m.objective),
                "{}",
                inst.name
            );
        }
    }
}

/// The embedded branch and bound proves every gap1 instance at its published
/// optimum, each plan checked by the independent reader.
#[test]
fn bnb_proves_gap1_at_the_published_optima() {
    let opts = SolveOptions {
        solver: SolverChoice::Bnb,
        time_limit: Some(120.0),
    };
    let mine = independent_read(&std::fs::read_to_string(bench("gap1.txt")).unwrap());
    for (t, inst) in orlib::load(&bench("gap1.txt"), None)
        .unwrap()
        .iter()
        .enumerate()
    {
        let r = orlib::solve_instance(inst, &opts).unwrap();
        assert_eq!(r.status, GapStatus::Optimal, "{}", inst.name);
        assert_eq!(
            mine[t].check(r.assignment.as_ref().unwrap()),
            r.objective,
            "{}",
            inst.name
        );
        assert_eq!(r.objective, Some(PUBLISHED_MAX[0][t]), "{}", inst.name);
    }
}

/// The embedded branch and bound (its Lagrangian search
/// for GAP-shaped models) proves all 60 instances of gap1 to gap12 at their
/// published optima, each plan checked by the independent reader, and its
/// bound equals the optimum.
#[test]
fn bnb_proves_gap1_to_gap12_at_the_published_optima() {
    let opts = SolveOptions {
        solver: SolverChoice::Bnb,
        time_limit: Some(120.0),
    };
    for (k, optima) in PUBLISHED_MAX.iter().enumerate() {
        let file = format!("gap{}.txt", k + 1);
        let mine = independent_read(&std::fs::read_to_string(bench(&file)).unwrap());
        for (t, inst) in orlib::load(&bench(&file), None).unwrap().iter().enumerate() {
            let r = orlib::solve_instance(inst, &opts).unwrap();
            assert_eq!(r.status, GapStatus::Optimal, "{}", inst.name);
            let recomputed = mine[t].check(r.assignment.as_ref().unwrap());
            assert_eq!(
                recomputed, r.objective,
                "{}: infeasible or miscounted plan",
                inst.name
            );
            assert_eq!(r.objective, Some(optima[t]), "{}", inst.name);
            assert_eq!(r.bound, Some(optima[t] as f64), "{}", inst.name);
        }
    }
}

/// The Lagrangian search stopped early on a minimisation instance it cannot
/// close in the limit (d05100: optimum 6353, proven by bnb in about 8 s in a
/// release build and published by Nauss, INFORMS J. Computing 15, 2003): a
/// feasible plan no cheaper than the optimum and a whole-number bound no
/// higher, or no plan.
#[test]
fn bnb_time_limited_answers_on_gapd_bracket_the_optimum() {
    let opts = SolveOptions {
        solver: SolverChoice::Bnb,
        time_limit: Some(0.5),
    };
    let path = bench("gapd.txt");
    let inst = &orlib::load(&path, None).unwrap()[0];
    let mine = independent_read(&std::fs::read_to_string(&path).unwrap());
    let r = orlib::solve_instance(inst, &opts).unwrap();
    if let Some(a) = &r.assignment {
        assert_eq!(
            mine[0].check(a),
            r.objective,
            "infeasible or miscounted plan"
        );
    }
    match r.status {
        GapStatus::Optimal => assert_eq!(r.objective, Some(6353)),
        GapStatus::TimeLimit => {
            let (obj, bound) = (r.objective.unwrap(), r.bound.unwrap());
            assert!(
                bound <= 6353.0 && 6353 <= obj && bound <= obj as f64 - 1.0,
                "{obj} {bound}"
            );
            assert_eq!(bound.fract(), 0.0);
        }
        GapStatus::NoPlan => assert!(r.bound.is_none_or(|b| b <= 6353.0)),
        GapStatus::Infeasible => panic!("d05100 is feasible"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::size(40, 150), ..ProptestConfig::default() })]
    /// On random instances too large for brute force (up to 4 x 10, often
    /// tight), bnb's Lagrangian search and microlp's LP search agree on the
    /// optimum (or on infeasibility), in both senses.
    #[test]
    fn bnb_and_microlp_agree_on_random_instances(inst in medium_instance(), max in any::<bool>()) {
        let sense = if max { Sense::Max } else { Sense::Min };
        let parsed = orlib::parse(&inst.to_text(), "r.txt", "r.txt", sense).unwrap();
        let run = |solver| orlib::solve_instance(&parsed[0], &SolveOptions { solver, time_limit: None }).unwrap();
        let (b, m) = (run(SolverChoice::Bnb), run(SolverChoice::Microlp));
        prop_assert_eq!((b.status, b.objective), (m.status, m.objective));
        if let Some(a) = &b.assignment {
            prop_assert_eq!(inst.check(a), b.objective);
        }
    }
}

#[cfg(feature = "highs")]
mod highs {
    use super::*;

    /// All 60 instances of gap1 to gap12, proven optimal by HiGHS through
    /// leadplan's model, each plan feasible by an independent integer check and
    /// equal to the published optimum.
    #[test]
    fn gap1_to_gap12_are_proven_optimal_and_match_the_published_optima() {
        let opts = SolveOptions {
            solver: SolverChoice::Highs,
            time_limit: Some(60.0),
        };
        for (k, optima) in PUBLISHED_MAX.iter().enumerate() {
            let file = format!("gap{}.txt", k + 1);
            let mine = independent_read(&std::fs::read_to_string(bench(&file)).unwrap());
            for (t, inst) in orlib::load(&bench(&file), None).unwrap().iter().enumerate() {
                let r = orlib::solve_instance(inst, &opts).unwrap();
                assert_eq!(r.status, GapStatus::Optimal, "{}", inst.name);
                let recomputed = mine[t].check(r.assignment.as_ref().unwrap());
                assert_eq!(
                    recomputed, r.objective,
                    "{}: infeasible or miscounted plan",
                    inst.name
                );
                assert_eq!(r.objective, Some(optima[t]), "{}", inst.name);
                assert_eq!(r.bound, Some(optima[t] as f64), "{}", inst.name);
            }
        }
    }
}
