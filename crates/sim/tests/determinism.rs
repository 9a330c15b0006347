//! Same scenario + seed => the same event trace; a snapshot (clone) replays
//! the same future.

use dirtybit_sim::workload::Arrivals;
use dirtybit_sim::{Scenario, Sim};

fn trace(scenario: &Scenario) -> Vec<String> {
    let mut sim = Sim::new(scenario.clone()).expect("valid scenario");
    core::iter::from_fn(|| sim.step())
        .map(|e| format!("{e:?}"))
        .collect()
}

#[test]
fn the_same_seed_gives_an_identical_trace() {
    let mut scenario = Scenario::default();
    scenario.workload.ops = 2_000;
    scenario.workload.arrivals = Arrivals::Fixed { interval_us: 300 }; // requests overlap in flight
    for seed in [1, 2, 0xDEAD_BEEF] {
        scenario.seed = seed;
        let first = trace(&scenario);
        let second = trace(&scenario);
        assert!(
            first.len() >= 2_000 * 3,
            "seed {seed}: only {} events",
            first.len()
        );
        assert_eq!(first, second, "seed {seed}: traces differ");
    }
}

#[test]
fn a_different_seed_gives_a_different_trace() {
    let mut a = Scenario::default();
    let mut b = Scenario::default();
    a.seed = 1;
    b.seed = 2;
    assert_ne!(trace(&a), trace(&b));
}

#[test]
fn a_clone_replays_the_same_future() {
    let mut sim = Sim::new(Scenario::default()).unwrap();
    let _ = sim.run_steps(137);
    let mut snapshot = sim.clone();
    let rest: Vec<_> = core::iter::from_fn(|| sim.step()).collect();
    let replay: Vec<_> = core::iter::from_fn(|| snapshot.step()).collect();
    assert!(!rest.is_empty());
    assert_eq!(rest, replay);
}
