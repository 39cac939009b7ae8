//! What each column and row of a built model stands for, in domain terms.
//!
//! good_lp knows variables and constraints only by position. A model file for
//! another solver (`solve --write-model`) needs names a researcher can read
//! (`x_JP_legal_code_drafting`), so every column and row is labelled where the
//! model builds it, and [`crate::model::file`] turns labels into safe names.
//! Labels are small `Copy` values: building a model in a sweep stays cheap.

/// What a column is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Col {
    /// `x[t][i]`: country i leads task t (task, country).
    Lead(usize, usize),
    /// `y[t]`: optional task t is led.
    Taken(usize),
    /// What country i pays towards task t, in model money units (task, country).
    Pay(usize, usize),
    /// Fairness deviation of country i from its fair share.
    FairDev(usize),
    /// Missing leads of required task t (best-effort models).
    Shortfall(usize),
    /// Anything else (elastic and robust models).
    Aux,
}

/// What a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Row {
    /// Task t gets exactly its leads (or none, when optional).
    TaskLeads(usize),
    /// Country i's capacity.
    Capacity(usize),
    /// Country i's minimum number of leads.
    MinLeads(usize),
    /// Country i's maximum number of leads.
    MaxLeads(usize),
    /// Country i's leads within domain d (country, domain).
    Domain(usize, usize),
    /// A lead pin on a pair the sensitivity rule bans (country, task): infeasible.
    PinAgainstBan(usize, usize),
    /// The k-th excluded plan (no-good cut).
    Exclusion(usize),
    /// Task t's cost is paid in full.
    Covered(usize),
    /// Only a lead of task t pays for it (task, country).
    PayIfLead(usize, usize),
    /// A lead carries its minimum share of task t's cost (task, country).
    MinShare(usize, usize),
    /// Country i's budget.
    Budget(usize),
    /// Country i's fairness deviation, spending above its fair share.
    FairAbove(usize),
    /// Country i's fairness deviation, spending below its fair share.
    FairBelow(usize),
    /// The limit on baseline leads dropped (replanning).
    ChangeLimit,
    /// Anything else (elastic and robust models).
    Aux,
}
