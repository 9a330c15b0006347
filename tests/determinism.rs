//! Same scenario + seed => the same trace in the browser as natively: the
//! example scenarios run here, in wasm, and must match the fingerprints the
//! native tests pin (crates/sim/tests/fingerprints.txt).

#![cfg(target_arch = "wasm32")]

use dirtybit_sim::{trace, Scenario, Sim};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PINNED: &str = include_str!("../crates/sim/tests/fingerprints.txt");

macro_rules! scenarios {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_str!(concat!("../scenarios/", $name)))),*]
    };
}

#[wasm_bindgen_test]
fn example_traces_match_the_native_fingerprints() {
    let files = scenarios![
        "cache-aside.json",
        "page-cache.json",
        "read-through.json",
        "selective.json",
        "store-innodb-trx-commit-2.json",
        "store-postgres-async-commit.json",
        "store-postgres-sync-standby.json",
        "write-around.json",
        "write-behind-ehcache2.json",
        "write-behind-ehcache3.json",
        "write-behind-group-commit.json",
        "write-behind-hazelcast.json",
        "write-behind-lying-log.json",
        "write-behind-redo-log.json",
        "write-through-async.json",
        "write-through-lying-ssd.json",
        "write-through.json",
    ];
    assert_eq!(
        files.len(),
        PINNED.lines().count(),
        "every pinned scenario runs here too"
    );
    for (name, json) in files {
        let scenario: Scenario = serde_json::from_str(json).unwrap();
        let (events, hash) = trace::fingerprint(Sim::new(scenario).unwrap());
        let line = format!("{name} {events} {hash:016x}");
        assert!(PINNED.lines().any(|l| l == line), "wasm trace differs: {line}");
    }
}
