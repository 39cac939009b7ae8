//! The horizon section (`report --horizon`): the plan across periods and
//! election calendars, from the same [`HorizonReport`] as `leadplan horizon`.
//!
//! The analyst's section gives the timeline (each task's leads in each period,
//! with each lead set's chance where election branches differ), the leads that
//! may not last, the institutions worth their price, and the values of
//! information (EVPI) and of planning for the branches (VSS), each with a
//! sentence on what it means; the chart is the timeline. The briefing's
//! paragraph says the same in plain words. Every figure is read off the report
//! (and the elections off the horizon file); nothing is restated by hand.

use std::collections::BTreeMap;

use super::words::score_share;
use super::words::{self, and_list, percent};
use super::{text, Block, Inline, ReportInputs};
use crate::chart::timeline::{branches, how_planned};
use crate::chart::ChartKind;
use crate::fmt::{fmt_num, plural};
use crate::horizon::plan::{Spread, Survival, TimelineRow};
use crate::horizon::{Horizon, HorizonReport};
use crate::possessive::{in_sentence, possessive};
use crate::scenario::Scenario;

/// A horizon file and its plan, for the report.
#[derive(Clone, Copy)]
pub struct HorizonPlan<'a> {
    /// The horizon file (its election calendars).
    pub horizon: &'a Horizon,
    /// Its plan.
    pub report: &'a HorizonReport,
}

/// The briefing's heading for the horizon paragraph, which tests look for.
pub const BRIEF_TITLE: &str = "Across the elections";

/// The analyst's section title.
pub const TITLE: &str = "The plan across periods and elections";

/// A share with one decimal where it is not whole: `70%`, `12.5%`.
fn share(p: f64) -> String {
    format!("{}%", fmt_num((p * 1000.0).round() / 10.0))
}

/// A lead set as the tables write it: `KR`, `JP+KR`, `nobody`.
fn lead_set(leads: &[String]) -> String {
    match leads {
        [] => "nobody".into(),
        _ => leads.join("+"),
    }
}

/// A timeline cell: one lead set, or each with its chance; `-` when not active.
fn cell(spread: &[Spread]) -> String {
    if spread.len() == 1 {
        return lead_set(&spread[0].leads);
    }
    if spread.is_empty() {
        return "-".into();
    }
    let parts: Vec<String> = spread
        .iter()
        .map(|s| format!("{} {}", lead_set(&s.leads), share(s.probability)))
        .collect();
    parts.join(" / ")
}

/// Whether the plan has a timeline to show.
fn planned(r: &HorizonReport) -> bool {
    r.value.is_some() && (r.status == "planned" || r.status == "time_limit")
}

/// Whether a task keeps one lead set in every active period of every branch.
fn stays_put(t: &TimelineRow) -> bool {
    let mut sets = t.periods.iter().flatten().map(|s| &s.leads);
    let Some(first) = sets.next() else {
        return false;
    };
    sets.all(|s| s == first)
}

/// Tasks active in some period.
fn active(r: &HorizonReport) -> impl Iterator<Item = &TimelineRow> {
    r.timeline
        .iter()
        .filter(|t| t.periods.iter().any(|p| !p.is_empty()))
}

/// First-period leads that may be lost by the last period, least likely to last first.
fn fragile(r: &HorizonReport) -> Vec<&Survival> {
    let mut out: Vec<&Survival> = r
        .survival
        .iter()
        .filter(|s| s.probability.last().is_some_and(|&p| p < 1.0 - 1e-9))
        .collect();
    out.sort_by(|a, b| {
        let last = |s: &Survival| s.probability.last().copied().unwrap_or(1.0);
        last(a).total_cmp(&last(b))
    });
    out
}

/// Institutions worth more than their price, most valuable first.
fn worth_taking(r: &HorizonReport) -> Vec<(&str, f64, f64, bool)> {
    let mut out: Vec<(&str, f64, f64, bool)> = r
        .institutions
        .iter()
        .filter_map(|i| {
            i.value
                .filter(|v| *v > 0.0)
                .map(|v| (i.task.as_str(), i.price, v, i.chosen))
        })
        .collect();
    out.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.0.cmp(b.0)));
    out
}

