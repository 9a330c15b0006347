//! Charts drawn as SVG from the core's figures: latency percentiles per
//! operation kind, client writes vs store writes over time, acknowledged
//! writes at risk over time, and the hit ratio over time.

use dirtybit_sim::histogram::Summary;
use dirtybit_sim::series::Sample;
use dirtybit_sim::time::Micros;
use yew::prelude::*;

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
        format!("{:.0}%", max * 100.0)
    } else {
        format!("{max:.0}{unit}")
    };
    html! {
        <figure class="chart" id={id.to_string()}>
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-label={title.to_string()}>
                <title>{ title }</title>
                <line class="axis" x1={PAD.to_string()} y1={(H - PAD + 4.0).to_string()} x2={W.to_string()} y2={(H - PAD + 4.0).to_string()} />
                <line class="axis" x1={PAD.to_string()} y1="4" x2={PAD.to_string()} y2={(H - PAD + 4.0).to_string()} />
                <text class="tick" x="2" y="12">{ top }</text>
                <text class="tick" x={(W - 60.0).to_string()} y={(H - 4.0).to_string()}>{ Micros(t_max as u64).to_string() }</text>
                { for ys.iter().map(|(name, class, f)| {
                    let points: String = series.iter().map(|s| format!("{:.1},{:.1} ", x(s.t_us), y(f(s)))).collect();
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
                    <text class="tick" x="2" y={(y + 7.0).to_string()}>{ format!("{kind} {label}") }</text>
                    <rect class={classes!("bar", class)} x="70" y={y.to_string()} width={format!("{width:.1}")} height={bar_h.to_string()} />
                    <text class="tick" x={format!("{:.1}", 74.0 + width)} y={(y + 7.0).to_string()}>{ Micros(v).to_string() }</text>
                </g>
            });
            y += bar_h + 2.0;
        }
        y += 4.0;
    }
    html! {
        <figure class="chart" id="chart-latency">
            <svg viewBox={format!("0 0 {W} {y}")} role="img" aria-label="Latency percentiles of reads and writes">
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
