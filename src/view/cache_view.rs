//! The cache node's entries: key, value, version and state, the state shown
//! by colour and by a word, so it survives colour blindness.

use dirtybit_sim::sim::EntryView;
use dirtybit_sim::Key;
use yew::prelude::*;

/// Props of [`CacheView`].
#[derive(Properties, PartialEq)]
pub struct CacheViewProps {
    /// The entries, by key.
    pub entries: Vec<EntryView>,
    /// The key the latest event touched.
    pub highlight: Option<Key>,
}

/// The cache panel.
#[component]
pub fn CacheView(props: &CacheViewProps) -> Html {
    html! {
        <section class="panel cache" id="cache" aria-labelledby="cache-title">
            <h2 id="cache-title">{ "Cache" }</h2>
            if props.entries.is_empty() {
                <p class="empty">{ "Empty: nothing read or written yet." }</p>
            }
            <ul class="entries">
                { for props.entries.iter().map(|e| {
                    let touched = props.highlight == Some(e.key);
                    let value = e.held.map_or_else(|| "—".to_string(), |h| h.value.to_string());
                    let version = e.held.map_or_else(String::new, |h| h.version.to_string());
                    html! {
                        <li key={e.key.0} class={classes!("entry", e.state.label(), touched.then_some("touched"))}
                            data-key={e.key.to_string()} data-state={e.state.label()}>
                            <span class="key">{ e.key.to_string() }</span>
                            <span class="value">{ value }</span>
                            <span class="version">{ version }</span>
                            <span class="state">
                                { e.state.label() }
                                if let Some(age) = e.stale_for { { format!(" {age}") } }
                            </span>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
