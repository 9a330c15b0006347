//! `prefers-reduced-motion` is honoured: the browser tests run Chrome with
//! `--force-prefers-reduced-motion` (webdriver.json), and with the page's
//! stylesheet the entries change state without a transition.

#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn entries_do_not_animate_when_motion_is_reduced() {
    let window = web_sys::window().unwrap();
    let reduced = window
        .match_media("(prefers-reduced-motion: reduce)")
        .unwrap()
        .expect("matchMedia works")
        .matches();
    assert!(reduced, "webdriver.json asks Chrome to prefer reduced motion");
    let document = window.document().unwrap();
    let style = document.create_element("style").unwrap();
    style.set_text_content(Some(include_str!("../static/style.css")));
    document.head().unwrap().append_child(&style).unwrap();
    let entry = document.create_element("li").unwrap();
    entry.set_class_name("entry clean");
    document.body().unwrap().append_child(&entry).unwrap();
    let computed = window.get_computed_style(&entry).unwrap().unwrap();
    let duration = computed.get_property_value("transition-duration").unwrap();
    assert_eq!(duration, "0s");
    entry.unchecked_into::<web_sys::HtmlElement>().remove();
    style.remove();
}
