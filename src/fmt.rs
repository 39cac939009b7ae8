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
    } else {
        format!("{r}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fmt_num_drops_float_noise_and_trailing_zeros() {
        assert_eq!(fmt_num(6.0), "6");
        assert_eq!(fmt_num(0.25), "0.25");
        assert_eq!(fmt_num(10.000_000_4), "10");
        assert_eq!(round(0.1 + 0.2), 0.3);
        assert_eq!(round(-1e-12), 0.0);
    }
}
