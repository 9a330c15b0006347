//! Tests written for mutants cargo-mutants found alive (docs/reliability.md
//! lists them): each checks a fact no other test checked, and fails on the
//! mutant named beside it.

mod common;

use dirtybit_sim::event::EventKind;
use dirtybit_sim::policy::{Policy, WriteBehind};
use dirtybit_sim::standby::StandbySpec;
use dirtybit_sim::time::SimTime;
use dirtybit_sim::wal::{LogRecord, Wal, WalSpec};
use dirtybit_sim::workload::Arrivals;
use dirtybit_sim::{Fault, Key, Op, Scenario, Sim, Value, Version};

/// A run of `s` with a write of k`n` = `n + 1` submitted at each instant of
/// `writes` (`(n, at_us)`, in order), run up to the last of them.
fn with_writes(s: Scenario, writes: &[(u32, u64)]) -> Sim {
    let mut sim = Sim::new(s).unwrap();
    for &(k, at) in writes {
        let _ = sim.run_until(SimTime(at));
        sim.submit(Op::Write {
            key: Key(k),
            value: Value(u64::from(k) + 1),
        })
        .unwrap();
    }
    sim
}

/// `CacheSpec::validate`, `StoreSpec::validate`, `WalSpec::validate`
/// replaced by `Ok(())`, and the group commit's arm deleted.
#[test]
fn each_part_refuses_its_bad_field_by_its_path() {
    let field = |s: Scenario| s.validate().unwrap_err().field;
    let mut s = Scenario::default();
    s.cache.capacity = 0;
    assert_eq!(field(s), "cache.capacity");
    let mut s = Scenario::default();
    s.store.pool_size = 0;
    assert_eq!(field(s), "store.pool_size");
    let mut s = Scenario::default();
    s.store.standby = Some(StandbySpec {
        failover_us: u64::MAX,
        ..StandbySpec::default()
    });
    assert_eq!(field(s), "store.standby.failover_us");
    let s = Scenario {
        policy: Policy::WriteBehind(Box::new(WriteBehind {
            wal: WalSpec::GroupCommit {
                interval_us: 0,
                ack_after_fsync: true,
            },
            ..WriteBehind::default()
        })),
        ..Scenario::default()
    };
    assert_eq!(field(s), "policy.wal.interval_us");
}

/// `Wal::holds` returning true, with `||` or `!=`; `Wal::truncate` doing nothing.
#[test]
fn a_log_holds_exactly_the_records_appended_and_a_checkpoint_drops_the_stored() {
    let mut w = Wal::default();
    let rec = |k: u32, v: u64, fsynced| LogRecord {
        key: Key(k),
        value: Value(v),
        version: Version(v),
        appended_at: SimTime::ZERO,
        fsynced,
        volatile_until: None,
    };
    assert!(!w.holds(Key(0), Version(1)), "an empty log holds nothing");
    w.append(rec(0, 1, true));
    w.append(rec(1, 2, false));
    assert!(w.holds(Key(0), Version(1)));
    assert!(!w.holds(Key(0), Version(2)), "the right key, another version");
    assert!(!w.holds(Key(1), Version(1)), "the right version, another key");
    w.truncate(|r| r.key == Key(0) || r.key == Key(1));
    let left: Vec<u32> = w.records().map(|r| r.key.0).collect();
    assert_eq!(left, vec![1], "only fsynced records the store holds go");
}

/// A process crash without a log (once `Sim::logged` returning true) without a log keeps nothing.
#[test]
fn a_process_crash_without_a_log_loses_the_queue() {
    let mut s = Scenario {
        policy: Policy::WriteBehind(Box::default()),
        ..Scenario::default()
    };
    s.workload.ops = 0;
    s.workload.keys = 2;
    let mut sim = with_writes(s, &[(0, 0)]);
    let _ = sim.run_until(SimTime(5_000));
    sim.inject(Fault::CacheProcessCrash { downtime_us: 1_000 });
    sim.run_to_end();
    assert_eq!(
        sim.ledger().counts().lost,
        1,
        "no log: nothing for the OS to keep"
    );
}

/// `Sim::truncate_log` doing nothing: after a flush is acknowledged the
/// log the page shows is empty.
#[test]
fn a_flushed_write_leaves_the_log() {
    let mut s = Scenario {
        policy: Policy::WriteBehind(Box::new(WriteBehind {
            write_delay_us: 1_000,
            wal: WalSpec::FsyncEveryWrite,
            ..WriteBehind::default()
        })),
        ..Scenario::default()
    };
    s.workload.ops = 0;
    s.workload.keys = 2;
    let mut sim = Sim::new(s).unwrap();
    sim.submit(Op::Write {
        key: Key(1),
        value: Value(5),
    })
    .unwrap();
    let mut saw_record = false;
    while let Some(e) = sim.step() {
        saw_record |= !sim.flush_queues()[0].log.is_empty();
        if matches!(e.kind, EventKind::FlushAcked { .. }) {
            break;
        }
    }
    assert!(saw_record, "the write was logged");
    assert!(
        sim.flush_queues()[0].log.is_empty(),
        "and left the log once stored"
    );
}

/// `Sim::steps` returning 0 or 1, `Sim::is_done` returning a constant;
/// `Store::busy`, `pool_size`, `rows`, `is_empty` returning constants.
#[test]
fn the_run_counts_its_steps_and_says_when_it_is_done_and_the_store_its_rows() {
    let mut s = Scenario::default();
    s.workload.ops = 3;
    s.workload.keys = 2;
    s.workload.read_percent = 0;
    s.store.preloaded = false;
    let mut sim = Sim::new(s).unwrap();
    assert!(sim.store().is_empty());
    assert_eq!((sim.store().busy(), sim.store().pool_size()), (0, 10));
    assert!(!sim.is_done());
    let mut n = 0;
    let mut busy = 0;
    while sim.step().is_some() {
        n += 1;
        busy = busy.max(sim.store().busy());
        assert_eq!(sim.steps(), n);
    }
    assert!(n > 3 && sim.is_done());
    assert!(busy >= 1, "the store's connections were used");
    assert_eq!(sim.store().busy(), 0, "and all given back");
    let rows = sim.store().rows().count();
    assert!(rows > 0);
    assert_eq!(rows, sim.store().len());
    assert!(!sim.store().is_empty());
}

