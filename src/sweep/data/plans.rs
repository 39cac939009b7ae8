//! The distinct plans a sweep found, scored on a common footing, for trade-off charts.
//!
//! A sweep over objective weights finds different optimal plans under
//! different weights. To compare them, each distinct set of leads is scored in
//! the base scenario: capability fit and cost follow from the leads alone; for
//! fairness the money is re-optimised with the leads fixed (a small LP), or
//! split equally among the leads when the fixed leads break a rule of the base
//! scenario (a limit, a sensitivity ban or a pin: possible when the sweep also
//! varied capacities, budgets or tolerances; such plans are flagged). Scoring is
//! [`evaluate_fixed`], the one function every command uses for fixed leads. Plans are listed in order of the first run that found
//! them; the non-dominated ones (no other plan has at least as much fit at no
//! more cost, and is better in one) are labelled A, B, C, ... by increasing cost.

use crate::error::Error;
use crate::optimize::{evaluate_fixed, Evaluation};
use crate::plan::{Plan, PlanStatus};
use crate::scenario::Scenario;
use crate::solve::{SolveOptions, SolverKind};

use super::SweepResults;

/// What the trade-off chart puts on its horizontal axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Against {
    /// The axis along which the distinct plans differ (cost or fairness); when both
    /// differ, fairness if the sweep varies the fairness weight and not the cost
    /// weight, else cost. When neither differs no trade-off is drawn, and the
    /// chart says why.
    Auto,
    /// Total cost (sum of the tasks' realised costs).
    Cost,
    /// Deviation from fair burden shares.
    Fairness,
}

impl Against {
    /// `Auto` resolved for a sweep's parameters.
    pub fn resolve(self, parameters: &[String]) -> Against {
        let varies = |w: &str| {
            parameters
                .iter()
                .any(|p| p == &format!("policy.weights.{w}"))
        };
        match self {
            Against::Auto if varies("fairness") && !varies("cost") => Against::Fairness,
            Against::Auto => Against::Cost,
            other => other,
        }
    }
}

/// One distinct plan of a sweep.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanPoint {
    /// Lead country indices per task.
    pub leads: Vec<Vec<usize>>,
    /// Optimal runs that chose it.
    pub runs: u64,
    /// The first of them.
    pub first_run: u64,
    /// Capability fit term in the base scenario.
    pub fit: f64,
    /// Cost term.
    pub cost: f64,
    /// Fairness term (money re-optimised with the leads fixed, see the module notes).
    pub fairness: f64,
    /// Whether the leads meet every limit of the base scenario.
    pub feasible_in_base: bool,
    /// Whether it is the baseline plan.
    pub baseline: bool,
    /// `A`, `B`, ... for non-dominated plans (by increasing horizontal value); `None` if dominated.
    pub label: Option<String>,
}

impl PlanPoint {
    /// Its value on the horizontal axis.
    pub fn x(&self, against: Against) -> f64 {
        match against {
            Against::Fairness => self.fairness,
            _ => self.cost,
        }
    }
}

fn score(s: &Scenario, leads: &[Vec<usize>], opts: &SolveOptions) -> Result<(Plan, bool), Error> {
    Ok(match evaluate_fixed(s, leads, opts)? {
        Evaluation::Feasible(p) => (p, true),
        _ => (
            Plan::from_parts(
                s,
                leads.to_vec(),
                None,
                PlanStatus::Optimal,
                SolverKind::Microlp,
                0.0,
            ),
            false,
        ),
    })
}

/// The distinct plans of a sweep, the trade-off's horizontal axis, and the non-dominated plans labelled.
#[derive(Clone, Debug, PartialEq)]
pub struct Frontier {
    /// The horizontal axis (never `Auto`).
    pub against: Against,
    /// The plans, in order of the first run that found each.
    pub points: Vec<PlanPoint>,
}

