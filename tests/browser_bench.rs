//! The page's speed in headless Chrome, measured (not asserted) by
//! `cargo xtask bench`: how long one Step takes to re-render with 64 cache
//! entries on screen, and how long a 1,000,000-operation run to the end
//! takes with the page painting between slices (and the longest slice).
//! Built only with `--features browser-bench`.

#![cfg(all(target_arch = "wasm32", feature = "browser-bench"))]

mod common;

use common::next_mutation;
use dirtybit::url::{self, Shared};
use dirtybit::App;
use dirtybit_sim::Scenario;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

async fn mount(shared: Shared) -> Element {
    let window = web_sys::window().unwrap();
    let path = window.location().pathname().unwrap();
    let hash = url::to_hash(&shared);
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}{hash}")))
        .unwrap();
    let document = window.document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

fn scenario(json: &str) -> Scenario {
    serde_json::from_str(json).unwrap()
}

#[wasm_bindgen_test]
async fn measure_step_and_run_to_end() {
    // 64 keys read until all are cached, then time 200 steps.
    let s = scenario(
        r#"{"workload": {"ops": 100000, "keys": 64, "read_percent": 90, "arrivals": {"kind": "fixed", "interval_us": 300}}}"#,
    );
    let root = mount(Shared {
        scenario: s,
        inputs: vec![],
        step: 3_000,
    })
    .await;
    let entries = root.query_selector_all("#cache [data-key]").unwrap().length();
    let step: HtmlElement = root.query_selector("#step").unwrap().unwrap().unchecked_into();
    let t0 = now_ms();
    for _ in 0..200 {
        step.click();
        yew::scheduler::flush().await;
    }
    let per_step = (now_ms() - t0) / 200.0;
    console_log!("BROWSER_RESULT step_rerender_ms={per_step:.2} entries={entries}");

    // 1,000,000 operations of write-behind, run to the end in slices.
    let s = scenario(
        r#"{"policy": {"kind": "write-behind", "write_delay_us": 10000, "batch_size": 50},
        "sample_us": 1000000, "cache": {"capacity": 1000},
        "workload": {"ops": 1000000, "keys": 1000, "read_percent": 50, "arrivals": {"kind": "fixed", "interval_us": 100}}}"#,
    );
    let root = mount(Shared {
        scenario: s,
        inputs: vec![],
        step: 0,
    })
    .await;
    let clock = root.query_selector("#clock").unwrap().unwrap();
    let run: HtmlElement = root
        .query_selector("#run-to-end")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let t0 = now_ms();
    run.click();
    let mut last = now_ms();
    let mut longest = 0.0_f64;
    while !clock
        .text_content()
        .unwrap_or_default()
        .contains("the run is over")
    {
        next_mutation(&root).await;
        let t = now_ms();
        longest = longest.max(t - last);
        last = t;
    }
    let total = now_ms() - t0;
    console_log!("BROWSER_RESULT run_1m_ms={total:.0} longest_gap_ms={longest:.0}");
}