fn one_write(policy: Policy, keys: u32) -> Sim {
    let mut s = Scenario {
        policy,
        ..Scenario::default()
    };
    s.workload.ops = 0;
    s.workload.keys = keys;
    with_writes(s, &[(0, 0)])
}

/// `Sim::in_flight`: its fields and each arm. Write-through, default hops:
/// the request is on its way to the cache node after it is sent, the
/// store's work runs from 1.5 ms, its answer travels from 8.5 ms, and the
/// client's answer from the cache set at 9.5 ms.
#[test]
fn what_is_in_flight_follows_one_write_through_the_parts() {
    let mut sim = one_write(Policy::WriteThrough(Default::default()), 2);
    let mut seen = Vec::new();
    while let Some(e) = sim.step() {
        let f = sim.in_flight();
        seen.push((
            e.kind.name(),
            f.to_cache,
            f.to_store,
            f.from_store,
            f.to_clients,
            f.store_busy,
        ));
        assert_eq!((f.store_pool, f.store_waiting), (10, 0));
    }
    assert_eq!(seen[0], ("sent", 1, 0, 0, 0, 0));
    assert_eq!(seen[1], ("write-received", 0, 1, 0, 0, 0));
    assert_eq!(seen[2], ("store-wrote", 0, 0, 1, 0, 0));
    assert_eq!(seen[3], ("cache-updated", 0, 0, 0, 1, 0));
    // A second write behind a one-connection pool waits for it.
    let mut s = Scenario {
        policy: Policy::WriteThrough(Default::default()),
        ..Scenario::default()
    };
    s.workload.ops = 0;
    s.store.pool_size = 1;
    let mut sim = with_writes(s, &[(0, 0), (1, 0)]);
    while let Some(e) = sim.step() {
        if e.kind.name() == "store-queued" {
            let f = sim.in_flight();
            assert_eq!((f.store_busy, f.store_waiting), (1, 1));
            return;
        }
    }
    panic!("the second write never waited");
}

/// `Sim::progress`: by operations, by time, and 1 at the end.
#[test]
fn progress_goes_by_operations_or_by_time_and_ends_at_one() {
    let mut s = Scenario::default();
    s.workload.ops = 10;
    s.workload.arrivals = dirtybit_sim::workload::Arrivals::Fixed { interval_us: 1_000 };
    let mut sim = Sim::new(s.clone()).unwrap();
    assert_eq!(sim.progress(), 0.0);
    while sim.metrics().ops_sent < 5 {
        let _ = sim.step();
    }
    assert_eq!(sim.progress(), 0.5);
    sim.run_to_end();
    assert_eq!(sim.progress(), 1.0);
    // A duration bounds it: half of 10 ms is half way, whatever the ops.
    s.workload.ops = 1_000;
    s.workload.duration_us = 10_000;
    let mut sim = Sim::new(s).unwrap();
    let _ = sim.run_until(SimTime(5_000));
    assert_eq!(sim.progress(), 0.5);
}

/// `Sim::below`: a commit in the log buffer is volatile and at risk there;
/// in a battery-backed cache it is neither.
#[test]
fn the_layers_view_counts_the_log_buffer_and_spares_a_backed_cache() {
    use dirtybit_sim::storage::{StorageSpec, SyncMode, WriteCache};
    let run = |sync, write_cache| {
        let mut s = Scenario {
            policy: Policy::WriteThrough(Default::default()),
            ..Scenario::default()
        };
        s.workload.ops = 0;
        s.workload.keys = 2;
        s.store.storage = Some(StorageSpec {
            sync,
            write_cache,
            ..StorageSpec::default()
        });
        let mut sim = with_writes(s, &[(0, 0)]);
        let _ = sim.run_until(SimTime(50_000));
        sim.below().unwrap()
    };
    let v = run(SyncMode::LogBuffer, WriteCache::None);
    assert_eq!(v.at_risk, [1, 0, 0]);
    assert_eq!(v.volatile, vec![Key(0)]);
    let v = run(SyncMode::Fdatasync, WriteCache::Backed);
    assert_eq!(v.at_risk, [0, 0, 0]);
    assert!(v.volatile.is_empty(), "a backed cache is safe");
}

/// `Sim::cache_restarts_at`: none while up, the crash's instant plus the
/// downtime while down.
#[test]
fn a_crashed_node_says_when_it_restarts() {
    let mut sim = one_write(Policy::WriteBehind(Box::default()), 2);
    assert_eq!(sim.cache_restarts_at(), None);
    let _ = sim.run_until(SimTime(3_000));
    sim.inject(Fault::CrashCache { downtime_us: 7_000 });
    let _ = sim.step();
    assert_eq!(sim.cache_restarts_at(), Some(SimTime(10_000)));
}

/// `Sim::burst`: a burst of 4 writes to one key over 8 ms, every 100 ms.
#[test]
fn a_burst_writes_one_key_across_its_window() {
    let mut s = Scenario::default();
    s.workload.ops = 1_000;
    s.workload.read_percent = 100;
    s.workload.keys = 8;
    s.workload.arrivals = dirtybit_sim::workload::Arrivals::Fixed { interval_us: 50_000 };
    s.workload.burst = Some(dirtybit_sim::workload::Burst {
        writes: 4,
        window_us: 8_000,
        every_us: 100_000,
    });
    let mut sim = Sim::new(s).unwrap();
    let mut writes = Vec::new();
    while let Some(e) = sim.step_before(SimTime(210_000)) {
        if let EventKind::Sent {
            request: Op::Write { key, .. },
            ..
        } = e.kind
        {
            writes.push((e.at.0, key));
        }
    }
    let at: Vec<u64> = writes.iter().map(|w| w.0).collect();
    assert_eq!(
        at,
        vec![100_000, 102_000, 104_000, 106_000, 200_000, 202_000, 204_000, 206_000]
    );
    assert!(writes[..4].iter().all(|w| w.1 == writes[0].1), "one key a burst");
}

