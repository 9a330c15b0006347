//! The run's totals (`Metrics`) against the events they count: each counter
//! equals a tally of its events over whole runs that produce every kind,
//! and the derived rates (throughput, breakdowns) against figures worked
//! out by hand. Written for the survivors of `Metrics::observe`,
//! `throughput_per_s` and the breakdowns (docs/reliability.md).

use dirtybit_sim::event::{EventKind, FailReason};
use dirtybit_sim::metrics::Metrics;
use dirtybit_sim::time::SimTime;
use dirtybit_sim::{Op, Scenario, Sim};

/// What a run's events add up to, counted here from the events alone.
#[derive(Debug, Default, PartialEq)]
struct Tally {
    ops_sent: u64,
    reads: u64,
    hits: u64,
    stale_reads: u64,
    max_staleness_us: u64,
    misses: u64,
    joined_loads: u64,
    writes_acked: u64,
    reads_failed: u64,
    writes_failed: u64,
    writes_rejected: u64,
    writes_blocked: u64,
    blocked_us: u64,
    store_reads: u64,
    store_writes: u64,
    writes_stored: u64,
    store_write_trips: u64,
    store_queued: u64,
    store_failed: u64,
    flushes: u64,
    flushed_writes: u64,
    flush_failures: u64,
    evictions: u64,
    crashes: u64,
    writes_lost_in_crashes: u64,
    store_crashes: u64,
    recovered: u64,
}

impl Tally {
    /// The same figures as the run's `Metrics` hold them.
    fn of(m: &Metrics) -> Tally {
        Tally {
            ops_sent: m.ops_sent,
            reads: m.reads,
            hits: m.hits,
            stale_reads: m.stale_reads,
            max_staleness_us: m.max_staleness_us,
            misses: m.misses,
            joined_loads: m.joined_loads,
            writes_acked: m.writes_acked,
            reads_failed: m.reads_failed,
            writes_failed: m.writes_failed,
            writes_rejected: m.writes_rejected,
            writes_blocked: m.writes_blocked,
            blocked_us: m.blocked_us,
            store_reads: m.store_reads,
            store_writes: m.store_writes,
            writes_stored: m.writes_stored,
            store_write_trips: m.store_write_trips,
            store_queued: m.store_queued,
            store_failed: m.store_failed,
            flushes: m.flushes,
            flushed_writes: m.flushed_writes,
            flush_failures: m.flush_failures,
            evictions: m.evictions,
            crashes: m.crashes,
            writes_lost_in_crashes: m.writes_lost_in_crashes,
            store_crashes: m.store_crashes,
            recovered: m.recovered,
        }
    }

    /// Counts one event.
    fn count(&mut self, kind: &EventKind) {
        match kind {
            EventKind::Sent { .. } => self.ops_sent += 1,
            EventKind::Hit { stale_for, .. } => {
                self.hits += 1;
                self.stale_reads += u64::from(kind.is_stale_read());
                let age = stale_for.map_or(0, |a| a.0);
                self.max_staleness_us = self.max_staleness_us.max(age);
            }
            EventKind::Miss { .. } => self.misses += 1,
            EventKind::JoinedLoad { .. } => {
                self.misses += 1;
                self.joined_loads += 1;
            }
            EventKind::ReadReturned { .. } => self.reads += 1,
            EventKind::WriteAcked { .. } => self.writes_acked += 1,
            EventKind::Failed { request, reason, .. } => match request {
                Op::Read { .. } => self.reads_failed += 1,
                Op::Write { .. } => {
                    self.writes_failed += 1;
                    self.writes_rejected += u64::from(*reason == FailReason::QueueFull);
                }
            },
            EventKind::Blocked { .. } => self.writes_blocked += 1,
            EventKind::Unblocked { waited, .. } => self.blocked_us += waited.0,
            EventKind::StoreRead { .. } => self.store_reads += 1,
            EventKind::StoreWrote { .. } => {
                self.store_writes += 1;
                self.writes_stored += 1;
                self.store_write_trips += 1;
            }
            EventKind::StoreBatchWrote { entries, writes, .. } => {
                self.store_writes += entries.len() as u64;
                self.writes_stored += u64::from(*writes);
                self.store_write_trips += 1;
            }
            EventKind::StoreQueued { .. } => self.store_queued += 1,
            EventKind::StoreFailed { .. } => self.store_failed += 1,
            EventKind::FlushSent { writes, .. } => {
                self.flushes += 1;
                self.flushed_writes += u64::from(*writes);
            }
            EventKind::FlushFailed { .. } => self.flush_failures += 1,
            EventKind::Evicted { .. } | EventKind::EvictionFlush { .. } => self.evictions += 1,
            EventKind::Crashed { lost, .. } => {
                self.crashes += 1;
                self.writes_lost_in_crashes += lost.len() as u64;
            }
            EventKind::StoreCrashed { .. } => self.store_crashes += 1,
            EventKind::Restarted { replayed } | EventKind::TookOver { replayed, .. } => {
                self.recovered += u64::from(*replayed);
                self.store_writes += u64::from(*replayed);
                self.writes_stored += u64::from(*replayed);
            }
            _ => {}
        }
    }
}

