//! Running a scenario to the end and reporting its figures: a table (one
//! column per scenario) for people, one JSON object for scripts.

use dirtybit_sim::metrics::Metrics;
use std::collections::BTreeMap;

use dirtybit_sim::series::Sample;
use dirtybit_sim::spent::Part;
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
    /// Operations answered per second of virtual time.
    pub throughput_per_s: f64,
    /// Hits per lookup.
    pub hit_ratio: f64,
    /// Client writes that reached the store per row it wrote.
    pub coalescing_ratio: f64,
    /// The core's totals and latency histograms.
    #[serde(flatten)]
    pub metrics: Metrics,
    /// Where the time went at p50, p99 and p99.9, for reads and for writes.
    pub breakdown: Breakdown,
    /// The layers below the store, when the scenario has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below: Option<Below>,
    /// The store has (or had) a standby.
    #[serde(skip)]
    pub standby: bool,
    /// The time series (not in the JSON object; `--csv` prints it).
    #[serde(skip)]
    pub series: Vec<Sample>,
}

/// Where the time went at each reported percentile.
#[derive(Serialize)]
pub struct Breakdown {
    /// Reads, by percentile (`p50`, `p99`, `p99.9`); absent with no reads.
    pub reads: BTreeMap<&'static str, AtPercentile>,
    /// Writes, likewise.
    pub writes: BTreeMap<&'static str, AtPercentile>,
}

/// One percentile and its parts: the mean of the operations in its
/// latency bucket, whose parts add up to `latency_us` exactly.
#[derive(Serialize)]
pub struct AtPercentile {
    /// The percentile's latency, as the histogram reports it.
    pub latency_us: u64,
    /// µs per part (`client_hop`, `pool_wait`, ...), the empty ones left out.
    pub parts: BTreeMap<&'static str, u64>,
    /// The part that took most, and its share in percent (not in the JSON).
    #[serde(skip)]
    pub mostly: Option<(Part, f64)>,
}

/// The core's breakdowns ([`Metrics::breakdowns`]), by percentile name.
fn breakdown(m: &Metrics, writes: bool) -> BTreeMap<&'static str, AtPercentile> {
    m.breakdowns(writes)
        .into_iter()
        .map(|(name, latency, spent)| {
            let at = AtPercentile {
                latency_us: latency.0,
                parts: spent.parts().map(|(part, d)| (part.name(), d.0)).collect(),
                mostly: spent.mostly(),
            };
            (name, at)
        })
        .collect()
}

/// What the layers below the store did in a run.
#[derive(Serialize)]
pub struct Below {
    /// Blocks the store's commits wrote to the device.
    pub device_writes: u64,
    /// Cache flushes the commits issued.
    pub cache_flushes: u64,
    /// Acknowledged writes lost from the store process's log buffer.
    pub lost_from_log_buffer: u64,
    /// Acknowledged writes lost from the OS page cache.
    pub lost_from_page_cache: u64,
    /// Acknowledged writes lost from the device's write cache.
    pub lost_from_device_cache: u64,
}

/// Builds the outcome of a finished run.
pub fn outcome(sim: &Sim, events: u64) -> Outcome {
    let m = sim.metrics();
    Outcome {
        end_us: sim.now().as_micros(),
        events,
        throughput_per_s: m.throughput_per_s(sim.now()),
        hit_ratio: m.hit_ratio(),
        coalescing_ratio: m.coalescing_ratio(),
        metrics: m.clone(),
        breakdown: Breakdown {
            reads: breakdown(m, false),
            writes: breakdown(m, true),
        },
        below: sim.below().map(|b| {
            let [log_buffer, page_cache, device_cache] = sim.ledger().counts().lost_below;
            Below {
                device_writes: b.device_work.0,
                cache_flushes: b.device_work.1,
                lost_from_log_buffer: log_buffer,
                lost_from_page_cache: page_cache,
                lost_from_device_cache: device_cache,
            }
        }),
        standby: sim.scenario().store.standby.is_some(),
        series: sim.series().points().to_vec(),
    }
}

/// Runs `scenario` (already validated) until nothing is left.
pub fn run_to_end(scenario: Scenario) -> Outcome {
    let mut sim = Sim::new(scenario).expect("the scenario was validated when loaded");
    let events = crate::progress::run(&mut sim, |_| {});
    outcome(&sim, events)
}

/// One JSON object, on one line.
pub fn json(outcome: &Outcome) -> String {
    let mut s = serde_json::to_string(outcome).expect("metrics serialize");
    s.push('\n');
    s
}

