//! Golden tests of the standby and PostgreSQL's `synchronous_commit`
//! levels, every figure worked out by hand. Write-through, default hops
//! (client<->cache 0.5 ms, cache op 0.5 ms, cache<->store 1 ms, store
//! write 5 ms), layers below the store with `fdatasync` on a device without
//! a write cache, one block 15 µs (the text's NVMe p50): a commit's device
//! time is 15 µs. The standby sits 10 ms away (another zone), its flush
//! takes 20 ms and its apply 0.1 ms.
//!
//! One write of k0 sent at 0 is committed on the primary at 6.515 ms and
//! shipped; it reaches the standby at 16.515 ms (its report that it has it
//! is back at the primary at 26.515 ms), is flushed by 36.515 ms (report
//! back at 46.515 ms) and applied by 36.615 ms (report back at 46.615 ms).
//! From the moment the store lets the commit answer, the client has it
//! 2 ms later (1 ms back to the node, the 0.5 ms cache set, 0.5 ms to the
//! client; the ledger records the ack 0.5 ms before the client has it).

mod common;

use common::{named, run, write_latencies};
use dirtybit_sim::event::EventKind;
use dirtybit_sim::latency::Latency;
use dirtybit_sim::policy::{Policy, WriteThrough};
use dirtybit_sim::spent::Part;
use dirtybit_sim::standby::{ReplicaWait, StandbySpec};
use dirtybit_sim::storage::{CrashKind, StorageSpec, SyncMode, WriteCache};
use dirtybit_sim::{Fault, Key, Scenario, Value};

fn scenario(sync: SyncMode, waits_for: ReplicaWait) -> Scenario {
    let mut s = Scenario {
        policy: Policy::WriteThrough(WriteThrough::default()),
        ..Scenario::default()
    };
    s.workload.ops = 0;
    s.workload.keys = 4;
    s.store.storage = Some(StorageSpec {
        sync,
        write_cache: WriteCache::None,
        medium_us: Latency::Fixed(15),
        ..StorageSpec::default()
    });
    s.store.standby = Some(StandbySpec {
        waits_for,
        link_us: Latency::Fixed(10_000),
        flush_us: Latency::Fixed(20_000),
        apply_us: Latency::Fixed(100),
        failover_us: 100_000,
    });
    s
}

/// PostgreSQL's levels: `off` is a log buffer flushed by the WAL writer
/// every 200 ms; the others fdatasync at commit and wait as they say.
fn level(name: &str) -> Scenario {
    let (sync, wait) = match name {
        "off" => (SyncMode::LogBuffer, ReplicaWait::None),
        "local" => (SyncMode::Fdatasync, ReplicaWait::None),
        "remote_write" => (SyncMode::Fdatasync, ReplicaWait::Write),
        "on" => (SyncMode::Fdatasync, ReplicaWait::Flush),
        _ => (SyncMode::Fdatasync, ReplicaWait::Apply),
    };
    let mut s = scenario(sync, wait);
    if name == "off" {
        if let Some(st) = s.store.storage.as_mut() {
            st.flush_every_us = 200_000;
        }
    }
    s
}

fn standby_wait(sim: &dirtybit_sim::Sim) -> u64 {
    sim.last_answer().map_or(0, |(_, spent)| spent[Part::ReplicaWait])
}