/// `Sim::submit`'s range; `run_steps` and `run_until` count what they ran;
/// the at-risk gauge is acknowledged less durable less lost.
#[test]
fn a_request_by_hand_must_name_a_key_and_runs_count_their_steps() {
    let mut sim = one_write(Policy::WriteThrough(Default::default()), 2);
    assert!(sim.submit(Op::Read { key: Key(2) }).is_err());
    assert!(sim.submit(Op::Read { key: Key(1) }).is_ok());
    assert_eq!(sim.run_steps(3), 3);
    assert_eq!(sim.steps(), 3);
    let ran = sim.run_until(SimTime(50_000));
    assert_eq!(sim.steps(), 3 + ran);
    let mut s = sim.scenario().clone();
    s.sample_us = 10_000;
    let mut sim = with_writes(s, &[(0, 0)]);
    let _ = sim.run_until(SimTime(30_000));
    let gauges: Vec<u64> = sim.series().points().iter().map(|p| p.at_risk).collect();
    assert!(!gauges.is_empty() && gauges.iter().all(|g| *g == 0), "{gauges:?}");
    // Write-behind: at risk once acknowledged (at 1.5 ms), then lost in a
    // crash at 15 ms; neither durable nor lost writes count after.
    let mut s = Scenario {
        policy: Policy::WriteBehind(Box::default()),
        sample_us: 10_000,
        ..Scenario::default()
    };
    s.workload.ops = 0;
    s.workload.keys = 2;
    let mut sim = with_writes(s, &[(0, 0)]);
    let _ = sim.run_until(SimTime(15_000));
    sim.inject(Fault::CrashCache { downtime_us: 1_000 });
    let _ = sim.run_until(SimTime(17_000));
    // A read after the restart keeps the run (and its sampling) going.
    sim.submit(Op::Read { key: Key(1) }).unwrap();
    sim.run_to_end();
    let gauges: Vec<u64> = sim.series().points().iter().map(|p| p.at_risk).collect();
    assert_eq!(gauges[..2], [1, 0], "{gauges:?}");
    assert_eq!(sim.ledger().counts().lost, 1);
}

fn behind(wb: WriteBehind) -> Scenario {
    let mut s = Scenario {
        policy: Policy::WriteBehind(Box::new(wb)),
        ..Scenario::default()
    };
    s.workload.ops = 0;
    s.workload.keys = 4;
    s
}

/// The flushes of `writes` (key, instant): when each was sent and how many
/// entries it carried.
fn flushes(s: Scenario, writes: &[(u32, u64)]) -> Vec<(u64, u32)> {
    let mut sim = with_writes(s, writes);
    let mut out = Vec::new();
    while let Some(e) = sim.step() {
        if let EventKind::FlushSent { entries, .. } = e.kind {
            out.push((e.at.0, entries.len() as u32));
        }
    }
    out
}

/// `Behind::pressing` (`flush_at_len`): three writes accepted at 0.5, 1.5
/// and 2.5 ms; at three waiting entries the flusher sends at once, all
/// three, instead of waiting out the 1 s delay.
#[test]
fn a_queue_as_long_as_flush_at_len_is_flushed_at_once() {
    let s = behind(WriteBehind {
        flush_at_len: 3,
        ..WriteBehind::default()
    });
    let f = flushes(s, &[(0, 0), (1, 1_000), (2, 2_000)]);
    assert_eq!(f, vec![(2_500, 3)]);
    // Without it, the first is ripe a second after it was accepted, alone
    // (the others ripen 1 and 2 ms later, each flushed on its own).
    let f = flushes(behind(WriteBehind::default()), &[(0, 0), (1, 1_000), (2, 2_000)]);
    assert_eq!(f[0], (1_000_500, 1), "{f:?}");
}

/// `Behind::ride_along` (`batch_factor_percent`): delay 100 ms, factor 50 %:
/// at 100.5 ms the first entry is ripe and the one ripening at 140.5 ms
/// (within 50 ms) rides along; the one ripening at 160.5 ms does not.
#[test]
fn entries_ripening_within_the_batch_factor_ride_along() {
    let s = behind(WriteBehind {
        write_delay_us: 100_000,
        batch_factor_percent: 50,
        ..WriteBehind::default()
    });
    let f = flushes(s, &[(0, 0), (1, 40_000), (2, 60_000)]);
    assert_eq!(f[0], (100_500, 2), "{f:?}");
    assert_eq!(f.len(), 2, "{f:?}");
}

/// `Behind::plan` beyond the next flush (the plan property checks that
/// one only): delay 10 ms, one entry a flush, at most 100 flushes a
/// second. Writes accepted at 0.5, 1.5, 2.5 and 3.5 ms ripen 10 ms later;
/// k0 goes at 10.5 ms, and the next flush may go 10 ms after it, at 20.5,
/// then 30.5 and 40.5 ms. At 12 ms only k1 is ripe; at 15 ms all three
/// waiting are, each in its own flush, in order.
#[test]
fn the_flush_view_plans_every_flush_to_come_and_says_which_are_ripe() {
    let s = behind(WriteBehind {
        write_delay_us: 10_000,
        batch_size: 1,
        rate_limit_per_s: 100,
        coalescing: false,
        ..WriteBehind::default()
    });
    let mut sim = with_writes(s, &[(0, 0), (1, 1_000), (2, 2_000), (3, 3_000)]);
    let view = |sim: &Sim| -> Vec<(u32, bool, u32)> {
        sim.flush_queues()[0]
            .waiting
            .iter()
            .map(|w| (w.entry.key.0, w.ripe, w.batch))
            .collect()
    };
    let _ = sim.run_until(SimTime(12_000));
    assert_eq!(view(&sim), vec![(1, true, 0), (2, false, 1), (3, false, 2)]);
    let _ = sim.run_until(SimTime(15_000));
    assert_eq!(view(&sim), vec![(1, true, 0), (2, true, 1), (3, true, 2)]);
    let f: Vec<u64> = std::iter::from_fn(|| sim.step())
        .filter(|e| e.kind.name() == "flush-sent")
        .map(|e| e.at.0)
        .collect();
    assert_eq!(f, vec![20_500, 30_500, 40_500]);
}

