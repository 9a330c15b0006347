//! The performance budget: simulated operations per second on a
//! 1,000,000-operation write-behind workload, against the same get/put key
//! sequence through the `lru` crate as the baseline.
//!
//! `cargo xtask bench` runs this. divan measures both (with its statistics);
//! then a direct comparison runs each five times and prints the medians and
//! their ratio as `RESULT` lines, which xtask writes to docs/performance.md.

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

fn median_secs(mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[2]
}

fn main() {
    divan::main();
    let s = scenario();
    let ops: Vec<Op> = s.workload.ops_iter(s.seed).collect();
    assert_eq!(ops.len() as u64, OPS);
    let mut events = 0;
    let sim = median_secs(|| events = simulate(black_box(&s)));
    let base = median_secs(|| {
        black_box(lru_replay(black_box(&ops)));
    });
    let sim_rate = OPS as f64 / sim;
    let lru_rate = OPS as f64 / base;
    println!("RESULT workload=write-behind, 1000000 operations (50% reads, 1000 keys), {events} events");
    println!("RESULT simulated_ops_per_s={sim_rate:.0}");
    println!("RESULT lru_ops_per_s={lru_rate:.0}");
    println!(
        "RESULT ns_per_op_sim={:.1} ns_per_op_lru={:.1}",
        sim * 1e9 / OPS as f64,
        base * 1e9 / OPS as f64
    );
    println!("RESULT cost_ratio={:.2}", sim / base);
}
