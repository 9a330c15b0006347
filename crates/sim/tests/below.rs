//! Golden tests of the layers below the store, every figure worked out by
//! hand in the comments. Write-through, default hops (client<->cache
//! 0.5 ms, cache op 0.5 ms, cache<->store 1 ms, store write 5 ms); with
//! layers below, the commit costs device time instead of the 2 ms commit
//! hop: here a block to the medium takes 15 µs (the text's NVMe p50) and a
//! block into the device's cache 1 µs.
//!
//! One write of k0 sent at 0: at the cache node at 0.5 ms, at the store at
//! 1.5 ms, its row written by 6.5 ms, then the commit's device time `c`;
//! the answer is back at the node at 7.5 ms + c, the cache set takes
//! 0.5 ms (the ack is recorded at 8 ms + c), and the client has it at
//! 8.5 ms + c.

mod common;

use common::{named, run, write_latencies};
use dirtybit_sim::event::EventKind;
use dirtybit_sim::latency::Latency;
use dirtybit_sim::policy::{Policy, WriteThrough};
use dirtybit_sim::storage::{CrashKind, Layer, StorageSpec, SyncMode, WriteCache};
use dirtybit_sim::time::SimTime;
use dirtybit_sim::{Fault, Key, Op, Scenario, Sim, Value, Version};

fn scenario(sync: SyncMode, write_cache: WriteCache) -> Scenario {
    let mut s = Scenario {
        policy: Policy::WriteThrough(WriteThrough::default()),
        ..Scenario::default()
    };
    s.workload.ops = 0;
    s.workload.keys = 4;
    s.store.storage = Some(StorageSpec {
        sync,
        write_cache,
        medium_us: Latency::Fixed(15),
        cache_us: Latency::Fixed(1),
        ..StorageSpec::default()
    });
    s
}

fn power(downtime_us: u64) -> Fault {
    Fault::StoreCrash {
        kind: CrashKind::Power,
        downtime_us,
    }
}

#[test]
fn an_fsynced_write_on_a_lying_device_is_lost_by_a_power_cut_and_kept_by_a_process_crash() {
    // fsync: two blocks (data, inode) into the cache, 1 µs each, and a
    // flush the device answers at once (1 µs): c = 3 µs. Acknowledged at
    // 8.503 ms as durable; it is only in the device's volatile cache.
    let s = scenario(SyncMode::Fsync, WriteCache::Lying);
    let (sim, ev) = run(s.clone(), &[0], &[(10_000, power(1_000))]);
    assert_eq!(write_latencies(&ev), vec![8_503]);
    let crash = named(&ev, "store-crashed");
    assert_eq!(crash.len(), 1);
    match &crash[0].kind {
        EventKind::StoreCrashed { lost, reverted, .. } => {
            assert_eq!(lost, &vec![(Key(0), Value(7))]);
            assert_eq!(*reverted, 1);
        }
        other => panic!("{other:?}"),
    }
    let c = sim.ledger().counts();
    assert_eq!((c.acked, c.acked_durable, c.lost), (1, 0, 1));
    let lost = sim.ledger().lost().next().copied().unwrap();
    assert_eq!(
        lost.layer,
        Some(Layer::DeviceCache),
        "lost from the device's cache"
    );
    assert_eq!(c.lost_below, [0, 0, 1], "counted by layer");
    // The preloaded row (v1, value 0) is what survived on the medium.
    assert_eq!(
        sim.store().read(Key(0)).map(|v| (v.value, v.version)),
        Some((Value(0), Version(1)))
    );

    let process = Fault::StoreCrash {
        kind: CrashKind::Process,
        downtime_us: 1_000,
    };
    let (sim, ev) = run(s, &[0], &[(10_000, process)]);
    assert_eq!(sim.ledger().counts().lost, 0);
    // The device destages it 1 s after the commit (6.503 ms): then durable.
    assert_eq!(named(&ev, "destaged")[0].at, SimTime(1_006_503));
    let c = sim.ledger().counts();
    assert_eq!((c.acked, c.acked_durable, c.lost), (1, 1, 0));
    assert_eq!(sim.store().read(Key(0)).map(|v| v.value), Some(Value(7)));
}

