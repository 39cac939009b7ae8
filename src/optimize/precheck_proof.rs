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

use crate::rules::Family;

/// Which families of limits a proof leans on. A branch the search cut for one
/// family's limits alone is the only kind lifting that family can reopen; a
/// family that cut no branch alone (nor changes the lead sets or their order:
/// capacity, budget, minimum and maximum leads, domain) leaves the same
/// search, and the same proof, when lifted.
pub(crate) struct Proof {
    /// The families (their [`Family::bit`]s, and [`FIXED`]) that cut a branch alone.
    pub(super) sole: u16,
    /// The cuts by one family alone other than capacity, with the family's
    /// bit; `None` when there were more than [`MAX_CUTS`].
    pub(super) cuts: Option<Vec<(u16, Cut)>>,
}

/// Most cuts a proof keeps (beyond, a lifted family is searched in full).
pub(super) const MAX_CUTS: usize = 4_096;

/// Where one family alone cut the search: the lead set taken at each depth
/// before, and the lead set cut at the next depth (`None`: the node itself).
pub(super) struct Cut {
    pub(super) path: Vec<usize>,
    pub(super) set: Option<usize>,
}

/// The families whose lifting leaves the lead sets and their order as they
/// are: a proof says whether lifting one of them can undo it. (Lifting pins,
/// bans or lead counts changes the lead sets themselves.)
const SAME_SETS: [Family; 5] = [
    Family::Capacity,
    Family::Budget,
    Family::MinLeads,
    Family::MaxLeads,
    Family::Domain,
];

impl Proof {
    /// Whether lifting `family` might give a plan; `false` is a proof that it
    /// does not.
    pub(crate) fn may_undo(&self, family: Family) -> bool {
        !SAME_SETS.contains(&family) || self.sole & family.bit() != 0
    }

    /// The only points below which lifting `family` can find a plan, when the
    /// proof kept them (every family of [`SAME_SETS`] but capacity, whose cuts
    /// are too many to keep).
    pub(super) fn reopened(&self, family: Family) -> Option<Vec<&Cut>> {
        if !SAME_SETS.contains(&family) || family == Family::Capacity {
            return None;
        }
        let bit = family.bit();
        let cuts = self.cuts.as_ref()?;
        Some(
            cuts.iter()
                .filter(|(b, _)| *b == bit)
                .map(|(_, c)| c)
                .collect(),
        )
    }
}

/// A cut no family undoes: the tasks left could not be led even with no
/// limit on the countries.
pub(super) const FIXED: u16 = 1 << 15;
