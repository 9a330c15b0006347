//! Golden tests of the device under the cache node's write-ahead log, and
//! of the three crashes of the node (its process, its OS, its power), every
//! figure worked out by hand. Write-behind with a 10 s write delay (nothing
//! is flushed while a test looks), one fsync per write, default hops
//! (client<->cache 0.5 ms, log append 10 µs, log fsync 2 ms on the medium).
//!
//! The write of k0 = 7 sent at 0 reaches the node at 0.5 ms and is appended
//! to the log by 0.51 ms. Its fsync then takes 2 ms on a device that writes
//! through (no write cache, or one that honours the flush): acknowledged at
//! 2.51 ms, the client has it at 3.01 ms. A device that answers from its
//! cache (it lies, or the cache is backed) takes 1 µs instead: acknowledged
//! at 0.511 ms, the client has it at 1.011 ms. A device that lies writes it
//! to its medium 1 s later, at 1,000.511 ms.

mod common;

use common::{named, run, write_latencies};
use dirtybit_sim::event::EventKind;
use dirtybit_sim::latency::Latency;
use dirtybit_sim::policy::{Policy, WriteBehind};
use dirtybit_sim::storage::{CrashKind, WriteCache};
use dirtybit_sim::time::SimTime;
use dirtybit_sim::wal::{LogDevice, WalSpec};
use dirtybit_sim::{Fault, Key, Scenario, Sim, Value};

fn scenario(write_cache: Option<WriteCache>) -> Scenario {
    let mut s = Scenario {
        policy: Policy::WriteBehind(Box::new(WriteBehind {
            write_delay_us: 10_000_000,
            wal: WalSpec::FsyncEveryWrite,
            ..WriteBehind::default()
        })),
        ..Scenario::default()
    };
    s.workload.ops = 0;
    s.workload.keys = 4;
    s.cache.log_device = write_cache.map(|write_cache| LogDevice {
        write_cache,
        cache_us: Latency::Fixed(1),
        destage_us: 1_000_000,
    });
    s
}

const DOWN: u64 = 1_000;

fn crash(kind: CrashKind) -> Fault {
    match kind {
        CrashKind::Process => Fault::CacheProcessCrash { downtime_us: DOWN },
        CrashKind::Os => Fault::CrashCache { downtime_us: DOWN },
        CrashKind::Power => Fault::CachePowerLoss { downtime_us: DOWN },
    }
}

/// The run's first log fsync was at `at_us`, of one record whose writer it
/// acknowledged, into a lying device's volatile cache.
fn assert_one_volatile_fsync_at(ev: &[dirtybit_sim::Event], at_us: u64) {
    let fsync = named(ev, "log-fsynced");
    assert_eq!(fsync[0].at, SimTime(at_us));
    assert!(matches!(
        fsync[0].kind,
        EventKind::LogFsynced {
            records: 1,
            acked: 1,
            volatile: true
        }
    ));
}

