//! The scenario: everything needed to reproduce a run, as plain data that
//! serde reads and writes, and its validation. A scenario that passes
//! [`Scenario::validate`] can always be simulated.

use alloc::string::{String, ToString};
use core::fmt;

use crate::latency::Latencies;
use crate::store::StoreSpec;
use crate::workload::Workload;

/// How the cache handles writes (and the reads that go with them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)
)]
pub enum Policy {
    /// The cache forwards a write to the store and acknowledges it only after
    /// the store has it and the cache holds the new value (the store first,
    /// then the cache, as DynamoDB Accelerator does). Misses are loaded from
    /// the store by the cache (read-through).
    #[default]
    WriteThrough,
}

impl Policy {
    /// The name used in scenario files and on screen.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Policy::WriteThrough => "write-through",
        }
    }
}

/// A complete, reproducible description of one run.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct Scenario {
    /// A short title shown above the run.
    pub name: String,
    /// Seeds every random choice of the run.
    pub seed: u64,
    /// The write policy.
    pub policy: Policy,
    /// Latency of every hop.
    pub latency: Latencies,
    /// How the store starts.
    pub store: StoreSpec,
    /// The operations the clients issue.
    pub workload: Workload,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            name: "Write-through, typical latencies".to_string(),
            seed: 1,
            policy: Policy::default(),
            latency: Latencies::default(),
            store: StoreSpec::default(),
            workload: Workload::default(),
        }
    }
}

/// Why a scenario cannot be simulated: the field (as a dotted path, the way
/// it is spelled in a scenario file) and what is allowed there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// The dotted path of the field, e.g. `workload.keys`.
    pub field: &'static str,
    /// What is wrong and what is allowed, e.g. `must be 1..=100000, got 0`.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ScenarioError {}

/// Checks that `value` lies in `min..=max`, naming `field` if not.
pub(crate) fn check_range(field: &'static str, value: u64, min: u64, max: u64) -> Result<(), ScenarioError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(ScenarioError {
            field,
            message: alloc::format!("must be {min}..={max}, got {value}"),
        })
    }
}

impl Scenario {
    /// The longest name accepted, in bytes.
    pub const MAX_NAME_LEN: usize = 200;

    /// Checks every field; the first field out of range is reported.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        check_range("name", self.name.len() as u64, 0, Self::MAX_NAME_LEN as u64).map_err(|_| {
            ScenarioError {
                field: "name",
                message: alloc::format!(
                    "must be at most {} bytes long, got {}",
                    Self::MAX_NAME_LEN,
                    self.name.len()
                ),
            }
        })?;
        self.latency.validate()?;
        self.workload.validate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_scenario_is_valid() {
        assert_eq!(Scenario::default().validate(), Ok(()));
    }

    #[test]
    fn an_error_names_the_field_and_the_range() {
        let mut s = Scenario::default();
        s.workload.keys = 0;
        let err = s.validate().unwrap_err();
        assert_eq!(err.field, "workload.keys");
        assert_eq!(err.to_string(), "workload.keys: must be 1..=100000, got 0");
    }
}
