//! Side by side, in the lesson column: the policies compared (pick 2 to 4),
//! the instant they have all reached, controls that move them together in
//! virtual time and crash them all at once, and the table of differences.
//! Part of the teaching module; the runs are [`dirtybit_sim::compare::Compare`]'s.

use dirtybit_sim::time::SimTime;
use yew::prelude::*;

use dirtybit_sim::compare::{CrashAll, VARIANTS};

/// What the panel asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompareAsk {
    /// All runs to the next instant any has an event.
    Step,
    /// All runs this many µs further.
    Run(u64),
    /// All runs to the end.
    End,
    /// Crash all of them now: the cache node, the store's power, or the primary.
    Crash(CrashAll),
    /// Open column `i` alone in the playground.
    Open(usize),
    /// Compare these policies instead (their ids, comma-separated).
    Pick(String),
    /// Save the table as CSV.
    Csv,
    /// Close the panel.
    Close,
}

/// Props of [`ComparePanel`].
#[derive(Properties, PartialEq)]
pub struct ComparePanelProps {
    /// The columns' ids and headings.
    pub columns: Vec<(&'static str, &'static str)>,
    /// The table: a row per figure, a cell per column.
    pub rows: Vec<(&'static str, Vec<String>)>,
    /// The instant all runs have reached.
    pub t: SimTime,
    /// The crash's instant, if they crashed.
    pub crash: Option<SimTime>,
    /// What crashed then.
    pub crash_kind: CrashAll,
    /// True when every run is over.
    pub done: bool,
    /// Where the panel's requests go.
    pub on_ask: Callback<CompareAsk>,
}

/// How far Play moves every run at each tick, and how often it ticks.
const PLAY_STEP_US: u64 = 5_000;
const PLAY_EVERY_MS: u32 = 100;

/// The side-by-side panel.
#[component]
pub fn ComparePanel(props: &ComparePanelProps) -> Html {
    let ask = |a: CompareAsk| props.on_ask.reform(move |_: MouseEvent| a.clone());
    // What "Crash all now" does; the crash made says what it was.
    let kind = use_state(|| props.crash_kind);
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(k) = CrashAll::parse(&select.value()) {
                kind.set(k);
            }
        })
    };
    // Play: all runs 5 ms further every 100 ms, until they are over.
    let playing = use_state(|| false);
    {
        let on_ask = props.on_ask.clone();
        let run = *playing && !props.done;
        use_effect_with(run, move |&run| {
            let timer = run.then(|| {
                gloo_timers::callback::Interval::new(PLAY_EVERY_MS, move || {
                    on_ask.emit(CompareAsk::Run(PLAY_STEP_US))
                })
            });
            move || drop(timer)
        });
    }
    let toggle = {
        let playing = playing.clone();
        Callback::from(move |_: MouseEvent| playing.set(!*playing))
    };
    let ids: Vec<&str> = props.columns.iter().map(|(id, _)| *id).collect();
    html! {
        <section class="lesson compare" id="compare" aria-labelledby="compare-title">
            <p class="lesson-kicker">{ "Side by side" }</p>
            <h2 id="compare-title">{ "One workload, one seed, several policies or products" }</h2>
            <fieldset class="share-hide" id="compare-picks">
                <legend>{ "Compare (2 to 4)" }</legend>
                { for VARIANTS.iter().map(|v| {
                    let on = ids.contains(&v.id);
                    let next: Vec<&str> = if on {
                        ids.iter().copied().filter(|i| *i != v.id).collect()
                    } else {
                        ids.iter().copied().chain(std::iter::once(v.id)).collect()
                    };
                    let allowed = (2..=4).contains(&next.len());
                    let pick = next.join(",");
                    let onchange = props.on_ask.reform(move |_: Event| CompareAsk::Pick(pick.clone()));
                    html! {
                        <label><input type="checkbox" id={format!("compare-{}", v.id)} checked={on} disabled={!allowed} {onchange} />
                            { format!(" {}", v.label) }</label>
                    }
                }) }
            </fieldset>
            <p id="compare-clock">
                { format!("All at t = {}{}{}", props.t.human(),
                          props.crash.map(|c| format!(" · crashed at t = {} ({})", c.human(), props.crash_kind.label())).unwrap_or_default(),
                          if props.done { " · every run is over" } else { "" }) }
            </p>
            <div class="lesson-nav">
                <button type="button" id="compare-play" aria-pressed={(*playing && !props.done).to_string()} onclick={toggle}
                        disabled={props.done}>{ if *playing && !props.done { "Pause" } else { "Play all" } }</button>
                <button type="button" id="compare-step" onclick={ask(CompareAsk::Step)} disabled={props.done}>{ "Step all" }</button>
                <button type="button" id="compare-run" onclick={ask(CompareAsk::Run(100_000))} disabled={props.done}>{ "+100 ms" }</button>
                <button type="button" id="compare-end" onclick={ask(CompareAsk::End)} disabled={props.done}>{ "To the end" }</button>
                <label>{ "In every column: " }
                    <select id="compare-crash-kind" onchange={on_kind} disabled={props.crash.is_some()}>
                        { for CrashAll::ALL.iter().map(|k| html! {
                            <option value={k.id()} selected={*k == *kind}>{ k.label() }</option>
                        }) }
                    </select>
                </label>
                <button type="button" id="compare-crash" class="danger" onclick={ask(CompareAsk::Crash(*kind))} disabled={props.crash.is_some()}>
                    { "⚠ Crash all now" }
                </button>
            </div>
            <table class="calc-table compare-table" id="compare-table">
                <thead>
                    <tr>
                        <th scope="col">{ "figure" }</th>
                        { for props.columns.iter().map(|(_, label)| html! { <th scope="col">{ *label }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for props.rows.iter().map(|(label, cells)| html! {
                        <tr><th scope="row">{ *label }</th>{ for cells.iter().map(|c| html! { <td>{ c.clone() }</td> }) }</tr>
                    }) }
                    <tr>
                        <th scope="row">{ "open alone" }</th>
                        { for (0..props.columns.len()).map(|i| html! {
                            <td><button type="button" class="link" id={format!("compare-open-{i}")} onclick={ask(CompareAsk::Open(i))}>{ "Open" }</button></td>
                        }) }
                    </tr>
                </tbody>
            </table>
            <div class="lesson-nav">
                <button type="button" id="compare-csv" onclick={ask(CompareAsk::Csv)}>{ "Save CSV" }</button>
                <button type="button" id="compare-close" onclick={ask(CompareAsk::Close)}>{ "Close" }</button>
            </div>
        </section>
    }
}
