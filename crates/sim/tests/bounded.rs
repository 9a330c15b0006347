//! Memory stays bounded on long runs: histograms, time series, the ledger's
//! settled and lost records do not grow with the number of operations.

use dirtybit_sim::ledger::Ledger;
use dirtybit_sim::policy::Policy;
use dirtybit_sim::series::Series;
use dirtybit_sim::workload::Arrivals;
use dirtybit_sim::{Fault, Scenario, Sim};

#[test]
fn a_long_write_behind_run_keeps_fixed_size_records() {
    let mut s = Scenario {
        policy: Policy::WriteBehind(Box::default()),
        sample_us: 1_000,
        ..Scenario::default()
    };
    s.workload.ops = 300_000;
    s.workload.keys = 500;
    s.workload.arrivals = Arrivals::Fixed { interval_us: 50 };
    let mut sim = Sim::new(s).unwrap();
    let mut open_max = 0;
    let mut steps = 0u64;
    while sim.step().is_some() {
        steps += 1;
        if steps % 50_000 == 0 {
            sim.inject(Fault::CrashCache { downtime_us: 1_000 });
            open_max = open_max.max(sim.ledger().at_risk().len());
        }
    }
    // 15 s of virtual time at 1 ms samples would be 15000 points.
    assert!(sim.series().points().len() <= Series::CAPACITY);
    assert!(sim.series().interval_us() >= 16_000);
    assert!(sim.ledger().recent().count() <= Ledger::RECENT);
    assert!(sim.ledger().lost().count() <= Ledger::LOST_KEPT);
    assert!(sim.metrics().writes_lost > 0);
    // Open records are bounded by the writes of one write delay (1 s at
    // 10,000 writes/s), not by the 150,000 writes of the run.
    assert!(open_max > 0 && open_max <= 10_500, "{open_max} open records");
}
