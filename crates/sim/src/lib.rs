//! # dirtybit-sim
//!
//! The model behind dirtybit: a deterministic, sans-I/O simulation of a cache
//! in front of a store, showing where every write is, when it is
//! acknowledged, when it is durable, and which reads are stale.
//!
//! `no_std` + `alloc`. No I/O, no clock, no threads: time is virtual
//! ([`time::SimTime`], microseconds), randomness comes from a seeded
//! generator of our own ([`rng::Rng`]), so the same [`Scenario`] gives the
//! same [`Event`] trace on every target.
//!
//! ## Module map
//!
//! | module | owns |
//! | --- | --- |
//! | [`scenario`] | the serde description of a run and its validation |
//! | [`act`] | a read, write or fault done to a run now, and the event it causes |
//! | [`error`] | the ground floor: `ScenarioError` and range checks, imported by every part |
//! | [`beside`] | the texts' formulas beside a finished run's figures |
//! | [`decimal`] | numbers as decimal text, without `core::fmt`'s float code |
//! | [`calc`] | the reference texts' formulas: net impact, break-even, pool throughput, QD1, loss bounds |
//! | `json` | (feature `json`) reading JSON with errors that name the field's path |
//! | [`policy`] | the write policies and their knobs |
//! | [`products`] | real products' personalities at their documented settings (docs/products.md) |
//! | [`sim`] | the state machine: `Sim::new`, `step`, `submit`, `inject`, the views |
//! | [`event`] | what happened in one step, as data and as a sentence |
//! | [`sweep`] | crash-point sweeps: one run, a fork per crash instant |
//! | [`compare`] | side by side: one workload under 2 to 4 policies, advanced together in virtual time |
//! | [`cache`] | the cache node's memory: LRU, TTL, dirty entries, entry states |
//! | [`queue`] | the write-behind flush queue: coalescing, ripeness, batches |
//! | [`wal`] | the write-ahead log: appended and fsynced records |
//! | [`store`] | the system of record: value and version per key, pool, outages |
//! | [`storage`] | below the store: page cache, device cache, medium; sync modes; process, OS and power crashes |
//! | [`ledger`] | the durability ledger: acknowledged, durable, lost, recovered |
//! | [`fault`] | crashes and outages |
//! | [`trace`] | a fingerprint of a whole run, to compare targets |
//! | [`latency`] | the latency of every hop |
//! | [`workload`] | the generated operations |
//! | [`metrics`] | running totals and latency histograms |
//! | [`series`] | bounded time series of the figures, for charts |
//! | [`histogram`] | log-bucketed latency histograms and percentiles |
//! | [`spent`] | where each operation's time went, and the breakdown of a percentile |
//! | [`agenda`] | the (time, sequence)-ordered queue of what is due |
//! | [`time`] | virtual time |
//! | [`rng`] | the seeded generator |
//!
//! ## Example
//!
//! ```
//! use dirtybit_sim::{Scenario, Sim};
//!
//! let mut sim = Sim::new(Scenario::default()).expect("the default scenario is valid");
//! while let Some(event) = sim.step() {
//!     // Each event is data, and a sentence for the log.
//!     let _sentence = event.to_string();
//! }
//! let m = sim.metrics();
//! assert_eq!(m.ops_sent, Scenario::default().workload.ops);
//! // Write-through: every acknowledged write reached the store first.
//! assert_eq!(m.writes_acked, m.store_writes);
//! ```

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;

pub mod act;
pub mod agenda;
pub mod beside;
pub mod cache;
pub mod calc;
pub mod compare;
pub mod decimal;
pub mod error;
pub mod event;
pub mod fault;
pub mod histogram;
#[cfg(feature = "json")]
pub mod json;
pub mod latency;
pub mod ledger;
pub mod metrics;
#[doc(hidden)]
pub mod names;
pub mod policy;
pub mod products;
pub mod queue;
#[cfg(feature = "serde")]
mod repr;
pub mod rng;
pub mod scenario;
pub mod series;
pub mod sim;
pub mod spent;
pub mod standby;
pub mod storage;
pub mod store;
pub mod sweep;
pub mod time;
pub mod trace;
pub mod wal;
pub mod workload;

use core::fmt;

pub use event::{Event, EventKind};
pub use fault::Fault;
pub use policy::Policy;
pub use scenario::{Scenario, ScenarioError};
pub use sim::Sim;

/// `n` as value `n` at version `n`, for the unit tests.
#[cfg(test)]
pub(crate) fn versioned(n: u64) -> Versioned {
    Versioned {
        value: Value(n),
        version: Version(n),
    }
}

/// A key, shown as `k0`, `k1`, ...
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Key(pub u32);

/// A written value. Generated writes are numbered 1, 2, 3, ... in the order
/// they are issued, so a value names the write that produced it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Value(pub u64);

/// How many writes the store had applied to a key when it took this value;
/// `v0` means never written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Version(pub u64);

impl Version {
    /// The version after this one.
    #[must_use]
    pub const fn next(self) -> Version {
        Version(self.0 + 1)
    }
}

/// A value with its version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Versioned {
    /// The value.
    pub value: Value,
    /// Its version.
    pub version: Version,
}

/// Identifies one request, numbered from 1 in the order clients send them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct OpId(pub u64);

/// What a client asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "op", rename_all = "kebab-case"))]
pub enum Op {
    /// Read a key.
    Read {
        /// The key.
        key: Key,
    },
    /// Write a value to a key.
    Write {
        /// The key.
        key: Key,
        /// The value.
        value: Value,
    },
}

impl Op {
    /// The key the operation touches.
    #[must_use]
    pub const fn key(self) -> Key {
        match self {
            Op::Read { key } | Op::Write { key, .. } => key,
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "k{}", self.0)
    }
}
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.0)
    }
}
impl fmt::Display for Versioned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.value, self.version)
    }
}
impl fmt::Display for OpId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "op {}", self.0)
    }
}
impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Read { key } => write!(f, "read {key}"),
            Op::Write { key, value } => write!(f, "write {key} = {value}"),
        }
    }
}
