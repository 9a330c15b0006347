//! Progress of a long run on stderr, when stderr is a terminal: a line that
//! says how far the workload has come, rewritten in place a few times a
//! second, and cleared at the end. Nothing at all when stderr is a file or
//! a pipe, so scripts and logs see only the result.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use dirtybit_sim::Sim;

/// Events run between two looks at the clock.
const CHUNK: u64 = 200_000;
/// How often the line is rewritten.
const EVERY: Duration = Duration::from_millis(250);

/// Runs `sim` to the end (each event through `each`), showing progress on
/// stderr if it is a terminal; returns how many events happened.
pub fn run(sim: &mut Sim, each: impl FnMut(&dirtybit_sim::Event)) -> u64 {
    let stderr = std::io::stderr();
    if stderr.is_terminal() {
        run_showing(sim, each, &mut stderr.lock(), EVERY)
    } else {
        run_quietly(sim, each)
    }
}

fn run_quietly(sim: &mut Sim, mut each: impl FnMut(&dirtybit_sim::Event)) -> u64 {
    let mut events = 0;
    while let Some(e) = sim.step() {
        each(&e);
        events += 1;
    }
    events
}

/// The progress line for `sim` after `events` events.
pub fn line(sim: &Sim, events: u64) -> String {
    format!(
        "dirtybit: {:>3}% of the workload, {} events, t = {}",
        (sim.progress() * 100.0).floor(),
        events,
        sim.now()
    )
}

/// Runs `sim` to the end, writing the progress line to `out` (a terminal)
/// at most once per `every`.
pub fn run_showing(
    sim: &mut Sim,
    mut each: impl FnMut(&dirtybit_sim::Event),
    out: &mut dyn Write,
    every: Duration,
) -> u64 {
    let mut events = 0;
    let mut last = Instant::now();
    let mut shown = false;
    loop {
        let mut done = true;
        for _ in 0..CHUNK {
            match sim.step() {
                Some(e) => {
                    each(&e);
                    events += 1;
                }
                None => break,
            }
            done = false;
        }
        if sim.is_done() || done {
            break;
        }
        if last.elapsed() >= every {
            let _ = write!(out, "\r{}\x1b[K", line(sim, events));
            let _ = out.flush();
            shown = true;
            last = Instant::now();
        }
    }
    if shown {
        let _ = write!(out, "\r\x1b[K");
        let _ = out.flush();
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_run_shows_its_progress_and_clears_the_line() {
        let mut s = dirtybit_sim::Scenario::default();
        s.workload.ops = 100_000;
        let mut sim = Sim::new(s.clone()).unwrap();
        let mut out = Vec::new();
        let events = run_showing(&mut sim, |_| {}, &mut out, Duration::ZERO);
        let text = String::from_utf8(out).unwrap();
        assert!(sim.is_done());
        assert_eq!(events, sim.steps());
        // One line per chunk but the last, each rewriting the one before,
        // then the line is cleared.
        let lines = text.matches("% of the workload").count() as u64;
        assert_eq!(lines, events.div_ceil(CHUNK) - 1, "{text:?}");
        assert!(text.starts_with("\rdirtybit: "), "{text:?}");
        assert!(text.ends_with("\r\x1b[K"), "{text:?}");
        let mut quiet = Sim::new(s).unwrap();
        assert_eq!(run_quietly(&mut quiet, |_| {}), events, "the same run either way");
    }

    #[test]
    fn the_line_says_how_far_and_when() {
        let mut s = dirtybit_sim::Scenario::default();
        s.workload.ops = 100;
        let mut sim = Sim::new(s).unwrap();
        let n = sim.run_steps(150);
        let l = line(&sim, n);
        assert!(
            l.starts_with("dirtybit: ") && l.contains("% of the workload, 150 events, t = "),
            "{l}"
        );
    }
}
