//! The report's exact trade-off and multi-future sections: the Pareto front
//! between objective terms (`report --pareto`), which replaces the weighted-sum
//! scatter of a weights sweep, and the robust plan under every metric
//! (`report --futures`), side by side.

use super::{text, Block, ReportInputs};
use crate::fmt::fmt_num;
use crate::pareto::ParetoReport;
use crate::resilience::robust::RobustReport;
use crate::resilience::LeadChange;

fn r4(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |v| fmt_num((v * 1e4).round() / 1e4))
}

fn pareto(r: &ParetoReport) -> Vec<Block> {
    let names: Vec<&str> = r.objectives.iter().map(|t| t.name()).collect();
    let how = match r.grid {
        Some(n) => format!("on a grid of {n} points per constrained term"),
        None => "complete: every non-dominated plan".into(),
    };
    let mut headers = vec!["#".to_string()];
    headers.extend(names.iter().map(|n| n.to_string()));
    headers.push("changes from the plan above".into());
    let rows = r
        .points
        .iter()
        .map(|p| {
            let mut row = vec![p.index.to_string()];
            row.extend(p.values.iter().map(|v| r4(Some(*v))));
            let ch: Vec<String> = p
                .changes_from_previous
                .iter()
                .map(LeadChange::sentence)
                .collect();
            row.push(if p.index == 1 {
                "(start)".into()
            } else {
                ch.join("; ")
            });
            row
        })
        .collect();
    vec![
        Block::Heading(2, format!("Trade-off: {}", names.join(" against "))),
        Block::Para(text(format!(
            "The exact Pareto front (AUGMECON2, {how}; each plan proven non-dominated): {} plan(s), best {} first. Cost, sensitivity and fairness are amounts (less is better).",
            r.points.len(),
            names[0]
        ))),
        Block::Table {
            headers,
            rows,
            numeric: (0..=names.len()).collect(),
        },
    ]
}

fn robust(r: &RobustReport) -> Vec<Block> {
    let n = r.futures.len();
    let share = r.thresholds.is_some();
    let rows = r
        .metrics
        .iter()
        .map(|m| {
            let mut row = vec![m.goal.clone(), r4(m.worst), r4(m.mean), r4(m.max_regret)];
            if share {
                row.push(m.satisfied_share.map_or("-".into(), |v| {
                    format!("{}%", fmt_num((v * 1000.0).round() / 10.0))
                }));
            }
            row.push(crate::resilience::render::feasible_in(m, n));
            row.push(
                m.leads_differing_from_chosen
                    .map_or("-".into(), |d| d.to_string()),
            );
            row
        })
        .collect();
    let names: Vec<String> = r.futures.iter().map(|f| f.future.clone()).collect();
    let mut headers = vec!["goal", "worst", "mean", "max regret"];
    headers.extend(share.then_some("satisfied"));
    headers.extend(["feasible in", "leads differing"]);
    let satisfied = if share {
        ", the share of futures where it reaches the threshold"
    } else {
        ""
    };
    let kept = r.feasible_share.map_or(String::new(), |p| {
        format!(
            " Each plan need only be feasible in futures of weight {} (the futures it gives up are left out of its figures).",
            crate::resilience::render::pct(Some(p))
        )
    });
    let mut out = vec![
        Block::Heading(2, "One plan for several futures".into()),
        Block::Para(text(format!(
            "The plan each goal chooses across {n} futures ({}), under every metric: its worst objective, mean, largest regret (a future's own optimum minus the plan's objective there){satisfied}, and how many leads it differs in from the worst-case plan.{kept}",
            names.join(", ")
        ))),
    ];
    if r.status == "infeasible" {
        let why = crate::resilience::render::robust_infeasible(r);
        out.push(Block::Para(text(format!(
            "{}{}.",
            why[..1].to_uppercase(),
            &why[1..]
        ))));
    }
    out.extend([Block::Table {
        // every column but the goal and "feasible in" (`3 of 4`) holds a number
        numeric: (1..headers.len())
            .filter(|&c| headers[c] != "feasible in")
            .collect(),
        headers: headers.into_iter().map(String::from).collect(),
        rows,
    }]);
    out
}

/// The sections, each only when its input was given.
pub fn blocks(inp: &ReportInputs) -> Vec<Block> {
    let mut out = Vec::new();
    if let Some(p) = inp.pareto.filter(|p| !p.points.is_empty()) {
        out.extend(pareto(p));
    }
    if let Some(r) = inp.robust {
        out.extend(robust(r));
    }
    out
}
