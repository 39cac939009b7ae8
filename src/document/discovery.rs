//! The report's scenario-discovery section: when a sweep has failed runs or
//! its baseline plan rarely survives, which assumptions cause it (PRIM, as
//! `leadplan discover` finds it with its default rule), with the peeling chart.

use super::{text, Block, Inline, ReportInputs};
use crate::chart::ChartKind;
use crate::discover::render::condition;

/// Survival below this share of the optimal runs counts as low.
const LOW_SURVIVAL: f64 = 0.5;

/// The section, or nothing when the sweep has neither failures nor low survival.
pub fn blocks(inp: &ReportInputs) -> Vec<Block> {
    let Some(sw) = inp.sweep else {
        return Vec::new();
    };
    let failures = sw.run_rows.iter().any(|r| r.status == "infeasible");
    let low = sw.plan_survival.is_some_and(|p| p < LOW_SURVIVAL);
    if !failures && !low {
        return Vec::new();
    }
    let infeasible = sw.run_rows.iter().any(|r| r.status == "infeasible");
    // Without failures the default question is where the plan survives whole:
    // never headed as what breaks it.
    let title = if infeasible {
        "Which assumptions break the plan"
    } else {
        "Where the plan survives whole"
    };
    let mut out = vec![Block::Heading(2, title.into())];
    let d = match crate::discover::default_discovery(sw, inp.scenario) {
        Ok(d) => d,
        Err(e) => {
            out.push(Block::Note(format!("No discovery: {e}")));
            return out;
        }
    };
    let Some(b) = d.found().next() else {
        out.push(Block::Para(text(format!(
            "{}: PRIM on {} runs (target `{}`) found no box that passes the thresholds ({}). The best candidate is in `leadplan discover SWEEP_DIR --target {}`, marked as not a finding.",
            crate::fmt::upper_first(&d.no_finding),
            d.runs,
            d.target,
            d.finding_rule,
            d.target
        ))));
        return out;
    };
    out.push(Block::Para(vec![
        Inline::Strong(format!("{}.", b.sentence)),
        Inline::Text(format!(
            " PRIM on {} runs, target `{}`; {}; {}. Reproduce with `leadplan discover SWEEP_DIR --target {}`.",
            d.runs, d.target, d.rule, d.finding_rule, d.target
        )),
    ]));
    let items = b
        .restrictions
        .iter()
        .map(|r| {
            let p: Vec<String> = [r.p_lower, r.p_upper]
                .iter()
                .flatten()
                .map(|p| match *p < 0.001 {
                    true => "<0.001".to_string(),
                    false => format!("{p:.3}"),
                })
                .collect();
            let words = super::words::parameter(inp.scenario, &r.parameter);
            let lead = if words == r.parameter {
                String::new()
            } else {
                format!("{}: ", crate::fmt::upper_first(&words))
            };
            text(format!("{lead}{} (quasi-p {})", condition(r), p.join(", ")))
        })
        .collect();
    out.push(Block::List(items));
    if let Some(c) = &d.correlated_inputs {
        out.push(Block::Note(format!("{}.", crate::fmt::upper_first(c))));
    }
    out.push(Block::Chart(
        ChartKind::Peeling,
        "PRIM's peeling trajectory: coverage against density, the chosen box ringed".into(),
    ));
    out
}