fn latency_row(h: &dirtybit_sim::histogram::Histogram) -> String {
    let s = h.summary();
    format!(
        "{} / {} / {} / {} / {}",
        Micros(s.p50_us),
        Micros(s.p90_us),
        Micros(s.p99_us),
        Micros(s.p999_us),
        Micros(s.max_us)
    )
}

/// The part that took most of the p99, and its share: `pool_wait (86%)`.
fn mostly(by_percentile: &BTreeMap<&'static str, AtPercentile>) -> String {
    match by_percentile.get("p99").and_then(|at| at.mostly) {
        Some((part, share)) => format!("{} ({share:.0}%)", part.name()),
        None => "–".to_string(),
    }
}

/// The rows of the table for one run.
fn rows(scenario: &Scenario, o: &Outcome) -> Vec<(&'static str, String)> {
    let m = &o.metrics;
    vec![
        ("policy", scenario.policy.name().to_string()),
        ("virtual time", SimTime(o.end_us).to_string()),
        ("events", o.events.to_string()),
        ("operations sent", m.ops_sent.to_string()),
        ("throughput", format!("{:.0} ops/s", o.throughput_per_s)),
        (
            "reads (hits / misses)",
            format!("{} ({} / {})", m.reads, m.hits, m.misses),
        ),
        ("hit ratio", format!("{:.1}%", o.hit_ratio * 100.0)),
        (
            "stale reads (max age)",
            format!("{} ({})", m.stale_reads, Micros(m.max_staleness_us)),
        ),
        ("writes acknowledged", m.writes_acked.to_string()),
        (
            "failed reads / writes",
            format!(
                "{} / {} ({} rejected)",
                m.reads_failed, m.writes_failed, m.writes_rejected
            ),
        ),
        ("acknowledged writes lost", m.writes_lost.to_string()),
        (
            "  from log buffer / page / device cache",
            o.below.as_ref().map_or_else(
                || "–".to_string(),
                |b| {
                    format!(
                        "{} / {} / {}",
                        b.lost_from_log_buffer, b.lost_from_page_cache, b.lost_from_device_cache
                    )
                },
            ),
        ),
        (
            "  with the primary (not on its standby)",
            if o.standby {
                m.writes_lost_failover.to_string()
            } else {
                "–".to_string()
            },
        ),
        (
            "device blocks written / flushes",
            o.below.as_ref().map_or_else(
                || "–".to_string(),
                |b| format!("{} / {}", b.device_writes, b.cache_flushes),
            ),
        ),
        ("log records recovered", m.recovered.to_string()),
        (
            "store reads / row writes",
            format!("{} / {}", m.store_reads, m.store_writes),
        ),
        ("client writes per store row", m.coalescing_ratio_text()),
        (
            "flushes (failed)",
            format!("{} ({})", m.flushes, m.flush_failures),
        ),
        (
            "writes blocked (time)",
            format!("{} ({})", m.writes_blocked, Micros(m.blocked_us)),
        ),
        ("read p50/p90/p99/p99.9/max", latency_row(&m.read_latency)),
        ("write p50/p90/p99/p99.9/max", latency_row(&m.write_latency)),
        ("write p99 mostly", mostly(&o.breakdown.writes)),
        ("read p99 mostly", mostly(&o.breakdown.reads)),
        ("seed", scenario.seed.to_string()),
    ]
}

/// A table with a column per run (one column for `run`).
pub fn table(runs: &[(&str, &Scenario, &Outcome)]) -> String {
    let columns: Vec<Vec<(&str, String)>> = runs.iter().map(|(_, s, o)| rows(s, o)).collect();
    let label_width = columns[0].iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let widths: Vec<usize> = columns
        .iter()
        .zip(runs)
        .map(|(c, (p, _, _))| {
            c.iter()
                .map(|(_, v)| v.chars().count())
                .max()
                .unwrap_or(0)
                .max(p.len())
        })
        .collect();
    let mut out = String::new();
    if runs.len() == 1 {
        out.push_str(&format!("{}\n", runs[0].1.name));
    } else {
        out.push_str(&format!("  {:<label_width$}", ""));
        for ((path, _, _), w) in runs.iter().zip(&widths) {
            out.push_str(&format!("  {path:<w$}"));
        }
        out.push('\n');
    }
    for (i, (label, _)) in columns[0].iter().enumerate() {
        out.push_str(&format!("  {label:<label_width$}"));
        for (c, w) in columns.iter().zip(&widths) {
            out.push_str(&format!("  {:<w$}", c[i].1));
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
    }
    out
}