#[test]
fn each_level_waits_for_its_report_from_the_standby() {
    // local answers as soon as the primary has it: 8.515 ms. remote_write
    // waits for the report that the standby received it (26.515 ms), on for
    // the one that it flushed (46.515 ms), remote_apply for the one that it
    // applied (46.615 ms); each then 2 ms to the client.
    for (name, latency, waited) in [
        ("local", 8_515, 0),
        ("remote_write", 28_515, 20_000),
        ("on", 48_515, 40_000),
        ("remote_apply", 48_615, 40_100),
    ] {
        let (sim, ev) = run(level(name), &[0], &[]);
        assert_eq!(write_latencies(&ev), vec![latency], "{name}");
        assert_eq!(
            standby_wait(&sim),
            waited,
            "{name}: the part waiting for the standby"
        );
        let (_, spent) = sim.last_answer().unwrap();
        assert_eq!(spent.total().0, latency, "{name}: the parts add up");
        // The row's path on the standby is the same whatever the level.
        let at = |n: &str| named(&ev, n).iter().map(|e| e.at.0).collect::<Vec<_>>();
        assert_eq!(at("standby-received"), vec![16_515], "{name}");
        assert_eq!(at("standby-flushed"), vec![36_515], "{name}");
        assert_eq!(at("standby-applied"), vec![36_615], "{name}");
        // Durable once on both: at the standby's flush.
        let r = sim.ledger().recent().find(|r| r.key == Key(0)).copied().unwrap();
        assert_eq!(r.durable.map(|(t, _)| t.0), Some(36_515), "{name}");
    }
}

#[test]
fn losing_the_primary_loses_what_the_standby_never_received() {
    // The primary is lost at 12 ms: the standby has not received the write
    // (it arrives at 16.515 ms). local acknowledged it at 8.015 ms: lost.
    // The waiting levels had not answered: the client gets a failure, and
    // nothing acknowledged is lost.
    for (name, lost) in [("local", 1), ("remote_write", 0), ("on", 0), ("remote_apply", 0)] {
        let (sim, ev) = run(level(name), &[0], &[(12_000, Fault::LosePrimary)]);
        let c = sim.ledger().counts();
        assert_eq!((c.lost, c.lost_failover), (lost, lost), "{name}");
        assert_eq!(
            write_latencies(&ev).len() as u64,
            lost,
            "{name}: acknowledged or not"
        );
        assert_eq!(
            named(&ev, "failed").len() as u64,
            1 - lost,
            "{name}: the client hears of it"
        );
        // The new primary has k0 as the standby had it: the preloaded row.
        assert_eq!(
            sim.store().read(Key(0)).map(|v| v.value),
            Some(Value(0)),
            "{name}"
        );
        let lost_event = named(&ev, "primary-lost");
        assert_eq!(lost_event.len(), 1);
        assert!(matches!(
            lost_event[0].kind,
            EventKind::PrimaryLost {
                reverted: 1,
                failover_us: Some(100_000),
                ..
            }
        ));
    }
    // Lost at 50 ms, after the standby flushed it: every level keeps it.
    for name in ["local", "remote_write", "on", "remote_apply"] {
        let (sim, _) = run(level(name), &[0], &[(50_000, Fault::LosePrimary)]);
        assert_eq!(sim.ledger().counts().lost, 0, "{name}");
        assert_eq!(
            sim.store().read(Key(0)).map(|v| v.value),
            Some(Value(7)),
            "{name}"
        );
    }
}

#[test]
fn after_the_failover_commits_no_longer_wait() {
    // Lost at 50 ms, the standby takes over at 150 ms. A write at 200 ms
    // has no standby to wait for: 8.515 ms, as local.
    let (sim, ev) = run(level("on"), &[0, 200_000], &[(50_000, Fault::LosePrimary)]);
    assert_eq!(write_latencies(&ev), vec![48_515, 8_515]);
    assert!(sim.store().standby().is_none());
    assert_eq!(named(&ev, "store-up")[0].at.0, 150_000);
    // A write arriving during the failover fails.
    let (_, ev) = run(level("on"), &[60_000], &[(50_000, Fault::LosePrimary)]);
    assert_eq!(named(&ev, "store-failed").len(), 1);
}

