//! leadplan: division-of-labour planning for allies that cooperate on public goods.
//!
//! A scenario names countries (capability profiles, capacity, budget, political
//! sensitivity tolerance) and tasks (requirements, effort, cost, sensitivity);
//! leadplan assigns the lead(s) of every task and splits its cost with a
//! mixed-integer program, explains the plan, and explains infeasibility.
//!
//! ```
//! use leadplan::{solve, Outcome, Scenario, SolveOptions};
//! let text = r#"
//! [[country]]
//! id = "JP"
//! capacity = 2
//! capability = { legal_drafting = 0.9 }
//! [[country]]
//! id = "KR"
//! capacity = 2
//! capability = { legal_drafting = 0.4 }
//! [[task]]
//! id = "legal-code-drafting"
//! effort = 1
//! requirements = { legal_drafting = 1.0 }
//! "#;
//! let scenario = Scenario::from_toml_str(text, "inline.toml").unwrap();
//! let Outcome::Planned(plan) = solve(&scenario, &SolveOptions::default()).unwrap() else { panic!() };
//! assert_eq!(plan.leads[0], vec![0]); // JP leads
//! ```
#![deny(missing_docs)]

pub(crate) mod cells;
/// The `leadplan` command line (the binary calls [`cli::main`]).
#[doc(hidden)]
pub mod cli;
pub(crate) mod discover;
pub(crate) mod error;
pub(crate) mod fmt;
pub(crate) mod input;
pub(crate) mod md;
pub(crate) mod milp;
pub(crate) mod model;
pub(crate) mod options;
pub(crate) mod output;
pub(crate) mod pareto;
pub mod plan;
pub(crate) mod possessive;
pub(crate) mod progress;
pub mod rules;
pub mod scenario;
pub(crate) mod sheets;
pub(crate) mod solve_report;

pub mod planning;

pub mod studies;

pub mod outputs;

// The crate's own code names every module by its short path.
pub(crate) use outputs::{chart, csv_safe, document, schema, serve};
pub(crate) use planning::{explain, optimize, resilience, solve};
pub(crate) use scenario::diag;
pub(crate) use studies::{horizon, orlib, sweep};

pub use error::Error;
pub use explain::{explain, Explanation};
pub use model::{Baseline, ChangeLimit, Diverse, Restrictions, Term, TermGoal};
pub use optimize::{
    decide, diagnose, solve, solve_restricted, Attempt, Diagnosis, Outcome, Stage, Verdict,
};
pub use options::{SolveOptions, SolverChoice, SolverKind};
pub use plan::{Plan, PlanStatus};
pub use scenario::Scenario;

#[cfg(test)]
mod layers_tests;

#[cfg(test)]
mod send_sync {
    fn assert_send_sync<T: Send + Sync>() {}
    #[test]
    fn public_types_are_send_and_sync() {
        assert_send_sync::<crate::Scenario>();
        assert_send_sync::<crate::Plan>();
        assert_send_sync::<crate::Outcome>();
        assert_send_sync::<crate::Error>();
        assert_send_sync::<crate::SolveOptions>();
    }
}
