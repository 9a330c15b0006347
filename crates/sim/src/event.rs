//! What happened: one [`Event`] per step, as data for tests and charts and as
//! one sentence (its `Display`) for the event log.

use core::fmt;

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

/// What happened in one step.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "kebab-case"))]
pub enum EventKind {
    /// A client sent a request towards the cache.
    Sent {
        /// The request.
        op: OpId,
        /// What it asks for.
        request: Op,
    },
    /// The cache found the key; the reply is on its way to the client.
    Hit {
        /// The request.
        op: OpId,
        /// The key read.
        key: Key,
        /// What the cache returned.
        value: Versioned,
        /// The store's version of the key at this instant.
        store_version: Version,
    },
    /// The cache does not hold the key and asks the store.
    Miss {
        /// The request.
        op: OpId,
        /// The key read.
        key: Key,
    },
    /// The store executed a read.
    StoreRead {
        /// The request.
        op: OpId,
        /// The key read.
        key: Key,
        /// What the store holds, if anything.
        found: Option<Versioned>,
    },
    /// The store's answer reached the cache, which now holds it.
    Filled {
        /// The request.
        op: OpId,
        /// The key loaded.
        key: Key,
        /// What was loaded.
        found: Option<Versioned>,
        /// False when the cache already held a newer version and kept it.
        stored: bool,
    },
    /// A write reached the cache, which forwards it to the store.
    WriteReceived {
        /// The request.
        op: OpId,
        /// The key written.
        key: Key,
        /// The value written.
        value: Value,
    },
    /// The store applied and committed a write: from now on it is durable.
    StoreWrote {
        /// The request.
        op: OpId,
        /// The key written.
        key: Key,
        /// The value written.
        value: Value,
        /// The version the store gave it.
        version: Version,
    },
    /// The store's acknowledgement reached the cache, which now holds the value.
    CacheUpdated {
        /// The request.
        op: OpId,
        /// The key written.
        key: Key,
        /// The value and its version.
        value: Versioned,
        /// False when the cache already held a newer version and kept it.
        stored: bool,
    },
    /// The client received the acknowledgement of its write.
    WriteAcked {
        /// The request.
        op: OpId,
        /// The key written.
        key: Key,
        /// The value written.
        value: Value,
        /// From sending to the acknowledgement.
        latency: Micros,
    },
    /// The client received the answer to its read.
    ReadReturned {
        /// The request.
        op: OpId,
        /// The key read.
        key: Key,
        /// The answer, if the key exists.
        value: Option<Versioned>,
        /// From sending to the answer.
        latency: Micros,
    },
}

impl EventKind {
    /// The key this event concerns.
    #[must_use]
    pub fn key(&self) -> Key {
        match *self {
            EventKind::Sent { request, .. } => request.key(),
            EventKind::Hit { key, .. }
            | EventKind::Miss { key, .. }
            | EventKind::StoreRead { key, .. }
            | EventKind::Filled { key, .. }
            | EventKind::WriteReceived { key, .. }
            | EventKind::StoreWrote { key, .. }
            | EventKind::CacheUpdated { key, .. }
            | EventKind::WriteAcked { key, .. }
            | EventKind::ReadReturned { key, .. } => key,
        }
    }

    /// The request this event belongs to.
    #[must_use]
    pub fn op(&self) -> OpId {
        match *self {
            EventKind::Sent { op, .. }
            | EventKind::Hit { op, .. }
            | EventKind::Miss { op, .. }
            | EventKind::StoreRead { op, .. }
            | EventKind::Filled { op, .. }
            | EventKind::WriteReceived { op, .. }
            | EventKind::StoreWrote { op, .. }
            | EventKind::CacheUpdated { op, .. }
            | EventKind::WriteAcked { op, .. }
            | EventKind::ReadReturned { op, .. } => op,
        }
    }

    /// True for a cache hit that returned a version older than the store's.
    #[must_use]
    pub fn is_stale_read(&self) -> bool {
        matches!(self, EventKind::Hit { value, store_version, .. } if value.version < *store_version)
    }
}

/// Writes what was found: `k3 = 7 (v2)` or `k3 (not in the store)`.
fn write_found(f: &mut fmt::Formatter<'_>, key: Key, found: Option<Versioned>) -> fmt::Result {
    match found {
        Some(v) => write!(f, "{key} = {v}"),
        None => write!(f, "{key} (not in the store)"),
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.op())?;
        match *self {
            EventKind::Sent { request, .. } => write!(f, "a client sends {request} to the cache"),
            EventKind::Hit {
                key,
                value,
                store_version,
                ..
            } => {
                write!(f, "cache hit, {key} = {value}")?;
                if value.version < store_version {
                    write!(f, " (stale: the store already has {store_version})")?;
                }
                Ok(())
            }
            EventKind::Miss { key, .. } => write!(f, "cache miss on {key}; the cache asks the store"),
            EventKind::StoreRead { key, found, .. } => {
                f.write_str("the store reads ")?;
                write_found(f, key, found)
            }
            EventKind::Filled {
                key, found, stored, ..
            } => {
                if stored {
                    f.write_str("the cache fills ")?;
                    write_found(f, key, found)
                } else {
                    write!(f, "the cache already holds a newer {key} and keeps it")
                }
            }
            EventKind::WriteReceived { key, value, .. } => {
                write!(
                    f,
                    "the cache takes write {key} = {value} and forwards it to the store"
                )
            }
            EventKind::StoreWrote {
                key, value, version, ..
            } => write!(f, "the store commits {key} = {value} as {version}; it is durable"),
            EventKind::CacheUpdated {
                key, value, stored, ..
            } => {
                if stored {
                    write!(
                        f,
                        "the store's ack reaches the cache, which now holds {key} = {value}"
                    )
                } else {
                    write!(
                        f,
                        "the store's ack reaches the cache, which already holds a newer {key}"
                    )
                }
            }
            EventKind::WriteAcked {
                key, value, latency, ..
            } => write!(
                f,
                "write {key} = {value} is acknowledged to the client after {latency}"
            ),
            EventKind::ReadReturned {
                key, value, latency, ..
            } => {
                f.write_str("the client reads ")?;
                write_found(f, key, value)?;
                write!(f, " after {latency}")
            }
        }
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.at, self.kind)
    }
}
