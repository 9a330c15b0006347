//! The page: the header, the controls, the loss window, the path diagram,
//! the cache, queue and store panels, inputs by hand, charts, the event log
//! and the scenario editor. Owns the timers (play, run-to-end slices), so
//! dropping the page stops them; keeps the address in step with the run.

use gloo_timers::callback::{Interval, Timeout};
use yew::prelude::*;

use crate::model::{Action, Playground};
use crate::presets;
use crate::url::{self, Shared};
use crate::view::{
    CacheView, Charts, Controls, Diagram, Editor, EventLog, InputsView, Knobs, LossView, MetricsView,
    QueueView, StoreView,
};

/// Where the page starts: the shared state in the hash, else the preset in
/// the query, else the default; a bad link shows a message over the default.
fn initial() -> Playground {
    let location = web_sys::window().map(|w| w.location());
    let search = location
        .as_ref()
        .and_then(|l| l.search().ok())
        .unwrap_or_default();
    let hash = location.as_ref().and_then(|l| l.hash().ok()).unwrap_or_default();
    let query = url::parse_query(&search);
    let mut notice = None;
    let start = match query.preset.as_deref() {
        None => presets::default_scenario(),
        Some(id) => presets::preset(id).unwrap_or_else(|| {
            let known: Vec<&str> = presets::PRESETS.iter().map(|(id, _)| *id).collect();
            notice = Some(format!(
                "There is no preset called \"{id}\"; the presets are {}.",
                known.join(", ")
            ));
            presets::default_scenario()
        }),
    };
    let mut p = match url::from_hash(&hash) {
        Ok(Some(shared)) => {
            Playground::replay(shared.scenario, shared.inputs, shared.step).unwrap_or_else(|e| {
                Playground::new(start.clone())
                    .map(|mut p| {
                        p.notice = Some(format!("This link's scenario is invalid: {e}."));
                        p
                    })
                    .unwrap_or_else(|e| panic!("a preset is invalid: {e}"))
            })
        }
        Ok(None) => Playground::new(start).unwrap_or_else(|e| panic!("a preset is invalid: {e}")),
        Err(message) => {
            notice = Some(message);
            Playground::new(start).unwrap_or_else(|e| panic!("a preset is invalid: {e}"))
        }
    };
    if notice.is_some() {
        p.notice = notice;
    }
    p
}

fn embedded() -> bool {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    url::parse_query(&search).embed
}

/// Writes the shared state into the address bar without a new history entry.
fn write_hash(p: &Playground) {
    let shared = Shared {
        scenario: p.scenario.clone(),
        inputs: p.inputs.clone(),
        step: p.sim.steps(),
    };
    let hash = url::to_hash(&shared);
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash));
    }
}

