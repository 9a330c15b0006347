//! The example scenarios that imitate a product carry exactly the
//! product's personality (`dirtybit_sim::products`), so docs/products.md,
//! the presets and the side-by-side personalities say one thing.

#![cfg(feature = "serde")]

use dirtybit_sim::products::{self, Personality};
use dirtybit_sim::Scenario;

fn scenario(file: &str) -> Scenario {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios")
        .join(file);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn each_product_preset_is_its_personality() {
    let cases: [(&str, Personality); 4] = [
        ("write-behind-hazelcast.json", products::hazelcast()),
        ("write-behind-ehcache3.json", products::ehcache3()),
        ("store-innodb-trx-commit-2.json", products::innodb(2)),
        ("store-postgres-async-commit.json", products::postgres(true)),
    ];
    for (file, p) in cases {
        let s = scenario(file);
        assert_eq!(s.policy, p.policy, "{file}: policy");
        assert_eq!(s.store.storage, p.storage, "{file}: the layers under the store");
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
        let mut sim = dirtybit_sim::Sim::new(s).unwrap();
        sim.run_to_end();
        sim.ledger().counts().lost
    };
    assert_eq!(lost(products::innodb(1)), 0);
    assert_eq!(lost(products::innodb(2)), 0);
    assert!(lost(products::innodb(0)) > 0);
    assert_eq!(lost(products::postgres(false)), 0);
    let off = lost(products::postgres(true));
    // The WAL writer flushed at 800 ms: at most the 150 ms since are lost
    // (a write every 2 ms, half of them writes: at most 38 commits).
    assert!(off > 0 && off <= 38, "{off}");
}
