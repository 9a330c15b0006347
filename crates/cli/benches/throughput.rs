//! The performance budget: simulated operations per second on a
//! 1,000,000-operation write-behind workload, against the same get/put key
//! sequence through the `lru` crate as the baseline.
//!
//! A third measurement bounds what any discrete-event design can reach: the
//! event-loop floor runs the same operations as three events each (sent,
//! at the cache, answered: what the simulation schedules for them) through a
//! binary heap keyed like the simulation's agenda, and does nothing else.
//!
//! `cargo xtask bench` runs this. divan measures all three (with its
//! statistics); then a direct comparison runs the three in turn, seven rounds,
//! and prints each one's fastest round and their ratios as `RESULT` lines,
//! which xtask writes to docs/performance.md. The fastest round is the one
//! least disturbed by other work on the machine (a shared virtual machine
//! here varies by up to 1.7x between runs); taking it for all three keeps
//! the ratios fair.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::hint::black_box;
use std::num::NonZeroUsize;
use std::time::Instant;

use dirtybit_sim::policy::{Policy, WriteBehind};
use dirtybit_sim::workload::Arrivals;
use dirtybit_sim::{Op, Scenario, Sim};

const OPS: u64 = 1_000_000;
const KEYS: u32 = 1_000;

/// Write-behind, half reads, 1000 keys (all fit in the cache), one
/// operation every 100 µs, a 10 ms write delay with batches of 50.
fn scenario() -> Scenario {
    let mut s = Scenario {
        policy: Policy::WriteBehind(Box::new(WriteBehind {
            write_delay_us: 10_000,
            batch_size: 50,
            ..WriteBehind::default()
        })),
        sample_us: 1_000_000,
        ..Scenario::default()
    };
    s.cache.capacity = KEYS;
    s.workload.ops = OPS;
    s.workload.keys = KEYS;
    s.workload.read_percent = 50;
    s.workload.arrivals = Arrivals::Fixed { interval_us: 100 };
    s
}

fn simulate(s: &Scenario) -> u64 {
    let mut sim = Sim::new(s.clone()).expect("valid");
    let events = sim.run_to_end();
    assert_eq!(sim.metrics().ops_sent, OPS);
    events
}

/// The same operations as plain LRU gets and puts: a read that misses
/// puts the value, as a cache that loads it would.
fn lru_replay(ops: &[Op]) -> u64 {
    let mut cache = lru::LruCache::new(NonZeroUsize::new(KEYS as usize).expect("non-zero"));
    let mut hits = 0;
    for op in ops {
        match *op {
            Op::Read { key } => {
                if cache.get(&key).is_some() {
                    hits += 1;
                } else {
                    cache.put(key, 0);
                }
            }
            Op::Write { key, value } => {
                cache.put(key, value.0);
            }
        }
    }
    hits
}

/// The floor's timings, the scenario's defaults: one operation every 100 µs,
/// 500 µs per client<->cache hop, 500 µs for a cache read.
const GAP_US: u64 = 100;
const HOP_US: u64 = 500;
const CACHE_OP_US: u64 = 500;

