//! The page: the header, the controls, the path client -> cache -> store, the
//! metrics and the event log. Owns the play timer, so dropping the page stops it.

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::model::{Action, Playground};
use crate::presets;
use crate::view::{CacheView, Controls, EventLog, MetricsView, StoreView};

/// The whole playground.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        Playground::new(presets::default_scenario()).expect("the default preset is a valid scenario")
    });

    {
        let dispatcher = state.dispatcher();
        use_effect_with((state.playing, state.speed), move |&(playing, speed)| {
            let timer = playing.then(|| {
                let period_ms = 1_000 / speed.max(1);
                Interval::new(period_ms, move || dispatcher.dispatch(Action::Step))
            });
            move || drop(timer)
        });
    }

    let on_action = {
        let dispatcher = state.dispatcher();
        Callback::from(move |action: Action| dispatcher.dispatch(action))
    };

    let sim = &state.sim;
    let scenario = sim.scenario();
    let highlight = state.last_key();
    // Narrate a step for screen readers, but not every tick while playing.
    let narration = match (state.playing, state.log.back()) {
        (false, Some(event)) => event.kind.to_string(),
        (false, None) => "Paused at the start. Press Step to see the first event.".to_string(),
        (true, _) => String::new(),
    };
    let store_rows: Vec<_> = sim.store().rows().collect();

    html! {
        <main class="playground">
            <header class="masthead">
                <h1>{ "dirtybit" }</h1>
                <p class="subtitle">
                    { format!("{} · policy: {}", scenario.name, scenario.policy.name()) }
                </p>
            </header>
            <Controls
                playing={state.playing}
                done={sim.is_done()}
                speed={state.speed}
                on_action={on_action}
            />
            <p class="clock" id="clock">
                { format!("t = {} · step {}", sim.now(), sim.steps()) }
                if sim.is_done() { { " · the run is over" } }
            </p>
            <p class="narration" role="status" id="narration">{ narration }</p>
            <div class="path">
                <CacheView entries={sim.cache_entries()} highlight={highlight} />
                <div class="arrow" aria-hidden="true">{ "→" }</div>
                <StoreView rows={store_rows} highlight={highlight} />
            </div>
            <MetricsView metrics={sim.metrics().clone()} />
            <EventLog events={state.log.iter().rev().cloned().collect::<Vec<_>>()} />
        </main>
    }
}
