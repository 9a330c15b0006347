//! The ground floor: why a scenario cannot be simulated, and the range
//! check every part's validation uses. It imports nothing of the crate, so
//! `scenario` can import every part and every part can report errors
//! without importing `scenario` back.

use alloc::string::String;
use core::fmt;

/// Why a scenario cannot be simulated: the field (as a dotted path, the way
/// it is spelled in a scenario file) and what is allowed there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// The path of the field, e.g. `workload.keys` or `faults[2].at_us`.
    pub field: String,
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

impl ScenarioError {
    /// The same error about a field inside a list item: `prefix` replaces
    /// `within` at the start of the path (`policy.batch_size` of class 1
    /// is `policy.classes[1].policy.batch_size`).
    #[must_use]
    pub fn nested(mut self, within: &str, prefix: &str) -> Self {
        if let Some(rest) = self.field.strip_prefix(within) {
            self.field = alloc::format!("{prefix}{rest}");
        }
        self
    }
}

/// Checks that `value` lies in `min..=max`, naming `field` if not.
pub(crate) fn check_range(
    field: impl Into<String>,
    value: u64,
    min: u64,
    max: u64,
) -> Result<(), ScenarioError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(ScenarioError {
            field: field.into(),
            message: alloc::format!("must be {min}..={max}, got {value}"),
        })
    }
}
