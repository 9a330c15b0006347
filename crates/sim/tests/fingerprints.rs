//! The fingerprints of the example scenarios' traces, pinned in
//! `tests/fingerprints.txt`. The browser tests (tests/determinism.rs at the
//! root) check the same file, so a native and a wasm run that differed in a
//! single byte of the trace would fail one of them.
//!
//! After an intended change to the model, print the new lines with
//! `DIRTYBIT_PRINT_FINGERPRINTS=1 cargo test -p dirtybit-sim --features serde --test fingerprints -- --nocapture`
//! and replace the file; it is never rewritten by the test itself.

use dirtybit_sim::{trace, Scenario, Sim};

const PINNED: &str = include_str!("fingerprints.txt");

fn scenario_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")
}

#[test]
fn every_example_scenario_has_its_pinned_fingerprint() {
    let mut lines = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(scenario_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    for name in names {
        let text = std::fs::read_to_string(scenario_dir().join(&name)).unwrap();
        let scenario: Scenario = serde_json::from_str(&text).unwrap();
        let (events, hash) = trace::fingerprint(Sim::new(scenario).unwrap());
        lines.push(format!("{name} {events} {hash:016x}"));
    }
    let got = lines.join("\n") + "\n";
    if std::env::var_os("DIRTYBIT_PRINT_FINGERPRINTS").is_some() {
        print!("{got}");
    }
    assert_eq!(got, PINNED, "a trace changed; see this file's docs");
}
