//! The example scenarios that imitate a product carry exactly the
//! product's personality (`dirtybit_sim::products`), so docs/products.md,
//! the presets and the side-by-side personalities say one thing.

#![cfg(feature = "serde")]

use dirtybit_sim::products::{self, Personality, SynchronousCommit};
use dirtybit_sim::Scenario;

fn scenario(file: &str) -> Scenario {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios")
        .join(file);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn each_product_preset_is_its_personality() {
    let cases: [(&str, Personality); 6] = [
        ("write-behind-hazelcast.json", products::hazelcast()),
        ("write-behind-ehcache2.json", products::ehcache2()),
        ("write-behind-ehcache3.json", products::ehcache3()),
        ("store-innodb-trx-commit-2.json", products::innodb(2)),
        (
            "store-postgres-async-commit.json",
            products::postgres(SynchronousCommit::Off),
        ),
        (
            "store-postgres-sync-standby.json",
            products::postgres(SynchronousCommit::On),
        ),
    ];
    for (file, p) in cases {
        let s = scenario(file);
        assert_eq!(s.policy, p.policy, "{file}: policy");
        assert_eq!(s.store.storage, p.storage, "{file}: the layers under the store");
        assert_eq!(s.store.standby, p.standby, "{file}: the standby");
        assert_eq!(s.cache.backup, p.backup, "{file}: the cache's backup");
        assert!(Scenario { ..s }.validate().is_ok(), "{file}");
    }
}

#[test]
fn the_databases_lose_what_their_settings_allow_under_one_workload() {
    // One workload (the InnoDB preset's, without its crash), every database
    // personality, and a crash of the server's process at 950 ms: only the
    // log-buffer settings (InnoDB 0, synchronous_commit = off) lose commits.
    let mut base = scenario("store-innodb-trx-commit-2.json");
    base.faults.clear();
    base.faults.push(dirtybit_sim::fault::ScheduledFault {
        at_us: 950_000,
        fault: dirtybit_sim::Fault::StoreCrash {
            kind: dirtybit_sim::storage::CrashKind::Process,
            downtime_us: 50_000,
        },
    });
    let lost = |p: Personality| {
        let mut s = base.clone();
        s.policy = p.policy;
        s.store.storage = p.storage;
        s.store.standby = p.standby;
        let mut sim = dirtybit_sim::Sim::new(s).unwrap();
        sim.run_to_end();
        sim.ledger().counts().lost
    };
    assert_eq!(lost(products::innodb(1)), 0);
    assert_eq!(lost(products::innodb(2)), 0);
    assert!(lost(products::innodb(0)) > 0);
    assert_eq!(lost(products::postgres(SynchronousCommit::On)), 0);
    assert_eq!(lost(products::postgres(SynchronousCommit::Local)), 0);
    let off = lost(products::postgres(SynchronousCommit::Off));
    // The WAL writer flushed at 800 ms: at most the 150 ms since are lost
    // (a write every 2 ms, half of them writes: at most 38 commits).
    assert!(off > 0 && off <= 38, "{off}");
}

#[test]
fn losing_the_primary_loses_only_under_the_levels_that_do_not_wait_for_the_standby() {
    // The synchronous standby preset's workload and its loss of the
    // primary at 1.1 s, at every level. The stream ships a row the moment
    // it is committed (off: at the WAL writer's flush) and the standby has
    // it 1 ms later: off loses what its WAL writer had not flushed, local
    // what was committed in the last millisecond and already answered
    // (at most one write arrives a millisecond), the waiting levels nothing.
    let base = scenario("store-postgres-sync-standby.json");
    let lost = |level: SynchronousCommit| {
        let p = products::postgres(level);
        let mut s = base.clone();
        s.store.storage = p.storage;
        s.store.standby = p.standby;
        let mut sim = dirtybit_sim::Sim::new(s).unwrap();
        sim.run_to_end();
        let c = sim.ledger().counts();
        assert_eq!(c.lost, c.lost_failover, "{level:?}: every loss is the failover's");
        c.lost
    };
    for level in [
        SynchronousCommit::RemoteWrite,
        SynchronousCommit::On,
        SynchronousCommit::RemoteApply,
    ] {
        assert_eq!(lost(level), 0, "{level:?}");
    }
    assert!(lost(SynchronousCommit::Local) <= 1);
    let off = lost(SynchronousCommit::Off);
    // The WAL writer flushed at 1.0 s: at most what was committed in the
    // 100 ms since (an operation every 2 ms: at most 50).
    assert!(off > 0 && off <= 50, "{off}");
}

#[test]
fn ehcache2_and_ignite_differ_where_their_defaults_do() {
    // Ten writes of one key 1 ms apart, under each: Ehcache 2 does not
    // coalesce (10 store rows a second later), Ignite does (1 row, at its
    // 5 s flush). A crash at 500 ms loses all ten under both: neither has a
    // log.
    let mut s = Scenario::default();
    s.workload.ops = 0;
    s.workload.keys = 1;
    s.workload.script = (0..10)
        .map(|i| dirtybit_sim::workload::ScriptedOp {
            at_us: i * 1_000,
            op: dirtybit_sim::workload::ScriptKind::Write,
            key: 0,
            value: None,
        })
        .collect();
    let run = |p: Personality, crash: bool| {
        let mut s = s.clone();
        s.policy = p.policy;
        if crash {
            s.faults.push(dirtybit_sim::fault::ScheduledFault {
                at_us: 500_000,
                fault: dirtybit_sim::Fault::CrashCache { downtime_us: 1_000 },
            });
        }
        let mut sim = dirtybit_sim::Sim::new(s).unwrap();
        sim.run_to_end();
        (sim.metrics().store_writes, sim.ledger().counts().lost)
    };
    assert_eq!(run(products::ehcache2(), false), (10, 0));
    assert_eq!(run(products::ignite(), false), (1, 0));
    assert_eq!(run(products::ehcache2(), true).1, 10);
    assert_eq!(run(products::ignite(), true).1, 10);
}