/// `Behind::plan`'s rate limit with batches of two: at 100 flushes a second
/// the flusher may send again 10 ms an entry after a flush, by when two more
/// entries are ripe and go together (k0 | k1 k2 | k3); at 1,000 a second it
/// may send again 1 ms an entry later, when only one more is (k0 | k1 | k2
/// | k3). The plan counts each flush answered at once (its documented
/// assumption); the flusher waits for the store's answer, 9 ms (1 there,
/// 5 for a row, 2 to commit, 1 back): at 100 a second the rate limit is the
/// longer wait and the flushes sent are the plan's; at 1,000 the answer is,
/// and k1 and k2 go together at 19.5 ms.
#[test]
fn the_flush_view_groups_by_what_is_ripe_when_the_rate_limit_lets_a_flush_go() {
    for (rate, batches, sizes) in [
        (100, vec![0, 1, 1, 2], vec![1, 2, 1]),
        (1_000, vec![0, 1, 2, 3], vec![1, 2, 1]),
    ] {
        let s = behind(WriteBehind {
            write_delay_us: 10_000,
            batch_size: 2,
            rate_limit_per_s: rate,
            coalescing: false,
            ..WriteBehind::default()
        });
        let mut sim = with_writes(s, &[(0, 0), (1, 1_000), (2, 2_000), (3, 3_000)]);
        let _ = sim.run_until(SimTime(5_000));
        let planned: Vec<u32> = sim.flush_queues()[0].waiting.iter().map(|w| w.batch).collect();
        assert_eq!(planned, batches, "rate {rate}");
        let sent: Vec<u32> = std::iter::from_fn(|| sim.step())
            .filter_map(|e| match e.kind {
                EventKind::FlushSent { entries, .. } => Some(entries.len() as u32),
                _ => None,
            })
            .collect();
        assert_eq!(sent, sizes, "rate {rate}");
    }
}

/// `Behind::plan`: entries ripening at the same instant as the head go in
/// its flush (two writes sent together, batches of two: one flush).
#[test]
fn entries_ripe_with_the_head_go_in_its_flush() {
    let s = behind(WriteBehind {
        write_delay_us: 10_000,
        batch_size: 2,
        coalescing: false,
        ..WriteBehind::default()
    });
    let mut sim = with_writes(s, &[(0, 0), (1, 0)]);
    let _ = sim.run_until(SimTime(5_000));
    let planned: Vec<u32> = sim.flush_queues()[0].waiting.iter().map(|w| w.batch).collect();
    assert_eq!(planned, vec![0, 0]);
    let sent: Vec<usize> = std::iter::from_fn(|| sim.step())
        .filter_map(|e| match e.kind {
            EventKind::FlushSent { entries, .. } => Some(entries.len()),
            _ => None,
        })
        .collect();
    assert_eq!(sent, vec![2]);
}

/// Every event of `sim` from now to the end.
fn rest(sim: &mut Sim) -> Vec<dirtybit_sim::Event> {
    std::iter::from_fn(|| sim.step()).collect()
}

fn quiet(policy: Policy) -> Scenario {
    let mut s = Scenario {
        policy,
        ..Scenario::default()
    };
    s.workload.ops = 0;
    s.workload.keys = 3;
    s
}

/// `at_cache`'s guard for a node that is down (`!self.cache_up()` to
/// false): a write reaching a crashed node fails at once, as the node is
/// down, and never reaches the store.
#[test]
fn a_write_that_finds_the_node_down_fails_and_goes_no_further() {
    let mut sim = with_writes(quiet(Policy::WriteThrough(Default::default())), &[]);
    sim.inject(Fault::CrashCache { downtime_us: 100_000 });
    sim.submit(Op::Write {
        key: Key(0),
        value: Value(1),
    })
    .unwrap();
    let ev = rest(&mut sim);
    let failed: Vec<_> = ev
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Failed { reason, .. } => Some(reason),
            _ => None,
        })
        .collect();
    assert_eq!(failed, vec![dirtybit_sim::event::FailReason::CacheDown]);
    assert_eq!(sim.metrics().store_writes, 0);
}

/// `store_reply`'s orphaned cache write (its guard to false; its
/// `Answer::Wrote` arm deleted): the store's answer to a write-through
/// write reaches a node that crashed since; the client is told it failed
/// (the node crashed with it), never acknowledged, and the ledger forgets
/// the write it will never acknowledge, although the store has it.
#[test]
fn the_answer_to_a_write_the_crashed_node_sent_is_an_orphan() {
    // At the node at 0.5 ms, at the store at 1.5 ms, written by 8.5 ms
    // (5 ms row, 2 ms commit), the answer at the node at 9.5 ms: the node
    // crashed at 5 ms.
    let mut sim = with_writes(quiet(Policy::WriteThrough(Default::default())), &[(0, 0)]);
    let _ = sim.run_until(SimTime(5_000));
    sim.inject(Fault::CrashCache { downtime_us: 100_000 });
    let ev = rest(&mut sim);
    assert!(!ev.iter().any(|e| e.kind.name() == "write-acked"));
    let failed: Vec<_> = ev
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Failed { reason, .. } => Some((e.at, reason)),
            _ => None,
        })
        .collect();
    assert_eq!(
        failed,
        vec![(SimTime(10_000), dirtybit_sim::event::FailReason::CacheCrashed)]
    );
    assert_eq!(sim.store().read(Key(0)).map(|v| v.value), Some(Value(1)));
    assert_eq!(sim.ledger().open_len(), 0, "nothing left open");
    assert_eq!(sim.ledger().counts().acked, 0);
}

