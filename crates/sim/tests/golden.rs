//! Golden tests: small scripted runs, one or more per policy, whose exact
//! event counts and instants were worked out by hand in the comments.
//! Default latencies: client<->cache 0.5 ms, cache op 0.5 ms, cache<->store
//! 1 ms, store read 10 ms, store write 5 ms + commit 2 ms, log append 10 µs,
//! log fsync 2 ms. The store starts with every key at value 0 (v1).

use std::collections::BTreeMap;

use dirtybit_sim::cache::EntryState;
use dirtybit_sim::event::{AckWhen, EventKind, FailReason, Loader};
use dirtybit_sim::policy::{
    BackPressure, CacheAside, CacheUpdate, KeyClass, Policy, Selective, WriteAround, WriteBehind,
    WriteThrough,
};
use dirtybit_sim::time::SimTime;
use dirtybit_sim::wal::WalSpec;
use dirtybit_sim::{Event, Fault, Key, Op, Scenario, Sim, Value, Version};

enum Input {
    Read(u32),
    Write(u32, u64),
    Fault(Fault),
}
use Input::*;

fn quiet(policy: Policy) -> Scenario {
    let mut s = Scenario {
        policy,
        ..Scenario::default()
    };
    s.workload.ops = 0;
    s.workload.keys = 4;
    s
}

/// Runs `script` (inputs at instants in µs) to the end.
fn run(s: Scenario, script: &[(u64, Input)]) -> (Sim, Vec<Event>) {
    let mut sim = Sim::new(s).unwrap();
    let mut events = Vec::new();
    for (at, input) in script {
        while sim.next_at().is_some_and(|t| t <= SimTime(*at)) {
            events.extend(sim.step());
        }
        let _ = sim.run_until(SimTime(*at));
        match input {
            Read(k) => sim.submit(Op::Read { key: Key(*k) }).unwrap(),
            Write(k, v) => sim
                .submit(Op::Write {
                    key: Key(*k),
                    value: Value(*v),
                })
                .unwrap(),
            Fault(f) => sim.inject(*f),
        }
    }
    events.extend(std::iter::from_fn(|| sim.step()));
    (sim, events)
}

fn counts(events: &[Event]) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for e in events {
        *m.entry(e.kind.name()).or_insert(0) += 1;
    }
    m
}

fn at(events: &[Event], name: &str) -> Vec<u64> {
    events
        .iter()
        .filter(|e| e.kind.name() == name)
        .map(|e| e.at.as_micros())
        .collect()
}

