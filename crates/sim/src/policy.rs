//! The write policies and their knobs, as scenario data. Each knob carries
//! the name a real product gives it where there is one (Hazelcast MapStore,
//! Ehcache, Coherence, Ignite, DAX), so an engineer recognises it.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{check_range, ScenarioError};
use crate::wal::WalSpec;

/// How the cache handles writes (and the reads that go with them).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "kind", rename_all = "kebab-case", try_from = "crate::repr::PolicyRepr")
)]
pub enum Policy {
    /// The application drives the cache: reads check it and, on a miss, read
    /// the store and fill it; writes go to the store, then invalidate (or
    /// update) the cache. The cache never talks to the store.
    CacheAside(CacheAside),
    /// The cache loads misses from the store on the caller's behalf; writes go
    /// to the store and then invalidate (or update) the cache.
    ReadThrough(CacheAside),
    /// Writes go through the cache to the store and are acknowledged once the
    /// store has them (store first, then the cache, as DAX does).
    WriteThrough(WriteThrough),
    /// Writes go to the store only; the cache is not written.
    WriteAround(WriteAround),
    /// Writes are acknowledged once in the cache and flushed to the store later.
    WriteBehind(Box<WriteBehind>),
    /// Key classes routed to different policies in one run.
    Selective(Selective),
}

impl Default for Policy {
    fn default() -> Self {
        Policy::WriteThrough(WriteThrough::default())
    }
}

impl Policy {
    /// The name used in scenario files and on screen.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Policy::CacheAside(_) => "cache-aside",
            Policy::ReadThrough(_) => "read-through",
            Policy::WriteThrough(_) => "write-through",
            Policy::WriteAround(_) => "write-around",
            Policy::WriteBehind(_) => "write-behind",
            Policy::Selective(_) => "selective",
        }
    }

    /// Checks the knobs; `field` is where this policy sits in the scenario.
    pub fn validate(&self, keys: u32) -> Result<(), ScenarioError> {
        match self {
            Policy::WriteBehind(wb) => wb.validate(),
            Policy::Selective(sel) => sel.validate(keys),
            _ => Ok(()),
        }
    }
}

/// What a cache-aside or read-through write does to the cache after the store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnWrite {
    /// Delete the cached entry; the next read loads the new value (the usual default).
    #[default]
    Invalidate,
    /// Set the cached entry to the value just written.
    Update,
}

crate::names::named!(OnWrite { Invalidate => "invalidate", Update => "update" });

/// Knobs of cache-aside and read-through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
// Read through `repr` (the policy is a tagged object): no Deserialize.
pub struct CacheAside {
    /// What a write does to the cache after the store has it.
    pub on_write: OnWrite,
}

/// When a write-through write updates the cache.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CacheUpdate {
    /// Store, then cache, then acknowledge.
    #[default]
    Sync,
    /// Store, then acknowledge; the cache is set afterwards without waiting
    /// (fire-and-forget), which opens a window where a read after the
    /// acknowledgement still sees the old value.
    Async,
}

crate::names::named!(CacheUpdate { Sync => "sync", Async => "async" });

/// Knobs of write-through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
// Read through `repr` (the policy is a tagged object): no Deserialize.
pub struct WriteThrough {
    /// When the cache is updated relative to the acknowledgement.
    pub cache_update: CacheUpdate,
}

/// Knobs of write-around.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
// Read through `repr` (the policy is a tagged object): no Deserialize.
pub struct WriteAround {
    /// Delete the cached entry after the store write. Off by default, as in
    /// the reference router's `writeAround` (shared/reference/001), which
    /// leaves a cached copy to go stale until its TTL.
    pub invalidate: bool,
}

/// What the flusher does with a batch whose last retry failed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AfterLastRetry {
    /// Put the entries back at the head of the queue (Hazelcast).
    #[default]
    Requeue,
    /// Drop them; the writes are lost (Ehcache 3 drops a failed batch).
    Drop,
    /// Keep retrying, backing off up to 64 times the first delay.
    Forever,
}

crate::names::named!(AfterLastRetry { Requeue => "requeue", Drop => "drop", Forever => "forever" });

/// Retries of a failed flush.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct Retry {
    /// Retries after the first failure (Ehcache `retryAttempts`).
    pub attempts: u32,
    /// Delay before the first retry; each further retry doubles it
    /// (Ehcache `retryAttemptDelaySeconds`, with exponential backoff).
    pub backoff_us: u64,
    /// What happens after the last retry fails.
    pub after_last: AfterLastRetry,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            attempts: 3,
            backoff_us: 100_000,
            after_last: AfterLastRetry::Requeue,
        }
    }
}

