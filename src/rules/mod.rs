//! The rule book: every family of limits a plan must meet, each defined once.
//!
//! A plan is a lead set per task and a split of each task's cost. What makes it
//! a plan of a scenario is a list of families of limits (a task's lead count,
//! each country's capacity, its minimum and maximum number of leads, the limit
//! per domain, pins, sensitivity bans, who pays and the minimum shares, budgets).
//! leadplan asks the same questions of every family in many places: the MILP's
//! rows, the check every finished plan passes before it is printed, the
//! searches over partial lead sets (the infeasibility proof, the pattern
//! listing), blame (lifting a family), the diagnosis (relaxing one limit, the
//! sentence that states it, and the edit that makes it), the binding limits
//! of an explanation. Each family answers all of them in its own file, behind
//! the [`Rule`] trait; consumers go through [`rule`] and the drivers below, so
//! a new family is one new file, one [`Family`] variant, and the compiler lists
//! every question it still has to answer (the `match` in [`rule`] and the
//! trait's methods).
//!
//! `docs/src/model.md` states each family's rows; the test in
//! `optimize/agree_tests.rs` checks that every consumer accepts and rejects
//! the same plans.

mod budget;
mod capacity;
mod domain;
mod max_leads;
mod min_leads;
mod pin;
mod sensitivity;
mod shares;
mod tally;
pub(crate) mod task_leads;
mod words;

use good_lp::Expression;
use serde::Serialize;

use crate::milp::{Model, Var};
use crate::plan::Plan;
use crate::scenario::Scenario;

pub(crate) use sensitivity::consolidate;
pub(crate) use shares::{
    define_money_variables, define_money_variables_in, needs_money, task_cost,
};
pub(crate) use tally::{over, Rest, Tally, Tol};
pub(crate) use words::Breaches;
pub use words::{Binding, Breach, Change};

/// A family of limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Family {
    /// Each country's capacity: the effort of the tasks it leads.
    Capacity,
    /// Each country's budget: the money it pays.
    Budget,
    /// Each country's minimum number of tasks led.
    MinLeads,
    /// Each country's maximum number of tasks led.
    MaxLeads,
    /// The most tasks one country leads within one domain.
    Domain,
    /// Pins: a country must (or must not) lead a task.
    Pin,
    /// Sensitivity bans: a task more sensitive than a country tolerates.
    Sensitivity,
    /// Each task's number of (co-)leads (or none, for an optional task).
    TaskLeads,
    /// Who pays: each led task paid in full, only by its leads under
    /// `funding = "leads"`, each lead carrying its minimum share.
    Shares,
}

/// A change's kind is the family of the limit it changes.
pub type ChangeKind = Family;

impl Family {
    /// Every family, in the order blame tries them and reports them.
    pub const ALL: [Family; 9] = [
        Family::Capacity,
        Family::Budget,
        Family::MinLeads,
        Family::MaxLeads,
        Family::Domain,
        Family::Pin,
        Family::Sensitivity,
        Family::TaskLeads,
        Family::Shares,
    ];

    /// Its name in outputs and on the command line (`blame:capacity`).
    pub fn name(self) -> &'static str {
        match self {
            Family::Capacity => "capacity",
            Family::Budget => "budget",
            Family::MinLeads => "min_leads",
            Family::MaxLeads => "max_leads",
            Family::Domain => "domain",
            Family::Pin => "pin",
            Family::Sensitivity => "sensitivity",
            Family::TaskLeads => "task_leads",
            Family::Shares => "shares",
        }
    }

    /// The family with this name.
    pub fn from_name(name: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The families blame may lift (see [`Rule::lift`]), in blame's order.
    pub fn blamed() -> impl Iterator<Item = Family> {
        Family::ALL.into_iter().filter(|f| rule(*f).liftable())
    }

    /// Its bit in a set of families (the infeasibility proof's cut records).
    pub(crate) fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// One limit of a family: the constraint a diagnosis relaxes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Limit {
    /// Country i's capacity.
    Capacity(usize),
    /// Country i's budget.
    Budget(usize),
    /// Country i's minimum number of leads.
    MinLeads(usize),
    /// Country i's maximum number of leads.
    MaxLeads(usize),
    /// Country i's limit within domain d (country, domain index).
    Domain(usize, usize),
    /// The k-th pin of the policy.
    Pin(usize),
    /// A sensitivity ban (country, task).
    Sensitivity(usize, usize),
    /// Task t's number of leads.
    TaskLeads(usize),
}

