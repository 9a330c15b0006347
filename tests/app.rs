//! Browser tests of the page: mount [`App`], press its controls, read the DOM.
//! Run with `wasm-pack test --headless --chrome` (via `cargo xtask test`).
//! Nothing here sleeps for a fixed time: tests wait on Yew's scheduler or on
//! a DOM mutation.

#![cfg(target_arch = "wasm32")]

mod common;

use common::{cache_picture, next_mutation, preset_hash, set_address};
use dirtybit::url::{self, Shared};
use dirtybit::App;
use dirtybit_sim::Scenario;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

thread_local! {
    /// The App the last test mounted, and its root: destroyed before the
    /// next mount, so no earlier App's effect writes the address after the
    /// next test has set it.
    static MOUNTED: std::cell::RefCell<Option<(yew::AppHandle<App>, Element)>> = const { std::cell::RefCell::new(None) };
}

/// Mounts a fresh App at the given address and waits for the first render.
async fn mount_at(search_and_hash: &str) -> Element {
    if let Some((app, root)) = MOUNTED.with(|m| m.borrow_mut().take()) {
        app.destroy();
        root.remove();
        yew::scheduler::flush().await;
    }
    set_address(if search_and_hash.is_empty() {
        "#"
    } else {
        search_and_hash
    });
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let app = yew::Renderer::<App>::with_root(root.clone()).render();
    MOUNTED.with(|m| *m.borrow_mut() = Some((app, root.clone())));
    yew::scheduler::flush().await;
    root
}

async fn mount() -> Element {
    mount_at("").await
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
    // Hazelcast's settings without its backup member.
    let mut scenario = dirtybit::presets::preset("write-behind-hazelcast").unwrap();
    scenario.cache.backup = None;
    let root = mount_at(&url::to_hash(&Shared {
        scenario,
        inputs: vec![],
        step: 0,
    }))
    .await;
    steps(&root, 400).await;
    assert!(
        text(&root, "#at-risk").contains("A crash now would lose"),
        "{}",
        text(&root, "#at-risk")
    );
    let held = text(&root, "#cache-held");
    assert!(
        held.ends_with("entries held") && !held.starts_with("0 of"),
        "{held}"
    );
    // No Step: the crash happens when pressed.
    click(&root, "#crash").await;
    let held = text(&root, "#cache-held");
    assert!(held.starts_with("0 of"), "the crash empties the node: {held}");
    assert!(text(&root, "#cache .empty").contains("crashed and lost its memory"));
    assert!(text(&root, "#event-log li .text").contains("CRASH"));
    assert!(
        text(&root, "#narration").starts_with("Done at t = "),
        "{}",
        text(&root, "#narration")
    );
    let down = text(&root, "#cache-down");
    assert!(
        down.contains("restarts at t = ") && down.contains("50 ms from now"),
        "{down}"
    );
    let lost = text(&root, "#lost");
    let total: u64 = figure(&root, "writes lost").parse().unwrap();
    // More than the list names, and more than the 64 records an earlier
    // version counted.
    assert!(total > 64, "the crash loses {total}");
    assert!(
        lost.starts_with(&format!(
            "✖ Already lost earlier in this run ({total} acknowledged writes, in crashes of the cache node): "
        )) && lost.contains(" = "),
        "{lost}"
    );
    assert!(lost.ends_with(&format!(", and {} more", total - 12)), "{lost}");
    // Never "loses nothing" above a list of losses.
    let at_risk = text(&root, "#at-risk");
    assert!(at_risk.contains("would lose nothing more"), "{at_risk}");
    assert!(text(&root, "#node-cache").contains("DOWN"));
    // The crash says why a few entries held so many writes.
    assert!(
        text(&root, "#event-log li .text").contains("coalescing had merged repeated writes"),
        "{}",
        text(&root, "#event-log li .text")
    );
}

