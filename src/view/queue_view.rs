//! The write-behind flush queue in order (coalesced counts, what is ripe, the
//! batch in flight, the flushes the waiting entries will go in) and the
//! write-ahead log (appended vs fsynced records). Ripeness and batches are
//! the core's ([`Waiting`]), as the flusher judges them.

use dirtybit_sim::queue::QueueEntry;
use dirtybit_sim::sim::{FlushView, Waiting};
use dirtybit_sim::time::SimTime;
use yew::prelude::*;

/// What [`queue_view`] draws.
pub struct QueueViewProps {
    /// Each write-behind class's queue.
    pub queues: Vec<FlushView>,
    /// Now, to mark ripe entries.
    pub now: SimTime,
}

/// How many waiting entries the panel lists before it says how many more.
const LISTED: usize = 48;
/// How many entries of the batch in flight it lists.
const IN_FLIGHT_LISTED: usize = 12;

fn entry(e: &QueueEntry, ripe: bool, now: SimTime) -> Html {
    html! {
        <li class={classes!("qentry", ripe.then_some("ripe"))} data-key={e.key.to_string()}>
            <span class="key">{ e.key.to_string() }</span>{ format!(" = {}", e.value) }
            if e.writes > 1 {
                <span class="tag coalesced" title="this many client writes of the key were merged into this one entry">
                    { format!("×{} coalesced", e.writes) }
                </span>
            }
            <span class="when" title="ripe: its write delay has passed (or the queue is long enough to flush at once), so a flush takes it">
                { if ripe { "ripe".to_string() } else { format!("ripe in {}", e.ripe_at.since(now)) } }
            </span>
        </li>
    }
}

/// True when waiting entry `i` begins a flush and the queue holds more than
/// one flush's worth (one batch needs no marks).
fn starts_batch(waiting: &[Waiting], i: usize) -> bool {
    let more_than_one = waiting.last().is_some_and(|w| w.batch > 0);
    more_than_one && (i == 0 || waiting[i - 1].batch != waiting[i].batch)
}

fn batch_label(batch: u32) -> String {
    match batch {
        0 => "next flush".to_string(),
        n => format!("flush {}", n + 1),
    }
}

/// The queue and log panel.
pub fn queue_view(props: &QueueViewProps) -> Html {
    html! {
        <section class="panel queue" id="queue" aria-labelledby="queue-title">
            <h2 id="queue-title">{ "Flush queue" }</h2>
            <p class="legend">{ "Dirty entries wait here, head first, until their write delay has passed (ripe); a flush sends a batch of them to the store." }</p>
            { for props.queues.iter().map(|q| html! {
                <div class="class-queue">
                    if !q.in_flight.is_empty() {
                        <div class="batch" id="batch-in-flight">
                            <span class="label">{ if q.attempt > 0 { format!("batch in flight (retry {})", q.attempt) } else { "batch in flight".to_string() } }</span>
                            <ol>{ for q.in_flight.iter().take(IN_FLIGHT_LISTED).map(|e| entry(e, true, props.now)) }</ol>
                            if q.in_flight.len() > IN_FLIGHT_LISTED {
                                <p class="more">{ format!("and {} more in this batch", q.in_flight.len() - IN_FLIGHT_LISTED) }</p>
                            }
                        </div>
                    }
                    if q.waiting.is_empty() && q.in_flight.is_empty() {
                        <p class="empty">{ "Empty: nothing waits to be flushed." }</p>
                    }
                    <ol class="waiting" aria-label="Waiting, head first">
                        { for q.waiting.iter().take(LISTED).enumerate().map(|(i, w)| html! {
                            <>
                                if starts_batch(&q.waiting, i) {
                                    <li class="batch-boundary" aria-hidden="true">{ batch_label(w.batch) }</li>
                                }
                                { entry(&w.entry, w.ripe, props.now) }
                            </>
                        }) }
                    </ol>
                    if q.waiting.len() > LISTED {
                        <p class="more" id="queue-more">{ format!("and {} more waiting", q.waiting.len() - LISTED) }</p>
                    }
                    if q.blocked > 0 { <p class="blocked">{ format!("{} writer(s) blocked: the queue is full", q.blocked) }</p> }
                    if q.backed_up > 0 {
                        <p class="backup" id={format!("backup-{}", q.class)}>{ format!("The backup member holds copies of {} {}: a crash of this node loses none of them.", q.backed_up, if q.backed_up == 1 { "write" } else { "writes" }) }</p>
                    }
                    if !q.log.is_empty() {
                        <h3>{ "Write-ahead log" }</h3>
                        <ol class="log-records">
                            { for q.log.iter().rev().take(16).map(|r| html! {
                                <li class={match (r.fsynced, r.volatile_until) { (false, _) => "appended", (true, None) => "fsynced", _ => "volatile" }}>
                                    { format!("{} = {} ({}) ", r.key, r.value, r.version) }
                                    <span class="tag">{ match (r.fsynced, r.volatile_until) { (false, _) => "appended, not durable", (true, None) => "fsynced", _ => "fsynced into the device's cache: a power cut loses it" } }</span>
                                </li>
                            }) }
                        </ol>
                    }
                </div>
            }) }
        </section>
    }
}
