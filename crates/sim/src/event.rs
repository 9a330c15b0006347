//! What happened: one [`Event`] per step, as data for tests and charts and as
//! one sentence (its `Display`) for the event log.

use alloc::vec::Vec;
use core::fmt;

use crate::queue::Queued;
use crate::standby::Stage;
use crate::storage::{CrashKind, Layer};
use crate::time::{Micros, SimTime};
use crate::{Key, Op, OpId, Value, Version, Versioned};

/// One step of the simulation: when, in what order, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Event {
    /// The instant it happened.
    pub at: SimTime,
    /// Its place in the run: 0 for the first event, then 1, 2, ...
    pub seq: u64,
    /// What happened.
    pub kind: EventKind,
}

/// Who loads a missing key from the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Loader {
    /// The cache node (read-through).
    Cache,
    /// The application (cache-aside).
    Application,
}

/// When a write-behind write is acknowledged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum AckWhen {
    /// At once: only the cache (and maybe an unsynced log) has it.
    Now,
    /// After the log fsync.
    AfterFsync,
    /// After its flush reaches the store (queue past capacity, sync-flush).
    AfterFlush,
}

/// Why a request failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum FailReason {
    /// The store is down.
    StoreDown,
    /// The cache node is down.
    CacheDown,
    /// The cache node crashed while the request was inside it.
    CacheCrashed,
    /// The flush queue is full and the policy rejects.
    QueueFull,
}

/// What a store operation was, for the sentences about waiting and failing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "work", rename_all = "kebab-case"))]
pub enum StoreWork {
    /// A read of a key.
    Read {
        /// The key.
        key: Key,
    },
    /// A write of a key.
    Write {
        /// The key.
        key: Key,
    },
    /// A flush of several entries.
    Batch {
        /// How many.
        entries: u32,
    },
}

/// What the flusher does after a failed flush.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "then", rename_all = "kebab-case"))]
pub enum AfterFailure {
    /// Tries again after a delay.
    Retry {
        /// The delay.
        after: Micros,
    },
    /// Puts the entries back at the head of the queue.
    Requeued,
    /// Drops them: that many acknowledged writes are lost.
    Dropped {
        /// Acknowledged writes lost.
        lost: u32,
    },
}

/// A key and a value, for lists of writes.
pub type KeyValue = (Key, Value);

/// Where a commit put its writes below the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Landing {
    /// The layer.
    pub layer: Layer,
    /// True when that layer survives power loss.
    pub durable: bool,
}

impl fmt::Display for Landing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.layer, self.durable) {
            (Layer::Medium, _) => f.write_str("it is on the medium: durable"),
            (Layer::DeviceCache, true) => f.write_str("it is in the device's backed cache: durable"),
            (layer, _) => write!(f, "it is only in {}: not durable yet", layer.label()),
        }
    }
}