#[wasm_bindgen_test]
async fn a_crash_loses_nothing_under_write_through() {
    let root = mount_at(&preset_hash("write-through")).await;
    steps(&root, 60).await;
    assert!(
        text(&root, "#at-risk").contains("would lose nothing"),
        "{}",
        text(&root, "#at-risk")
    );
    click(&root, "#crash").await;
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
    // The address is written at most every 100 ms: wait for the last write.
    let step_now = || {
        text(&root, "#clock")
            .split("step ")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .unwrap_or_default()
            .to_string()
    };
    until(&root, || {
        find(&root, "main").get_attribute("data-address-step") == Some(step_now())
    })
    .await;
    let hash = web_sys::window().unwrap().location().hash().unwrap();
    let shared = url::from_hash(&hash)
        .unwrap()
        .expect("the page writes its state into the hash");
    // The write was sent when pressed (at least one step), then 3 more.
    assert!(shared.step > 10, "{}", shared.step);
    assert!(text(&root, "#clock").contains(&format!("step {}", shared.step)));
    assert_eq!(shared.inputs.len(), 1);
    assert!(shared.scenario.name.contains("redo log"));
    let narration = text(&root, "#narration");
    let picture = cache_picture(&root);
    let again = mount_at(&hash).await;
    assert!(text(&again, "#clock").contains(&format!("step {}", shared.step)));
    assert_eq!(text(&again, "#narration"), narration);
    assert_eq!(cache_picture(&again), picture);
}

#[wasm_bindgen_test]
async fn many_quick_steps_still_leave_the_last_step_in_the_address() {
    // Chrome ignores history updates past about 200 in 10 s; the page must
    // not spend them all, or the address (and a link) stops following.
    let root = mount().await;
    steps(&root, 300).await;
    until(&root, || {
        find(&root, "main").get_attribute("data-address-step").as_deref() == Some("300")
    })
    .await;
    let hash = web_sys::window().unwrap().location().hash().unwrap();
    assert_eq!(url::from_hash(&hash).unwrap().unwrap().step, 300);
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
    assert_eq!(count(&root, "#log-summary"), 1, "the log stays unless hidden");
    // `hide=` names what is hidden, and only that.
    let root = mount_at("?embed&hide=log#").await;
    assert_eq!(count(&root, "#log-summary"), 0);
    assert_eq!(count(&root, "#scenario-json"), 1);
    assert_eq!(count(&root, "#knob-policy"), 1);
    let root = mount_at("?embed&hide=editor,knobs,log#").await;
    assert_eq!(
        count(&root, "#scenario-json") + count(&root, "#knob-policy") + count(&root, "#log-summary"),
        0
    );
    set_address("#");
}

#[wasm_bindgen_test]
async fn the_presenter_view_scales_the_whole_page() {
    let html = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .document_element()
        .unwrap();
    mount_at("#").await;
    assert!(!html.class_list().contains("present"));
    mount_at("?present#").await;
    assert!(
        html.class_list().contains("present"),
        "?present marks <html> for the stylesheet"
    );
    mount_at("#").await;
    assert!(!html.class_list().contains("present"), "and only with ?present");
    set_address("#");
}

