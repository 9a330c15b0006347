//! Where an operation's time went: every microsecond between a client
//! sending a request and getting its answer, charged to one part (a network
//! hop, the cache's own work, waiting for a store connection, the store's
//! work, its commit, the log's fsync, back-pressure, a shared load). The
//! parts of one operation add up to its latency exactly; [`Breakdowns`]
//! keeps their sums per latency bucket, so a percentile's breakdown is the
//! mean of the operations the percentile is the mean of.

use alloc::vec::Vec;
use core::ops::Index;

use crate::histogram::{Histogram, BUCKETS};
use crate::time::Micros;

/// A part of an operation's latency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Part {
    /// Between the client and the cache node, both ways.
    ClientHop,
    /// Gets and sets inside the cache node.
    CacheWork,
    /// Between the cache node (or the application) and the store, both ways.
    StoreHop,
    /// Waiting for a store connection.
    PoolWait,
    /// The store executing the read or writing the row.
    StoreWork,
    /// The store's commit (with layers below it: the device's time).
    Commit,
    /// Waiting for the write-ahead log's append and fsync.
    LogFsync,
    /// Waiting for a copy elsewhere: a commit for the store's standby, a
    /// write for the cache's backup member.
    ReplicaWait,
    /// Back-pressure: blocked on a full queue, or waiting for its own flush.
    Blocked,
    /// Waiting for another request's load of the same key (single-flight).
    JoinedLoad,
}

impl Part {
    /// Every part, in the order a request meets them.
    pub const ALL: [Part; 10] = [
        Part::ClientHop,
        Part::CacheWork,
        Part::StoreHop,
        Part::PoolWait,
        Part::StoreWork,
        Part::Commit,
        Part::LogFsync,
        Part::ReplicaWait,
        Part::Blocked,
        Part::JoinedLoad,
    ];

    /// A few words for it.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Part::ClientHop => "client ↔ cache",
            Part::CacheWork => "cache work",
            Part::StoreHop => "cache ↔ store",
            Part::PoolWait => "waiting for a connection",
            Part::StoreWork => "store work",
            Part::Commit => "commit",
            Part::LogFsync => "log fsync",
            Part::ReplicaWait => "waiting for a replica (standby or backup)",
            Part::Blocked => "back-pressure",
            Part::JoinedLoad => "waiting for a shared load",
        }
    }

    /// A short name, for files and classes.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Part::ClientHop => "client_hop",
            Part::CacheWork => "cache_work",
            Part::StoreHop => "store_hop",
            Part::PoolWait => "pool_wait",
            Part::StoreWork => "store_work",
            Part::Commit => "commit",
            Part::LogFsync => "log_fsync",
            Part::ReplicaWait => "replica_wait",
            Part::Blocked => "blocked",
            Part::JoinedLoad => "joined_load",
        }
    }
}

/// The percentiles whose breakdown the page and the CLI report, by name.
pub const BROKEN_DOWN: [(&str, f64); 3] = [("p50", 50.0), ("p99", 99.0), ("p99.9", 99.9)];

/// One operation's (or a mean operation's) time, by part, in µs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Spent(pub [u64; 10]);

impl Spent {
    /// Adds `d` to `part`.
    pub fn add(&mut self, part: Part, d: Micros) {
        self.0[part as usize] += d.0;
    }

    /// Moves up to `d` from `from` to `to` (what a wait took that was in
    /// fact another part's): the whole stays the same.
    pub fn shift(&mut self, from: Part, to: Part, d: Micros) {
        let moved = d.0.min(self.0[from as usize]);
        self.0[from as usize] -= moved;
        self.0[to as usize] += moved;
    }

    /// The whole.
    #[must_use]
    pub fn total(&self) -> Micros {
        Micros(self.0.iter().sum())
    }

    /// Each part with its time, in [`Part::ALL`] order, the empty ones left out.
    pub fn parts(&self) -> impl Iterator<Item = (Part, Micros)> + '_ {
        Part::ALL
            .into_iter()
            .map(|p| (p, Micros(self.0[p as usize])))
            .filter(|(_, d)| d.0 > 0)
    }

    /// The part that took longest and its share of the whole, in percent.
    #[must_use]
    pub fn mostly(&self) -> Option<(Part, f64)> {
        let part = self.largest()?;
        Some((part, 100.0 * self[part] as f64 / self.total().0 as f64))
    }

    /// The part that took longest, if any took time.
    #[must_use]
    pub fn largest(&self) -> Option<Part> {
        Part::ALL
            .into_iter()
            .filter(|p| self.0[*p as usize] > 0)
            .max_by_key(|p| (self.0[*p as usize], core::cmp::Reverse(*p as usize)))
    }
}

impl Index<Part> for Spent {
    type Output = u64;
    fn index(&self, part: Part) -> &u64 {
        &self.0[part as usize]
    }
}

/// The parts of many operations, summed per latency bucket of a
/// [`Histogram`] (only the buckets used are kept).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Breakdowns {
    /// (operations, their parts summed) per bucket, indexed by bucket;
    /// allocated at the first record (a map's code would cost the page
    /// more, and a search per answer cost the run 14%).
    by_bucket: Vec<(u64, Spent)>,
}

