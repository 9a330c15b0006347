//! Small components, each drawing one part of the playground from plain,
//! comparable props. None of them computes a simulation fact.

mod cache_view;
mod charts;
mod controls;
mod diagram;
mod editor;
mod event_log;
mod inputs_view;
mod knobs;
mod loss_view;
mod metrics_view;
mod queue_view;
mod store_view;

pub use cache_view::CacheView;
pub use charts::Charts;
pub use controls::Controls;
pub use diagram::Diagram;
pub use editor::{check, Editor};
pub use event_log::EventLog;
pub use inputs_view::InputsView;
pub use knobs::Knobs;
pub use loss_view::LossView;
pub use metrics_view::MetricsView;
pub use queue_view::QueueView;
pub use store_view::StoreView;
