//! What a student can do to the run by hand: crash the cache node (or cut
//! its power, when its log has a device), take the
//! store down and up, cut the store's power (when it has layers below),
//! lose the primary or crash its standby (when it has one),
//! issue a read or a write of a chosen key. Each takes
//! effect when pressed (the model runs until it has happened).

use dirtybit_sim::{Fault, Key};
use yew::prelude::*;

use crate::model::{Action, Input};

use dirtybit_sim::fault::CRASH_DOWNTIME_US;
use dirtybit_sim::storage::CrashKind;

/// Props of [`InputsView`].
#[derive(Properties, PartialEq)]
pub struct InputsViewProps {
    /// How many keys the workload has.
    pub keys: u32,
    /// Whether the store is down.
    pub store_down: bool,
    /// Whether the cache node is up.
    pub cache_up: bool,
    /// Whether the store has layers below it (a power cut can take them).
    pub layers: bool,
    /// Whether the store has a standby (it can crash, or take over).
    pub standby: bool,
    /// Whether the cache node's log has a device (a power cut can take
    /// what its cache holds).
    pub log_device: bool,
    /// Where the user's requests go.
    pub on_action: Callback<Action>,
}

/// The hand-driven inputs.
#[component]
pub fn InputsView(props: &InputsViewProps) -> Html {
    let key = use_state(|| 0u32);
    let send = |input: Input| {
        let cb = props.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(Action::Input(input)))
    };
    let on_key = {
        let key = key.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(k) = select.value().parse() {
                key.set(k);
            }
        })
    };
    let k = Key((*key).min(props.keys.saturating_sub(1)));
    let store_fault = if props.store_down {
        Fault::StoreUp
    } else {
        Fault::StoreDown
    };
    html! {
           <div class="inputs" role="group" aria-label="Faults and requests by hand">
               <button id="crash" type="button" class="danger" disabled={!props.cache_up}
                       onclick={send(Input::Fault { fault: Fault::CrashCache { downtime_us: CRASH_DOWNTIME_US } })}>
                   { format!("⚠ Crash the cache now (down for {})", dirtybit_sim::time::Micros(CRASH_DOWNTIME_US)) }
    </button>
               if props.log_device {
                   <button id="node-power-cut" type="button" class="danger" disabled={!props.cache_up}
                           onclick={send(Input::Fault { fault: Fault::CachePowerLoss { downtime_us: CRASH_DOWNTIME_US } })}>
                       { "⚡ Cut the cache node's power" }
                   </button>
               }
               <button id="store-toggle" type="button" aria-pressed={props.store_down.to_string()}
                       onclick={send(Input::Fault { fault: store_fault })}>
                   { if props.store_down { "Bring the store up" } else { "Take the store down" } }
               </button>
               if props.layers {
                   <button id="power-cut" type="button" class="danger"
                           onclick={send(Input::Fault { fault: Fault::StoreCrash { kind: CrashKind::Power, downtime_us: CRASH_DOWNTIME_US } })}>
                       { "⚡ Cut the store's power" }
                   </button>
               }
               if props.standby {
                   <button id="lose-primary" type="button" class="danger"
                           onclick={send(Input::Fault { fault: Fault::LosePrimary })}>
                       { "Lose the primary (the standby takes over)" }
                   </button>
                   <button id="standby-crash" type="button" class="danger"
                           onclick={send(Input::Fault { fault: Fault::StandbyCrash { kind: CrashKind::Os, downtime_us: CRASH_DOWNTIME_US } })}>
                       { "Crash the standby's OS" }
                   </button>
               }
               <label>
                   { "Key " }
                   <select id="hand-key" onchange={on_key}>
                       { for (0..props.keys.min(256)).map(|i| html! {
                           <option value={i.to_string()} selected={i == k.0}>{ Key(i).to_string() }</option>
                       }) }
                   </select>
               </label>
               <button id="hand-read" type="button" onclick={send(Input::Read { key: k })}>{ "Read it" }</button>
               <button id="hand-write" type="button" onclick={send(Input::Write { key: k })}>{ "Write it" }</button>
               <span class="hint">{ "Each takes effect at once: the page runs to the moment it happens." }</span>
           </div>
       }
}
