//! The write-ahead log of write-behind: what it is set to do, the device
//! under it, and the records it holds (appended, then fsynced). What a crash
//! of the cache node keeps depends on what it takes: a process crash keeps
//! every appended record (the OS has them), an OS crash keeps the fsynced
//! ones, a power cut keeps the fsynced ones that are on the medium or in a
//! backed device cache. Recovery replays those the store lacks.

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use crate::error::{check_range, ScenarioError};
use crate::latency::Latency;
use crate::storage::{CrashKind, WriteCache};
use crate::time::SimTime;
use crate::{Key, Value, Version};

/// How write-behind logs its writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "mode", rename_all = "kebab-case", try_from = "crate::repr::WalRepr")
)]
pub enum WalSpec {
    /// No log: a crash loses every acknowledged write not yet flushed.
    #[default]
    None,
    /// Append and fsync every write before acknowledging it
    /// (`innodb_flush_log_at_trx_commit = 1`, `synchronous_commit = on`).
    FsyncEveryWrite,
    /// Append every write; one fsync every `interval_us` makes all appended
    /// records durable. With `ack_after_fsync` the writer waits for that fsync
    /// (group commit); without, it is acknowledged after the append and a
    /// crash loses up to one interval (`innodb_flush_log_at_trx_commit = 2`,
    /// `synchronous_commit = off`).
    GroupCommit {
        /// Time between two fsyncs.
        interval_us: u64,
        /// Whether the writer waits for the fsync.
        ack_after_fsync: bool,
    },
}

impl WalSpec {
    /// Checks the interval.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        match *self {
            WalSpec::GroupCommit { interval_us, .. } => {
                check_range("policy.wal.interval_us", interval_us, 1, 60_000_000)
            }
            _ => Ok(()),
        }
    }

    /// True when there is a log.
    #[must_use]
    pub fn enabled(&self) -> bool {
        !matches!(self, WalSpec::None)
    }
}

/// The device under the cache node's log (`cache.log_device`). Without
/// one, an fsync reaches the medium and costs `latency.log_fsync_us`, as a
/// device without a write cache, or whose cache honours the flush, does.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LogDevice {
    /// The device's write cache. Default volatile, honouring flushes: an
    /// fsync reaches the medium (as without a device).
    pub write_cache: WriteCache,
    /// An fsync the device answers from its cache (it lies, or the cache
    /// is backed) costs this instead of `latency.log_fsync_us`. Default
    /// 1 µs (the storage text's "NVRAM/Battery-backed <1µs").
    pub cache_us: Latency,
    /// How long a device that lies keeps an fsynced record in its volatile
    /// cache before writing it to the medium on its own. Not from the
    /// texts (no device documents it): 1 s, as `store.storage.destage_us`.
    pub destage_us: u64,
}

crate::names::fields!(LogDevice {
    write_cache,
    cache_us,
    destage_us
});

impl Default for LogDevice {
    fn default() -> Self {
        LogDevice {
            write_cache: WriteCache::Volatile,
            cache_us: Latency::Fixed(1),
            destage_us: 1_000_000,
        }
    }
}

impl LogDevice {
    /// Checks every field.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        self.cache_us.validate("cache.log_device.cache_us")?;
        check_range("cache.log_device.destage_us", self.destage_us, 0, 3_600_000_000)
    }

    /// True when the device answers an fsync from its cache (costing
    /// `cache_us`): it lies, or its cache is backed.
    #[must_use]
    pub const fn answers_from_cache(&self) -> bool {
        matches!(self.write_cache, WriteCache::Lying | WriteCache::Backed)
    }

    /// True when an fsynced record is still volatile (a power cut takes
    /// it) until the device writes it to the medium: the device lies.
    #[must_use]
    pub const fn lies(&self) -> bool {
        matches!(self.write_cache, WriteCache::Lying)
    }
}

