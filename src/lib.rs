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
//! | [`lesson_run`] | a lesson over the run: steps, Back, deeds, ending a step |
//! | [`lesson_files`] | the lesson catalog in the page, and lesson files fetched when opened |
//! | [`presets`] | the scenarios the page ships with |
//! | [`url`] | presets, embedding and shared state in the address |
//! | [`view`] | small components that draw one part each |
//! | [`panic_banner`] | a visible banner instead of a dead page on a bug |
//!
//! [`Sim`]: dirtybit_sim::Sim

#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod app;
pub mod lesson_files;
pub mod lesson_run;
pub mod model;
pub mod panic_banner;
pub mod presets;
pub mod url;
pub mod view;

pub use app::App;

/// Installs the panic banner and mounts [`App`] on the page's body.
pub fn start() {
    panic_banner::install();
    yew::Renderer::<App>::new().render();
}