/// `app_invalidate`'s cache-aside arm deleted: with `on_write` update the
/// application sets the cached entry to what it wrote, rather than
/// deleting it.
#[test]
fn cache_aside_set_on_write_updates_the_entry() {
    use dirtybit_sim::policy::{CacheAside, OnWrite};
    for (on_write, event, held) in [
        (OnWrite::Update, "cache-updated", Some(Value(1))),
        (OnWrite::Invalidate, "invalidated", None),
    ] {
        // A read fills k0 first (a hit later shows what is held).
        let mut sim = Sim::new(quiet(Policy::CacheAside(CacheAside { on_write }))).unwrap();
        sim.submit(Op::Read { key: Key(0) }).unwrap();
        let _ = rest(&mut sim);
        sim.submit(Op::Write {
            key: Key(0),
            value: Value(1),
        })
        .unwrap();
        let ev = rest(&mut sim);
        assert!(ev.iter().any(|e| e.kind.name() == event), "{on_write:?}");
        let cached = sim
            .cache_entries()
            .iter()
            .find(|e| e.key == Key(0))
            .and_then(|e| e.held)
            .map(|v| v.value);
        assert_eq!(cached, held, "{on_write:?}");
    }
}

fn delayed(delay_us: u64) -> WriteBehind {
    WriteBehind {
        write_delay_us: delay_us,
        ..WriteBehind::default()
    }
}

/// `flush_done`'s eviction count (`+=` to `*=`): a dirty LRU victim leaves
/// when its flush is acknowledged, and the acknowledgement counts it.
#[test]
fn a_flush_that_lets_a_dirty_victim_leave_counts_it() {
    let mut s = quiet(Policy::WriteBehind(Box::new(delayed(10_000))));
    s.cache.capacity = 1;
    let mut sim = with_writes(s, &[(0, 0), (1, 1_000)]);
    let ev = rest(&mut sim);
    let acks: Vec<u32> = ev
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::FlushAcked { evicted, .. } => Some(evicted),
            _ => None,
        })
        .collect();
    assert_eq!(acks.first(), Some(&1), "{acks:?}");
}

/// `flush_failed`'s lost count (`+=` to `*=`) and its match of the writers
/// waiting for a dropped flush (`==` to `!=`, `>=` to `<`, `&&` to `||`).
/// The store is down; a queue of one entry: k2 = 3 (at 0) is taken and
/// acknowledged at 1.5 ms, ripe at 10.5 ms; k0 = 1 (at 1 ms) and k1 = 2 (at
/// 1.2 ms) find the queue full and wait for their own flushes (sync-flush),
/// both at version 2. k0's flush leaves at 1.5 ms, fails at the store at
/// 2.5 ms and, with no retry, is dropped at 3.5 ms: its writer (not yet
/// acknowledged: 0 acknowledged writes lost) is told at 4 ms; k1's writer,
/// whose entry the flush did not carry, still waits, until its own flush
/// (3.5 ms) is dropped at 5.5 ms (told at 6 ms). k2's, at 12.5 ms, loses
/// its acknowledged write.
#[test]
fn a_dropped_flush_fails_its_own_waiting_writer_and_counts_its_write() {
    use dirtybit_sim::event::{AfterFailure, FailReason};
    use dirtybit_sim::policy::{AfterLastRetry, BackPressure, Retry};
    let wb = WriteBehind {
        queue_capacity: 1,
        back_pressure: BackPressure::SyncFlush,
        retry: Retry {
            attempts: 0,
            backoff_us: 1_000,
            after_last: AfterLastRetry::Drop,
        },
        ..delayed(10_000)
    };
    let mut sim = Sim::new(quiet(Policy::WriteBehind(Box::new(wb)))).unwrap();
    sim.inject(Fault::StoreDown);
    for (k, at) in [(2u32, 0u64), (0, 1_000), (1, 1_200)] {
        let _ = sim.run_until(SimTime(at));
        sim.submit(Op::Write {
            key: Key(k),
            value: Value(u64::from(k) + 1),
        })
        .unwrap();
    }
    let ev = rest(&mut sim);
    let drops: Vec<u32> = ev
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::FlushFailed {
                next: AfterFailure::Dropped { lost },
                ..
            } => Some(lost),
            _ => None,
        })
        .collect();
    assert_eq!(drops, vec![0, 0, 1]);
    let failed: Vec<(u64, Key, FailReason)> = ev
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Failed { request, reason, .. } => Some((e.at.0, request.key(), reason)),
            _ => None,
        })
        .collect();
    assert_eq!(
        failed,
        vec![
            (4_000, Key(0), FailReason::StoreDown),
            (6_000, Key(1), FailReason::StoreDown)
        ]
    );
}

