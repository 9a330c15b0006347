//! Reading a scenario file: JSON syntax errors with line and column, and
//! every field that is unknown, of the wrong type or out of range named by
//! its full path (`workload.script[3].key`) with what is allowed there.

use dirtybit_sim::Scenario;

use crate::Failure;

/// Reads, parses and validates the scenario at `path`.
pub fn scenario_file(path: &str) -> Result<Scenario, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| Failure {
        code: 1,
        message: format!("cannot read {path}: {e}"),
    })?;
    dirtybit_sim::json::scenario(&text).map_err(|e| Failure {
        code: 2,
        message: format!("{path}: invalid scenario: {e}"),
    })
}
