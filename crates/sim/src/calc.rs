//! The reference texts' formulas, as pure functions: the write-through
//! performance text's net-impact model, break-even hit rate and
//! pool-limited throughput, the storage text's queue-depth-1 throughput and
//! utilisation test, and the loss bounds of write-behind and group commit.
//! The page and the command line show the same figures; the texts' printed
//! results are not trusted (some are not what their own formulas give).

/// The inputs of the net-impact model: a workload, the latencies of the
/// store and of the cache, and the hit rate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Workload {
    /// Reads per second.
    pub reads_per_s: f64,
    /// Writes per second.
    pub writes_per_s: f64,
    /// A read from the database, ms.
    pub db_read_ms: f64,
    /// A write to the database, ms.
    pub db_write_ms: f64,
    /// A read from the cache, ms.
    pub cache_read_ms: f64,
    /// A write to the cache, ms.
    pub cache_write_ms: f64,
    /// The share of reads the cache answers, 0..=1.
    pub hit_rate: f64,
}

/// What the net-impact model gives.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NetImpact {
    /// Milliseconds of latency per second without a cache: reads and writes
    /// go to the database.
    pub direct_ms_per_s: f64,
    /// With write-through: hits from the cache, misses from the database,
    /// every write to both.
    pub write_through_ms_per_s: f64,
    /// (direct - write-through) / direct, in percent; negative when
    /// write-through costs more than it saves.
    pub improvement_percent: f64,
    /// The hit rate at which the reads' savings pay for the writes' cache
    /// writes (the text's formula), as a fraction.
    pub break_even_hit_rate: f64,
    /// The reads per write at which write-through stops paying, at this
    /// hit rate.
    pub break_even_read_write_ratio: f64,
}

/// The write-through performance text's net-impact model.
///
/// direct = R·A + W·B; write-through = R·H·C + R·(1−H)·A + W·(B + D);
/// break-even hit rate = W·D / (R·(A − C)); break-even R/W = D / (H·(A − C)),
/// with R, W reads and writes per second, A, B the database's read and
/// write ms, C, D the cache's, H the hit rate.
#[must_use]
pub fn net_impact(w: &Workload) -> NetImpact {
    let (r, wr, h) = (w.reads_per_s, w.writes_per_s, w.hit_rate);
    let direct = r * w.db_read_ms + wr * w.db_write_ms;
    let through =
        r * h * w.cache_read_ms + r * (1.0 - h) * w.db_read_ms + wr * (w.db_write_ms + w.cache_write_ms);
    let saved_per_read = w.db_read_ms - w.cache_read_ms;
    NetImpact {
        direct_ms_per_s: direct,
        write_through_ms_per_s: through,
        improvement_percent: if direct > 0.0 {
            (direct - through) / direct * 100.0
        } else {
            0.0
        },
        break_even_hit_rate: wr * w.cache_write_ms / (r * saved_per_read),
        break_even_read_write_ratio: w.cache_write_ms / (h * saved_per_read),
    }
}

/// The model's mean read latency: H·C + (1 − H)·A ms.
#[must_use]
pub fn mean_read_ms(w: &Workload) -> f64 {
    w.hit_rate * w.cache_read_ms + (1.0 - w.hit_rate) * w.db_read_ms
}

/// The model's write-through write: the database's write plus the cache's, B + D ms.
#[must_use]
pub fn write_through_write_ms(w: &Workload) -> f64 {
    w.db_write_ms + w.cache_write_ms
}

/// What a pool of store connections can take.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PoolThroughput {
    /// pool × 1000 / (write ms + cache ms): every connection always busy.
    pub theoretical_per_s: f64,
    /// 70 % of that, the text's practical ceiling.
    pub practical_per_s: f64,
}

/// The write-through performance text's pool-limited write throughput.
#[must_use]
pub fn pool_throughput(pool: u32, write_ms: f64, cache_ms: f64) -> PoolThroughput {
    let theoretical = f64::from(pool) * 1000.0 / (write_ms + cache_ms);
    PoolThroughput {
        theoretical_per_s: theoretical,
        practical_per_s: theoretical * 0.7,
    }
}

/// Connections needed for `writes_per_s` at `latency_ms` each, with a
/// safety factor: the text's `pool_size = peak writes/s × latency s × factor`,
/// rounded up (a pool is whole connections).
#[must_use]
pub fn connections_needed(writes_per_s: f64, latency_ms: f64, safety: f64) -> u64 {
    libm::ceil(writes_per_s * latency_ms / 1000.0 * safety) as u64
}

/// Operations per second at queue depth 1: one at a time, each taking the
/// device's time plus the software's overhead (the storage text's
/// `1 / (T_syscall + T_cache + T_io + T_confirm)`).
#[must_use]
pub fn qd1_ops_per_s(device_us: f64, overhead_us: f64) -> f64 {
    1e6 / (device_us + overhead_us)
}

