//! Crash-point sweeps: what a crash of the cache node would do at each of
//! many instants of one run. The run is made once; each crash is a fork of
//! it (a `Sim` is `Clone`) at its instant, so a sweep of N instants costs
//! one run plus N short tails, not N runs from the start.

use alloc::vec::Vec;

use crate::event::EventKind;
use crate::fault::Fault;
use crate::scenario::{Scenario, ScenarioError};
use crate::sim::Sim;
use crate::time::SimTime;

/// What a crash at one instant did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CrashOutcome {
    /// The instant of the crash, µs from the start (the last event at or
    /// before the instant asked for: the run's state then).
    pub at_us: u64,
    /// How many events the run had processed when it crashed.
    pub steps: u64,
    /// Acknowledged writes a crash then would lose, as the loss panel says
    /// just before it.
    pub at_risk: u64,
    /// Acknowledged writes it lost.
    pub lost: u64,
    /// Log records recovery replayed into the store.
    pub recovered: u64,
    /// From the crash until the node served again, µs (its downtime, longer
    /// if another crash struck while it was down; the model replays the log
    /// at once on restart).
    pub recovery_us: u64,
}

/// The header of [`csv`].
pub const CSV_HEADER: &str = "at_us,steps,at_risk,lost,recovered,recovery_us";

/// A crash sweep as CSV: [`CSV_HEADER`], then a line per instant. The page's
/// export and the command line's `sweep crash --csv`.
#[must_use]
pub fn csv(outcomes: &[CrashOutcome]) -> alloc::string::String {
    use core::fmt::Write as _;
    let mut s = alloc::string::String::from(CSV_HEADER);
    s.push('\n');
    for o in outcomes {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{}",
            o.at_us, o.steps, o.at_risk, o.lost, o.recovered, o.recovery_us
        );
    }
    s
}

/// The instants of a sweep: `points` spread evenly over `(0, end)`.
#[must_use]
pub fn instants(end: SimTime, points: usize) -> Vec<SimTime> {
    let n = points as u64;
    (1..=n).map(|i| SimTime(end.0 * i / (n + 1))).collect()
}

/// Crashes the node now in `sim` (as the page's crash button does: after
/// the events already due at this instant) with the given downtime, runs
/// until it is back, and says what it did. `sim` is left as it was.
#[must_use]
pub fn crash_now(sim: &Sim, downtime_us: u64) -> CrashOutcome {
    let mut fork = sim.clone();
    let before = fork.metrics().clone();
    let at_risk = fork.crash_would_lose().len() as u64;
    let at = fork.now();
    fork.inject(Fault::CrashCache { downtime_us });
    // From this crash (the first at or after `at`) until the node serves
    // again, through any crash that strikes while it is down.
    let mut crashed_at = None;
    let mut back_at = None;
    while let Some(e) = fork.step() {
        match e.kind {
            EventKind::Crashed { .. } if crashed_at.is_none() => crashed_at = Some(e.at),
            EventKind::Restarted { .. } | EventKind::TookOver { .. } if crashed_at.is_some() => {
                back_at = Some(e.at);
                break;
            }
            _ => {}
        }
    }
    let after = fork.metrics();
    CrashOutcome {
        at_us: at.0,
        steps: sim.steps(),
        at_risk,
        lost: after.writes_lost_in_crashes - before.writes_lost_in_crashes,
        recovered: after.recovered - before.recovered,
        recovery_us: back_at
            .zip(crashed_at)
            .map_or(0, |(back, crashed)| back.0 - crashed.0),
    }
}

/// The largest sweep accepted.
pub const MAX_POINTS: usize = 1000;

/// Crashes `scenario`'s run at `points` instants spread over it (up to
/// [`MAX_POINTS`]), each a fork of one run; one outcome per instant.
pub fn crash_sweep(
    scenario: &Scenario,
    points: usize,
    downtime_us: u64,
) -> Result<Vec<CrashOutcome>, ScenarioError> {
    crate::error::check_range("points", points as u64, 1, MAX_POINTS as u64)?;
    crate::error::check_range("downtime_us", downtime_us, 0, Fault::MAX_US)?;
    let mut sim = Sim::new(scenario.clone())?;
    let mut end = sim.clone();
    let _ = end.run_to_end();
    let mut out = Vec::with_capacity(points);
    for at in instants(end.now(), points) {
        let _ = sim.run_until(at);
        out.push(crash_now(&sim, downtime_us));
    }
    Ok(out)
}
