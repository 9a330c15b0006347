//! Small views, each drawing one part of the playground from plain props.
//! None of them computes a simulation fact. A part that keeps no state of
//! its own is a plain function (`cache_view(&CacheViewProps { .. })`): a
//! component of its own costs the page about 1 KB gzipped, which the
//! first-paint budget cannot spare; parts with state (hooks) are components.

mod below_view;
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
mod spent_view;
mod standby_view;
mod store_view;
mod sweep_panel;

pub use below_view::below_panel;
pub use cache_view::{cache_view, CacheViewProps};
pub use calc_panel::{CalcPanel, CalcView};
pub use charts::{charts, ChartsProps};
pub use compare_panel::{CompareAsk, ComparePanel};
pub use controls::{controls, ControlsProps};
pub use dense_grid::{Cell, DenseGrid, DENSE_FROM};
pub use diagram::{diagram, DiagramProps};
pub use editor::{check, pretty, Editor};
pub use event_log::{event_log, EventLogProps};
pub use inputs_view::InputsView;
pub use intro::{intro, IntroProps};
pub use knob_panel::{KnobAsk, KnobPanel, KNOBS};
pub use knobs::Knobs;
pub use lesson_panel::{LessonPanel, LessonShown};
pub use lesson_picker::LessonPicker;
pub use loss_view::{loss_view, LossViewProps, SHOWN as LOSS_LIST_SHOWN};
pub use metrics_view::{metrics_view, MetricsViewProps};
pub use queue_view::{queue_view, QueueViewProps};
pub use share::{Share, HIDABLE};
pub use spent_view::{spent_view, SpentViewProps};
pub use standby_view::standby_panel;
pub use store_view::{store_view, StoreViewProps};
pub use sweep_panel::SweepPanel;

pub use dirtybit_sim::decimal::fixed;