#[test]
fn a_battery_backed_cache_keeps_what_power_loss_would_have_lost() {
    // The same commit (c = 3 µs), into a cache that survives power loss:
    // durable at the commit, nothing lost.
    let (sim, ev) = run(
        scenario(SyncMode::Fsync, WriteCache::Backed),
        &[0],
        &[(10_000, power(1_000))],
    );
    assert_eq!(write_latencies(&ev), vec![8_503]);
    let c = sim.ledger().counts();
    assert_eq!((c.acked, c.acked_durable, c.lost), (1, 1, 0));
    assert_eq!(sim.store().read(Key(0)).map(|v| v.value), Some(Value(7)));
}

#[test]
fn o_sync_costs_one_more_device_write_than_o_dsync_per_write() {
    // No device cache: each block goes to the medium, 15 µs. O_DSYNC writes
    // the data (c = 15 µs), O_SYNC the data and the metadata (c = 30 µs).
    let writes = [0, 20_000, 40_000];
    let (dsync, ev_d) = run(scenario(SyncMode::ODsync, WriteCache::None), &writes, &[]);
    let (sync, ev_s) = run(scenario(SyncMode::OSync, WriteCache::None), &writes, &[]);
    assert_eq!(write_latencies(&ev_d), vec![8_515; 3]);
    assert_eq!(write_latencies(&ev_s), vec![8_530; 3]);
    let blocks = |sim: &Sim| sim.below().unwrap().device_work.0;
    assert_eq!((blocks(&dsync), blocks(&sync)), (3, 6));
    // fdatasync and fsync on a volatile cache that honours flushes: the
    // blocks go into the cache (1 µs each), the flush writes them to the
    // medium (15 µs each): fdatasync 1 + 15, fsync 2 + 30.
    let (_, ev) = run(scenario(SyncMode::Fdatasync, WriteCache::Volatile), &[0], &[]);
    assert_eq!(write_latencies(&ev), vec![8_516]);
    let (_, ev) = run(scenario(SyncMode::Fsync, WriteCache::Volatile), &[0], &[]);
    assert_eq!(write_latencies(&ev), vec![8_532]);
}

#[test]
fn a_buffered_write_is_lost_by_an_os_crash_until_the_flusher_writes_it_back() {
    // write() alone: c = 0, acknowledged at 8.5 ms, dirty in the page cache
    // since the commit at 6.5 ms. Linux's flusher wakes every 5 s and takes
    // pages 30 s old: the first wake-up after 30.0065 s is at 35 s. It goes
    // into the device's volatile cache, which destages it 1 s later.
    let s = scenario(SyncMode::Buffered, WriteCache::Volatile);
    let (sim, ev) = run(s.clone(), &[0], &[]);
    assert_eq!(write_latencies(&ev), vec![8_500]);
    assert_eq!(named(&ev, "written-back")[0].at, SimTime(35_000_000));
    assert_eq!(named(&ev, "destaged")[0].at, SimTime(36_000_000));
    let c = sim.ledger().counts();
    assert_eq!((c.acked, c.acked_durable), (1, 1));

    // An OS crash at 20 s takes the page cache: lost from it.
    let os = Fault::StoreCrash {
        kind: CrashKind::Os,
        downtime_us: 1_000,
    };
    let (sim, _) = run(s.clone(), &[0], &[(20_000_000, os)]);
    let lost = sim.ledger().lost().next().copied().unwrap();
    assert_eq!((lost.key, lost.layer), (Key(0), Some(Layer::PageCache)));
    assert_eq!(sim.ledger().counts().lost_below, [0, 1, 0]);
    // At 35.5 s it is in the device's cache: an OS crash spares it, a power cut does not.
    let (sim, _) = run(s.clone(), &[0], &[(35_500_000, os)]);
    assert_eq!(sim.ledger().counts().lost, 0);
    let (sim, _) = run(s, &[0], &[(35_500_000, power(1_000))]);
    let lost = sim.ledger().lost().next().copied().unwrap();
    assert_eq!(lost.layer, Some(Layer::DeviceCache));
}

#[test]
fn the_layers_view_shows_where_each_write_is_and_what_a_power_cut_would_take() {
    let s = scenario(SyncMode::Buffered, WriteCache::Volatile);
    let mut sim = Sim::new(s).unwrap();
    for k in 0..3 {
        sim.submit(Op::Write {
            key: Key(k),
            value: Value(u64::from(k) + 10),
        })
        .unwrap();
    }
    sim.run_until(SimTime(20_000));
    let view = sim.below().unwrap();
    assert_eq!(view.page.len(), 3, "{view:?}");
    assert_eq!(view.at_risk, [0, 3, 0]);
    assert_eq!(view.medium, 1, "the fourth key's preloaded row");
    sim.run_until(SimTime(35_000_000));
    let view = sim.below().unwrap();
    assert_eq!(
        (view.page.len(), view.device.len(), view.at_risk),
        (0, 3, [0, 0, 3])
    );
}

