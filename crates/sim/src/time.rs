//! Virtual time. The core never reads a real clock: every instant is a
//! [`SimTime`], a count of microseconds since the run began.

use core::fmt;
use core::ops::{Add, Sub};

/// An instant of virtual time, in microseconds since the start of the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct SimTime(pub u64);

impl SimTime {
    /// The start of every run.
    pub const ZERO: SimTime = SimTime(0);

    /// An instant `us` microseconds after the start.
    #[must_use]
    pub const fn from_micros(us: u64) -> Self {
        SimTime(us)
    }

    /// An instant `ms` milliseconds after the start.
    #[must_use]
    pub const fn from_millis(ms: u64) -> Self {
        SimTime(ms * 1_000)
    }

    /// Microseconds since the start.
    #[must_use]
    pub const fn as_micros(self) -> u64 {
        self.0
    }

    /// The span from `earlier` to `self`, or zero if `earlier` is later.
    #[must_use]
    pub const fn since(self, earlier: SimTime) -> Micros {
        Micros(self.0.saturating_sub(earlier.0))
    }
}

/// A span of virtual time in microseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Micros(pub u64);

impl Add<Micros> for SimTime {
    type Output = SimTime;
    fn add(self, d: Micros) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }
}

impl Add for Micros {
    type Output = Micros;
    fn add(self, d: Micros) -> Micros {
        Micros(self.0.saturating_add(d.0))
    }
}

impl Sub for SimTime {
    type Output = Micros;
    fn sub(self, earlier: SimTime) -> Micros {
        self.since(earlier)
    }
}

/// A span or instant written for a person to read at a glance, with no
/// trailing zeros: `850 µs`, `1.5 ms`, `1.0025 s`, `3 min 11.573 s`,
/// `5 min`, `2 h 5 min`. Nothing down to a microsecond is lost. It is also
/// how [`SimTime`] and [`Micros`] display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Human(pub u64);

/// Writes `whole.frac` with `digits` fraction digits, trailing zeros dropped.
fn write_trimmed(
    f: &mut fmt::Formatter<'_>,
    whole: u64,
    frac: u64,
    digits: usize,
    unit: &str,
) -> fmt::Result {
    if frac == 0 {
        return write!(f, "{whole} {unit}");
    }
    let mut text = alloc::format!("{frac:0digits$}");
    while text.ends_with('0') {
        text.pop();
    }
    write!(f, "{whole}.{text} {unit}")
}

impl fmt::Display for Human {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const S: u64 = 1_000_000;
        let us = self.0;
        if us < 1_000 {
            write!(f, "{us} µs")
        } else if us < S {
            write_trimmed(f, us / 1_000, us % 1_000, 3, "ms")
        } else if us < 60 * S {
            write_trimmed(f, us / S, us % S, 6, "s")
        } else if us < 3_600 * S {
            let (min, rest) = (us / (60 * S), us % (60 * S));
            if rest == 0 {
                write!(f, "{min} min")
            } else {
                write!(f, "{min} min ")?;
                write_trimmed(f, rest / S, rest % S, 6, "s")
            }
        } else {
            let (h, rest) = (us / (3_600 * S), us % (3_600 * S));
            let min = rest / (60 * S);
            let rest = rest % (60 * S);
            write!(f, "{h} h")?;
            if min > 0 {
                write!(f, " {min} min")?;
            }
            if rest > 0 {
                f.write_str(" ")?;
                write_trimmed(f, rest / S, rest % S, 6, "s")?;
            }
            Ok(())
        }
    }
}

impl SimTime {
    /// This instant (time since the start) for a person to read: see [`Human`].
    #[must_use]
    pub const fn human(self) -> Human {
        Human(self.0)
    }
}

impl Micros {
    /// This span for a person to read: see [`Human`].
    #[must_use]
    pub const fn human(self) -> Human {
        Human(self.0)
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Human(self.0).fmt(f)
    }
}

impl fmt::Display for Micros {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Human(self.0).fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn displays_in_the_unit_a_person_reads() {
        assert_eq!(format!("{}", SimTime(850)), "850 µs");
        assert_eq!(format!("{}", SimTime(12_500)), "12.5 ms");
        assert_eq!(format!("{}", Micros(3_250_000)), "3.25 s");
    }

    #[test]
    fn human_times_drop_trailing_zeros_and_use_minutes_and_hours() {
        let cases = [
            (0, "0 µs"),
            (850, "850 µs"),
            (1_000, "1 ms"),
            (1_500, "1.5 ms"),
            (12_345, "12.345 ms"),
            (999_999, "999.999 ms"),
            (1_000_000, "1 s"),
            (1_002_500, "1.0025 s"),
            (59_999_999, "59.999999 s"),
            (60_000_000, "1 min"),
            (191_573_000, "3 min 11.573 s"),
            (300_000_000, "5 min"),
            (3_600_000_000, "1 h"),
            (7_500_000_000, "2 h 5 min"),
            (7_501_500_000, "2 h 5 min 1.5 s"),
        ];
        for (us, want) in cases {
            assert_eq!(format!("{}", Micros(us).human()), want, "{us} µs");
        }
        assert_eq!(format!("{}", SimTime(1_500).human()), "1.5 ms");
    }

    #[test]
    fn spans_never_go_negative() {
        assert_eq!(SimTime(5).since(SimTime(9)), Micros(0));
        assert_eq!(SimTime(9) - SimTime(5), Micros(4));
        assert_eq!(SimTime(u64::MAX) + Micros(1), SimTime(u64::MAX));
    }
}
