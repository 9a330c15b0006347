//! Time series for charts: the core's figures sampled every `sample_us` of
//! virtual time. Each point covers the interval that ends at its `t_us`:
//! counts are what happened in it, gauges are the largest seen at its
//! samples. Bounded: past [`Series::CAPACITY`] points, neighbours merge and
//! the interval doubles, so a long run keeps its whole shape in fixed memory.

use alloc::vec::Vec;

use crate::metrics::Metrics;

/// One point of the series.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Sample {
    /// The end of the interval, in µs.
    pub t_us: u64,
    /// Reads answered in the interval.
    pub reads: u64,
    /// Cache hits.
    pub hits: u64,
    /// Cache misses.
    pub misses: u64,
    /// Stale reads.
    pub stale_reads: u64,
    /// Writes acknowledged to clients.
    pub writes_acked: u64,
    /// Rows the store wrote.
    pub store_writes: u64,
    /// Acknowledged writes lost.
    pub writes_lost: u64,
    /// Acknowledged writes not yet durable (a gauge).
    pub at_risk: u64,
    /// Age of the oldest of them, in µs (a gauge).
    pub oldest_at_risk_us: u64,
    /// Entries waiting in flush queues (a gauge).
    pub queued: u64,
}

impl Sample {
    /// Hits per lookup in the interval, 0.0..=1.0 (0 when none).
    #[must_use]
    pub fn hit_ratio(&self) -> f64 {
        crate::metrics::hit_ratio(self.hits, self.misses)
    }

    fn merge(self, later: Sample) -> Sample {
        Sample {
            t_us: later.t_us,
            reads: self.reads + later.reads,
            hits: self.hits + later.hits,
            misses: self.misses + later.misses,
            stale_reads: self.stale_reads + later.stale_reads,
            writes_acked: self.writes_acked + later.writes_acked,
            store_writes: self.store_writes + later.store_writes,
            writes_lost: self.writes_lost + later.writes_lost,
            at_risk: self.at_risk.max(later.at_risk),
            oldest_at_risk_us: self.oldest_at_risk_us.max(later.oldest_at_risk_us),
            queued: self.queued.max(later.queued),
        }
    }
}

/// The gauges at a sampling instant.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Gauges {
    pub(crate) at_risk: u64,
    pub(crate) oldest_at_risk_us: u64,
    pub(crate) queued: u64,
}

/// The sampled series.
#[derive(Clone, Debug)]
pub struct Series {
    interval: u64,
    next_at: u64,
    points: Vec<Sample>,
    last: Metrics,
}

impl Series {
    /// The most points kept.
    pub const CAPACITY: usize = 512;

    /// An empty series sampling every `interval_us`.
    #[must_use]
    pub fn new(interval_us: u64) -> Self {
        Series {
            interval: interval_us.max(1),
            next_at: interval_us.max(1),
            points: Vec::new(),
            last: Metrics::default(),
        }
    }

    /// When the next point is due.
    pub(crate) fn next_at(&self) -> u64 {
        self.next_at
    }

    /// Records the point due now from the running totals and gauges.
    pub(crate) fn sample(&mut self, m: &Metrics, g: Gauges) {
        let p = Sample {
            t_us: self.next_at,
            reads: m.reads - self.last.reads,
            hits: m.hits - self.last.hits,
            misses: m.misses - self.last.misses,
            stale_reads: m.stale_reads - self.last.stale_reads,
            writes_acked: m.writes_acked - self.last.writes_acked,
            store_writes: m.store_writes - self.last.store_writes,
            writes_lost: m.writes_lost - self.last.writes_lost,
            at_risk: g.at_risk,
            oldest_at_risk_us: g.oldest_at_risk_us,
            queued: g.queued,
        };
        self.last = m.clone();
        self.points.push(p);
        self.next_at += self.interval;
        if self.points.len() == Self::CAPACITY {
            self.points = self.points.chunks(2).map(|c| c[0].merge(c[1])).collect();
            self.interval *= 2;
            // Keep the points on multiples of the new interval.
            self.next_at = self.next_at.div_ceil(self.interval) * self.interval;
        }
    }

    /// The points, oldest first.
    #[must_use]
    pub fn points(&self) -> &[Sample] {
        &self.points
    }

    /// The interval each point covers now.
    #[must_use]
    pub fn interval_us(&self) -> u64 {
        self.interval
    }
}

/// The header of [`csv`]'s lines.
pub const CSV_HEADER: &str =
    "t_us,reads,hits,misses,hit_ratio,stale_reads,writes_acked,store_writes,writes_lost,at_risk,oldest_at_risk_us,queued";

/// `points` as CSV: [`CSV_HEADER`], then a line per point (the hit ratio
/// to 4 decimals). The command line's `--csv` and the page's export.
#[must_use]
pub fn csv(points: &[Sample]) -> alloc::string::String {
    use core::fmt::Write as _;
    let mut s = alloc::string::String::from(CSV_HEADER);
    s.push('\n');
    for p in points {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{},{},{},{},{}",
            p.t_us,
            p.reads,
            p.hits,
            p.misses,
            crate::decimal::fixed(p.hit_ratio(), 4),
            p.stale_reads,
            p.writes_acked,
            p.store_writes,
            p.writes_lost,
            p.at_risk,
            p.oldest_at_risk_us,
            p.queued
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A point's hit ratio (replaced by 1.0).
    #[test]
    fn a_points_hit_ratio_is_its_hits_per_lookup() {
        let p = Sample {
            hits: 3,
            misses: 1,
            ..Sample::default()
        };
        assert_eq!(p.hit_ratio(), 0.75);
        assert_eq!(Sample::default().hit_ratio(), 0.0);
    }

    /// Each point holds what changed since the last (each count's `-`
    /// turned to `+`); at the capacity, pairs merge (`merge` replaced by a
    /// default) into points of twice the interval, and the next point is
    /// due on a multiple of it (`* interval` turned to `+`): 512 points
    /// every 10 µs, one read, one stale read and a gauge of `i` each, become
    /// 256 every 20 µs with two reads, two stale reads and the pair's larger
    /// gauge; the 513th was due at 5,130 µs, the next is at 5,140 µs.
    #[test]
    fn points_hold_the_changes_and_merge_in_pairs_at_the_capacity() {
        let mut s = Series::new(10);
        let mut m = Metrics::default();
        for i in 0..Series::CAPACITY as u64 {
            m.reads += 1;
            m.hits += 2;
            m.misses += 3;
            m.stale_reads += 1;
            m.writes_acked += 4;
            m.store_writes += 5;
            m.writes_lost += 6;
            let g = Gauges {
                at_risk: i,
                ..Gauges::default()
            };
            s.sample(&m, g);
            if i == 1 {
                let p = s.points()[1];
                let deltas = [
                    p.reads,
                    p.hits,
                    p.misses,
                    p.stale_reads,
                    p.writes_acked,
                    p.store_writes,
                    p.writes_lost,
                ];
                assert_eq!(deltas, [1, 2, 3, 1, 4, 5, 6]);
            }
        }
        let p = s.points();
        assert_eq!(p.len(), Series::CAPACITY / 2);
        for (k, point) in p.iter().enumerate() {
            let k = k as u64;
            assert_eq!((point.t_us, point.reads, point.stale_reads), (20 * (k + 1), 2, 2));
            assert_eq!(point.at_risk, 2 * k + 1);
        }
        assert_eq!(s.next_at(), 5_140);
    }
}
