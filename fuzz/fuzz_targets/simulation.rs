//! Random valid scenarios with random faults (crashes of the cache node,
//! store outages, crashes of the store's process, OS and power, with and
//! without layers below the store; with a standby at any level, its
//! crashes and the loss of the primary; with a backup member of the cache
//! node; with a device under its log, and its power cut), run to the end
//! under the ledger's
//! invariants: every acknowledged write is durable, lost or at risk, exactly
//! one of them, at every step.
#![no_main]

use dirtybit_sim::policy::{CacheAside, Policy, WriteAround, WriteBehind, WriteThrough};
use dirtybit_sim::latency::Latency;
use dirtybit_sim::standby::{ReplicaWait, StandbySpec};
use dirtybit_sim::storage::{CrashKind, StorageSpec, SyncMode, WriteCache};
use dirtybit_sim::wal::{LogDevice, WalSpec};
use dirtybit_sim::{Fault, Scenario, Sim};
use libfuzzer_sys::fuzz_target;

/// A small scenario drawn from `data` (the same bytes, the same scenario).
fn scenario(data: &[u8]) -> Scenario {
    let byte = |i: usize| u64::from(data.get(i).copied().unwrap_or(0));
    let mut s = Scenario::default();
    s.seed = byte(0) | byte(1) << 8;
    s.workload.keys = 1 + (byte(2) % 8) as u32;
    s.workload.ops = byte(3) % 64;
    s.workload.read_percent = (byte(4) % 101) as u8;
    s.cache.capacity = 1 + (byte(5) % 8) as u32;
    s.policy = match byte(6) % 5 {
        0 => Policy::CacheAside(CacheAside::default()),
        1 => Policy::ReadThrough(CacheAside::default()),
        2 => Policy::WriteAround(WriteAround::default()),
        3 => Policy::WriteThrough(WriteThrough::default()),
        _ => {
            let mut wb = WriteBehind {
                write_delay_us: byte(7) * 1_000,
                batch_size: 1 + (byte(8) % 8) as u32,
                coalescing: byte(9) % 2 == 0,
                queue_capacity: (byte(10) % 16) as u32,
                ..WriteBehind::default()
            };
            wb.wal = match byte(11) % 3 {
                0 => WalSpec::None,
                1 => WalSpec::FsyncEveryWrite,
                _ => WalSpec::GroupCommit {
                    interval_us: 1 + byte(12) * 500,
                    ack_after_fsync: byte(13) % 2 == 0,
                },
            };
            Policy::WriteBehind(Box::new(wb))
        }
    };
    // Half the scenarios have layers below the store.
    if byte(14) % 2 == 1 {
        s.store.storage = Some(StorageSpec {
            sync: SyncMode::ALL[(byte(15) % 7) as usize],
            write_cache: [WriteCache::None, WriteCache::Volatile, WriteCache::Lying, WriteCache::Backed]
                [(byte(16) % 4) as usize],
            medium_us: Latency::Fixed(byte(17) * 10),
            cache_us: Latency::Fixed(1),
            dirty_expire_us: byte(18) * 500,
            writeback_interval_us: 1 + byte(19) * 200,
            destage_us: byte(20) * 500,
            flush_every_us: byte(21) * 1_000,
        });
    }
    // A quarter have a backup member of the cache node.
    if byte(20) % 4 == 1 {
        s.cache.backup = Some(dirtybit_sim::cache::BackupSpec {
            sync: byte(21) % 2 == 0,
            hop_us: Latency::Fixed(byte(13) * 50),
            takeover_us: byte(12) * 1_000,
        });
    }
    // Three in four have a device under the log (of any kind).
    if byte(11) % 4 != 0 {
        s.cache.log_device = Some(LogDevice {
            write_cache: [WriteCache::None, WriteCache::Volatile, WriteCache::Lying, WriteCache::Backed]
                [((byte(11) / 4) % 4) as usize],
            cache_us: Latency::Fixed(byte(9) * 10),
            destage_us: byte(10) * 1_000,
        });
    }
    // Half of them (by another bit) have a standby.
    let standby = (byte(14) / 2) % 2 == 1;
    if standby {
        s.store.standby = Some(StandbySpec {
            waits_for: ReplicaWait::ALL[((byte(14) / 4) % 4) as usize],
            link_us: Latency::Fixed(byte(16) * 100),
            flush_us: Latency::Fixed(byte(17) * 50),
            apply_us: Latency::Fixed(byte(18) * 10),
            failover_us: byte(19) * 1_000,
        });
    }
    for chunk in data.get(22..).unwrap_or(&[]).chunks(3).take(6) {
        let at_us = u64::from(chunk[0]) * 2_000;
        let kind = chunk.get(1).copied().unwrap_or(0) % 12;
        let fault = match kind {
            7..=9 if standby => Fault::StandbyCrash {
                kind: [CrashKind::Process, CrashKind::Os, CrashKind::Power][usize::from(kind - 7)],
                downtime_us: u64::from(chunk.get(2).copied().unwrap_or(0)) * 500,
            },
            10 if standby => Fault::LosePrimary,
            0 => Fault::CrashCache {
                downtime_us: u64::from(chunk.get(2).copied().unwrap_or(0)) * 500,
            },
            1 => Fault::StoreOutage {
                duration_us: 1 + u64::from(chunk.get(2).copied().unwrap_or(0)) * 500,
            },
            11 => Fault::CachePowerLoss {
                downtime_us: u64::from(chunk.get(2).copied().unwrap_or(0)) * 500,
            },
            6 => Fault::CacheProcessCrash {
                downtime_us: u64::from(chunk.get(2).copied().unwrap_or(0)) * 500,
            },
            k @ 3..=5 => Fault::StoreCrash {
                kind: [CrashKind::Process, CrashKind::Os, CrashKind::Power][usize::from(k - 3)],
                downtime_us: u64::from(chunk.get(2).copied().unwrap_or(0)) * 500,
            },
            _ => Fault::StoreUp,
        };
        s.faults.push(dirtybit_sim::fault::ScheduledFault { at_us, fault });
    }
    s
}

fuzz_target!(|data: &[u8]| {
    let s = scenario(data);
    if s.validate().is_err() {
        return;
    }
    let mut sim = Sim::new(s).expect("validated");
    let mut steps = 0u64;
    while sim.step().is_some() {
        steps += 1;
        assert!(steps < 2_000_000, "a small scenario runs to its end");
        let c = sim.ledger().counts();
        let at_risk = sim.ledger().at_risk().len() as u64;
        assert_eq!(c.acked, c.acked_durable + c.lost + at_risk, "{c:?}, {at_risk} at risk");
    }
});