/// Sets a `<select>` and fires its change event.
async fn choose(root: &Element, selector: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = find(root, selector).unchecked_into();
    select.set_value(value);
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

/// Sets an `<input>` and fires its change event.
async fn enter(root: &Element, selector: &str, value: &str) {
    let input: HtmlInputElement = find(root, selector).unchecked_into();
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

/// Mounts `scenario` (JSON) at step 0.
async fn mount_scenario(json: &str) -> Element {
    let scenario: Scenario = serde_json::from_str(json).unwrap();
    mount_at(&url::to_hash(&Shared {
        scenario,
        inputs: vec![],
        step: 0,
    }))
    .await
}

#[wasm_bindgen_test]
async fn the_top_says_what_this_is_and_picks_the_scenario() {
    let root = mount().await;
    assert!(text(&root, "#intro").contains("Try:"));
    assert!(text(&root, "#shortcuts").contains("Space"), "the keys are shown");
    let picker: web_sys::HtmlSelectElement = find(&root, "header #preset").unchecked_into();
    assert_eq!(picker.value(), "write-through", "the loaded preset is named");
    choose(&root, "#preset", "cache-aside").await;
    assert!(text(&root, "#scenario-name").contains("policy: cache-aside"));
    assert!(
        text(&root, "#narration").contains("starts at step 0"),
        "{}",
        text(&root, "#narration")
    );
    let picker: web_sys::HtmlSelectElement = find(&root, "#preset").unchecked_into();
    assert_eq!(picker.value(), "cache-aside");
    enter(&root, "#knob-reads", "10").await;
    let picker: web_sys::HtmlSelectElement = find(&root, "#preset").unchecked_into();
    assert_eq!(picker.value(), "", "an edited scenario is no preset");
    assert!(text(&root, "#preset").contains("your own (edited)"));
    // The editor's reference is a link the page ships, not a bare path.
    assert!(!text(&root, ".editor").contains("docs/scenario.md"));
    assert_eq!(count(&root, ".editor a[href='scenario.md']"), 1);
}

#[wasm_bindgen_test]
async fn a_knob_change_keeps_the_step_and_says_so() {
    let root = mount().await;
    steps(&root, 20).await;
    enter(&root, "#knob-ttl", "2.5").await;
    assert!(
        text(&root, "#clock").contains("step 20"),
        "{}",
        text(&root, "#clock")
    );
    assert!(
        text(&root, "#narration").contains("to step 20"),
        "{}",
        text(&root, "#narration")
    );
    let ttl: HtmlInputElement = find(&root, "#knob-ttl").unchecked_into();
    assert_eq!(ttl.value(), "2.5", "the TTL is edited in ms");
    assert!(text(&root, ".knobs").contains("TTL (ms"));
}

#[wasm_bindgen_test]
async fn times_read_like_a_person_writes_them_and_symbols_are_explained() {
    let root = mount_at(&preset_hash("write-behind-hazelcast")).await;
    steps(&root, 30).await;
    let page = root.text_content().unwrap();
    assert!(
        !page.contains("000 ms") && !page.contains("000 s"),
        "fixed digits left: {page}"
    );
    assert!(
        text(&root, "#queue").contains("ripe in "),
        "{}",
        text(&root, "#queue")
    );
    let hop = text(&root, "#hop-client");
    assert!(hop.contains("request") && hop.contains("answer"), "{hop}");
    let version = find(&root, "#cache .entry .version");
    assert!(version.get_attribute("title").unwrap().contains("version"));
    assert!(text(&root, "#chart-writes figcaption").contains("per 10 ms of simulated time"));
}

#[wasm_bindgen_test]
async fn chart_text_is_no_smaller_than_the_small_text() {
    let root = mount().await;
    steps(&root, 30).await;
    let ticks = root.query_selector_all(".chart .tick").unwrap();
    assert!(ticks.length() > 5);
    for i in 0..ticks.length() {
        let tick: Element = ticks.item(i).unwrap().unchecked_into();
        let height = tick.get_bounding_client_rect().height();
        assert!(height >= 12.0, "{:?} is {height} px tall", tick.text_content());
    }
}

#[wasm_bindgen_test]
async fn failed_writes_say_why() {
    // Write-behind without coalescing, a queue of 4 that rejects, a slow
    // store: writes are turned away, and the page says why.
    let root = mount_scenario(
        r#"{"policy": {"kind": "write-behind", "write_delay_us": 100000, "coalescing": false,
            "queue_capacity": 4, "back_pressure": "reject"},
            "workload": {"ops": 300, "read_percent": 0, "keys": 4}}"#,
    )
    .await;
    click(&root, "#run-to-end").await;
    until(&root, || text(&root, "#clock").contains("the run is over")).await;
    let failed: u64 = figure(&root, "failed").parse().unwrap();
    assert!(failed > 0);
    let why = text(&root, "#metrics-why");
    assert!(why.contains("flush queue was full (it holds 4 entries)"), "{why}");
}