/// What happened in one step.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "kebab-case"))]
#[allow(missing_docs)] // the fields are named for what they hold; each variant says what happened
pub enum EventKind {
    /// A client sent a request.
    Sent { op: OpId, request: Op },
    /// The cache found the key.
    Hit {
        op: OpId,
        key: Key,
        value: Versioned,
        store_version: Version,
        /// How long the store has held a newer version, if it does.
        stale_for: Option<Micros>,
    },
    /// The cache does not hold the key (or it had expired).
    Miss {
        op: OpId,
        key: Key,
        expired: bool,
        loader: Loader,
    },
    /// A miss joined a load of the same key already in flight (single-flight).
    JoinedLoad { op: OpId, key: Key },
    /// The cache node's load came back and filled the cache.
    Filled {
        op: OpId,
        key: Key,
        found: Option<Versioned>,
        stored: bool,
    },
    /// The application's SET after a cache-aside miss reached the cache.
    AppSet {
        op: OpId,
        key: Key,
        value: Versioned,
        stored: bool,
    },
    /// A write reached the cache node, which forwards it to the store.
    WriteReceived { op: OpId, key: Key, value: Value },
    /// The cache now holds the written value.
    CacheUpdated {
        op: OpId,
        key: Key,
        value: Versioned,
        stored: bool,
    },
    /// A write deleted the cached entry.
    Invalidated { op: OpId, key: Key, held: bool },
    /// Write-around: the store has the write; the cache is not touched.
    LeftAlone { op: OpId, key: Key, held: bool },
    /// Asynchronous write-through: the store has the write and the client is
    /// acknowledged; the cache is set afterwards.
    AckedBeforeCacheSet { op: OpId, key: Key, value: Versioned },
    /// Write-behind took a write: dirty in the cache, queued for the store.
    Accepted {
        op: OpId,
        key: Key,
        value: Value,
        version: Version,
        queued: Queued,
        queue_len: u32,
        ack: AckWhen,
    },
    /// The queue is full: the writer waits.
    Blocked { op: OpId, key: Key, queue_len: u32 },
    /// A blocked writer got room in the queue.
    Unblocked { op: OpId, key: Key, waited: Micros },
    /// A clean entry left to make room.
    Evicted { key: Key, value: Versioned },
    /// A dirty entry must leave: its flush goes first.
    EvictionFlush { key: Key },
    /// The cache node is down; the application goes on without it.
    CacheUnreachable { op: OpId, key: Key },
    /// Log fsync: these records are durable, or with `volatile` only in the
    /// log device's cache, which acknowledged the flush without writing
    /// through (it lies: a power cut takes them until it destages them).
    LogFsynced {
        records: u32,
        acked: u32,
        /// Left out of a trace when false, so traces read as before.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "is_false"))]
        volatile: bool,
    },
    /// The log device wrote `records` fsynced records from its volatile
    /// cache to its medium: safe from a power cut now.
    LogDestaged { records: u32 },
    /// A store operation waits for a free connection.
    StoreQueued { work: StoreWork, ahead: u32 },
    /// The store executed a read: what it found when the read started.
    StoreRead {
        op: OpId,
        key: Key,
        found: Option<Versioned>,
        started: SimTime,
    },
    /// The store committed a write: durable from now on, unless `landed`
    /// says it is in a volatile layer below the store.
    StoreWrote {
        op: OpId,
        key: Key,
        value: Value,
        version: Version,
        /// Where the commit put it, when the store has layers below.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        landed: Option<Landing>,
    },
    /// The store committed a flush batch: `entries` rows carrying `writes`
    /// client writes (more than rows where writes were coalesced).
    StoreBatchWrote {
        entries: Vec<KeyValue>,
        writes: u32,
        /// Where the commit put them, when the store has layers below.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        landed: Option<Landing>,
    },
    /// A store operation failed: the store is down.
    StoreFailed { work: StoreWork },
    /// The flusher sent a batch to the store.
    FlushSent {
        entries: Vec<KeyValue>,
        writes: u32,
        ride_along: u32,
    },
    /// The store acknowledged a flush.
    FlushAcked {
        entries: u32,
        evicted: u32,
        unblocked: u32,
    },
    /// A flush failed.
    FlushFailed {
        entries: u32,
        attempt: u32,
        next: AfterFailure,
    },
    /// The flusher retries.
    FlushRetried { entries: u32, attempt: u32 },
    /// The answer to a flush reached a node that has crashed since.
    FlushOrphaned { entries: u32, lost: Vec<KeyValue> },
    /// The client received the answer to its read.
    ReadReturned {
        op: OpId,
        key: Key,
        value: Option<Versioned>,
        latency: Micros,
    },
    /// The client received the acknowledgement of its write.
    WriteAcked {
        op: OpId,
        key: Key,
        value: Value,
        latency: Micros,
    },
    /// The client's request failed.
    Failed {
        op: OpId,
        request: Op,
        reason: FailReason,
        latency: Micros,
    },
    /// The cache node crashed: memory, dirty entries and queue are gone.
    Crashed {
        lost: Vec<KeyValue>,
        dirty: u32,
        queued: u32,
        log_kept: u32,
        /// Writes the backup member holds (it takes over with them); left
        /// out of a trace when 0, so traces without a backup read as before.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "is_zero"))]
        backed_up: u32,
        /// The power was cut (the log device's volatile cache went too);
        /// left out of a trace when false.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "is_false"))]
        power: bool,
    },
    /// The cache node is back, empty; recovery replayed the log.
    Restarted { replayed: u32 },
    /// The store went down.
    StoreDown,
    /// The store came back.
    StoreUp,
    /// The store's machine crashed (its process, its OS, or its power: `crash`): the
    /// layers below that this kind of crash empties are gone, with the
    /// acknowledged writes that were only there; `reverted` keys went back
    /// to an older version.
    StoreCrashed {
        crash: CrashKind,
        lost: Vec<KeyValue>,
        reverted: u32,
    },
    /// The OS wrote a dirty page of the store back to the device.
    WrittenBack { key: Key, value: Versioned, to: Layer },
    /// The device wrote a block from its cache to the medium.
    Destaged { key: Key, value: Versioned },
    /// The store's periodic flush wrote and fsynced `rows` rows to `to`.
    StoreFlushed { rows: u32, to: Layer },
    /// The standby received the row at `pos` of the stream and wrote it to its OS.
    StandbyReceived { key: Key, value: Versioned, pos: u64 },
    /// The standby flushed `rows` rows, up to `upto`, to its disk.
    StandbyFlushed { rows: u32, upto: u64 },
    /// The standby applied everything up to `upto`: visible there.
    StandbyApplied { upto: u64 },
    /// The standby's report that it is at `upto` in `stage` reached the
    /// store, and `released` commits that waited for it answer.
    StandbyReported { stage: Stage, upto: u64, released: u32 },
    /// The standby crashed (`crash`) and lost `dropped` rows it had
    /// received and not flushed (`None`: there was no standby up to crash).
    StandbyCrashed { crash: CrashKind, dropped: Option<u64> },
    /// The standby is back; the store sends again `resent` rows it lacks.
    StandbyUp { resent: u32 },
    /// The store's machine was lost for good; the standby takes over after
    /// `failover_us` (`None`: there was no standby, nothing happens) with
    /// what it had received; `lost` acknowledged writes it never received
    /// are gone, and `reverted` keys went back to an older version.
    PrimaryLost {
        lost: Vec<KeyValue>,
        reverted: u32,
        failover_us: Option<u64>,
    },
    /// The backup member took over the crashed node's entries: `requeued`
    /// writes are dirty entries again, queued for flushing (and recovery
    /// replayed `replayed` log records).
    TookOver { requeued: u32, replayed: u32 },
    /// The crashed member is back, as the backup: it holds copies of the
    /// `copies` writes waiting now.
    BackupRejoined { copies: u32 },
}

/// What an event is about: the log's filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    /// Reads, hits, misses, fills.
    Reads,
    /// Writes and their acknowledgements.
    Writes,
    /// The store's work.
    Store,
    /// Flushes, the log, evictions.
    Flush,
    /// Crashes, outages, failures, losses.
    Faults,
}