/// Runs `json` to its end, tallying every event, and returns the tally and
/// the run's own totals.
fn run(json: &str) -> (Tally, Tally) {
    let scenario: Scenario = serde_json::from_str(json).unwrap();
    let mut sim = Sim::new(scenario).unwrap();
    let mut tally = Tally::default();
    while let Some(e) = sim.step() {
        tally.count(&e.kind);
    }
    (tally, Tally::of(sim.metrics()))
}

/// Write-behind through a small cache (evictions, some of dirty entries),
/// a two-entry queue writers block on, a store with one connection (work
/// queues for it), an outage (flushes fail and are retried), a crash of the
/// store's machine, and a crash of the cache node whose log replays.
const BEHIND: &str = r#"{
  "seed": 5,
  "policy": {"kind": "write-behind", "write_delay_us": 2000, "batch_size": 3,
             "coalescing": false, "queue_capacity": 2, "back_pressure": "block",
             "retry": {"attempts": 5, "backoff_us": 3000, "after_last": "requeue"},
             "wal": {"mode": "fsync-every-write"}},
  "cache": {"capacity": 4},
  "store": {"pool_size": 1},
  "workload": {"ops": 400, "read_percent": 40, "keys": 12,
               "arrivals": {"kind": "fixed", "interval_us": 300}},
  "faults": [
    {"at_us": 20000, "fault": "store-outage", "duration_us": 15000},
    {"at_us": 60000, "fault": "crash-cache", "downtime_us": 5000},
    {"at_us": 90000, "fault": "store-crash", "kind": "process", "downtime_us": 4000}
  ]
}"#;

/// The same, rejecting writes when the queue is full, and without a log, so
/// the crash loses what was queued; and a crash of the store's OS.
const REJECT: &str = r#"{
  "seed": 6,
  "policy": {"kind": "write-behind", "write_delay_us": 5000, "batch_size": 4,
             "queue_capacity": 3, "back_pressure": "reject"},
  "cache": {"capacity": 6},
  "workload": {"ops": 300, "read_percent": 30, "keys": 10,
               "arrivals": {"kind": "fixed", "interval_us": 200}},
  "faults": [
    {"at_us": 30000, "fault": "crash-cache", "downtime_us": 3000},
    {"at_us": 45000, "fault": "store-outage", "duration_us": 5000},
    {"at_us": 52000, "fault": "store-crash", "kind": "os", "downtime_us": 2000}
  ]
}"#;

/// Read-through with single-flight (misses join a load in flight) and
/// write-through writes, a slow store and an outage reads fail in.
const THROUGH: &str = r#"{
  "seed": 7,
  "policy": {"kind": "read-through", "on_write": "invalidate"},
  "cache": {"capacity": 100, "single_flight": true},
  "store": {"pool_size": 2},
  "workload": {"ops": 300, "read_percent": 80, "keys": 3,
               "arrivals": {"kind": "fixed", "interval_us": 100}},
  "faults": [
    {"at_us": 10000, "fault": "store-outage", "duration_us": 5000}
  ]
}"#;

/// Cache-aside that invalidates on write: a read between the store's
/// write and the invalidation hits the old value (a stale read).
const ASIDE: &str = r#"{
  "seed": 8,
  "policy": {"kind": "cache-aside", "on_write": "invalidate"},
  "store": {"preloaded": true},
  "workload": {"ops": 400, "read_percent": 80, "keys": 4,
               "arrivals": {"kind": "fixed", "interval_us": 500}}
}"#;