#[test]
fn remote_write_loses_a_write_only_the_standbys_os_had_when_the_primary_goes_too() {
    // remote_write acknowledges at 28.015 ms what the standby holds only in
    // its OS (flushed at 36.515 ms). The standby's OS crashes at 30 ms
    // (the row it received is gone), and the primary is lost at 31 ms: the
    // promoted standby lacks the write. on had not acknowledged it (it
    // waits for the flush report): nothing acknowledged is lost. A crash of
    // the standby's process alone keeps the row in its OS.
    let os = Fault::StandbyCrash {
        kind: CrashKind::Os,
        downtime_us: 1_000,
    };
    let process = Fault::StandbyCrash {
        kind: CrashKind::Process,
        downtime_us: 1_000,
    };
    let lost = |name: &str, crash: Fault| {
        let (sim, ev) = run(
            level(name),
            &[0],
            &[(30_000, crash), (31_000, Fault::LosePrimary)],
        );
        let dropped = ev.iter().find_map(|e| match e.kind {
            EventKind::StandbyCrashed { dropped, .. } => dropped,
            _ => None,
        });
        (sim.ledger().counts().lost_failover, dropped)
    };
    assert_eq!(lost("remote_write", os), (1, Some(1)));
    assert_eq!(lost("on", os), (0, Some(1)));
    assert_eq!(lost("remote_write", process), (0, Some(0)));
}

#[test]
fn commits_that_wait_for_a_standby_that_is_down_wait_until_it_is_back() {
    // The standby's process is down from 0 to 100 ms. A write at 1 ms is
    // committed at 7.515 ms and waits; the standby is back at 100 ms, the
    // row sent again reaches it at 110 ms, is flushed at 130 ms, and the
    // report reaches the primary at 140 ms: the client has it at 142 ms,
    // 141 ms after sending, 132.485 ms of it waiting for the standby.
    let down = Fault::StandbyCrash {
        kind: CrashKind::Process,
        downtime_us: 100_000,
    };
    let (sim, ev) = run(level("on"), &[1_000], &[(0, down)]);
    assert_eq!(write_latencies(&ev), vec![141_000]);
    assert_eq!(standby_wait(&sim), 132_485);
    assert!(matches!(
        named(&ev, "standby-up")[0].kind,
        EventKind::StandbyUp { resent: 1 }
    ));
}

#[test]
fn off_loses_within_its_documented_worst_case_when_the_primary_goes() {
    // synchronous_commit = off: commits return from the log buffer (8.5 ms);
    // the WAL writer writes and flushes at 200 ms, and only then does the
    // stream ship the rows. Writes at 0, 150 and 250 ms; the first two
    // reach the standby at 210 ms. The primary is lost at 300 ms: the third,
    // acknowledged at 258 ms, was never shipped: lost, 42 ms after its ack,
    // within PostgreSQL's documented worst case of three wal_writer_delay
    // (600 ms). local, with the same writes, loses nothing (the third
    // reached the standby at 266.515 ms).
    let writes = [0, 150_000, 250_000];
    let (sim, ev) = run(level("off"), &writes, &[(300_000, Fault::LosePrimary)]);
    assert_eq!(write_latencies(&ev), vec![8_500; 3]);
    let received: Vec<u64> = named(&ev, "standby-received").iter().map(|e| e.at.0).collect();
    assert_eq!(received, vec![210_000, 210_000]);
    let lost: Vec<_> = sim.ledger().lost().copied().collect();
    assert_eq!(lost.len(), 1);
    assert!(lost[0].failed_over);
    assert_eq!(lost[0].key, Key(2));
    let age = lost[0].lost_at.unwrap().since(lost[0].acked_at.unwrap()).0;
    assert_eq!(age, 300_000 - 258_000);
    assert!(age <= 600_000);
    let (sim, _) = run(level("local"), &writes, &[(300_000, Fault::LosePrimary)]);
    assert_eq!(sim.ledger().counts().lost, 0);
}

#[test]
fn a_fault_on_a_standby_the_scenario_lacks_is_refused_by_its_path() {
    let mut s = scenario(SyncMode::Fdatasync, ReplicaWait::Flush);
    s.store.standby = None;
    s.faults = vec![dirtybit_sim::fault::ScheduledFault {
        at_us: 5,
        fault: Fault::LosePrimary,
    }];
    let e = dirtybit_sim::Sim::new(s).unwrap_err();
    assert_eq!(e.field, "faults[0].fault");
}

