//! Products as dirtybit models them: for each, the write policy in front of
//! the store (and the layers under the store, for the databases), set to
//! the product's documented behaviour. docs/products.md names each knob,
//! its default, how it maps here and the documentation it comes from; the
//! example scenarios that imitate a product carry exactly these settings
//! (checked by `tests/products.rs`), and the side-by-side view runs them as
//! "personalities" on one workload.

use alloc::boxed::Box;

use crate::cache::BackupSpec;
use crate::latency::{Device, Dist, Latency};
use crate::policy::{AfterLastRetry, BackPressure, Policy, Retry, WriteBehind, WriteThrough};
use crate::standby::{ReplicaWait, StandbySpec};
use crate::storage::{StorageSpec, SyncMode, WriteCache};
use crate::wal::WalSpec;

/// A product's personality.
#[derive(Clone, Debug, PartialEq)]
pub struct Personality {
    /// The policy in front of the store.
    pub policy: Policy,
    /// The layers under the store, for a database whose commit it models.
    pub storage: Option<StorageSpec>,
    /// The store's standby, for a database that replicates.
    pub standby: Option<StandbySpec>,
    /// The cache node's backup member, for a cache that keeps one.
    pub backup: Option<BackupSpec>,
}

/// Hazelcast MapStore write-behind: `write-delay-seconds` 1 (0 would be
/// write-through), `write-batch-size` 1 (the default), `write-coalescing`
/// true (the default); a put past the per-member queue capacity fails
/// (rejected, not blocked); a failed store is retried (3 times, 100 ms
/// apart here) and requeued. `backup-count` 1 (the default): each entry
/// and write-behind queue entry has a synchronous backup on another
/// member, which takes over when the member dies (after the failure
/// detector's 60 s).
#[must_use]
pub fn hazelcast() -> Personality {
    Personality {
        policy: Policy::WriteBehind(Box::new(WriteBehind {
            write_delay_us: 1_000_000,
            batch_size: 1,
            coalescing: true,
            batch_factor_percent: 0,
            rate_limit_per_s: 0,
            retry: Retry {
                attempts: 3,
                backoff_us: 100_000,
                after_last: AfterLastRetry::Requeue,
            },
            queue_capacity: 64,
            back_pressure: BackPressure::Reject,
            flush_at_len: 0,
            wal: WalSpec::None,
        })),
        storage: None,
        standby: None,
        backup: Some(BackupSpec::default()),
    }
}

/// Ehcache 3 batched write-behind: a maximum delay (100 ms here), batches
/// of 5 with coalescing inside a batch, an unbounded queue; a failed batch
/// is dropped without retry.
#[must_use]
pub fn ehcache3() -> Personality {
    Personality {
        policy: Policy::WriteBehind(Box::new(WriteBehind {
            write_delay_us: 100_000,
            batch_size: 5,
            coalescing: true,
            batch_factor_percent: 50,
            rate_limit_per_s: 0,
            retry: Retry {
                attempts: 0,
                backoff_us: 0,
                after_last: AfterLastRetry::Drop,
            },
            queue_capacity: 0,
            back_pressure: BackPressure::Block,
            flush_at_len: 0,
            wal: WalSpec::None,
        })),
        storage: None,
        standby: None,
        backup: None,
    }
}

/// Ehcache 2 write-behind at `CacheWriterConfiguration`'s defaults: a
/// write waits `minWriteDelay` to `maxWriteDelay` (both 1 s) before it is
/// written; no coalescing, no batching (`writeBatchSize` 1), no rate
/// limit; `retryAttempts` 0, so a failed write is thrown away; an
/// unbounded queue (`writeBehindMaxQueueSize` 0; a full one blocks).
#[must_use]
pub fn ehcache2() -> Personality {
    Personality {
        policy: Policy::WriteBehind(Box::new(WriteBehind {
            write_delay_us: 1_000_000,
            batch_size: 1,
            coalescing: false,
            batch_factor_percent: 0,
            rate_limit_per_s: 0,
            retry: Retry {
                attempts: 0,
                backoff_us: 1_000_000,
                after_last: AfterLastRetry::Drop,
            },
            queue_capacity: 0,
            back_pressure: BackPressure::Block,
            flush_at_len: 0,
            wal: WalSpec::None,
        })),
        storage: None,
        standby: None,
        backup: None,
    }
}