impl EventKind {
    /// The key this event concerns, if one.
    #[must_use]
    pub fn key(&self) -> Option<Key> {
        use EventKind::*;
        match self {
            Sent { request, .. } | Failed { request, .. } => Some(request.key()),
            Hit { key, .. }
            | Miss { key, .. }
            | JoinedLoad { key, .. }
            | Filled { key, .. }
            | AppSet { key, .. }
            | WriteReceived { key, .. }
            | CacheUpdated { key, .. }
            | Invalidated { key, .. }
            | LeftAlone { key, .. }
            | AckedBeforeCacheSet { key, .. }
            | Accepted { key, .. }
            | Blocked { key, .. }
            | Unblocked { key, .. }
            | Evicted { key, .. }
            | EvictionFlush { key }
            | CacheUnreachable { key, .. }
            | StoreRead { key, .. }
            | StoreWrote { key, .. }
            | WrittenBack { key, .. }
            | Destaged { key, .. }
            | StandbyReceived { key, .. }
            | ReadReturned { key, .. }
            | WriteAcked { key, .. } => Some(*key),
            StoreQueued { work, .. } | StoreFailed { work } => match work {
                StoreWork::Read { key } | StoreWork::Write { key } => Some(*key),
                StoreWork::Batch { .. } => None,
            },
            _ => None,
        }
    }

    /// The request this event belongs to, if one.
    #[must_use]
    pub fn op(&self) -> Option<OpId> {
        use EventKind::*;
        match self {
            Sent { op, .. }
            | Hit { op, .. }
            | Miss { op, .. }
            | JoinedLoad { op, .. }
            | Filled { op, .. }
            | AppSet { op, .. }
            | WriteReceived { op, .. }
            | CacheUpdated { op, .. }
            | Invalidated { op, .. }
            | LeftAlone { op, .. }
            | AckedBeforeCacheSet { op, .. }
            | Accepted { op, .. }
            | Blocked { op, .. }
            | Unblocked { op, .. }
            | CacheUnreachable { op, .. }
            | StoreRead { op, .. }
            | StoreWrote { op, .. }
            | ReadReturned { op, .. }
            | WriteAcked { op, .. }
            | Failed { op, .. } => Some(*op),
            _ => None,
        }
    }

    /// True for a cache hit that returned a version older than the store's.
    #[must_use]
    pub fn is_stale_read(&self) -> bool {
        matches!(self, EventKind::Hit { value, store_version, .. } if value.version < *store_version)
    }

    /// What the event is about, for filtering a log (a flush that failed
    /// is about flushes and about faults).
    #[must_use]
    pub fn topics(&self) -> &'static [Topic] {
        use EventKind::*;
        use Topic::*;
        match self {
            Sent {
                request: Op::Read { .. },
                ..
            }
            | Hit { .. }
            | Miss { .. }
            | JoinedLoad { .. }
            | Filled { .. }
            | AppSet { .. }
            | ReadReturned { .. } => &[Reads],
            Sent {
                request: Op::Write { .. },
                ..
            }
            | WriteReceived { .. }
            | CacheUpdated { .. }
            | Invalidated { .. }
            | LeftAlone { .. }
            | AckedBeforeCacheSet { .. }
            | Accepted { .. }
            | Blocked { .. }
            | Unblocked { .. }
            | WriteAcked { .. } => &[Writes],
            StoreQueued { .. }
            | StoreRead { .. }
            | StoreWrote { .. }
            | StoreBatchWrote { .. }
            | WrittenBack { .. }
            | Destaged { .. }
            | StoreFlushed { .. }
            | StandbyReceived { .. }
            | StandbyFlushed { .. }
            | StandbyApplied { .. }
            | StandbyReported { .. }
            | StoreFailed { .. } => &[Store],
            FlushSent { .. }
            | FlushAcked { .. }
            | FlushRetried { .. }
            | LogFsynced { .. }
            | LogDestaged { .. }
            | EvictionFlush { .. }
            | Evicted { .. } => &[Flush],
            FlushFailed { .. } | FlushOrphaned { .. } => &[Flush, Faults],
            Crashed { .. }
            | StoreCrashed { .. }
            | StandbyCrashed { .. }
            | StandbyUp { .. }
            | PrimaryLost { .. }
            | TookOver { .. }
            | BackupRejoined { .. }
            | Restarted { .. }
            | StoreDown
            | StoreUp
            | Failed { .. }
            | CacheUnreachable { .. } => &[Faults],
        }
    }

    /// Every kind's [`EventKind::name`], in declaration order (lessons name
    /// the event they wait for by it).
    pub const NAMES: [&'static str; 49] = [
        "sent",
        "hit",
        "miss",
        "joined-load",
        "filled",
        "app-set",
        "write-received",
        "cache-updated",
        "invalidated",
        "left-alone",
        "acked-before-cache-set",
        "accepted",
        "blocked",
        "unblocked",
        "evicted",
        "eviction-flush",
        "cache-unreachable",
        "log-fsynced",
        "store-queued",
        "store-read",
        "store-wrote",
        "store-batch-wrote",
        "store-failed",
        "flush-sent",
        "flush-acked",
        "flush-failed",
        "flush-retried",
        "flush-orphaned",
        "read-returned",
        "write-acked",
        "failed",
        "crashed",
        "restarted",
        "store-down",
        "store-up",
        "store-crashed",
        "written-back",
        "destaged",
        "store-flushed",
        "standby-received",
        "standby-flushed",
        "standby-applied",
        "standby-reported",
        "standby-crashed",
        "standby-up",
        "primary-lost",
        "took-over",
        "backup-rejoined",
        "log-destaged",
    ];

    /// A short name of the kind, for traces and tests.
    #[must_use]
    pub fn name(&self) -> &'static str {
        use EventKind::*;
        match self {
            Sent { .. } => "sent",
            Hit { .. } => "hit",
            Miss { .. } => "miss",
            JoinedLoad { .. } => "joined-load",
            Filled { .. } => "filled",
            AppSet { .. } => "app-set",
            WriteReceived { .. } => "write-received",
            CacheUpdated { .. } => "cache-updated",
            Invalidated { .. } => "invalidated",
            LeftAlone { .. } => "left-alone",
            AckedBeforeCacheSet { .. } => "acked-before-cache-set",
            Accepted { .. } => "accepted",
            Blocked { .. } => "blocked",
            Unblocked { .. } => "unblocked",
            Evicted { .. } => "evicted",
            EvictionFlush { .. } => "eviction-flush",
            CacheUnreachable { .. } => "cache-unreachable",
            LogFsynced { .. } => "log-fsynced",
            StoreQueued { .. } => "store-queued",
            StoreRead { .. } => "store-read",
            StoreWrote { .. } => "store-wrote",
            StoreBatchWrote { .. } => "store-batch-wrote",
            StoreFailed { .. } => "store-failed",
            FlushSent { .. } => "flush-sent",
            FlushAcked { .. } => "flush-acked",
            FlushFailed { .. } => "flush-failed",
            FlushRetried { .. } => "flush-retried",
            FlushOrphaned { .. } => "flush-orphaned",
            ReadReturned { .. } => "read-returned",
            WriteAcked { .. } => "write-acked",
            Failed { .. } => "failed",
            Crashed { .. } => "crashed",
            Restarted { .. } => "restarted",
            StoreDown => "store-down",
            StoreUp => "store-up",
            StoreCrashed { .. } => "store-crashed",
            WrittenBack { .. } => "written-back",
            Destaged { .. } => "destaged",
            StoreFlushed { .. } => "store-flushed",
            StandbyReceived { .. } => "standby-received",
            StandbyFlushed { .. } => "standby-flushed",
            StandbyApplied { .. } => "standby-applied",
            StandbyReported { .. } => "standby-reported",
            StandbyCrashed { .. } => "standby-crashed",
            StandbyUp { .. } => "standby-up",
            PrimaryLost { .. } => "primary-lost",
            TookOver { .. } => "took-over",
            BackupRejoined { .. } => "backup-rejoined",
            LogDestaged { .. } => "log-destaged",
        }
    }
}

