//! What an infeasibility proof of the certificate's search leans on.
//!
//! Blame lifts one family of limits at a time and asks whether a plan
//! appears. The search (`precheck`) notes each family whose limits alone cut a
//! branch; a family that cut none alone, and that does not change the lead
//! sets or their order, leaves the search the same when lifted, so the lifted
//! scenario is proven infeasible by the same proof, with no second search.
//! A family that did cut branches alone (budget, minimum and maximum leads,
//! domain) reopens only those: the rest of the lifted search is the proof's own
//! search, with the same states and the same cuts, and holds no plan. So the
//! proof keeps where each such cut was ([`Cut`]), and the lifted scenario is
//! searched below those points only.

/// Which families of limits a proof leans on. A branch the search cut for one
/// family's limits alone is the only kind lifting that family can reopen; a
/// family that cut no branch alone (nor changes the lead sets or their order:
/// capacity, budget, minimum and maximum leads, domain) leaves the same
/// search, and the same proof, when lifted.
pub(crate) struct Proof {
    pub(super) sole: u8,
    /// The cuts by budget, minimum or maximum leads or domain alone, with the
    /// family's bit; `None` when there were more than [`MAX_CUTS`].
    pub(super) cuts: Option<Vec<(u8, Cut)>>,
}

/// Most cuts a proof keeps (beyond, a lifted family is searched in full).
pub(super) const MAX_CUTS: usize = 4_096;

/// Where one family alone cut the search: the lead set taken at each depth
/// before, and the lead set cut at the next depth (`None`: the node itself).
pub(super) struct Cut {
    pub(super) path: Vec<usize>,
    pub(super) set: Option<usize>,
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

    /// The only points below which lifting `family` can find a plan, when the
    /// proof kept them (budget, minimum or maximum leads, domain).
    pub(super) fn reopened(&self, family: &str) -> Option<Vec<&Cut>> {
        let bit = match family {
            "budget" => BUDGET,
            "min_leads" => MIN_LEADS,
            "max_leads" => MAX_LEADS,
            "domain" => DOMAIN,
            _ => return None,
        };
        let cuts = self.cuts.as_ref()?;
        Some(
            cuts.iter()
                .filter(|(b, _)| *b == bit)
                .map(|(_, c)| c)
                .collect(),
        )
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