/// `flush_orphaned` replaced by `None`: a flush the crashed node had sent
/// fails at the store; nobody is left to retry it, so its acknowledged
/// write is lost when that failure comes back, and the event says so.
#[test]
fn a_failed_flush_of_a_crashed_node_loses_its_writes_when_the_failure_returns() {
    // k0 = 1 is taken at 0.5 ms and acknowledged; its flush leaves at once,
    // reaches the store (down) at 1.5 ms and fails; the failure is back at
    // 2.5 ms. The node crashed at 1.2 ms: the crash left k0 to that flush.
    let mut sim = Sim::new(quiet(Policy::WriteBehind(Box::new(delayed(0))))).unwrap();
    sim.inject(Fault::StoreDown);
    sim.submit(Op::Write {
        key: Key(0),
        value: Value(1),
    })
    .unwrap();
    let _ = sim.run_until(SimTime(1_200));
    sim.inject(Fault::CrashCache { downtime_us: 50_000 });
    assert_eq!(sim.ledger().counts().lost, 0, "not the crash's to lose");
    let ev = rest(&mut sim);
    let orphaned: Vec<_> = ev
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::FlushOrphaned { entries, lost } => Some((e.at.0, *entries, lost.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(orphaned, vec![(2_500, 1, vec![(Key(0), Value(1))])]);
    assert_eq!(sim.ledger().counts().lost, 1);
}

/// `flush_tick`'s count of entries riding along (`>` to `==`): as in the
/// batch-factor run above, with k2 written at 45 ms instead: the flush at
/// 100.5 ms carries k0 (ripe then), k1 and k2 (ripe at 140.5 and 145.5 ms,
/// within half the delay): two ride along, the ripe one does not.
#[test]
fn a_flush_counts_the_entries_that_ride_along() {
    let s = behind(WriteBehind {
        write_delay_us: 100_000,
        batch_factor_percent: 50,
        ..WriteBehind::default()
    });
    let mut sim = with_writes(s, &[(0, 0), (1, 40_000), (2, 45_000)]);
    let sent: Vec<(u64, u32)> = rest(&mut sim)
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::FlushSent { ride_along, .. } => Some((e.at.0, ride_along)),
            _ => None,
        })
        .collect();
    assert_eq!(sent[0], (100_500, 2), "{sent:?}");
}

/// `group_fsync`'s event (`!` deleted): a group commit that synced records
/// says so. The write taken at 0.5 ms is appended by 0.51 ms; the group's
/// fsync comes 4 ms later, at 4.51 ms, and acknowledges it.
#[test]
fn a_group_commit_says_what_it_synced() {
    let wb = WriteBehind {
        wal: WalSpec::GroupCommit {
            interval_us: 4_000,
            ack_after_fsync: true,
        },
        ..delayed(1_000_000)
    };
    let mut sim = with_writes(quiet(Policy::WriteBehind(Box::new(wb))), &[(0, 0)]);
    let fsyncs: Vec<(u64, u32, u32)> = rest(&mut sim)
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::LogFsynced { records, acked, .. } => Some((e.at.0, records, acked)),
            _ => None,
        })
        .collect();
    assert_eq!(fsyncs, vec![(4_510, 1, 1)]);
}

/// `flush_done`'s match of the writers waiting for a flush (`==` to `!=`,
/// `&&` to `||`) and its count of them (`+=` to `*=`): as in the dropped-flush run, k0 = 1 and k1 = 2 (both
/// version 2) wait for their own flushes, the store up this time. k0's
/// flush leaves at 1.5 ms and is acknowledged at 10.5 ms (1 ms there, 5 ms
/// row, 2 ms commit, 1 ms back): only k0's writer has its answer then (at
/// the client at 11 ms); k1's flush leaves at 10.5 ms with k2 (ripe then),
/// two rows, 12 ms of work: acknowledged at 24.5 ms, k1's writer has it at
/// 25 ms.
#[test]
fn a_flush_answers_only_the_writers_waiting_for_its_entries() {
    use dirtybit_sim::policy::BackPressure;
    let wb = WriteBehind {
        queue_capacity: 1,
        back_pressure: BackPressure::SyncFlush,
        ..delayed(10_000)
    };
    let mut sim = Sim::new(quiet(Policy::WriteBehind(Box::new(wb)))).unwrap();
    let mut ev = Vec::new();
    for (k, at) in [(2u32, 0u64), (0, 1_000), (1, 1_200)] {
        ev.extend(std::iter::from_fn(|| sim.step_before(SimTime(at))));
        let _ = sim.run_until(SimTime(at));
        sim.submit(Op::Write {
            key: Key(k),
            value: Value(u64::from(k) + 1),
        })
        .unwrap();
    }
    ev.extend(rest(&mut sim));
    let acked: Vec<(u64, Key)> = ev
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::WriteAcked { key, .. } => Some((e.at.0, key)),
            _ => None,
        })
        .collect();
    assert_eq!(acked, vec![(1_500, Key(2)), (11_000, Key(0)), (25_000, Key(1))]);
    let unblocked: Vec<(u64, u32)> = ev
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::FlushAcked { unblocked, .. } => Some((e.at.0, unblocked)),
            _ => None,
        })
        .collect();
    assert_eq!(unblocked, vec![(10_500, 1), (24_500, 1)]);
}

/// `Behind::plan`'s count of the entries left for a later flush
/// (`entries.len() - plan.len()` to `+`): with `flush_at_len` 3 only the
/// flushes planned while three or more wait take everything; the later
/// ones wait for their heads' ripeness again. Delay 100 ms, batches of 2:
/// k0 and k1 (at 0 and 10 ms) went at 20.5 ms, when k2 and k3 (at 20 ms)
/// made three wait; that flush is still out at 31.6 ms (12 ms of work:
/// back at 34.5 ms). Waiting then: k2 and k3 (ripe at 120.5 ms), k4 (ripe
/// at 130.5) and k5 (131.5). Four wait: the next flush takes k2 and k3;
/// then two are left, fewer than three, so the one after goes when k4 is
/// ripe and k5, not ripe by then, waits for a third.
#[test]
fn only_the_flushes_planned_while_the_queue_is_long_take_everything() {
    let mut s = behind(WriteBehind {
        write_delay_us: 100_000,
        batch_size: 2,
        flush_at_len: 3,
        coalescing: false,
        ..WriteBehind::default()
    });
    s.workload.keys = 8;
    let writes = [
        (0, 0),
        (1, 10_000),
        (2, 20_000),
        (3, 20_000),
        (4, 30_000),
        (5, 31_000),
    ];
    let mut sim = with_writes(s, &writes);
    let _ = sim.run_until(SimTime(31_600));
    let q = &sim.flush_queues()[0];
    let out: Vec<u32> = q.in_flight.iter().map(|e| e.key.0).collect();
    assert_eq!(out, vec![0, 1]);
    let plan: Vec<(u32, u32)> = q.waiting.iter().map(|w| (w.entry.key.0, w.batch)).collect();
    assert_eq!(plan, vec![(2, 0), (3, 0), (4, 1), (5, 2)]);
}

