//! The write-ahead log of write-behind: what it is set to do, and the records
//! it holds (appended, then fsynced). A crash keeps only fsynced records;
//! recovery replays those the store lacks.

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use crate::error::{check_range, ScenarioError};
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
    /// Whether an fsync has made it durable.
    pub fsynced: bool,
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

    /// Marks every record durable; returns those that became so.
    pub fn fsync_all(&mut self) -> Vec<(Key, Version)> {
        let mut synced = Vec::new();
        for r in self.records.iter_mut().filter(|r| !r.fsynced) {
            r.fsynced = true;
            synced.push((r.key, r.version));
        }
        synced
    }

    /// Marks the record of `key` at `version` durable; returns whether it was there.
    pub fn fsync_one(&mut self, key: Key, version: Version) -> bool {
        match self
            .records
            .iter_mut()
            .find(|r| r.key == key && r.version == version)
        {
            Some(r) => {
                r.fsynced = true;
                true
            }
            None => false,
        }
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

    /// A crash: unsynced records vanish, unless only the process died (the
    /// OS still holds what was appended). Returns how many survive.
    pub fn crash(&mut self, process_only: bool) -> usize {
        if !process_only {
            self.records.retain(|r| r.fsynced);
        }
        self.records.len()
    }

    /// True when a record of `key` at `version` was appended.
    #[must_use]
    pub fn holds(&self, key: Key, version: Version) -> bool {
        self.records.iter().any(|r| r.key == key && r.version == version)
    }

    /// Every record, oldest first.
    pub fn records(&self) -> impl Iterator<Item = &LogRecord> + '_ {
        self.records.iter()
    }
}
