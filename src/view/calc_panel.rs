//! The reference texts' formulas for the run on screen, beside what the run
//! simulates, each difference said in a sentence: the write-through
//! performance text's net-impact model and break-even, its pool-limited
//! throughput, write-behind's loss bound and the store's commit at queue
//! depth 1. Every figure is [`dirtybit_sim::beside`]'s. Part of the teaching
//! module.

use dirtybit_sim::beside::{beside, Beside};
use dirtybit_sim::{Scenario, Sim};
use yew::prelude::*;

use crate::view::fixed;

/// The formulas' figures and the run's, for one finished run.
#[derive(Clone, Debug, PartialEq)]
pub struct CalcView {
    /// The scenario's name.
    pub name: String,
    /// The formulas beside the run.
    pub beside: Beside,
}

impl CalcView {
    /// Runs `scenario` to its end and puts the formulas beside it.
    #[must_use]
    pub fn of(scenario: &Scenario) -> Option<CalcView> {
        let mut sim = Sim::new(scenario.clone()).ok()?;
        let _ = sim.run_to_end();
        Some(CalcView {
            name: scenario.name.clone(),
            beside: beside(&sim),
        })
    }
}

/// Props of [`CalcPanel`].
#[derive(Properties, PartialEq)]
pub struct CalcPanelProps {
    /// What to show.
    pub view: CalcView,
    /// Close the panel.
    pub on_close: Callback<()>,
}

fn row(label: &str, formula: String, run: String) -> Html {
    html! { <tr><th scope="row">{ label.to_string() }</th><td>{ formula }</td><td>{ run }</td></tr> }
}

/// The calculators panel.
#[component]
pub fn CalcPanel(props: &CalcPanelProps) -> Html {
    let v = &props.view.beside;
    let name = &props.view.name;
    let inputs = match (&v.inputs, &v.net) {
        (Some(w), Some(n)) => html! {
            <>
                <p id="calc-inputs">
                    { format!("The run's inputs: {} reads/s and {} writes/s, a hit rate of {} %; a hit costs {} ms, a miss {} ms, \
                               a database write {} ms, a cache write {} ms (its hops added up).",
                              fixed(w.reads_per_s, 1), fixed(w.writes_per_s, 1), fixed(w.hit_rate * 100.0, 1),
                              fixed(w.cache_read_ms, 3), fixed(w.db_read_ms, 3), fixed(w.db_write_ms, 3), fixed(w.cache_write_ms, 3)) }
                </p>
                <p id="calc-net">
                    { format!("Net impact: {} ms of latency per second without a cache, {} with write-through: {} % {}. \
                               Break-even hit rate {} %; write-through stops paying below {} reads per write.",
                              fixed(n.direct_ms_per_s, 1), fixed(n.write_through_ms_per_s, 1), fixed(n.improvement_percent.abs(), 1),
                              if n.improvement_percent >= 0.0 { "saved" } else { "more" },
                              fixed(n.break_even_hit_rate * 100.0, 2), fixed(n.break_even_read_write_ratio, 2)) }
                </p>
            </>
        },
        _ => html! {
            <p id="calc-inputs">{ "The net-impact model takes every hop as a constant; this scenario has latency distributions, so it does not apply as the text states it." }</p>
        },
    };
    html! {
        <section class="lesson calc" id="calc" aria-labelledby="calc-title">
            <p class="lesson-kicker">{ "The texts' formulas" }</p>
            <h2 id="calc-title">{ "Formula and simulation, side by side" }</h2>
            <p class="lesson-source">{ format!("001_58f71c27b4483b62.txt (net impact, break-even, pool throughput); 002_e234976eeeadb735.txt \
                                                 (queue depth 1, utilisation); 000_b42d0e33520e4e6a.txt (loss window) · {name}") }</p>
            { inputs }
            <table class="calc-table" id="calc-table">
                <thead><tr><th scope="col">{ "figure" }</th><th scope="col">{ "formula" }</th><th scope="col">{ "the run" }</th></tr></thead>
                <tbody>
                    if let Some((f, r)) = v.mean_read { { row("mean read, ms", fixed(f, 3), fixed(r, 3)) } }
                    if let Some((f, r)) = v.write { { row("write, ms", fixed(f, 3), fixed(r, 3)) } }
                    if let Some((p, r)) = &v.pool { { row("store writes/s (pool ceiling, 70 %)", format!("{} ({})", fixed(p.theoretical_per_s, 0), fixed(p.practical_per_s, 0)), fixed(*r, 1)) } }
                    if let Some((f, how, r)) = v.at_risk { { row(&format!("writes at risk ({how})"), fixed(f, 1), format!("{r} at most")) } }
                    if let Some((ops, busy)) = v.qd1 {
                        { row("the store's commit at queue depth 1, ops/s", fixed(ops, 0), format!("busy {} % ({})", fixed(busy * 100.0, 1),
                              if busy < 1.0 { "viable" } else { "not viable" })) }
                    }
                </tbody>
            </table>
            <p id="calc-why">
                { "Why they differ: the formulas take averages and constants. The run's misses can wait for a store connection \
                   or join a load in flight, expired entries miss again, a write-through write also pays the hops between the \
                   client and the cache node, and writes arrive in bursts, not at an even rate." }
            </p>
            <div class="lesson-nav">
                <button type="button" id="calc-close" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
            </div>
        </section>
    }
}