fn expect(events: &[Event], want: &[(&'static str, usize)]) {
    let want: BTreeMap<_, _> = want.iter().copied().collect();
    assert_eq!(
        counts(events),
        want,
        "{:#?}",
        events.iter().map(ToString::to_string).collect::<Vec<_>>()
    );
}

#[test]
fn cache_aside_miss_hit_write_invalidate_miss() {
    let (sim, ev) = run(
        quiet(Policy::CacheAside(CacheAside::default())),
        &[
            (0, Read(0)),
            (20_000, Read(0)),
            (40_000, Write(0, 7)),
            (60_000, Read(0)),
        ],
    );
    // Read 1: sent, miss (app), store read, returned, SET = 5.
    // Read 2: sent, hit, returned = 3.
    // Write: sent, store wrote, invalidated, acked = 4.
    // Read 3: like read 1 = 5.  Total 17.
    expect(
        &ev,
        &[
            ("sent", 4),
            ("miss", 2),
            ("store-read", 2),
            ("read-returned", 3),
            ("app-set", 2),
            ("hit", 1),
            ("store-wrote", 1),
            ("invalidated", 1),
            ("write-acked", 1),
        ],
    );
    // Miss at 0.5 + 0.5; the answer goes back (0.5) and the app asks the
    // store (1): arrives 2.5, read 10 -> 12.5; back to the app (1) at 13.5:
    // the read is over (13.5 ms); its SET lands 0.5 + 0.5 later, 14.5.
    assert_eq!(at(&ev, "store-read")[0], 12_500);
    assert_eq!(at(&ev, "read-returned")[0], 13_500);
    assert_eq!(at(&ev, "app-set")[0], 14_500);
    // The write: store at 41 + 7 = 48; back at 49; invalidate lands 50;
    // acknowledged at 50.5 (10.5 ms).
    assert_eq!(at(&ev, "store-wrote"), [48_000]);
    assert_eq!(at(&ev, "invalidated"), [50_000]);
    assert_eq!(at(&ev, "write-acked"), [50_500]);
    assert_eq!(sim.cache_entries()[0].held.unwrap().value, Value(7));
}

#[test]
fn cache_aside_a_racing_fill_leaves_a_stale_entry_until_its_ttl() {
    // R reads k0 at 0: the store reads it at 2.5 (v1; the answer takes until
    // 12.5) and R SETs it at 14.5.
    // W writes k0 = 7 at 1: committed at 9 (v2), invalidates at 11 (nothing
    // cached yet). R's late SET puts the old v1 back: stale.
    let mut s = quiet(Policy::CacheAside(CacheAside::default()));
    s.cache.ttl_us = 30_000;
    let (sim, ev) = run(
        s,
        &[
            (0, Read(0)),
            (1_000, Write(0, 7)),
            (20_000, Read(0)),
            (50_000, Read(0)),
        ],
    );
    let stale: Vec<_> = ev.iter().filter(|e| e.kind.is_stale_read()).collect();
    assert_eq!(stale.len(), 1, "the read at 20 ms is stale");
    assert_eq!(stale[0].at.as_micros(), 21_000);
    // W committed v2 at 9 ms: at 21 ms the cached v1 has been stale for 12 ms.
    assert!(stale[0]
        .to_string()
        .contains("k0 = 0 (v1) (stale: the store already has v2, for 12 ms)"));
    assert_eq!(sim.metrics().max_staleness_us, 12_000);
    // The SET at 14.5 ms expires at 44.5 ms: the read at 50 ms misses and
    // loads the current value.
    assert!(ev
        .iter()
        .any(|e| matches!(e.kind, EventKind::Miss { expired: true, .. })));
    assert_eq!(sim.metrics().stale_reads, 1);
    assert_eq!(sim.cache_entries()[0].held.unwrap().value, Value(7));
}

#[test]
fn read_through_single_flight_turns_a_herd_into_one_store_read() {
    for (single_flight, store_reads, joined) in [(false, 3, 0), (true, 1, 2)] {
        let mut s = quiet(Policy::ReadThrough(CacheAside::default()));
        s.cache.single_flight = single_flight;
        let (sim, ev) = run(s, &[(0, Read(1)), (100, Read(1)), (200, Read(1))]);
        let m = sim.metrics();
        assert_eq!((m.store_reads, m.joined_loads, m.reads), (store_reads, joined, 3));
        assert!(ev.iter().all(|e| !matches!(
            e.kind,
            EventKind::Miss {
                loader: Loader::Application,
                ..
            }
        )));
        // The first read: 1 (to cache + lookup) + 1 + 10 + 1 + 0.5 (set) + 0.5 = 14 ms.
        assert_eq!(at(&ev, "read-returned")[0], 14_000);
    }
}

#[test]
fn write_through_async_acknowledges_before_the_cache_is_set() {
    let (_, ev) = run(
        quiet(Policy::WriteThrough(WriteThrough {
            cache_update: CacheUpdate::Async,
        })),
        &[(0, Write(0, 5))],
    );
    // Sent 0, received 0.5, store 8.5, ack leaves at 9.5 (no cache set
    // first) and lands at 10.0; the cache set lands at 9.5 + 0.5 = 10.0.
    expect(
        &ev,
        &[
            ("sent", 1),
            ("write-received", 1),
            ("store-wrote", 1),
            ("acked-before-cache-set", 1),
            ("write-acked", 1),
            ("cache-updated", 1),
        ],
    );
    assert_eq!(at(&ev, "acked-before-cache-set"), [9_500]);
    assert_eq!(at(&ev, "write-acked"), [10_000]);
    assert_eq!(at(&ev, "cache-updated"), [10_000]);
}

#[test]
fn write_through_fails_the_write_while_the_store_is_down() {
    let (sim, ev) = run(
        quiet(Policy::default()),
        &[
            (0, Fault(Fault::StoreOutage { duration_us: 5_000 })),
            (1, Write(0, 5)),
            (10_000, Write(0, 6)),
        ],
    );
    // The first write reaches the store at 1.5 ms: down. The second at 11.5: up.
    assert_eq!(counts(&ev)["store-failed"], 1);
    assert!(ev.iter().any(|e| matches!(
        e.kind,
        EventKind::Failed {
            reason: FailReason::StoreDown,
            ..
        }
    )));
    assert_eq!((sim.metrics().writes_failed, sim.metrics().writes_acked), (1, 1));
    assert_eq!(sim.store().read(Key(0)).unwrap().value, Value(6));
}

#[test]
fn write_around_leaves_a_cached_copy_stale_unless_it_invalidates() {
    for (invalidate, stale_reads, hits) in [(false, 1, 2), (true, 0, 1)] {
        let (sim, _) = run(
            quiet(Policy::WriteAround(WriteAround { invalidate })),
            &[
                (0, Read(0)),
                (20_000, Read(0)),
                (40_000, Write(0, 9)),
                (60_000, Read(0)),
            ],
        );
        let m = sim.metrics();
        assert_eq!(
            (m.stale_reads, m.hits),
            (stale_reads, hits),
            "invalidate = {invalidate}"
        );
    }
}

fn wb(delay_ms: u64) -> WriteBehind {
    WriteBehind {
        write_delay_us: delay_ms * 1_000,
        ..WriteBehind::default()
    }
}

#[test]
fn write_behind_coalesces_and_batches() {
    let script = [(0, Write(0, 1)), (1_000, Write(0, 2)), (2_000, Write(1, 3))];
    let (sim, ev) = run(quiet(Policy::WriteBehind(Box::new(wb(10)))), &script);
    // k0 queued at 0.5 (ripe 10.5), coalesced at 1.5; k1 queued at 2.5 (ripe
    // 12.5). Flush 1 at 10.5 takes k0 = 2 only; the store commits it at
    // 10.5 + 1 + 5 + 2 = 18.5; acked at 19.5, when k1 (ripe) goes: 27.5, 28.5.
    expect(
        &ev,
        &[
            ("sent", 3),
            ("accepted", 3),
            ("write-acked", 3),
            ("flush-sent", 2),
            ("store-batch-wrote", 2),
            ("flush-acked", 2),
        ],
    );
    assert_eq!(at(&ev, "flush-sent"), [10_500, 19_500]);
    assert_eq!(at(&ev, "store-batch-wrote"), [18_500, 27_500]);
    assert_eq!(
        at(&ev, "write-acked"),
        [1_500, 2_500, 3_500],
        "acknowledged at cache speed: 0.5 ms there, the 0.5 ms set, 0.5 ms back"
    );
    let m = sim.metrics();
    assert_eq!((m.writes_acked, m.store_writes, m.writes_stored), (3, 2, 3));
    assert_eq!(m.coalescing_ratio(), 1.5);
    assert_eq!(m.coalescing_ratio_text(), "1.50");
    assert_eq!(sim.store().read(Key(0)).unwrap().value, Value(2));
    // With a batch factor of 100 %, k1 rides along with the first flush.
    let mut all = wb(10);
    all.batch_factor_percent = 100;
    let (_, ev) = run(quiet(Policy::WriteBehind(Box::new(all))), &script);
    assert_eq!(counts(&ev)["flush-sent"], 1);
    assert!(ev
        .iter()
        .any(|e| matches!(e.kind, EventKind::FlushSent { ride_along: 1, .. })));
}

#[test]
fn write_behind_without_a_log_loses_the_unflushed_at_a_crash() {
    let script = [
        (0, Write(0, 1)),
        (1_000, Write(0, 2)),
        (2_000, Write(1, 3)),
        (5_000, Fault(Fault::CrashCache { downtime_us: 1_000 })),
    ];
    let (sim, ev) = run(quiet(Policy::WriteBehind(Box::new(wb(10)))), &script);
    let crash = ev.iter().find(|e| e.kind.name() == "crashed").unwrap();
    // All three were acknowledged by 3 ms and none flushed (ripe at 10.5).
    assert_eq!(
        crash.kind,
        EventKind::Crashed {
            lost: vec![(Key(0), Value(1)), (Key(0), Value(2)), (Key(1), Value(3))],
            dirty: 2,
            queued: 2,
            log_kept: 0,
            backed_up: 0,
            power: false
        }
    );
    assert_eq!(sim.ledger().counts().lost, 3);
    assert_eq!(
        sim.store().read(Key(0)).unwrap().value,
        Value(0),
        "the store never got them"
    );
    assert!(
        !counts(&ev).contains_key("flush-sent"),
        "the queue died with the node"
    );
}

#[test]
fn write_behind_with_fsync_per_write_recovers_everything_from_the_log() {
    let mut spec = wb(10);
    spec.wal = WalSpec::FsyncEveryWrite;
    let script = [
        (0, Write(0, 1)),
        (1_000, Write(0, 2)),
        (2_000, Write(1, 3)),
        (5_000, Fault(Fault::CrashCache { downtime_us: 1_000 })),
    ];
    let (sim, ev) = run(quiet(Policy::WriteBehind(Box::new(spec))), &script);
    // Accepted at 0.5; append 10 µs + fsync 2 ms = 2.51; the ack lands 3.01.
    assert_eq!(at(&ev, "write-acked"), [3_010, 4_010, 5_010]);
    assert!(ev.iter().all(|e| !matches!(
        e.kind,
        EventKind::Accepted {
            ack: AckWhen::Now,
            ..
        }
    )));
    // The crash at 5 ms loses nothing: three fsynced records survive and
    // are replayed at the restart (6 ms).
    let crash = ev.iter().find(|e| e.kind.name() == "crashed").unwrap();
    assert!(matches!(&crash.kind, EventKind::Crashed { lost, log_kept: 3, .. } if lost.is_empty()));
    assert_eq!(
        ev.iter().find(|e| e.kind.name() == "restarted").unwrap().kind,
        EventKind::Restarted { replayed: 3 }
    );
    assert_eq!(sim.store().read(Key(0)).unwrap().value, Value(2));
    assert_eq!(sim.store().read(Key(1)).unwrap().value, Value(3));
    assert_eq!(sim.ledger().counts().recovered, 3);
    // Recovery wrote those three records into the store: three rows, each
    // carrying one client write.
    let m = sim.metrics();
    assert_eq!((m.recovered, m.store_writes, m.writes_stored), (3, 3, 3));
    assert_eq!(m.coalescing_ratio(), 1.0);
}

#[test]
fn writes_lost_in_a_crash_do_not_count_as_coalesced() {
    // k0 = 1 and k0 = 2 are acknowledged by 2 ms and lost at the crash at
    // 5 ms (ripe at 10.5 ms); the node is back at 6 ms. k1 = 3 is sent at
    // 10 ms, queued at 10.5, ripe at 20.5 and flushed alone: one row, one
    // client write, although three writes were acknowledged.
    let script = [
        (0, Write(0, 1)),
        (1_000, Write(0, 2)),
        (5_000, Fault(Fault::CrashCache { downtime_us: 1_000 })),
        (10_000, Write(1, 3)),
    ];
    let (sim, _) = run(quiet(Policy::WriteBehind(Box::new(wb(10)))), &script);
    let m = sim.metrics();
    assert_eq!(
        (m.writes_acked, m.writes_lost, m.writes_lost_in_crashes),
        (3, 2, 2)
    );
    assert_eq!((m.store_writes, m.writes_stored), (1, 1));
    assert_eq!(m.coalescing_ratio(), 1.0, "not 3 acked / 1 row");
}

#[test]
fn write_behind_group_commit_without_waiting_loses_the_unsynced_interval() {
    let mut spec = wb(50);
    spec.wal = WalSpec::GroupCommit {
        interval_us: 4_000,
        ack_after_fsync: false,
    };
    // Fsync at 0.5 + 0.01 + 4 = 4.51 ms covers writes 1 and 2 (accepted 0.5,
    // 1.5); write 3 (accepted 4.6) waits for the next one, at 8.61 ms; the
    // crash at 6 ms loses it alone.
    let script = [
        (0, Write(0, 1)),
        (1_000, Write(1, 2)),
        (4_100, Write(2, 3)),
        (6_000, Fault(Fault::CrashCache { downtime_us: 1_000 })),
    ];
    let (sim, ev) = run(quiet(Policy::WriteBehind(Box::new(spec))), &script);
    let crash = ev.iter().find(|e| e.kind.name() == "crashed").unwrap();
    assert!(
        matches!(&crash.kind, EventKind::Crashed { lost, log_kept: 2, .. } if lost == &vec![(Key(2), Value(3))])
    );
    assert_eq!(sim.store().read(Key(1)).unwrap().value, Value(2), "replayed");
}

#[test]
fn write_behind_back_pressure_blocks_rejects_or_flushes_synchronously() {
    let script = [(0, Write(0, 1)), (1_000, Write(1, 2)), (2_000, Write(2, 3))];
    let with = |bp| {
        let mut spec = wb(20);
        spec.queue_capacity = 1;
        spec.back_pressure = bp;
        run(quiet(Policy::WriteBehind(Box::new(spec))), &script)
    };
    // Block: k1 and k2 wait; the flush of k0 (sent at 20.5) frees one place,
    // which k1 takes; k2 waits on until k1's flush goes out.
    let (sim, ev) = with(BackPressure::Block);
    assert_eq!(counts(&ev)["blocked"], 2);
    assert_eq!(at(&ev, "unblocked").len(), 2);
    assert_eq!(at(&ev, "unblocked")[0], 20_500);
    assert!(
        at(&ev, "unblocked")[1] > 20_500 + 8_000,
        "k2 waits for the second flush"
    );
    assert_eq!(sim.metrics().writes_acked, 3);
    assert_eq!(sim.metrics().writes_blocked, 2);
    // Reject: k1 and k2 fail.
    let (sim, ev) = with(BackPressure::Reject);
    assert_eq!(
        (sim.metrics().writes_rejected, sim.metrics().writes_acked),
        (2, 1)
    );
    assert!(ev.iter().any(|e| matches!(
        e.kind,
        EventKind::Failed {
            reason: FailReason::QueueFull,
            ..
        }
    )));
    // Sync-flush: k1 and k2 are queued past capacity and acknowledged only
    // once flushed, at write-through latency or worse.
    let (sim, ev) = with(BackPressure::SyncFlush);
    assert_eq!(sim.metrics().writes_acked, 3);
    let sync = ev
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::Accepted {
                    ack: AckWhen::AfterFlush,
                    ..
                }
            )
        })
        .count();
    assert_eq!(sync, 2);
    assert!(sim.metrics().write_latency.max().0 >= 10_000);
}