/// The whole playground.
#[component]
pub fn App() -> Html {
    let state = use_reducer(initial);
    let embed = use_memo((), |_| embedded());
    // The editor's text changes only with the scenario, not with each step.
    let json = use_memo(state.scenario.clone(), |s| {
        crate::view::pretty(&serde_json::to_string(s).unwrap_or_default())
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
    {
        // Run to the end one slice per task, so the page keeps painting.
        let dispatcher = state.dispatcher();
        use_effect_with((state.running, state.sim.steps()), move |&(running, _)| {
            let timer = running.then(|| Timeout::new(0, move || dispatcher.dispatch(Action::RunSlice)));
            move || drop(timer)
        });
    }
    {
        let state = state.clone();
        use_effect_with(
            (state.sim.steps(), state.inputs.len(), state.running),
            move |_| {
                if !state.running {
                    write_hash(&state);
                }
            },
        );
    }

    let on_action = {
        let dispatcher = state.dispatcher();
        Callback::from(move |action: Action| dispatcher.dispatch(action))
    };
    let on_key = {
        let on_action = on_action.clone();
        let state = state.clone();
        Callback::from(move |e: KeyboardEvent| {
            let tag = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .map(|el| el.tag_name())
                .unwrap_or_default();
            if matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || e.ctrl_key()
                || e.meta_key()
                || e.alt_key()
            {
                return;
            }
            let action = match e.key().as_str() {
                " " => Some(if state.playing || state.running {
                    Action::Pause
                } else {
                    Action::Play
                }),
                "ArrowRight" => Some(Action::Step),
                "ArrowLeft" => Some(Action::StepBack),
                "r" | "R" => Some(Action::Reset),
                _ => None,
            };
            if let Some(a) = action {
                e.prevent_default();
                on_action.emit(a);
            }
        })
    };
    let dismiss = {
        let on_action = on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::Dismiss))
    };

    let p: &Playground = &state;
    let sim = &p.sim;
    let scenario = sim.scenario();
    let highlight = p.last_key();
    let busy = p.playing || p.running;
    let narration = match (busy, p.log.back()) {
        (false, Some(event)) => event.kind.to_string(),
        (false, None) => {
            "Paused at the start. Press Step (or the right arrow) to see the first event.".to_string()
        }
        (true, _) => String::new(),
    };
    let queues = sim.flush_queues();
    let lost: Vec<_> = sim
        .ledger()
        .lost()
        .take(crate::view::LOSS_LIST_SHOWN)
        .copied()
        .collect();
    let events: Vec<_> = p
        .log
        .iter()
        .rev()
        .filter(|e| p.filter.accepts(e))
        .cloned()
        .collect();

    html! {
        <main class={classes!("playground", embed.then_some("embed"))} tabindex="0" onkeydown={on_key}
              aria-label="dirtybit simulator: Space plays or pauses, arrows step, R resets">
            <header class="masthead">
                <h1>{ "dirtybit" }</h1>
                <p class="subtitle">{ format!("{} · policy: {}", scenario.name, scenario.policy.name()) }</p>
            </header>
            if let Some(text) = &p.notice {
                <div class="notice" id="notice" role="alert">
                    <span>{ text.clone() }</span>
                    <button type="button" onclick={dismiss}>{ "Dismiss" }</button>
                </div>
            }
            <Controls playing={p.playing} running={p.running} done={sim.is_done()}
                      can_step_back={sim.steps() > 0} speed={p.speed} progress={sim.progress()}
                      on_action={on_action.clone()} />
            <p class="clock" id="clock">
                { format!("t = {} · step {}", sim.now(), sim.steps()) }
                if sim.is_done() { { " · the run is over" } }
            </p>
            <p class="narration" role="status" id="narration">{ narration }</p>
            <LossView window={sim.loss_window()} lost={lost} lost_total={sim.ledger().counts().lost} />
            <Diagram in_flight={sim.in_flight()} cache_up={sim.cache_up()} store_down={sim.store().is_down()}
                     behind={sim.behind_totals()} sent={sim.metrics().ops_sent} held={sim.cache_held()} />
            <div class={classes!("path", (!queues.is_empty()).then_some("with-queue"))}>
                <CacheView entries={sim.cache_entries()} highlight={highlight} up={sim.cache_up()} />
                if !queues.is_empty() { <QueueView queues={queues.clone()} now={sim.now()} /> }
                <StoreView rows={sim.store().rows().collect::<Vec<_>>()} highlight={highlight} />
            </div>
            <InputsView keys={scenario.workload.keys} store_down={sim.store().is_down()} cache_up={sim.cache_up()}
                        on_action={on_action.clone()} />
            <MetricsView metrics={sim.metrics().clone()} now={sim.now()} />
            <Charts series={sim.series().points().to_vec()} reads={sim.metrics().read_latency.summary()}
                    writes={sim.metrics().write_latency.summary()} />
            <EventLog events={events} filter={p.filter} on_action={on_action.clone()} />
            if !*embed {
                <Knobs scenario={p.scenario.clone()} on_action={on_action.clone()} />
                <Editor json={(*json).clone()} on_action={on_action} />
            }
        </main>
    }
}
