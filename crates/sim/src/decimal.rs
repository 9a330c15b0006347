//! Numbers as decimal text without the float formatting machinery of
//! `core::fmt` (it would add kilobytes to the page): a fixed number of
//! digits after the point, or at most that many with trailing zeros dropped.
//! The page, the lessons and the command line write figures with these.

use alloc::string::String;

/// `x` with exactly `decimals` digits after the point (`3.00`, `-1.25`).
#[must_use]
pub fn fixed(x: f64, decimals: u32) -> String {
    if !x.is_finite() {
        return String::from(if x.is_nan() {
            "NaN"
        } else if x.is_sign_positive() {
            "∞"
        } else {
            "-∞"
        });
    }
    let scale = 10_i64.pow(decimals);
    let n = libm::round(x * scale as f64) as i64;
    let (sign, n) = if n < 0 { ("-", -n) } else { ("", n) };
    if decimals == 0 {
        alloc::format!("{sign}{n}")
    } else {
        alloc::format!(
            "{sign}{}.{:0width$}",
            n / scale,
            n % scale,
            width = decimals as usize
        )
    }
}

/// `x` with at most `decimals` digits after the point, trailing zeros and a
/// bare point dropped (`1.5`, `18.227`, `50`).
#[must_use]
pub fn trimmed(x: f64, decimals: u32) -> String {
    let mut s = fixed(x, decimals);
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s.remove(0);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Not a number, and each infinity by its sign (`x > 0.0` turned to
    /// `==` showed +∞ as -∞).
    #[test]
    fn the_infinities_and_nan_have_their_signs() {
        assert_eq!(fixed(f64::INFINITY, 2), "∞");
        assert_eq!(fixed(f64::NEG_INFINITY, 2), "-∞");
        assert_eq!(fixed(f64::NAN, 2), "NaN");
    }

    #[test]
    fn fixed_rounds_like_format() {
        for (x, d, want) in [
            (0.0, 0, "0"),
            (12.345, 1, "12.3"),
            (99.95, 0, "100"),
            (-1.25, 2, "-1.25"),
            (0.05, 2, "0.05"),
            (3.0, 2, "3.00"),
        ] {
            assert_eq!(fixed(x, d), want, "{x} {d}");
        }
    }

    #[test]
    fn trimmed_drops_trailing_zeros() {
        for (x, d, want) in [
            (1.5, 3, "1.5"),
            (18.2266, 3, "18.227"),
            (50.0, 1, "50"),
            (80.66, 1, "80.7"),
            (124326.6, 1, "124326.6"),
            (-0.0004, 3, "0"),
            (-2.25, 1, "-2.3"),
            (0.0, 0, "0"),
        ] {
            assert_eq!(trimmed(x, d), want, "{x} to {d}");
        }
    }
}
