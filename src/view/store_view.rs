//! The store's rows: key, value, version. A big store is drawn as a dense
//! grid.

use dirtybit_sim::{Key, Versioned};
use yew::prelude::*;

use super::dense_grid::{Cell, DenseGrid, DENSE_FROM};
use super::entry_tile::{entry_tile, Tile};

/// The store's row states and what each means.
pub const STORE_STATES: [(&str, &str); 3] = [
    ("durable", "committed: survives a crash of the cache node"),
    ("volatile", "committed, but only in a cache below the store"),
    ("replicating", "committed, not yet flushed on the standby"),
];

/// What [`store_view`] draws.
pub struct StoreViewProps {
    /// The rows, by key.
    pub rows: Vec<(Key, Versioned)>,
    /// How many keys the workload has (a dense grid from [`DENSE_FROM`] on).
    pub keys: u32,
    /// The key the latest event touched.
    pub highlight: Option<Key>,
    /// Keys whose newest row is not yet safe from a power cut (layers below
    /// the store only).
    pub volatile: Vec<Key>,
    /// Keys whose newest row the store's standby has not flushed yet (a
    /// standby only).
    pub unreplicated: Vec<Key>,
}

/// The store panel.
pub fn store_view(props: &StoreViewProps) -> Html {
    let state = |key: Key| {
        if props.volatile.binary_search(&key).is_ok() {
            "volatile"
        } else if props.unreplicated.binary_search(&key).is_ok() {
            "replicating"
        } else {
            "durable"
        }
    };
    html! {
        <section class="panel store" id="store" aria-labelledby="store-title">
            <h2 id="store-title">{ "Store" }</h2>
            if props.rows.is_empty() {
                <p class="empty">{ "Empty: no write has reached it yet." }</p>
            }
            if props.keys >= DENSE_FROM {
                <DenseGrid id="store" keys={props.keys} highlight={props.highlight}
                    legend={STORE_STATES.to_vec()}
                    cells={props.rows.iter().map(|(key, row)| Cell {
                        key: *key, state: state(*key), held: Some(*row), store_version: None,
                    }).collect::<Vec<_>>()} />
            } else {
                <ul class="entries">
                    { for props.rows.iter().map(|(key, row)| entry_tile(Tile {
                        key: *key,
                        value: row.value.to_string(),
                        version: row.version.to_string(),
                        state: state(*key),
                        note: None,
                        touched: props.highlight == Some(*key),
                    })) }
                </ul>
            }
        </section>
    }
}
