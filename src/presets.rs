//! The scenarios the page ships with, from the same files under
//! `scenarios/` that the command-line runner and its tests use.

use dirtybit_sim::Scenario;

/// The scenario the page opens with.
pub const DEFAULT_JSON: &str = include_str!("../scenarios/write-through.json");

/// Parses a preset; a preset that does not parse is a bug caught by the tests.
#[must_use]
pub fn default_scenario() -> Scenario {
    serde_json::from_str(DEFAULT_JSON).expect("scenarios/write-through.json is a valid scenario")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_preset_parses_and_validates() {
        assert_eq!(default_scenario().validate(), Ok(()));
    }
}
