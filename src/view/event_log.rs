//! The event log: one sentence per event, newest first, stale reads flagged.

use dirtybit_sim::Event;
use yew::prelude::*;

/// Props of [`EventLog`].
#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    /// The events to show, newest first.
    pub events: Vec<Event>,
}

/// The log panel.
#[component]
pub fn EventLog(props: &EventLogProps) -> Html {
    html! {
        <section class="panel log" aria-labelledby="log-title">
            <h2 id="log-title">{ "Event log" }</h2>
            <ol id="event-log" role="log">
                { for props.events.iter().map(|e| {
                    let stale = e.kind.is_stale_read();
                    html! {
                        <li key={e.seq} class={classes!(stale.then_some("stale"))} data-seq={e.seq.to_string()}>
                            <span class="at">{ e.at.to_string() }</span>
                            if stale { <span class="tag">{ "STALE" }</span> }
                            <span class="text">{ e.kind.to_string() }</span>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
