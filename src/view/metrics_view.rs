//! The core's running totals, as a row of figures, each with what it means
//! on hover; a figure that would surprise a learner (failed writes, writes
//! lost) says why under the row.

use dirtybit_sim::metrics::Metrics;
use dirtybit_sim::policy::Policy;
use dirtybit_sim::time::{Micros, SimTime};
use dirtybit_sim::Scenario;
use yew::prelude::*;

/// What [`metrics_view`] draws.
pub struct MetricsViewProps {
    /// The totals so far.
    pub metrics: Metrics,
    /// Now, for the throughput.
    pub now: SimTime,
    /// The scenario, to explain a figure by its knobs.
    pub scenario: Scenario,
}

/// The write-behind queue capacity of the scenario (the first class's, if
/// selective), for explaining rejected writes.
fn queue_capacity(s: &Scenario) -> Option<u32> {
    match &s.policy {
        Policy::WriteBehind(wb) => Some(wb.queue_capacity),
        Policy::Selective(sel) => sel.classes.iter().find_map(|c| match &c.policy {
            Policy::WriteBehind(wb) => Some(wb.queue_capacity),
            _ => None,
        }),
        _ => None,
    }
}

/// Sentences that explain the surprising figures.
fn why(m: &Metrics, s: &Scenario) -> Vec<String> {
    let mut out = Vec::new();
    if m.writes_rejected > 0 {
        let cap = queue_capacity(s).map_or(String::new(), |c| format!(" (it holds {c} entries)"));
        out.push(format!(
            "{} write{} failed because the flush queue was full{cap} and back-pressure is “reject”: \
             the store could not keep up. Turning coalescing off makes every write a queue entry, so the queue fills sooner.",
            m.writes_rejected,
            if m.writes_rejected == 1 { "" } else { "s" }
        ));
    }
    let other = m.writes_failed - m.writes_rejected;
    if other > 0 || m.reads_failed > 0 {
        out.push(format!(
            "{other} write{} and {} read{} failed because the store was down or the cache node crashed while they were in flight.",
            if other == 1 { "" } else { "s" },
            m.reads_failed,
            if m.reads_failed == 1 { "" } else { "s" }
        ));
    }
    if m.writes_stored < m.writes_acked && m.store_writes > 0 && m.writes_stored > m.store_writes {
        out.push(format!(
            "The store wrote {} rows for {} client writes: coalescing merged repeated writes of a key before they were flushed.",
            m.store_writes, m.writes_stored
        ));
    }
    out
}

/// The metrics strip.
pub fn metrics_view(props: &MetricsViewProps) -> Html {
    let m = &props.metrics;
    let figures = [
        ("reads", m.reads.to_string(), "Reads answered so far."),
        (
            "hit ratio",
            format!("{}%", super::fixed(m.hit_ratio() * 100.0, 0)),
            "Reads the cache answered from memory, of all lookups.",
        ),
        ("stale reads", m.stale_reads.to_string(), "Hits that returned an older version than the store held."),
        ("writes acked", m.writes_acked.to_string(), "Writes the client was told succeeded."),
        (
            "store row writes",
            m.store_writes.to_string(),
            "Rows the store wrote: one per write-through write, one per flushed entry, one per log record replayed after a crash.",
        ),
        (
            "client writes per store row",
            m.coalescing_ratio_text(),
            "Client writes that reached the store, per row it wrote. Above 1 means coalescing saved store writes; writes lost or still queued are not counted.",
        ),
        ("writes lost", m.writes_lost.to_string(), "Acknowledged writes a crash (or a dropped flush) lost."),
        (
            "failed",
            (m.reads_failed + m.writes_failed).to_string(),
            "Requests that got an error: the store was down, the node crashed, or the queue was full.",
        ),
        (
            "throughput",
            format!("{} ops/s", super::fixed(m.throughput_per_s(props.now), 0)),
            "Requests answered per second of simulated time.",
        ),
        (
            "write p99",
            Micros(m.write_latency.summary().p99_us).human().to_string(),
            "99% of writes were acknowledged within this time.",
        ),
    ];
    let why = why(m, &props.scenario);
    html! {
        <section class="metrics" id="metrics" aria-label="Metrics">
            <dl>
                { for figures.into_iter().map(|(label, value, help)| html! {
                    <div class="figure" title={help}><dt>{ label }</dt><dd>{ value }</dd></div>
                }) }
            </dl>
            if !why.is_empty() {
                <ul class="why" id="metrics-why">
                    { for why.into_iter().map(|w| html! { <li>{ w }</li> }) }
                </ul>
            }
        </section>
    }
}
