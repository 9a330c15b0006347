//! The path a request takes: clients -> cache node -> (flush queue, log) ->
//! store, with what is in flight on each hop and the parts' health.

use dirtybit_sim::sim::InFlight;
use yew::prelude::*;

/// Props of [`Diagram`].
#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    /// In flight between the parts.
    pub in_flight: InFlight,
    /// Whether the cache node is up.
    pub cache_up: bool,
    /// Whether the store is down.
    pub store_down: bool,
    /// Entries waiting in flush queues, if write-behind.
    pub queued: Option<usize>,
    /// Log records, if there is a log: (appended, fsynced).
    pub log: Option<(usize, usize)>,
    /// Requests the clients have sent so far.
    pub sent: u64,
}

/// The path diagram.
#[component]
pub fn Diagram(props: &DiagramProps) -> Html {
    let f = props.in_flight;
    let arrow = |label: String, id: &'static str| {
        html! { <div class="hop" id={id}><span class="hop-line" aria-hidden="true">{ "⟶" }</span><span>{ label }</span></div> }
    };
    html! {
        <div class="diagram" aria-label="The path of a request">
            <div class="node" id="node-clients">{ "Clients" }<span class="sub">{ format!("{} requests sent", props.sent) }</span></div>
            { arrow(format!("{} → · {} ←", f.to_cache, f.to_clients), "hop-client") }
            <div class={classes!("node", (!props.cache_up).then_some("down"))} id="node-cache">
                { "Cache node" }
                if !props.cache_up { <span class="badge">{ "DOWN" }</span> }
                if let Some(q) = props.queued { <span class="sub">{ format!("queue: {q}") }</span> }
                if let Some((appended, synced)) = props.log {
                    <span class="sub">{ format!("log: {appended} appended, {synced} fsynced") }</span>
                }
            </div>
            { arrow(format!("{} → · {} ←", f.to_store, f.from_store), "hop-store") }
            <div class={classes!("node", props.store_down.then_some("down"))} id="node-store">
                { "Store" }
                if props.store_down { <span class="badge">{ "DOWN" }</span> }
                <span class="sub">{ format!("pool {}/{} busy, {} waiting", f.store_busy, f.store_pool, f.store_waiting) }</span>
            </div>
        </div>
    }
}
