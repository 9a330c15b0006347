//! The core's running totals, as a row of figures.

use dirtybit_sim::metrics::Metrics;
use yew::prelude::*;

/// Props of [`MetricsView`].
#[derive(Properties, PartialEq)]
pub struct MetricsViewProps {
    /// The totals so far.
    pub metrics: Metrics,
}

/// The metrics strip.
#[component]
pub fn MetricsView(props: &MetricsViewProps) -> Html {
    let m = &props.metrics;
    let figures = [
        ("reads", m.reads.to_string()),
        ("hit ratio", format!("{:.0}%", m.hit_ratio() * 100.0)),
        ("stale reads", m.stale_reads.to_string()),
        ("writes acked", m.writes_acked.to_string()),
        ("store writes", m.store_writes.to_string()),
        ("mean write latency", m.write_latency.mean().to_string()),
        ("mean read latency", m.read_latency.mean().to_string()),
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
