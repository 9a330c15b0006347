//! Browser tests of the page: mount [`App`], press its controls, read the DOM.
//! Run with `wasm-pack test --headless --chrome` (via `cargo xtask test`).
//! Nothing here sleeps for a fixed time: tests wait on Yew's scheduler or on
//! a DOM mutation.

#![cfg(target_arch = "wasm32")]

use dirtybit::App;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a fresh App in its own element and waits for the first render.
async fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

async fn click(root: &Element, selector: &str) {
    find(root, selector).unchecked_into::<HtmlElement>().click();
    yew::scheduler::flush().await;
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
            let value = find(&e, ".value").text_content().unwrap_or_default();
            format!(
                "{}={}:{}",
                e.get_attribute("data-key").unwrap(),
                e.get_attribute("data-state").unwrap(),
                value
            )
        })
        .collect()
}

/// Resolves at the next change under `target` (event-driven, no timer).
async fn next_mutation(target: &Element) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let callback = Closure::once_into_js(move |_: js_sys::Array, observer: web_sys::MutationObserver| {
            observer.disconnect();
            resolve.call0(&wasm_bindgen::JsValue::NULL).unwrap();
        });
        let observer = web_sys::MutationObserver::new(callback.unchecked_ref()).unwrap();
        let options = web_sys::MutationObserverInit::new();
        options.set_child_list(true);
        options.set_subtree(true);
        observer.observe_with_options(target, &options).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
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
    let narration = find(&root, "#narration").text_content().unwrap();
    let newest = find(&root, "#event-log li .text").text_content().unwrap();
    assert_eq!(narration, newest, "the live region narrates the latest step");
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
async fn reset_returns_to_the_start() {
    let root = mount().await;
    for _ in 0..5 {
        click(&root, "#step").await;
    }
    assert_eq!(count(&root, "#event-log li"), 5);
    click(&root, "#reset").await;
    assert_eq!(count(&root, "#event-log li"), 0);
    assert!(find(&root, "#clock").text_content().unwrap().contains("step 0"));
}

#[wasm_bindgen_test]
async fn play_runs_the_timer_and_pause_stops_it() {
    let root = mount().await;
    let play = find(&root, "#play");
    assert_eq!(play.get_attribute("aria-pressed").as_deref(), Some("false"));
    // Fastest speed, then play: the timer steps without any press.
    let speed: HtmlInputElement = find(&root, "#speed").unchecked_into();
    speed.set_value("60");
    speed
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    click(&root, "#play").await;
    assert_eq!(play.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert!(play.text_content().unwrap().contains("Pause"));
    let log = find(&root, "#event-log");
    while count(&root, "#event-log li") < 3 {
        next_mutation(&log).await;
    }
    click(&root, "#play").await;
    assert_eq!(play.get_attribute("aria-pressed").as_deref(), Some("false"));
    assert!(play.text_content().unwrap().contains("Play"));
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