/// True for 0 (a count a trace leaves out).
#[cfg(feature = "serde")]
#[allow(clippy::trivially_copy_pass_by_ref)] // serde passes a reference
fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// True for false (a flag a trace leaves out).
#[cfg(feature = "serde")]
#[allow(clippy::trivially_copy_pass_by_ref)] // serde passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

/// Writes what was found: `k3 = 7 (v2)` or `k3 (not in the store)`.
fn write_found(f: &mut fmt::Formatter<'_>, key: Key, found: Option<Versioned>) -> fmt::Result {
    match found {
        Some(v) => write!(f, "{key} = {v}"),
        None => write!(f, "{key} (not in the store)"),
    }
}

/// Writes `k1 = 4, k2 = 9` (at most 8, then "and N more").
fn write_list(f: &mut fmt::Formatter<'_>, list: &[KeyValue]) -> fmt::Result {
    for (i, (k, v)) in list.iter().take(8).enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{k} = {v}")?;
    }
    if list.len() > 8 {
        write!(f, " and {} more", list.len() - 8)?;
    }
    Ok(())
}

fn plural(n: u32, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

impl fmt::Display for StoreWork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreWork::Read { key } => write!(f, "read of {key}"),
            StoreWork::Write { key } => write!(f, "write of {key}"),
            StoreWork::Batch { entries } => {
                write!(f, "flush of {entries} {}", plural(*entries, "entry", "entries"))
            }
        }
    }
}

