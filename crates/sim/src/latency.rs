//! Latency of every hop a request can take. The defaults are the "typical"
//! column of the latency anatomy in the write-through performance text
//! (shared/reference/001): network to cache 0.5 ms, cache write 0.5 ms,
//! network to database 1 ms, database write 5 ms, commit/fsync 2 ms; a
//! database query 10 ms (its read comparison table, 10-50 ms).

use crate::scenario::{check_range, ScenarioError};
use crate::time::Micros;

/// One constant latency per hop, in microseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct Latencies {
    /// One way between a client and the cache node.
    pub client_cache_us: u64,
    /// A get or set inside the cache node.
    pub cache_op_us: u64,
    /// One way between the cache node and the store.
    pub cache_store_us: u64,
    /// The store executing a read.
    pub store_read_us: u64,
    /// The store executing a write, before its commit.
    pub store_write_us: u64,
    /// The store's commit (log flush / fsync) that makes a write durable.
    pub store_commit_us: u64,
    /// Appending a record to the cache node's write-ahead log.
    pub log_append_us: u64,
    /// An fsync of that log. The default, 2 ms, is the same commit/fsync
    /// figure as the store's.
    pub log_fsync_us: u64,
}

impl Default for Latencies {
    fn default() -> Self {
        Latencies {
            client_cache_us: 500,
            cache_op_us: 500,
            cache_store_us: 1_000,
            store_read_us: 10_000,
            store_write_us: 5_000,
            store_commit_us: 2_000,
            log_append_us: 10,
            log_fsync_us: 2_000,
        }
    }
}

impl Latencies {
    /// The largest latency accepted for one hop: 60 s.
    pub const MAX_US: u64 = 60_000_000;

    /// Checks every hop against `0..=MAX_US`.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        check_range("latency.client_cache_us", self.client_cache_us, 0, Self::MAX_US)?;
        check_range("latency.cache_op_us", self.cache_op_us, 0, Self::MAX_US)?;
        check_range("latency.cache_store_us", self.cache_store_us, 0, Self::MAX_US)?;
        check_range("latency.store_read_us", self.store_read_us, 0, Self::MAX_US)?;
        check_range("latency.store_write_us", self.store_write_us, 0, Self::MAX_US)?;
        check_range("latency.store_commit_us", self.store_commit_us, 0, Self::MAX_US)?;
        check_range("latency.log_append_us", self.log_append_us, 0, Self::MAX_US)?;
        check_range("latency.log_fsync_us", self.log_fsync_us, 0, Self::MAX_US)
    }

    /// Client to cache, or back.
    #[must_use]
    pub const fn client_cache(&self) -> Micros {
        Micros(self.client_cache_us)
    }
    /// A get or set in the cache.
    #[must_use]
    pub const fn cache_op(&self) -> Micros {
        Micros(self.cache_op_us)
    }
    /// Cache to store, or back.
    #[must_use]
    pub const fn cache_store(&self) -> Micros {
        Micros(self.cache_store_us)
    }
    /// A read executed by the store.
    #[must_use]
    pub const fn store_read(&self) -> Micros {
        Micros(self.store_read_us)
    }
    /// A write executed and committed by the store.
    #[must_use]
    pub const fn store_write_durable(&self) -> Micros {
        Micros(self.store_write_us.saturating_add(self.store_commit_us))
    }
    /// A batch of `n` writes in one transaction: each row written, one commit.
    #[must_use]
    pub const fn store_batch(&self, n: u64) -> Micros {
        Micros(
            self.store_write_us
                .saturating_mul(n)
                .saturating_add(self.store_commit_us),
        )
    }
    /// Appending to the log.
    #[must_use]
    pub const fn log_append(&self) -> Micros {
        Micros(self.log_append_us)
    }
    /// An fsync of the log.
    #[must_use]
    pub const fn log_fsync(&self) -> Micros {
        Micros(self.log_fsync_us)
    }
}
