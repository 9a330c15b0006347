//! The reference texts' formulas beside a finished run's own figures: the
//! net-impact model on the run's rates and constant hops, the model's mean
//! read and write-through write against the run's means, the pool's ceiling
//! against the rows the store wrote, write-behind's bound on writes at risk
//! against the most the run had, and the store's commit at queue depth 1
//! against how busy the run kept it. The page shows this; every number is
//! [`crate::calc`]'s or the run's.

use crate::calc::{self, constant_ms, NetImpact, PoolThroughput, Workload};
use crate::policy::Policy;
use crate::sim::Sim;
use crate::wal::WalSpec;

/// The formulas and the run, side by side.
#[derive(Clone, Debug, PartialEq)]
pub struct Beside {
    /// The model's inputs, if the run's hops are constants.
    pub inputs: Option<Workload>,
    /// The net-impact model on those inputs.
    pub net: Option<NetImpact>,
    /// The model's mean read and the run's, ms.
    pub mean_read: Option<(f64, f64)>,
    /// The model's write-through write and the run's mean write, ms.
    pub write: Option<(f64, f64)>,
    /// The pool's ceiling and the rows the run's store wrote per second.
    pub pool: Option<(PoolThroughput, f64)>,
    /// Write-behind: the bound on writes at risk (rate × delay without a
    /// log, rate × interval with group commit that does not wait, none with
    /// a log waited for), the bound's formula, and the most the run had at
    /// risk at once.
    pub at_risk: Option<(f64, &'static str, u64)>,
    /// The store's commit at queue depth 1: operations per second
    /// (1e6 / commit µs), and the share of time the run's rows kept it
    /// busy (rows/s × commit), viable below 1.
    pub qd1: Option<(f64, f64)>,
}

/// The formulas beside `sim`, a run that has ended (or stands where it is).
#[must_use]
pub fn beside(sim: &Sim) -> Beside {
    let s = sim.scenario();
    let m = sim.metrics();
    let secs = sim.now().0 as f64 / 1e6;
    // Only asked once time has passed (`running`).
    let per_s = |n: u64| n as f64 / secs;
    let ms = |us: u64| us as f64 / 1000.0;
    let inputs = calc::workload_of(s, m, sim.now());
    let l = &s.latency;
    let running = secs > 0.0;
    let pool = match (
        constant_ms(&l.store_write_us),
        constant_ms(&l.store_commit_us),
        constant_ms(&l.cache_op_us),
    ) {
        (Some(w), Some(c), Some(op)) if running => Some((
            calc::pool_throughput(s.store.pool_size, w + c, op),
            per_s(m.store_writes),
        )),
        _ => None,
    };
    let peak = sim.series().points().iter().map(|p| p.at_risk).max().unwrap_or(0);
    let rate = per_s(m.writes_acked);
    let at_risk = match &s.policy {
        Policy::WriteBehind(wb) if running => Some(match wb.wal {
            WalSpec::None => (
                calc::write_behind_at_risk(rate, wb.write_delay_us),
                "rate × write delay",
                peak,
            ),
            WalSpec::GroupCommit {
                interval_us,
                ack_after_fsync: false,
            } => (
                calc::group_commit_at_risk(rate, interval_us),
                "rate × fsync interval",
                peak,
            ),
            _ => (0.0, "none: acknowledged after the fsync", peak),
        }),
        _ => None,
    };
    let qd1 = constant_ms(&l.store_commit_us)
        .filter(|c| *c > 0.0 && running)
        .map(|commit_ms| {
            let commit_us = commit_ms * 1000.0;
            (
                calc::qd1_ops_per_s(commit_us, 0.0),
                calc::utilisation(per_s(m.store_writes), commit_us),
            )
        });
    Beside {
        net: inputs.as_ref().map(calc::net_impact),
        mean_read: inputs
            .as_ref()
            .filter(|_| m.reads > 0)
            .map(|w| (calc::mean_read_ms(w), ms(m.read_latency.mean().0))),
        write: inputs
            .as_ref()
            .filter(|_| m.writes_acked > 0)
            .map(|w| (calc::write_through_write_ms(w), ms(m.write_latency.mean().0))),
        inputs,
        pool,
        at_risk,
        qd1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scenario;

    #[test]
    fn write_through_with_the_default_hops_by_hand() {
        let mut sim = Sim::new(Scenario::default()).unwrap();
        let _ = sim.run_to_end();
        let b = beside(&sim);
        // A write-through write: the formula's 9 + 0.5 ms; the run's every
        // write 0.5 + 1 + 5 + 2 + 1 + 0.5 + 0.5 = 10.5 ms.
        assert_eq!(b.write, Some((9.5, 10.5)));
        // 10 connections, 5 + 2 ms a row plus a 0.5 ms set: 10 × 1000 / 7.5.
        let (pool, _) = b.pool.unwrap();
        assert!((pool.theoretical_per_s - 10_000.0 / 7.5).abs() < 1e-9);
        // The 2 ms commit at queue depth 1: 500 a second.
        assert_eq!(b.qd1.map(|q| q.0), Some(500.0));
        assert_eq!(b.at_risk, None, "no write-behind, no bound");
    }

    /// Before time has passed there is no rate to set beside a formula:
    /// no pool, bound or queue-depth figure (`running`'s `>` turned to
    /// `>=` would divide by zero).
    #[test]
    fn a_run_that_has_not_started_has_no_rates() {
        let s = Scenario {
            policy: Policy::WriteBehind(Default::default()),
            ..Scenario::default()
        };
        let b = beside(&Sim::new(s).unwrap());
        assert_eq!((b.pool, b.at_risk, b.qd1), (None, None, None));
    }

    /// Reads only, one preloaded key, one at a time: the first misses
    /// (0.5 + 0.5 + 1 + 10 + 1 + 0.5 + 0.5 = 14 ms), nine hit (1.5 ms):
    /// the run's mean 2.75 ms, and the model's 0.9 × 1.5 + 0.1 × 14, the
    /// same. No write: nothing to set beside the write formula.
    #[test]
    fn reads_alone_have_a_mean_read_and_no_write() {
        let mut s = Scenario::default();
        s.store.preloaded = true;
        s.workload.ops = 10;
        s.workload.keys = 1;
        s.workload.read_percent = 100;
        s.workload.arrivals = crate::workload::Arrivals::Fixed { interval_us: 100_000 };
        let mut sim = Sim::new(s).unwrap();
        let _ = sim.run_to_end();
        let b = beside(&sim);
        let (model, run) = b.mean_read.unwrap();
        assert!(
            (model - 2.75).abs() < 1e-9 && (run - 2.75).abs() < 1e-9,
            "{model} {run}"
        );
        assert_eq!(b.write, None);
    }

    /// Writes only, with a commit that takes no time: no read to set
    /// beside the mean read, and no queue-depth-1 rate for a zero-time
    /// commit (`m.reads > 0` and `*c > 0.0` turned to `>=`).
    #[test]
    fn writes_alone_with_a_free_commit_have_no_mean_read_and_no_qd1() {
        let mut s = Scenario::default();
        s.workload.read_percent = 0;
        s.latency.store_commit_us = crate::latency::Latency::Fixed(0);
        let mut sim = Sim::new(s).unwrap();
        let _ = sim.run_to_end();
        let b = beside(&sim);
        assert_eq!((b.mean_read, b.qd1), (None, None));
        assert!(b.write.is_some() && b.pool.is_some());
    }

    #[test]
    fn write_behind_bounds_follow_its_log() {
        let mut s = Scenario {
            policy: Policy::WriteBehind(Default::default()),
            ..Scenario::default()
        };
        let mut sim = Sim::new(s.clone()).unwrap();
        let _ = sim.run_to_end();
        let (bound, how, peak) = beside(&sim).at_risk.unwrap();
        // Rate × 1 s delay: the run's acknowledged writes per second.
        let rate = sim.metrics().writes_acked as f64 / (sim.now().0 as f64 / 1e6);
        assert!((bound - rate).abs() < 1e-9 && how == "rate × write delay");
        assert!(peak > 0);
        // Group commit every 10 ms, acknowledged before the fsync: the
        // bound is the writes of one interval, rate × 0.01 s.
        if let Policy::WriteBehind(wb) = &mut s.policy {
            wb.wal = WalSpec::GroupCommit {
                interval_us: 10_000,
                ack_after_fsync: false,
            };
        }
        let mut sim = Sim::new(s.clone()).unwrap();
        let _ = sim.run_to_end();
        let (bound, how, _) = beside(&sim).at_risk.unwrap();
        let rate = sim.metrics().writes_acked as f64 / (sim.now().0 as f64 / 1e6);
        assert!((bound - rate * 0.01).abs() < 1e-9, "{bound} {rate}");
        assert_eq!(how, "rate × fsync interval");
        if let Policy::WriteBehind(wb) = &mut s.policy {
            wb.wal = WalSpec::FsyncEveryWrite;
        }
        let mut sim = Sim::new(s).unwrap();
        let _ = sim.run_to_end();
        assert_eq!(beside(&sim).at_risk.map(|a| (a.0, a.2)), Some((0.0, 0)));
    }
}
