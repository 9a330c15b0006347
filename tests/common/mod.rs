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
