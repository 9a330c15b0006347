//! The most used knobs as a form: the policy, and the numbers a lesson
//! usually turns (write delay, batch size, the log, TTL, keys, read share,
//! arrival interval), times in milliseconds. Each change runs the edited
//! scenario again, with the user's inputs, to the step it was at (and says
//! so); a value out of range is not applied and its message names the field
//! and the range. Every other knob is in the JSON editor below.

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

/// A numeric knob: its label, its id, its value (in the scenario's unit),
/// how to set it, and whether a person edits it in milliseconds while the
/// scenario holds microseconds.
struct Knob {
    id: &'static str,
    label: &'static str,
    value: u64,
    set: fn(&mut Scenario, u64),
    millis: bool,
}

/// `us` as milliseconds for a number field: `1500` -> `1.5`.
fn as_ms(us: u64) -> String {
    super::fixed(us as f64 / 1_000.0, 3)
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_string()
}

/// A number field's text in milliseconds as microseconds (whole µs).
fn parse_ms(text: &str) -> Option<u64> {
    let x: f64 = text.trim().parse().ok()?;
    (x.is_finite() && x >= 0.0).then(|| (x * 1_000.0).round() as u64)
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
                cb.emit(Action::Edit(Box::new(s)));
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
            label: "write delay (ms)",
            millis: true,
            value: wb.write_delay_us,
            set: |s, v| {
                if let Some(wb) = behind(s) {
                    wb.write_delay_us = v;
                }
            },
        });
        knobs.push(Knob {
            id: "knob-batch",
            label: "batch size (entries)",
            millis: false,
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
        label: "TTL (ms, 0 = none)",
        millis: true,
        value: s.cache.ttl_us,
        set: |s, v| s.cache.ttl_us = v,
    });
    knobs.push(Knob {
        id: "knob-keys",
        label: "keys",
        millis: false,
        value: u64::from(s.workload.keys),
        set: |s, v| s.workload.keys = u32::try_from(v).unwrap_or(u32::MAX),
    });
    knobs.push(Knob {
        id: "knob-reads",
        label: "reads (%)",
        millis: false,
        value: u64::from(s.workload.read_percent),
        set: |s, v| s.workload.read_percent = u8::try_from(v).unwrap_or(u8::MAX),
    });
    if let Arrivals::Fixed { interval_us } = s.workload.arrivals {
        knobs.push(Knob {
            id: "knob-interval",
            label: "interval between requests (ms)",
            millis: true,
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
                    let millis = k.millis;
                    let onchange = Callback::from(move |e: Event| {
                        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                        let text = input.value();
                        let parsed = if millis { parse_ms(&text) } else { text.trim().parse::<u64>().ok() };
                        match parsed {
                            Some(v) => {
                                let mut next = s.clone();
                                set(&mut next, v);
                                apply(next);
                            }
                            None if millis => error.set(Some(format!("{label}: must be a number of milliseconds, 0 or more"))),
                            None => error.set(Some(format!("{label}: must be a whole number"))),
                        }
                    });
                    let (value, step) = if k.millis { (as_ms(k.value), "any") } else { (k.value.to_string(), "1") };
                    html! {
                        <label>{ format!("{} ", k.label) }
                            <input id={k.id} type="number" min="0" step={step} value={value} {onchange} />
                            if k.millis && k.value >= 60_000_000 {
                                <span class="hint">{ format!(" = {}", dirtybit_sim::time::Micros(k.value)) }</span>
                            }
                        </label>
                    }
                }) }
            </div>
            <p class="hint">{ "A change runs the new scenario again from the start, with your inputs, up to the step you were at." }</p>
            if let Some(e) = &*error { <p id="knob-error" class="field-error" role="alert">{ format!("✗ {e}: not applied") }</p> }
        </section>
    }
}
