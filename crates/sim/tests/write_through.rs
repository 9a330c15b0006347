//! Write-through, checked event by event: hand-computed timings, the
//! durability invariant, and the stale window between the store's commit and
//! the cache's update.

use std::collections::HashMap;

use dirtybit_sim::cache::EntryState;
use dirtybit_sim::time::{Micros, SimTime};
use dirtybit_sim::workload::Arrivals;
use dirtybit_sim::{EventKind, Key, Op, OpId, Scenario, Sim, Value, Version};

/// A scenario with no generated operations and an empty store: only what a
/// test submits.
fn quiet() -> Scenario {
    let mut s = Scenario::default();
    s.workload.ops = 0;
    s.store.preloaded = false;
    s
}

#[test]
fn a_preloaded_store_answers_a_first_read_with_value_0_v1() {
    let mut s = quiet();
    s.store.preloaded = true;
    let mut sim = Sim::new(s).unwrap();
    assert_eq!(sim.store().len(), 8);
    sim.submit(Op::Read { key: Key(5) }).unwrap();
    let last = core::iter::from_fn(|| sim.step()).last().unwrap();
    assert_eq!(
        last.to_string(),
        "[14 ms] op 1: the client reads k5 = 0 (v1) after 14 ms"
    );
    let entry = sim.cache_entries()[0];
    assert_eq!((entry.key, entry.state), (Key(5), EntryState::Clean));
}

#[test]
fn a_key_missing_from_the_store_leaves_no_cache_entry() {
    let mut sim = Sim::new(quiet()).unwrap();
    sim.submit(Op::Read { key: Key(2) }).unwrap();
    let _ = sim.run_steps(2);
    assert_eq!(sim.cache_entries()[0].state, EntryState::Loading);
    let _ = sim.run_to_end();
    assert!(sim.cache_entries().is_empty(), "{:?}", sim.cache_entries());
}

#[test]
fn one_write_takes_the_hops_computed_by_hand() {
    // Default latencies: client<->cache 0.5 ms, cache op 0.5 ms,
    // cache<->store 1 ms, store write 5 ms + commit 2 ms.
    let mut sim = Sim::new(quiet()).unwrap();
    sim.submit(Op::Write {
        key: Key(3),
        value: Value(42),
    })
    .unwrap();
    let events: Vec<_> = core::iter::from_fn(|| sim.step()).collect();
    let got: Vec<(u64, &str)> = events
        .iter()
        .map(|e| {
            let name = match e.kind {
                EventKind::Sent { .. } => "sent",
                EventKind::WriteReceived { .. } => "received",
                EventKind::StoreWrote { .. } => "store",
                EventKind::CacheUpdated { .. } => "cache",
                EventKind::WriteAcked { .. } => "ack",
                _ => "other",
            };
            (e.at.as_micros(), name)
        })
        .collect();
    assert_eq!(
        got,
        [
            (0, "sent"),
            (500, "received"), // + client->cache 0.5
            (8_500, "store"),  // + cache->store 1 + write 5 + commit 2
            (9_500, "cache"),  // + store->cache 1; the cache sets it (0.5) ...
            (10_500, "ack"),   // ... then the ack goes cache->client (0.5)
        ]
    );
    assert!(matches!(
        events[4].kind,
        EventKind::WriteAcked {
            latency: Micros(10_500),
            ..
        }
    ));
    assert_eq!(sim.store().version(Key(3)), Version(1));
    assert_eq!(sim.metrics().write_latency.max().0, 10_500);
}