/// The elections whose results the plan spans (from the first period's start
/// to the last period's): "2028 in South Korea and 2029 in Japan".
fn elections(s: &Scenario, h: &Horizon) -> (Vec<String>, bool) {
    let (Some(first), Some(last)) = (h.periods.first(), h.periods.last()) else {
        return (Vec::new(), false);
    };
    let mut by_year: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    for c in &h.calendars {
        for &y in c
            .elections
            .iter()
            .filter(|&&y| y >= first.from && y < last.from)
        {
            let name = in_sentence(&s.countries[c.country].name);
            by_year.entry(y).or_default().push(name);
        }
    }
    let early = h.calendars.iter().any(|c| c.hazard > 0.0);
    let years = by_year
        .into_iter()
        .map(|(y, who)| format!("{y} in {}", and_list(&who)))
        .collect();
    (years, early)
}

/// The briefing's opening: which elections, and how many leads stay put.
fn stay_put_sentence(s: &Scenario, hp: &HorizonPlan) -> String {
    let r = hp.report;
    let (years, early) = elections(s, hp.horizon);
    let span = match (r.periods.first(), r.periods.last()) {
        (Some(a), Some(b)) => format!("{} to {}", a.name, b.name),
        _ => String::new(),
    };
    let across = if years.is_empty() {
        format!("From {span}")
    } else {
        format!(
            "Across the elections of {}{} (the periods {span})",
            and_list(&years),
            if early { " and any early election" } else { "" }
        )
    };
    let tasks: Vec<&TimelineRow> = active(r).collect();
    let put = tasks.iter().filter(|t| stays_put(t)).count();
    let everywhere = if branches(r) > 1 {
        "in every period and every branch of the election results"
    } else {
        "in every period"
    };
    format!(
        "{across}, {put} of the {} keep the same lead {everywhere}.",
        plural(tasks.len(), "task", "tasks")
    )
}

/// The leads most at risk, in words.
fn risk_sentence(s: &Scenario, r: &HorizonReport) -> String {
    let weak = fragile(r);
    if weak.is_empty() {
        return "Every lead taken in the first period is still held in the last, whatever the elections bring.".into();
    }
    let last = r.periods.last().map_or("", |p| p.name.as_str());
    let named: Vec<String> = weak
        .iter()
        .take(3)
        .map(|x| {
            let held = x.probability.last().copied().unwrap_or(0.0);
            format!(
                "{} lead of {} ({} chance it is still held in {last})",
                possessive(&words::country(s, &x.country)),
                words::task(s, &x.task),
                percent(held)
            )
        })
        .collect();
    format!(
        "The {} most at risk {} {}.",
        if named.len() == 1 { "lead" } else { "leads" },
        if named.len() == 1 { "is" } else { "are" },
        and_list(&named)
    )
}

/// What an institution adds, as a share of the plan's score over the horizon
/// (the goal's value), or in points when that is not positive.
fn added(r: &HorizonReport, v: f64) -> String {
    let of = if r.goal == "expected" {
        "the plan's expected score over the horizon".to_string()
    } else {
        format!("the plan's score over the horizon (goal {})", r.goal)
    };
    match r.value {
        Some(total) if total > 0.0 => format!("adds {} to {of}", score_share(v / total)),
        _ => format!("adds {} points to {of}", fmt_num((v * 10.0).round() / 10.0)),
    }
}