/// The event-loop floor: each operation as three events through a binary
/// heap of packed (time, sequence, operation, kind) keys, as the agenda
/// packs them, with no cache, ledger, queue, latency draw or metric behind
/// them. Returns how many events it popped.
fn event_loop_floor(ops: &[Op]) -> u64 {
    const SENT: u128 = 0;
    const AT_CACHE: u128 = 1;
    const ANSWERED: u128 = 2;
    let mut heap = BinaryHeap::new();
    let mut seq: u128 = 0;
    let mut push = |heap: &mut BinaryHeap<Reverse<u128>>, at: u64, op: usize, kind: u128| {
        seq += 1;
        heap.push(Reverse(
            u128::from(at) << 64 | seq << 24 | (op as u128) << 2 | kind,
        ));
    };
    push(&mut heap, 0, 0, SENT);
    let (mut events, mut next) = (0, 0);
    while let Some(Reverse(key)) = heap.pop() {
        events += 1;
        let at = (key >> 64) as u64;
        let op = ((key >> 2) & 0x3F_FFFF) as usize;
        match key & 3 {
            SENT if next < ops.len() => {
                let work = match ops[next] {
                    Op::Read { .. } => CACHE_OP_US,
                    Op::Write { .. } => 0,
                };
                push(&mut heap, at + HOP_US + work, next, AT_CACHE);
                next += 1;
                push(&mut heap, at + GAP_US, 0, SENT);
            }
            AT_CACHE => push(&mut heap, at + HOP_US, op, ANSWERED),
            _ => {
                black_box(op);
            }
        }
    }
    events
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn simulated_write_behind(bencher: divan::Bencher) {
    let s = scenario();
    bencher
        .counter(divan::counter::ItemsCount::new(OPS))
        .bench(|| simulate(black_box(&s)));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn lru_baseline(bencher: divan::Bencher) {
    let ops: Vec<Op> = scenario().workload.ops_iter(scenario().seed).collect();
    bencher
        .counter(divan::counter::ItemsCount::new(OPS))
        .bench(|| lru_replay(black_box(&ops)));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn event_loop_floor_bench(bencher: divan::Bencher) {
    let ops: Vec<Op> = scenario().workload.ops_iter(scenario().seed).collect();
    bencher
        .counter(divan::counter::ItemsCount::new(OPS))
        .bench(|| event_loop_floor(black_box(&ops)));
}

/// Times `f` once, in seconds.
fn secs(f: impl FnOnce()) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64()
}

const ROUNDS: usize = 7;

fn main() {
    divan::main();
    let s = scenario();
    let ops: Vec<Op> = s.workload.ops_iter(s.seed).collect();
    assert_eq!(ops.len() as u64, OPS);
    let (mut events, mut floor_events) = (0, 0);
    let (mut sim, mut base, mut floor) = (f64::MAX, f64::MAX, f64::MAX);
    for _ in 0..ROUNDS {
        sim = sim.min(secs(|| events = simulate(black_box(&s))));
        base = base.min(secs(|| {
            black_box(lru_replay(black_box(&ops)));
        }));
        floor = floor.min(secs(|| floor_events = event_loop_floor(black_box(&ops))));
    }
    let sim_rate = OPS as f64 / sim;
    let lru_rate = OPS as f64 / base;
    println!("RESULT workload=write-behind, 1000000 operations (50% reads, 1000 keys), {events} events");
    println!("RESULT simulated_ops_per_s={sim_rate:.0}");
    println!("RESULT lru_ops_per_s={lru_rate:.0}");
    println!(
        "RESULT floor_ops_per_s={:.0} floor_events={floor_events}",
        OPS as f64 / floor
    );
    println!(
        "RESULT ns_per_op_sim={:.1} ns_per_op_lru={:.1} ns_per_op_floor={:.1}",
        sim * 1e9 / OPS as f64,
        base * 1e9 / OPS as f64,
        floor * 1e9 / OPS as f64
    );
    println!("RESULT cost_ratio={:.2}", sim / base);
    println!("RESULT floor_ratio={:.2}", floor / base);
    crash_sweep();
}

/// A crash sweep of 200 instants over a 10,000-operation write-behind run:
/// forks of one run against a run from the start for each instant.
fn crash_sweep() {
    use dirtybit_sim::sweep::{crash_now, crash_sweep, instants};
    let s: Scenario = serde_json::from_str(
        r#"{"policy": {"kind": "write-behind", "write_delay_us": 100000, "batch_size": 10},
            "workload": {"ops": 10000, "read_percent": 50, "keys": 100,
                         "arrivals": {"kind": "fixed", "interval_us": 200}}}"#,
    )
    .unwrap();
    const POINTS: usize = 200;
    const DOWNTIME: u64 = 50_000;
    let (mut fork, mut rerun) = (f64::MAX, f64::MAX);
    let mut forked = Vec::new();
    let mut afresh = Vec::new();
    for _ in 0..3 {
        fork = fork.min(secs(|| {
            forked = crash_sweep(black_box(&s), POINTS, DOWNTIME).unwrap()
        }));
        rerun = rerun.min(secs(|| {
            let mut end = Sim::new(s.clone()).unwrap();
            let _ = end.run_to_end();
            afresh = instants(end.now(), POINTS)
                .into_iter()
                .map(|at| {
                    let mut sim = Sim::new(s.clone()).unwrap();
                    let _ = sim.run_until(at);
                    crash_now(&sim, DOWNTIME)
                })
                .collect();
        }));
    }
    assert_eq!(forked, afresh, "forks and runs from the start agree");
    println!(
        "RESULT sweep_points={POINTS} sweep_fork_ms={:.1} sweep_rerun_ms={:.1} sweep_speedup={:.1}",
        fork * 1e3,
        rerun * 1e3,
        rerun / fork
    );
}
