//! Charts drawn as SVG from the core's figures: latency percentiles per
//! operation kind, client writes vs store writes over time, acknowledged
//! writes at risk over time, and the hit ratio over time.

use dirtybit_sim::histogram::Summary;
use dirtybit_sim::series::Sample;
use dirtybit_sim::time::Micros;
use yew::prelude::*;

use super::fixed;

const W: f64 = 300.0;
const H: f64 = 110.0;
const PAD: f64 = 22.0;

/// Props of [`Charts`].
#[derive(Properties, PartialEq)]
pub struct ChartsProps {
    /// The sampled series.
    pub series: Vec<Sample>,
    /// Read latency figures.
    pub reads: Summary,
    /// Write latency figures.
    pub writes: Summary,
}

/// One line of a chart: its name, its CSS class, and its value per point.
type Line = (&'static str, &'static str, fn(&Sample) -> f64);

/// A line chart of one or two series against time.
fn lines(id: &str, title: &str, series: &[Sample], ys: &[Line], unit: &str) -> Html {
    let max = series
        .iter()
        .flat_map(|s| ys.iter().map(move |(_, _, f)| f(s)))
        .fold(0.0_f64, f64::max)
        .max(1e-9);
    let t_max = series.last().map_or(1.0, |s| s.t_us as f64).max(1.0);
    let x = |t: u64| PAD + (W - PAD - 4.0) * t as f64 / t_max;
    let y = |v: f64| H - PAD + 4.0 - (H - PAD) * v / max;
    let top = if unit == "%" {
        format!("{}%", fixed(max * 100.0, 0))
    } else {
        format!("{}{unit}", fixed(max, 0))
    };
    html! {
        <figure class="chart" id={id.to_string()}>
            <svg viewBox={format!("0 0 {} {}", fixed(W, 0), fixed(H, 0))} role="img" aria-label={title.to_string()}>
                <title>{ title }</title>
                <line class="axis" x1={fixed(PAD, 1)} y1={fixed(H - PAD + 4.0, 1)} x2={fixed(W, 1)} y2={fixed(H - PAD + 4.0, 1)} />
                <line class="axis" x1={fixed(PAD, 1)} y1="4" x2={fixed(PAD, 1)} y2={fixed(H - PAD + 4.0, 1)} />
                <text class="tick" x="2" y="12">{ top }</text>
                <text class="tick" x={fixed(W - 60.0, 1)} y={fixed(H - 4.0, 1)}>{ Micros(t_max as u64).to_string() }</text>
                { for ys.iter().map(|(name, class, f)| {
                    let points: String = series.iter().map(|s| format!("{},{} ", fixed(x(s.t_us), 1), fixed(y(f(s)), 1))).collect();
                    html! { <polyline class={classes!("line", *class)} points={points}><title>{ *name }</title></polyline> }
                }) }
            </svg>
            <figcaption>
                { title }
                { for ys.iter().map(|(name, class, _)| html! { <span class={classes!("key-swatch", *class)}>{ *name }</span> }) }
            </figcaption>
        </figure>
    }
}

/// Horizontal bars of p50, p90, p99, p99.9 and max for reads and writes.
fn percentiles(reads: &Summary, writes: &Summary) -> Html {
    let rows = |s: &Summary| {
        [
            ("p50", s.p50_us),
            ("p90", s.p90_us),
            ("p99", s.p99_us),
            ("p99.9", s.p999_us),
            ("max", s.max_us),
        ]
    };
    let max = reads.max_us.max(writes.max_us).max(1) as f64;
    let bar_h = 8.0;
    let mut y = 4.0;
    let mut bars = Vec::new();
    for (kind, s, class) in [("read", reads, "reads"), ("write", writes, "writes")] {
        for (label, v) in rows(s) {
            let width = (W - 130.0) * v as f64 / max;
            bars.push(html! {
                <g>
                    <text class="tick" x="2" y={fixed(y + 7.0, 1)}>{ format!("{kind} {label}") }</text>
                    <rect class={classes!("bar", class)} x="70" y={fixed(y, 1)} width={fixed(width, 1)} height={fixed(bar_h, 1)} />
                    <text class="tick" x={fixed(74.0 + width, 1)} y={fixed(y + 7.0, 1)}>{ Micros(v).to_string() }</text>
                </g>
            });
            y += bar_h + 2.0;
        }
        y += 4.0;
    }
    html! {
        <figure class="chart" id="chart-latency">
            <svg viewBox={format!("0 0 {} {}", fixed(W, 0), fixed(y, 0))} role="img" aria-label="Latency percentiles of reads and writes">
                <title>{ "Latency percentiles of reads and writes" }</title>
                { for bars }
            </svg>
            <figcaption>{ "Latency percentiles (from the core's histograms)" }</figcaption>
        </figure>
    }
}

/// The charts panel.
#[component]
pub fn Charts(props: &ChartsProps) -> Html {
    html! {
        <section class="charts" aria-label="Charts">
            { percentiles(&props.reads, &props.writes) }
            { lines("chart-writes", "Client writes vs store writes per interval", &props.series,
                    &[("client writes", "writes", |s| s.writes_acked as f64), ("store writes", "store", |s| s.store_writes as f64)], "") }
            { lines("chart-risk", "Acknowledged writes at risk", &props.series,
                    &[("at risk", "risk", |s| s.at_risk as f64)], "") }
            { lines("chart-hits", "Hit ratio per interval", &props.series,
                    &[("hit ratio", "hits", |s| s.hit_ratio())], "%") }
        </section>
    }
}
