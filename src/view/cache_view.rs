//! The cache node's entries: key, value, version and state, the state shown
//! by colour and by a word, so it survives colour blindness. A big cache is
//! drawn as a dense grid.

use dirtybit_sim::sim::EntryView;
use dirtybit_sim::Key;
use yew::prelude::*;

use super::dense_grid::{Cell, DenseGrid, DENSE_FROM};
use super::entry_tile::{entry_tile, Tile};

/// Each state of an entry, with what it means, in legend order.
pub const STATES: [(&str, &str); 8] = [
    ("clean", "the same version as the store"),
    (
        "dirty",
        "written here, not yet in the store: a crash now loses it unless a log kept it",
    ),
    ("flushing", "on its way to the store in a flush"),
    ("writing", "a write of it is in flight"),
    ("loading", "a read is loading it from the store"),
    (
        "stale",
        "an older version than the store's: a read of it is stale",
    ),
    ("expired", "its TTL ran out; the next read misses"),
    ("lost", "a crash lost its acknowledged write"),
];

/// What [`cache_view`] draws.
pub struct CacheViewProps {
    /// The entries, by key.
    pub entries: Vec<EntryView>,
    /// How many keys the workload has (a dense grid from [`DENSE_FROM`] on).
    pub keys: u32,
    /// The key the latest event touched.
    pub highlight: Option<Key>,
    /// False while the node is down after a crash.
    pub up: bool,
}

/// The cache panel.
pub fn cache_view(props: &CacheViewProps) -> Html {
    let dense = props.keys >= DENSE_FROM;
    html! {
        <section class="panel cache" id="cache" aria-labelledby="cache-title">
            <h2 id="cache-title">{ "Cache" }</h2>
            if props.entries.is_empty() {
                <p class="empty">{
                    if props.up { "Empty: nothing cached yet." } else { "Empty: the node crashed and lost its memory." }
                }</p>
            }
            if dense {
                <DenseGrid id="cache" keys={props.keys} highlight={props.highlight}
                    legend={STATES.to_vec()}
                    cells={props.entries.iter().map(|e| Cell {
                        key: e.key, state: e.state.label(), held: e.held, store_version: Some(e.store_version),
                    }).collect::<Vec<_>>()} />
            } else {
                <ul class="entries">
                    { for props.entries.iter().map(|e| entry_tile(Tile {
                        key: e.key,
                        value: e.held.map_or_else(|| "—".to_string(), |h| h.value.to_string()),
                        version: e.held.map_or_else(String::new, |h| h.version.to_string()),
                        state: e.state.label(),
                        note: e.stale_for.map(|age| format!("for {age}")),
                        touched: props.highlight == Some(e.key),
                    })) }
                </ul>
                if !props.entries.is_empty() {
                    <p class="legend">{ "Each tile: key, value, version (v1, v2, …: each write makes the next) and state. Hover a state for its meaning." }</p>
                }
            }
        </section>
    }
}
