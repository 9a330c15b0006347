//! A log-bucketed latency histogram in the manner of HdrHistogram: exact
//! below 64 µs, then 32 buckets per power of two (every bucket within 1/32
//! of its value), up to 2^40 µs. Bounded memory (1184 counters and sums)
//! whatever the number of samples. A percentile is the mean of the values in
//! the bucket that holds it: exact when they are all equal (constant
//! latencies), within 1/32 otherwise.

use alloc::vec;
use alloc::vec::Vec;

use crate::time::Micros;

const EXACT: u64 = 64;
const SUB: u64 = 32;
const MAX_EXP: u32 = 40;
/// How many buckets a histogram has.
pub const BUCKETS: usize = (EXACT + (MAX_EXP as u64 - 6 + 1) * SUB) as usize;

/// Latencies recorded into log-scaled buckets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Histogram {
    counts: Vec<u32>,
    sums: Vec<u64>,
    count: u64,
    total: u64,
    max: u64,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            counts: vec![0; BUCKETS],
            sums: vec![0; BUCKETS],
            count: 0,
            total: 0,
            max: 0,
        }
    }
}

fn index(v: u64) -> usize {
    if v < EXACT {
        return v as usize;
    }
    let e = (63 - v.leading_zeros()).min(MAX_EXP);
    let shift = e - 5;
    let sub = ((v >> shift) - SUB).min(SUB - 1);
    (EXACT + u64::from(e - 6) * SUB + sub) as usize
}

/// The lowest value of bucket `i` and its width.
#[cfg(test)]
fn bounds(i: usize) -> (u64, u64) {
    let i = i as u64;
    if i < EXACT {
        return (i, 1);
    }
    let e = 6 + (i - EXACT) / SUB;
    let sub = (i - EXACT) % SUB;
    let shift = e - 5;
    ((SUB + sub) << shift, 1 << shift)
}

impl Histogram {
    /// The bucket `latency` falls in (buckets are intervals: the mean of a
    /// bucket's values falls in it too).
    #[must_use]
    pub fn bucket_of(latency: Micros) -> usize {
        index(latency.0)
    }

    /// Records one latency.
    pub fn record(&mut self, latency: Micros) {
        let v = latency.0;
        let i = index(v);
        self.counts[i] += 1;
        self.sums[i] = self.sums[i].saturating_add(v);
        self.max = self.max.max(v);
        self.count += 1;
        self.total = self.total.saturating_add(v);
    }

    /// The mean, rounded down; 0 when empty.
    #[must_use]
    pub fn mean(&self) -> Micros {
        Micros(self.total.checked_div(self.count).unwrap_or(0))
    }

    /// The largest recorded.
    #[must_use]
    pub fn max(&self) -> Micros {
        Micros(self.max)
    }

    /// The value at percentile `p` (0..=100): the mean of the bucket that
    /// holds it; 0 when empty.
    #[must_use]
    pub fn percentile(&self, p: f64) -> Micros {
        if self.count == 0 {
            return Micros(0);
        }
        let rank = libm::ceil(p.clamp(0.0, 100.0) / 100.0 * self.count as f64).max(1.0) as u64;
        let mut seen = 0u64;
        for (i, &c) in self.counts.iter().enumerate() {
            seen += u64::from(c);
            if seen >= rank {
                return Micros(self.sums[i] / u64::from(c));
            }
        }
        Micros(self.max)
    }

    /// The usual figures at once.
    #[must_use]
    pub fn summary(&self) -> Summary {
        Summary {
            count: self.count,
            mean_us: self.mean().0,
            p50_us: self.percentile(50.0).0,
            p90_us: self.percentile(90.0).0,
            p99_us: self.percentile(99.0).0,
            p999_us: self.percentile(99.9).0,
            max_us: self.max,
        }
    }
}

/// Count, mean and percentiles of a histogram.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Summary {
    /// How many.
    pub count: u64,
    /// Mean.
    pub mean_us: u64,
    /// Median.
    pub p50_us: u64,
    /// 90th percentile.
    pub p90_us: u64,
    /// 99th percentile.
    pub p99_us: u64,
    /// 99.9th percentile.
    pub p999_us: u64,
    /// Largest.
    pub max_us: u64,
}

#[cfg(feature = "serde")]
impl serde::Serialize for Histogram {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.summary().serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_lands_in_a_bucket_within_1_in_32_of_it() {
        for v in (0..100_000u64).chain([1 << 20, (1 << 30) + 12_345, 1 << 40]) {
            let (lo, width) = bounds(index(v));
            assert!(lo <= v && v < lo + width, "{v} not in [{lo}, {})", lo + width);
            assert!(width == 1 || width * 32 <= lo, "{v}: bucket too wide");
        }
    }

    #[test]
    fn the_largest_values_land_in_the_last_bucket() {
        // From 2^41 µs on every value shares the top bucket: the table
        // ends exactly there, with no bucket to spare.
        assert_eq!(BUCKETS, index(u64::MAX) + 1);
        assert_eq!(index(1 << 41), index(u64::MAX));
        assert_eq!(index((1 << 41) - 1), index(u64::MAX));
        assert_eq!(index(1 << 40), index(u64::MAX) - 31);
        let mut h = Histogram::default();
        h.record(Micros(u64::MAX));
        h.record(Micros(5));
        assert_eq!(h.percentile(100.0), Micros(u64::MAX));
        assert_eq!(h.percentile(50.0), Micros(5));
        assert_eq!(h.summary().count, 2);
    }

    #[test]
    fn a_constant_latency_is_reported_exactly() {
        let mut h = Histogram::default();
        for _ in 0..100 {
            h.record(Micros(14_000));
        }
        h.record(Micros(1_500));
        assert_eq!(h.percentile(50.0), Micros(14_000));
        assert_eq!(h.percentile(0.5), Micros(1_500));
    }

    #[test]
    fn percentiles_of_1_to_10000() {
        let mut h = Histogram::default();
        for v in 1..=10_000 {
            h.record(Micros(v));
        }
        let s = h.summary();
        assert_eq!((s.count, s.max_us, s.mean_us), (10_000, 10_000, 5_000));
        for (got, want) in [
            (s.p50_us, 5_000.0),
            (s.p90_us, 9_000.0),
            (s.p99_us, 9_900.0),
            (s.p999_us, 9_990.0),
        ] {
            assert!((got as f64 - want).abs() <= want / 32.0, "{got} vs {want}");
        }
    }
}