#[wasm_bindgen_test]
async fn every_event_of_a_filter_can_be_reached() {
    let root = mount_scenario(r#"{"workload": {"ops": 3000}}"#).await;
    click(&root, "#run-to-end").await;
    until(&root, || text(&root, "#clock").contains("the run is over")).await;
    choose(&root, "#log-filter", "2").await; // writes
    let summary = text(&root, "#log-summary");
    assert!(summary.contains("The latest 200 of the "), "{summary}");
    let total: u64 = summary
        .split("of the ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(text(&root, "#log-filter").contains(&format!("writes ({total})")));
    let first_seq = |root: &Element| -> u64 {
        find(root, "#event-log li:last-child")
            .get_attribute("data-seq")
            .unwrap()
            .parse()
            .unwrap()
    };
    let oldest_latest = first_seq(&root);
    click(&root, "#log-earlier").await;
    assert!(text(&root, "#log-summary").contains("An earlier page"));
    assert_eq!(count(&root, "#event-log li"), 200);
    let newest_earlier: u64 = find(&root, "#event-log li")
        .get_attribute("data-seq")
        .unwrap()
        .parse()
        .unwrap();
    assert!(newest_earlier < oldest_latest, "the page is earlier");
    let mut shown = 400;
    while count(&root, "#log-earlier") == 1 {
        click(&root, "#log-earlier").await;
        shown += u64::from(count(&root, "#event-log li"));
    }
    assert_eq!(shown, total, "the pages reach every write event");
    click(&root, "#log-latest").await;
    assert_eq!(first_seq(&root), oldest_latest);
}

#[wasm_bindgen_test]
async fn a_big_cache_is_a_dense_grid_with_detail_on_demand() {
    let root = mount_scenario(
        r#"{"policy": {"kind": "write-behind", "write_delay_us": 1000000},
            "cache": {"capacity": 2000}, "workload": {"ops": 4000, "keys": 2000, "read_percent": 20}}"#,
    )
    .await;
    steps(&root, 300).await;
    assert_eq!(count(&root, "#cache-grid"), 1);
    assert_eq!(count(&root, "#cache .entry"), 0, "no tile per key");
    assert!(
        count(&root, "#cache-grid path") <= 10,
        "a path per state, not per key"
    );
    assert!(text(&root, "#cache-grid .dense-legend").contains("dirty"));
    let dirty = find(&root, "#cache-grid path.dirty");
    assert!(dirty
        .get_attribute("fill")
        .unwrap()
        .starts_with("url(#cache-dirty)"));
    enter(&root, "#store-inspect", "1999").await;
    assert!(
        text(&root, "#store-detail").starts_with("k1999: "),
        "{}",
        text(&root, "#store-detail")
    );
    assert!(count(&root, "#store-grid") == 1);
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

/// The flush queue marks the flushes the core plans, not every
/// `batch_size` entries: with no ride-along and writes 1 ms apart, each
/// flush takes one entry however large the batch may be.
#[wasm_bindgen_test]
async fn the_queue_marks_the_flushes_the_flusher_will_send() {
    let json = r#"{"policy": {"kind": "write-behind", "write_delay_us": 100000, "batch_size": 3,
        "coalescing": false, "batch_factor_percent": 0},
        "workload": {"ops": 40, "read_percent": 0, "keys": 16,
        "arrivals": {"kind": "fixed", "interval_us": 1000}}}"#;
    let root = mount_scenario(json).await;
    steps(&root, 24).await;
    let mut sim = dirtybit_sim::Sim::new(serde_json::from_str(json).unwrap()).unwrap();
    sim.run_steps(24);
    let waiting = sim.flush_queues().remove(0).waiting;
    assert!(waiting.len() > 3, "{} waiting", waiting.len());
    let mut expected = Vec::new();
    for (i, w) in waiting.iter().take(48).enumerate() {
        if i == 0 || waiting[i - 1].batch != w.batch {
            expected.push(if w.batch == 0 {
                "next flush".to_string()
            } else {
                format!("flush {}", w.batch + 1)
            });
        }
    }
    let marks = root.query_selector_all("#queue .batch-boundary").unwrap();
    let shown: Vec<String> = (0..marks.length())
        .map(|i| marks.item(i).unwrap().text_content().unwrap())
        .collect();
    assert_eq!(shown, expected);
    assert_eq!(shown.len(), waiting.len().min(48), "one entry a flush: {shown:?}");
}

/// The ids of the keys listed in a layer of the "Below the store" panel.
fn layer_keys(root: &Element, layer: &str) -> Vec<String> {
    let items = root.query_selector_all(&format!("#{layer} .chips li")).unwrap();
    (0..items.length())
        .map(|i| {
            items
                .item(i)
                .unwrap()
                .unchecked_into::<Element>()
                .get_attribute("data-key")
                .unwrap()
        })
        .collect()
}