/// The storage text's utilisation test: the share of the device's time
/// `ops_per_s` operations of `latency_us` each keep it busy (at most 1 is
/// viable at queue depth 1).
#[must_use]
pub fn utilisation(ops_per_s: f64, latency_us: f64) -> f64 {
    ops_per_s * latency_us / 1e6
}

/// Write-behind's loss bound: about the writes acknowledged during one
/// write delay (rate × delay), all of them at risk until flushed.
#[must_use]
pub fn write_behind_at_risk(writes_per_s: f64, delay_us: u64) -> f64 {
    writes_per_s * delay_us as f64 / 1e6
}

/// Group commit without waiting for the fsync: at most the writes of one
/// interval (rate × interval) are acknowledged and not yet durable.
#[must_use]
pub fn group_commit_at_risk(writes_per_s: f64, interval_us: u64) -> f64 {
    writes_per_s * interval_us as f64 / 1e6
}

/// A hop's latency in ms, if it is a constant (the formulas take constants).
pub(crate) fn constant_ms(l: &crate::latency::Latency) -> Option<f64> {
    use crate::latency::{Dist, Latency};
    match l {
        Latency::Fixed(us) | Latency::Dist(Dist::Constant { us }) => Some(*us as f64 / 1000.0),
        _ => None,
    }
}

