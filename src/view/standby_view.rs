//! The store's standby (when the scenario has one): what a commit waits
//! for, the rows on their way to it, the rows it holds only in its OS
//! (received, not flushed), its positions in the stream, the commits
//! waiting for it, and what losing the primary now would lose.

use dirtybit_sim::sim::StandbyView;
use dirtybit_sim::standby::ReplicaWait;
use yew::prelude::*;

use super::below_view::chips;

/// The standby panel, drawn from the core's view (a plain function).
pub fn standby_panel(v: &StandbyView) -> Html {
    let waits = match v.waits_for {
        ReplicaWait::None => "nothing from it (synchronous_commit off or local)",
        ReplicaWait::Write => "its report that it received them (remote_write)",
        ReplicaWait::Flush => "its report that it flushed them (on)",
        ReplicaWait::Apply => "its report that it applied them (remote_apply)",
    };
    let [received, flushed, applied] = v.at;
    let plural = |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
    html! {
        <section class="panel below standby" id="standby" aria-labelledby="standby-title">
            <h2 id="standby-title">{ "Standby" }
                if v.down { <span class="badge down">{ "DOWN" }</span> }
            </h2>
            <p class="legend">{ format!("Commits wait for {waits}. ") }
                { format!("Stream: {} rows shipped, {received} received, {flushed} flushed, {applied} applied.", v.shipped) }</p>
            <ol class="layers">
                <li class="layer" id="standby-link">
                    <strong>{ "On the way" }</strong>
                    <span class="fate">{ "lost if the primary goes now" }</span>
                    { chips(&v.on_the_way) }
                </li>
                <li class="layer" id="standby-os">
                    <strong>{ "Standby's OS (received)" }</strong>
                    <span class="fate">{ "lost by the standby's OS crash; kept by a failover" }</span>
                    { chips(&v.received) }
                </li>
            </ol>
            <p id="standby-waiting">{ format!("{} {} waiting for the standby.", v.commits_waiting, plural(v.commits_waiting, "commit", "commits")) }</p>
            <p class="risk" id="standby-risk">{ format!("Losing the primary now would lose {} acknowledged {}.", v.primary_loss_would_lose, plural(v.primary_loss_would_lose, "write", "writes")) }</p>
        </section>
    }
}