/// A buffered write waits in the page cache, the OS writes it back into
/// the device's cache, the device writes it to the medium: the panel shows
/// each key where the core says it is, step by step.
#[wasm_bindgen_test]
async fn the_layers_below_the_store_show_writes_moving_down() {
    let json = r#"{"policy": {"kind": "write-through"},
        "store": {"storage": {"sync": "buffered", "write_cache": "volatile", "medium_us": 15, "cache_us": 1,
                  "dirty_expire_us": 20000, "writeback_interval_us": 10000, "destage_us": 30000}},
        "workload": {"ops": 6, "read_percent": 0, "keys": 4, "arrivals": {"kind": "fixed", "interval_us": 1000}}}"#;
    let root = mount_scenario(json).await;
    assert_eq!(
        count(&root, "#below"),
        1,
        "the panel appears with layers below the store"
    );
    let scenario: Scenario = serde_json::from_str(json).unwrap();
    let mut sim = dirtybit_sim::Sim::new(scenario).unwrap();
    let mut seen = (false, false);
    for step in 1..=60 {
        click(&root, "#step").await;
        if sim.step().is_none() {
            break;
        }
        let view = sim.below().unwrap();
        let keys = |list: &[(dirtybit_sim::Key, dirtybit_sim::Versioned)]| -> Vec<String> {
            list.iter().map(|(k, _)| k.to_string()).collect()
        };
        assert_eq!(layer_keys(&root, "layer-page"), keys(&view.page), "step {step}");
        assert_eq!(
            layer_keys(&root, "layer-device"),
            keys(&view.device),
            "step {step}"
        );
        seen.0 |= !view.page.is_empty();
        seen.1 |= !view.device.is_empty();
    }
    assert!(seen.0 && seen.1, "writes were seen in both volatile layers");
    assert!(
        text(&root, "#layer-medium").contains("4 keys"),
        "{}",
        text(&root, "#layer-medium")
    );
}

/// The power-cut button: the writes in the lying device's cache are gone,
/// and the page says so.
#[wasm_bindgen_test]
async fn cutting_the_store_power_loses_what_a_lying_device_held() {
    let root = mount_at(&preset_hash("write-through-lying-ssd")).await;
    assert_eq!(count(&root, "#power-cut"), 1);
    steps(&root, 40).await;
    let held = layer_keys(&root, "layer-device");
    assert!(!held.is_empty(), "the lying device holds acknowledged writes");
    assert!(
        text(&root, "#layer-device").contains("acknowledged"),
        "{}",
        text(&root, "#layer-device")
    );
    click(&root, "#power-cut").await;
    assert!(
        text(&root, "#narration").contains("loses power"),
        "{}",
        text(&root, "#narration")
    );
    assert!(
        layer_keys(&root, "layer-device").is_empty(),
        "the volatile cache is empty"
    );
    assert!(text(&root, "#loss").contains("lost"), "{}", text(&root, "#loss"));
    // Without layers below the store there is no power button.
    let root = mount().await;
    assert_eq!(count(&root, "#power-cut"), 0);
}

