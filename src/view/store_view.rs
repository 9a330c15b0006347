//! The store's rows: key, value, version.

use dirtybit_sim::{Key, Versioned};
use yew::prelude::*;

/// Props of [`StoreView`].
#[derive(Properties, PartialEq)]
pub struct StoreViewProps {
    /// The rows, by key.
    pub rows: Vec<(Key, Versioned)>,
    /// The key the latest event touched.
    pub highlight: Option<Key>,
}

/// The store panel.
#[component]
pub fn StoreView(props: &StoreViewProps) -> Html {
    html! {
        <section class="panel store" id="store" aria-labelledby="store-title">
            <h2 id="store-title">{ "Store" }</h2>
            if props.rows.is_empty() {
                <p class="empty">{ "Empty: no write has reached it yet." }</p>
            }
            <ul class="entries">
                { for props.rows.iter().map(|(key, row)| {
                    let touched = props.highlight == Some(*key);
                    html! {
                        <li key={key.0} class={classes!("entry", "durable", touched.then_some("touched"))}
                            data-key={key.to_string()}>
                            <span class="key">{ key.to_string() }</span>
                            <span class="value">{ row.value.to_string() }</span>
                            <span class="version">{ row.version.to_string() }</span>
                            <span class="state">{ "durable" }</span>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