/// The crash's event: what it lost, how many log records it kept, and
/// whether it was a power cut.
fn crashed(ev: &[dirtybit_sim::Event]) -> (Vec<(Key, Value)>, u32, bool) {
    match &named(ev, "crashed")[0].kind {
        EventKind::Crashed {
            lost,
            log_kept,
            power,
            ..
        } => (lost.clone(), *log_kept, *power),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_device_that_lies_acknowledges_at_its_caches_speed_and_a_power_cut_takes_the_record() {
    // At 5 ms the record is fsynced, but only into the lying device's
    // volatile cache (until 1,000.511 ms).
    for (kind, lost, kept) in [
        (CrashKind::Process, 0, 1),
        (CrashKind::Os, 0, 1),
        (CrashKind::Power, 1, 0),
    ] {
        let (sim, ev) = run(scenario(Some(WriteCache::Lying)), &[0], &[(5_000, crash(kind))]);
        assert_eq!(write_latencies(&ev), vec![1_011], "{kind:?}");
        assert_one_volatile_fsync_at(&ev, 511);
        let (gone, log_kept, power) = crashed(&ev);
        assert_eq!(gone.len() as u64, lost, "{kind:?}");
        assert_eq!((log_kept, power), (kept, kind == CrashKind::Power), "{kind:?}");
        assert_eq!(sim.ledger().counts().lost, lost, "{kind:?}");
        // What survived is replayed into the store at the restart (6 ms).
        let stored = if lost == 0 { Value(7) } else { Value(0) };
        assert_eq!(
            sim.store().read(Key(0)).map(|v| v.value),
            Some(stored),
            "{kind:?}"
        );
        if lost == 1 {
            assert_eq!(gone, vec![(Key(0), Value(7))]);
        }
    }
}

#[test]
fn what_a_crash_now_would_lose_depends_on_the_crash() {
    // At 2 ms, acknowledged and in the lying device's cache: a process or
    // an OS crash would lose nothing, a power cut the one write. After the
    // device writes it to its medium (1,000.511 ms), nothing.
    let s = scenario(Some(WriteCache::Lying));
    let mut sim = Sim::new(s).unwrap();
    sim.submit(dirtybit_sim::Op::Write {
        key: Key(0),
        value: Value(7),
    })
    .unwrap();
    let _ = sim.run_until(SimTime(2_000));
    let would = |sim: &Sim, kind| sim.crash_would_lose_to(kind).len();
    assert_eq!(
        (
            would(&sim, CrashKind::Process),
            would(&sim, CrashKind::Os),
            would(&sim, CrashKind::Power)
        ),
        (0, 0, 1)
    );
    assert_eq!(sim.crash_would_lose().len(), 0, "an OS crash, as the button");
    assert_eq!(sim.ledger().counts().at_risk(), 1, "acknowledged, not durable");
    let destaged: Vec<_> = std::iter::from_fn(|| sim.step_before(SimTime(1_000_512))).collect();
    assert!(destaged
        .iter()
        .any(|e| e.at == SimTime(1_000_511) && matches!(e.kind, EventKind::LogDestaged { records: 1 })));
    assert_eq!(would(&sim, CrashKind::Power), 0);
    let r = sim.ledger().recent().find(|r| r.key == Key(0)).copied().unwrap();
    assert_eq!(r.durable.map(|(t, _)| t), Some(SimTime(1_000_511)));
}

#[test]
fn a_power_cut_after_the_device_wrote_its_cache_out_loses_nothing() {
    // At 1.1 s the record has been on the medium since 1,000.511 ms.
    let (sim, ev) = run(
        scenario(Some(WriteCache::Lying)),
        &[0],
        &[(1_100_000, crash(CrashKind::Power))],
    );
    assert_eq!(crashed(&ev), (vec![], 1, true));
    assert_eq!(sim.ledger().counts().lost, 0);
    assert_eq!(named(&ev, "log-destaged")[0].at, SimTime(1_000_511));
}

#[test]
fn a_backed_cache_is_as_fast_as_a_lying_one_and_keeps_the_record_through_a_power_cut() {
    let (sim, ev) = run(
        scenario(Some(WriteCache::Backed)),
        &[0],
        &[(5_000, crash(CrashKind::Power))],
    );
    assert_eq!(write_latencies(&ev), vec![1_011]);
    assert_eq!(crashed(&ev), (vec![], 1, true));
    assert!(named(&ev, "log-destaged").is_empty(), "nothing to destage");
    let r = sim.ledger().recent().find(|r| r.key == Key(0)).copied().unwrap();
    assert_eq!(
        r.durable.map(|(t, _)| t),
        Some(SimTime(511)),
        "durable at the fsync"
    );
    assert_eq!(sim.store().read(Key(0)).map(|v| v.value), Some(Value(7)));
}

#[test]
fn a_device_that_writes_through_pays_the_mediums_fsync_and_keeps_the_record() {
    // No log device, no write cache, or a volatile one honouring the flush:
    // the same 2 ms fsync and the same survival.
    for cache in [None, Some(WriteCache::None), Some(WriteCache::Volatile)] {
        let (sim, ev) = run(scenario(cache), &[0], &[(5_000, crash(CrashKind::Power))]);
        assert_eq!(write_latencies(&ev), vec![3_010], "{cache:?}");
        assert_eq!(crashed(&ev), (vec![], 1, true), "{cache:?}");
        assert_eq!(sim.ledger().counts().lost, 0, "{cache:?}");
    }
}

#[test]
fn an_unsynced_record_survives_only_a_process_crash() {
    // At 1 ms the record is appended (0.51 ms) but its fsync runs until
    // 2.51 ms: the OS has it; an OS crash or a power cut takes it. (The
    // write was not acknowledged: nothing acknowledged is lost.)
    for (kind, kept) in [(CrashKind::Process, 1), (CrashKind::Os, 0), (CrashKind::Power, 0)] {
        let (_, ev) = run(scenario(None), &[0], &[(1_000, crash(kind))]);
        let (lost, log_kept, _) = crashed(&ev);
        assert_eq!((lost.len(), log_kept), (0, kept), "{kind:?}");
    }
}

#[test]
fn a_log_device_out_of_range_is_refused_by_its_path() {
    let mut s = scenario(Some(WriteCache::Lying));
    if let Some(d) = s.cache.log_device.as_mut() {
        d.destage_us = 3_600_000_001;
    }
    let e = Sim::new(s).unwrap_err();
    assert_eq!(e.field, "cache.log_device.destage_us");
    assert!(e.message.contains("0..=3600000000"), "{}", e.message);
}

#[test]
fn a_group_commit_on_a_device_that_lies_is_lost_by_a_power_cut_too() {
    // The group's fsync comes 4 ms after the append (0.51 ms): at 4.51 ms,
    // into the lying device's cache until 1,004.51 ms; the writer waited
    // for it (acknowledged then, the client has it at 5.01 ms). The power
    // cut at 10 ms takes it; an OS crash would not.
    let group = |kind| {
        let mut s = scenario(Some(WriteCache::Lying));
        if let Policy::WriteBehind(wb) = &mut s.policy {
            wb.wal = WalSpec::GroupCommit {
                interval_us: 4_000,
                ack_after_fsync: true,
            };
        }
        run(s, &[0], &[(10_000, crash(kind))])
    };
    let (sim, ev) = group(CrashKind::Power);
    assert_eq!(write_latencies(&ev), vec![5_010]);
    assert_one_volatile_fsync_at(&ev, 4_510);
    assert_eq!(crashed(&ev), (vec![(Key(0), Value(7))], 0, true));
    assert_eq!(sim.ledger().counts().lost, 1);
    let (sim, ev) = group(CrashKind::Os);
    assert_eq!(crashed(&ev), (vec![], 1, false));
    assert_eq!(sim.ledger().counts().lost, 0);
}

#[test]
fn the_device_destages_its_cache_while_the_node_is_down() {
    // The node's process dies at 5 ms and is down for 2 s; the device keeps
    // power and writes the record to its medium at 1,000.511 ms all the
    // same: durable then (the restart at 2.005 s finds nothing to add).
    let mut s = scenario(Some(WriteCache::Lying));
    s.faults.push(dirtybit_sim::fault::ScheduledFault {
        at_us: 5_000,
        fault: Fault::CacheProcessCrash {
            downtime_us: 2_000_000,
        },
    });
    let (sim, ev) = run(s, &[0], &[]);
    assert_eq!(named(&ev, "log-destaged")[0].at, SimTime(1_000_511));
    let r = sim.ledger().recent().find(|r| r.key == Key(0)).copied().unwrap();
    assert_eq!(r.durable.map(|(t, _)| t), Some(SimTime(1_000_511)));
    assert_eq!(named(&ev, "restarted")[0].at, SimTime(2_005_000));
}
