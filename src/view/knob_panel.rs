//! One knob over a list of values, in the lesson column: a full run of the
//! scenario per value, and four small charts against the knob (write p99,
//! store rows per second, the most writes at risk, writes lost), with the
//! table beside them. Part of the teaching module; the runs are
//! [`dirtybit_sim::json::knob_sweep`]'s.

use dirtybit_sim::json::KnobPoint;
use dirtybit_sim::time::Micros;
use yew::prelude::*;

use crate::view::fixed;

/// The knobs on offer: path, label, values to start from.
pub const KNOBS: [(&str, &str, &str); 7] = [
    (
        "policy.write_delay_us",
        "write delay (µs)",
        "0,10000,100000,1000000",
    ),
    ("policy.batch_size", "batch size", "1,5,10,50"),
    (
        "policy.wal.interval_us",
        "group-commit interval (µs)",
        "1000,10000,100000,1000000",
    ),
    ("store.pool_size", "store connections", "1,2,5,10"),
    ("cache.capacity", "cache capacity (entries)", "2,4,8,16"),
    ("workload.read_percent", "reads (%)", "10,50,80,95"),
    (
        "workload.arrivals.interval_us",
        "interval between requests (µs)",
        "500,1000,2000,5000",
    ),
];

/// What the panel asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KnobAsk {
    /// Sweep this knob over these values.
    Run(String, String),
    /// Save the results as CSV.
    Csv,
    /// Save the charts as SVG.
    Svg,
    /// Close the panel.
    Close,
}

/// Props of [`KnobPanel`].
#[derive(Properties, PartialEq)]
pub struct KnobPanelProps {
    /// The knob swept and the results, once run.
    pub result: Option<(String, Vec<KnobPoint>)>,
    /// Why the last sweep could not run.
    pub error: Option<String>,
    /// Where the panel's requests go.
    pub on_ask: Callback<KnobAsk>,
}

const W: f64 = 160.0;
const H: f64 = 70.0;

/// A small line chart of `ys` against the points' order.
fn mini(title: &str, ys: &[f64], shown: &dyn Fn(f64) -> String) -> Html {
    let top = ys.iter().copied().fold(0.0_f64, f64::max).max(1e-9);
    let n = ys.len().max(2) - 1;
    let pts: Vec<(String, String)> = ys
        .iter()
        .enumerate()
        .map(|(i, y)| {
            (
                fixed(6.0 + (W - 12.0) * i as f64 / n as f64, 1),
                fixed((H - 14.0) - (H - 22.0) * y / top, 1),
            )
        })
        .collect();
    let line: Vec<String> = pts.iter().map(|(x, y)| format!("{x},{y}")).collect();
    html! {
        <g>
            <text x="2" y="9" font-size="8" fill="#1b1b1b">{ format!("{title} (max {})", shown(top)) }</text>
            <line x1="6" y1={fixed(H - 14.0, 0)} x2={fixed(W - 6.0, 0)} y2={fixed(H - 14.0, 0)} stroke="#5a5a5a" />
            <polyline fill="none" stroke="#0072B2" stroke-width="1.5" points={line.join(" ")} />
            { for pts.iter().map(|(x, y)| html! {
                <circle cx={x.clone()} cy={y.clone()} r="2" fill="#D55E00" />
            }) }
        </g>
    }
}

/// The knob sweep panel.
#[component]
pub fn KnobPanel(props: &KnobPanelProps) -> Html {
    let knob = use_state(|| 0_usize);
    let values = use_state(|| KNOBS[0].2.to_string());
    let on_knob = {
        let (knob, values) = (knob.clone(), values.clone());
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(i) = select.value().parse::<usize>() {
                knob.set(i);
                values.set(KNOBS[i.min(KNOBS.len() - 1)].2.to_string());
            }
        })
    };
    let on_values = {
        let values = values.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            values.set(input.value());
        })
    };
    let run = {
        let (k, v) = (*knob, (*values).clone());
        props
            .on_ask
            .reform(move |_: MouseEvent| KnobAsk::Run(KNOBS[k].0.to_string(), v.clone()))
    };
    let ask = |a: KnobAsk| props.on_ask.reform(move |_: MouseEvent| a.clone());
    let charts = props.result.as_ref().map(|(path, points)| {
        let get = |f: &dyn Fn(&KnobPoint) -> f64| points.iter().map(f).collect::<Vec<f64>>();
        let ms = |us: f64| Micros(us as u64).to_string();
        let whole = |x: f64| fixed(x, 0);
        html! {
            <>
                <svg id="knob-chart" class="sweep-chart" viewBox={format!("0 0 {} {}", fixed(2.0 * W, 0), fixed(2.0 * H, 0))} role="img"
                     xmlns="http://www.w3.org/2000/svg" aria-label={format!("Write p99, store rows per second, most at risk and writes lost against {path}")}>
                    <g>{ mini("write p99", &get(&|p| p.write_p99_us as f64), &ms) }</g>
                    <g transform={format!("translate({},0)", fixed(W, 0))}>{ mini("store rows/s", &get(&|p| p.store_writes_per_s), &whole) }</g>
                    <g transform={format!("translate(0,{})", fixed(H, 0))}>{ mini("most at risk", &get(&|p| p.max_at_risk as f64), &whole) }</g>
                    <g transform={format!("translate({},{})", fixed(W, 0), fixed(H, 0))}>{ mini("writes lost", &get(&|p| p.writes_lost as f64), &whole) }</g>
                </svg>
                <table class="calc-table" id="knob-table">
                    <thead><tr>
                        <th scope="col">{ path.clone() }</th><th scope="col">{ "write p99" }</th><th scope="col">{ "rows/s" }</th>
                        <th scope="col">{ "most at risk" }</th><th scope="col">{ "lost" }</th>
                    </tr></thead>
                    <tbody>
                        { for points.iter().map(|p| html! {
                            <tr>
                                <th scope="row">{ p.value.to_string() }</th>
                                <td>{ Micros(p.write_p99_us).to_string() }</td>
                                <td>{ fixed(p.store_writes_per_s, 1) }</td>
                                <td>{ p.max_at_risk }</td>
                                <td>{ p.writes_lost }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </>
        }
    });
    html! {
        <section class="lesson knobs-sweep" id="knob-sweep" aria-labelledby="knob-title">
            <p class="lesson-kicker">{ "Sweep a knob" }</p>
            <h2 id="knob-title">{ "One knob, a full run per value" }</h2>
            <label class="share-field">{ "Knob" }
                <select id="knob-pick" onchange={on_knob}>
                    { for KNOBS.iter().enumerate().map(|(i, (_, label, _))| html! {
                        <option value={i.to_string()} selected={i == *knob}>{ *label }</option>
                    }) }
                </select>
            </label>
            <label class="share-field">{ "Values (comma-separated)" }
                <input id="knob-values" type="text" value={(*values).clone()} oninput={on_values} />
            </label>
            if let Some(e) = &props.error { <p class="field-error" id="knob-error" role="alert">{ e.clone() }</p> }
            { for charts }
            <div class="lesson-nav">
                <button type="button" id="knob-run" class="primary" onclick={run}>{ "Run the sweep" }</button>
                <button type="button" id="knob-csv" onclick={ask(KnobAsk::Csv)} disabled={props.result.is_none()}>{ "Save CSV" }</button>
                <button type="button" id="knob-svg" onclick={ask(KnobAsk::Svg)} disabled={props.result.is_none()}>{ "Save SVG" }</button>
                <button type="button" id="knob-close" onclick={ask(KnobAsk::Close)}>{ "Close" }</button>
            </div>
        </section>
    }
}
