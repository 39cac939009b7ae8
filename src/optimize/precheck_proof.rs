//! What an infeasibility proof of the certificate's search leans on.
//!
//! Blame lifts one family of limits at a time and asks whether a plan
//! appears. The search (`precheck`) notes each family whose limits alone cut a
//! branch; a family that cut none alone, and that does not change the lead
//! sets or their order, leaves the search the same when lifted, so the lifted
//! scenario is proven infeasible by the same proof, with no second search.

/// Which families of limits a proof leans on. A branch the search cut for one
/// family's limits alone is the only kind lifting that family can reopen; a
/// family that cut no branch alone (nor changes the lead sets or their order:
/// capacity, budget, minimum and maximum leads, domain) leaves the same
/// search, and the same proof, when lifted.
pub(crate) struct Proof {
    pub(super) sole: u8,
}

impl Proof {
    /// Whether lifting `family` (a name of `discover::target::FAMILIES`) might
    /// give a plan; `false` is a proof that it does not.
    pub(crate) fn may_undo(&self, family: &str) -> bool {
        match family {
            "capacity" => self.sole & CAPACITY != 0,
            "budget" => self.sole & BUDGET != 0,
            "min_leads" => self.sole & MIN_LEADS != 0,
            "max_leads" => self.sole & MAX_LEADS != 0,
            "domain" => self.sole & DOMAIN != 0,
            _ => true,
        }
    }
}

/// The families a cut of the search reads (bits), and a cut none undoes.
pub(super) const CAPACITY: u8 = 1;
pub(super) const BUDGET: u8 = 2;
pub(super) const MIN_LEADS: u8 = 4;
pub(super) const MAX_LEADS: u8 = 8;
pub(super) const DOMAIN: u8 = 16;
pub(super) const FIXED: u8 = 128;

/// `x` is not within `limit` (a NaN is never within: the search cuts).
#[allow(clippy::neg_cmp_op_on_partial_ord)]
pub(super) fn over(x: f64, limit: f64) -> bool {
    !(x <= limit)
}
