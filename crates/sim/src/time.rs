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

/// Writes a microsecond count the way a person reads it: `850 µs`,
/// `12.500 ms`, `3.250000 s`.
fn write_micros(f: &mut fmt::Formatter<'_>, us: u64) -> fmt::Result {
    if us < 1_000 {
        write!(f, "{us} µs")
    } else if us < 1_000_000 {
        write!(f, "{}.{:03} ms", us / 1_000, us % 1_000)
    } else {
        write!(f, "{}.{:06} s", us / 1_000_000, us % 1_000_000)
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_micros(f, self.0)
    }
}

impl fmt::Display for Micros {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_micros(f, self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn displays_in_the_unit_a_person_reads() {
        assert_eq!(format!("{}", SimTime(850)), "850 µs");
        assert_eq!(format!("{}", SimTime(12_500)), "12.500 ms");
        assert_eq!(format!("{}", Micros(3_250_000)), "3.250000 s");
    }

    #[test]
    fn spans_never_go_negative() {
        assert_eq!(SimTime(5).since(SimTime(9)), Micros(0));
        assert_eq!(SimTime(9) - SimTime(5), Micros(4));
        assert_eq!(SimTime(u64::MAX) + Micros(1), SimTime(u64::MAX));
    }
}
