//! Solver options in the planner's terms: which solver, what time limit.
//!
//! These types carry no solver library: [`crate::plan`] names the solver that
//! produced a plan and the command line builds options, neither of which needs
//! to know good_lp. [`crate::solve`] turns them into solver calls.

use crate::error::Error;

/// Which solver the user asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SolverChoice {
    /// Pick by model size among the compiled-in solvers.
    #[default]
    Auto,
    /// The embedded pure-Rust solver.
    Microlp,
    /// HiGHS (needs the `highs` cargo feature).
    Highs,
    /// leadplan's own branch and bound on a vendored microlp (pure Rust, exact:
    /// sparsified rows and cuts at the root; `auto` picks it from
    /// [`AUTO_BNB_FROM`] lead variables where HiGHS is not picked).
    Bnb,
}

/// A concrete solver.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SolverKind {
    /// microlp.
    Microlp,
    /// HiGHS.
    Highs,
    /// leadplan's own branch and bound on a vendored microlp (`crates/lp`).
    Bnb,
}

impl SolverKind {
    /// Its name in outputs.
    pub fn name(self) -> &'static str {
        match self {
            SolverKind::Microlp => "microlp",
            SolverKind::Highs => "highs",
            SolverKind::Bnb => "bnb",
        }
    }
}

/// Whether HiGHS is compiled in.
pub const HIGHS_AVAILABLE: bool = cfg!(feature = "highs");

/// Above this many lead variables, `auto` prefers HiGHS when it is compiled in:
/// microlp wins on small models (no set-up cost) but has long tails beyond.
pub const AUTO_HIGHS_ABOVE: usize = 250;

/// From this many lead variables, `auto` runs leadplan's own branch and bound
/// (`bnb`: sparsified rows, cover and c-MIR cuts at the root) where it would
/// otherwise run microlp: on the IPEF scenario (320) and the generated 14 x 60
/// and 20 x 100 scenarios it is 0.4x to 0.6x HiGHS at the median, microlp
/// 1x to 60x (docs/src/benchmarks.md, "Target 1 met"). Below, microlp settles a
/// model in milliseconds without the cut rounds' set-up.
pub const AUTO_BNB_FROM: usize = 100;

/// Options for one solve.
#[derive(Clone, Debug, Default)]
pub struct SolveOptions {
    /// Solver to use.
    pub solver: SolverChoice,
    /// Wall-clock limit in seconds for each solver call.
    pub time_limit: Option<f64>,
}

/// Above this many lead variables, microlp runs only under a time limit: its
/// branch and bound can take many GB of memory on such models (HiGHS cannot).
pub const MICROLP_UNLIMITED_MAX: usize = 5_000;

impl SolveOptions {
    /// Resolves `auto` for a model with `binaries` lead variables.
    pub fn pick(&self, binaries: usize) -> Result<SolverKind, Error> {
        let kind = self.pick_kind(binaries)?;
        if matches!(kind, SolverKind::Microlp | SolverKind::Bnb)
            && binaries > MICROLP_UNLIMITED_MAX
            && self.time_limit.is_none()
        {
            return Err(Error::SolverUnavailable(format!(
                "the model has {binaries} lead variables; above {MICROLP_UNLIMITED_MAX}, microlp's search can take many GB of memory and hours, so it runs only with --time-limit SECONDS (it then reports the best plan found and a proven bound){}",
                if HIGHS_AVAILABLE { "; or use --solver highs" } else { "; or build with --features highs and use HiGHS" }
            )));
        }
        Ok(kind)
    }

    fn pick_kind(&self, binaries: usize) -> Result<SolverKind, Error> {
        match self.solver {
            SolverChoice::Microlp => Ok(SolverKind::Microlp),
            SolverChoice::Bnb => Ok(SolverKind::Bnb),
            SolverChoice::Highs if HIGHS_AVAILABLE => Ok(SolverKind::Highs),
            SolverChoice::Highs => Err(Error::SolverUnavailable(
                "this leadplan was built without HiGHS; rebuild with `cargo build --release --features highs` (needs cmake, a C++ compiler and libclang) or use --solver microlp".into(),
            )),
            SolverChoice::Auto if HIGHS_AVAILABLE && binaries > AUTO_HIGHS_ABOVE => Ok(SolverKind::Highs),
            SolverChoice::Auto if binaries >= AUTO_BNB_FROM => Ok(SolverKind::Bnb),
            SolverChoice::Auto => Ok(SolverKind::Microlp),
        }
    }
}