/// The institutions, in words.
fn institution_sentence(s: &Scenario, r: &HorizonReport) -> Option<String> {
    if r.institutions.is_empty() || r.institutions.iter().all(|i| i.value.is_none()) {
        return None;
    }
    let worth = worth_taking(r);
    if worth.is_empty() {
        return Some("No task on offer is worth institutionalising at its price.".into());
    }
    let parts: Vec<String> = worth
        .iter()
        .enumerate()
        .map(|(k, (task, _, v, _))| {
            format!(
                "institutionalising {}{} {}, after paying its price",
                words::task(s, task),
                if k == 0 {
                    " (an arrangement that keeps its first-period lead whatever later governments decide)"
                } else {
                    ""
                },
                added(r, *v),
            )
        })
        .collect();
    Some(format!("{}.", crate::fmt::upper_first(&and_list(&parts))))
}

/// The briefing's paragraph, when the report has a horizon plan.
pub fn brief(inp: &ReportInputs) -> Vec<Block> {
    let Some(hp) = inp.horizon else {
        return Vec::new();
    };
    let (s, r) = (inp.scenario, hp.report);
    let mut out = vec![Block::Heading(3, BRIEF_TITLE.into())];
    if !planned(r) {
        out.push(Block::Para(text(
            "No plan keeps every rule in every period across the elections; the appendix says where it fails.",
        )));
        return out;
    }
    let mut para = vec![stay_put_sentence(s, &hp), risk_sentence(s, r)];
    para.extend(institution_sentence(s, r));
    out.push(Block::Para(text(para.join(" "))));
    out
}

fn timeline_table(r: &HorizonReport) -> Block {
    let mut headers = vec!["task".to_string()];
    headers.extend(r.periods.iter().map(|p| p.name.clone()));
    let rows = r
        .timeline
        .iter()
        .map(|t| {
            let name = if t.name.is_empty() { &t.task } else { &t.name };
            let mut row = vec![name.clone()];
            row.extend(t.periods.iter().map(|p| cell(p)));
            row
        })
        .collect();
    Block::Table {
        headers,
        rows,
        numeric: Vec::new(),
    }
}

fn survival_blocks(s: &Scenario, r: &HorizonReport) -> Vec<Block> {
    let weak = fragile(r);
    let mut out = vec![Block::Heading(3, "Leads that may not last".into())];
    if weak.is_empty() {
        out.push(Block::Para(text(
            "Every first-period lead is held to the last period in every branch.",
        )));
        return out;
    }
    out.push(Block::Para(text(
        "First-period leads with a chance of being lost: per period, the chance the lead has been held without a break up to then.",
    )));
    let mut headers = vec!["task".to_string(), "lead".to_string()];
    headers.extend(r.periods.iter().map(|p| p.name.clone()));
    let rows = weak
        .iter()
        .map(|x| {
            let mut row = vec![words::task(s, &x.task), x.country.clone()];
            row.extend(x.probability.iter().map(|p| share(*p)));
            row
        })
        .collect();
    out.push(Block::Table {
        headers,
        rows,
        numeric: (2..2 + r.periods.len()).collect(),
    });
    out
}

fn institution_blocks(s: &Scenario, r: &HorizonReport) -> Vec<Block> {
    if r.institutions.is_empty() {
        return Vec::new();
    }
    let mut out = vec![
        Block::Heading(3, "Institutions worth taking".into()),
        Block::Para(text(
            "Institutionalising a task keeps its first-period leads whatever later governments change. Its worth is the goal's value with it less the value without it, its price paid.",
        )),
    ];
    let worth = worth_taking(r);
    if r.institutions.iter().all(|i| i.value.is_none()) {
        out.push(Block::Para(text("Their worth was not computed.")));
    } else if worth.is_empty() {
        out.push(Block::Para(text(format!(
            "None of the {} on offer is worth its price.",
            plural(r.institutions.len(), "task", "tasks")
        ))));
    } else {
        let rows = worth
            .iter()
            .map(|(task, price, v, chosen)| {
                vec![
                    words::task(s, task),
                    fmt_num(*price),
                    fmt_num(*v),
                    if *chosen { "yes" } else { "no" }.to_string(),
                ]
            })
            .collect();
        out.push(Block::Table {
            headers: [
                "task",
                "price",
                "worth, after its price",
                "the plan takes it",
            ]
            .map(String::from)
            .to_vec(),
            rows,
            numeric: vec![1, 2],
        });
    }
    out
}

