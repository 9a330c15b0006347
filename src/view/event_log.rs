//! The event log: one sentence per event, newest first, filterable by kind;
//! stale reads flagged; a click on an event goes back (or forward) to right
//! after it. Each filter keeps its own latest events and says how many the
//! run has had; earlier ones come a page at a time.

use dirtybit_sim::Event;
use yew::prelude::*;

use crate::model::{Action, LogCounts, LogFilter};

/// What [`event_log`] draws.
pub struct EventLogProps {
    /// The events shown, newest first (already filtered).
    pub events: Vec<Event>,
    /// True when `events` is an earlier page, not the latest.
    pub earlier: bool,
    /// How many events each filter has had in the run.
    pub counts: LogCounts,
    /// The filter in force.
    pub filter: LogFilter,
    /// Where the user's requests go.
    pub on_action: Callback<Action>,
}

/// The log panel.
pub fn event_log(props: &EventLogProps) -> Html {
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
    let act = |action: Action| {
        let cb = props.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(action.clone()))
    };
    let total = props.counts[props.filter.index()];
    let shown = props.events.len() as u64;
    let oldest = props.events.last().map(|e| e.seq);
    let has_earlier = oldest.is_some_and(|seq| seq > 0) && (props.earlier || shown < total);
    let summary = if props.earlier {
        format!("An earlier page: {shown} of the {total} events of this kind, oldest at the bottom.")
    } else if shown < total {
        format!("The latest {shown} of the {total} events of this kind in the run.")
    } else {
        format!("All {total} events of this kind in the run.")
    };
    html! {
        <section class="panel log" aria-labelledby="log-title">
            <div class="log-head">
                <h2 id="log-title">{ "Event log" }</h2>
                <label>
                    { "Show " }
                    <select id="log-filter" onchange={on_filter}>
                        { for LogFilter::ALL.iter().enumerate().map(|(i, (f, label))| html! {
                            <option value={i.to_string()} selected={*f == props.filter}>
                                { format!("{label} ({})", props.counts[i]) }
                            </option>
                        }) }
                    </select>
                </label>
            </div>
            <p class="log-summary" id="log-summary">
                { summary }
                if props.earlier {
                    { " " }<button type="button" id="log-latest" onclick={act(Action::SetFilter(props.filter))}>{ "Back to the latest" }</button>
                }
                if has_earlier {
                    { " " }<button type="button" id="log-earlier" onclick={act(Action::LogEarlier)}>{ "Show earlier" }</button>
                }
            </p>
            <ol id="event-log" aria-label="Events, newest first; press one to go to right after it">
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
                                <span class="at">{ e.at.human().to_string() }</span>
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
