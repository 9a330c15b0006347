//! The cache node's entries: key, value, version and state, the state shown
//! by colour and by a word, so it survives colour blindness.

use dirtybit_sim::sim::EntryView;
use dirtybit_sim::Key;
use yew::prelude::*;

use super::entry_tile::{entry_tile, Tile};

/// Props of [`CacheView`].
#[derive(Properties, PartialEq)]
pub struct CacheViewProps {
    /// The entries, by key.
    pub entries: Vec<EntryView>,
    /// The key the latest event touched.
    pub highlight: Option<Key>,
    /// False while the node is down after a crash.
    pub up: bool,
}

/// The cache panel.
#[component]
pub fn CacheView(props: &CacheViewProps) -> Html {
    html! {
        <section class="panel cache" id="cache" aria-labelledby="cache-title">
            <h2 id="cache-title">{ "Cache" }</h2>
            if props.entries.is_empty() {
                <p class="empty">{
                    if props.up { "Empty: nothing cached yet." } else { "Empty: the node crashed and lost its memory." }
                }</p>
            }
            <ul class="entries">
                { for props.entries.iter().map(|e| entry_tile(Tile {
                    key: e.key,
                    value: e.held.map_or_else(|| "—".to_string(), |h| h.value.to_string()),
                    version: e.held.map_or_else(String::new, |h| h.version.to_string()),
                    state: e.state.label(),
                    note: e.stale_for.map(|age| age.to_string()),
                    touched: props.highlight == Some(e.key),
                })) }
            </ul>
        </section>
    }
}
