//! What `discover` looks for: which runs are cases of interest, which runs
//! are left out (those that cannot answer the question), and the words a
//! sentence about the answer uses.

use crate::error::Error;
use crate::rules::Family;
use crate::scenario::Scenario;
use crate::sweep::data::{Fields, Run, SweepResults};

/// Constraint families a failed run can be blamed on (`blame:FAMILY`); a run
/// is blamed on a family when lifting that family's limits alone yields a plan
/// ([`crate::optimize::blame`]), on `several` when no single family does.
fn families() -> Vec<&'static str> {
    Family::blamed().map(Family::name).collect()
}

/// The question.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// Runs with no plan.
    Infeasible,
    /// Optimal runs whose whole plan is the baseline's (infeasible runs count as not surviving).
    Survival,
    /// Optimal runs in which a country leads a task (task, country indices).
    Lead(usize, usize),
    /// Optimal runs in which a task's leads differ from the baseline's.
    LeadsChanged(usize),
    /// Optimal runs with an objective below the number.
    ObjectiveBelow(f64),
    /// Runs whose baseline regret is above the number.
    RegretAbove(f64),
    /// Failed runs whose diagnosis blames this family (feasible runs are not cases).
    Blame(String),
}

fn usage(msg: String) -> Error {
    Error::Usage(msg)
}

const FORMS: &str = "infeasible, survival, lead:TASK=COUNTRY, leads-changed:TASK, objective<X, regret>X, blame:FAMILY";

fn number(s: &str, t: &str) -> Result<f64, Error> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| usage(format!("--target `{t}`: `{s}` is not a number")))
}

fn task(s: &Scenario, id: &str, t: &str) -> Result<usize, Error> {
    s.tasks.iter().position(|x| x.id == id).ok_or_else(|| {
        let ids: Vec<&str> = s.tasks.iter().map(|x| x.id.as_str()).collect();
        usage(format!(
            "--target `{t}`: no task `{id}` in the scenario; tasks: {}",
            ids.join(", ")
        ))
    })
}

impl Target {
    /// Parses `--target`, naming the scenario's tasks and countries.
    pub fn parse(t: &str, s: &Scenario) -> Result<Target, Error> {
        let t = t.trim();
        if let Some(x) = t.strip_prefix("objective<") {
            return Ok(Target::ObjectiveBelow(number(x, t)?));
        }
        if let Some(x) = t.strip_prefix("regret>") {
            return Ok(Target::RegretAbove(number(x, t)?));
        }
        if let Some(x) = t.strip_prefix("leads-changed:") {
            return Ok(Target::LeadsChanged(task(s, x, t)?));
        }
        if let Some(x) = t.strip_prefix("blame:") {
            return match families().contains(&x) || x == "several" {
                true => Ok(Target::Blame(x.to_string())),
                false => Err(usage(format!(
                    "--target `{t}`: unknown constraint family `{x}`; families: {}, several",
                    families().join(", ")
                ))),
            };
        }
        if let Some(x) = t.strip_prefix("lead:") {
            let (tk, c) = x
                .split_once('=')
                .ok_or_else(|| usage(format!("--target `{t}`: write `lead:TASK=COUNTRY`")))?;
            let c_ix = s.country_index(c).ok_or_else(|| {
                usage(format!("--target `{t}`: no country `{c}` in the scenario"))
            })?;
            return Ok(Target::Lead(task(s, tk, t)?, c_ix));
        }
        match t {
            "infeasible" => Ok(Target::Infeasible),
            "survival" => Ok(Target::Survival),
            _ => Err(usage(format!(
                "--target `{t}` is not a target; write one of: {FORMS}"
            ))),
        }
    }

    /// The fields of each run [`Target::case`] reads (the sweep's runs may be
    /// read with no more: [`SweepResults::open_with`]).
    pub fn fields(&self) -> Fields {
        Fields {
            leads: matches!(
                self,
                Target::Survival | Target::Lead(..) | Target::LeadsChanged(_)
            ),
            blame: matches!(self, Target::Blame(_)),
        }
    }