impl Frontier {
    /// Why no trade-off can be drawn along the chosen axis (`None` when it varies):
    /// a chart of points on one vertical line would show nothing.
    pub fn no_tradeoff(&self) -> Option<String> {
        let range = |f: &dyn Fn(&PlanPoint) -> f64| {
            let lo = self.points.iter().map(f).fold(f64::INFINITY, f64::min);
            let hi = self.points.iter().map(f).fold(f64::NEG_INFINITY, f64::max);
            (lo, hi)
        };
        let (lo, hi) = range(&|p| p.x(self.against));
        if self.points.is_empty() || hi - lo > SPREAD_EPS {
            return None;
        }
        let (name, other, other_axis) = match self.against {
            Against::Fairness => ("deviation from fair shares", "cost", Against::Cost),
            _ => ("cost", "deviation from fair shares", Against::Fairness),
        };
        let (olo, ohi) = range(&|p| p.x(other_axis));
        let also = if ohi - olo > SPREAD_EPS {
            format!(
                "; their {other} differs: pass --against {}",
                if other_axis == Against::Cost {
                    "cost"
                } else {
                    "fairness"
                }
            )
        } else {
            format!(" and the same {other}")
        };
        Some(format!(
            "no trade-off chart: the sweep's {} distinct plan(s) all have the same {name} ({}){also}",
            self.points.len(),
            crate::fmt::fmt_num(lo)
        ))
    }
}

/// Spread below which an axis is taken not to vary.
const SPREAD_EPS: f64 = 1e-9;

/// The sweep's distinct plans scored in `s` (solving a small LP per plan), with the front labelled.
///
/// `Against::Auto` takes the axis along which the plans differ when only one
/// of cost and fairness does, else follows the sweep's parameters ([`Against::resolve`]);
/// [`Frontier::no_tradeoff`] says when the chosen axis does not vary.
pub fn frontier(
    s: &Scenario,
    sweep: &SweepResults,
    against: Against,
    opts: &SolveOptions,
) -> Result<Frontier, Error> {
    let mut points = plan_points(s, sweep, opts)?;
    let spread = |f: fn(&PlanPoint) -> f64| {
        let lo = points.iter().map(f).fold(f64::INFINITY, f64::min);
        let hi = points.iter().map(f).fold(f64::NEG_INFINITY, f64::max);
        hi - lo > SPREAD_EPS
    };
    let (cost, fair) = (spread(|p| p.cost), spread(|p| p.fairness));
    let against = match against {
        Against::Auto if fair && !cost => Against::Fairness,
        Against::Auto if cost && !fair => Against::Cost,
        other => other.resolve(&sweep.parameters),
    };
    label_front(&mut points, against);
    Ok(Frontier { against, points })
}

/// The distinct plans of the sweep's optimal runs, scored in `s`, unlabelled.
pub fn plan_points(
    s: &Scenario,
    sweep: &SweepResults,
    opts: &SolveOptions,
) -> Result<Vec<PlanPoint>, Error> {
    let mut seen: Vec<(Vec<Vec<usize>>, u64, u64)> = Vec::new();
    for run in sweep.optimal_runs().filter(|r| !r.leads.is_empty()) {
        match seen.iter_mut().find(|(l, _, _)| *l == run.leads) {
            Some(entry) => entry.1 += 1,
            None => seen.push((run.leads.clone(), 1, run.run)),
        }
    }
    let baseline = sweep.baseline.as_ref().map(|b| &b.leads);
    let mut points = Vec::new();
    for (leads, runs, first_run) in seen {
        let (plan, feasible_in_base) = score(s, &leads, opts)?;
        points.push(PlanPoint {
            baseline: baseline == Some(&leads),
            leads,
            runs,
            first_run,
            fit: plan.terms.fit,
            cost: plan.terms.cost,
            fairness: plan.terms.fairness,
            feasible_in_base,
            label: None,
        });
    }
    Ok(points)
}

/// Labels the non-dominated points (most fit, least horizontal value) A, B, ... by increasing x.
pub fn label_front(points: &mut [PlanPoint], against: Against) {
    const EPS: f64 = 1e-9;
    let dominated = |p: &PlanPoint| {
        points.iter().any(|q| {
            q.fit >= p.fit - EPS
                && q.x(against) <= p.x(against) + EPS
                && (q.fit > p.fit + EPS || q.x(against) < p.x(against) - EPS)
        })
    };
    let mut front: Vec<usize> = (0..points.len())
        .filter(|&k| !dominated(&points[k]))
        .collect();
    front.sort_by(|&a, &b| {
        points[a]
            .x(against)
            .total_cmp(&points[b].x(against))
            .then(a.cmp(&b))
    });
    for (n, k) in front.into_iter().enumerate() {
        points[k].label = Some(letters(n));
    }
}

