//! Helpers shared by the browser tests.

#![allow(dead_code)] // each test file uses its own subset

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// Resolves at the next change under `target` (event-driven, no timer).
pub async fn next_mutation(target: &Element) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let callback = Closure::once_into_js(move |_: js_sys::Array, observer: web_sys::MutationObserver| {
            observer.disconnect();
            resolve.call0(&wasm_bindgen::JsValue::NULL).unwrap();
        });
        let observer = web_sys::MutationObserver::new(callback.unchecked_ref()).unwrap();
        let options = web_sys::MutationObserverInit::new();
        options.set_child_list(true);
        options.set_subtree(true);
        options.set_character_data(true);
        options.set_attributes(true);
        observer.observe_with_options(target, &options).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Sets the page's address (query and hash) without navigating.
pub fn set_address(search_and_hash: &str) {
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

/// The hash that opens preset `name` at step 0.
pub fn preset_hash(name: &str) -> String {
    let scenario = dirtybit::presets::preset(name).unwrap();
    dirtybit::url::to_hash(&dirtybit::url::Shared {
        scenario,
        inputs: vec![],
        step: 0,
    })
}

/// Parses `svg` as an SVG document; panics naming the parser's complaint.
pub fn svg_document(svg: &str) -> web_sys::Document {
    let doc = web_sys::DomParser::new()
        .unwrap()
        .parse_from_string(svg, web_sys::SupportedType::ImageSvgXml)
        .unwrap();
    let errors = doc.get_elements_by_tag_name("parsererror");
    assert_eq!(errors.length(), 0, "the SVG does not parse: {svg}");
    doc
}

/// Each cache entry under `root` as "key=state:value", in order.
pub fn cache_picture(root: &Element) -> Vec<String> {
    let entries = root.query_selector_all("#cache [data-key]").unwrap();
    (0..entries.length())
        .map(|i| {
            let e: Element = entries.item(i).unwrap().unchecked_into();
            let value = e
                .query_selector(".value")
                .unwrap()
                .unwrap_or_else(|| panic!("cache entry {i} has no .value"));
            format!(
                "{}={}:{}",
                e.get_attribute("data-key").unwrap(),
                e.get_attribute("data-state").unwrap(),
                value.text_content().unwrap_or_default()
            )
        })
        .collect()
}
