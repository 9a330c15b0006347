//! Crash-point sweeps: every outcome equals crashing a run made afresh
//! from the start at the same instant (every example scenario, several
//! instants), and outcomes derived by hand for a small write-behind run.

use dirtybit_sim::event::EventKind;
use dirtybit_sim::sweep::{crash_now, crash_sweep, instants, CrashOutcome};
use dirtybit_sim::time::SimTime;
use dirtybit_sim::{Fault, Scenario, Sim};

fn scenarios() -> Vec<(String, Scenario)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios");
    let mut out: Vec<(String, Scenario)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                dirtybit_sim::json::scenario(&text).unwrap(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// A crash at `at` of a run made from the start, counted by hand.
fn afresh(s: &Scenario, at: SimTime, downtime_us: u64) -> CrashOutcome {
    let mut sim = Sim::new(s.clone()).unwrap();
    let _ = sim.run_until(at);
    let (crash_at, steps) = (sim.now(), sim.steps());
    let at_risk = sim.crash_would_lose().len() as u64;
    let (lost0, rec0) = (sim.metrics().writes_lost_in_crashes, sim.metrics().recovered);
    sim.inject(Fault::CrashCache { downtime_us });
    let mut crashed = None;
    let mut back = None;
    while let Some(e) = sim.step() {
        if matches!(e.kind, EventKind::Crashed { .. }) && crashed.is_none() {
            crashed = Some(e.at);
        }
        if matches!(e.kind, EventKind::Restarted { .. } | EventKind::TookOver { .. }) && crashed.is_some() {
            back = Some(e.at);
            break;
        }
    }
    CrashOutcome {
        at_us: crash_at.0,
        steps,
        at_risk,
        lost: sim.metrics().writes_lost_in_crashes - lost0,
        recovered: sim.metrics().recovered - rec0,
        recovery_us: back.unwrap().0 - crashed.unwrap().0,
    }
}

#[test]
fn every_outcome_equals_a_crash_of_a_run_made_afresh() {
    for (name, s) in scenarios() {
        let sweep = crash_sweep(&s, 7, 20_000).unwrap();
        assert_eq!(sweep.len(), 7, "{name}");
        for o in &sweep {
            assert_eq!(
                *o,
                afresh(&s, SimTime(o.at_us), 20_000),
                "{name} at {} µs",
                o.at_us
            );
            assert!(
                o.recovery_us >= 20_000,
                "{name}: back after its downtime at the earliest"
            );
            assert!(
                o.lost <= o.at_risk,
                "{name}: a crash loses no more than was at risk"
            );
        }
    }
}

fn four_writes(wal: &str) -> Scenario {
    dirtybit_sim::json::scenario(&format!(
        r#"{{"policy": {{"kind": "write-behind", "write_delay_us": 1000000, "batch_size": 10, "wal": {wal}}},
            "workload": {{"ops": 0, "keys": 4, "script": [
              {{"at_us": 0, "op": "write", "key": 0}}, {{"at_us": 5000, "op": "write", "key": 1}},
              {{"at_us": 10000, "op": "write", "key": 2}}, {{"at_us": 15000, "op": "write", "key": 3}}]}}}}"#
    ))
    .unwrap()
}

#[test]
fn a_small_write_behind_run_by_hand() {
    // Writes at 0, 5, 10, 15 ms are acknowledged 1.5 ms later (0.5 there,
    // 0.5 set, 0.5 back) and flushed once, about 1 s after the first.
    let s = four_writes(r#"{"mode": "none"}"#);
    let mut sim = Sim::new(s.clone()).unwrap();
    let mut lost_at = |ms: u64| {
        let at = SimTime(ms * 1000);
        let _ = sim.run_until(at);
        crash_now(&sim, 50_000).lost
    };
    // At 3 ms one is acknowledged; at 12 ms three; at 20 ms four.
    assert_eq!(lost_at(3), 1);
    assert_eq!(lost_at(12), 3);
    assert_eq!(lost_at(20), 4);
    // At 1.5 s the flush (sent at 1.0005 s, committed 10 ms later) is done.
    assert_eq!(lost_at(1500), 0);
    // With a log fsynced before each acknowledgement nothing is lost, and
    // recovery replays every record the store lacks: at 20 ms, all four.
    let logged = four_writes(r#"{"mode": "fsync-every-write"}"#);
    let mut sim = Sim::new(logged).unwrap();
    let _ = sim.run_until(SimTime(20_000));
    let o = crash_now(&sim, 50_000);
    assert_eq!((o.lost, o.recovered, o.recovery_us), (0, 4, 50_000));
}

#[test]
fn instants_spread_evenly_and_bad_sweeps_are_named() {
    assert_eq!(
        instants(SimTime(1000), 3),
        [SimTime(250), SimTime(500), SimTime(750)]
    );
    let s = Scenario::default();
    let e = crash_sweep(&s, 0, 1000).unwrap_err();
    assert_eq!(e.to_string(), "points: must be 1..=1000, got 0");
    let e = crash_sweep(&s, 1001, 1000).unwrap_err();
    assert_eq!(e.to_string(), "points: must be 1..=1000, got 1001");
}

#[test]
fn csv_has_a_header_and_a_line_per_instant_in_field_order() {
    let o = |at_us, steps, at_risk, lost, recovered, recovery_us| CrashOutcome {
        at_us,
        steps,
        at_risk,
        lost,
        recovered,
        recovery_us,
    };
    let text = dirtybit_sim::sweep::csv(&[o(1, 2, 3, 4, 5, 6), o(10, 20, 30, 40, 50, 60)]);
    assert_eq!(
        text,
        "at_us,steps,at_risk,lost,recovered,recovery_us\n1,2,3,4,5,6\n10,20,30,40,50,60\n"
    );
}