fn letters(mut n: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(fit: f64, cost: f64) -> PlanPoint {
        PlanPoint {
            leads: vec![],
            runs: 1,
            first_run: 0,
            fit,
            cost,
            fairness: 0.0,
            feasible_in_base: true,
            baseline: false,
            label: None,
        }
    }

    #[test]
    fn the_front_is_labelled_by_increasing_cost_and_ties_are_not_dominated() {
        // (fit, cost): b dominates c (more fit, same cost); d duplicates a.
        let mut p = vec![
            pt(5.0, 10.0),
            pt(8.0, 20.0),
            pt(7.0, 20.0),
            pt(5.0, 10.0),
            pt(9.0, 40.0),
            pt(4.0, 30.0),
        ];
        label_front(&mut p, Against::Cost);
        let labels: Vec<Option<&str>> = p.iter().map(|x| x.label.as_deref()).collect();
        assert_eq!(
            labels,
            [Some("A"), Some("C"), None, Some("B"), Some("D"), None]
        );
    }

    proptest::proptest! {
        /// A point is labelled exactly when no other point has at least its fit at no more
        /// cost and is strictly better in one; labels run A, B, ... by increasing cost.
        #[test]
        fn the_front_matches_the_definition(raw in proptest::collection::vec((0u8..6, 0u8..6), 1..12)) {
            let mut p: Vec<PlanPoint> = raw.iter().map(|&(f, c)| pt(f as f64, c as f64)).collect();
            label_front(&mut p, Against::Cost);
            let mut front: Vec<(f64, usize)> = Vec::new();
            for (k, a) in p.iter().enumerate() {
                let beaten = p.iter().any(|b| b.fit >= a.fit && b.cost <= a.cost && (b.fit > a.fit || b.cost < a.cost));
                proptest::prop_assert_eq!(a.label.is_some(), !beaten);
                if !beaten {
                    front.push((a.cost, k));
                }
            }
            front.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            for (n, (_, k)) in front.iter().enumerate() {
                proptest::prop_assert_eq!(p[*k].label.clone(), Some(letters(n)));
            }
        }
    }

    #[test]
    fn defect4_a_plan_that_breaks_a_ban_in_the_base_is_not_feasible_in_base() {
        let text = r#"
[policy]
sensitivity_rule = "forbid"
[[country]]
id = "A"
capacity = 5
[[country]]
id = "B"
capacity = 5
sensitivity_tolerance = 0.2
[[task]]
id = "secret"
sensitivity = 0.8
effort = 1
fit = { A = 0.3, B = 0.9 }
"#;
        let s = Scenario::from_toml_str(text, "ban.toml").unwrap();
        let opts = SolveOptions::default();
        // A sweep that raised B's tolerance found B leading `secret`; the base bans it.
        let (_, feasible) = score(&s, &[vec![1]], &opts).unwrap();
        assert!(
            !feasible,
            "a banned lead was scored as feasible in the base"
        );
        let (plan, feasible) = score(&s, &[vec![0]], &opts).unwrap();
        assert!(feasible && (plan.terms.fit - 0.3).abs() < 1e-12);
    }

    #[test]
    fn defect6_no_trade_off_is_drawn_along_an_axis_that_does_not_vary() {
        let mut flat = pt(5.0, 455.0);
        flat.fairness = 3.0;
        let mut other = pt(7.0, 455.0);
        other.fairness = 9.0;
        let f = Frontier {
            against: Against::Cost,
            points: vec![flat.clone(), other],
        };
        let why = f.no_tradeoff().unwrap();
        assert!(
            why.contains("same cost (455)") && why.contains("--against fairness"),
            "{why}"
        );
        let f = Frontier {
            against: Against::Fairness,
            ..f
        };
        assert_eq!(f.no_tradeoff(), None);
        let same = Frontier {
            against: Against::Cost,
            points: vec![flat.clone(), flat],
        };
        assert!(same
            .no_tradeoff()
            .unwrap()
            .contains("and the same deviation from fair shares"));
    }

    #[test]
    fn labels_run_past_z() {
        assert_eq!(letters(0), "A");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
        assert_eq!(letters(27), "AB");
    }

    #[test]
    fn auto_picks_fairness_only_when_its_weight_alone_varies() {
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            Against::Auto.resolve(&p(&["policy.weights.fairness"])),
            Against::Fairness
        );
        assert_eq!(
            Against::Auto.resolve(&p(&["policy.weights.fairness", "policy.weights.cost"])),
            Against::Cost
        );
        assert_eq!(Against::Fairness.resolve(&p(&[])), Against::Fairness);
    }
}