fn value_blocks(r: &HorizonReport) -> Vec<Block> {
    let mut items: Vec<Vec<Inline>> = Vec::new();
    if let (Some(vss), Some(eev)) = (r.vss, r.eev) {
        items.push(vec![
            Inline::Strong(format!("Value of the stochastic solution (VSS): {}. ", fmt_num(vss))),
            Inline::Text(format!(
                "What planning for every election result at once gains over planning for the average result: the plan made for the average, followed as well as the later periods allow, is worth {} on average.",
                fmt_num(eev)
            )),
        ]);
    }
    if let (Some(evpi), Some(ws)) = (r.evpi, r.wait_and_see) {
        items.push(vec![
            Inline::Strong(format!(
                "Expected value of perfect information (EVPI): {}. ",
                fmt_num(evpi)
            )),
            Inline::Text(format!(
                "What knowing every election's result in advance would add on average, the most a perfect forecast is worth: each path planned for its own results is worth {} on average.",
                fmt_num(ws)
            )),
        ]);
    }
    let mut out = Vec::new();
    if !items.is_empty() || !r.value_notes.is_empty() {
        out.push(Block::Heading(
            3,
            "The value of planning for the elections".into(),
        ));
    }
    if !items.is_empty() {
        out.push(Block::List(items));
    }
    out.extend(r.value_notes.iter().map(|n| Block::Note(n.clone())));
    out
}

fn opening(r: &HorizonReport) -> Block {
    let how = how_planned(r);
    let mut s = format!(
        "The scenario planned across {} by `leadplan horizon {}` ({how}): {} of election results.",
        plural(r.periods.len(), "period", "periods"),
        r.horizon,
        plural(branches(r), "branch", "branches"),
    );
    if let Some(v) = r.expected_value {
        s.push_str(&format!(
            " Expected value {} (each period's objective times its weight, less {} for {} expected handovers and {} for institutions).",
            fmt_num(v),
            fmt_num(r.handover_cost.unwrap_or(0.0)),
            fmt_num(r.expected_handovers.unwrap_or(0.0)),
            fmt_num(r.institution_cost.unwrap_or(0.0)),
        ));
    }
    if r.certified {
        s.push_str(" Every period's plan in every branch was checked against that period's scenario and the rules across periods.");
    }
    Block::Para(text(s))
}

/// The analyst's section, when the report has a horizon plan.
pub fn blocks(inp: &ReportInputs) -> Vec<Block> {
    let Some(hp) = inp.horizon else {
        return Vec::new();
    };
    let (s, r) = (inp.scenario, hp.report);
    let mut out = vec![Block::Heading(2, TITLE.into()), opening(r)];
    if !planned(r) {
        out.push(Block::Para(text(format!(
            "No plan across the horizon ({}).",
            if r.status == "time_limit" {
                "none found within the time limit".into()
            } else {
                r.status.replace('_', " ")
            }
        ))));
        if !r.infeasible.is_empty() {
            out.push(Block::Para(text(
                "These periods have no plan of their own:",
            )));
            out.push(Block::List(
                r.infeasible.iter().map(|x| text(x.clone())).collect(),
            ));
        }
        return out;
    }
    if r.status == "time_limit" {
        out.push(Block::Note(
            "Stopped at the time limit: the plan is the best found, not proven the best.".into(),
        ));
    }
    out.push(Block::Chart(
        ChartKind::Timeline,
        "Who leads each task in each period; where the election branches differ, bands as tall as each lead's chance.".into(),
    ));
    out.push(Block::Heading(3, "Who leads when".into()));
    out.push(timeline_table(r));
    out.push(Block::Note(
        "Where the branches differ, each lead set with its chance in the period; - : the task is not active then.".into(),
    ));
    out.extend(survival_blocks(s, r));
    out.extend(institution_blocks(s, r));
    out.extend(value_blocks(r));
    out
}
