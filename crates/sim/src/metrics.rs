//! Running totals of a run, updated by the core as events happen. Bounded in
//! memory: counters and log-bucketed latency histograms, nothing per
//! operation.

use crate::event::EventKind;
use crate::histogram::Histogram;
use alloc::vec::Vec;

use crate::spent::{Breakdowns, Spent, BROKEN_DOWN};
use crate::time::{Micros, SimTime};

/// Everything the core counts during a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Metrics {
    /// Operations sent by clients.
    pub ops_sent: u64,
    /// Reads answered.
    pub reads: u64,
    /// Reads the cache answered from memory.
    pub hits: u64,
    /// Reads that missed (including expired entries and joined loads).
    pub misses: u64,
    /// Misses that joined a load already in flight (single-flight).
    pub joined_loads: u64,
    /// Hits that returned a version older than the store's.
    pub stale_reads: u64,
    /// Writes acknowledged to clients.
    pub writes_acked: u64,
    /// Reads that failed.
    pub reads_failed: u64,
    /// Writes that failed (store down, cache down or crashed, queue full).
    pub writes_failed: u64,
    /// Writes rejected because the flush queue was full.
    pub writes_rejected: u64,
    /// Writes that blocked on a full flush queue.
    pub writes_blocked: u64,
    /// Total time writers spent blocked, in microseconds.
    pub blocked_us: u64,
    /// Reads the store executed.
    pub store_reads: u64,
    /// Rows the store wrote (one per single write, one per batch entry, one
    /// per log record recovery replayed into it).
    pub store_writes: u64,
    /// Client writes those rows carried: a coalesced batch entry carries
    /// every write it merged. Writes lost before reaching the store are not
    /// counted.
    pub writes_stored: u64,
    /// Store round trips that wrote (single writes and flush batches).
    pub store_write_trips: u64,
    /// Store operations that waited for a connection.
    pub store_queued: u64,
    /// Store operations that failed because the store was down.
    pub store_failed: u64,
    /// Flush batches sent (retries not counted).
    pub flushes: u64,
    /// Client writes carried by those flushes.
    pub flushed_writes: u64,
    /// Flush attempts that failed.
    pub flush_failures: u64,
    /// Entries evicted (clean ones, and dirty ones flushed first).
    pub evictions: u64,
    /// Acknowledged writes lost (crash, dropped flush): the ledger's count,
    /// which the run copies here after each step.
    pub writes_lost: u64,
    /// Of those, the ones a crash of the cache node lost (the rest were in
    /// a flush that was dropped, or answered after the node had crashed, or
    /// lost below the store).
    pub writes_lost_in_crashes: u64,
    /// Of those, the ones a crash of the store's machine took from a
    /// volatile layer below the store (the ledger's count, copied likewise;
    /// a write whose answer was on its way counts once it lands).
    pub writes_lost_below: u64,
    /// Of them, those lost with the primary: its standby had not received
    /// them (copied from the ledger, as `writes_lost`).
    pub writes_lost_failover: u64,
    /// Crashes of the store's machine (process, OS, power).
    pub store_crashes: u64,
    /// Log records replayed by recovery.
    pub recovered: u64,
    /// Cache node crashes.
    pub crashes: u64,
    /// The longest a stale read had been stale (the store newer for that long).
    pub max_staleness_us: u64,
    /// Latency of reads, from sending to the answer.
    pub read_latency: Histogram,
    /// Latency of writes, from sending to the acknowledgement.
    pub write_latency: Histogram,
    /// Where reads' time went, per latency bucket (see
    /// [`Metrics::read_breakdown`]); recorded by the run as it answers.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub read_parts: Breakdowns,
    /// Where writes' time went, per latency bucket.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub write_parts: Breakdowns,
}

impl Metrics {
    /// The reads' percentile `p` and where its time went (the mean of the
    /// reads in its latency bucket, whose mean the percentile is).
    #[must_use]
    pub fn read_breakdown(&self, p: f64) -> Option<(Micros, Spent)> {
        let at = self.read_latency.percentile(p);
        Some((at, self.read_parts.at(at)?))
    }

    /// Each of [`BROKEN_DOWN`]'s percentiles of the writes (`writes`) or
    /// the reads, with its breakdown: (name, latency, parts); none without
    /// answers of that kind.
    #[must_use]
    pub fn breakdowns(&self, writes: bool) -> Vec<(&'static str, Micros, Spent)> {
        BROKEN_DOWN
            .iter()
            .filter_map(|&(name, p)| {
                let (latency, spent) = if writes {
                    self.write_breakdown(p)
                } else {
                    self.read_breakdown(p)
                }?;
                Some((name, latency, spent))
            })
            .collect()
    }

