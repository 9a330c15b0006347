//! The loss window, live: what a crash at this instant would lose, and after
//! a crash, what it did lose, by key and value.

use dirtybit_sim::ledger::WriteRecord;
use dirtybit_sim::sim::LossWindow;
use yew::prelude::*;

/// Props of [`LossView`].
#[derive(Properties, PartialEq)]
pub struct LossViewProps {
    /// What a crash now would lose.
    pub window: LossWindow,
    /// Acknowledged writes lost so far, oldest first (the latest ones).
    pub lost: Vec<WriteRecord>,
}

fn list(records: &[WriteRecord]) -> String {
    let mut s: Vec<String> = records
        .iter()
        .take(12)
        .map(|r| format!("{} = {}", r.key, r.value))
        .collect();
    if records.len() > 12 {
        s.push(format!("and {} more", records.len() - 12));
    }
    s.join(", ")
}

/// The loss window panel.
#[component]
pub fn LossView(props: &LossViewProps) -> Html {
    let n = props.window.writes.len();
    let oldest = props.window.oldest_age;
    html! {
        <section class="loss" id="loss" aria-label="Loss window">
            <p id="at-risk" class={classes!("at-risk", (n > 0).then_some("risky"))}>
                if n == 0 {
                    { "✓ A crash now loses nothing: every acknowledged write is durable." }
                } else {
                    { format!("⚠ A crash now loses {n} acknowledged write{}", if n == 1 { "" } else { "s" }) }
                    if let Some(age) = oldest { { format!(" (oldest acknowledged {age} ago)") } }
                    { format!(": {}", list(&props.window.writes)) }
                }
            </p>
            if !props.lost.is_empty() {
                <p id="lost" class="lost-list">
                    { format!("✖ Lost so far ({}): {}", props.lost.len(), list(&props.lost)) }
                </p>
            }
        </section>
    }
}
