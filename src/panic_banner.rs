//! A bug in the page must show itself, not leave a dead page: a panic hook
//! that logs to the console and puts a visible banner at the top.

use std::panic::PanicHookInfo;

/// The id of the banner element, for tests and styles.
pub const BANNER_ID: &str = "panic-banner";

/// Installs the hook; calling it twice is harmless.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = describe(info);
        web_sys::console::error_1(&message.clone().into());
        show(&message);
    }));
}

fn describe(info: &PanicHookInfo<'_>) -> String {
    let what = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    match info.location() {
        Some(at) => format!("{what} (at {}:{})", at.file(), at.line()),
        None => what,
    }
}

/// Puts `message` in the banner, creating it if needed.
pub fn show(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let banner = match document.get_element_by_id(BANNER_ID) {
        Some(b) => b,
        None => {
            let Ok(b) = document.create_element("div") else {
                return;
            };
            b.set_id(BANNER_ID);
            let _ = b.set_attribute("role", "alert");
            if let Some(body) = document.body() {
                let _ = body.prepend_with_node_1(&b);
            }
            b
        }
    };
    banner.set_text_content(Some(&format!(
        "dirtybit hit a bug and stopped: {message}. Reload the page to start again."
    )));
}
