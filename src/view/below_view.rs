//! The layers below the store (when the scenario has them): the dirty pages
//! in the OS page cache, the blocks in the device's write cache, how many
//! keys are on the medium, which crash takes each layer, and how many
//! acknowledged writes sit in each. Writes move down as the run goes.

use dirtybit_sim::sim::BelowView;
use dirtybit_sim::storage::{SyncMode, WriteCache};
use dirtybit_sim::{Key, Versioned};
use yew::prelude::*;

/// How many writes a layer lists before it says how many more.
const LISTED: usize = 24;

/// The writes in a layer, as chips (the first [`LISTED`]).
pub(super) fn chips(list: &[(Key, Versioned)]) -> Html {
    html! {
        <>
            <ul class="chips">
                { for list.iter().take(LISTED).map(|(k, v)| html! {
                    <li data-key={k.to_string()}>{ format!("{k} = {v}") }</li>
                }) }
            </ul>
            if list.len() > LISTED { <p class="more">{ format!("and {} more", list.len() - LISTED) }</p> }
        </>
    }
}

/// One volatile layer: its name, which crash takes it, the writes in it,
/// and how many acknowledged writes are only there.
fn layer(
    id: &'static str,
    name: &'static str,
    fate: &'static str,
    list: &[(Key, Versioned)],
    risk: usize,
) -> Html {
    html! {
        <li class="layer" id={id}>
            <strong>{ name }</strong>
            <span class="fate">{ fate }</span>
            { chips(list) }
            { at_risk(risk) }
        </li>
    }
}

fn at_risk(n: usize) -> Html {
    html! {
        if n > 0 {
            <p class="risk">{ format!("{n} acknowledged {} only here", if n == 1 { "write" } else { "writes" }) }</p>
        }
    }
}

/// The layers panel, drawn from the core's view of them (a plain function:
/// it holds no state, so it needs no component of its own).
pub fn below_panel(v: &BelowView) -> Html {
    let (cache, fate) = match v.write_cache {
        WriteCache::None => ("none", "the device has no write cache"),
        WriteCache::Volatile => ("volatile", "lost by a power cut"),
        WriteCache::Lying => ("volatile, and it lies about flushes", "lost by a power cut"),
        WriteCache::Backed => ("battery-backed", "kept through a power cut"),
    };
    html! {
        <section class="panel below" id="below" aria-labelledby="below-title">
            <h2 id="below-title">{ "Below the store" }</h2>
            <p class="legend">{ format!("Commits sync with {}; the device's write cache: {cache}. ", v.sync.name()) }
                { format!("{} blocks written, {} cache flushes.", v.device_work.0, v.device_work.1) }</p>
            <ol class="layers">
                if v.sync == SyncMode::LogBuffer {
                    { layer("layer-process", "Store's log buffer", "lost by any crash of the store; flushed periodically", &v.process, v.at_risk[0]) }
                }
                { layer("layer-page", "OS page cache", "lost by an OS crash or a power cut", &v.page, v.at_risk[1]) }
                { layer("layer-device", "Device write cache", fate, &v.device, v.at_risk[2]) }
                <li class="layer" id="layer-medium">
                    <strong>{ "Medium" }</strong>
                    <span class="fate">{ "survives every crash" }</span>
                    <p>{ format!("{} keys' newest content", v.medium) }</p>
                </li>
            </ol>
        </section>
    }
}