/// Write-behind in front of a primary whose standby is 30 ms away and
/// acknowledges receipt (`remote_write`), no layers below (a commit is safe
/// on the primary when it is applied), each flush carrying what is ripe at
/// once, retried 5 ms after its first failure and 10 ms after its second.
///
/// The write of k0 sent at 0 reaches the node at 0.5 ms and is taken and
/// acknowledged; its flush leaves at 0.5 ms, reaches the store at 1.5 ms
/// and is applied at 8.5 ms (5 ms row write, 2 ms commit). The row is
/// shipped then and reaches the standby at 38.5 ms: until then, only the
/// primary has it. A flush sent at t is applied at t + 8 ms (1 ms there,
/// 7 ms of work) and its answer is back at t + 9 ms.
fn behind_a_standby() -> Scenario {
    use dirtybit_sim::policy::{AfterLastRetry, Retry, WriteBehind};
    let mut s = scenario(SyncMode::Fdatasync, ReplicaWait::Write);
    s.store.storage = None;
    s.policy = Policy::WriteBehind(Box::new(WriteBehind {
        write_delay_us: 0,
        batch_size: 1,
        retry: Retry {
            attempts: 10,
            backoff_us: 5_000,
            after_last: AfterLastRetry::Requeue,
        },
        ..WriteBehind::default()
    }));
    if let Some(st) = s.store.standby.as_mut() {
        st.link_us = Latency::Fixed(30_000);
        st.failover_us = 0;
    }
    s
}

/// The store's process dies at 10 ms (back at 15 ms) and the primary is
/// lost at `lost_at`, behind [`behind_a_standby`] with a write of k0 at 0;
/// checks that the failover reverted k0 and lost nothing acknowledged.
fn store_crash_then_primary_lost(lost_at: u64) -> (dirtybit_sim::Sim, Vec<dirtybit_sim::Event>) {
    let crash = Fault::StoreCrash {
        kind: CrashKind::Process,
        downtime_us: 5_000,
    };
    let (sim, ev) = run(
        behind_a_standby(),
        &[0],
        &[(10_000, crash), (lost_at, Fault::LosePrimary)],
    );
    let lost = named(&ev, "primary-lost");
    assert!(
        matches!(&lost[0].kind, EventKind::PrimaryLost { lost, reverted: 1, .. } if lost.is_empty()),
        "{:?}",
        lost[0].kind
    );
    (sim, ev)
}

fn flush_acks(ev: &[dirtybit_sim::Event]) -> Vec<u64> {
    named(ev, "flush-acked").iter().map(|e| e.at.0).collect()
}

#[test]
fn a_retried_flush_whose_rows_the_store_has_waits_for_the_standby_too() {
    // The flush waits for the standby from 8.5 ms. The store's process
    // dies at 10 ms (back at 15 ms): the flush fails (the flusher hears at
    // 11 ms), is sent again at 16 ms and applied at 24 ms. Its row is on
    // the primary already, but its commit comes after it in the stream, so
    // it waits for the standby again. The primary is lost at 30 ms, before
    // the standby has the row: the waiting flush fails (heard at 31 ms), is
    // sent again 10 ms later (41 ms) to the new primary, applied at 49 ms
    // with no standby left to wait for, acknowledged at 50 ms. Nothing
    // acknowledged is lost. (Had the retry not waited, it would have been
    // acknowledged at 25 ms and the failover would have lost k0 = 7.)
    let (sim, ev) = store_crash_then_primary_lost(30_000);
    let retried: Vec<u64> = named(&ev, "flush-retried").iter().map(|e| e.at.0).collect();
    assert_eq!(retried, vec![16_000, 41_000]);
    let applied: Vec<u64> = named(&ev, "store-batch-wrote").iter().map(|e| e.at.0).collect();
    assert_eq!(applied, vec![8_500, 24_000, 49_000]);
    assert_eq!(flush_acks(&ev), vec![50_000]);
    assert_eq!(sim.ledger().counts().lost, 0);
    assert_eq!(sim.store().read(Key(0)).map(|v| v.value), Some(Value(7)));
    let r = sim.ledger().recent().find(|r| r.key == Key(0)).copied().unwrap();
    assert_eq!(r.durable.map(|(t, _)| t.0), Some(49_000));
}

