//! The event log: one sentence per event, newest first, filterable by kind;
//! stale reads flagged; a click on an event goes back (or forward) to right
//! after it.

use dirtybit_sim::Event;
use yew::prelude::*;

use crate::model::{Action, LogFilter};

/// Props of [`EventLog`].
#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    /// The events shown, newest first (already filtered).
    pub events: Vec<Event>,
    /// The filter in force.
    pub filter: LogFilter,
    /// Where the user's requests go.
    pub on_action: Callback<Action>,
}

/// The log panel.
#[component]
pub fn EventLog(props: &EventLogProps) -> Html {
    let on_filter = {
        let cb = props.on_action.clone();
        Callback::from(move |e: web_sys::Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let i: usize = select.value().parse().unwrap_or(0);
            cb.emit(Action::SetFilter(
                LogFilter::ALL[i.min(LogFilter::ALL.len() - 1)].0,
            ));
        })
    };
    html! {
        <section class="panel log" aria-labelledby="log-title">
            <div class="log-head">
                <h2 id="log-title">{ "Event log" }</h2>
                <label>
                    { "Show " }
                    <select id="log-filter" onchange={on_filter}>
                        { for LogFilter::ALL.iter().enumerate().map(|(i, (f, label))| html! {
                            <option value={i.to_string()} selected={*f == props.filter}>{ *label }</option>
                        }) }
                    </select>
                </label>
            </div>
            <ol id="event-log" role="log">
                { for props.events.iter().map(|e| {
                    let stale = e.kind.is_stale_read();
                    let seq = e.seq;
                    let jump = {
                        let cb = props.on_action.clone();
                        Callback::from(move |_: MouseEvent| cb.emit(Action::JumpTo(seq)))
                    };
                    html! {
                        <li key={e.seq} class={classes!(stale.then_some("stale"), e.kind.name())} data-seq={e.seq.to_string()}>
                            <button type="button" class="jump" onclick={jump} title="Go to right after this event">
                                <span class="at">{ e.at.to_string() }</span>
                                if stale { <span class="tag">{ "STALE" }</span> }
                                <span class="text">{ e.kind.to_string() }</span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