/// `Generator::has_more`'s `now < duration_us` to `<=`: a run of 1 ms with
/// an operation every 100 µs sends at 0, 100, ..., 900 µs: ten, none at
/// the instant the duration ends.
#[test]
fn a_run_with_a_duration_sends_nothing_at_its_end() {
    let mut s = Scenario::default();
    s.workload.ops = 1_000;
    s.workload.duration_us = 1_000;
    s.workload.arrivals = Arrivals::Fixed { interval_us: 100 };
    let mut sim = Sim::new(s).unwrap();
    let _ = sim.run_to_end();
    assert_eq!(sim.metrics().ops_sent, 10);
}

/// `Workload::validate`: the day that bounds `duration_us` and a script's
/// `at_us` (`24 * MAX_US` with `*` turned to `+`), and the refused Zipf
/// exponent's message (`* 100.0` turned to `+` or `/`; the sign).
#[test]
fn a_workload_may_last_a_day_and_a_bad_exponent_is_quoted_exactly() {
    use dirtybit_sim::workload::{Popularity, ScriptKind, ScriptedOp, Workload};
    let day = 24 * 60 * 60 * 1_000_000;
    let mut w = Workload {
        duration_us: day,
        ..Workload::default()
    };
    assert_eq!(w.validate(), Ok(()));
    w.duration_us = day + 1;
    assert_eq!(w.validate().unwrap_err().field, "workload.duration_us");
    w.duration_us = 0;
    let at = |at_us| ScriptedOp {
        at_us,
        op: ScriptKind::Write,
        key: 0,
        value: None,
    };
    w.script = vec![at(day)];
    assert_eq!(w.validate(), Ok(()));
    w.script = vec![at(1), at(day + 1)];
    assert_eq!(w.validate().unwrap_err().field, "workload.script[1].at_us");
    w.script.clear();
    for (exponent, shown) in [
        (5.5, "5.50"),
        (-1.25, "-1.25"),
        (-0.001, "-0.00"),
        (12.0, "12.00"),
    ] {
        w.popularity = Popularity::Zipf { exponent };
        let e = w.validate().unwrap_err();
        assert_eq!(e.field, "workload.popularity.exponent");
        assert_eq!(e.message, format!("must be 0..=5, got {shown}"));
    }
}

/// `Generator::next_key`'s cold keys (`hot + below(n - hot)` with `-`
/// turned to `/`): with no traffic to the hot set, every cold key is
/// drawn and no hot one.
#[test]
fn a_hot_set_without_traffic_draws_every_cold_key_and_no_hot_one() {
    use dirtybit_sim::workload::Popularity;
    let mut s = Scenario::default();
    s.workload.keys = 10;
    s.workload.ops = 2_000;
    s.workload.read_percent = 0;
    // 20 % of 10 keys: k0 and k1 are hot, k2..=k9 cold.
    s.workload.popularity = Popularity::HotSet {
        keys_percent: 20,
        traffic_percent: 0,
    };
    let mut sim = Sim::new(s).unwrap();
    let mut drawn = [0u32; 10];
    while let Some(e) = sim.step() {
        if let EventKind::Sent { request, .. } = e.kind {
            drawn[request.key().0 as usize] += 1;
        }
    }
    assert_eq!(drawn[..2], [0, 0], "{drawn:?}");
    assert!(drawn[2..].iter().all(|&n| n > 0), "{drawn:?}");
    assert_eq!(drawn.iter().sum::<u32>(), 2_000);
}

/// `Workload::ops_iter` emptied: it yields the operations a run sends,
/// in order (the benchmark replays them against bare caches).
#[test]
fn ops_iter_yields_the_operations_a_run_sends() {
    let mut s = Scenario::default();
    s.workload.ops = 300;
    s.workload.keys = 50;
    s.seed = 41;
    let expected: Vec<Op> = s.workload.ops_iter(s.seed).collect();
    let mut sim = Sim::new(s).unwrap();
    let mut sent = Vec::new();
    while let Some(e) = sim.step() {
        if let EventKind::Sent { request, .. } = e.kind {
            sent.push(request);
        }
    }
    assert_eq!(sent.len(), 300);
    assert_eq!(expected, sent);
}

/// The standby's views and bookkeeping, by hand: `Stage::label` replaced
/// by a made-up word, `keys` and `unflushed` emptied, `is_down` and `life`
/// by constants, `crash`'s life count `+=` turned to `*=`, `applied`
/// doing nothing, `hear`'s `>` turned to `>=`.
#[test]
fn a_standby_shows_its_rows_stages_and_lives() {
    use dirtybit_sim::standby::{Stage, Standby};
    use dirtybit_sim::storage::CrashKind;
    use dirtybit_sim::Versioned;
    let labels: Vec<&str> = Stage::ALL.iter().map(|s| s.label()).collect();
    assert_eq!(labels, ["received", "flushed", "applied"]);

    let row = |v: u64| Versioned {
        value: Value(v * 10),
        version: Version(v),
    };
    let mut s = Standby::new(&StandbySpec::default(), 3);
    s.preload(Key(1), row(1));
    let held: Vec<(u32, Option<Versioned>)> = s.keys().map(|(k, r)| (k.0, r.flushed)).collect();
    assert_eq!(held, [(0, None), (1, Some(row(1))), (2, None)]);

    // Three rows shipped: k1 v2 at 1, k2 v3 at 2, k1 v4 at 3.
    for (k, v) in [(1, 2), (2, 3), (1, 4)] {
        assert!(s.ship(Key(k), row(v)).is_some());
    }
    let waiting = |s: &Standby| s.unflushed().map(|r| r.pos).collect::<Vec<u64>>();
    assert_eq!(waiting(&s), [1, 2, 3]);
    assert!(s.receive(1) && s.receive(2) && s.receive(3));
    assert_eq!(s.start_flush(), Some(3));
    assert_eq!(s.flushed(2).len(), 2);
    assert_eq!(waiting(&s), [3], "the flushed rows leave the primary's list");
    s.applied(2);
    s.applied(1);
    assert_eq!(s.positions(), (3, [3, 2, 2]), "applied moves forward only");

    assert!(s.hear(Stage::Flushed, 2), "news");
    assert!(!s.hear(Stage::Flushed, 2), "heard already");
    assert!(!s.hear(Stage::Flushed, 1), "older");
    assert_eq!(s.heard(), [0, 2, 0]);

    assert!(!s.is_down());
    assert_eq!(s.life(), 0);
    assert_eq!(s.crash(CrashKind::Os), 1, "received at 3, flushed to 2");
    assert!(s.is_down());
    assert_eq!(s.life(), 1);
    let again: Vec<u64> = s.restart().iter().map(|r| r.pos).collect();
    assert_eq!(again, [3]);
    assert!(!s.is_down());
    assert_eq!(s.crash(CrashKind::Process), 0);
    assert_eq!(s.life(), 2);
}

