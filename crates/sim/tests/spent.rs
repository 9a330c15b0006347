//! Where the time went, worked by hand. Default hops: client<->cache
//! 0.5 ms, cache op 0.5 ms, cache<->store 1 ms, store write 5 ms, commit
//! 2 ms, log append 10 µs, log fsync 2 ms.

use dirtybit_sim::event::EventKind;
use dirtybit_sim::policy::{Policy, WriteBehind, WriteThrough};
use dirtybit_sim::spent::{Part, Spent};
use dirtybit_sim::time::Micros;
use dirtybit_sim::wal::WalSpec;
use dirtybit_sim::workload::{ScriptKind, ScriptedOp};
use dirtybit_sim::{Scenario, Sim};

fn writes_at(policy: Policy, keys: u32, at: &[(u64, u32)]) -> Scenario {
    let mut s = Scenario {
        policy,
        ..Scenario::default()
    };
    s.workload.ops = 0;
    s.workload.keys = keys;
    s.workload.script = at
        .iter()
        .map(|&(at_us, key)| ScriptedOp {
            at_us,
            op: ScriptKind::Write,
            key,
            value: None,
        })
        .collect();
    s
}

fn spent(parts: &[(Part, u64)]) -> Spent {
    let mut s = Spent::default();
    for &(p, us) in parts {
        s.add(p, Micros(us));
    }
    s
}

/// Runs to the end; every answered request's parts add up to its latency.
fn run(s: Scenario) -> (Sim, Vec<(Micros, Spent)>) {
    let mut sim = Sim::new(s).unwrap();
    let mut answered = Vec::new();
    while let Some(e) = sim.step() {
        if let EventKind::WriteAcked { op, latency, .. } | EventKind::ReadReturned { op, latency, .. } =
            e.kind
        {
            let (answered_op, spent) = sim.last_answer().unwrap();
            assert_eq!(answered_op, op);
            assert_eq!(spent.total(), latency, "{e}");
            answered.push((latency, spent));
        }
    }
    (sim, answered)
}

#[test]
fn p99_dominated_by_waiting_for_the_only_store_connection() {
    // Ten writes at once through one connection: each reaches the store at
    // 1.5 ms and waits for the ones before it, 7 ms each (5 ms row, 2 ms
    // commit). The k-th: 0.5 + 1 + 7(k - 1) + 7 + 1 + 0.5 (set) + 0.5 ms.
    let mut s = writes_at(
        Policy::WriteThrough(WriteThrough::default()),
        10,
        &(0..10).map(|k| (0, k)).collect::<Vec<_>>(),
    );
    s.store.pool_size = 1;
    let (sim, answered) = run(s);
    let latencies: Vec<u64> = answered.iter().map(|(l, _)| l.0).collect();
    assert_eq!(
        latencies,
        (1..=10).map(|k| 10_500 + 7_000 * (k - 1)).collect::<Vec<_>>()
    );
    // p99 of ten is the slowest, 73.5 ms, alone in its latency bucket.
    let (p99, parts) = sim.metrics().write_breakdown(99.0).unwrap();
    assert_eq!(p99, Micros(73_500));
    assert_eq!(
        parts,
        spent(&[
            (Part::ClientHop, 1_000),
            (Part::CacheWork, 500),
            (Part::StoreHop, 2_000),
            (Part::PoolWait, 63_000),
            (Part::StoreWork, 5_000),
            (Part::Commit, 2_000),
        ])
    );
    assert_eq!(parts.largest(), Some(Part::PoolWait));
    // The median (the 5th, 38.5 ms) waited 28 ms of it.
    let (p50, parts) = sim.metrics().write_breakdown(50.0).unwrap();
    assert_eq!((p50, parts[Part::PoolWait]), (Micros(38_500), 28_000));
}

#[test]
fn p99_dominated_by_the_log_fsync() {
    // Write-behind with an fsync per write: the write reaches the node at
    // 0.5 ms, waits for its log append (10 µs) and fsync (2 ms), and the
    // acknowledgement takes 0.5 ms back: 3.01 ms, 2.01 of them the log.
    let s = writes_at(
        Policy::WriteBehind(Box::new(WriteBehind {
            wal: WalSpec::FsyncEveryWrite,
            ..WriteBehind::default()
        })),
        4,
        &[(0, 0), (10_000, 1), (20_000, 2), (30_000, 3)],
    );
    let (sim, answered) = run(s);
    let want = spent(&[(Part::ClientHop, 1_000), (Part::LogFsync, 2_010)]);
    assert!(
        answered.iter().all(|(l, s)| *l == Micros(3_010) && *s == want),
        "{answered:?}"
    );
    let (p99, parts) = sim.metrics().write_breakdown(99.0).unwrap();
    assert_eq!((p99, parts), (Micros(3_010), want));
    assert_eq!(parts.largest(), Some(Part::LogFsync));
}

#[test]
fn without_a_log_the_same_write_is_only_hops_and_the_cache_set() {
    // Acknowledged once the value is in the node's memory: 0.5 + 0.5 + 0.5 ms.
    let s = writes_at(Policy::WriteBehind(Box::default()), 1, &[(0, 0)]);
    let (_, answered) = run(s);
    assert_eq!(
        answered,
        vec![(
            Micros(1_500),
            spent(&[(Part::ClientHop, 1_000), (Part::CacheWork, 500)])
        )]
    );
}
