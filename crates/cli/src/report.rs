//! Running a scenario to the end and reporting its metrics, as a table for
//! people or as one JSON object for scripts.

use dirtybit_sim::metrics::Metrics;
use dirtybit_sim::time::{Micros, SimTime};
use dirtybit_sim::{Scenario, Sim};
use serde::Serialize;

/// What a finished run reports.
#[derive(Serialize)]
pub struct Outcome {
    /// The virtual instant the last event happened.
    pub end_us: u64,
    /// How many events happened.
    pub events: u64,
    /// The core's totals.
    #[serde(flatten)]
    pub metrics: Metrics,
    /// Hits per lookup.
    pub hit_ratio: f64,
}

/// Runs `scenario` (already validated) until nothing is left.
pub fn run_to_end(scenario: Scenario) -> Outcome {
    let mut sim = Sim::new(scenario).expect("the scenario was validated when loaded");
    let events = sim.run_to_end();
    let metrics = *sim.metrics();
    Outcome {
        end_us: sim.now().as_micros(),
        events,
        hit_ratio: metrics.hit_ratio(),
        metrics,
    }
}

/// One JSON object, on one line.
pub fn json(outcome: &Outcome) -> String {
    let mut s = serde_json::to_string(outcome).expect("metrics serialize");
    s.push('\n');
    s
}

/// A short table for a terminal.
pub fn table(scenario: &Scenario, o: &Outcome) -> String {
    let m = &o.metrics;
    let rows: Vec<(&str, String)> = vec![
        ("policy", scenario.policy.name().to_string()),
        ("virtual time", SimTime(o.end_us).to_string()),
        ("events", o.events.to_string()),
        ("operations sent", m.ops_sent.to_string()),
        (
            "reads (hits / misses)",
            format!("{} ({} / {})", m.reads, m.hits, m.misses),
        ),
        ("hit ratio", format!("{:.1}%", o.hit_ratio * 100.0)),
        ("stale reads", m.stale_reads.to_string()),
        ("writes acknowledged", m.writes_acked.to_string()),
        (
            "failed reads / writes",
            format!(
                "{} / {} ({} rejected)",
                m.reads_failed, m.writes_failed, m.writes_rejected
            ),
        ),
        ("acknowledged writes lost", m.writes_lost.to_string()),
        ("log records recovered", m.recovered.to_string()),
        (
            "store reads / row writes",
            format!("{} / {}", m.store_reads, m.store_writes),
        ),
        (
            "client writes per store row",
            format!("{:.2}", m.coalescing_ratio()),
        ),
        (
            "flushes (failed)",
            format!("{} ({})", m.flushes, m.flush_failures),
        ),
        (
            "writes blocked (time)",
            format!("{} ({})", m.writes_blocked, Micros(m.blocked_us)),
        ),
        (
            "read latency mean / max",
            format!(
                "{} / {}",
                Micros(m.read_latency.mean_us()),
                Micros(m.read_latency.max_us)
            ),
        ),
        (
            "write latency mean / max",
            format!(
                "{} / {}",
                Micros(m.write_latency.mean_us()),
                Micros(m.write_latency.max_us)
            ),
        ),
        ("seed", scenario.seed.to_string()),
    ];
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut out = format!("{}\n", scenario.name);
    for (k, v) in rows {
        out.push_str(&format!("  {k:<width$}  {v}\n"));
    }
    out
}