#[test]
fn a_store_crash_kills_the_operations_running_in_it() {
    // The commit of the write runs from 1.5 ms to 6.5 ms: a process crash at
    // 3 ms kills it; the write fails and nothing is acknowledged.
    let s = scenario(SyncMode::Fsync, WriteCache::None);
    let process = Fault::StoreCrash {
        kind: CrashKind::Process,
        downtime_us: 100_000,
    };
    let (sim, ev) = run(s, &[0], &[(3_000, process)]);
    assert!(write_latencies(&ev).is_empty());
    assert_eq!(named(&ev, "failed").len(), 1);
    assert_eq!(sim.ledger().counts().acked, 0);
    assert_eq!(sim.store().read(Key(0)).map(|v| v.value), Some(Value(0)));
}

/// A store as InnoDB's `innodb_flush_log_at_trx_commit` sets it (no device
/// cache, as `hdparm -W0`): 1 fsyncs the log at every commit; 2 writes it to
/// the OS at every commit and fsyncs once a second; 0 leaves it in the log
/// buffer and writes and fsyncs once a second.
fn innodb(level: u8) -> Scenario {
    let mut s = scenario(
        match level {
            0 => SyncMode::LogBuffer,
            1 => SyncMode::Fsync,
            _ => SyncMode::Buffered,
        },
        WriteCache::None,
    );
    if let Some(st) = s.store.storage.as_mut() {
        st.flush_every_us = if level == 1 { 0 } else { 1_000_000 };
    }
    s
}

fn crash(kind: CrashKind) -> Fault {
    Fault::StoreCrash {
        kind,
        downtime_us: 10_000,
    }
}

#[test]
fn innodb_flush_log_at_trx_commit_0_1_2_lose_what_the_manual_says() {
    // Three writes at 0, 400 and 900 ms, committed 6.5 ms later; the
    // once-a-second flush at 1 s. Level 1: each commit fsyncs two blocks
    // (30 µs): 8.53 ms, durable at once. Levels 0 and 2: nothing at commit,
    // 8.5 ms.
    let writes = [0, 400_000, 900_000];
    let lost = |level: u8, kind: CrashKind, at: u64| {
        let (sim, ev) = run(innodb(level), &writes, &[(at, crash(kind))]);
        let acked = write_latencies(&ev).len() as u64;
        assert_eq!(acked, 3, "level {level}: every write answered before the crash");
        sim.ledger().counts().lost
    };
    let (_, ev) = run(innodb(1), &writes, &[]);
    assert_eq!(write_latencies(&ev), vec![8_530; 3]);
    let (_, ev) = run(innodb(2), &writes, &[]);
    assert_eq!(write_latencies(&ev), vec![8_500; 3]);
    // A crash of mysqld at 950 ms: level 0 loses the second's three commits,
    // level 2 none (the OS has them), level 1 none.
    assert_eq!(lost(0, CrashKind::Process, 950_000), 3);
    assert_eq!(lost(2, CrashKind::Process, 950_000), 0);
    assert_eq!(lost(1, CrashKind::Process, 950_000), 0);
    // An OS crash (or a power cut) at 950 ms: level 2 loses them too.
    assert_eq!(lost(2, CrashKind::Os, 950_000), 3);
    assert_eq!(lost(2, CrashKind::Power, 950_000), 3);
    assert_eq!(lost(1, CrashKind::Power, 950_000), 0);
    // After the flush at 1 s, nothing is lost by anything.
    for level in [0, 2] {
        assert_eq!(lost(level, CrashKind::Power, 1_050_000), 0, "level {level}");
    }
    let (_, ev) = run(innodb(0), &writes, &[]);
    let flushed = named(&ev, "store-flushed");
    assert_eq!(flushed.len(), 1);
    assert_eq!(flushed[0].at, SimTime(1_000_000));
}

