//! Play / Pause, Step, Reset and the speed slider: native controls only.

use yew::prelude::*;

use crate::model::{Action, SPEED_RANGE};

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// Whether the play timer runs.
    pub playing: bool,
    /// Whether the run is over (nothing to step).
    pub done: bool,
    /// Steps per second while playing.
    pub speed: u32,
    /// Where the user's requests go.
    pub on_action: Callback<Action>,
}

/// The transport controls.
#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let act = |action: Action| {
        let cb = props.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(action.clone()))
    };
    let toggle = if props.playing {
        act(Action::Pause)
    } else {
        act(Action::Play)
    };
    let on_speed = {
        let cb = props.on_action.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(speed) = input.value().parse() {
                cb.emit(Action::SetSpeed(speed));
            }
        })
    };
    html! {
        <div class="controls" role="group" aria-label="Simulation controls">
            <button id="play" type="button" aria-pressed={props.playing.to_string()}
                    disabled={props.done && !props.playing} onclick={toggle}>
                { if props.playing { "❚❚ Pause" } else { "▶ Play" } }
            </button>
            <button id="step" type="button" disabled={props.done} onclick={act(Action::Step)}>
                { "Step ›" }
            </button>
            <button id="reset" type="button" onclick={act(Action::Reset)}>{ "↺ Reset" }</button>
            <label class="speed">
                { "Speed " }
                <input id="speed" type="range"
                       min={SPEED_RANGE.0.to_string()} max={SPEED_RANGE.1.to_string()}
                       value={props.speed.to_string()} oninput={on_speed} />
                <output for="speed">{ format!("{} steps/s", props.speed) }</output>
            </label>
        </div>
    }
}
