//! The horizon flags of `chart timeline` and `report --horizon`: the horizon
//! file, how far ahead the plan looks and what it maximises, as `leadplan
//! horizon` takes them; and the check that a horizon file plans the scenario a
//! report is about.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::horizon::{self, Foresight, Goal, Horizon, HorizonOptions, HorizonReport};
use crate::SolveOptions;

/// Flags that plan across election calendars.
#[derive(Args, Debug)]
#[command(next_help_heading = "Horizon (plans across election calendars)")]
pub struct HorizonFlags {
    /// A horizon file (`*.horizon.toml`, see `leadplan horizon`): plans its scenario across
    /// periods and election calendars.
    #[arg(long, value_name = "FILE")]
    pub horizon: Option<PathBuf>,
    #[command(flatten)]
    pub plan: PlanFlags,
}

/// How a horizon is planned: `leadplan horizon`'s flags, shared.
#[derive(Args, Debug, Clone, PartialEq)]
pub struct PlanFlags {
    /// How far ahead the horizon plan looks: stochastic (the whole tree of election results),
    /// perfect (one path known in advance) or myopic (rolling windows along one path).
    #[arg(long, value_enum, default_value_t = ForesightFlag::Stochastic)]
    foresight: ForesightFlag,
    /// What the stochastic plan maximises: expected, worst (the worst path), regret (minus
    /// the largest shortfall against each path's own optimum) or cvar:ALPHA (the mean of
    /// the worst ALPHA share of paths, e.g. cvar:0.2).
    #[arg(long, default_value = "expected", value_parser = Goal::parse, value_name = "GOAL")]
    goal: Goal,
    /// The path for perfect and myopic foresight, as the horizon plan names it
    /// (`KR:turnover@2031-32, US:retrenchment@2029-30`, or `no change`); the most likely by default.
    #[arg(long, value_name = "PATH")]
    path: Option<String>,
    /// Myopic foresight: periods each window plans.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..=1000))]
    view: u64,
    /// Myopic foresight: periods each window commits before the next one is planned.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=1000))]
    step: u64,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ForesightFlag {
    Stochastic,
    Perfect,
    Myopic,
}

impl PlanFlags {
    /// The options of the horizon run; `values`: compute EVPI, VSS and the worth of institutions.
    pub fn options(&self, solve: SolveOptions, values: bool) -> anyhow::Result<HorizonOptions> {
        if self.step > self.view {
            return Err(crate::Error::Usage(format!(
                "--step {} commits more periods than --view {} plans: give a step at most the view",
                self.step, self.view
            ))
            .into());
        }
        Ok(HorizonOptions {
            foresight: match self.foresight {
                ForesightFlag::Stochastic => Foresight::Stochastic,
                ForesightFlag::Perfect => Foresight::Perfect,
                ForesightFlag::Myopic => Foresight::Myopic {
                    view: self.view as usize,
                    step: self.step as usize,
                },
            },
            goal: self.goal,
            path: self.path.clone(),
            solve,
            values,
        })
    }

    /// Whether every flag is at its default (nothing asked of a horizon).
    fn is_default(&self) -> bool {
        self.foresight == ForesightFlag::Stochastic
            && self.goal == Goal::Expected
            && self.path.is_none()
            && self.view == 2
            && self.step == 1
    }
}

impl HorizonFlags {
    /// The horizon file loaded and planned, when `--horizon` was given; first
    /// checked to plan `scenario`, when one is given (a mismatch is a usage
    /// error before any solve).
    pub fn plan(
        &self,
        scenario: Option<&Path>,
        solve: SolveOptions,
        values: bool,
    ) -> anyhow::Result<Option<(Horizon, HorizonReport)>> {
        let Some(file) = &self.horizon else {
            if !self.plan.is_default() {
                return Err(crate::Error::Usage(
                    "--foresight, --goal, --path, --view and --step plan a horizon: give --horizon FILE.horizon.toml with them".into(),
                )
                .into());
            }
            return Ok(None);
        };
        let o = self.plan.options(solve, values)?;
        let h = Horizon::load(file)?;
        if let Some(scenario) = scenario {
            check_scenario(&h, scenario)?;
        }
        let report = horizon::run(&h, &o)?;
        Ok(Some((h, report)))
    }
}

/// Whether two paths name one file: the same file after resolving links, or
/// two files with the same bytes.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) if x == y => true,
        _ => match (std::fs::read(a), std::fs::read(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        },
    }
}

/// An error unless the horizon file `h` plans the scenario file `scenario`.
fn check_scenario(h: &Horizon, scenario: &Path) -> anyhow::Result<()> {
    if same_file(&h.scenario_file, scenario) {
        return Ok(());
    }
    Err(crate::Error::Usage(format!(
        "{} plans the scenario {} (its `scenario` key), not {}: pass {} as the scenario, or a horizon file whose `scenario` names {}",
        h.file.display(),
        h.scenario_file.display(),
        scenario.display(),
        h.scenario_file.display(),
        scenario.display()
    ))
    .into())
}