/// `Metrics::observe`: each arm deleted, each count `+=` turned to `*=`.
#[test]
fn every_counter_equals_the_events_of_its_kind() {
    let mut seen = Tally::default();
    for json in [BEHIND, REJECT, THROUGH, ASIDE] {
        let (events, metrics) = run(json);
        assert_eq!(metrics, events, "{json}");
        // Every operation sent was answered, one way or another.
        assert_eq!(
            events.ops_sent,
            events.reads + events.writes_acked + events.reads_failed + events.writes_failed
        );
        seen.ops_sent += events.ops_sent;
        seen.hits += events.hits;
        seen.stale_reads += events.stale_reads;
        seen.joined_loads += events.joined_loads;
        seen.reads_failed += events.reads_failed;
        seen.writes_rejected += events.writes_rejected;
        seen.writes_blocked += events.writes_blocked;
        seen.blocked_us += events.blocked_us;
        seen.store_reads += events.store_reads;
        seen.store_write_trips += events.store_write_trips;
        seen.store_queued += events.store_queued;
        seen.store_failed += events.store_failed;
        seen.flushes += events.flushes;
        seen.flush_failures += events.flush_failures;
        seen.evictions += events.evictions;
        seen.crashes += events.crashes;
        seen.writes_lost_in_crashes += events.writes_lost_in_crashes;
        seen.store_crashes += events.store_crashes;
        seen.recovered += events.recovered;
    }
    // The runs produce every kind of event, each more than once (a counter
    // multiplied instead of added would stay 0, or 1 for a maximum).
    for (name, n) in [
        ("hits", seen.hits),
        ("stale reads", seen.stale_reads),
        ("joined loads", seen.joined_loads),
        ("failed reads", seen.reads_failed),
        ("rejected writes", seen.writes_rejected),
        ("blocked writes", seen.writes_blocked),
        ("time blocked", seen.blocked_us),
        ("store reads", seen.store_reads),
        ("store write trips", seen.store_write_trips),
        ("queued store work", seen.store_queued),
        ("failed store work", seen.store_failed),
        ("flushes", seen.flushes),
        ("failed flushes", seen.flush_failures),
        ("evictions", seen.evictions),
        ("cache crashes", seen.crashes),
        ("writes lost in crashes", seen.writes_lost_in_crashes),
        ("store crashes", seen.store_crashes),
        ("records replayed", seen.recovered),
    ] {
        assert!(n > 1, "the runs produce {name} more than once: {n}");
    }
}

/// `Metrics::throughput_per_s`: each `+` turned to `-` or `*`, `==` to
/// `!=`, `* 1e6` to `+` or `/`, `/ now` to `%` or `*`, and the whole
/// replaced by a constant.
#[test]
fn throughput_counts_every_answer_per_second_of_virtual_time() {
    let m = Metrics {
        reads: 3,
        writes_acked: 5,
        reads_failed: 7,
        writes_failed: 11,
        ..Metrics::default()
    };
    // 3 + 5 + 7 + 11 = 26 answers in 4 s: 6.5 a second.
    assert_eq!(m.throughput_per_s(SimTime(4_000_000)), 6.5);
    // 26 answers in 0.5 s: 52 a second.
    assert_eq!(m.throughput_per_s(SimTime(500_000)), 52.0);
    // Before any time has passed there is no rate, not an infinite one.
    assert_eq!(m.throughput_per_s(SimTime::ZERO), 0.0);
}

/// `Metrics::read_breakdown` and `breakdowns` replaced by `None`, an empty
/// list or a made-up entry.
#[test]
fn a_breakdown_is_the_percentile_and_the_parts_of_its_bucket() {
    let scenario: Scenario = serde_json::from_str(THROUGH).unwrap();
    let mut sim = Sim::new(scenario).unwrap();
    sim.run_to_end();
    let m = sim.metrics();
    for writes in [false, true] {
        let list = m.breakdowns(writes);
        let names: Vec<&str> = list.iter().map(|(n, _, _)| *n).collect();
        let expected: Vec<&str> = dirtybit_sim::spent::BROKEN_DOWN.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, expected, "every percentile, in order (writes: {writes})");
        for (&(_, p), (_, latency, parts)) in dirtybit_sim::spent::BROKEN_DOWN.iter().zip(&list) {
            let hist = if writes { &m.write_latency } else { &m.read_latency };
            assert_eq!(*latency, hist.percentile(p));
            assert!(latency.0 > 0, "a run's answers take time");
            // The bucket's answers spent some time somewhere (a breakdown
            // replaced by its default has none).
            assert!(parts.total().0 > 0);
        }
    }
    // Without answers there is nothing to break down.
    let empty = Metrics::default();
    assert_eq!(empty.read_breakdown(0.5), None);
    assert!(empty.breakdowns(false).is_empty());
}
