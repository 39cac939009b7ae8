//! The table PRIM works on (one column per parameter, a yes/no target per
//! run) and a box's limits on it.
//!
//! A column is real, integer (every value whole) or categorical (named with
//! `--categorical`; at most 64 distinct values). A real or integer limit is a
//! closed range, a categorical one the set of categories still in the box, as
//! in the EMA Workbench, whose `get_quantile` [`quantile`] reproduces.

/// How a parameter is peeled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Continuous: peels at quantiles.
    Real,
    /// Whole numbers: peels to the next value present.
    Integer,
    /// Unordered categories: a peel drops one.
    Categorical,
}

/// A box's limit on one parameter.
#[derive(Clone, Debug, PartialEq)]
pub enum Limit {
    /// Closed range `[lo, hi]`.
    Range(f64, f64),
    /// Bit `l` set when category `l` (index into the column's levels) is in the box.
    Levels(u64),
}

/// One parameter's values over the runs analysed.
#[derive(Clone, Debug)]
pub struct Column {
    /// Parameter name.
    pub name: String,
    /// How it is peeled.
    pub kind: Kind,
    /// One value per run.
    pub values: Vec<f64>,
    /// Distinct values, sorted (categorical columns only).
    pub levels: Vec<f64>,
}

impl Column {
    /// A column; integer when every value is whole, categorical when asked.
    pub fn new(name: String, values: Vec<f64>, categorical: bool) -> Result<Column, String> {
        let mut levels = Vec::new();
        let kind = if categorical {
            levels = values.clone();
            levels.sort_by(f64::total_cmp);
            levels.dedup();
            if levels.len() > 64 {
                return Err(format!(
                    "`{name}` takes {} distinct values; a categorical parameter takes at most 64",
                    levels.len()
                ));
            }
            Kind::Categorical
        } else if values.iter().all(|v| v.fract() == 0.0) {
            Kind::Integer
        } else {
            Kind::Real
        };
        Ok(Column {
            name,
            kind,
            values,
            levels,
        })
    }

    /// The index of a categorical value among the levels.
    pub fn level_of(&self, v: f64) -> usize {
        self.levels
            .partition_point(|&l| l < v)
            .min(self.levels.len() - 1)
    }
}

/// Runs by parameters, with the target.
#[derive(Clone, Debug)]
pub struct Table {
    /// One column per parameter.
    pub cols: Vec<Column>,
    /// Whether each run is a case of interest.
    pub y: Vec<bool>,
    /// Cases of interest among all runs.
    pub cases: usize,
    /// The box around all runs.
    pub init: Vec<Limit>,
    /// Parameters in the order candidates are listed: real, integer, categorical.
    pub order: Vec<usize>,
}

impl Table {
    /// The table; every column holds one value per entry of `y`.
    pub fn new(cols: Vec<Column>, y: Vec<bool>) -> Table {
        let init = cols
            .iter()
            .map(|c| match c.kind {
                Kind::Categorical => Limit::Levels(u64::MAX >> (64 - c.levels.len().max(1))),
                _ => {
                    let lo = c.values.iter().copied().fold(f64::INFINITY, f64::min);
                    let hi = c.values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    Limit::Range(lo, hi)
                }
            })
            .collect();
        let rank = |k: Kind| match k {
            Kind::Real => 0,
            Kind::Integer => 1,
            Kind::Categorical => 2,
        };
        let mut order: Vec<usize> = (0..cols.len()).collect();
        order.sort_by_key(|&j| rank(cols[j].kind));
        let cases = y.iter().filter(|&&b| b).count();
        Table {
            cols,
            y,
            cases,
            init,
            order,
        }
    }

    /// Parameters whose limit differs from the box around all runs.
    pub fn restricted(&self, lims: &[Limit]) -> usize {
        lims.iter().zip(&self.init).filter(|(a, b)| a != b).count()
    }

    /// Whether run `r` lies within limit `l` of parameter `j`.
    pub fn within(&self, j: usize, r: usize, l: &Limit) -> bool {
        let v = self.cols[j].values[r];
        match l {
            Limit::Range(lo, hi) => *lo <= v && v <= *hi,
            Limit::Levels(set) => set & (1u64 << self.cols[j].level_of(v)) != 0,
        }
    }

    /// Whether run `r` lies in the box. Every run of the table lies within
    /// the box around all runs, so only restricted limits are tested (a
    /// box restricting 2 of 42 parameters reads 2 values per run, not 42).
    pub fn inside(&self, r: usize, lims: &[Limit]) -> bool {
        lims.iter()
            .zip(&self.init)
            .enumerate()
            .all(|(j, (l, init))| l == init || self.within(j, r, l))
    }

    /// Runs of `rows` in the box, and the cases of interest among them.
    pub fn count(&self, rows: &[usize], lims: &[Limit]) -> (usize, usize) {
        let active: Vec<usize> = (0..lims.len())
            .filter(|&j| lims[j] != self.init[j])
            .collect();
        rows.iter()
            .filter(|&&r| active.iter().all(|&j| self.within(j, r, &lims[j])))
            .fold((0, 0), |(n, k), &r| (n + 1, k + self.y[r] as usize))
    }
}

/// The workbench's `get_quantile` on sorted data: the midpoint of the two
/// values around the quantile's position, moved off a run of ties (downward
/// above the median, upward below it), as sdtoolkit does.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    quantile_by(sorted.len(), |i| sorted[i], q)
}

/// [`quantile`] of the `n` sorted values `get(0) <= ... <= get(n - 1)`,
/// read in place (PRIM's peels read a column through its sorted row order
/// instead of copying it out for each candidate).
pub fn quantile_by(n: usize, get: impl Fn(usize) -> f64, q: f64) -> f64 {
    let pos = (n - 1) as f64 * q;
    let (mut lo, mut hi) = (pos.floor() as usize, pos.ceil() as usize);
    if q > 0.5 {
        while get(lo) == get(hi) && lo > 0 {
            lo -= 1;
        }
    } else {
        while get(lo) == get(hi) && hi < n - 1 {
            hi += 1;
        }
    }
    (get(lo) + get(hi)) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_matches_the_workbench_on_ties_and_plain_data() {
        // Values worked by hand from ema_workbench prim_util.get_quantile.
        let d: Vec<f64> = (0..21).map(f64::from).collect();
        assert_eq!(quantile(&d, 0.05), 1.5);
        assert_eq!(quantile(&d, 0.95), 18.5);
        let ties = [1.0, 1.0, 1.0, 2.0, 3.0];
        assert_eq!(quantile(&ties, 0.05), 1.5);
        let top = [1.0, 2.0, 3.0, 3.0, 3.0];
        assert_eq!(quantile(&top, 0.95), 2.5);
    }
}
