//! Small components, each drawing one part of the playground from plain,
//! comparable props. None of them computes a simulation fact.

mod cache_view;
mod calc_panel;
mod charts;
mod compare_panel;
mod controls;
mod dense_grid;
mod diagram;
mod editor;
mod entry_tile;
mod event_log;
mod inputs_view;
mod intro;
mod knob_panel;
mod knobs;
mod lesson_panel;
mod lesson_picker;
mod loss_view;
mod metrics_view;
mod queue_view;
mod share;
mod store_view;
mod sweep_panel;

pub use cache_view::CacheView;
pub use calc_panel::{CalcPanel, CalcView};
pub use charts::Charts;
pub use compare_panel::{CompareAsk, ComparePanel};
pub use controls::Controls;
pub use dense_grid::{Cell, DenseGrid, DENSE_FROM};
pub use diagram::Diagram;
pub use editor::{check, pretty, Editor};
pub use event_log::EventLog;
pub use inputs_view::InputsView;
pub use intro::Intro;
pub use knob_panel::{KnobAsk, KnobPanel, KNOBS};
pub use knobs::Knobs;
pub use lesson_panel::{LessonPanel, LessonShown};
pub use lesson_picker::LessonPicker;
pub use loss_view::{LossView, SHOWN as LOSS_LIST_SHOWN};
pub use metrics_view::MetricsView;
pub use queue_view::QueueView;
pub use share::{Share, HIDABLE};
pub use store_view::StoreView;
pub use sweep_panel::SweepPanel;

pub use dirtybit_sim::decimal::fixed;
