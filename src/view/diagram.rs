//! The path a request takes: clients -> cache node -> (flush queue, log) ->
//! store, with what is in flight on each hop and the parts' health.

use dirtybit_sim::sim::{BehindTotals, InFlight};
use yew::prelude::*;

/// What [`diagram`] draws.
pub struct DiagramProps {
    /// In flight between the parts.
    pub in_flight: InFlight,
    /// Whether the cache node is up.
    pub cache_up: bool,
    /// Whether the store is down.
    pub store_down: bool,
    /// Flush queue and log totals, if write-behind.
    pub behind: Option<BehindTotals>,
    /// Requests the clients have sent so far.
    pub sent: u64,
    /// Entries the cache node holds, and its capacity.
    pub held: (usize, u32),
}

/// The path diagram.
pub fn diagram(props: &DiagramProps) -> Html {
    let f = props.in_flight;
    let arrow = |out: String, back: String, id: &'static str| {
        html! {
            <div class="hop" id={id}>
                <span>{ out }</span>
                <span class="hop-line" aria-hidden="true">{ "⇄" }</span>
                <span>{ back }</span>
            </div>
        }
    };
    html! {
        <div class="diagram" role="group" aria-label="The path of a request: messages in flight on each hop">
            <div class="node" id="node-clients">{ "Clients" }<span class="sub">{ format!("{} requests sent", props.sent) }</span></div>
            { arrow(format!("{} request{} →", f.to_cache, if f.to_cache == 1 { "" } else { "s" }),
                    format!("← {} answer{}", f.to_clients, if f.to_clients == 1 { "" } else { "s" }), "hop-client") }
            <div class={classes!("node", (!props.cache_up).then_some("down"))} id="node-cache">
                { "Cache node" }
                if !props.cache_up { <span class="badge">{ "DOWN" }</span> }
                <span class="sub" id="cache-held">{ format!("{} of {} entries held", props.held.0, props.held.1) }</span>
                if let Some(b) = props.behind { <span class="sub">{ format!("flush queue: {} entries", b.queued) }</span> }
                if let Some((appended, synced)) = props.behind.and_then(|b| b.log) {
                    <span class="sub">{ format!("log: {appended} records, {synced} fsynced") }</span>
                }
            </div>
            { arrow(format!("{} to the store →", f.to_store),
                    format!("← {} repl{}", f.from_store, if f.from_store == 1 { "y" } else { "ies" }), "hop-store") }
            <div class={classes!("node", props.store_down.then_some("down"))} id="node-store">
                { "Store" }
                if props.store_down { <span class="badge">{ "DOWN" }</span> }
                <span class="sub" title="the store's connection pool: operations beyond it wait">{ format!("{} of {} connections busy, {} waiting", f.store_busy, f.store_pool, f.store_waiting) }</span>
            </div>
        </div>
    }
}