/// A write-behind scenario with no generated operations and a synchronous
/// backup member one 500 µs hop away.
fn backed_up() -> Scenario {
    use dirtybit_sim::cache::BackupSpec;
    use dirtybit_sim::latency::Latency;
    let mut s = Scenario {
        policy: Policy::WriteBehind(Box::new(WriteBehind {
            write_delay_us: 1_000_000,
            batch_size: 1,
            ..WriteBehind::default()
        })),
        ..Scenario::default()
    };
    s.workload.ops = 0;
    s.cache.backup = Some(BackupSpec {
        sync: true,
        hop_us: Latency::Fixed(500),
        takeover_us: 60_000_000,
    });
    s
}

/// The backup's count of copies (`Backup::held` by a constant, its
/// `landed <= now` turned to `>`), copies going once their flush is
/// stored (`Backup::forget` doing nothing, its `==` turned to `!=`).
#[test]
fn the_backup_holds_the_copies_that_landed_until_their_flush_is_stored() {
    let held = |sim: &Sim| sim.behind_totals().unwrap().backed_up;
    let mut sim = with_writes(backed_up(), &[(0, 0), (1, 10_000), (2, 20_000)]);
    // The third write was just sent: its copy has not landed.
    assert_eq!(held(&sim), 2);
    sim.run_until(SimTime(30_000));
    assert_eq!(held(&sim), 3);
    sim.run_to_end();
    assert_eq!(sim.metrics().flushes, 3);
    assert_eq!(held(&sim), 0, "each copy went with its stored flush");
}

/// `Sim::takeover_due` by a constant or with its `!` deleted: none is due
/// before a crash; after it, the backup takes over with its three copies.
#[test]
fn a_takeover_is_due_after_a_crash_with_every_copy_the_backup_holds() {
    let mut sim = with_writes(backed_up(), &[(0, 0), (1, 10_000), (2, 20_000)]);
    sim.run_until(SimTime(30_000));
    assert_eq!(sim.takeover_due(), None);
    sim.inject(Fault::CrashCache { downtime_us: 5_000 });
    sim.run_until(SimTime(30_001));
    assert_eq!(sim.takeover_due(), Some(3));
}

/// `backup_acked`'s match of the waiting write (`key && version` turned to
/// `||`): each write is acknowledged when its own copy's round trip ends,
/// so with a hop that varies, a later write to the same key can be
/// acknowledged first. (Matched by key alone, the first acknowledgement
/// back would always answer the first write.)
#[test]
fn a_synchronous_copy_answers_its_own_write_not_the_first_waiting() {
    use dirtybit_sim::cache::BackupSpec;
    use dirtybit_sim::latency::{Dist, Latency};
    let mut overtaken = 0;
    for seed in 0..40 {
        let mut s = backed_up();
        s.seed = seed;
        s.cache.backup = Some(BackupSpec {
            sync: true,
            hop_us: Latency::Dist(Dist::Uniform {
                min_us: 100,
                max_us: 3_000,
            }),
            takeover_us: 60_000_000,
        });
        // Two writes of k0, 50 µs apart.
        let mut sim = with_writes(s, &[(0, 0), (0, 50)]);
        let mut acked = Vec::new();
        while let Some(e) = sim.step() {
            if let EventKind::WriteAcked { op, .. } = e.kind {
                acked.push(op.0);
            }
        }
        assert_eq!(acked.len(), 2, "seed {seed}");
        overtaken += usize::from(acked == [2, 1]);
    }
    assert!(
        overtaken > 0,
        "no seed let the second copy's round trip end first"
    );
}

/// `backup_rejoins`' guard (`up || taking_over` turned to `&&`): a member
/// that rejoined already is not made the backup again by a later, stale
/// rejoin. The node crashes at 10 ms (down 500 ms: its rejoin is due at
/// 510 ms) and again at 20 ms, before its backup took over (down 30 ms;
/// the takeover 20 ms later, at 40 ms; that crash's rejoin at 50 ms).
/// Writes at 100 and 200 ms wait in the queue (1 s delay). At 510 ms the
/// first crash's rejoin finds the backup up: it copies nothing.
#[test]
fn a_stale_rejoin_copies_nothing() {
    let mut s = backed_up();
    if let Some(b) = s.cache.backup.as_mut() {
        b.takeover_us = 20_000;
    }
    let crash = |downtime_us| Fault::CrashCache { downtime_us };
    let (_, events) = common::run(
        s,
        &[100_000, 200_000],
        &[(10_000, crash(500_000)), (20_000, crash(30_000))],
    );
    let rejoins: Vec<(u64, u32)> = events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::BackupRejoined { copies } => Some((e.at.0, copies)),
            _ => None,
        })
        .collect();
    assert_eq!(rejoins, [(50_000, 0), (510_000, 0)]);
}