impl Limit {
    /// Whether relaxing the limit has an amount (a capacity rises by so much),
    /// rather than only a switch (a pin or a ban lifted).
    pub fn has_amount(self) -> bool {
        !matches!(self, Limit::Pin(_) | Limit::Sensitivity(..))
    }

    /// The family the limit belongs to.
    pub fn family(self) -> Family {
        match self {
            Limit::Capacity(_) => Family::Capacity,
            Limit::Budget(_) => Family::Budget,
            Limit::MinLeads(_) => Family::MinLeads,
            Limit::MaxLeads(_) => Family::MaxLeads,
            Limit::Domain(..) => Family::Domain,
            Limit::Pin(_) => Family::Pin,
            Limit::Sensitivity(..) => Family::Sensitivity,
            Limit::TaskLeads(_) => Family::TaskLeads,
        }
    }
}

/// What the rules say about `x[t][i]` before optimisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Allowed {
    /// Free binary.
    Free,
    /// Fixed to this value (pin, ban, or a caller's fix).
    Fixed(bool),
    /// Two rules disagree (a `lead = true` pin on a banned pair): no plan exists.
    Conflict,
}

impl Allowed {
    /// Both verdicts at once: a fixed value where either fixes one, a
    /// [`Allowed::Conflict`] where they fix different values.
    pub fn and(self, other: Allowed) -> Allowed {
        match (self, other) {
            (Allowed::Free, x) | (x, Allowed::Free) => x,
            (Allowed::Fixed(a), Allowed::Fixed(b)) if a == b => self,
            _ => Allowed::Conflict,
        }
    }
}

/// Relaxation hook for a family's rows: `slack(limit, big_m)` returns an
/// expression added to the row's loose side (elastic and robust models), or
/// nothing (hard models). For a limit with no amount ([`Limit::has_amount`]:
/// pins and bans) the hook returns the 0-1 switch that lifts it.
pub(crate) type Slack<'a> = Option<&'a mut dyn FnMut(&mut Model, Limit, f64) -> Expression>;

/// The expression a hook adds for `limit`, 0 without a hook.
pub(crate) fn slack_expr(m: &mut Model, slack: &mut Slack, limit: Limit, big_m: f64) -> Expression {
    match slack {
        Some(f) => f(m, limit, big_m),
        None => Expression::from(0.0),
    }
}

/// A finished plan as the rules judge it.
pub(crate) struct PlanView<'a> {
    /// Per task, its lead countries.
    pub leads: &'a [Vec<usize>],
    /// Per task and country, the money paid (`None`: not judged).
    pub money: Option<&'a [Vec<f64>]>,
    /// Best effort: a required task may have fewer leads than it needs.
    pub best_effort: bool,
}

/// Where a family looks for binding limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The limits of country i.
    Country(usize),
    /// The limits tied to task t.
    Task(usize),
    /// Limits tied to neither (pins).
    Policy,
}

/// Everything leadplan knows about one family of limits (see the module notes).
pub(crate) trait Rule: Sync {
    /// Which family this is.
    fn family(&self) -> Family;

    /// Whether blame may lift the family. Lifting the payment rules would change
    /// what a plan is, not a limit on it.
    fn liftable(&self) -> bool;

    /// The scenario with every limit of the family lifted (blame: "with no
    /// capacity limits there is a plan"), or `None` when `s` sets none.
    fn lift(&self, s: &Scenario) -> Option<Scenario>;

    /// What the family says about country i leading task t before any
    /// optimisation (a pin or a ban fixes the pair; most families say nothing).
    fn pair(&self, s: &Scenario, i: usize, t: usize) -> Allowed;

    /// The family's rows in the MILP, hard (no hook) or each relaxed by `slack`.
    fn define(&self, m: &mut Model, s: &Scenario, slack: &mut Slack);

    /// The family's rows of country i, for a family whose rows are one
    /// country's each and that [`ROWS`] interleaves with others.
    fn define_country(&self, _m: &mut Model, _s: &Scenario, _i: usize, _slack: &mut Slack) {}