/// One logged write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LogRecord {
    /// Its key.
    pub key: Key,
    /// Its value.
    pub value: Value,
    /// Its version.
    pub version: Version,
    /// When it was appended.
    pub appended_at: SimTime,
    /// Whether an fsync has returned for it.
    pub fsynced: bool,
    /// Until when it is fsynced only into a device cache that lies (a
    /// power cut before then takes it); `None`: not so.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none", default))]
    pub volatile_until: Option<SimTime>,
}

/// True when `r` survives a crash of `kind` at `now`.
fn survives(r: &LogRecord, kind: CrashKind, now: SimTime) -> bool {
    match kind {
        CrashKind::Process => true,
        CrashKind::Os => r.fsynced,
        CrashKind::Power => r.fsynced && r.volatile_until.is_none_or(|t| t <= now),
    }
}

/// The log's records, oldest first.
#[derive(Clone, Debug, Default)]
pub struct Wal {
    records: VecDeque<LogRecord>,
}

impl Wal {
    /// Appends a record (not yet durable).
    pub fn append(&mut self, record: LogRecord) {
        self.records.push_back(record);
    }

    /// An fsync of every record returned; each stays volatile until
    /// `volatile_until` if given (a device that lies). Returns those it synced.
    pub fn fsync_all(&mut self, volatile_until: Option<SimTime>) -> Vec<(Key, Version)> {
        let mut synced = Vec::new();
        for r in self.records.iter_mut().filter(|r| !r.fsynced) {
            r.fsynced = true;
            r.volatile_until = volatile_until;
            synced.push((r.key, r.version));
        }
        synced
    }

    /// The fsync of the record of `key` at `version` returned (volatile
    /// until `volatile_until`, if given); returns whether it was there.
    pub fn fsync_one(&mut self, key: Key, version: Version, volatile_until: Option<SimTime>) -> bool {
        match self
            .records
            .iter_mut()
            .find(|r| r.key == key && r.version == version)
        {
            Some(r) => {
                r.fsynced = true;
                r.volatile_until = volatile_until;
                true
            }
            None => false,
        }
    }

    /// The device has written to its medium what it held by `now`: those
    /// records are safe from a power cut. Returns them.
    pub fn destaged(&mut self, now: SimTime) -> Vec<(Key, Version)> {
        let mut safe = Vec::new();
        for r in self.records.iter_mut() {
            if r.volatile_until.is_some_and(|t| t <= now) {
                r.volatile_until = None;
                safe.push((r.key, r.version));
            }
        }
        safe
    }

    /// Records not yet fsynced.
    #[must_use]
    pub fn unsynced(&self) -> usize {
        self.records.iter().filter(|r| !r.fsynced).count()
    }

    /// Drops records whose write the store already holds (a checkpoint).
    pub fn truncate(&mut self, in_store: impl Fn(&LogRecord) -> bool) {
        self.records.retain(|r| !(r.fsynced && in_store(r)));
    }

    /// A crash of the node of `kind` at `now`: what it takes vanishes
    /// (see the module). Returns how many records survive.
    pub fn crash(&mut self, kind: CrashKind, now: SimTime) -> usize {
        self.records.retain(|r| survives(r, kind, now));
        self.records.len()
    }

    /// True when a record of `key` at `version` was appended.
    #[must_use]
    pub fn holds(&self, key: Key, version: Version) -> bool {
        self.records.iter().any(|r| r.key == key && r.version == version)
    }

    /// True when a record of `key` at `version` would survive a crash of
    /// `kind` at `now`.
    #[must_use]
    pub fn would_keep(&self, key: Key, version: Version, kind: CrashKind, now: SimTime) -> bool {
        self.records
            .iter()
            .any(|r| r.key == key && r.version == version && survives(r, kind, now))
    }

    /// Every record, oldest first.
    pub fn records(&self) -> impl Iterator<Item = &LogRecord> + '_ {
        self.records.iter()
    }
}