#[test]
fn write_behind_flushes_a_dirty_lru_victim_before_evicting_it() {
    let mut s = quiet(Policy::WriteBehind(Box::new(wb(100))));
    s.cache.capacity = 1;
    let (sim, ev) = run(s, &[(0, Write(0, 1)), (1_000, Read(1))]);
    // The fill of k1 (at 13.5) makes k0 the victim; it is dirty, so it is
    // flushed at once (long before its 100 ms delay) and leaves when acked.
    assert_eq!(counts(&ev)["eviction-flush"], 1);
    assert!(at(&ev, "flush-sent")[0] < 20_000);
    assert!(ev
        .iter()
        .any(|e| matches!(e.kind, EventKind::FlushAcked { evicted: 1, .. })));
    assert_eq!(
        sim.cache_entries().iter().map(|e| e.key).collect::<Vec<_>>(),
        [Key(1)]
    );
    assert_eq!(sim.store().read(Key(0)).unwrap().value, Value(1));
}

#[test]
fn write_behind_retries_with_backoff_then_requeues_or_drops() {
    let mut spec = wb(1);
    spec.retry.attempts = 2;
    spec.retry.backoff_us = 10_000;
    let script = [
        (0, Fault(Fault::StoreOutage { duration_us: 200_000 })),
        (1, Write(0, 1)),
    ];
    // Flush at 1.5 ms fails (arrives 2.5); retries after 10 ms then 20 ms
    // fail too; then the last-retry policy applies.
    let (sim, ev) = run(quiet(Policy::WriteBehind(Box::new(spec.clone()))), &script);
    assert!(ev.iter().any(|e| e.to_string().contains("retry in 10 ms")));
    assert!(ev.iter().any(|e| e.to_string().contains("retry in 20 ms")));
    assert!(ev
        .iter()
        .any(|e| e.to_string().contains("back to the head of the queue")));
    assert_eq!(
        sim.store().read(Key(0)).unwrap().value,
        Value(1),
        "requeued until the store came back"
    );
    assert_eq!(sim.metrics().writes_lost, 0);
    spec.retry.after_last = dirtybit_sim::policy::AfterLastRetry::Drop;
    let (sim, _) = run(quiet(Policy::WriteBehind(Box::new(spec))), &script);
    assert_eq!(sim.metrics().writes_lost, 1);
    assert_eq!(sim.metrics().writes_lost_in_crashes, 0, "dropped, not crashed");
    assert_eq!(sim.store().read(Key(0)).unwrap().value, Value(0));
    assert_eq!(sim.cache_entries()[0].state, EntryState::Lost);
}

