//! Reading a scenario file: JSON syntax errors with line and column, unknown
//! or mistyped fields by name, out-of-range values by field and range.

use dirtybit_sim::Scenario;

use crate::Failure;

/// Reads, parses and validates the scenario at `path`.
pub fn scenario_file(path: &str) -> Result<Scenario, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| Failure {
        code: 1,
        message: format!("cannot read {path}: {e}"),
    })?;
    let scenario: Scenario = serde_json::from_str(&text).map_err(|e| Failure {
        code: 2,
        message: format!("{path}: {e}"),
    })?;
    scenario.validate().map_err(|e| Failure {
        code: 2,
        message: format!("{path}: invalid scenario: {e}"),
    })?;
    Ok(scenario)
}
