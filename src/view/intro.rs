//! The top of the page: what the playground is, what to try first, the
//! scenario in force (and a picker for another), and the keyboard shortcuts,
//! shown, not only announced.

use yew::prelude::*;

use crate::model::Action;
use crate::presets::{preset, PRESETS};

/// What [`intro`] draws.
pub struct IntroProps {
    /// The preset the scenario in force is, if it is one unchanged.
    pub preset: Option<&'static str>,
    /// The scenario's name.
    pub name: String,
    /// The policy's name.
    pub policy: String,
    /// Shorter, for a course page's iframe.
    pub embed: bool,
    /// Where the user's requests go.
    pub on_action: Callback<Action>,
}

/// The header with the scenario picker.
pub fn intro(props: &IntroProps) -> Html {
    let on_preset = {
        let cb = props.on_action.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(s) = preset(&select.value()) {
                cb.emit(Action::Load(Box::new(s)));
            }
        })
    };
    html! {
        <header class="masthead">
            <div class="title-row">
                <h1>{ "dirtybit" }</h1>
                <p class="tagline">{ "how caches handle writes, one event at a time" }</p>
            </div>
            if !props.embed {
                <p class="intro" id="intro">
                    { "A simulator of a cache in front of a store. Each step is one event: see which entries are dirty, \
                       which acknowledged writes are not yet durable (and would be lost in a crash now), and which reads are stale." }
                    <br />
                    <strong>{ "Try: " }</strong>
                    { "press Step a few times, then “Crash the cache now”; then pick write-behind-ehcache2 below and do the same (its queue is lost), then write-behind-hazelcast (its backup member keeps it)." }
                </p>
            }
            <div class="scenario-pick">
                <label>
                    { "Scenario " }
                    <select id="preset" onchange={on_preset}>
                        if props.preset.is_none() {
                            <option value="" selected=true>{ "your own (edited)" }</option>
                        }
                        { for PRESETS.iter().map(|(id, _)| html! {
                            <option value={*id} selected={props.preset == Some(*id)}>{ *id }</option>
                        }) }
                    </select>
                </label>
                <span class="subtitle" id="scenario-name">{ format!("{} · policy: {}", props.name, props.policy) }</span>
            </div>
            <p class="shortcuts" id="shortcuts">
                { "Keys, while the simulator has focus (click it or Tab into it): " }
                <kbd>{ "Space" }</kbd>{ " play / pause · " }
                <kbd>{ "→" }</kbd>{ " step · " }
                <kbd>{ "←" }</kbd>{ " step back · " }
                <kbd>{ "R" }</kbd>{ " reset" }
            </p>
        </header>
    }
}