impl Breakdowns {
    /// Adds one operation's parts.
    pub fn record(&mut self, spent: &Spent) {
        if self.by_bucket.is_empty() {
            self.by_bucket = alloc::vec![(0, Spent::default()); BUCKETS];
        }
        let slot = &mut self.by_bucket[Histogram::bucket_of(spent.total())];
        slot.0 += 1;
        for (sum, part) in slot.1 .0.iter_mut().zip(spent.0) {
            *sum += part;
        }
    }

    /// The mean breakdown of the operations in the bucket of `latency` (a
    /// percentile as `histogram` reports it, the mean of that bucket): its
    /// parts add up to `latency` exactly (the rounding goes to the largest).
    #[must_use]
    pub fn at(&self, latency: Micros) -> Option<Spent> {
        let (n, sums) = self.by_bucket.get(Histogram::bucket_of(latency))?;
        if *n == 0 {
            return None;
        }
        let mut mean = Spent::default();
        for (m, s) in mean.0.iter_mut().zip(sums.0) {
            *m = s / n;
        }
        let short = latency.0.checked_sub(mean.total().0)?;
        if let Some(p) = mean.largest() {
            mean.0[p as usize] += short;
        }
        Some(mean)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parts_of_a_bucket_add_up_to_its_mean() {
        let mut b = Breakdowns::default();
        let mut one = Spent::default();
        one.add(Part::ClientHop, Micros(1_000));
        one.add(Part::PoolWait, Micros(9_001));
        let mut two = Spent::default();
        two.add(Part::ClientHop, Micros(1_000));
        two.add(Part::PoolWait, Micros(9_002));
        b.record(&one);
        b.record(&two);
        // Both in one bucket; its mean is 10,001 (the histogram's too).
        let mut h = Histogram::default();
        h.record(one.total());
        h.record(two.total());
        let p = h.percentile(50.0);
        let at = b.at(p).unwrap();
        assert_eq!(at.total(), p);
        assert_eq!((at[Part::ClientHop], at[Part::PoolWait]), (1_000, p.0 - 1_000));
        assert_eq!(at.largest(), Some(Part::PoolWait));
        assert_eq!(b.at(Micros(5)), None, "nothing that fast");
    }

    #[test]
    fn the_rounding_of_a_mean_goes_to_its_largest_part() {
        // Totals 10,002 and 10,000: the bucket's mean is 10,001; the parts'
        // means round down to 1,000 and 9,000, so 1 µs goes to the largest.
        let mut b = Breakdowns::default();
        b.record(&Spent([1_001, 0, 0, 9_001, 0, 0, 0, 0, 0, 0]));
        b.record(&Spent([1_000, 0, 0, 9_000, 0, 0, 0, 0, 0, 0]));
        let at = b.at(Micros(10_001)).unwrap();
        assert_eq!(at, Spent([1_000, 0, 0, 9_001, 0, 0, 0, 0, 0, 0]));
    }

    #[test]
    fn parts_lists_the_ones_that_took_time_in_order() {
        let s = Spent([0, 5, 0, 0, 7, 0, 0, 0, 0, 1]);
        let parts: alloc::vec::Vec<_> = s.parts().collect();
        assert_eq!(
            parts,
            [
                (Part::CacheWork, Micros(5)),
                (Part::StoreWork, Micros(7)),
                (Part::JoinedLoad, Micros(1))
            ]
        );
        assert_eq!(s.largest(), Some(Part::StoreWork));
        assert_eq!(s.mostly(), Some((Part::StoreWork, 7.0 / 13.0 * 100.0)));
        assert_eq!(Spent::default().mostly(), None);
        assert_eq!(Spent::default().largest(), None, "nothing took time");
        assert_eq!(Spent::default().parts().count(), 0);
        // A tie goes to the part met first.
        assert_eq!(
            Spent([0, 3, 3, 0, 0, 0, 0, 0, 0, 0]).largest(),
            Some(Part::CacheWork)
        );
    }

    #[test]
    fn every_part_has_its_own_words_and_name() {
        for (i, a) in Part::ALL.iter().enumerate() {
            assert!(!a.label().is_empty() && !a.name().is_empty());
            assert_eq!(*a as usize, i, "ALL is in declaration order");
            for b in &Part::ALL[i + 1..] {
                assert_ne!(a.label(), b.label());
                assert_ne!(a.name(), b.name());
            }
        }
        assert_eq!(Part::PoolWait.label(), "waiting for a connection");
        assert_eq!(Part::LogFsync.name(), "log_fsync");
    }

    /// A part's name is the one files use.
    #[cfg(feature = "json")]
    #[test]
    fn a_part_is_named_as_in_json() {
        for p in Part::ALL {
            assert_eq!(
                serde_json::to_string(&p).unwrap(),
                alloc::format!("\"{}\"", p.name())
            );
        }
    }
}
