//! The horizon file, key by key, as the editor schema describes it (see
//! docs/src/horizon.md). Mirrors `crate::horizon::read`; a test checks the keys agree.

// Fields are read by schemars' derive only.
#![allow(dead_code)]

use std::collections::BTreeMap;

use schemars::JsonSchema;

/// A leadplan horizon file: a scenario planned across periods and election calendars.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "leadplan horizon")]
pub(super) struct HorizonFile {
    /// `[horizon]`: the scenario, the periods, the calendars and the terms of handing over.
    horizon: HorizonTable,
}

/// `[horizon]`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct HorizonTable {
    /// The scenario file, relative to this file.
    scenario: String,
    /// A yearly discount rate for periods without a `weight` (default 0): a period weighs the sum over its years of (1 + rate)^-(year - first year).
    #[schemars(range(min = 0.0, max = 0.99))]
    discount_rate: Option<f64>,
    /// Objective cost of each lead handed over on a task already led (default 0).
    #[schemars(range(min = 0.0))]
    handover_cost: Option<f64>,
    /// Periods a lead is held once taken, unless a government bars it (default 1: no minimum).
    #[schemars(range(min = 1))]
    min_tenure: Option<u64>,
    /// Most leads handed over in one period of one branch.
    #[schemars(range(min = 0))]
    max_handovers: Option<u64>,
    /// Price of institutionalising each task active in the first period (absent: not offered).
    #[schemars(range(min = 0.0))]
    institutionalise_cost: Option<f64>,
    /// Most nodes the scenario tree may have (default 512).
    #[schemars(range(min = 1, max = 20000))]
    max_nodes: Option<u64>,
    /// `[[horizon.period]]`: the periods, in time order.
    #[schemars(length(min = 1))]
    period: Vec<Period>,
    /// `[[horizon.country]]`: countries whose government may change.
    country: Option<Vec<Country>>,
    /// `[[horizon.task]]`: a task's own handover cost, price or active years.
    task: Option<Vec<Task>>,
}

/// One `[[horizon.period]]`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct Period {
    /// Its name ("2026-28").
    name: String,
    /// First year.
    from: i64,
    /// Last year.
    to: i64,
    /// Its weight in the objective (default: its years, discounted).
    weight: Option<f64>,
    /// `[[horizon.period.change]]`: changes to the scenario in this period.
    change: Option<Vec<Change>>,
}

/// A change to scenario numbers: a path and exactly one of `set`, `multiply`, `add`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{"required": ["set"]}, {"required": ["multiply"]}, {"required": ["add"]}]))]
pub(super) struct Change {
    /// The numbers changed, as sweep paths: "country.KR.capacity", "task.*.cost".
    path: String,
    /// Set to this value.
    set: Option<f64>,
    /// Multiply by this factor (>= 0; an unlimited budget stays unlimited).
    #[schemars(range(min = 0.0))]
    multiply: Option<f64>,
    /// Add this amount.
    add: Option<f64>,
}

/// One `[[horizon.country]]`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct Country {
    /// The country's id in the scenario.
    id: String,
    /// Its state in the first period (default: the first state).
    initial: Option<String>,
    /// Election dates: years (2028) or "YYYY-MM-DD"; an election counts from the first period that starts after it.
    elections: Option<Vec<Election>>,
    /// Chance per year of an early election between the scheduled ones.
    #[schemars(range(min = 0.0, max = 1.0))]
    early_election_hazard: Option<f64>,
    /// `[[horizon.country.state]]`: its government states.
    #[schemars(length(min = 1))]
    state: Vec<State>,
    /// `[horizon.country.transition]`: per state, the chance of each next state at an election (each line sums to 1).
    transition: Option<BTreeMap<String, BTreeMap<String, f64>>>,
}

/// An election: a year or a date.
#[derive(JsonSchema)]
#[schemars(untagged)]
pub(super) enum Election {
    /// A year.
    Year(i64),
    /// "YYYY", "YYYY-MM" or "YYYY-MM-DD".
    Date(String),
}

/// One `[[horizon.country.state]]`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct State {
    /// Its name ("continuity", "turnover").
    name: String,
    /// What it stands for, for reports.
    note: Option<String>,
    /// Its changes to the scenario.
    change: Option<Vec<Change>>,
    /// Tasks the country does not lead in this state: task ids, or "domain:NAME".
    steps_back: Option<Vec<String>>,
}

/// One `[[horizon.task]]`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct Task {
    /// The task's id in the scenario.
    id: String,
    /// Its handover cost (default: `[horizon] handover_cost`).
    #[schemars(range(min = 0.0))]
    handover_cost: Option<f64>,
    /// Its price of institutionalising (the task must be active in the first period).
    #[schemars(range(min = 0.0))]
    institutionalise_cost: Option<f64>,
    /// First year it is active.
    active_from: Option<i64>,
    /// Last year it is active.
    active_until: Option<i64>,
}
