//! One key's tile, as the cache and the store panels both draw it: key,
//! value, version, and a state shown by colour and by a word.

use dirtybit_sim::Key;
use yew::prelude::*;

/// What one tile shows.
pub struct Tile {
    /// The key.
    pub key: Key,
    /// The value, or a dash when nothing is held.
    pub value: String,
    /// The version, or nothing.
    pub version: String,
    /// The state's word, also its CSS class and `data-state`.
    pub state: &'static str,
    /// Said after the state's word (a stale entry's age).
    pub note: Option<String>,
    /// The latest event touched this key.
    pub touched: bool,
}

/// Draws `t` as a list item keyed by its key.
pub fn entry_tile(t: Tile) -> Html {
    html! {
        <li key={t.key.0} class={classes!("entry", t.state, t.touched.then_some("touched"))}
            data-key={t.key.to_string()} data-state={t.state}>
            <span class="key">{ t.key.to_string() }</span>
            <span class="value">{ t.value }</span>
            <span class="version" title="the key's version: each write makes the next">{ t.version }</span>
            <span class="state" title={super::cache_view::STATES.iter().chain(super::store_view::STORE_STATES.iter()).find(|(s, _)| *s == t.state).map_or("", |(_, m)| *m)}>
                { t.state }
                // Not in capitals: "µs" would read "ΜS".
                if let Some(note) = t.note { <span class="note">{ format!(" {note}") }</span> }
            </span>
        </li>
    }
}