#[test]
fn selective_routes_key_classes_to_their_policies() {
    let policy = Policy::Selective(Selective {
        classes: vec![
            KeyClass {
                name: "user.balance".into(),
                keys: 2,
                policy: Policy::WriteThrough(WriteThrough::default()),
            },
            KeyClass {
                name: "user.lastSeen".into(),
                keys: 2,
                policy: Policy::WriteBehind(Box::new(wb(50))),
            },
        ],
    });
    let script = [
        (0, Write(0, 1)),
        (100, Write(2, 2)),
        (20_000, Fault(Fault::CrashCache { downtime_us: 0 })),
    ];
    let (sim, ev) = run(quiet(policy), &script);
    // k0 (balance) was written through: durable at 8.5 ms. k2 (lastSeen) sat
    // in the queue: the crash loses it alone.
    let crash = ev.iter().find(|e| e.kind.name() == "crashed").unwrap();
    assert!(matches!(&crash.kind, EventKind::Crashed { lost, .. } if lost == &vec![(Key(2), Value(2))]));
    assert_eq!(sim.store().read(Key(0)).unwrap().value, Value(1));
    assert_eq!(sim.store().read(Key(2)).unwrap().version, Version(1));
    assert_eq!(sim.class_name(1), "user.lastSeen");
}

