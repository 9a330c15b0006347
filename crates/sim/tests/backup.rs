//! Golden tests of the cache node's backup member (Hazelcast's backups of
//! write-behind entries), every figure worked by hand. Write-behind at its
//! defaults (delay 1 s, no log), default hops (client<->cache 0.5 ms, cache
//! op 0.5 ms, cache<->store 1 ms, store write 5 ms, commit 2 ms); the backup
//! 0.5 ms away, taking over 1 s after the node's crash.
//!
//! A write of k0 sent at 0 reaches the node at 0.5 ms and is accepted; its
//! copy reaches the backup at 1 ms. Synchronous: the node's set takes
//! 0.5 ms and the backup's acknowledgement is back after a 1 ms round trip,
//! so the node answers at 0.5 + 0.5 + 1 = 2 ms and the client has it at
//! 2.5 ms. Asynchronous (or none): the node answers after the set, at 1 ms,
//! and the client has it at 1.5 ms; the copy lands at 1 ms.

mod common;

use common::{named, run, write_latencies};
use dirtybit_sim::cache::BackupSpec;
use dirtybit_sim::event::EventKind;
use dirtybit_sim::latency::Latency;
use dirtybit_sim::policy::{Policy, WriteBehind};
use dirtybit_sim::spent::Part;
use dirtybit_sim::{Fault, Key, Scenario, Value};

fn scenario(backup: Option<bool>) -> Scenario {
    let mut s = Scenario {
        policy: Policy::WriteBehind(Box::default()),
        ..Scenario::default()
    };
    if let Policy::WriteBehind(wb) = &mut s.policy {
        **wb = WriteBehind::default();
    }
    s.workload.ops = 0;
    s.workload.keys = 4;
    s.cache.backup = backup.map(|sync| BackupSpec {
        sync,
        hop_us: Latency::Fixed(500),
        takeover_us: 1_000_000,
    });
    s
}

fn crash(downtime_us: u64) -> Fault {
    Fault::CrashCache { downtime_us }
}

#[test]
fn a_synchronous_backup_costs_a_round_trip_an_asynchronous_one_nothing() {
    for (backup, latency, waited) in [
        (None, 1_500, 0),
        (Some(false), 1_500, 0),
        (Some(true), 2_500, 1_000),
    ] {
        let (sim, ev) = run(scenario(backup), &[0], &[]);
        assert_eq!(write_latencies(&ev), vec![latency], "{backup:?}");
        let (_, spent) = sim.last_answer().unwrap();
        assert_eq!(spent[Part::ReplicaWait], waited, "{backup:?}");
        assert_eq!(spent[Part::CacheWork], 500, "{backup:?}: the set");
        assert_eq!(spent.total().0, latency);
    }
}

#[test]
fn a_crash_loses_only_what_the_backup_lacks_and_the_backup_flushes_the_rest() {
    // A crash at 5 ms: without a backup the acknowledged write is lost; with
    // either backup its copy (there since 1 ms) survives.
    let lost = |backup, at| {
        let (sim, ev) = run(scenario(backup), &[0], &[(at, crash(50_000))]);
        (sim, ev)
    };
    let (sim, _) = lost(None, 5_000);
    assert_eq!(sim.ledger().counts().lost, 1);
    for backup in [Some(true), Some(false)] {
        let (sim, ev) = lost(backup, 5_000);
        assert_eq!(sim.ledger().counts().lost, 0, "{backup:?}");
        let crashed = named(&ev, "crashed");
        assert!(
            matches!(crashed[0].kind, EventKind::Crashed { backed_up: 1, .. }),
            "{}",
            crashed[0]
        );
        // The backup takes over at 1.005 s with k0 dirty again; it ripens a
        // delay later, at 2.005 s, and is flushed then.
        let took = named(&ev, "took-over");
        assert_eq!(took[0].at.0, 1_005_000);
        assert!(matches!(
            took[0].kind,
            EventKind::TookOver {
                requeued: 1,
                replayed: 0
            }
        ));
        assert_eq!(named(&ev, "flush-sent")[0].at.0, 2_005_000);
        assert_eq!(sim.store().read(Key(0)).map(|v| v.value), Some(Value(7)));
        let r = sim.ledger().recent().find(|r| r.key == Key(0)).copied().unwrap();
        assert!(r.durable.is_some(), "{backup:?}: stored in the end");
        // The crashed member rejoins (its 50 ms downtime is over by then) at
        // the takeover, as the backup, with a copy of the waiting k0.
        let rejoined = named(&ev, "backup-rejoined");
        assert_eq!(rejoined[0].at.0, 1_005_000);
        assert!(matches!(
            rejoined[0].kind,
            EventKind::BackupRejoined { copies: 1 }
        ));
    }
}

#[test]
fn an_asynchronous_backup_loses_what_it_had_not_received_a_synchronous_one_never_acknowledged_it() {
    // A crash at 0.8 ms: the copy would land at 1 ms. Asynchronous: the
    // write was answered (after the set, at 1 ms: its answer was on its way)
    // and is lost. Synchronous: it was waiting for the backup; the client is
    // told it failed, and nothing acknowledged is lost.
    let (sim, ev) = run(scenario(Some(false)), &[0], &[(800, crash(50_000))]);
    assert_eq!(sim.ledger().counts().lost, 1);
    assert_eq!(write_latencies(&ev).len(), 1);
    let (sim, ev) = run(scenario(Some(true)), &[0], &[(800, crash(50_000))]);
    assert_eq!(sim.ledger().counts().lost, 0);
    assert_eq!(write_latencies(&ev).len(), 0);
    assert_eq!(named(&ev, "failed").len(), 1);
    // A crash at 1.2 ms: the asynchronous copy is there; nothing is lost.
    let (sim, _) = run(scenario(Some(false)), &[0], &[(1_200, crash(50_000))]);
    assert_eq!(sim.ledger().counts().lost, 0);
}

#[test]
fn after_the_takeover_a_second_crash_loses_what_no_member_holds() {
    // First crash at 5 ms, the member down for 3 s: the backup takes over
    // at 1.005 s with k0 (ripe at 2.005 s) and has no backup of its own
    // until 3.005 s. A write of k1 at 1.5 s has no backup to wait for
    // (1.5 ms); a second crash at 1.6 s finds no copy of either: both lost.
    let (sim, ev) = run(
        scenario(Some(true)),
        &[0, 1_500_000],
        &[(5_000, crash(3_000_000)), (1_600_000, crash(50_000))],
    );
    assert_eq!(write_latencies(&ev), vec![2_500, 1_500]);
    assert_eq!(sim.ledger().counts().lost, 2);
}
