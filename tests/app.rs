//! Browser tests of the page: mount [`App`], press its controls, read the DOM.
//! Run with `wasm-pack test --headless --chrome` (via `cargo xtask test`).
//! Nothing here sleeps for a fixed time: tests wait on Yew's scheduler or on
//! a DOM mutation.

#![cfg(target_arch = "wasm32")]

mod common;

use common::next_mutation;
use dirtybit::url::{self, Shared};
use dirtybit::App;
use dirtybit_sim::Scenario;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Sets the address (query and hash) without navigating.
fn set_address(search_and_hash: &str) {
    let window = web_sys::window().unwrap();
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search_and_hash}")),
        )
        .unwrap();
}

/// Mounts a fresh App at the given address and waits for the first render.
async fn mount_at(search_and_hash: &str) -> Element {
    set_address(if search_and_hash.is_empty() {
        "#"
    } else {
        search_and_hash
    });
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

async fn mount() -> Element {
    mount_at("").await
}

/// The hash that opens `preset` at step 0.
fn preset_hash(preset: &str) -> String {
    let scenario = dirtybit::presets::preset(preset).unwrap();
    url::to_hash(&Shared {
        scenario,
        inputs: vec![],
        step: 0,
    })
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

async fn click(root: &Element, selector: &str) {
    find(root, selector).unchecked_into::<HtmlElement>().click();
    yew::scheduler::flush().await;
}

async fn steps(root: &Element, n: usize) {
    for _ in 0..n {
        click(root, "#step").await;
    }
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

/// Each cache entry as "key=state:value", in order.
fn cache_picture(root: &Element) -> Vec<String> {
    let entries = root.query_selector_all("#cache [data-key]").unwrap();
    (0..entries.length())
        .map(|i| {
            let e: Element = entries.item(i).unwrap().unchecked_into();
            format!(
                "{}={}:{}",
                e.get_attribute("data-key").unwrap(),
                e.get_attribute("data-state").unwrap(),
                text(&e, ".value")
            )
        })
        .collect()
}

/// The value of the metrics strip's figure labelled `label`.
fn figure(root: &Element, label: &str) -> String {
    let figures = root.query_selector_all("#metrics .figure").unwrap();
    (0..figures.length())
        .map(|i| figures.item(i).unwrap().unchecked_into::<Element>())
        .find(|f| text(f, "dt") == label)
        .map(|f| text(&f, "dd"))
        .unwrap_or_else(|| panic!("no figure {label}"))
}

/// Waits (on DOM mutations) until `cond` holds.
async fn until(root: &Element, cond: impl Fn() -> bool) {
    while !cond() {
        next_mutation(root).await;
    }
}

async fn key(root: &Element, key: &str) {
    let main = find(root, "main");
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let e = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    main.dispatch_event(&e).unwrap();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn step_grows_the_log_and_changes_an_entry() {
    let root = mount().await;
    assert_eq!(
        count(&root, "#event-log li"),
        0,
        "the page starts paused, with an empty log"
    );
    let before = cache_picture(&root);
    let mut changed = false;
    for press in 1..=30 {
        click(&root, "#step").await;
        assert_eq!(count(&root, "#event-log li"), press, "one event per press");
        if cache_picture(&root) != before {
            changed = true;
            break;
        }
    }
    assert!(
        changed,
        "30 steps changed no cache entry: {:?}",
        cache_picture(&root)
    );
    assert_eq!(
        text(&root, "#narration"),
        text(&root, "#event-log li .text"),
        "the live region narrates the step"
    );
}

#[wasm_bindgen_test]
async fn a_write_turns_its_entry_writing_then_clean() {
    let root = mount().await;
    let mut last: std::collections::HashMap<String, String> = Default::default();
    for _ in 0..300 {
        click(&root, "#step").await;
        for entry in cache_picture(&root) {
            let (key, rest) = entry.split_once('=').unwrap();
            let state = rest.split(':').next().unwrap().to_string();
            if last.get(key).map(String::as_str) == Some("writing") && state == "clean" {
                return;
            }
            last.insert(key.to_string(), state);
        }
    }
    panic!("no entry went from writing to clean in 300 steps: {last:?}");
}

#[wasm_bindgen_test]
async fn step_back_and_reset_return_to_earlier_states() {
    let root = mount().await;
    steps(&root, 6).await;
    let after_5 = {
        click(&root, "#step-back").await;
        text(&root, "#clock")
    };
    assert!(after_5.contains("step 5"), "{after_5}");
    assert_eq!(count(&root, "#event-log li"), 5);
    click(&root, "#reset").await;
    assert!(text(&root, "#clock").contains("step 0"));
    assert_eq!(count(&root, "#event-log li"), 0);
    assert!(find(&root, "#step-back").has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn play_runs_the_timer_and_pause_stops_it() {
    let root = mount().await;
    let play = find(&root, "#play");
    assert_eq!(
        play.get_attribute("aria-pressed").as_deref(),
        Some("false"),
        "it starts paused"
    );
    let speed: HtmlInputElement = find(&root, "#speed").unchecked_into();
    speed.set_value("60");
    speed
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert!(text(&root, ".speed output").contains("60 steps/s"));
    click(&root, "#play").await;
    assert_eq!(play.get_attribute("aria-pressed").as_deref(), Some("true"));
    until(&root, || count(&root, "#event-log li") >= 3).await;
    click(&root, "#play").await;
    assert_eq!(play.get_attribute("aria-pressed").as_deref(), Some("false"));
    assert!(play.text_content().unwrap().contains("Play"));
}

#[wasm_bindgen_test]
async fn run_to_end_finishes_in_slices_with_a_progress_bar() {
    let root = mount().await;
    click(&root, "#run-to-end").await;
    assert!(count(&root, "#progress") == 1 || text(&root, "#clock").contains("over"));
    until(&root, || text(&root, "#clock").contains("the run is over")).await;
    assert_eq!(count(&root, "#progress"), 0);
    assert!(find(&root, "#step").has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn the_keyboard_drives_the_simulator() {
    let root = mount().await;
    key(&root, "ArrowRight").await;
    key(&root, "ArrowRight").await;
    assert!(text(&root, "#clock").contains("step 2"));
    key(&root, "ArrowLeft").await;
    assert!(text(&root, "#clock").contains("step 1"));
    key(&root, " ").await;
    assert_eq!(
        find(&root, "#play").get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    key(&root, " ").await;
    key(&root, "r").await;
    assert!(text(&root, "#clock").contains("step 0"));
}

#[wasm_bindgen_test]
async fn a_crash_loses_acknowledged_writes_under_write_behind() {
    let root = mount_at(&preset_hash("write-behind-hazelcast")).await;
    steps(&root, 400).await;
    assert!(
        text(&root, "#at-risk").contains("A crash now loses"),
        "{}",
        text(&root, "#at-risk")
    );
    let held = text(&root, "#cache-held");
    assert!(
        held.ends_with("entries held") && !held.starts_with("0 of"),
        "{held}"
    );
    click(&root, "#crash").await;
    steps(&root, 1).await;
    let held = text(&root, "#cache-held");
    assert!(held.starts_with("0 of"), "the crash empties the node: {held}");
    assert!(text(&root, "#cache .empty").contains("crashed and lost its memory"));
    assert!(text(&root, "#event-log li .text").contains("CRASH"));
    let lost = text(&root, "#lost");
    let total: u64 = figure(&root, "writes lost").parse().unwrap();
    // More than the list names, and more than the 64 records an earlier
    // version counted.
    assert!(total > 64, "the crash loses {total}");
    assert!(
        lost.starts_with(&format!("✖ Lost so far ({total}): ")) && lost.contains(" = "),
        "{lost}"
    );
    assert!(lost.ends_with(&format!(", and {} more", total - 12)), "{lost}");
    assert!(text(&root, "#at-risk").contains("loses nothing"));
    assert!(text(&root, "#node-cache").contains("DOWN"));
}

#[wasm_bindgen_test]
async fn a_crash_loses_nothing_under_write_through() {
    let root = mount_at(&preset_hash("write-through")).await;
    steps(&root, 60).await;
    assert!(
        text(&root, "#at-risk").contains("loses nothing"),
        "{}",
        text(&root, "#at-risk")
    );
    click(&root, "#crash").await;
    steps(&root, 1).await;
    assert!(text(&root, "#event-log li .text").contains("no acknowledged write is lost"));
    assert_eq!(count(&root, "#lost"), 0);
}

#[wasm_bindgen_test]
async fn cache_aside_shows_a_stale_read_from_a_racing_fill() {
    // R reads k0 at 0 (store read from 2.5 ms), W writes k0 at 1 ms (committed
    // at 9 ms), R's late SET puts the old value back; a read at 20 ms is stale.
    let scenario: Scenario = serde_json::from_str(
        r#"{"policy": {"kind": "cache-aside"}, "workload": {"ops": 0, "keys": 2, "script": [
            {"at_us": 0, "op": "read", "key": 0},
            {"at_us": 1000, "op": "write", "key": 0},
            {"at_us": 20000, "op": "read", "key": 0}]}}"#,
    )
    .unwrap();
    let hash = url::to_hash(&Shared {
        scenario,
        inputs: vec![],
        step: 0,
    });
    let root = mount_at(&hash).await;
    click(&root, "#run-to-end").await;
    until(&root, || text(&root, "#clock").contains("the run is over")).await;
    let filter: web_sys::HtmlSelectElement = find(&root, "#log-filter").unchecked_into();
    filter.set_value("6");
    filter
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert_eq!(count(&root, "#event-log li"), 1, "one stale read");
    assert!(text(&root, "#event-log li").contains("STALE"));
    assert!(text(&root, "#event-log li .text").contains("stale: the store already has v2, for 12 ms"));
}

#[wasm_bindgen_test]
async fn clicking_an_event_jumps_to_right_after_it() {
    let root = mount().await;
    steps(&root, 12).await;
    let items = root.query_selector_all("#event-log li button").unwrap();
    let fifth_from_top: HtmlElement = items.item(4).unwrap().unchecked_into();
    fifth_from_top.click(); // newest first: event 7 of 0..=11
    yew::scheduler::flush().await;
    assert!(
        text(&root, "#clock").contains("step 8"),
        "{}",
        text(&root, "#clock")
    );
}

#[wasm_bindgen_test]
async fn the_address_round_trips_the_scenario_inputs_and_step() {
    let root = mount_at(&preset_hash("write-behind-redo-log")).await;
    steps(&root, 7).await;
    click(&root, "#hand-write").await;
    steps(&root, 3).await;
    let hash = web_sys::window().unwrap().location().hash().unwrap();
    let shared = url::from_hash(&hash)
        .unwrap()
        .expect("the page writes its state into the hash");
    assert_eq!(shared.step, 10);
    assert_eq!(shared.inputs.len(), 1);
    assert!(shared.scenario.name.contains("redo log"));
    let narration = text(&root, "#narration");
    let again = mount_at(&hash).await;
    assert!(text(&again, "#clock").contains("step 10"));
    assert_eq!(text(&again, "#narration"), narration);
    assert_eq!(cache_picture(&again), cache_picture(&root));
}

#[wasm_bindgen_test]
async fn a_malformed_link_shows_a_message_not_a_blank_page() {
    let root = mount_at("#s=%%%not-base64").await;
    assert!(
        text(&root, "#notice").contains("damaged"),
        "{}",
        text(&root, "#notice")
    );
    assert_eq!(count(&root, "#step"), 1, "the page still works");
    let invalid = format!(
        "#s={}",
        url::encode_b64(br#"{"scenario": {"workload": {"keys": 0}}}"#)
    );
    let root = mount_at(&invalid).await;
    assert!(text(&root, "#notice").contains("workload.keys: must be 1..=100000, got 0"));
    click(&root, "#notice button").await;
    assert_eq!(count(&root, "#notice"), 0);
}

#[wasm_bindgen_test]
async fn the_editor_names_the_bad_field_and_keeps_the_text() {
    let root = mount().await;
    let area: web_sys::HtmlTextAreaElement = find(&root, "#scenario-json").unchecked_into();
    let bad = area.value().replace("\"keys\": 8", "\"keys\": 0");
    area.set_value(&bad);
    area.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert!(text(&root, "#scenario-error").contains("workload.keys: must be 1..=100000, got 0"));
    assert!(find(&root, "#apply").has_attribute("disabled"));
    assert_eq!(area.value(), bad, "what was typed is kept");
    area.set_value(&bad.replace("\"keys\": 0", "\"keys\": 3"));
    area.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    click(&root, "#apply").await;
    assert_eq!(
        count(&root, "#hand-key option"),
        3,
        "the new scenario is in force"
    );
}

#[wasm_bindgen_test]
async fn the_knobs_switch_the_policy_and_refuse_a_value_out_of_range() {
    let root = mount().await;
    assert_eq!(count(&root, "#queue"), 0);
    let policy: web_sys::HtmlSelectElement = find(&root, "#knob-policy").unchecked_into();
    policy.set_value("write-behind");
    policy
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert!(text(&root, ".subtitle").contains("policy: write-behind"));
    assert_eq!(count(&root, "#queue"), 1, "the flush queue appears");
    assert_eq!(count(&root, "#knob-delay"), 1);
    let keys: HtmlInputElement = find(&root, "#knob-keys").unchecked_into();
    keys.set_value("0");
    keys.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert!(text(&root, "#knob-error").contains("workload.keys: must be 1..=100000, got 0"));
    assert!(
        text(&root, ".subtitle").contains("policy: write-behind"),
        "nothing was lost"
    );
    assert_eq!(
        count(&root, "#hand-key option"),
        8,
        "the old scenario is still in force"
    );
}

#[wasm_bindgen_test]
async fn embedding_hides_the_editor() {
    let root = mount_at("?embed#").await;
    assert_eq!(count(&root, "#scenario-json"), 0);
    assert_eq!(count(&root, "#knob-policy"), 0);
    assert_eq!(count(&root, "#step"), 1);
    set_address("#");
}

#[wasm_bindgen_test]
fn a_panic_shows_a_banner() {
    dirtybit::panic_banner::show("test message");
    let document = web_sys::window().unwrap().document().unwrap();
    let banner = document
        .get_element_by_id(dirtybit::panic_banner::BANNER_ID)
        .unwrap();
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    assert!(banner.text_content().unwrap().contains("test message"));
    banner.remove();
}
