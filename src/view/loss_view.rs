//! The loss window, live: what a crash at this instant would lose, and after
//! a crash, what it did lose, by key and value.

use dirtybit_sim::ledger::WriteRecord;
use dirtybit_sim::sim::LossWindow;
use yew::prelude::*;

/// What [`loss_view`] draws.
pub struct LossViewProps {
    /// What a crash now would lose.
    pub window: LossWindow,
    /// The first acknowledged writes lost, oldest first (at most [`SHOWN`]).
    pub lost: Vec<WriteRecord>,
    /// How many acknowledged writes have been lost in all.
    pub lost_total: u64,
    /// How many of them crashes of the cache node lost (the core's count).
    pub lost_in_crashes: u64,
    /// How many of them crashes of the store's machine took from below it
    /// (the ledger's count, as `lost_total` is).
    pub lost_below: u64,
    /// Acknowledged writes only in a volatile layer below the store now
    /// (what a cut of the store's power would take; `None` without layers).
    pub below_at_risk: Option<usize>,
    /// Acknowledged writes not yet durable, whatever holds them (the
    /// ledger's count): a crash of the cache node may spare them (the store
    /// or a backup member has them) and still they are not durable.
    pub at_risk_total: u64,
    /// Writes the cache's backup member holds copies of.
    pub backed_up: usize,
    /// What a cut of the cache node's power now would lose, when its log
    /// device lies (`None` otherwise: a power cut loses what a crash does).
    pub power_cut: Option<usize>,
}

/// How many writes a list names before it says "and N more".
pub const SHOWN: usize = 12;

/// Names the first [`SHOWN`] of `records` as key = value, then how many of
/// `total` it left out.
fn list(records: &[WriteRecord], total: u64) -> String {
    let mut s: Vec<String> = records
        .iter()
        .take(SHOWN)
        .map(|r| format!("{} = {}", r.key, r.value))
        .collect();
    let left = total.saturating_sub(s.len() as u64);
    if left > 0 {
        s.push(format!("and {left} more"));
    }
    s.join(", ")
}

/// Why the writes were lost, from the core's counts: crashes of the cache
/// node, crashes below the store, and (the rest) flushes that failed.
fn cause(total: u64, in_crashes: u64, below: u64) -> String {
    let dropped = total.saturating_sub(in_crashes + below);
    let parts: Vec<String> = [
        (in_crashes, "in crashes of the cache node"),
        (below, "below the store, in crashes of its machine"),
        (dropped, "dropped with flushes that failed"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, why)| {
        if *n == total {
            (*why).to_string()
        } else {
            format!("{n} {why}")
        }
    })
    .collect();
    match parts.len() {
        0 => String::new(),
        1 => format!(", {}", parts[0]),
        _ => format!(": {}", parts.join(", ")),
    }
}

/// The loss window panel.
pub fn loss_view(props: &LossViewProps) -> Html {
    let n = props.window.writes.len();
    let oldest = props.window.oldest_age;
    html! {
        <section class="loss" id="loss" aria-label="Loss window">
            <p id="at-risk" class={classes!("at-risk", (n > 0).then_some("risky"))}>
                if n == 0 && (props.below_at_risk.is_some() || props.at_risk_total > 0) {
                    { "✓ A crash of the cache node now would lose nothing" }
                    if props.backed_up > 0 {
                        { format!(": its backup member holds the {} it has not stored", if props.backed_up == 1 { "write".to_string() } else { format!("{} writes", props.backed_up) }) }
                    }
                    { "." }
                } else if n == 0 && props.lost_total == 0 {
                    { "✓ A crash now would lose nothing: every acknowledged write is durable." }
                } else if n == 0 {
                    { "✓ A crash now would lose nothing more: every acknowledged write still held is durable." }
                } else {
                    { format!("⚠ A crash now would lose {n} acknowledged write{}", if n == 1 { "" } else { "s" }) }
                    if let Some(age) = oldest { { format!(" (oldest acknowledged {} ago)", age.human()) } }
                    { format!(": {}", list(&props.window.writes, n as u64)) }
                }
            </p>
            if let Some(n) = props.power_cut.filter(|n| *n > 0) {
                <p id="at-risk-power" class="at-risk risky">
                    { format!("⚠ A cut of the cache node's power now would lose {n} acknowledged write{}: fsynced only into its log device's volatile cache.", if n == 1 { "" } else { "s" }) }
                </p>
            }
            if let Some(below) = props.below_at_risk {
                <p id="at-risk-below" class={classes!("at-risk", (below > 0).then_some("risky"))}>
                    if below == 0 {
                        { "✓ A cut of the store's power now would lose nothing: every acknowledged write it has is durable." }
                    } else {
                        { format!("⚠ A cut of the store's power now would lose {below} acknowledged write{}: only in a volatile layer below it (see Below the store).",
                                  if below == 1 { "" } else { "s" }) }
                    }
                </p>
            }
            if props.lost_total > 0 {
                <p id="lost" class="lost-list">
                    { format!("✖ Already lost earlier in this run ({} acknowledged write{}{}): {}",
                        props.lost_total,
                        if props.lost_total == 1 { "" } else { "s" },
                        cause(props.lost_total, props.lost_in_crashes, props.lost_below),
                        list(&props.lost, props.lost_total)) }
                </p>
            }
        </section>
    }
}