    /// In the elastic model, where every pair has a lead column `x` (made just
    /// before): the rows that tie the pair's lead to the family's relaxation
    /// (sensitivity bans; nothing for most families).
    fn relax_pair(
        &self,
        _m: &mut Model,
        _s: &Scenario,
        _i: usize,
        _t: usize,
        _x: Var,
        _slack: &mut Slack,
    ) {
    }

    /// Whether country i may take on task t on top of the partial plan in
    /// `tally`, paying `pay` towards it: the family's limits on one country.
    fn admits(&self, s: &Scenario, tally: &Tally, i: usize, t: usize, pay: f64) -> bool;

    /// Whether the tasks left (`rest`) can no longer meet the family's limits.
    fn rest_cut(&self, _tally: &Tally, _rest: &Rest) -> bool {
        false
    }

    /// The family's limits that a finished plan breaks, in words and amounts,
    /// into `out` (which may want only the first; `tally` holds the plan's leads).
    fn breaches(&self, s: &Scenario, tally: &Tally, plan: &PlanView, out: &mut Breaches);

    /// The family's limits within `scope` that the plan runs up against.
    fn binding(&self, _s: &Scenario, _plan: &Plan, _scope: Scope, _out: &mut Vec<Binding>) {}

    /// The value that relaxing `limit` by `slack` leads to.
    fn target(&self, s: &Scenario, limit: Limit, slack: f64) -> f64;

    /// The change of `limit` to `to`, in a planner's words.
    fn describe(&self, s: &Scenario, limit: Limit, to: f64) -> Change;

    /// Makes the edit `c` states (c's country and task as indices of `s`).
    fn apply(&self, s: &mut Scenario, c: &Change, i: Option<usize>, t: Option<usize>);

    /// The numbers of `s` the family reads when it judges lead patterns
    /// (a listing of patterns is reused only while they stay the same).
    fn shape_key(&self, _s: &Scenario, _out: &mut Vec<u64>) {}
}

/// Relative tolerance of the checks in money: a solver's tolerances are
/// relative to the model's coefficients, and money scaled by one unit can hide
/// a small cost below them (a 100 next to a 1e12); this is what catches it.
const MONEY_REL: f64 = 1e-6;

/// The tolerance of a money check on a sum of magnitude `x`, in a scenario
/// whose least amount of money is `floor` ([`crate::milp::money_floor`]):
/// relative to the sum, and never below a millionth of that least amount,
/// whatever unit money is written in.
fn money_tol(x: f64, floor: f64) -> f64 {
    MONEY_REL * x.abs().max(floor)
}

/// The definition of a family.
pub(crate) fn rule(f: Family) -> &'static dyn Rule {
    let r: &'static dyn Rule = match f {
        Family::Capacity => &capacity::Capacity,
        Family::Budget => &budget::Budget,
        Family::MinLeads => &min_leads::MinLeads,
        Family::MaxLeads => &max_leads::MaxLeads,
        Family::Domain => &domain::Domain,
        Family::Pin => &pin::Pin,
        Family::Sensitivity => &sensitivity::Sensitivity,
        Family::TaskLeads => &task_leads::TaskLeads,
        Family::Shares => &shares::Shares,
    };
    debug_assert_eq!(r.family(), f, "each family's definition names it");
    r
}

/// The families of rows every model carries, in the order they are defined:
/// lead counts, then each country's limits, then who pays, then budgets,
/// then pins (relaxed in elastic models; in hard ones they fix columns). The
/// families of one group define their rows country by country, interleaved
/// ([`Rule::define_country`]): a model's rows, and so its file, keep one order.
pub(crate) const ROWS: [&[Family]; 8] = [
    &[Family::TaskLeads],
    &[Family::Capacity],
    &[Family::MinLeads, Family::MaxLeads],
    &[Family::Domain],
    &[Family::Shares],
    &[Family::Budget],
    &[Family::Pin],
    &[Family::Sensitivity],
];

/// The families a partial plan's new lead is checked against, in the order
/// the searches check them.
pub(crate) const ON_LEADS: [Family; 4] = [
    Family::Capacity,
    Family::MaxLeads,
    Family::Domain,
    Family::Budget,
];

