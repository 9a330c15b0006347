//! Pool-limited throughput, as the write-through performance text computes
//! it: max writes/s = pool_size x 1000 / (store + cache latency in ms)
//! (shared/reference/001, "ThroughputCalculator": 100 connections, 20 ms +
//! 1 ms -> 4762/s theoretical, 3333/s at its 70 % "practical" factor).

use dirtybit_sim::latency::Latencies;
use dirtybit_sim::policy::{Policy, WriteThrough};
use dirtybit_sim::workload::Arrivals;
use dirtybit_sim::{Scenario, Sim};

/// Closed-loop write-through with `clients` clients and no think time;
/// network hops zero so that a write costs store + cache latency only.
fn throughput(pool: u32, clients: u32, store_ms: u64, cache_ms: u64) -> f64 {
    let mut s = Scenario {
        policy: Policy::WriteThrough(WriteThrough::default()),
        ..Scenario::default()
    };
    s.latency = Latencies {
        client_cache_us: 0.into(),
        cache_op_us: (cache_ms * 1_000).into(),
        cache_store_us: 0.into(),
        store_write_us: (store_ms * 1_000).into(),
        store_commit_us: 0.into(),
        ..Latencies::default()
    };
    s.store.pool_size = pool;
    s.workload.read_percent = 0;
    s.workload.keys = 1_000;
    s.workload.ops = 50_000;
    s.workload.arrivals = Arrivals::ClosedLoop { clients, think_us: 0 };
    let mut sim = Sim::new(s).unwrap();
    let _ = sim.run_to_end();
    sim.metrics().writes_acked as f64 / (sim.now().as_micros() as f64 / 1e6)
}

#[test]
fn one_client_per_connection_matches_the_reference_formula_within_2_percent() {
    // Each worker holds a connection for the whole write (store, then cache).
    for (pool, store_ms, cache_ms) in [(100, 20, 1), (10, 5, 1), (4, 7, 2)] {
        let expected = f64::from(pool) * 1_000.0 / (store_ms + cache_ms) as f64;
        let got = throughput(pool, pool, store_ms, cache_ms);
        assert!(
            (got - expected).abs() <= 0.02 * expected,
            "pool {pool}, {store_ms} + {cache_ms} ms: {got:.0}/s vs {expected:.0}/s"
        );
    }
}

#[test]
fn with_more_clients_than_connections_only_the_store_time_holds_a_connection() {
    // The cache set happens after the connection is back in the pool, so
    // the pool bound is pool x 1000 / store latency: 5000/s, not 4762/s.
    let got = throughput(100, 400, 20, 1);
    assert!((got - 5_000.0).abs() <= 0.02 * 5_000.0, "{got:.0}/s");
}
