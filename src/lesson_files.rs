//! Where lessons come from: the catalog compiled into the page (titles for
//! the picker at first paint) and the lesson files themselves, fetched from
//! `lessons/ID.json` beside the page when one opens, read and checked once,
//! then kept.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use dirtybit_lessons::lesson::Lesson;
use wasm_bindgen::JsCast;

/// A lesson as the picker lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its id (`?lesson=ID`).
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// One line about it.
    pub line: &'static str,
    /// The reference text it teaches from.
    pub text: &'static str,
    /// The section of that text.
    pub section: &'static str,
    /// About how long it takes.
    pub minutes: u32,
}

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

/// The catalog entry of `id`.
#[must_use]
pub fn entry(id: &str) -> Option<&'static Entry> {
    CATALOG.iter().find(|e| e.id == id)
}

thread_local! {
    static READ: RefCell<HashMap<String, Rc<Lesson>>> = RefCell::new(HashMap::new());
}

/// Reads and checks a lesson file's text, and keeps it for `id`.
pub fn remember(id: &str, text: &str) -> Result<Rc<Lesson>, String> {
    let lesson = Lesson::decode(text, &format!("{id}.json"))
        .map_err(|e| format!("This lesson could not be read: {e}."))?;
    if lesson.id != id {
        return Err(format!(
            "This lesson could not be read: lessons/{id}.json holds the lesson `{}`.",
            lesson.id
        ));
    }
    let lesson = Rc::new(lesson);
    READ.with(|r| r.borrow_mut().insert(id.to_string(), Rc::clone(&lesson)));
    Ok(lesson)
}

/// The lesson `id`, read before.
#[must_use]
pub fn known(id: &str) -> Option<Rc<Lesson>> {
    READ.with(|r| r.borrow().get(id).cloned())
}

/// The lesson `id`: kept, or fetched from `lessons/ID.json`. An error says
/// what went wrong in a sentence for the page.
pub async fn load(id: &str) -> Result<Rc<Lesson>, String> {
    if let Some(lesson) = known(id) {
        return Ok(lesson);
    }
    if entry(id).is_none() {
        let ids: Vec<&str> = CATALOG.iter().map(|e| e.id).collect();
        return Err(format!(
            "There is no lesson called \"{id}\"; the lessons are {}.",
            ids.join(", ")
        ));
    }
    let text = fetch_text(&format!("lessons/{id}.json")).await.map_err(|e| {
        format!("The lesson \"{id}\" could not be loaded ({e}). Is the page served with its lessons/ folder?")
    })?;
    remember(id, &text)
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| "the request failed".to_string())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "no response".to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = response.text().map_err(|_| "no body".to_string())?;
    let text = wasm_bindgen_futures::JsFuture::from(text)
        .await
        .map_err(|_| "the body could not be read".to_string())?;
    text.as_string().ok_or_else(|| "the body is not text".to_string())
}
