//! Tests written for mutants cargo-mutants found alive (docs/reliability.md
//! lists them): each checks a fact no other test checked, and fails on the
//! mutant named beside it.

use dirtybit_sim::event::EventKind;
use dirtybit_sim::policy::{Policy, WriteBehind};
use dirtybit_sim::standby::StandbySpec;
use dirtybit_sim::time::SimTime;
use dirtybit_sim::wal::{LogRecord, Wal, WalSpec};
use dirtybit_sim::{Fault, Key, Op, Scenario, Sim, Value, Version};

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

/// `Sim::logged` returning true: a process crash without a log keeps nothing.
#[test]
fn a_process_crash_without_a_log_loses_the_queue() {
    let mut s = Scenario {
        policy: Policy::WriteBehind(Box::default()),
        ..Scenario::default()
    };
    s.workload.ops = 0;
    s.workload.keys = 2;
    let mut sim = Sim::new(s).unwrap();
    sim.submit(Op::Write {
        key: Key(0),
        value: Value(5),
    })
    .unwrap();
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
