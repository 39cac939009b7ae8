//! OR-Library generalized assignment (GAP) benchmarks: read, convert, solve.
//!
//! The core of leadplan's model (every task gets one lead, within each country's
//! capacity, where effort and value depend on the pair) is the generalized
//! assignment problem, for which the literature publishes proven optima. This
//! module reads the OR-Library instance files ([`parse`]), turns an instance into
//! an ordinary [`Scenario`] ([`to_scenario`]) and solves it through the same
//! [`crate::solve_restricted`] path as `leadplan solve` ([`solve_instance`]), so
//! that a proven optimum on a benchmark is evidence about the real model and
//! solver set-up, not about a side implementation.

mod convert;
mod layout;
mod parse;
mod report;
mod run;

use std::path::Path;

pub use convert::{scenario_toml, to_scenario};
pub use parse::parse;
pub use report::{render_json, render_text_footer, render_text_header, render_text_row};
pub use run::{gap_options, solve_instance, GapResult, GapStatus};

use crate::error::Error;

/// Whether the instance's values are profits to maximise or costs to minimise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Sense {
    /// Maximise total profit (OR-Library gap1 to gap12).
    Max,
    /// Minimise total cost (gapa to gapd, type E).
    Min,
}

impl Sense {
    /// The sense OR-Library gives a file: `gapN.txt` is max profit, every other
    /// file (gapa to gapd, type E, per-instance splits) min cost.
    pub fn of_file(file_name: &str) -> Sense {
        let numbered = file_name
            .strip_prefix("gap")
            .and_then(|r| r.strip_suffix(".txt"))
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
        if numbered {
            Sense::Max
        } else {
            Sense::Min
        }
    }

    /// `max` or `min`.
    pub fn name(self) -> &'static str {
        match self {
            Sense::Max => "max",
            Sense::Min => "min",
        }
    }

    /// What the instance's values are: `profit` or `cost`.
    pub fn value_word(self) -> &'static str {
        match self {
            Sense::Max => "profit",
            Sense::Min => "cost",
        }
    }
}

/// One GAP instance, as the file gives it (agent-major matrices).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GapInstance {
    /// Name in the literature's style: `c515-1`, `a05100`, `e05100`.
    pub name: String,
    /// The file it came from (base name).
    pub file: String,
    /// Its 1-based position in the file.
    pub index: usize,
    /// Objective sense.
    pub sense: Sense,
    /// `value[i][j]`: profit or cost of giving job j to agent i.
    pub value: Vec<Vec<u64>>,
    /// `resource[i][j]`: capacity job j uses if given to agent i.
    pub resource: Vec<Vec<u64>>,
    /// `capacity[i]`: agent i's capacity.
    pub capacity: Vec<u64>,
}

/// How an assignment fares, computed with integer arithmetic only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    /// Total profit or cost.
    pub objective: u64,
    /// Agents over capacity: `(agent, load, capacity)`, 0-based agent.
    pub overloaded: Vec<(usize, u64, u64)>,
}

impl GapInstance {
    /// Number of agents (m).
    pub fn agents(&self) -> usize {
        self.capacity.len()
    }

    /// Number of jobs (n).
    pub fn jobs(&self) -> usize {
        self.value.first().map_or(0, Vec::len)
    }

    /// Objective and capacity use of `assign` (job -> 0-based agent).
    /// `assign` must hold one agent index below [`Self::agents`] per job.
    pub fn evaluate(&self, assign: &[usize]) -> Evaluation {
        let mut load = vec![0u64; self.agents()];
        let mut objective = 0u64;
        for (j, &i) in assign.iter().enumerate() {
            load[i] += self.resource[i][j];
            objective += self.value[i][j];
        }
        let overloaded = (0..self.agents())
            .filter(|&i| load[i] > self.capacity[i])
            .map(|i| (i, load[i], self.capacity[i]))
            .collect();
        Evaluation {
            objective,
            overloaded,
        }
    }
}

/// The literature's name for instance `k` (1-based) of `file` with m agents and n jobs.
pub fn instance_name(file: &str, m: usize, n: usize, k: usize, single: bool) -> String {
    let stem = file.strip_suffix(".txt").unwrap_or(file);
    if Sense::of_file(file) == Sense::Max {
        return format!("c{m}{n}-{k}");
    }
    match stem.strip_prefix("gap") {
        Some(t) if t.len() == 1 && t.bytes().all(|b| b.is_ascii_lowercase()) => {
            format!("{t}{m:02}{n}")
        }
        _ if single => stem.to_string(),
        _ => format!("{stem}-{k}"),
    }
}

/// Reads a GAP file; the sense comes from its name unless `sense` is given.
pub fn load(path: &Path, sense: Option<Sense>) -> Result<Vec<GapInstance>, Error> {
    let bytes = crate::input::read_bounded(path, crate::input::InputKind::Gap)?;
    let shown = path.display().to_string();
    let text = String::from_utf8_lossy(&bytes);
    let base = path
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    parse(
        &text,
        &shown,
        &base,
        sense.unwrap_or_else(|| Sense::of_file(&base)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sense_follows_or_library() {
        assert_eq!(Sense::of_file("gap1.txt"), Sense::Max);
        assert_eq!(Sense::of_file("gap12.txt"), Sense::Max);
        assert_eq!(Sense::of_file("gapa.txt"), Sense::Min);
        assert_eq!(Sense::of_file("e05100"), Sense::Min);
        assert_eq!(Sense::of_file("gap.txt"), Sense::Min);
    }

    #[test]
    fn names_follow_the_literature() {
        assert_eq!(instance_name("gap1.txt", 5, 15, 1, false), "c515-1");
        assert_eq!(instance_name("gap9.txt", 10, 30, 4, false), "c1030-4");
        assert_eq!(instance_name("gapd.txt", 5, 100, 1, false), "d05100");
        assert_eq!(instance_name("gapa.txt", 20, 200, 6, false), "a20200");
        assert_eq!(instance_name("e05100", 5, 100, 1, true), "e05100");
        assert_eq!(instance_name("mine.txt", 2, 3, 2, false), "mine-2");
    }
}
