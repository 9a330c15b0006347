//! Editing the scenario: load a preset, or edit every knob in the JSON
//! editor; a message names the field and the allowed range as you type, and
//! nothing is applied (or lost) until the text is valid and you apply it.

use dirtybit_sim::Scenario;
use yew::prelude::*;

use crate::model::Action;
use crate::presets::{preset, PRESETS};

/// Props of [`Editor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The scenario in force, as pretty JSON.
    pub json: String,
    /// Where the user's requests go.
    pub on_action: Callback<Action>,
}

/// Checks editor text: the scenario, or what is wrong with it.
pub fn check(text: &str) -> Result<Scenario, String> {
    let scenario: Scenario = serde_json::from_str(text).map_err(|e| e.to_string())?;
    scenario.validate().map_err(|e| e.to_string())?;
    Ok(scenario)
}

/// The scenario editor.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let text = use_state(|| props.json.clone());
    {
        // A newly loaded scenario replaces the text.
        let text = text.clone();
        use_effect_with(props.json.clone(), move |json| {
            text.set(json.clone());
        });
    }
    let checked = check(&text);
    let on_input = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
        })
    };
    let on_apply = {
        let cb = props.on_action.clone();
        let checked = checked.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(s) = &checked {
                cb.emit(Action::Load(Box::new(s.clone())));
            }
        })
    };
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
        <section class="panel editor" aria-labelledby="editor-title">
            <h2 id="editor-title">{ "Scenario" }</h2>
            <label>
                { "Preset " }
                <select id="preset" onchange={on_preset}>
                    <option value="" selected=true>{ "choose a preset…" }</option>
                    { for PRESETS.iter().map(|(id, _)| html! { <option value={*id}>{ *id }</option> }) }
                </select>
            </label>
            <label for="scenario-json" class="block">{ "Every knob, as JSON (see docs/scenario.md):" }</label>
            <textarea id="scenario-json" rows="14" spellcheck="false" value={(*text).clone()} oninput={on_input}
                      aria-invalid={checked.is_err().to_string()} aria-describedby="scenario-error" />
            <p id="scenario-error" class={classes!("field-error", checked.is_ok().then_some("ok"))} role="status">
                { match &checked { Ok(_) => "✓ valid scenario".to_string(), Err(e) => format!("✗ {e}") } }
            </p>
            <button id="apply" type="button" disabled={checked.is_err()} onclick={on_apply}>{ "Apply and restart" }</button>
        </section>
    }
}
