//! The page's speed in headless Chrome, measured (not asserted) by
//! `cargo xtask bench`: how long one Step takes to re-render with 64 cache
//! entries on screen, how long a 1,000,000-operation run to the end takes
//! with the page painting between slices (and the longest slice), and the
//! big run: 2,000 keys on screen after 200,000 operations (Run to end, its
//! longest frame, one Step, one Step back, and WebAssembly memory).
//! Built only with `--features browser-bench`.

#![cfg(all(target_arch = "wasm32", feature = "browser-bench"))]

mod common;

use common::{next_mutation, set_address};
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
    set_address(&url::to_hash(&shared));
    let window = web_sys::window().unwrap();
    let document = window.document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

/// Mounts the page at step 0 of `s`.
async fn mount_at_start(s: Scenario) -> Element {
    mount(Shared {
        scenario: s,
        inputs: vec![],
        step: 0,
    })
    .await
}

fn scenario(json: &str) -> Scenario {
    serde_json::from_str(json).unwrap()
}

/// The WebAssembly memory's size, in MB.
fn wasm_memory_mb() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let buffer: js_sys::ArrayBuffer = memory.buffer().unchecked_into();
    f64::from(buffer.byte_length()) / 1e6
}

/// Clicks `button` `n` times; the mean time from click to rendered DOM, in ms.
async fn time_clicks(button: &HtmlElement, n: u32) -> f64 {
    let t0 = now_ms();
    for _ in 0..n {
        button.click();
        yew::scheduler::flush().await;
    }
    (now_ms() - t0) / f64::from(n)
}

/// Clicks Run to end and waits for "the run is over"; the total time and the
/// longest gap between two DOM updates (a frame the page could not paint).
async fn run_to_end(root: &Element) -> (f64, f64) {
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
        next_mutation(root).await;
        let t = now_ms();
        longest = longest.max(t - last);
        last = t;
    }
    (now_ms() - t0, longest)
}

#[wasm_bindgen_test]
async fn measure_the_big_run() {
    // 2,000 keys, 200,000 operations: the case an instructor ran into.
    let s = scenario(
        r#"{"policy": {"kind": "write-behind", "write_delay_us": 100000, "batch_size": 50},
        "cache": {"capacity": 2000},
        "workload": {"ops": 200000, "keys": 2000, "read_percent": 50, "arrivals": {"kind": "fixed", "interval_us": 500}}}"#,
    );
    // The model alone, without the page: what a run to the end costs
    // before any rendering.
    let t0 = now_ms();
    let mut p = std::rc::Rc::new(dirtybit::model::Playground::new(s.clone()).unwrap());
    p = yew::Reducible::reduce(p, dirtybit::model::Action::RunToEnd);
    while p.running {
        p = yew::Reducible::reduce(p, dirtybit::model::Action::RunSlice(100_000));
    }
    let model_only = now_ms() - t0;
    let t0 = now_ms();
    let mut sim = dirtybit_sim::Sim::new(s.clone()).unwrap();
    let events = sim.run_to_end();
    let sim_only = now_ms() - t0;
    drop(p);
    let root = mount_at_start(s).await;
    let (total, longest) = run_to_end(&root).await;
    let back: HtmlElement = root
        .query_selector("#step-back")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let step: HtmlElement = root.query_selector("#step").unwrap().unwrap().unchecked_into();
    let step_back = time_clicks(&back, 20).await;
    let one_step = time_clicks(&step, 20).await;
    let cells = root
        .query_selector_all("#cache-grid path, #store-grid path")
        .unwrap()
        .length();
    let elements = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .get_elements_by_tag_name("*")
        .length();
    console_log!(
        "BROWSER_RESULT big_events={events} big_sim_only_ms={sim_only:.0} big_model_only_ms={model_only:.0} big_run_ms={total:.0} big_longest_gap_ms={longest:.0} big_step_ms={one_step:.2} big_step_back_ms={step_back:.2} big_memory_mb={:.0} big_elements={elements} big_paths={cells}",
        wasm_memory_mb()
    );
}

#[wasm_bindgen_test]
async fn measure_a_crash_sweep() {
    // The native benchmark's sweep: 200 crashes over a 10,000-operation
    // write-behind run, forks of one run, in WebAssembly; fastest of three.
    let s = scenario(
        r#"{"policy": {"kind": "write-behind", "write_delay_us": 100000, "batch_size": 10},
            "workload": {"ops": 10000, "read_percent": 50, "keys": 100,
                         "arrivals": {"kind": "fixed", "interval_us": 200}}}"#,
    );
    let fastest = (0..3)
        .map(|_| {
            let t0 = now_ms();
            let outcomes = dirtybit_sim::sweep::crash_sweep(&s, 200, 50_000).unwrap();
            assert_eq!(outcomes.len(), 200);
            now_ms() - t0
        })
        .fold(f64::MAX, f64::min);
    console_log!("BROWSER_RESULT sweep_wasm_ms={fastest:.0}");
}

#[wasm_bindgen_test]
async fn measure_a_step_inside_a_lesson() {
    // Both halves of the page, as the browser tests mount them: the
    // playground and the lesson module, talking through window events.
    dirtybit::lesson_files::remember("eviction-lru", include_str!("../lessons/eviction-lru.json")).unwrap();
    dirtybit::lessons_app::mark_here();
    set_address("?lesson=eviction-lru");
    let window = web_sys::window().unwrap();
    let document = window.document().unwrap();
    let root = document.create_element("div").unwrap();
    let column = document.create_element("aside").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    document.body().unwrap().append_child(&column).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    yew::Renderer::<dirtybit::lessons_app::LessonApp>::with_root(column.clone()).render();
    yew::scheduler::flush().await;
    while column.query_selector("#lesson-say").unwrap().is_none() {
        next_mutation(&document.body().unwrap().into()).await;
    }
    let step: HtmlElement = root.query_selector("#step").unwrap().unwrap().unchecked_into();
    let say = column.query_selector("#lesson-say").unwrap().unwrap();
    // Warm up (the cache fills), then time 100 steps: each redraws the
    // playground and the lesson's narration, whose figures are live.
    for _ in 0..50 {
        step.click();
        yew::scheduler::flush().await;
    }
    let before = say.text_content().unwrap_or_default();
    let per_step = time_clicks(&step, 100).await;
    assert_ne!(
        say.text_content().unwrap_or_default(),
        before,
        "the narration's figures follow the run"
    );
    console_log!("BROWSER_RESULT lesson_step_ms={per_step:.2}");
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
    // The core alone in WebAssembly, no page: the native benchmark's
    // workload, fastest of three rounds.
    let fastest = (0..3)
        .map(|_| {
            let mut sim = dirtybit_sim::Sim::new(s.clone()).unwrap();
            let t0 = now_ms();
            let _ = sim.run_to_end();
            now_ms() - t0
        })
        .fold(f64::MAX, f64::min);
    let wasm_ops = s.workload.ops as f64 / (fastest / 1000.0);
    console_log!("BROWSER_RESULT wasm_sim_ops_per_s={wasm_ops:.0}");
    let root = mount_at_start(s).await;
    let (total, longest) = run_to_end(&root).await;
    console_log!("BROWSER_RESULT run_1m_ms={total:.0} longest_gap_ms={longest:.0}");
}
