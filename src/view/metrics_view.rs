//! The core's running totals, as a row of figures.

use dirtybit_sim::metrics::Metrics;
use dirtybit_sim::time::{Micros, SimTime};
use yew::prelude::*;

/// Props of [`MetricsView`].
#[derive(Properties, PartialEq)]
pub struct MetricsViewProps {
    /// The totals so far.
    pub metrics: Metrics,
    /// Now, for the throughput.
    pub now: SimTime,
}

/// The metrics strip.
#[component]
pub fn MetricsView(props: &MetricsViewProps) -> Html {
    let m = &props.metrics;
    let figures = [
        ("reads", m.reads.to_string()),
        (
            "hit ratio",
            format!("{}%", super::fixed(m.hit_ratio() * 100.0, 0)),
        ),
        ("stale reads", m.stale_reads.to_string()),
        ("writes acked", m.writes_acked.to_string()),
        ("store row writes", m.store_writes.to_string()),
        ("client writes / store row", super::fixed(m.coalescing_ratio(), 2)),
        ("writes lost", m.writes_lost.to_string()),
        ("failed", (m.reads_failed + m.writes_failed).to_string()),
        (
            "throughput",
            format!("{}/s", super::fixed(m.throughput_per_s(props.now), 0)),
        ),
        ("write p99", Micros(m.write_latency.summary().p99_us).to_string()),
    ];
    html! {
        <section class="metrics" id="metrics" aria-label="Metrics">
            <dl>
                { for figures.into_iter().map(|(label, value)| html! {
                    <div class="figure"><dt>{ label }</dt><dd>{ value }</dd></div>
                }) }
            </dl>
        </section>
    }
}
