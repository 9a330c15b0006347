//! # dirtybit (the web app)
//!
//! A thin Yew viewer over [`dirtybit_sim`]: the one owner of the [`Sim`]
//! is [`model::Playground`], a `Reducible` held by [`App`]; every number on
//! screen comes from the core's views and events. Data flows one way:
//! scenario -> `Sim` -> events and views -> components.
//!
//! | module | owns |
//! | --- | --- |
//! | [`app`] | the page: layout, the play timer, wiring controls to actions |
//! | [`model`] | the playground state and the actions that change it |
//! | [`bridge`] | the messages between the playground and the lesson module |
//! | [`lessons_app`] | the lesson module's root: the panel, the lesson driver, the bridge |
//! | [`lesson_run`] | a lesson over a replica of the run: steps, Back, deeds, ending a step |
//! | [`lesson_files`] | the lesson catalog, and lesson files fetched when a lesson opens |
//! | [`presets`] | the scenarios the page ships with |
//! | [`url`] | presets, embedding and shared state in the address |
//! | [`view`] | small components that draw one part each |
//! | [`panic_banner`] | a visible banner instead of a dead page on a bug |
//!
//! [`Sim`]: dirtybit_sim::Sim

#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod app;
pub mod bridge;
pub mod lesson_files;
pub mod lesson_run;
pub mod lessons_app;
pub mod model;
pub mod panic_banner;
pub mod presets;
pub mod url;
pub mod view;

pub use app::App;

/// Installs the panic banner and mounts [`App`] on the page's `#app`
/// (the body if there is none).
pub fn start() {
    panic_banner::install();
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => yew::Renderer::<App>::with_root(root).render(),
        None => yew::Renderer::<App>::new().render(),
    };
}
