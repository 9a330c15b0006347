//! The generated workload: open-loop arrivals at a fixed interval, each a read
//! or a write of a key drawn uniformly from `keys` keys. Written values are
//! numbered 1, 2, 3, ... in the order the writes are issued, so every value
//! on screen names the write that produced it.

use crate::rng::Rng;
use crate::scenario::{check_range, ScenarioError};
use crate::time::Micros;
use crate::{Key, Op, Value};

/// What the clients do.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct Workload {
    /// How many operations the clients issue in all.
    pub ops: u64,
    /// The share of operations that are reads, in percent.
    pub read_percent: u8,
    /// How many distinct keys the operations touch.
    pub keys: u32,
    /// Time between two consecutive operations.
    pub interval_us: u64,
}

impl Default for Workload {
    fn default() -> Self {
        Workload {
            ops: 200,
            read_percent: 80,
            keys: 8,
            interval_us: 2_000,
        }
    }
}

impl Workload {
    /// The most operations one run may issue.
    pub const MAX_OPS: u64 = 100_000_000;
    /// The most distinct keys.
    pub const MAX_KEYS: u64 = 100_000;
    /// The longest interval between operations: one hour.
    pub const MAX_INTERVAL_US: u64 = 3_600_000_000;

    /// Checks every field.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        check_range("workload.ops", self.ops, 0, Self::MAX_OPS)?;
        check_range("workload.read_percent", u64::from(self.read_percent), 0, 100)?;
        check_range("workload.keys", u64::from(self.keys), 1, Self::MAX_KEYS)?;
        check_range("workload.interval_us", self.interval_us, 1, Self::MAX_INTERVAL_US)
    }
}

/// The workload's state during a run: how many operations are issued, how
/// many writes, and the random stream that picks the next one.
#[derive(Clone, Debug)]
pub(crate) struct Generator {
    spec: Workload,
    rng: Rng,
    issued: u64,
    writes: u64,
}

impl Generator {
    pub(crate) fn new(spec: Workload, seed: u64) -> Self {
        Generator {
            spec,
            rng: Rng::new(seed),
            issued: 0,
            writes: 0,
        }
    }

    /// The next operation, or `None` once all are issued.
    pub(crate) fn next_op(&mut self) -> Option<Op> {
        if self.issued >= self.spec.ops {
            return None;
        }
        self.issued += 1;
        let read = self.rng.percent(self.spec.read_percent);
        let key = Key(self.rng.below(u64::from(self.spec.keys)) as u32);
        Some(if read {
            Op::Read { key }
        } else {
            Op::Write {
                key,
                value: self.next_value(),
            }
        })
    }

    /// A fresh value, for a generated write or one a user submits.
    pub(crate) fn next_value(&mut self) -> Value {
        self.writes += 1;
        Value(self.writes)
    }

    /// Time until the next arrival.
    pub(crate) fn interval(&self) -> Micros {
        Micros(self.spec.interval_us)
    }

    /// True while operations remain to be issued.
    pub(crate) fn has_more(&self) -> bool {
        self.issued < self.spec.ops
    }
}
