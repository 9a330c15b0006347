//! Where the time went: the breakdown of the writes' and the reads' p50,
//! p99 and p99.9 as stacked bars (each part's share of that percentile; the
//! bars on one scale, the longest percentile's), and the breakdown of the
//! latest answered operation (press an answer in the event log to see
//! that one's). Every figure is the core's; the bars are SVG shapes (no
//! inline styles, for a strict Content-Security-Policy).

use dirtybit_sim::spent::{Part, Spent};
use dirtybit_sim::time::Micros;
use yew::prelude::*;

use super::fixed;

/// What [`spent_view`] draws.
pub struct SpentViewProps {
    /// The writes' (p50, p99, p99.9) with their breakdowns, where there were writes.
    pub writes: Vec<(&'static str, Micros, Spent)>,
    /// The reads' likewise.
    pub reads: Vec<(&'static str, Micros, Spent)>,
    /// The latest answered operation: what it was, its latency and parts.
    pub last: Option<(String, Micros, Spent)>,
}

/// One stacked bar, `scale` µs wide at full width.
fn bar(spent: &Spent, scale: u64) -> Html {
    let scale = scale.max(1) as f64;
    let mut x = 0.0;
    html! {
        <svg class="spent-bar" viewBox="0 0 100 4" preserveAspectRatio="none" role="img"
             aria-label={spent.parts().map(|(p, d)| format!("{} {}", p.label(), d.human())).collect::<Vec<_>>().join(", ")}>
            { for spent.parts().map(|(part, d)| {
                let w = d.0 as f64 / scale * 100.0;
                let rect = html! {
                    <rect class={format!("part-{}", part.name())} x={fixed(x, 3)} y="0" width={fixed(w, 3)} height="4">
                        <title>{ format!("{}: {}", part.label(), d.human()) }</title>
                    </rect>
                };
                x += w;
                rect
            }) }
        </svg>
    }
}

/// The part that took most, as words: `waiting for a connection, 86%`.
fn mostly(spent: &Spent) -> String {
    spent.mostly().map_or_else(String::new, |(p, share)| {
        format!("{}, {}%", p.label(), fixed(share, 0))
    })
}

fn percentiles(id: &str, title: &str, rows: &[(&'static str, Micros, Spent)]) -> Html {
    let scale = rows.iter().map(|(_, l, _)| l.0).max().unwrap_or(1);
    html! {
        if !rows.is_empty() {
            <div class="spent-kind" id={id.to_string()}>
                <h3>{ title }</h3>
                { for rows.iter().map(|(name, latency, spent)| html! {
                    <div class="spent-row" data-percentile={*name}>
                        <span class="spent-label">{ format!("{name} {}", latency.human()) }</span>
                        { bar(spent, scale) }
                        <span class="spent-most">{ mostly(spent) }</span>
                    </div>
                }) }
            </div>
        }
    }
}

/// The panel.
pub fn spent_view(props: &SpentViewProps) -> Html {
    let used: Vec<Part> = Part::ALL
        .into_iter()
        .filter(|p| {
            props.writes.iter().chain(&props.reads).any(|(_, _, s)| s[*p] > 0)
                || props.last.as_ref().is_some_and(|(_, _, s)| s[*p] > 0)
        })
        .collect();
    html! {
        <section class="panel spent" id="spent" aria-labelledby="spent-title">
            <h2 id="spent-title">{ "Where the time went" }</h2>
            if props.writes.is_empty() && props.reads.is_empty() {
                <p class="empty">{ "Nothing answered yet." }</p>
            }
            { percentiles("spent-writes", "Writes", &props.writes) }
            { percentiles("spent-reads", "Reads", &props.reads) }
            if let Some((what, latency, spent)) = &props.last {
                <div class="spent-last" id="spent-last">
                    <h3>{ format!("{what}: {}", latency.human()) }</h3>
                    { bar(spent, latency.0) }
                    <p>{ spent.parts().map(|(p, d)| format!("{} {}", p.label(), d.human())).collect::<Vec<_>>().join(" + ") }</p>
                </div>
            }
            <ul class="legend spent-legend">
                { for used.iter().map(|p| html! {
                    <li><svg viewBox="0 0 4 4" class="swatch"><rect class={format!("part-{}", p.name())} width="4" height="4" /></svg>{ p.label() }</li>
                }) }
            </ul>
            <p class="hint">{ "A percentile's bar is the mean of the operations in its latency bucket. Press an answer in the event log for that operation's." }</p>
        </section>
    }
}
