//! Number formatting shared by every output: one small vocabulary module, so
//! that reports, explanations and resilience tables need not import each other
//! only to print a number.

/// Rounds to 9 decimals so reports do not show float noise.
pub fn round(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let r = (x * 1e9).round() / 1e9;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Formats a number without noise (`6`, `0.25`).
pub fn fmt_num(x: f64) -> String {
    let r = (x * 1e6).round() / 1e6;
    if r.fract() == 0.0 && r.abs() < 1e15 {
        format!("{}", r as i64)
    } else if r.abs() >= 1e15 {
        // `1e300`, not three hundred digits.
        format!("{r:e}")
    } else {
        format!("{r}")
    }
}

/// `x` rounded to 12 significant digits (unchanged when 0 or not finite), so
/// that numbers equal up to the last bits of a float become equal.
pub(crate) fn sig12(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let e = 11 - x.abs().log10().floor() as i32;
    if !(-290..=290).contains(&e) {
        return x;
    }
    let r = if e >= 0 {
        let k = 10f64.powi(e);
        (x * k).round() / k
    } else {
        let k = 10f64.powi(-e);
        (x / k).round() * k
    };
    if r.is_finite() {
        r
    } else {
        x
    }
}

/// Formats an amount of money in a scenario whose money unit
/// ([`crate::milp::money_unit`]) is `unit`: to a millionth of the unit, so
/// that the same amount written in thousands or in billions reads the same
/// digits (`0.000182`, `182`, `182000000`).
pub fn fmt_money(x: f64, unit: f64) -> String {
    let g = unit * 1e-6;
    if !(g > 0.0 && g.is_finite() && x.is_finite()) {
        return fmt_num(x);
    }
    let r = sig12((x / g).round() * g);
    if r.fract() == 0.0 && r.abs() < 1e15 {
        format!("{}", r as i64)
    } else if r.abs() >= 1e15 {
        // `1e300`, not three hundred digits.
        format!("{r:e}")
    } else {
        format!("{r}")
    }
}

/// A count and its noun, singular for exactly one: `plural(1, "task", "tasks")`
/// is "1 task", `plural(3, "task", "tasks")` "3 tasks" (the plural is given, so
/// "country"/"countries" needs no rule).
pub fn plural<N>(n: N, one: &str, many: &str) -> String
where
    N: std::fmt::Display + PartialEq + From<u8>,
{
    let noun = if n == N::from(1) { one } else { many };
    format!("{n} {noun}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(super::plural(1usize, "task", "tasks"), "1 task");
        assert_eq!(super::plural(0usize, "task", "tasks"), "0 tasks");
        assert_eq!(super::plural(2u64, "country", "countries"), "2 countries");
    }

    use super::*;

    #[test]
    fn money_reads_the_same_digits_in_any_unit() {
        assert_eq!(fmt_money(182.0, 100.0), "182");
        assert_eq!(fmt_money(182e-6, 100e-6), "0.000182");
        assert_eq!(fmt_money(182e6, 100e6), "182000000");
        assert_eq!(fmt_money(46.35, 10.0), "46.35");
        assert_eq!(fmt_money(46.35e-6, 10e-6), "0.00004635");
    }

    #[test]
    fn fmt_num_drops_float_noise_and_trailing_zeros() {
        assert_eq!(fmt_num(6.0), "6");
        assert_eq!(fmt_num(0.25), "0.25");
        assert_eq!(fmt_num(10.000_000_4), "10");
        assert_eq!(round(0.1 + 0.2), 0.3);
        assert_eq!(round(-1e-12), 0.0);
    }

    #[test]
    fn fmt_num_writes_huge_numbers_in_exponent_form() {
        assert_eq!(fmt_num(1e300), "1e300");
        assert_eq!(fmt_num(-2.5e18), "-2.5e18");
        assert_eq!(fmt_num(999_999_999_999_999.0), "999999999999999");
        assert_eq!("1e300".parse::<f64>().unwrap(), 1e300);
    }
}
