//! The transport: Play / Pause, Step back, Step, Run to end, Reset, the
//! speed slider and, while running to the end, a progress bar. Native
//! controls only.

use yew::prelude::*;

use crate::model::{Action, SPEED_RANGE};

/// What [`controls`] draws.
pub struct ControlsProps {
    /// Whether the play timer runs.
    pub playing: bool,
    /// Whether a run to the end is under way.
    pub running: bool,
    /// Whether the run is over (nothing to step).
    pub done: bool,
    /// Whether there is a step to go back to.
    pub can_step_back: bool,
    /// Steps per second while playing.
    pub speed: u32,
    /// How far the workload has come, 0..=1.
    pub progress: f64,
    /// Where the user's requests go.
    pub on_action: Callback<Action>,
}

/// The transport controls.
pub fn controls(props: &ControlsProps) -> Html {
    let act = |action: Action| {
        let cb = props.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(action.clone()))
    };
    let busy = props.playing || props.running;
    let toggle = if busy {
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
            <button id="play" type="button" aria-pressed={busy.to_string()}
                    disabled={props.done && !busy} onclick={toggle}>
                { if busy { "❚❚ Pause" } else { "▶ Play" } }
            </button>
            <button id="step-back" type="button" disabled={!props.can_step_back} onclick={act(Action::StepBack)}>
                { "‹ Back" }
            </button>
            <button id="step" type="button" disabled={props.done} onclick={act(Action::Step)}>{ "Step ›" }</button>
            <button id="run-to-end" type="button" disabled={props.done || props.running} onclick={act(Action::RunToEnd)}>
                { "Run to end »" }
            </button>
            <button id="reset" type="button" onclick={act(Action::Reset)}>{ "↺ Reset" }</button>
            <label class="speed">
                { "Speed " }
                <input id="speed" type="range"
                       min={SPEED_RANGE.0.to_string()} max={SPEED_RANGE.1.to_string()}
                       value={props.speed.to_string()} oninput={on_speed} />
                <output for="speed">{ format!("{} steps/s", props.speed) }</output>
            </label>
            if props.running {
                <progress id="progress" max="100" value={super::fixed(props.progress * 100.0, 0)}
                          aria-label="Run to end">{ format!("{}%", super::fixed(props.progress * 100.0, 0)) }</progress>
            }
        </div>
    }
}
