//! The scenario: everything needed to reproduce a run, as plain data that
//! serde reads and writes, and its validation. A scenario that passes
//! [`Scenario::validate`] can always be simulated.

use crate::cache::CacheSpec;
use crate::error::check_range;
pub use crate::error::ScenarioError;
use crate::fault::{Fault, ScheduledFault};
use crate::latency::Latencies;
use crate::policy::Policy;
use crate::store::StoreSpec;
use crate::workload::Workload;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// A complete, reproducible description of one run.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Scenario {
    /// A short title shown above the run.
    pub name: String,
    /// Seeds every random choice of the run.
    pub seed: u64,
    /// The write policy.
    pub policy: Policy,
    /// Latency of every hop.
    pub latency: Latencies,
    /// Size, TTL and fills of the cache.
    pub cache: CacheSpec,
    /// How the store starts and its connection pool.
    pub store: StoreSpec,
    /// Faults at scheduled instants.
    pub faults: Vec<ScheduledFault>,
    /// How often the time series samples the figures, in µs.
    pub sample_us: u64,
    /// The operations the clients issue.
    pub workload: Workload,
}

crate::names::fields!(Scenario {
    name,
    seed,
    policy,
    latency,
    cache,
    store,
    faults,
    sample_us,
    workload
});

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            name: "Untitled scenario".to_string(),
            seed: 1,
            policy: Policy::default(),
            latency: Latencies::default(),
            cache: CacheSpec::default(),
            store: StoreSpec::default(),
            faults: Vec::new(),
            sample_us: 10_000,
            workload: Workload::default(),
        }
    }
}

impl Scenario {
    /// The longest name accepted, in bytes.
    pub const MAX_NAME_LEN: usize = 200;

    /// Checks every field; the first field out of range is reported.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        check_range("name", self.name.len() as u64, 0, Self::MAX_NAME_LEN as u64).map_err(|_| {
            ScenarioError {
                field: "name".into(),
                message: alloc::format!(
                    "must be at most {} bytes long, got {}",
                    Self::MAX_NAME_LEN,
                    self.name.len()
                ),
            }
        })?;
        self.latency.validate()?;
        self.workload.validate()?;
        self.cache.validate()?;
        self.store.validate()?;
        check_range("faults", self.faults.len() as u64, 0, 1_000)?;
        check_range("sample_us", self.sample_us, 1, 3_600_000_000)?;
        for (i, f) in self.faults.iter().enumerate() {
            check_range(alloc::format!("faults[{i}].at_us"), f.at_us, 0, u64::MAX / 2)?;
            f.fault
                .validate()
                .map_err(|e| e.nested("faults[].", &alloc::format!("faults[{i}].")))?;
            let needs_standby = matches!(f.fault, Fault::StandbyCrash { .. } | Fault::LosePrimary);
            if needs_standby && self.store.standby.is_none() {
                return Err(ScenarioError {
                    field: alloc::format!("faults[{i}].fault"),
                    message: "a standby-crash or lose-primary fault needs a store.standby".into(),
                });
            }
        }
        self.policy.validate(self.workload.keys)
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
