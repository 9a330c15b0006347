//! Exports: every event as one JSON line (`--trace`), and the time series
//! as CSV (`--csv`).

use std::io::Write;

use dirtybit_sim::{Scenario, Sim};

use crate::report::{outcome, Outcome};
use crate::Failure;

/// Runs `scenario`, writing each event to `path` as a JSON line.
pub fn run_with_trace(scenario: Scenario, path: &str) -> Result<Outcome, Failure> {
    let io = |e: std::io::Error| Failure {
        code: 1,
        message: format!("cannot write {path}: {e}"),
    };
    let file = std::fs::File::create(path).map_err(io)?;
    let mut out = std::io::BufWriter::new(file);
    let mut sim = Sim::new(scenario).expect("the scenario was validated when loaded");
    let mut failed = None;
    let events = crate::progress::run(&mut sim, |event| {
        if failed.is_none() {
            serde_json::to_writer(&mut out, event).expect("events serialize");
            if let Err(e) = out.write_all(b"\n") {
                failed = Some(e);
            }
        }
    });
    if let Some(e) = failed {
        return Err(io(e));
    }
    out.flush().map_err(io)?;
    Ok(outcome(&sim, events))
}

/// The time series as CSV with a header line.
pub fn csv(o: &Outcome) -> String {
    dirtybit_sim::series::csv(&o.series)
}
