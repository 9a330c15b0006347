//! Helpers of the golden tests below and beside the store.
#![allow(dead_code)]

use dirtybit_sim::event::EventKind;
use dirtybit_sim::time::SimTime;
use dirtybit_sim::{Event, Fault, Key, Op, Scenario, Sim, Value};

/// Writes k`n` = `n + 7` at each instant of `writes`, injects `faults` at
/// their instants, and runs to the end.
pub fn run(s: Scenario, writes: &[u64], faults: &[(u64, Fault)]) -> (Sim, Vec<Event>) {
    let mut sim = Sim::new(s).unwrap();
    let mut inputs: Vec<(u64, Option<Fault>, u32)> = writes
        .iter()
        .enumerate()
        .map(|(i, t)| (*t, None, i as u32))
        .collect();
    inputs.extend(faults.iter().map(|(t, f)| (*t, Some(*f), 0)));
    inputs.sort_by_key(|(t, ..)| *t);
    let mut events = Vec::new();
    for (at, fault, n) in inputs {
        events.extend(std::iter::from_fn(|| sim.step_before(SimTime(at))));
        let _ = sim.run_until(SimTime(at));
        match fault {
            Some(f) => sim.inject(f),
            None => sim
                .submit(Op::Write {
                    key: Key(n),
                    value: Value(u64::from(n) + 7),
                })
                .unwrap(),
        }
    }
    events.extend(std::iter::from_fn(|| sim.step()));
    (sim, events)
}

pub fn write_latencies(events: &[Event]) -> Vec<u64> {
    events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::WriteAcked { latency, .. } => Some(latency.0),
            _ => None,
        })
        .collect()
}

pub fn named<'a>(events: &'a [Event], name: &str) -> Vec<&'a Event> {
    events.iter().filter(|e| e.kind.name() == name).collect()
}