/// Apache Ignite write-behind at `CacheConfiguration`'s defaults: a flush
/// every `writeBehindFlushFrequency` (5 s) or once `writeBehindFlushSize`
/// (10,240) entries wait; batches of `writeBehindBatchSize` (512);
/// `writeBehindCoalescing` true; past 1.5 x the flush size (15,360) a
/// writer flushes its own entry; a failed store leaves the entries for the
/// next flush.
#[must_use]
pub fn ignite() -> Personality {
    Personality {
        policy: Policy::WriteBehind(Box::new(WriteBehind {
            write_delay_us: 5_000_000,
            batch_size: 512,
            coalescing: true,
            batch_factor_percent: 0,
            rate_limit_per_s: 0,
            retry: Retry {
                attempts: 0,
                backoff_us: 5_000_000,
                after_last: AfterLastRetry::Requeue,
            },
            queue_capacity: 15_360,
            back_pressure: BackPressure::SyncFlush,
            flush_at_len: 10_240,
            wal: WalSpec::None,
        })),
        storage: None,
        standby: None,
        backup: None,
    }
}

/// The layers under a database whose log is fsynced as `sync` says, with a
/// background flush every `flush_every_us`, on an NVMe device without a
/// write cache (`hdparm -W0`: what the texts recommend for true
/// write-through).
fn database(sync: SyncMode, flush_every_us: u64) -> Option<StorageSpec> {
    Some(StorageSpec {
        sync,
        medium_us: Latency::Dist(Dist::Device { device: Device::Nvme }),
        write_cache: WriteCache::None,
        flush_every_us,
        ..StorageSpec::default()
    })
}

/// InnoDB under a write-through cache, by `innodb_flush_log_at_trx_commit`:
/// 1 (the default) writes and fsyncs the redo log at every commit
/// (`innodb_flush_method` fsync, the Linux default); 2 writes it to the OS
/// at every commit and fsyncs it once a second; 0 leaves it in the log
/// buffer and writes and fsyncs it once a second.
#[must_use]
pub fn innodb(flush_log_at_trx_commit: u8) -> Personality {
    let storage = match flush_log_at_trx_commit {
        0 => database(SyncMode::LogBuffer, 1_000_000),
        1 => database(SyncMode::Fsync, 0),
        _ => database(SyncMode::Buffered, 1_000_000),
    };
    Personality {
        policy: Policy::WriteThrough(WriteThrough::default()),
        storage,
        standby: None,
        backup: None,
    }
}

/// PostgreSQL's `synchronous_commit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SynchronousCommit {
    /// The commit returns at once; the WAL writer flushes every
    /// `wal_writer_delay` (200 ms; the documented worst-case loss is three
    /// times that).
    Off,
    /// The commit waits for its local WAL flush only.
    Local,
    /// And for the standby to have written it to its OS.
    RemoteWrite,
    /// And for the standby to have flushed it (the default).
    On,
    /// And for the standby to have applied it.
    RemoteApply,
}

impl SynchronousCommit {
    /// The five levels, as PostgreSQL's documentation lists them.
    pub const ALL: [SynchronousCommit; 5] = [
        SynchronousCommit::Off,
        SynchronousCommit::Local,
        SynchronousCommit::RemoteWrite,
        SynchronousCommit::On,
        SynchronousCommit::RemoteApply,
    ];

    /// What a commit at this level waits for from the standby.
    #[must_use]
    pub const fn waits_for(self) -> ReplicaWait {
        match self {
            SynchronousCommit::Off | SynchronousCommit::Local => ReplicaWait::None,
            SynchronousCommit::RemoteWrite => ReplicaWait::Write,
            SynchronousCommit::On => ReplicaWait::Flush,
            SynchronousCommit::RemoteApply => ReplicaWait::Apply,
        }
    }
}

/// PostgreSQL under a write-through cache, with one standby named in
/// `synchronous_standby_names` (streaming replication), at a
/// `synchronous_commit` level: the WAL is flushed at commit with
/// `wal_sync_method` fdatasync (the Linux default) except under `off`; the
/// standby is 1 ms away and flushes on the same NVMe device.
#[must_use]
pub fn postgres(level: SynchronousCommit) -> Personality {
    let storage = if level == SynchronousCommit::Off {
        database(SyncMode::LogBuffer, 200_000)
    } else {
        database(SyncMode::Fdatasync, 0)
    };
    Personality {
        policy: Policy::WriteThrough(WriteThrough::default()),
        storage,
        standby: Some(StandbySpec {
            waits_for: level.waits_for(),
            flush_us: Latency::Dist(Dist::Device { device: Device::Nvme }),
            ..StandbySpec::default()
        }),
        backup: None,
    }
}
