//! Small components, each drawing one part of the playground from plain,
//! comparable props. None of them computes a simulation fact.

mod cache_view;
mod controls;
mod event_log;
mod metrics_view;
mod store_view;

pub use cache_view::CacheView;
pub use controls::Controls;
pub use event_log::EventLog;
pub use metrics_view::MetricsView;
pub use store_view::StoreView;
