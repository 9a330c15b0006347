//! The most used knobs as a form: the policy, and the numbers a lesson
//! usually turns (write delay, batch size, the log, TTL, keys, read share,
//! arrival interval). Each change restarts the run with the edited scenario;
//! a value out of range is not applied and its message names the field and
//! the range. Every other knob is in the JSON editor below.

use dirtybit_sim::policy::{CacheAside, Policy, WriteAround, WriteBehind, WriteThrough};
use dirtybit_sim::wal::WalSpec;
use dirtybit_sim::workload::Arrivals;
use dirtybit_sim::Scenario;
use yew::prelude::*;

use crate::model::Action;

/// Props of [`Knobs`].
#[derive(Properties, PartialEq)]
pub struct KnobsProps {
    /// The scenario in force.
    pub scenario: Scenario,
    /// Where the user's requests go.
    pub on_action: Callback<Action>,
}

/// A numeric knob: its label, its id, its value, and how to set it.
struct Knob {
    id: &'static str,
    label: &'static str,
    value: u64,
    set: fn(&mut Scenario, u64),
}

fn policy_named(name: &str, current: &Policy) -> Policy {
    match name {
        "cache-aside" => Policy::CacheAside(CacheAside::default()),
        "read-through" => Policy::ReadThrough(CacheAside::default()),
        "write-around" => Policy::WriteAround(WriteAround::default()),
        "write-behind" => Policy::WriteBehind(Box::default()),
        "write-through" => Policy::WriteThrough(WriteThrough::default()),
        _ => current.clone(),
    }
}

fn behind(s: &mut Scenario) -> Option<&mut WriteBehind> {
    match &mut s.policy {
        Policy::WriteBehind(wb) => Some(wb),
        _ => None,
    }
}

/// The knobs form.
#[component]
pub fn Knobs(props: &KnobsProps) -> Html {
    let error = use_state(|| None::<String>);
    let apply = {
        let cb = props.on_action.clone();
        let error = error.clone();
        move |mut s: Scenario| match s.validate() {
            Ok(()) => {
                error.set(None);
                if !s.name.ends_with(" (edited)") && s.name.len() + 9 <= Scenario::MAX_NAME_LEN {
                    s.name.push_str(" (edited)");
                }
                cb.emit(Action::Load(Box::new(s)));
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let s = &props.scenario;
    let on_policy = {
        let s = s.clone();
        let apply = apply.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut next = s.clone();
            next.policy = policy_named(&select.value(), &s.policy);
            apply(next);
        })
    };
    let mut knobs = Vec::new();
    if let Policy::WriteBehind(wb) = &s.policy {
        knobs.push(Knob {
            id: "knob-delay",
            label: "write delay (µs)",
            value: wb.write_delay_us,
            set: |s, v| {
                if let Some(wb) = behind(s) {
                    wb.write_delay_us = v;
                }
            },
        });
        knobs.push(Knob {
            id: "knob-batch",
            label: "batch size",
            value: u64::from(wb.batch_size),
            set: |s, v| {
                if let Some(wb) = behind(s) {
                    wb.batch_size = u32::try_from(v).unwrap_or(u32::MAX);
                }
            },
        });
    }
    knobs.push(Knob {
        id: "knob-ttl",
        label: "TTL (µs, 0 = none)",
        value: s.cache.ttl_us,
        set: |s, v| s.cache.ttl_us = v,
    });
    knobs.push(Knob {
        id: "knob-keys",
        label: "keys",
        value: u64::from(s.workload.keys),
        set: |s, v| s.workload.keys = u32::try_from(v).unwrap_or(u32::MAX),
    });
    knobs.push(Knob {
        id: "knob-reads",
        label: "reads (%)",
        value: u64::from(s.workload.read_percent),
        set: |s, v| s.workload.read_percent = u8::try_from(v).unwrap_or(u8::MAX),
    });
    if let Arrivals::Fixed { interval_us } = s.workload.arrivals {
        knobs.push(Knob {
            id: "knob-interval",
            label: "interval (µs)",
            value: interval_us,
            set: |s, v| s.workload.arrivals = Arrivals::Fixed { interval_us: v },
        });
    }
    let wal = match &s.policy {
        Policy::WriteBehind(wb) => Some(wb.wal),
        _ => None,
    };
    let on_wal = {
        let s = s.clone();
        let apply = apply.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut next = s.clone();
            if let Some(wb) = behind(&mut next) {
                wb.wal = match select.value().as_str() {
                    "fsync-every-write" => WalSpec::FsyncEveryWrite,
                    "group-commit" => WalSpec::GroupCommit {
                        interval_us: 1_000_000,
                        ack_after_fsync: false,
                    },
                    _ => WalSpec::None,
                };
            }
            apply(next);
        })
    };
    let wal_name = match wal {
        Some(WalSpec::FsyncEveryWrite) => "fsync-every-write",
        Some(WalSpec::GroupCommit { .. }) => "group-commit",
        _ => "none",
    };
    html! {
        <section class="panel knobs" aria-labelledby="knobs-title">
            <h2 id="knobs-title">{ "Knobs" }</h2>
            <div class="knob-grid">
                <label>{ "policy " }
                    <select id="knob-policy" onchange={on_policy}>
                        { for ["cache-aside", "read-through", "write-through", "write-around", "write-behind"].iter().map(|p| html! {
                            <option value={*p} selected={s.policy.name() == *p}>{ *p }</option>
                        }) }
                        if s.policy.name() == "selective" { <option value="selective" selected=true>{ "selective (edit below)" }</option> }
                    </select>
                </label>
                if wal.is_some() {
                    <label>{ "log " }
                        <select id="knob-wal" onchange={on_wal}>
                            { for ["none", "fsync-every-write", "group-commit"].iter().map(|w| html! {
                                <option value={*w} selected={wal_name == *w}>{ *w }</option>
                            }) }
                        </select>
                    </label>
                }
                { for knobs.into_iter().map(|k| {
                    let s = s.clone();
                    let apply = apply.clone();
                    let error = error.clone();
                    let set = k.set;
                    let label = k.label;
                    let onchange = Callback::from(move |e: Event| {
                        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                        match input.value().trim().parse::<u64>() {
                            Ok(v) => {
                                let mut next = s.clone();
                                set(&mut next, v);
                                apply(next);
                            }
                            Err(_) => error.set(Some(format!("{label}: must be a whole number"))),
                        }
                    });
                    html! {
                        <label>{ format!("{} ", k.label) }
                            <input id={k.id} type="number" min="0" value={k.value.to_string()} {onchange} />
                        </label>
                    }
                }) }
            </div>
            if let Some(e) = &*error { <p id="knob-error" class="field-error" role="alert">{ format!("✗ {e}: not applied") }</p> }
        </section>
    }
}