/// Every family's rows for `s` (money families only where the model has
/// money columns), in the order of [`ROWS`].
pub(crate) fn define_rows(m: &mut Model, s: &Scenario, slack: &mut Slack) {
    define_rows_of(m, s, slack, |_| true);
}

/// The rows of the families `of` picks, in the order of [`ROWS`].
pub(crate) fn define_rows_of(
    m: &mut Model,
    s: &Scenario,
    slack: &mut Slack,
    of: impl Fn(Family) -> bool,
) {
    for group in ROWS {
        let group: Vec<Family> = group.iter().copied().filter(|&f| of(f)).collect();
        if group.len() == 1 {
            rule(group[0]).define(m, s, slack);
            continue;
        }
        for i in 0..s.countries.len() {
            for &f in &group {
                rule(f).define_country(m, s, i, slack);
            }
        }
    }
}

/// What the rules alone say about `x[t][i]`, and then a caller's `fix`: a fix
/// never overrides a ban or a pin; one that contradicts them is a conflict.
pub(crate) fn allowed(s: &Scenario, fix: Option<bool>, i: usize, t: usize) -> Allowed {
    let rules = Family::ALL
        .into_iter()
        .fold(Allowed::Free, |a, f| a.and(rule(f).pair(s, i, t)));
    match fix {
        Some(lead) => rules.and(Allowed::Fixed(lead)),
        None => rules,
    }
}

/// Why `plan` is not a plan of `s` (the first limit it breaks, family by
/// family), or `None` when it meets every rule. Money is judged where the
/// model has money columns.
pub(crate) fn breach(s: &Scenario, plan: &PlanView) -> Option<String> {
    let mut out = Breaches::new(true);
    collect_breaches(s, plan, &mut out);
    out.found.into_iter().next().map(|b| b.sentence)
}

/// Every limit `plan` breaks, family by family in the order of
/// [`Family::ALL`]; money is judged where `plan` has it.
pub(crate) fn breaches(s: &Scenario, plan: &PlanView) -> Vec<Breach> {
    let mut out = Breaches::new(false);
    collect_breaches(s, plan, &mut out);
    out.found
}

fn collect_breaches(s: &Scenario, plan: &PlanView, out: &mut Breaches) {
    if plan.leads.len() != s.tasks.len()
        || plan.leads.iter().flatten().any(|&i| i >= s.countries.len())
    {
        let why = "the plan does not have one lead list per task".to_string();
        out.push(Breach::new(Family::TaskLeads, why));
        return;
    }
    let tally = Tally::of_plan(s, plan.leads);
    for f in Family::ALL {
        if !out.wants_more() {
            return;
        }
        rule(f).breaches(s, &tally, plan, out);
    }
}

/// Whether `leads` meet every rule on leads (lead counts, bans and pins,
/// capacity, lead and domain limits), money left aside.
pub(crate) fn leads_hold(s: &Scenario, leads: &[Vec<usize>]) -> bool {
    let plan = PlanView {
        leads,
        money: None,
        best_effort: false,
    };
    breach(s, &plan).is_none()
}

/// The numbers of `s` every family reads when it judges lead patterns, and
/// what the rules say about each pair.
pub(crate) fn shape_key(s: &Scenario, out: &mut Vec<u64>) {
    for f in Family::ALL {
        rule(f).shape_key(s, out);
    }
    for t in 0..s.tasks.len() {
        for i in 0..s.countries.len() {
            out.push(match allowed(s, None, i, t) {
                Allowed::Free => 0,
                Allowed::Fixed(false) => 1,
                Allowed::Fixed(true) => 2,
                Allowed::Conflict => 3,
            });
        }
    }
}

/// The order in which an explanation lists the limits of one country.
const COUNTRY_BINDING: [Family; 5] = [
    Family::Capacity,
    Family::Budget,
    Family::MaxLeads,
    Family::MinLeads,
    Family::Domain,
];

/// The limits within `scope` that `plan` runs up against, family by family
/// (a country's in the order [`COUNTRY_BINDING`]).
pub(crate) fn binding(s: &Scenario, plan: &Plan, scope: Scope, out: &mut Vec<Binding>) {
    let rest = Family::ALL
        .into_iter()
        .filter(|f| !COUNTRY_BINDING.contains(f));
    for f in COUNTRY_BINDING.into_iter().chain(rest) {
        rule(f).binding(s, plan, scope, out);
    }
}
