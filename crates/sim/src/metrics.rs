//! Running totals of a run, updated by the core as events happen. Bounded in
//! memory: counters and latency summaries, nothing per operation.

use crate::event::EventKind;
use crate::time::Micros;

/// Count, mean and extremes of a set of latencies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LatencySummary {
    /// How many latencies were recorded.
    pub count: u64,
    /// Their sum, in microseconds.
    pub total_us: u64,
    /// The smallest, in microseconds (0 when none).
    pub min_us: u64,
    /// The largest, in microseconds.
    pub max_us: u64,
}

impl LatencySummary {
    /// Adds one latency.
    pub fn record(&mut self, latency: Micros) {
        let us = latency.0;
        self.min_us = if self.count == 0 { us } else { self.min_us.min(us) };
        self.max_us = self.max_us.max(us);
        self.count += 1;
        self.total_us = self.total_us.saturating_add(us);
    }

    /// The mean in microseconds, rounded down; 0 when none.
    #[must_use]
    pub fn mean_us(&self) -> u64 {
        self.total_us.checked_div(self.count).unwrap_or(0)
    }
}

/// Everything the core counts during a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Metrics {
    /// Operations sent by clients.
    pub ops_sent: u64,
    /// Reads answered.
    pub reads: u64,
    /// Reads the cache answered from memory.
    pub hits: u64,
    /// Reads the cache had to load from the store.
    pub misses: u64,
    /// Hits that returned a version older than the store's.
    pub stale_reads: u64,
    /// Writes acknowledged to clients.
    pub writes_acked: u64,
    /// Reads the store executed.
    pub store_reads: u64,
    /// Writes the store applied.
    pub store_writes: u64,
    /// Latency of reads, from sending to the answer.
    pub read_latency: LatencySummary,
    /// Latency of writes, from sending to the acknowledgement.
    pub write_latency: LatencySummary,
}

impl Metrics {
    /// Counts what `event` changes.
    pub fn observe(&mut self, event: &EventKind) {
        match *event {
            EventKind::Sent { .. } => self.ops_sent += 1,
            EventKind::Hit { .. } => {
                self.hits += 1;
                if event.is_stale_read() {
                    self.stale_reads += 1;
                }
            }
            EventKind::Miss { .. } => self.misses += 1,
            EventKind::StoreRead { .. } => self.store_reads += 1,
            EventKind::StoreWrote { .. } => self.store_writes += 1,
            EventKind::WriteAcked { latency, .. } => {
                self.writes_acked += 1;
                self.write_latency.record(latency);
            }
            EventKind::ReadReturned { latency, .. } => {
                self.reads += 1;
                self.read_latency.record(latency);
            }
            EventKind::Filled { .. } | EventKind::WriteReceived { .. } | EventKind::CacheUpdated { .. } => {}
        }
    }

    /// Hits per lookup, 0.0..=1.0; 0.0 before the first lookup.
    #[must_use]
    pub fn hit_ratio(&self) -> f64 {
        let lookups = self.hits + self.misses;
        if lookups == 0 {
            0.0
        } else {
            self.hits as f64 / lookups as f64
        }
    }
}
