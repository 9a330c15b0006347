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
    let mut s = String::from(
        "t_us,reads,hits,misses,hit_ratio,stale_reads,writes_acked,store_writes,writes_lost,at_risk,oldest_at_risk_us,queued\n",
    );
    for p in &o.series {
        s.push_str(&format!(
            "{},{},{},{},{:.4},{},{},{},{},{},{},{}\n",
            p.t_us,
            p.reads,
            p.hits,
            p.misses,
            p.hit_ratio(),
            p.stale_reads,
            p.writes_acked,
            p.store_writes,
            p.writes_lost,
            p.at_risk,
            p.oldest_at_risk_us,
            p.queued
        ));
    }
    s
}