    /// Whether run `r` is a case (`None`: the run cannot answer and is left out).
    pub fn case(&self, r: &Run, sweep: &SweepResults) -> Result<Option<bool>, Error> {
        let optimal = r.status == "optimal";
        let planned = optimal || r.status == "time_limit";
        let base = sweep.baseline.as_ref();
        Ok(match self {
            Target::Infeasible => {
                (planned || r.status == "infeasible").then_some(r.status == "infeasible")
            }
            Target::Survival => match (base, r.status.as_str()) {
                (None, _) => return Err(no_baseline()),
                (Some(b), "optimal") => Some(r.leads == b.leads),
                (_, "infeasible") => Some(false),
                _ => None,
            },
            Target::Lead(t, c) => optimal.then(|| r.leads[*t].contains(c)),
            Target::LeadsChanged(t) => match base {
                None => return Err(no_baseline()),
                Some(b) => optimal.then(|| r.leads[*t] != b.leads[*t]),
            },
            Target::ObjectiveBelow(x) => optimal.then_some(r.objective).flatten().map(|o| o < *x),
            Target::RegretAbove(x) => r.regret.map(|g| g > *x),
            Target::Blame(f) => match (r.status.as_str(), &r.blame) {
                (_, _) if planned => Some(false),
                ("infeasible", Some(b)) => Some(b.split('+').any(|x| x == f)),
                ("infeasible", None) => return Err(no_blame()),
                _ => None,
            },
        })
    }

    /// What to say when no box is a finding.
    pub fn no_finding(&self, s: &Scenario) -> String {
        match self {
            Target::Infeasible | Target::Blame(_) => {
                "no assumption reliably breaks the plan".into()
            }
            _ => format!(
                "no range of the swept assumptions reliably explains when {}",
                self.words(s).0
            ),
        }
    }

    /// (the condition, the cases, what the box's runs do): the words of a sentence.
    pub fn words(&self, s: &Scenario) -> (String, String, String) {
        let name = |c: usize| s.countries[c].name.clone();
        let w = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
        match self {
            Target::Infeasible => w("no plan", "the infeasible runs", "are infeasible"),
            Target::Survival => w(
                "the baseline plan survives whole",
                "the runs where it survives",
                "keep it whole",
            ),
            Target::Lead(t, c) => {
                let (c, t) = (name(*c), &s.tasks[*t].id);
                (
                    format!("{c} leads {t}"),
                    format!("the runs where {c} leads {t}"),
                    format!("have {c} lead {t}"),
                )
            }
            Target::LeadsChanged(t) => {
                let t = &s.tasks[*t].id;
                (
                    format!("{t} changes leads"),
                    format!("the runs where {t}'s leads change"),
                    format!("change {t}'s leads"),
                )
            }
            Target::ObjectiveBelow(x) => (
                format!("the objective falls below {x}"),
                format!("the runs with an objective below {x}"),
                format!("have an objective below {x}"),
            ),
            Target::RegretAbove(x) => (
                format!("the baseline plan's regret exceeds {x}"),
                format!("the runs with regret above {x}"),
                format!("have regret above {x}"),
            ),
            Target::Blame(f) if f == "several" => w(
                "no plan, and lifting any one family of limits alone does not restore one",
                "the runs no single family's lifting makes feasible",
                "are such runs",
            ),
            Target::Blame(f) => (
                format!("no plan unless the {f} limits are lifted"),
                format!("the runs that lifting the {f} limits alone makes feasible"),
                "are such runs".to_string(),
            ),
        }
    }
}

fn no_baseline() -> Error {
    usage(
        "the base scenario has no plan, so no run can keep or change it; use --target infeasible"
            .into(),
    )
}

fn no_blame() -> Error {
    usage("this sweep's infeasible runs record no blamed constraint family (it was run by an older leadplan); run the sweep again".into())
}