    /// The writes' percentile `p` and where its time went.
    #[must_use]
    pub fn write_breakdown(&self, p: f64) -> Option<(Micros, Spent)> {
        let at = self.write_latency.percentile(p);
        Some((at, self.write_parts.at(at)?))
    }

    /// Counts what `event` changes.
    pub fn observe(&mut self, event: &EventKind) {
        use EventKind::*;
        match event {
            Sent { .. } => self.ops_sent += 1,
            Hit { stale_for, .. } => {
                self.hits += 1;
                if event.is_stale_read() {
                    self.stale_reads += 1;
                }
                if let Some(age) = stale_for {
                    self.max_staleness_us = self.max_staleness_us.max(age.0);
                }
            }
            Miss { .. } => self.misses += 1,
            JoinedLoad { .. } => {
                self.misses += 1;
                self.joined_loads += 1;
            }
            StoreRead { .. } => self.store_reads += 1,
            StoreWrote { .. } => {
                self.store_writes += 1;
                self.writes_stored += 1;
                self.store_write_trips += 1;
            }
            StoreBatchWrote { entries, writes, .. } => {
                self.store_writes += entries.len() as u64;
                self.writes_stored += u64::from(*writes);
                self.store_write_trips += 1;
            }
            StoreQueued { .. } => self.store_queued += 1,
            StoreFailed { .. } => self.store_failed += 1,
            Blocked { .. } => self.writes_blocked += 1,
            Unblocked { waited, .. } => self.blocked_us += waited.0,
            FlushSent { writes, .. } => {
                self.flushes += 1;
                self.flushed_writes += u64::from(*writes);
            }
            FlushFailed { .. } => self.flush_failures += 1,
            Evicted { .. } | EvictionFlush { .. } => self.evictions += 1,
            Crashed { lost, .. } => {
                self.crashes += 1;
                self.writes_lost_in_crashes += lost.len() as u64;
            }
            StoreCrashed { .. } => self.store_crashes += 1,
            Restarted { replayed } | TookOver { replayed, .. } => {
                // Each replayed record is one row, carrying one client write.
                self.recovered += u64::from(*replayed);
                self.store_writes += u64::from(*replayed);
                self.writes_stored += u64::from(*replayed);
            }
            WriteAcked { latency, .. } => {
                self.writes_acked += 1;
                self.write_latency.record(*latency);
            }
            ReadReturned { latency, .. } => {
                self.reads += 1;
                self.read_latency.record(*latency);
            }
            Failed { request, reason, .. } => match request {
                crate::Op::Read { .. } => self.reads_failed += 1,
                crate::Op::Write { .. } => {
                    self.writes_failed += 1;
                    if *reason == crate::event::FailReason::QueueFull {
                        self.writes_rejected += 1;
                    }
                }
            },
            _ => {}
        }
    }

    /// Hits per lookup, 0.0..=1.0; 0.0 before the first lookup.
    #[must_use]
    pub fn hit_ratio(&self) -> f64 {
        hit_ratio(self.hits, self.misses)
    }

    /// Operations answered (read, acknowledged or failed) per second of
    /// virtual time up to `now`.
    #[must_use]
    pub fn throughput_per_s(&self, now: SimTime) -> f64 {
        let done = self.reads + self.writes_acked + self.reads_failed + self.writes_failed;
        if now.as_micros() == 0 {
            0.0
        } else {
            done as f64 * 1e6 / now.as_micros() as f64
        }
    }

    /// Client writes per row the store wrote (the coalescing ratio): only
    /// writes that reached the store count, so writes lost in a crash or
    /// still waiting in a queue do not pass for coalesced. 0.0 before the
    /// first store write.
    #[must_use]
    pub fn coalescing_ratio(&self) -> f64 {
        if self.store_writes == 0 {
            0.0
        } else {
            self.writes_stored as f64 / self.store_writes as f64
        }
    }

    /// [`Metrics::coalescing_ratio`] as the page and a comparison show it:
    /// two decimals, or "–" before the store wrote a row (0.00 would read as
    /// "nothing coalesced" while the writes are still queued).
    #[must_use]
    pub fn coalescing_ratio_text(&self) -> alloc::string::String {
        if self.store_writes == 0 {
            alloc::string::String::from("–")
        } else {
            crate::decimal::fixed(self.coalescing_ratio(), 2)
        }
    }
}

/// Hits per lookup, 0.0..=1.0; 0.0 when there was no lookup.
#[must_use]
pub fn hit_ratio(hits: u64, misses: u64) -> f64 {
    let lookups = hits + misses;
    if lookups == 0 {
        0.0
    } else {
        hits as f64 / lookups as f64
    }
}