#[test]
fn postgresql_synchronous_commit_off_loses_at_most_its_wal_writer_delay() {
    // synchronous_commit = off: the commit returns before the WAL is flushed;
    // the WAL writer flushes every wal_writer_delay (200 ms). PostgreSQL's
    // documented worst case is three times that, 600 ms. Writes at 0, 150
    // and 250 ms commit at 6.5, 156.5 and 256.5 ms; the flushes at 200 and
    // 400 ms. A crash of the server at 300 ms loses only the third,
    // acknowledged at 258 ms (its answer back at the node at 257.5 ms, the
    // cache set 0.5 ms): 42 ms of loss window, within one delay.
    let mut s = scenario(SyncMode::LogBuffer, WriteCache::None);
    if let Some(st) = s.store.storage.as_mut() {
        st.flush_every_us = 200_000;
    }
    let (sim, ev) = run(s, &[0, 150_000, 250_000], &[(300_000, crash(CrashKind::Process))]);
    assert_eq!(write_latencies(&ev), vec![8_500; 3]);
    let lost: Vec<_> = sim.ledger().lost().copied().collect();
    assert_eq!(lost.len(), 1);
    assert_eq!((lost[0].key, lost[0].layer), (Key(2), Some(Layer::Process)));
    assert_eq!(sim.ledger().counts().lost_below, [1, 0, 0]);
    let age = lost[0].lost_at.unwrap().since(lost[0].acked_at.unwrap());
    assert_eq!(age.0, 300_000 - 258_000);
    assert!(
        age.0 <= 200_000,
        "within one wal_writer_delay, so within the documented 600 ms"
    );
}

/// The cache node's log has layers too: appended records are in the OS
/// page cache until the group commit's fsync. Write-behind, group commit
/// every 10 ms without waiting for it; writes at 0, 1 and 2 ms are
/// accepted at 0.5, 1.5 and 2.5 ms and acknowledged 1 ms later; a crash at
/// 5 ms, before the fsync at 10.5 ms.
#[test]
fn a_process_crash_of_the_cache_node_keeps_what_its_log_appended_an_os_crash_does_not() {
    use dirtybit_sim::policy::WriteBehind;
    use dirtybit_sim::wal::WalSpec;
    let mut s = Scenario {
        policy: Policy::WriteBehind(Box::new(WriteBehind {
            wal: WalSpec::GroupCommit {
                interval_us: 10_000,
                ack_after_fsync: false,
            },
            ..WriteBehind::default()
        })),
        ..Scenario::default()
    };
    s.workload.ops = 0;
    s.workload.keys = 4;
    let after = |fault: Fault| {
        let (sim, ev) = run(s.clone(), &[0, 1_000, 2_000], &[(5_000, fault)]);
        let replayed = ev.iter().find_map(|e| match e.kind {
            EventKind::Restarted { replayed } => Some(replayed),
            _ => None,
        });
        (
            sim.ledger().counts().lost,
            replayed,
            sim.store().read(Key(2)).map(|v| v.value),
        )
    };
    // The machine (OS or power): the three appended records were not fsynced.
    assert_eq!(
        after(Fault::CrashCache { downtime_us: 1_000 }),
        (3, Some(0), Some(Value(0)))
    );
    // Only the process: the OS wrote them out; recovery replays all three.
    assert_eq!(
        after(Fault::CacheProcessCrash { downtime_us: 1_000 }),
        (0, Some(3), Some(Value(9)))
    );
}

/// A power cut between the commit (6.503 ms) and the acknowledgement (the
/// answer reaches the node at 7.503 ms, the ack is recorded at 8.003 ms):
/// the write is gone though the client is still told it succeeded. It
/// counts as lost once it is acknowledged, in the ledger and the metrics
/// alike.
#[test]
fn a_write_lost_before_its_answer_landed_counts_when_it_lands() {
    let mut sim = Sim::new(scenario(SyncMode::Fsync, WriteCache::Lying)).unwrap();
    sim.submit(Op::Write {
        key: Key(0),
        value: Value(7),
    })
    .unwrap();
    let _ = sim.run_until(SimTime(7_000));
    sim.inject(power(1_000));
    let crash = sim.step().unwrap();
    assert_eq!(crash.kind.name(), "store-crashed");
    assert_eq!((sim.ledger().counts().lost, sim.metrics().writes_lost), (0, 0));
    sim.run_to_end();
    let c = sim.ledger().counts();
    assert_eq!((c.acked, c.lost, c.lost_below), (1, 1, [0, 0, 1]));
    assert_eq!(
        (sim.metrics().writes_lost, sim.metrics().writes_lost_below),
        (1, 1)
    );
}