/// What a write does when the flush queue is full.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BackPressure {
    /// The writer waits until the queue has room (Ehcache 2, the Linux page
    /// cache past `dirty_ratio`).
    #[default]
    Block,
    /// The write fails (Hazelcast: a put past capacity is rejected).
    Reject,
    /// The writer's entry is queued and the writer waits until it is flushed,
    /// as if write-through (Ignite: past 1.5 x flush size writers flush
    /// synchronously).
    SyncFlush,
}

crate::names::named!(BackPressure { Block => "block", Reject => "reject", SyncFlush => "sync-flush" });

/// Knobs of write-behind.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
// Read through `repr` (the policy is a tagged object): no Deserialize.
pub struct WriteBehind {
    /// How long a write waits in the queue before it is ripe for flushing
    /// (Hazelcast `write-delay-seconds`, Coherence `write-delay`).
    pub write_delay_us: u64,
    /// Most entries per store round trip (Hazelcast `write-batch-size`).
    pub batch_size: u32,
    /// Keep only the last value per key in the queue (Hazelcast
    /// `write-coalescing`, default true).
    pub coalescing: bool,
    /// Entries within this share of the delay from ripe ride along with a
    /// flush (Coherence `write-batch-factor`, 0..=100 percent).
    pub batch_factor_percent: u8,
    /// Most store writes per second; 0 for no limit (Ehcache `rateLimitPerSecond`).
    pub rate_limit_per_s: u32,
    /// Retries of a failed flush.
    pub retry: Retry,
    /// Most entries waiting in the queue; 0 for unbounded (Ehcache
    /// `writeBehindMaxQueueSize`).
    pub queue_capacity: u32,
    /// What a write does when the queue is full.
    pub back_pressure: BackPressure,
    /// From this many waiting entries on, the flusher stops waiting for
    /// entries to ripen and flushes at once; 0 for never (the Linux page
    /// cache's `dirty_background_ratio`, Ignite's flush size).
    pub flush_at_len: u32,
    /// The write-ahead log that can close the loss window.
    pub wal: WalSpec,
}

impl Default for WriteBehind {
    fn default() -> Self {
        WriteBehind {
            write_delay_us: 1_000_000,
            batch_size: 10,
            coalescing: true,
            batch_factor_percent: 0,
            rate_limit_per_s: 0,
            retry: Retry::default(),
            queue_capacity: 0,
            back_pressure: BackPressure::Block,
            flush_at_len: 0,
            wal: WalSpec::None,
        }
    }
}

impl WriteBehind {
    /// The longest write delay: one hour.
    pub const MAX_DELAY_US: u64 = 3_600_000_000;

    /// Checks every knob.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        check_range(
            "policy.write_delay_us",
            self.write_delay_us,
            0,
            Self::MAX_DELAY_US,
        )?;
        check_range("policy.batch_size", u64::from(self.batch_size), 1, 10_000)?;
        check_range(
            "policy.batch_factor_percent",
            u64::from(self.batch_factor_percent),
            0,
            100,
        )?;
        check_range(
            "policy.rate_limit_per_s",
            u64::from(self.rate_limit_per_s),
            0,
            10_000_000,
        )?;
        check_range("policy.retry.attempts", u64::from(self.retry.attempts), 0, 100)?;
        check_range("policy.retry.backoff_us", self.retry.backoff_us, 0, 60_000_000)?;
        check_range(
            "policy.queue_capacity",
            u64::from(self.queue_capacity),
            0,
            10_000_000,
        )?;
        self.wal.validate()
    }
}

/// One class of keys and its policy.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct KeyClass {
    /// A name for the class, e.g. `user.balance`.
    pub name: String,
    /// How many keys it holds: classes take consecutive keys in order.
    pub keys: u32,
    /// Its policy (anything but `selective`).
    pub policy: Policy,
}

/// Key classes routed to different policies (the reference's per-entity
/// `SmartCacheRouter`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct Selective {
    /// The classes, in key order: the first `keys` keys go to the first.
    pub classes: Vec<KeyClass>,
}

impl Selective {
    fn validate(&self, keys: u32) -> Result<(), ScenarioError> {
        check_range("policy.classes", self.classes.len() as u64, 1, 16)?;
        let mut total = 0u64;
        for (i, class) in self.classes.iter().enumerate() {
            let at = alloc::format!("policy.classes[{i}]");
            check_range(
                alloc::format!("{at}.keys"),
                u64::from(class.keys),
                1,
                u64::from(keys),
            )?;
            total += u64::from(class.keys);
            if matches!(class.policy, Policy::Selective(_)) {
                return Err(ScenarioError {
                    field: alloc::format!("{at}.policy"),
                    message: "must not be selective itself".into(),
                });
            }
            class
                .policy
                .validate(keys)
                .map_err(|e| e.nested("policy.", &alloc::format!("{at}.policy.")))?;
        }
        if total != u64::from(keys) {
            return Err(ScenarioError {
                field: "policy.classes".into(),
                message: alloc::format!("their keys must add up to workload.keys ({keys}), got {total}"),
            });
        }
        Ok(())
    }
}