#[test]
fn a_read_miss_then_a_hit_take_the_hops_computed_by_hand() {
    let mut sim = Sim::new(quiet()).unwrap();
    sim.submit(Op::Write {
        key: Key(0),
        value: Value(1),
    })
    .unwrap();
    let _ = sim.run_to_end();
    let start = sim.now();
    // The write filled the cache, so this read hits: 0.5 + 0.5 + 0.5 ms.
    sim.submit(Op::Read { key: Key(0) }).unwrap();
    let _ = sim.run_to_end();
    assert_eq!(sim.now() - start, Micros(1_500));
    // A key not in the store misses: 0.5 + 0.5 + 1 + 10 + 1 + 0.5 + 0.5 = 14 ms.
    let start = sim.now();
    sim.submit(Op::Read { key: Key(7) }).unwrap();
    let _ = sim.run_to_end();
    assert_eq!(sim.now() - start, Micros(14_000));
    let m = sim.metrics();
    assert_eq!((m.hits, m.misses, m.store_reads, m.reads), (1, 1, 1, 2));
}

#[test]
fn every_acknowledged_write_is_in_the_store_when_acknowledged() {
    for seed in 0..20 {
        let mut s = Scenario {
            seed,
            ..Scenario::default()
        };
        s.workload.ops = 500;
        s.workload.read_percent = 30;
        s.workload.keys = 3;
        s.workload.arrivals = Arrivals::Fixed { interval_us: 400 }; // several writes to one key in flight at once
        let mut sim = Sim::new(s).unwrap();
        let mut committed: HashMap<OpId, Version> = HashMap::new();
        let mut acked = 0;
        while let Some(e) = sim.step() {
            match e.kind {
                EventKind::StoreWrote { op, version, .. } => {
                    committed.insert(op, version);
                }
                EventKind::WriteAcked { op, key, .. } => {
                    let version = committed.get(&op).copied();
                    assert!(
                        version.is_some(),
                        "seed {seed}: {op} acknowledged before the store had it"
                    );
                    assert!(sim.store().version(key) >= version.unwrap(), "seed {seed}");
                    acked += 1;
                }
                _ => {}
            }
        }
        assert_eq!(acked, sim.metrics().store_writes, "seed {seed}");
        assert!(acked > 100, "seed {seed}: only {acked} writes");
    }
}

#[test]
fn a_read_between_the_store_commit_and_the_cache_update_is_stale() {
    let mut sim = Sim::new(quiet()).unwrap();
    sim.submit(Op::Write {
        key: Key(0),
        value: Value(1),
    })
    .unwrap();
    let _ = sim.run_to_end();
    let t = sim.now();
    sim.submit(Op::Write {
        key: Key(0),
        value: Value(2),
    })
    .unwrap();
    // The store commits v2 at t + 8.5 ms; the cache holds v1 until t + 9.5 ms.
    // A read sent at t + 8 ms is looked up at t + 9 ms: in that window.
    let _ = sim.run_until(t + Micros(8_000));
    sim.submit(Op::Read { key: Key(0) }).unwrap();
    let mut stale_hits = Vec::new();
    let mut saw_writing = false;
    while let Some(e) = sim.step() {
        if e.kind.is_stale_read() {
            stale_hits.push(e.clone());
            let entry = sim.cache_entries().into_iter().find(|v| v.key == Key(0)).unwrap();
            saw_writing = entry.state == EntryState::Writing;
        }
    }
    assert_eq!(stale_hits.len(), 1, "{stale_hits:?}");
    assert_eq!(stale_hits[0].at, t + Micros(9_000));
    assert!(stale_hits[0]
        .to_string()
        .contains("stale: the store already has v2"));
    assert!(saw_writing, "the entry shows the write in flight");
    assert_eq!(sim.metrics().stale_reads, 1);
    // Once the ack reaches the cache, it holds v2 and is clean.
    let entry = sim.cache_entries()[0];
    assert_eq!(
        (entry.state, entry.held.unwrap().version),
        (EntryState::Clean, Version(2))
    );
}

#[test]
fn run_until_stops_at_the_instant_asked() {
    let mut sim = Sim::new(Scenario::default()).unwrap();
    let _ = sim.run_until(SimTime::from_millis(20));
    assert_eq!(sim.now(), SimTime::from_millis(20));
    assert!(sim.next_at().unwrap() > SimTime::from_millis(20));
}