#[test]
fn a_flush_failed_by_a_store_crash_is_not_lost_with_the_primary_at_the_same_instant() {
    // The store's process dies at 10 ms and the primary is lost at the same
    // instant. The crash failed the waiting flush (its failure is on the
    // way back); the failover then takes k0 back to the standby's preloaded
    // row. The flusher still holds k0 = 7: it hears of the failure at
    // 11 ms, sends it again at 16 ms to the new primary, which applies it
    // at 24 ms; acknowledged at 25 ms. Nothing is lost.
    let (sim, ev) = store_crash_then_primary_lost(10_000);
    assert_eq!(flush_acks(&ev), vec![25_000]);
    assert_eq!(sim.ledger().counts().lost, 0);
    assert_eq!(sim.store().read(Key(0)).map(|v| v.value), Some(Value(7)));
}

/// `synchronous_commit = off` with a synchronous standby named: a commit
/// leaves its row in the log buffer and ships nothing, so it waits for no
/// report (8.5 ms, as without a standby). The WAL writer's flush at 200 ms
/// ships the row: received at 210 ms, flushed at 230 ms, reported back at
/// 240 ms, when no commit waits: that report releases nothing and is no
/// event. (`finish_commit`'s guard `heard < pos` replaced by `true` or
/// turned to `<=`; `standby_report`'s `released > 0` turned to `>=`.)
#[test]
fn off_waits_for_no_standby_even_with_one_named() {
    let mut s = level("off");
    if let Some(st) = s.store.standby.as_mut() {
        st.waits_for = ReplicaWait::Flush;
    }
    let (sim, ev) = run(s, &[0], &[]);
    assert_eq!(write_latencies(&ev), vec![8_500]);
    assert_eq!(standby_wait(&sim), 0);
    let at = |n: &str| named(&ev, n).iter().map(|e| e.at.0).collect::<Vec<_>>();
    assert_eq!(at("standby-flushed"), vec![230_000]);
    assert!(at("standby-reported").is_empty());
}

/// `Sim::commits_waiting` by a constant: level `on`, one write at 0,
/// committed at 6.515 ms and waiting for the flush report until 46.515 ms.
#[test]
fn a_commit_counts_as_waiting_until_its_report_is_back() {
    use dirtybit_sim::time::SimTime;
    use dirtybit_sim::{Op, Sim};
    let mut sim = Sim::new(level("on")).unwrap();
    assert_eq!(sim.commits_waiting(), 0);
    sim.submit(Op::Write {
        key: Key(0),
        value: Value(1),
    })
    .unwrap();
    sim.run_until(SimTime(6_514));
    assert_eq!(sim.commits_waiting(), 0, "not yet committed");
    sim.run_until(SimTime(6_515));
    assert_eq!(sim.commits_waiting(), 1);
    sim.run_until(SimTime(46_514));
    assert_eq!(sim.commits_waiting(), 1);
    sim.run_until(SimTime(46_515));
    assert_eq!(sim.commits_waiting(), 0);
}

/// A crash of a standby that is down already changes nothing: no rows
/// dropped, no second return (`crash_standby`'s guard replaced by `true`).
/// Down from 0 to 100 ms (its OS), a second crash at 50 ms: one return,
/// at 100 ms.
#[test]
fn a_standby_that_is_down_does_not_crash_again() {
    let crash = |kind| Fault::StandbyCrash {
        kind,
        downtime_us: 100_000,
    };
    let (_, ev) = run(
        level("on"),
        &[],
        &[(0, crash(CrashKind::Os)), (50_000, crash(CrashKind::Power))],
    );
    let dropped: Vec<Option<u64>> = named(&ev, "standby-crashed")
        .iter()
        .map(|e| match e.kind {
            EventKind::StandbyCrashed { dropped, .. } => dropped,
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(dropped, vec![Some(0), None]);
    let up: Vec<u64> = named(&ev, "standby-up").iter().map(|e| e.at.0).collect();
    assert_eq!(up, vec![100_000]);
}