/// The net-impact model's inputs for a run of `scenario` that ended at
/// `end` with metrics `m`: its reads and acknowledged writes per second and
/// hit rate, and the latencies its hops add up to (a hit: client to cache
/// and back plus a get; a miss: that plus a set and a store read there and
/// back; a database write: to the store and back, the row and its commit;
/// a cache write: one set). `None` if a hop is not constant or the run took
/// no time.
#[must_use]
pub fn workload_of(
    scenario: &crate::Scenario,
    m: &crate::metrics::Metrics,
    end: crate::time::SimTime,
) -> Option<Workload> {
    let l = &scenario.latency;
    let (cc, op, cs) = (
        constant_ms(&l.client_cache_us)?,
        constant_ms(&l.cache_op_us)?,
        constant_ms(&l.cache_store_us)?,
    );
    let (read, write, commit) = (
        constant_ms(&l.store_read_us)?,
        constant_ms(&l.store_write_us)?,
        constant_ms(&l.store_commit_us)?,
    );
    let secs = end.0 as f64 / 1e6;
    if secs <= 0.0 {
        return None;
    }
    let hit = 2.0 * cc + op;
    Some(Workload {
        reads_per_s: m.reads as f64 / secs,
        writes_per_s: m.writes_acked as f64 / secs,
        db_read_ms: hit + op + 2.0 * cs + read,
        db_write_ms: 2.0 * cs + write + commit,
        cache_read_ms: hit,
        cache_write_ms: op,
        hit_rate: m.hit_ratio(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9 * b.abs().max(1.0)
    }

    #[test]
    fn net_impact_by_hand_where_write_through_pays_and_where_it_does_not() {
        // 10,000 reads and 100 writes a second; the database reads in 15 ms
        // and writes in 20, the cache in 1 and 2; 95 % hits.
        // direct = 10000·15 + 100·20 = 152,000 ms/s
        // write-through = 10000·0.95·1 + 10000·0.05·15 + 100·(20 + 2)
        //               = 9,500 + 7,500 + 2,200 = 19,200 ms/s
        // improvement = (152,000 − 19,200) / 152,000 = 87.368...%
        // break-even hit rate = 100·2 / (10000·14) = 1/700
        // break-even reads per write = 2 / (0.95·14) = 0.15037...
        let busy = Workload {
            reads_per_s: 10_000.0,
            writes_per_s: 100.0,
            db_read_ms: 15.0,
            db_write_ms: 20.0,
            cache_read_ms: 1.0,
            cache_write_ms: 2.0,
            hit_rate: 0.95,
        };
        let n = net_impact(&busy);
        assert!(close(n.direct_ms_per_s, 152_000.0));
        assert!(close(n.write_through_ms_per_s, 19_200.0));
        assert!(close(n.improvement_percent, 132_800.0 / 152_000.0 * 100.0));
        assert!(close(n.break_even_hit_rate, 1.0 / 700.0));
        assert!(close(n.break_even_read_write_ratio, 2.0 / 13.3));
        // 100 reads and 10,000 writes a second: direct = 1,500 + 200,000 =
        // 201,500; write-through = 95 + 75 + 220,000 = 220,170; it costs
        // 18,670 ms/s more: −9.2655...%. It does not pay.
        let writes = Workload {
            reads_per_s: 100.0,
            writes_per_s: 10_000.0,
            ..busy
        };
        let n = net_impact(&writes);
        assert!(close(n.direct_ms_per_s, 201_500.0));
        assert!(close(n.write_through_ms_per_s, 220_170.0));
        assert!(close(n.improvement_percent, -18_670.0 / 201_500.0 * 100.0));
        assert!(n.improvement_percent < 0.0);
        // Break-even: 10000·2 / (100·14) = 14.28...: no hit rate pays.
        assert!(close(n.break_even_hit_rate, 20_000.0 / 1_400.0));
        assert!(n.break_even_hit_rate > 1.0);
    }

    #[test]
    fn a_runs_inputs_are_its_rates_and_its_hops_added_up() {
        // The default hops: client-cache 0.5 ms, op 0.5, cache-store 1,
        // store read 10, write 5, commit 2. A hit: 0.5 + 0.5 + 0.5 = 1.5 ms;
        // a miss: 1.5 + 0.5 (set) + 2 × 1 + 10 = 14 ms; a database write:
        // 2 × 1 + 5 + 2 = 9 ms; a cache write 0.5 ms. 40 reads (30 hits) and
        // 10 writes in 2 s: 20 reads/s, 5 writes/s, a 75 % hit rate.
        let s = crate::Scenario::default();
        let m = crate::metrics::Metrics {
            reads: 40,
            hits: 30,
            misses: 10,
            writes_acked: 10,
            ..Default::default()
        };
        let w = workload_of(&s, &m, crate::time::SimTime(2_000_000)).unwrap();
        assert_eq!((w.reads_per_s, w.writes_per_s, w.hit_rate), (20.0, 5.0, 0.75));
        assert_eq!(
            (w.cache_read_ms, w.db_read_ms, w.db_write_ms, w.cache_write_ms),
            (1.5, 14.0, 9.0, 0.5)
        );
        let mut lognormal = s.clone();
        lognormal.latency.store_read_us = crate::latency::Latency::Dist(crate::latency::Dist::Lognormal {
            p50_us: 1000,
            p99_us: 5000,
        });
        assert_eq!(workload_of(&lognormal, &m, crate::time::SimTime(2_000_000)), None);
        assert_eq!(workload_of(&s, &m, crate::time::SimTime(0)), None);
        // With the store 2 ms from the cache: a miss 1.5 + 0.5 + 2 × 2 +
        // 10 = 16 ms, a database write 2 × 2 + 5 + 2 = 11 ms (at 1 ms,
        // 2 × 1 and 2 / 1 would not tell a product from a quotient).
        let mut far = s.clone();
        far.latency.cache_store_us = crate::latency::Latency::Fixed(2_000);
        let f = workload_of(&far, &m, crate::time::SimTime(2_000_000)).unwrap();
        assert_eq!((f.db_read_ms, f.db_write_ms), (16.0, 11.0));
        // Mean read 0.75 × 1.5 + 0.25 × 14 = 4.625 ms; a write 9 + 0.5.
        assert_eq!(mean_read_ms(&w), 4.625);
        assert_eq!(write_through_write_ms(&w), 9.5);
    }

    #[test]
    fn pools_devices_and_loss_bounds_by_hand() {
        // 100 connections, 20 ms writes and 1 ms cache writes:
        // 100 × 1000 / 21 = 4,761.9...; 70 % of it = 3,333.3...
        let p = pool_throughput(100, 20.0, 1.0);
        assert!(close(p.theoretical_per_s, 100_000.0 / 21.0));
        assert!(close(p.practical_per_s, 70_000.0 / 21.0));
        // 1,000 writes/s × 0.015 s × 1.5 = 22.5: 23 connections.
        assert_eq!(connections_needed(1000.0, 15.0, 1.5), 23);
        // A 12 ms disk with 10 µs overhead: 1e6 / 12,010 = 83.26... ops/s;
        // an 8 µs device with 6 µs: 1e6 / 14 = 71,428.57...
        assert!(close(qd1_ops_per_s(12_000.0, 10.0), 1e6 / 12_010.0));
        assert!(close(qd1_ops_per_s(8.0, 6.0), 1e6 / 14.0));
        // 1,000 writes/s of 50 µs keep a device 5 % busy; 50,000, 250 %.
        assert!(close(utilisation(1000.0, 50.0), 0.05));
        assert!(close(utilisation(50_000.0, 50.0), 2.5));
        // 500 writes/s with a 1 s delay: 500 at risk; a 10 ms group commit: 5.
        assert!(close(write_behind_at_risk(500.0, 1_000_000), 500.0));
        assert!(close(group_commit_at_risk(500.0, 10_000), 5.0));
    }
}