/// Where the time went: ten writes through one store connection (the
/// golden test's run, worked by hand in crates/sim/tests/spent.rs): the
/// p99 bar is 73.5 ms, 63 ms of it waiting for the connection; pressing an
/// answer in the log shows that operation's own parts.
#[wasm_bindgen_test]
async fn the_time_bars_show_what_the_p99_waited_for_and_a_pressed_answer_its_own() {
    let json = r#"{"policy": {"kind": "write-through"}, "store": {"pool_size": 1},
        "workload": {"ops": 0, "keys": 10, "script": [
            {"at_us": 0, "op": "write", "key": 0}, {"at_us": 0, "op": "write", "key": 1},
            {"at_us": 0, "op": "write", "key": 2}, {"at_us": 0, "op": "write", "key": 3},
            {"at_us": 0, "op": "write", "key": 4}, {"at_us": 0, "op": "write", "key": 5},
            {"at_us": 0, "op": "write", "key": 6}, {"at_us": 0, "op": "write", "key": 7},
            {"at_us": 0, "op": "write", "key": 8}, {"at_us": 0, "op": "write", "key": 9}]}}"#;
    let root = mount_scenario(json).await;
    assert!(text(&root, "#spent").contains("Nothing answered yet"));
    click(&root, "#run-to-end").await;
    until(&root, || text(&root, "#clock").contains("the run is over")).await;
    let p99 = find(&root, "#spent-writes [data-percentile='p99']");
    assert!(
        p99.text_content().unwrap().contains("p99 73.5 ms"),
        "{}",
        p99.text_content().unwrap()
    );
    assert!(p99
        .text_content()
        .unwrap()
        .contains("waiting for a connection, 86%"));
    // 63 of 73.5 ms: 85.714% of the bar.
    let wait = p99.query_selector("rect.part-pool_wait").unwrap().unwrap();
    assert_eq!(wait.get_attribute("width").as_deref(), Some("85.714"));
    // The median bar is on the same scale: 38.5 of 73.5 ms wide in all.
    let p50 = find(&root, "#spent-writes [data-percentile='p50']");
    let widths: f64 = (0..p50.query_selector_all("rect").unwrap().length())
        .map(|i| {
            let r: Element = p50
                .query_selector_all("rect")
                .unwrap()
                .item(i)
                .unwrap()
                .unchecked_into();
            r.get_attribute("width").unwrap().parse::<f64>().unwrap()
        })
        .sum();
    assert!((widths - 38_500.0 / 73_500.0 * 100.0).abs() < 0.01, "{widths}");
    // Press the first write's acknowledgement in the log: its own parts, no waiting.
    let first_ack = root.query_selector_all("#event-log li.write-acked").unwrap();
    let oldest: Element = first_ack.item(first_ack.length() - 1).unwrap().unchecked_into();
    oldest
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    yew::scheduler::flush().await;
    let last = text(&root, "#spent-last");
    assert!(last.contains("op 1, a write of k0: 10.5 ms"), "{last}");
    assert!(!last.contains("waiting for a connection"), "{last}");
}

/// A standby 10 ms away (the store's commit hop: answers at 8.5 ms). Under
/// `local` a write is acknowledged before the standby has it: the panel
/// says losing the primary would lose it, and pressing "Lose the primary"
/// loses it. Under `on` the commit waits for the standby: the panel counts
/// it waiting, and the panel's lists are the core's view, step by step.
#[wasm_bindgen_test]
async fn the_standby_panel_shows_what_losing_the_primary_would_lose_and_the_button_loses_it() {
    let scenario = |waits: &str| {
        format!(
            r#"{{"policy": {{"kind": "write-through"}},
            "store": {{"standby": {{"waits_for": "{waits}", "link_us": 10000, "flush_us": 20000}}}},
            "workload": {{"ops": 0, "keys": 2, "script": [{{"at_us": 0, "op": "write", "key": 0}}]}}}}"#
        )
    };
    let root = mount_scenario(&scenario("none")).await;
    assert_eq!(count(&root, "#standby"), 1);
    assert_eq!(count(&root, "#lose-primary"), 1);
    let mut n = 0;
    while !text(&root, "#standby-risk").contains("lose 1 acknowledged write") {
        click(&root, "#step").await;
        n += 1;
        assert!(n < 40, "{}", text(&root, "#standby"));
    }
    assert!(
        text(&root, "#standby-link").contains("k0"),
        "{}",
        text(&root, "#standby-link")
    );
    click(&root, "#lose-primary").await;
    let said = text(&root, "#narration");
    assert!(
        said.contains("lost for good") && said.contains("never received them: k0"),
        "{said}"
    );
    assert_eq!(count(&root, "#standby"), 0, "promoted: no standby any more");
    assert!(text(&root, "#loss").contains("lost"), "{}", text(&root, "#loss"));

    let json = scenario("flush");
    let root = mount_scenario(&json).await;
    let mut sim = dirtybit_sim::Sim::new(serde_json::from_str::<Scenario>(&json).unwrap()).unwrap();
    let mut waited = false;
    let mut replicating = false;
    for step in 0..30 {
        let view = sim.standby_view().unwrap();
        let keys = |list: &[(dirtybit_sim::Key, dirtybit_sim::Versioned)]| -> Vec<String> {
            list.iter().map(|(k, _)| k.to_string()).collect()
        };
        assert_eq!(
            layer_keys(&root, "standby-link"),
            keys(&view.on_the_way),
            "step {step}"
        );
        assert_eq!(
            layer_keys(&root, "standby-os"),
            keys(&view.received),
            "step {step}"
        );
        let w = text(&root, "#standby-waiting");
        assert!(
            w.starts_with(&format!("{} commit", view.commits_waiting)),
            "step {step}: {w}"
        );
        waited |= view.commits_waiting == 1;
        // A row the standby has not flushed is not durable yet, and says so.
        assert_eq!(
            count(&root, "#store [data-state=replicating]") as usize,
            view.unreplicated.len(),
            "step {step}"
        );
        replicating |= !view.unreplicated.is_empty();
        if sim.step().is_none() {
            break;
        }
        click(&root, "#step").await;
    }
    assert!(waited, "the commit waited for the standby");
    assert!(replicating, "the store's row waited for the standby's flush");
}

