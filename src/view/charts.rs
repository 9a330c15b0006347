//! Charts drawn as SVG from the core's figures: latency percentiles per
//! operation kind, client writes vs store writes over time, acknowledged
//! writes at risk over time, and the hit ratio over time.

use dirtybit_sim::histogram::Summary;
use dirtybit_sim::series::Sample;
use dirtybit_sim::time::Micros;
use yew::prelude::*;

use super::fixed;

// The drawing is about as wide as its smallest box on screen (17rem), so a
// tick's 12.5 units are at least 12 px, the body's small text.
const W: f64 = 260.0;
const H: f64 = 130.0;
const PAD: f64 = 24.0;

/// What [`charts`] draws.
pub struct ChartsProps {
    /// The sampled series.
    pub series: Vec<Sample>,
    /// Read latency figures.
    pub reads: Summary,
    /// Write latency figures.
    pub writes: Summary,
    /// The sampling interval, in µs: the "per interval" of the charts.
    pub interval_us: u64,
}

/// One line of a chart: its name, its CSS class, and its value per point.
type Line = (&'static str, &'static str, fn(&Sample) -> f64);

/// A line chart of one or two series against simulated time; `unit` names
/// what the y axis counts.
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
        format!("{} {unit}", fixed(max, 0))
    };
    html! {
        <figure class="chart" id={id.to_string()}>
            <svg viewBox={format!("0 0 {} {}", fixed(W, 0), fixed(H, 0))} role="img" aria-label={title.to_string()}>
                <title>{ title }</title>
                <line class="axis" x1={fixed(PAD, 1)} y1={fixed(H - PAD + 4.0, 1)} x2={fixed(W, 1)} y2={fixed(H - PAD + 4.0, 1)} />
                <line class="axis" x1={fixed(PAD, 1)} y1="4" x2={fixed(PAD, 1)} y2={fixed(H - PAD + 4.0, 1)} />
                <text class="tick" x={fixed(PAD + 3.0, 1)} y="14">{ top }</text>
                <text class="tick" x={fixed(PAD - 3.0, 1)} y={fixed(H - PAD + 4.0, 1)} text-anchor="end">{ "0" }</text>
                <text class="tick" x={fixed(PAD, 1)} y={fixed(H - 4.0, 1)}>{ "0 s" }</text>
                <text class="tick" x={fixed(W - 2.0, 1)} y={fixed(H - 4.0, 1)} text-anchor="end">{ format!("t = {}", Micros(t_max as u64).human()) }</text>
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
    let bar_h = 13.0;
    let mut y = 4.0;
    let mut bars = Vec::new();
    for (kind, s, class) in [("read", reads, "reads"), ("write", writes, "writes")] {
        for (label, v) in rows(s) {
            let width = (W - 160.0) * v as f64 / max;
            bars.push(html! {
                <g>
                    <text class="tick" x="2" y={fixed(y + 10.5, 1)}>{ format!("{kind} {label}") }</text>
                    <rect class={classes!("bar", class)} x="80" y={fixed(y, 1)} width={fixed(width, 1)} height={fixed(bar_h, 1)} />
                    <text class="tick" x={fixed(84.0 + width, 1)} y={fixed(y + 10.5, 1)}>{ Micros(v).human().to_string() }</text>
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
            <figcaption>{ "Latency percentiles: the time from a client sending a request to its answer" }</figcaption>
        </figure>
    }
}

/// The charts panel.
pub fn charts(props: &ChartsProps) -> Html {
    let every = Micros(props.interval_us).human();
    html! {
        <section class="charts" aria-label="Charts">
            { percentiles(&props.reads, &props.writes) }
            { lines("chart-writes", &format!("Client writes vs store row writes, per {every} of simulated time"), &props.series,
                    &[("client writes", "writes", |s| s.writes_acked as f64), ("store row writes", "store", |s| s.store_writes as f64)], "writes") }
            { lines("chart-risk", &format!("Acknowledged writes at risk (not yet durable), sampled every {every}"), &props.series,
                    &[("at risk", "risk", |s| s.at_risk as f64)], "writes") }
            { lines("chart-hits", &format!("Hit ratio, per {every} of simulated time"), &props.series,
                    &[("hit ratio", "hits", |s| s.hit_ratio())], "%") }
        </section>
    }
}
