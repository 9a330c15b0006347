//! The invariants of DESIGN.md over thousands of random scenarios, checked
//! against the event history (a shadow model built only from events), not
//! against the core's own bookkeeping. A failing case prints its seed and
//! scenario (proptest shrinks it first).

#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};

use dirtybit_sim::event::{AckWhen, EventKind};
use dirtybit_sim::fault::{Fault, ScheduledFault};
use dirtybit_sim::latency::{Device, Dist, Latencies, Latency, Network};
use dirtybit_sim::policy::{
    AfterLastRetry, BackPressure, CacheAside, CacheUpdate, OnWrite, Policy, Retry, WriteAround, WriteBehind,
    WriteThrough,
};
use dirtybit_sim::standby::{ReplicaWait, StandbySpec};
use dirtybit_sim::storage::{CrashKind, StorageSpec, SyncMode, WriteCache};
use dirtybit_sim::wal::{LogDevice, WalSpec};
use dirtybit_sim::workload::{Arrivals, Popularity};
use dirtybit_sim::{Key, Scenario, Sim, Value, Version};
use proptest::prelude::*;

/// Random scenarios per property: 1,000 in `cargo xtask test`; `cargo
/// xtask soak` sets `DIRTYBIT_SOAK_CASES` (10,000 by default).
fn cases() -> u32 {
    std::env::var("DIRTYBIT_SOAK_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000)
}

fn workload_and_seed() -> impl Strategy<Value = (u64, u64, u8, u32, u64)> {
    (any::<u64>(), 20u64..150, 0u8..=90, 1u32..6, 200u64..3_000)
}

/// Constant latencies half the time; otherwise every hop random, so that
/// messages overtake each other.
fn random_latencies(seed: u64) -> Latencies {
    if seed % 2 == 0 {
        return Latencies::default();
    }
    let net = |n| Latency::Dist(Dist::Network { network: n });
    Latencies {
        client_cache_us: net(Network::SameRack),
        cache_op_us: Latency::Dist(Dist::Exponential { mean_us: 300 }),
        cache_store_us: net(Network::CrossZone),
        store_read_us: Latency::Dist(Dist::Lognormal {
            p50_us: 5_000,
            p99_us: 40_000,
        }),
        store_write_us: Latency::Dist(Dist::Uniform {
            min_us: 1_000,
            max_us: 9_000,
        }),
        store_commit_us: Latency::Dist(Dist::Device {
            device: Device::SataSsd,
        }),
        log_append_us: 10.into(),
        log_fsync_us: Latency::Dist(Dist::Empirical {
            points: vec![(50.0, 15), (99.0, 50), (100.0, 2_000)],
        }),
    }
}

fn crashes(max_at: u64) -> impl Strategy<Value = Vec<ScheduledFault>> {
    prop::collection::vec(
        (0..max_at, 0u64..20_000).prop_map(|(at_us, downtime_us)| ScheduledFault {
            at_us,
            fault: Fault::CrashCache { downtime_us },
        }),
        0..3,
    )
}

fn outages(max_at: u64) -> impl Strategy<Value = Vec<ScheduledFault>> {
    prop::collection::vec(
        (0..max_at, 1u64..400_000).prop_map(|(at_us, duration_us)| ScheduledFault {
            at_us,
            fault: Fault::StoreOutage { duration_us },
        }),
        0..2,
    )
}

/// Layers below the store: any sync mode and device cache, short write-back
/// and destage delays (so runs see every move), fixed or random devices.
fn storage() -> impl Strategy<Value = StorageSpec> {
    (
        prop::sample::select(SyncMode::ALL.to_vec()),
        prop::sample::select(vec![
            WriteCache::None,
            WriteCache::Volatile,
            WriteCache::Lying,
            WriteCache::Backed,
        ]),
        any::<bool>(),
        (
            0u64..60_000,
            1u64..20_000,
            0u64..60_000,
            prop::sample::select(vec![0u64, 5_000, 50_000]),
        ),
    )
        .prop_map(
            |(sync, write_cache, random, (expire, interval, destage, flush_every))| StorageSpec {
                sync,
                write_cache,
                medium_us: if random {
                    Latency::Dist(Dist::Device { device: Device::Nvme })
                } else {
                    Latency::Fixed(15)
                },
                cache_us: Latency::Fixed(1),
                dirty_expire_us: expire,
                writeback_interval_us: interval,
                destage_us: destage,
                flush_every_us: flush_every,
            },
        )
}

/// Crashes of the store's machine (process, OS, power) and of the cache node.
fn store_crashes(max_at: u64) -> impl Strategy<Value = Vec<ScheduledFault>> {
    prop::collection::vec(
        (0..max_at, 0usize..5, 0u64..20_000).prop_map(|(at_us, which, downtime_us)| ScheduledFault {
            at_us,
            fault: match which {
                0 => Fault::StoreCrash {
                    kind: CrashKind::Process,
                    downtime_us,
                },
                1 => Fault::StoreCrash {
                    kind: CrashKind::Os,
                    downtime_us,
                },
                2 => Fault::StoreCrash {
                    kind: CrashKind::Power,
                    downtime_us,
                },
                3 => Fault::CacheProcessCrash { downtime_us },
                _ => Fault::CrashCache { downtime_us },
            },
        }),
        0..4,
    )
}

fn standby() -> impl Strategy<Value = StandbySpec> {
    (
        prop::sample::select(ReplicaWait::ALL.to_vec()),
        0u64..20_000,
        0u64..20_000,
        any::<bool>(),
    )
        .prop_map(|(waits_for, link, flush, random)| StandbySpec {
            waits_for,
            link_us: if random {
                Latency::Dist(Dist::Exponential { mean_us: link.max(1) })
            } else {
                Latency::Fixed(link)
            },
            flush_us: Latency::Fixed(flush),
            apply_us: Latency::Fixed(flush / 10),
            failover_us: flush * 3,
        })
}

/// Crashes of every kind on the primary, the standby and the cache node,
/// and losing the primary.
fn replica_faults(max_at: u64) -> impl Strategy<Value = Vec<ScheduledFault>> {
    let kinds = [CrashKind::Process, CrashKind::Os, CrashKind::Power];
    prop::collection::vec(
        (0..max_at, 0usize..9, 0u64..30_000).prop_map(move |(at_us, which, downtime_us)| ScheduledFault {
            at_us,
            fault: match which {
                0..=2 => Fault::StandbyCrash {
                    kind: kinds[which],
                    downtime_us,
                },
                3..=5 => Fault::StoreCrash {
                    kind: kinds[which - 3],
                    downtime_us,
                },
                6 => Fault::CrashCache { downtime_us },
                _ => Fault::LosePrimary,
            },
        }),
        0..4,
    )
}

fn write_behind(wal: impl Strategy<Value = WalSpec>) -> impl Strategy<Value = WriteBehind> {
    (
        (
            0u64..60_000,
            1u32..6,
            any::<bool>(),
            0u8..=100,
            prop::sample::select(vec![0u32, 200, 2_000]),
        ),
        (
            0u32..4,
            0u32..6,
            prop::sample::select(vec![
                BackPressure::Block,
                BackPressure::Reject,
                BackPressure::SyncFlush,
            ]),
            0u32..4,
        ),
        prop::sample::select(vec![AfterLastRetry::Requeue, AfterLastRetry::Forever]),
        wal,
    )
        .prop_map(
            |(
                (delay, batch, coalescing, factor, rate),
                (attempts, cap, bp, flush_at_len),
                after_last,
                wal,
            )| WriteBehind {
                write_delay_us: delay,
                batch_size: batch,
                coalescing,
                batch_factor_percent: factor,
                rate_limit_per_s: rate,
                retry: Retry {
                    attempts,
                    backoff_us: 5_000,
                    after_last,
                },
                queue_capacity: cap,
                back_pressure: bp,
                flush_at_len,
                wal,
            },
        )
}

fn scenario(
    policy: Policy,
    (seed, ops, reads, keys, interval): (u64, u64, u8, u32, u64),
    faults: Vec<ScheduledFault>,
) -> Scenario {
    let mut s = Scenario {
        seed,
        policy,
        faults,
        ..Scenario::default()
    };
    s.workload.ops = ops;
    s.workload.read_percent = reads;
    s.workload.keys = keys;
    // Arrivals and popularity vary with the seed too.
    s.workload.arrivals = match (seed >> 8) % 3 {
        0 => Arrivals::Fixed {
            interval_us: interval,
        },
        1 => Arrivals::Poisson {
            rate_per_s: 1_000_000 / interval,
        },
        _ => Arrivals::ClosedLoop {
            clients: 1 + (seed >> 16) as u32 % 4,
            think_us: interval,
        },
    };
    if (seed >> 24) % 3 == 0 {
        s.workload.popularity = Popularity::Zipf { exponent: 1.2 };
    }
    s.cache.capacity = 3;
    s.store.pool_size = 3;
    s.latency = random_latencies(seed);
    s
}

/// What the events say about writes: each written value (values are unique)
/// with its key and version, which were acknowledged, which reached the store.
#[derive(Default)]
struct Shadow {
    written: BTreeMap<Value, (Key, Version)>,
    acked: BTreeSet<Value>,
    in_flight: BTreeSet<Value>,
    stored: BTreeMap<Key, Version>,
    lost_reported: BTreeSet<Value>,
    lost_expected: BTreeSet<Value>,
    crashed: bool,
}

impl Shadow {
    fn observe(&mut self, e: &EventKind) {
        match e {
            EventKind::Accepted {
                key,
                value,
                version,
                ack,
                ..
            } => {
                self.written.insert(*value, (*key, *version));
                if *ack == AckWhen::Now {
                    self.acked.insert(*value);
                }
            }
            EventKind::StoreWrote {
                key, value, version, ..
            } => {
                self.written.insert(*value, (*key, *version));
                self.store(*key, *version);
            }
            EventKind::WriteAcked { value, .. } => {
                self.acked.insert(*value);
            }
            EventKind::FlushSent { entries, .. } => {
                self.in_flight.extend(entries.iter().map(|(_, v)| *v));
            }
            EventKind::StoreBatchWrote { entries, .. } => {
                for (k, v) in entries {
                    self.in_flight.remove(v);
                    let version = self.written[v].1;
                    self.store(*k, version);
                }
            }
            EventKind::FlushAcked { .. } | EventKind::FlushFailed { .. } => {}
            EventKind::Crashed { lost, .. } => {
                self.crashed = true;
                // Expected: acknowledged, not in the store (nor superseded
                // there), not covered by a batch in flight.
                for (value, (key, version)) in &self.written {
                    let in_store = self.stored.get(key).is_some_and(|v| v >= version);
                    let covered = self
                        .in_flight
                        .iter()
                        .any(|f| self.written[f].0 == *key && self.written[f].1 >= *version);
                    if self.acked.contains(value)
                        && !in_store
                        && !covered
                        && !self.lost_reported.contains(value)
                    {
                        self.lost_expected.insert(*value);
                    }
                }
                self.lost_reported.extend(lost.iter().map(|(_, v)| *v));
            }
            _ => {}
        }
    }

    fn store(&mut self, key: Key, version: Version) {
        let v = self.stored.entry(key).or_default();
        *v = (*v).max(version);
    }

    /// The acknowledged value with the highest version, per key.
    fn last_acked(&self) -> BTreeMap<Key, (Version, Value)> {
        let mut last: BTreeMap<Key, (Version, Value)> = BTreeMap::new();
        for value in &self.acked {
            if let Some(&(key, version)) = self.written.get(value) {
                let e = last.entry(key).or_insert((version, *value));
                if version > e.0 {
                    *e = (version, *value);
                }
            }
        }
        last
    }
}

/// Runs to the end, feeding the shadow, and checks the stale-read rule at
/// every hit against the shadow's store versions.
fn run(s: &Scenario) -> (Sim, Shadow) {
    let mut sim = Sim::new(s.clone()).unwrap_or_else(|e| panic!("seed {}: {e}", s.seed));
    let mut shadow = Shadow::default();
    for (k, v) in sim.store().rows() {
        shadow.stored.insert(k, v.version);
    }
    let mut steps = 0u64;
    while let Some(event) = sim.step() {
        steps += 1;
        assert!(steps < 1_000_000, "seed {}: the run does not end", s.seed);
        shadow.observe(&event.kind);
        assert_parts_add_up(&sim, &event, s.seed);
        if let EventKind::Hit { key, value, .. } = &event.kind {
            if !matches!(event.kind, EventKind::Restarted { .. }) && shadow.stored.contains_key(key) {
                let behind_store = value.version < shadow.stored[key];
                assert_eq!(
                    event.kind.is_stale_read(),
                    behind_store,
                    "seed {}: {event} (store at {:?})",
                    s.seed,
                    shadow.stored[key]
                );
            }
        }
    }
    (sim, shadow)
}

/// Every answered request's parts add up to its latency exactly.
fn assert_parts_add_up(sim: &Sim, event: &dirtybit_sim::Event, seed: u64) {
    let (op, latency) = match event.kind {
        EventKind::ReadReturned { op, latency, .. }
        | EventKind::WriteAcked { op, latency, .. }
        | EventKind::Failed { op, latency, .. } => (op, latency),
        _ => return,
    };
    let (answered, spent) = sim.last_answer().expect("an answer says where its time went");
    assert_eq!(answered, op, "seed {seed}: {event}");
    assert_eq!(spent.total(), latency, "seed {seed}: {event}: {spent:?}");
}

/// One of the four ways a write reaches the store (`which` 0..4): write-
/// through, cache-aside, write-around, or write-behind with `wb`.
fn any_policy(which: usize, wb: WriteBehind) -> Policy {
    match which {
        0 => Policy::WriteThrough(WriteThrough::default()),
        1 => Policy::CacheAside(CacheAside::default()),
        2 => Policy::WriteAround(WriteAround::default()),
        _ => Policy::WriteBehind(Box::new(wb)),
    }
}

/// After a step: each acknowledged write is exactly one of durable, lost
/// or at risk, and the answer's parts add up. Returns the ledger's counts.
fn assert_step_balances(
    sim: &Sim,
    event: &dirtybit_sim::Event,
    seed: u64,
) -> dirtybit_sim::ledger::LedgerCounts {
    let c = sim.ledger().counts();
    let at_risk = sim.ledger().at_risk().len() as u64;
    assert_eq!(
        c.acked,
        c.acked_durable + c.lost + at_risk,
        "seed {seed}: {event}"
    );
    assert_eq!(c.at_risk(), at_risk, "seed {seed}: {event}");
    assert_parts_add_up(sim, event, seed);
    c
}

fn assert_drained_to_last_acked(sim: &Sim, shadow: &Shadow, seed: u64) {
    for (key, (version, value)) in shadow.last_acked() {
        let row = sim
            .store()
            .read(key)
            .unwrap_or_else(|| panic!("seed {seed}: {key} missing"));
        assert!(
            row.version >= version,
            "seed {seed}: store has {key} = {} ({}), last acknowledged {value} ({version})",
            row.value,
            row.version
        );
        if row.version == version {
            assert_eq!(row.value, value, "seed {seed}: {key}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// Write-through: a crash never loses an acknowledged write, and every
    /// acknowledged write is in the store.
    #[test]
    fn write_through_loses_nothing_at_any_crash(
        w in workload_and_seed(),
        asynchronous in any::<bool>(),
        faults in crashes(300_000),
    ) {
        let update = if asynchronous { CacheUpdate::Async } else { CacheUpdate::Sync };
        let s = scenario(Policy::WriteThrough(WriteThrough { cache_update: update }), w, faults);
        let (sim, shadow) = run(&s);
        prop_assert_eq!(sim.ledger().counts().lost, 0, "seed {}", s.seed);
        prop_assert!(shadow.lost_reported.is_empty());
        for value in &shadow.acked {
            let (key, version) = shadow.written[value];
            prop_assert!(sim.store().version(key) >= version, "seed {}: {} lost", s.seed, value);
        }
    }

    /// Write-behind with an fsync per write: no acknowledged write is lost,
    /// whatever crashes, and recovery puts them all in the store.
    #[test]
    fn write_behind_with_fsync_per_write_loses_nothing(
        w in workload_and_seed(),
        wb in write_behind(Just(WalSpec::FsyncEveryWrite)),
        faults in crashes(300_000),
    ) {
        let s = scenario(Policy::WriteBehind(Box::new(wb)), w, faults);
        let (sim, shadow) = run(&s);
        prop_assert_eq!(sim.ledger().counts().lost, 0, "seed {}", s.seed);
        prop_assert!(shadow.lost_reported.is_empty(), "seed {}: {:?}", s.seed, shadow.lost_reported);
        for value in &shadow.acked {
            let (key, version) = shadow.written[value];
            prop_assert!(sim.store().version(key) >= version, "seed {}: {} not in the store", s.seed, value);
        }
    }

    /// The device under the log and the node's three crashes (process, OS,
    /// power), with an fsync per write: every step balances; a device that
    /// writes through or whose cache is backed loses no acknowledged write,
    /// power cuts included, and recovery puts them all in the store; a
    /// device that lies loses only at a power cut, and only writes whose
    /// fsync returned less than its destage time before the cut.
    #[test]
    fn a_log_device_loses_only_what_a_power_cut_takes_from_a_lying_cache(
        w in workload_and_seed(),
        wb in write_behind(Just(WalSpec::FsyncEveryWrite)),
        cache in prop::option::of(prop::sample::select(vec![
            WriteCache::None, WriteCache::Volatile, WriteCache::Lying, WriteCache::Backed,
        ])),
        (destage_us, cache_us) in (0u64..50_000, 0u64..100),
        faults in prop::collection::vec(
            (0u64..300_000, 0u64..20_000, 0usize..3).prop_map(|(at_us, downtime_us, which)| ScheduledFault {
                at_us,
                fault: match which {
                    0 => Fault::CacheProcessCrash { downtime_us },
                    1 => Fault::CrashCache { downtime_us },
                    _ => Fault::CachePowerLoss { downtime_us },
                },
            }),
            0..4,
        ),
    ) {
        let mut s = scenario(Policy::WriteBehind(Box::new(wb)), w, faults);
        s.cache.log_device = cache.map(|write_cache| LogDevice {
            write_cache,
            cache_us: Latency::Fixed(cache_us),
            destage_us,
        });
        let lies = cache == Some(WriteCache::Lying);
        let mut sim = Sim::new(s.clone()).unwrap();
        let mut steps = 0u64;
        while let Some(e) = sim.step() {
            steps += 1;
            prop_assert!(steps < 1_000_000, "seed {}: no end", s.seed);
            assert_step_balances(&sim, &e, s.seed);
            if let EventKind::Crashed { lost, power, .. } = &e.kind {
                prop_assert!(lost.is_empty() || (lies && *power), "seed {}: {}", s.seed, e);
                for r in sim.ledger().lost().filter(|r| r.lost_at == Some(e.at)) {
                    let acked = r.acked_at.unwrap_or(e.at);
                    prop_assert!(e.at.since(acked).0 < destage_us, "seed {}: {:?} at {}", s.seed, r, e.at);
                }
            }
        }
        if !lies {
            prop_assert_eq!(sim.ledger().counts().lost, 0, "seed {}", s.seed);
            let (sim, shadow) = run(&s);
            for value in &shadow.acked {
                let (key, version) = shadow.written[value];
                prop_assert!(sim.store().version(key) >= version, "seed {}: {} not in the store", s.seed, value);
            }
        }
    }

    /// Write-behind with a backup member (Hazelcast's backups) and one crash
    /// of the node at a random instant: at every step each acknowledged
    /// write is durable, lost or at risk (exactly one) and every answer's
    /// parts add up; with a synchronous backup no acknowledged write is lost,
    /// and once the backup has taken over and flushed, the store holds every
    /// acknowledged write (or a newer one of its key).
    #[test]
    fn a_synchronous_backup_loses_no_acknowledged_write_in_a_crash(
        w in workload_and_seed(),
        wb in write_behind(Just(WalSpec::None)),
        (at, downtime, takeover, hop) in (0u64..300_000, 0u64..30_000, 0u64..20_000, 0u64..3_000),
        sync in any::<bool>(),
    ) {
        let faults = vec![ScheduledFault { at_us: at, fault: Fault::CrashCache { downtime_us: downtime } }];
        let mut s = scenario(Policy::WriteBehind(Box::new(wb)), w, faults);
        s.cache.backup = Some(dirtybit_sim::cache::BackupSpec {
            sync,
            hop_us: Latency::Fixed(hop),
            takeover_us: takeover,
        });
        let mut sim = Sim::new(s.clone()).unwrap();
        let mut accepted = BTreeMap::new();
        let mut acked: BTreeMap<Key, Version> = BTreeMap::new();
        let mut steps = 0u64;
        while let Some(e) = sim.step() {
            steps += 1;
            prop_assert!(steps < 1_000_000, "seed {}: no end", s.seed);
            assert_step_balances(&sim, &e, s.seed);
            match e.kind {
                EventKind::Accepted { op, version, .. } => {
                    accepted.insert(op, version);
                }
                EventKind::WriteAcked { op, key, .. } => {
                    let version = accepted.get(&op).copied().unwrap_or_default();
                    let v = acked.entry(key).or_default();
                    *v = (*v).max(version);
                }
                _ => {}
            }
        }
        if sync {
            prop_assert_eq!(sim.ledger().counts().lost, 0, "seed {}", s.seed);
            for (key, version) in &acked {
                prop_assert!(sim.store().version(*key) >= *version, "seed {}: {} v{} not stored", s.seed, key, version.0);
            }
        }
    }

    /// Write-behind without a log: a crash loses exactly the acknowledged
    /// writes not yet flushed (and not in a flush the store still applies).
    #[test]
    fn write_behind_without_log_loses_exactly_the_unflushed(
        w in workload_and_seed(),
        wb in write_behind(Just(WalSpec::None)),
        faults in crashes(200_000),
    ) {
        let s = scenario(Policy::WriteBehind(Box::new(wb)), w, faults);
        let (_sim, shadow) = run(&s);
        let reported_at_crash: BTreeSet<Value> = shadow.lost_reported.clone();
        prop_assert_eq!(&reported_at_crash, &shadow.lost_expected, "seed {}", s.seed);
    }

    /// Coalescing never reorders: with no crash, after a drain (store
    /// outages included, failed flushes requeued) the store holds the last
    /// acknowledged value of every key.
    #[test]
    fn after_a_drain_the_store_holds_the_last_acknowledged_value(
        w in workload_and_seed(),
        wb in write_behind(prop::sample::select(vec![
            WalSpec::None,
            WalSpec::FsyncEveryWrite,
            WalSpec::GroupCommit { interval_us: 3_000, ack_after_fsync: true },
            WalSpec::GroupCommit { interval_us: 3_000, ack_after_fsync: false },
        ])),
        faults in outages(200_000),
    ) {
        let s = scenario(Policy::WriteBehind(Box::new(wb)), w, faults);
        let (sim, shadow) = run(&s);
        prop_assert!(!shadow.crashed);
        assert_drained_to_last_acked(&sim, &shadow, s.seed);
        prop_assert!(sim.flush_queues()[0].waiting.is_empty(), "seed {}: not drained", s.seed);
    }

    /// The flush queue's view is the flusher's own: whenever a flush is
    /// sent, it carries exactly the entries the view just before marked as
    /// the next batch.
    #[test]
    fn the_queue_view_plans_the_batch_the_flusher_sends(
        w in workload_and_seed(),
        wb in write_behind(Just(WalSpec::None)),
        faults in outages(200_000),
    ) {
        let s = scenario(Policy::WriteBehind(Box::new(wb)), w, faults);
        let mut sim = Sim::new(s.clone()).unwrap();
        let mut flushes = 0;
        loop {
            let before = sim.flush_queues().remove(0);
            let Some(e) = sim.step() else { break };
            assert_parts_add_up(&sim, &e, s.seed);
            if let EventKind::FlushSent { entries, .. } = e.kind {
                flushes += 1;
                let planned: Vec<(Key, Value)> = before
                    .waiting
                    .iter()
                    .filter(|w| w.batch == 0)
                    .map(|w| (w.entry.key, w.entry.value))
                    .collect();
                prop_assert_eq!(&entries, &planned, "seed {} at {}", s.seed, e.at);
            }
        }
        prop_assert!(flushes > 0 || sim.metrics().writes_acked == 0, "seed {}: no flush", s.seed);
    }

    /// Layers below the store under any policy, with crashes of every kind:
    /// at every step each acknowledged write is durable, lost or at risk
    /// (exactly one); a crash never takes the store below what was safe
    /// from it before; every write it loses was in a layer that kind of
    /// crash empties and that is not safe from power loss; a process crash
    /// loses nothing unless commits wait in the process's log buffer.
    #[test]
    fn a_crash_below_the_store_loses_only_what_was_above_the_layer_it_spares(
        w in workload_and_seed(),
        which in 0usize..4,
        spec in storage(),
        wb in write_behind(prop::sample::select(vec![
            WalSpec::None,
            WalSpec::FsyncEveryWrite,
            WalSpec::GroupCommit { interval_us: 3_000, ack_after_fsync: false },
        ])),
        faults in store_crashes(300_000),
    ) {
        let policy = any_policy(which, wb);
        let mut s = scenario(policy, w, faults);
        s.store.storage = Some(spec.clone());
        let mut sim = Sim::new(s.clone()).unwrap();
        let keys = s.workload.keys;
        let mut steps = 0u64;
        loop {
            let safe: Vec<Version> = (0..keys).map(|k| sim.store().safe_version(Key(k))).collect();
            let Some(e) = sim.step() else { break };
            steps += 1;
            prop_assert!(steps < 1_000_000, "seed {}: no end", s.seed);
            let c = assert_step_balances(&sim, &e, s.seed);
            prop_assert!(c.lost_below.iter().sum::<u64>() <= c.lost, "seed {}: {:?}", s.seed, c);
            if let EventKind::Crashed { .. } = &e.kind {
                // The cache node's crash takes nothing the store already has.
                for r in sim.ledger().lost().filter(|r| r.lost_at == Some(e.at)) {
                    prop_assert!(r.layer.is_none(), "seed {}: a node crash lost {:?}", s.seed, r);
                }
            }
            if let EventKind::StoreCrashed { crash, lost, .. } = &e.kind {
                for k in 0..keys {
                    prop_assert!(sim.store().version(Key(k)) >= safe[k as usize], "seed {}: {} below safe", s.seed, Key(k));
                }
                if *crash == CrashKind::Process && spec.sync != SyncMode::LogBuffer {
                    prop_assert!(lost.is_empty(), "seed {}: {}", s.seed, e);
                }
                let deepest = crash.empties(spec.write_cache);
                for r in sim.ledger().lost().filter(|r| r.lost_at == Some(e.at) && r.layer.is_some()) {
                    let layer = r.layer.unwrap();
                    prop_assert!(!spec.is_safe(layer), "seed {}: lost from a safe layer: {:?}", s.seed, r);
                    prop_assert!(deepest.is_some_and(|d| layer <= d), "seed {}: {:?} under {:?}", s.seed, r, deepest);
                }
            }
        }
    }

    /// A standby, at any level, with layers below the store or without,
    /// and crashes of the primary, the standby and the cache node, and
    /// losing the primary: at every step each acknowledged write is
    /// durable, lost or at risk (exactly one); losing the primary never
    /// takes a key below what was safe on both machines, and what it loses
    /// it loses as a failover; a level that waits for the standby loses no
    /// acknowledged write with the primary unless the standby's OS lost
    /// what it had received (or commits sat in the log buffer, unshipped).
    #[test]
    fn losing_the_primary_loses_only_what_its_standby_never_had(
        w in workload_and_seed(),
        which in 0usize..4,
        spec in prop::option::of(storage()),
        replica in standby(),
        wb in write_behind(Just(WalSpec::None)),
        faults in replica_faults(300_000),
    ) {
        let policy = any_policy(which, wb);
        let standby_os_crash = faults.iter().any(|f| {
            matches!(f.fault, Fault::StandbyCrash { kind: CrashKind::Os | CrashKind::Power, .. })
        });
        let mut s = scenario(policy, w, faults);
        s.store.storage = spec.clone();
        s.store.standby = Some(replica.clone());
        let mut sim = Sim::new(s.clone()).unwrap();
        let keys = s.workload.keys;
        let unshipped = spec.as_ref().is_some_and(|st| st.sync == SyncMode::LogBuffer);
        let mut steps = 0u64;
        loop {
            let safe: Vec<Version> = (0..keys).map(|k| sim.store().safe_version(Key(k))).collect();
            let Some(e) = sim.step() else { break };
            steps += 1;
            prop_assert!(steps < 1_000_000, "seed {}: no end", s.seed);
            let c = assert_step_balances(&sim, &e, s.seed);
            prop_assert!(c.lost_failover <= c.lost, "seed {}: {:?}", s.seed, c);
            if let EventKind::PrimaryLost { failover_us: Some(_), .. } = &e.kind {
                for k in 0..keys {
                    prop_assert!(sim.store().version(Key(k)) >= safe[k as usize], "seed {}: {} below safe", s.seed, Key(k));
                }
                for r in sim.ledger().lost().filter(|r| r.lost_at == Some(e.at)) {
                    prop_assert!(r.failed_over, "seed {}: {:?}", s.seed, r);
                }
            }
        }
        // Lost with the primary and acknowledged (now or when an answer on
        // its way landed): only where the level allows it.
        if replica.waits_for != ReplicaWait::None && !standby_os_crash && !unshipped {
            let acked_lost: Vec<_> = sim.ledger().lost().filter(|r| r.failed_over && r.acked_at.is_some()).collect();
            prop_assert!(acked_lost.is_empty(), "seed {}: {:?}", s.seed, acked_lost);
        }
    }

    /// The synchronous policies drain to the last acknowledged value too,
    /// and their stale reads are exactly those behind the store (checked in
    /// `run` at every hit).
    #[test]
    fn synchronous_policies_drain_and_report_staleness_exactly(
        w in workload_and_seed(),
        which in 0usize..5,
        ttl_ms in 0u64..40,
        single_flight in any::<bool>(),
        faults in outages(200_000),
    ) {
        let policy = match which {
            0 => Policy::CacheAside(CacheAside { on_write: OnWrite::Invalidate }),
            1 => Policy::CacheAside(CacheAside { on_write: OnWrite::Update }),
            2 => Policy::ReadThrough(CacheAside::default()),
            3 => Policy::WriteAround(WriteAround { invalidate: false }),
            _ => Policy::WriteThrough(WriteThrough::default()),
        };
        let mut s = scenario(policy, w, faults);
        s.cache.ttl_us = ttl_ms * 1_000;
        s.cache.single_flight = single_flight;
        let (sim, shadow) = run(&s);
        assert_drained_to_last_acked(&sim, &shadow, s.seed);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// Cache-aside: a stale read is never staler than the TTL plus the time
    /// one request can spend in flight (the fill that raced the write).
    #[test]
    fn cache_aside_staleness_is_bounded_by_ttl_plus_in_flight_time(
        w in workload_and_seed(),
        update in any::<bool>(),
        ttl_ms in 1u64..30,
    ) {
        let on_write = if update { OnWrite::Update } else { OnWrite::Invalidate };
        let mut s = scenario(Policy::CacheAside(CacheAside { on_write }), w, Vec::new());
        s.cache.ttl_us = ttl_ms * 1_000;
        s.store.pool_size = 1_000; // no waiting for connections: in-flight time is bounded
        s.latency = Latencies::default();
        let l = &s.latency;
        let c = |x: &dirtybit_sim::latency::Latency| x.constant().unwrap();
        // The longest a read can take: to the cache and back, to the store
        // and back with the read, then the SET to the cache.
        let in_flight = 3 * c(&l.client_cache_us) + 2 * c(&l.cache_op_us) + 2 * c(&l.cache_store_us) + c(&l.store_read_us);
        let bound = s.cache.ttl_us + in_flight;
        let mut sim = Sim::new(s.clone()).unwrap();
        let mut committed: BTreeMap<(Key, Version), u64> = BTreeMap::new();
        while let Some(e) = sim.step() {
            match e.kind {
                EventKind::StoreWrote { key, version, .. } => {
                    committed.insert((key, version), e.at.as_micros());
                }
                EventKind::Hit { key, value, .. } if e.kind.is_stale_read() => {
                    let newer = committed
                        .range((key, Version(value.version.0 + 1))..=(key, Version(u64::MAX)))
                        .map(|(_, t)| *t)
                        .min()
                        .expect("a stale read has a newer committed version");
                    let age = e.at.as_micros() - newer;
                    prop_assert!(age <= bound, "seed {}: stale for {} µs > {} µs: {}", s.seed, age, bound, e);
                }
                _ => {}
            }
        }
    }
}