#[test]
fn write_behind_rate_limit_spaces_out_flushes() {
    let mut spec = wb(0);
    spec.batch_size = 1;
    spec.rate_limit_per_s = 100; // one row per 10 ms
    let script = [(0, Write(0, 1)), (100, Write(1, 2)), (200, Write(2, 3))];
    let (_, ev) = run(quiet(Policy::WriteBehind(Box::new(spec))), &script);
    // Without a limit the three would go one after another as each flush is
    // acked (9 ms apart); with it, each flush waits 10 ms after the last sent.
    assert_eq!(at(&ev, "flush-sent"), [500, 10_500, 20_500]);
}

#[test]
fn write_behind_retries_forever_until_the_store_is_back() {
    let mut spec = wb(0);
    spec.retry.attempts = 0;
    spec.retry.backoff_us = 1_000;
    spec.retry.after_last = dirtybit_sim::policy::AfterLastRetry::Forever;
    let script = [
        (0, Fault(Fault::StoreOutage { duration_us: 300_000 })),
        (1, Write(0, 1)),
    ];
    let (sim, ev) = run(quiet(Policy::WriteBehind(Box::new(spec))), &script);
    // Delays 1, 2, 4, ... 64 ms, then 64 ms each: the first success comes after the outage.
    assert!(ev.iter().any(|e| e.to_string().contains("retry in 64 ms")));
    assert!(
        !ev.iter().any(|e| e.to_string().contains("retry in 128 ms")),
        "capped at 64x"
    );
    assert_eq!(sim.store().read(Key(0)).unwrap().value, Value(1));
    assert_eq!(sim.metrics().writes_lost, 0);
}