impl fmt::Display for FailReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FailReason::StoreDown => "the store is down",
            FailReason::CacheDown => "the cache node is down",
            FailReason::CacheCrashed => "the cache node crashed",
            FailReason::QueueFull => "the flush queue is full",
        })
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use EventKind::*;
        if let Some(op) = self.op() {
            write!(f, "{op}: ")?;
        }
        match self {
            Sent { request, .. } => write!(f, "a client sends {request}"),
            Hit {
                key,
                value,
                store_version,
                stale_for,
                ..
            } => {
                write!(f, "cache hit, {key} = {value}")?;
                if value.version < *store_version {
                    write!(f, " (stale: the store already has {store_version}")?;
                    if let Some(age) = stale_for {
                        write!(f, ", for {age}")?;
                    }
                    f.write_str(")")?;
                }
                Ok(())
            }
            Miss { key, expired, loader, .. } => {
                let why = if *expired { "expired entry" } else { "cache miss" };
                match loader {
                    Loader::Cache => write!(f, "{why} on {key}; the cache loads it from the store"),
                    Loader::Application => write!(f, "{why} on {key}; the application reads the store"),
                }
            }
            JoinedLoad { key, .. } => write!(f, "cache miss on {key}; joins the load already in flight"),
            Filled { key, found, stored, .. } => {
                if *stored {
                    f.write_str("the load returns and the cache fills ")?;
                    write_found(f, *key, *found)
                } else {
                    write!(f, "the load returns, but the cache already holds a newer {key}")
                }
            }
            AppSet { key, value, .. } => write!(f, "the application's SET puts {key} = {value} in the cache"),
            WriteReceived { key, value, .. } => {
                write!(f, "the cache takes write {key} = {value} and forwards it to the store")
            }
            CacheUpdated { key, value, stored, .. } => {
                if *stored {
                    write!(f, "the cache now holds {key} = {value}")
                } else {
                    write!(f, "the cache already holds a newer {key} and keeps it")
                }
            }
            Invalidated { key, held, .. } => {
                if *held {
                    write!(f, "the cached {key} is deleted")
                } else {
                    write!(f, "{key} was not cached; nothing to delete")
                }
            }
            LeftAlone { key, held, .. } => {
                if *held {
                    write!(f, "write-around: the cache is not written; its {key} now lags the store")
                } else {
                    write!(f, "write-around: the cache is not written ({key} is not cached)")
                }
            }
            AckedBeforeCacheSet { key, value, .. } => write!(
                f,
                "the store's ack reaches the cache: acknowledged now, {key} = {value} is set in the cache afterwards"
            ),
            Accepted { key, value, version, queued, queue_len, ack, .. } => {
                write!(f, "the cache takes {key} = {value} ({version}), dirty; ")?;
                match queued {
                    Queued::Appended => write!(f, "queued ({queue_len} waiting)")?,
                    Queued::Coalesced => write!(f, "coalesced with the waiting entry ({queue_len} waiting)")?,
                }
                match ack {
                    AckWhen::Now => f.write_str("; acknowledged before the store has it"),
                    AckWhen::AfterFsync => f.write_str("; the ack waits for the log fsync"),
                    AckWhen::AfterFlush => f.write_str("; the queue is past capacity: the ack waits for the flush"),
                }
            }
            Blocked { key, queue_len, .. } => {
                write!(f, "write of {key} blocks: the flush queue is full ({queue_len} waiting)")
            }
            Unblocked { key, waited, .. } => write!(f, "write of {key} unblocks after {waited}"),
            Evicted { key, value } => write!(f, "{key} = {value} is evicted (least recently used)"),
            EvictionFlush { key } => write!(f, "{key} is the LRU victim but dirty: it is flushed before it leaves"),
            CacheUnreachable { key, .. } => {
                write!(f, "the cache node is down; the application goes on without it for {key}")
            }
            LogFsynced {
                records,
                acked,
                volatile,
            } => {
                let r = plural(*records, "record", "records");
                if *volatile {
                    write!(
                        f,
                        "log fsync: {records} {r} only in the device's volatile cache (it answered the flush without writing through)"
                    )?;
                } else {
                    write!(f, "log fsync: {records} {r} durable")?;
                }
                if *acked > 0 {
                    write!(f, "; {acked} waiting {} acknowledged", plural(*acked, "write", "writes"))?;
                }
                Ok(())
            }
            LogDestaged { records } => write!(
                f,
                "the log device writes {records} fsynced {} from its cache to its medium: safe from a power cut now",
                plural(*records, "record", "records")
            ),
            StoreQueued { work, ahead } => {
                write!(f, "the store's {work} waits for a connection ({ahead} ahead)")
            }
            StoreRead { key, found, started, .. } => {
                f.write_str("the store returns ")?;
                write_found(f, *key, *found)?;
                write!(f, ", as read at {started}")
            }
            StoreWrote {
                key,
                value,
                version,
                landed,
                ..
            } => {
                write!(f, "the store commits {key} = {value} as {version}; ")?;
                match landed {
                    Some(l) => write!(f, "{l}"),
                    None => f.write_str("it is durable"),
                }
            }
            StoreBatchWrote { entries, landed, .. } => {
                f.write_str("the store commits the flush: ")?;
                write_list(f, entries)?;
                match landed {
                    Some(l) => write!(f, "; {l}"),
                    None => f.write_str("; durable"),
                }
            }
            StoreFailed { work } => write!(f, "the store is down: its {work} fails"),
            FlushSent { entries, writes, ride_along } => {
                f.write_str("flush: ")?;
                write_list(f, entries)?;
                write!(f, " sent to the store in one batch")?;
                let n = entries.len() as u32;
                if *writes > n {
                    write!(f, " ({writes} client writes coalesced into {n})")?;
                }
                if *ride_along > 0 {
                    write!(f, "; {ride_along} not yet ripe ride along")?;
                }
                Ok(())
            }
            FlushAcked { entries, evicted, unblocked } => {
                write!(f, "the flush of {entries} {} is acknowledged; clean now", plural(*entries, "entry", "entries"))?;
                if *evicted > 0 {
                    write!(f, "; {evicted} waiting to be evicted leave")?;
                }
                if *unblocked > 0 {
                    write!(f, "; {unblocked} waiting {} acknowledged", plural(*unblocked, "write", "writes"))?;
                }
                Ok(())
            }
            FlushFailed { entries, attempt, next } => {
                write!(f, "the flush of {entries} {} fails (attempt {attempt}); ", plural(*entries, "entry", "entries"))?;
                match next {
                    AfterFailure::Retry { after } => write!(f, "retry in {after}"),
                    AfterFailure::Requeued => f.write_str("out of retries: back to the head of the queue"),
                    AfterFailure::Dropped { lost } => {
                        write!(f, "out of retries: dropped, {lost} acknowledged {} lost", plural(*lost, "write", "writes"))
                    }
                }
            }
            FlushRetried { entries, attempt } => {
                write!(f, "the flusher retries {entries} {} (attempt {attempt})", plural(*entries, "entry", "entries"))
            }
            FlushOrphaned { entries, lost } => {
                write!(f, "the answer to a flush of {entries} reaches a node that crashed since")?;
                if lost.is_empty() {
                    f.write_str("; the store has them")
                } else {
                    f.write_str("; it failed and nobody will retry: lost ")?;
                    write_list(f, lost)
                }
            }
            ReadReturned { key, value, latency, .. } => {
                f.write_str("the client reads ")?;
                write_found(f, *key, *value)?;
                write!(f, " after {latency}")
            }
            WriteAcked { key, value, latency, .. } => {
                write!(f, "write {key} = {value} is acknowledged to the client after {latency}")
            }
            Failed { request, reason, latency, .. } => write!(f, "{request} fails after {latency}: {reason}"),
            Crashed {
                lost,
                dirty,
                queued,
                log_kept,
                backed_up,
                power,
            } => {
                if *power {
                    f.write_str("POWER CUT: the cache node loses its memory and its log device's volatile cache")?;
                } else {
                    f.write_str("CRASH: the cache node loses its memory")?;
                }
                write!(f, " ({dirty} dirty, {queued} queued)")?;
                if *log_kept > 0 {
                    write!(f, "; {log_kept} log {} survive", plural(*log_kept, "record", "records"))?;
                }
                if *backed_up > 0 {
                    write!(
                        f,
                        "; the backup member holds {backed_up} {} and will take over",
                        plural(*backed_up, "write", "writes")
                    )?;
                }
                if lost.is_empty() {
                    f.write_str("; no acknowledged write is lost")
                } else {
                    let n = lost.len() as u32;
                    write!(f, "; {n} acknowledged {} lost", plural(n, "write", "writes"))?;
                    let entries = (*dirty).max(*queued);
                    if n > entries && entries > 0 {
                        // More writes than entries: coalescing had merged them.
                        write!(
                            f,
                            " (coalescing had merged repeated writes of a key into one entry, so {entries} {} held them)",
                            plural(entries, "entry", "entries")
                        )?;
                    }
                    f.write_str(": ")?;
                    write_list(f, lost)
                }
            }
            TookOver { requeued, replayed } => {
                write!(
                    f,
                    "the backup member takes over: {requeued} {} it held {} dirty again, queued for flushing",
                    plural(*requeued, "write", "writes"),
                    plural(*requeued, "is", "are")
                )?;
                if *replayed > 0 {
                    write!(f, "; recovery replays {replayed} log {} into the store", plural(*replayed, "record", "records"))?;
                }
                Ok(())
            }
            BackupRejoined { copies } => write!(
                f,
                "the crashed member is back, as the backup: it holds copies of the {copies} {} waiting",
                plural(*copies, "write", "writes")
            ),
            Restarted { replayed } => {
                write!(f, "the cache node restarts empty")?;
                if *replayed > 0 {
                    write!(f, "; recovery replays {replayed} log {} into the store", plural(*replayed, "record", "records"))?;
                }
                Ok(())
            }
            StoreDown => f.write_str("the store goes down"),
            StoreUp => f.write_str("the store is back up"),
            StoreCrashed { crash, lost, reverted } => {
                f.write_str(match crash {
                    CrashKind::Process => "the store's process crashes (the OS keeps its page cache)",
                    CrashKind::Os => "the store's OS crashes: its page cache is gone",
                    CrashKind::Power => {
                        "the store's machine loses power: its page cache and any volatile device cache are gone"
                    }
                })?;
                if !lost.is_empty() {
                    f.write_str("; lost, though the store had committed them: ")?;
                    write_list(f, lost)?;
                }
                if *reverted > 0 {
                    write!(f, "; {reverted} {} back to an older version", plural(*reverted, "key goes", "keys go"))?;
                }
                Ok(())
            }
            WrittenBack { key, value, to } => {
                write!(f, "the OS writes {key} = {value} back from its page cache to {}", to.label())?;
                if *to == Layer::DeviceCache {
                    f.write_str(" (still volatile)")?;
                }
                Ok(())
            }
            Destaged { key, value } => {
                write!(f, "the device writes {key} = {value} from its cache to the medium")
            }
            StoreFlushed { rows, to } => write!(
                f,
                "the store's periodic flush writes and fsyncs {rows} {} to {}",
                plural(*rows, "row", "rows"),
                to.label()
            ),
            StandbyReceived { key, value, pos } => write!(
                f,
                "the standby receives {key} = {value} (row {pos} of the stream) and writes it to its OS"
            ),
            StandbyFlushed { rows, upto } => write!(
                f,
                "the standby flushes {rows} {} to its disk (the stream up to row {upto})",
                plural(*rows, "row", "rows")
            ),
            StandbyApplied { upto } => {
                write!(f, "the standby applies the stream up to row {upto}: queries there see it")
            }
            StandbyReported { stage, upto, released } => write!(
                f,
                "the standby's report ({} up to row {upto}) reaches the store: {released} waiting {}",
                stage.label(),
                plural(*released, "commit answers", "commits answer")
            ),
            StandbyCrashed { crash, dropped } => match dropped {
                None => f.write_str("there is no standby up to crash; nothing happens"),
                Some(d) => {
                    f.write_str(match crash {
                        CrashKind::Process => "the standby's process crashes (its OS keeps what it received)",
                        CrashKind::Os => "the standby's OS crashes",
                        CrashKind::Power => "the standby's machine loses power",
                    })?;
                    if *d > 0 {
                        write!(
                            f,
                            "; {d} received {} it had not flushed {} gone (the store will send {} again)",
                            plural(*d as u32, "row", "rows"),
                            plural(*d as u32, "is", "are"),
                            plural(*d as u32, "it", "them")
                        )?;
                    }
                    f.write_str("; commits that wait for it wait")
                }
            },
            StandbyUp { resent } => write!(
                f,
                "the standby is back; the store sends {resent} {} again",
                plural(*resent, "row", "rows")
            ),
            PrimaryLost { lost, reverted, failover_us } => match failover_us {
                None => f.write_str("the store has no standby to take over; nothing happens"),
                Some(us) => {
                    write!(
                        f,
                        "the store's machine is lost for good; its standby takes over in {} with what it had received",
                        Micros(*us)
                    )?;
                    if lost.is_empty() {
                        f.write_str("; no acknowledged write is lost")?;
                    } else {
                        f.write_str("; lost, because the standby never received them: ")?;
                        write_list(f, lost)?;
                    }
                    if *reverted > 0 {
                        write!(f, "; {reverted} {} back to an older version", plural(*reverted, "key goes", "keys go"))?;
                    }
                    Ok(())
                }
            },
        }
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.at, self.kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where a commit landed, in words (`Landing`'s `Display` emptied).
    #[test]
    fn a_landing_says_whether_it_is_durable() {
        let say = |layer, durable| Landing { layer, durable }.to_string();
        assert_eq!(say(Layer::Medium, true), "it is on the medium: durable");
        assert_eq!(
            say(Layer::DeviceCache, true),
            "it is in the device's backed cache: durable"
        );
        assert_eq!(
            say(Layer::DeviceCache, false),
            "it is only in the device's write cache: not durable yet"
        );
        assert_eq!(
            say(Layer::PageCache, false),
            "it is only in the OS page cache: not durable yet"
        );
    }

    /// The words of a flush and of a log fsync: the list's separators, the
    /// ride-alongs and the writes waiting only when there are some, and a
    /// store work's singular and plural (`write_list`'s `i > 0`, the
    /// `> 0` tests turned to `==`, `plural` and `StoreWork`'s `Display`).
    #[test]
    fn a_flush_and_a_log_fsync_say_what_they_carry() {
        let flush = |ride_along| {
            EventKind::FlushSent {
                entries: alloc::vec![(Key(1), Value(4)), (Key(2), Value(9))],
                writes: 2,
                ride_along,
            }
            .to_string()
        };
        assert_eq!(flush(0), "flush: k1 = 4, k2 = 9 sent to the store in one batch");
        assert_eq!(
            flush(2),
            "flush: k1 = 4, k2 = 9 sent to the store in one batch; 2 not yet ripe ride along"
        );
        // Five client writes coalesced into the two entries.
        let coalesced = EventKind::FlushSent {
            entries: alloc::vec![(Key(1), Value(4)), (Key(2), Value(9))],
            writes: 5,
            ride_along: 0,
        };
        assert_eq!(
            coalesced.to_string(),
            "flush: k1 = 4, k2 = 9 sent to the store in one batch (5 client writes coalesced into 2)"
        );
        // Eight entries are listed; a ninth is counted (`len() > 8`).
        let list = |n: u32| {
            EventKind::FlushSent {
                entries: (0..n).map(|k| (Key(k), Value(1))).collect(),
                writes: n,
                ride_along: 0,
            }
            .to_string()
        };
        assert!(
            list(8).ends_with("k7 = 1 sent to the store in one batch"),
            "{}",
            list(8)
        );
        assert!(
            list(9).ends_with("k7 = 1 and 1 more sent to the store in one batch"),
            "{}",
            list(9)
        );
        let fsync = |acked| {
            EventKind::LogFsynced {
                records: 3,
                acked,
                volatile: false,
            }
            .to_string()
        };
        assert!(!fsync(0).contains("waiting"), "{}", fsync(0));
        assert!(
            fsync(2).ends_with("; 2 waiting writes acknowledged"),
            "{}",
            fsync(2)
        );
        let work: Vec<String> = [
            StoreWork::Read { key: Key(1) },
            StoreWork::Write { key: Key(2) },
            StoreWork::Batch { entries: 1 },
            StoreWork::Batch { entries: 3 },
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(
            work,
            [
                "read of k1",
                "write of k2",
                "flush of 1 entry",
                "flush of 3 entries"
            ]
        );
    }

    /// Each count a line mentions only when there is one, in the singular
    /// or the plural: the `> 0` tests of a flush's answer, a crash, a
    /// takeover, a restart, a store crash, a standby's crash and the
    /// primary's loss turned to `==`, `<` or `>=`; the crash's coalescing
    /// note (`n > entries && entries > 0`); the volatile note of a write-back.
    #[test]
    fn a_line_mentions_a_count_only_when_there_is_one() {
        let say = |e: EventKind| e.to_string();
        let acked = |evicted, unblocked| {
            say(EventKind::FlushAcked {
                entries: 2,
                evicted,
                unblocked,
            })
        };
        assert_eq!(acked(0, 0), "the flush of 2 entries is acknowledged; clean now");
        assert_eq!(
            acked(1, 2),
            "the flush of 2 entries is acknowledged; clean now; 1 waiting to be evicted leave; 2 waiting writes acknowledged"
        );
        let kv = |k, v| (Key(k), Value(v));
        let crash = |lost: Vec<KeyValue>, dirty, queued, log_kept, backed_up| {
            say(EventKind::Crashed {
                lost,
                dirty,
                queued,
                log_kept,
                backed_up,
                power: false,
            })
        };
        let quiet = crash(alloc::vec![], 0, 0, 0, 0);
        assert!(
            quiet.ends_with(" (0 dirty, 0 queued); no acknowledged write is lost"),
            "{quiet}"
        );
        let kept = crash(alloc::vec![], 0, 0, 2, 1);
        assert!(
            kept.ends_with("; 2 log records survive; the backup member holds 1 write and will take over; no acknowledged write is lost"),
            "{kept}"
        );
        // Three writes lost from one entry: coalescing had merged them.
        let merged = crash(alloc::vec![kv(1, 1), kv(1, 2), kv(1, 3)], 1, 1, 0, 0);
        assert!(merged.contains("3 acknowledged writes lost (coalescing had merged repeated writes of a key into one entry, so 1 entry held them): k1 = 1"), "{merged}");
        // One write, one entry; two writes and no entry (lost elsewhere): no note.
        for (lost, entries) in [(alloc::vec![kv(1, 1)], 1), (alloc::vec![kv(1, 1), kv(2, 1)], 0)] {
            let line = crash(lost, entries, 0, 0, 0);
            assert!(!line.contains("coalescing"), "{line}");
        }
        let took = |replayed| {
            say(EventKind::TookOver {
                requeued: 1,
                replayed,
            })
        };
        assert_eq!(
            took(0),
            "the backup member takes over: 1 write it held is dirty again, queued for flushing"
        );
        assert!(took(3).ends_with("; recovery replays 3 log records into the store"));
        let restart = |replayed| say(EventKind::Restarted { replayed });
        assert_eq!(restart(0), "the cache node restarts empty");
        assert_eq!(
            restart(1),
            "the cache node restarts empty; recovery replays 1 log record into the store"
        );
        let store = |reverted| {
            say(EventKind::StoreCrashed {
                crash: CrashKind::Os,
                lost: alloc::vec![],
                reverted,
            })
        };
        assert_eq!(store(0), "the store's OS crashes: its page cache is gone");
        assert_eq!(
            store(2),
            "the store's OS crashes: its page cache is gone; 2 keys go back to an older version"
        );
        let v = Versioned {
            value: Value(5),
            version: Version(2),
        };
        let back = |to| {
            say(EventKind::WrittenBack {
                key: Key(1),
                value: v,
                to,
            })
        };
        assert!(back(Layer::DeviceCache).ends_with(" (still volatile)"));
        assert!(!back(Layer::Medium).contains("volatile"));
        let standby = |d| {
            say(EventKind::StandbyCrashed {
                crash: CrashKind::Os,
                dropped: Some(d),
            })
        };
        assert_eq!(
            standby(0),
            "the standby's OS crashes; commits that wait for it wait"
        );
        assert_eq!(
            standby(1),
            "the standby's OS crashes; 1 received row it had not flushed is gone (the store will send it again); commits that wait for it wait"
        );
        let primary = |reverted| {
            say(EventKind::PrimaryLost {
                lost: alloc::vec![],
                reverted,
                failover_us: Some(1_000),
            })
        };
        assert!(
            primary(0).ends_with("; no acknowledged write is lost"),
            "{}",
            primary(0)
        );
        assert!(primary(1).ends_with("; no acknowledged write is lost; 1 key goes back to an older version"));
    }

    /// A trace leaves out a crash's backup count when 0 and its power flag
    /// when false, and writes them otherwise (`is_zero` by `false`,
    /// `is_false` by `true` or with its `!` deleted).
    #[cfg(feature = "json")]
    #[test]
    fn a_trace_leaves_out_only_the_empty_fields() {
        let crash = |backed_up, power| {
            serde_json::to_string(&EventKind::Crashed {
                lost: alloc::vec![],
                dirty: 0,
                queued: 0,
                log_kept: 0,
                backed_up,
                power,
            })
            .unwrap()
        };
        let quiet = crash(0, false);
        assert!(
            !quiet.contains("backed_up") && !quiet.contains("power"),
            "{quiet}"
        );
        let loud = crash(2, true);
        assert!(
            loud.contains("\"backed_up\":2") && loud.contains("\"power\":true"),
            "{loud}"
        );
    }

    /// The key an event is about (`EventKind::key`'s arm of events that
    /// carry a key deleted).
    #[test]
    fn an_event_with_a_key_is_about_it() {
        let v = Versioned {
            value: Value(1),
            version: Version(1),
        };
        assert_eq!(
            EventKind::Evicted {
                key: Key(3),
                value: v
            }
            .key(),
            Some(Key(3))
        );
        assert_eq!(EventKind::EvictionFlush { key: Key(4) }.key(), Some(Key(4)));
        assert_eq!(EventKind::StoreUp.key(), None);
    }

    #[test]
    fn a_sent_request_is_about_its_kind_and_a_failed_flush_about_two_topics() {
        let read = EventKind::Sent {
            op: OpId(1),
            request: Op::Read { key: Key(0) },
        };
        let write = EventKind::Sent {
            op: OpId(2),
            request: Op::Write {
                key: Key(0),
                value: Value(1),
            },
        };
        assert_eq!(read.topics(), [Topic::Reads]);
        assert_eq!(write.topics(), [Topic::Writes]);
        let failed = EventKind::FlushFailed {
            entries: 1,
            attempt: 1,
            next: AfterFailure::Requeued,
        };
        assert_eq!(failed.topics(), [Topic::Flush, Topic::Faults]);
        assert_eq!(EventKind::StoreDown.topics(), [Topic::Faults]);
    }
}
