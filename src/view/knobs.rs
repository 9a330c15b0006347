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

/// A number field's text in milliseconds as microseconds, rounded to the
/// whole µs: `2.5` -> 2500, `.0005` -> 1. Plain decimals only (a number
/// field gives nothing else), read by hand: the float parser would cost the
/// first paint 1 KB.
fn parse_ms(text: &str) -> Option<u64> {
    let (whole, frac) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    if whole.is_empty() && frac.is_empty() || !(whole.bytes().chain(frac.bytes())).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut us = if whole.is_empty() {
        0
    } else {
        whole.parse::<u64>().ok()?.checked_mul(1_000)?
    };
    // The first three fraction digits are µs; the fourth rounds them.
    let digits: Vec<u64> = frac
        .bytes()
        .map(|b| u64::from(b - b'0'))
        .chain([0; 4])
        .take(4)
        .collect();
    us = us.checked_add(digits[0] * 100 + digits[1] * 10 + digits[2] + u64::from(digits[3] >= 5))?;
    Some(us)
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

#[cfg(test)]
mod tests {
    use super::parse_ms;

    #[test]
    fn milliseconds_are_read_to_the_microsecond() {
        assert_eq!(parse_ms("2.5"), Some(2_500));
        assert_eq!(parse_ms(" 40 "), Some(40_000));
        assert_eq!(parse_ms("0.0015"), Some(2));
        assert_eq!(parse_ms(".25"), Some(250));
        assert_eq!(parse_ms("3."), Some(3_000));
        for bad in ["", ".", "-1", "1e3", "abc", "1.2.3", "99999999999999999999"] {
            assert_eq!(parse_ms(bad), None, "{bad}");
        }
    }
}