#[test]
fn the_store_pool_makes_operations_wait_for_a_connection() {
    let mut s = quiet(Policy::ReadThrough(CacheAside::default()));
    s.store.pool_size = 1;
    let (sim, ev) = run(s, &[(0, Read(0)), (0, Read(1)), (0, Read(2))]);
    // All three reach the store at 2 ms; one runs (until 12), the others wait:
    // 12..22 and 22..32. The last answer lands at 32 + 1 + 0.5 + 0.5 = 34 ms.
    assert_eq!(counts(&ev)["store-queued"], 2);
    assert_eq!(at(&ev, "store-read"), [12_000, 22_000, 32_000]);
    assert_eq!(sim.metrics().read_latency.max().0, 34_000);
}

#[test]
fn the_loss_window_and_queue_totals_come_from_the_core() {
    // Writes k0 = 1, k0 = 2, k1 = 3 are taken at 0.5, 1.5 and 2.5 ms and
    // acknowledged once set, 0.5 ms later (the ledger's acked_at: 1, 2, 3
    // ms); at 5 ms none is flushed (ripe at 10.5 ms): the oldest is 4 ms old.
    let script = [(0, Write(0, 1)), (1_000, Write(0, 2)), (2_000, Write(1, 3))];
    let mut sim = Sim::new(quiet(Policy::WriteBehind(Box::new(wb(10))))).unwrap();
    for (at, input) in &script {
        let _ = sim.run_until(SimTime(*at));
        if let Write(k, v) = input {
            sim.submit(Op::Write {
                key: Key(*k),
                value: Value(*v),
            })
            .unwrap();
        }
    }
    let _ = sim.run_until(SimTime(5_000));
    let window = sim.loss_window();
    assert_eq!(window.writes.len(), 3);
    assert_eq!(window.oldest_age, Some(dirtybit_sim::time::Micros(4_000)));
    let totals = sim.behind_totals().unwrap();
    assert_eq!(
        (totals.queued, totals.log),
        (2, None),
        "k0's two writes coalesced"
    );
    let capacity = sim.scenario().cache.capacity;
    assert_eq!(sim.cache_held(), (2, capacity), "k0 and k1 are held, dirty");
    // With an fsync per write, nothing is at risk once the fsyncs are done.
    let mut spec = wb(10);
    spec.wal = WalSpec::FsyncEveryWrite;
    let mut sim = Sim::new(quiet(Policy::WriteBehind(Box::new(spec)))).unwrap();
    sim.submit(Op::Write {
        key: Key(0),
        value: Value(1),
    })
    .unwrap();
    let _ = sim.run_until(SimTime(5_000));
    assert_eq!(sim.loss_window(), dirtybit_sim::sim::LossWindow::default());
    assert_eq!(sim.behind_totals().unwrap().log, Some((1, 1)));
    // With a group commit every 10 ms, the record waits unsynced until then.
    let mut spec = wb(10);
    spec.wal = WalSpec::GroupCommit {
        interval_us: 10_000,
        ack_after_fsync: false,
    };
    let mut sim = Sim::new(quiet(Policy::WriteBehind(Box::new(spec)))).unwrap();
    sim.submit(Op::Write {
        key: Key(0),
        value: Value(1),
    })
    .unwrap();
    let _ = sim.run_until(SimTime(5_000));
    assert_eq!(sim.behind_totals().unwrap().log, Some((1, 0)));
    assert!(Sim::new(quiet(Policy::default()))
        .unwrap()
        .behind_totals()
        .is_none());
}
