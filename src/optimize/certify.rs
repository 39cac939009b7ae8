//! The check every plan read back from a solver passes before it is called a
//! plan: every rule of the rule book ([`crate::rules::breach`]) on its leads
//! and, in money (not model units), on its payments. A solver's tolerances are
//! relative to the model's coefficients; money scaled by one unit can hide a
//! small cost below them (a 100 next to a 1e12), and this check is what
//! catches it.

use crate::model::Restrictions;
use crate::plan::Plan;
use crate::rules::{self, PlanView};
use crate::scenario::Scenario;

/// Why `plan` is not a plan of `s` under `r`, or `None` when it is.
pub(crate) fn breaks(s: &Scenario, r: &Restrictions, plan: &Plan) -> Option<String> {
    let view = PlanView {
        leads: &plan.leads,
        money: rules::needs_money(s).then_some(&plan.money[..]),
        best_effort: r.shortfall_penalty.is_some(),
    };
    rules::breach(s, &view)
}