/// Hazelcast with its synchronous backup member: the same crash loses
/// nothing; the event says the backup holds the writes, the loss panel
/// says nothing would be lost, and the node is down until the takeover.
#[wasm_bindgen_test]
async fn a_crash_under_hazelcast_loses_nothing_its_backup_member_holds_it() {
    let root = mount_at(&preset_hash("write-behind-hazelcast")).await;
    steps(&root, 400).await;
    assert!(
        text(&root, "#at-risk").contains("would lose nothing"),
        "{}",
        text(&root, "#at-risk")
    );
    click(&root, "#crash").await;
    let said = text(&root, "#event-log li .text");
    assert!(
        said.contains("the backup member holds") && said.contains("no acknowledged write is lost"),
        "{said}"
    );
    assert_eq!(figure(&root, "writes lost"), "0");
    let down = text(&root, "#cache-down");
    assert!(
        down.contains("backup member takes over") && down.contains("1 min from now"),
        "the backup takes over after 60 s: {down}"
    );
}

/// The cache node's power cut, over a log on a device that lies: at every
/// step the log records only in the device's cache are marked and counted
/// as the core counts what a power cut would take, while a crash of the
/// node would lose nothing; the button takes them, and the page says so.
#[wasm_bindgen_test]
async fn cutting_the_cache_nodes_power_loses_what_its_lying_log_device_held() {
    let root = mount_at(&preset_hash("write-behind-lying-log")).await;
    assert_eq!(count(&root, "#node-power-cut"), 1);
    let json = include_str!("../scenarios/write-behind-lying-log.json");
    let mut sim = dirtybit_sim::Sim::new(serde_json::from_str::<Scenario>(json).unwrap()).unwrap();
    let mut at_risk = 0;
    for step in 0..40 {
        let volatile = sim
            .flush_queues()
            .iter()
            .flat_map(|q| q.log.iter())
            .filter(|r| r.volatile_until.is_some())
            .count()
            .min(16);
        assert_eq!(
            count(&root, ".log-records li.volatile") as usize,
            volatile,
            "step {step}"
        );
        at_risk = sim
            .crash_would_lose_to(dirtybit_sim::storage::CrashKind::Power)
            .len();
        if at_risk > 0 {
            let power = text(&root, "#at-risk-power");
            assert!(
                power.contains(&format!("would lose {at_risk} acknowledged write")),
                "step {step}: {power}"
            );
            assert!(
                text(&root, "#at-risk").contains("would lose nothing"),
                "step {step}: {}",
                text(&root, "#at-risk")
            );
        } else {
            assert_eq!(count(&root, "#at-risk-power"), 0, "step {step}");
        }
        let _ = sim.step();
        click(&root, "#step").await;
    }
    assert!(at_risk > 0, "acknowledged writes sat in the device's cache");
    let at_risk = sim
        .crash_would_lose_to(dirtybit_sim::storage::CrashKind::Power)
        .len();
    assert!(
        text(&root, ".log-records li.volatile .tag").contains("power cut"),
        "{}",
        text(&root, ".log-records")
    );
    click(&root, "#node-power-cut").await;
    let said = text(&root, "#narration");
    assert!(said.contains("POWER CUT"), "{said}");
    assert!(said.contains(&format!("{at_risk} acknowledged write")), "{said}");
    assert!(text(&root, "#loss").contains("lost"), "{}", text(&root, "#loss"));
    // A log without a device: no such button.
    let root = mount_at(&preset_hash("write-behind-redo-log")).await;
    assert_eq!(count(&root, "#node-power-cut"), 0);
}
