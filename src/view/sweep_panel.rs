//! The crash-point sweep, in the lesson column: what a crash of the cache
//! node would lose at each of many instants of the run, drawn as bars (lost)
//! under a line (at risk just before), with the log records recovery would
//! replay. An instant can be opened: the playground then shows the run
//! crashed there. Part of the teaching module.

use dirtybit_sim::sweep::CrashOutcome;
use dirtybit_sim::time::Micros;
use yew::prelude::*;

use crate::view::fixed;

/// The chart's size, in SVG units.
const W: f64 = 340.0;
const H: f64 = 150.0;
/// Room for the axis labels.
const LEFT: f64 = 30.0;
const BOTTOM: f64 = 18.0;

/// Props of [`SweepPanel`].
#[derive(Properties, PartialEq)]
pub struct SweepPanelProps {
    /// One outcome per instant, in time order.
    pub outcomes: Vec<CrashOutcome>,
    /// The scenario's name.
    pub name: String,
    /// Open the run crashed at instant `i`.
    pub on_open: Callback<usize>,
    /// Save the outcomes as CSV.
    pub on_csv: Callback<()>,
    /// Save the chart as SVG.
    pub on_svg: Callback<()>,
    /// Close the panel.
    pub on_close: Callback<()>,
}

/// The sweep panel.
#[component]
pub fn SweepPanel(props: &SweepPanelProps) -> Html {
    let picked = use_state(|| 0_usize);
    let o = &props.outcomes;
    let n = o.len().max(1);
    let end = o.last().map_or(1, |l| l.at_us).max(1) as f64;
    let top = o
        .iter()
        .map(|x| x.at_risk.max(x.lost).max(x.recovered))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let x = |at: u64| LEFT + (W - LEFT - 4.0) * at as f64 / end;
    let y = |v: u64| (H - BOTTOM) - (H - BOTTOM - 6.0) * v as f64 / top;
    let bar = ((W - LEFT - 4.0) / n as f64 * 0.8).max(1.0);
    let risk: String = o
        .iter()
        .map(|p| format!("{},{}", fixed(x(p.at_us), 1), fixed(y(p.at_risk), 1)))
        .collect::<Vec<_>>()
        .join(" ");
    let i = (*picked).min(o.len().saturating_sub(1));
    let chosen = o.get(i).copied().unwrap_or_default();
    let total_lost: u64 = o.iter().map(|p| p.lost).sum();
    let worst = o.iter().map(|p| p.lost).max().unwrap_or(0);
    let on_range = {
        let picked = picked.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().parse() {
                picked.set(v);
            }
        })
    };
    let open = props.on_open.reform(move |_: MouseEvent| i);
    html! {
        <section class="lesson sweep" id="sweep" aria-labelledby="sweep-title">
            <p class="lesson-kicker">{ "Crash at every instant" }</p>
            <h2 id="sweep-title">{ format!("{} crashes over the run", o.len()) }</h2>
            <p class="lesson-source">{ props.name.clone() }</p>
            <p id="sweep-summary">
                { format!("Worst instant: {worst} acknowledged writes lost; over all {} instants, {total_lost}. \
                           Bars: writes a crash there loses; line: writes at risk just before; dots: log records recovery replays.",
                          o.len()) }
            </p>
            <svg id="sweep-chart" class="sweep-chart" viewBox={format!("0 0 {} {}", fixed(W, 0), fixed(H, 0))} role="img" xmlns="http://www.w3.org/2000/svg"
                 aria-label="Writes lost by a crash at each instant of the run">
                <line stroke="#5a5a5a" x1={LEFT.to_string()} y1={(H - BOTTOM).to_string()} x2={(W - 2.0).to_string()} y2={(H - BOTTOM).to_string()} />
                <line stroke="#5a5a5a" x1={LEFT.to_string()} y1="4" x2={LEFT.to_string()} y2={(H - BOTTOM).to_string()} />
                <text font-size="9" fill="#1b1b1b" x={(LEFT - 3.0).to_string()} y="12" text-anchor="end">{ top.to_string() }</text>
                <text font-size="9" fill="#1b1b1b" x={(LEFT - 3.0).to_string()} y={(H - BOTTOM).to_string()} text-anchor="end">{ "0" }</text>
                <text font-size="9" fill="#1b1b1b" x={LEFT.to_string()} y={(H - 4.0).to_string()}>{ "0" }</text>
                <text font-size="9" fill="#1b1b1b" x={(W - 2.0).to_string()} y={(H - 4.0).to_string()} text-anchor="end">{ Micros(end as u64).to_string() }</text>
                { for o.iter().enumerate().map(|(k, p)| {
                    let top_y = y(p.lost);
                    // A click on an instant picks it and opens the run crashed there.
                    let pick = {
                        let (picked, open) = (picked.clone(), props.on_open.clone());
                        Callback::from(move |_: MouseEvent| {
                            picked.set(k);
                            open.emit(k);
                        })
                    };
                    html! {
                        <rect fill={if k == i { "#000000" } else { "#D55E00" }} x={fixed(x(p.at_us) - bar / 2.0, 1)}
                              y={fixed(top_y, 1)} width={fixed(bar, 1)} height={fixed((H - BOTTOM) - top_y, 1)}
                              onclick={pick}>
                            <title>{ format!("crash at {}: {} lost of {} at risk", Micros(p.at_us), p.lost, p.at_risk) }</title>
                        </rect>
                    }
                }) }
                <polyline fill="none" stroke="#0072B2" stroke-width="1.5" points={risk} />
                { for o.iter().filter(|p| p.recovered > 0).map(|p| html! {
                    <circle fill="#009E73" cx={fixed(x(p.at_us), 1)} cy={fixed(y(p.recovered), 1)} r="2" />
                }) }
            </svg>
            <label class="share-field">{ "Instant" }
                <input id="sweep-instant" type="range" min="0" max={o.len().saturating_sub(1).to_string()}
                       value={i.to_string()} oninput={on_range} />
            </label>
            <p id="sweep-chosen">
                { format!("A crash at {} (event {}) loses {} of {} writes at risk; recovery replays {}; the node is back {} later.",
                          Micros(chosen.at_us), chosen.steps, chosen.lost, chosen.at_risk, chosen.recovered, Micros(chosen.recovery_us)) }
            </p>
            <div class="lesson-nav">
                <button type="button" id="sweep-open" class="primary" onclick={open}>{ "Open the run crashed here" }</button>
                <button type="button" id="sweep-csv" onclick={props.on_csv.reform(|_: MouseEvent| ())}>{ "Save CSV" }</button>
                <button type="button" id="sweep-svg" onclick={props.on_svg.reform(|_: MouseEvent| ())}>{ "Save SVG" }</button>
                <button type="button" id="sweep-close" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
            </div>
        </section>
    }
}
